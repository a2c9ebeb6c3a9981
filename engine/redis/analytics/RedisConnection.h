#pragma once

#include "redis/analytics/RedisValue.h"
#include "redis/RedisUrl.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

struct redisContext;

// A blocking hiredis connection (redisConnectWithTimeout + redisSetTimeout)
// for the one-shot analysis: INFO, SLOWLOG, SCAN, MEMORY USAGE, MONITOR. Every
// call is bounded by the command timeout. It blocks, so it is used only on a
// worker thread (the CLI's main thread, or a QtConcurrent job for the Cache
// page), never on the GUI thread. The engine's L2 cache uses the asynchronous
// client in the Qt event loop instead.
//
// open() connects, AUTHs (with user and password, or password only), SELECTs
// the endpoint's db and checks the server answers PING, so a refused password
// or a server that requires one is reported by open() with Redis's own words.
// TLS endpoints are refused (Debian 12's hiredis 0.14 has no TLS).
namespace opsdeck::redis::analytics {

struct RedisTimeouts
{
    int connectMs = 3000;
    int commandMs = 5000;
};

class RedisConnection final
{
public:
    static std::unique_ptr<RedisConnection> open(
        const RedisEndpoint& endpoint, QString* error, RedisTimeouts timeouts = RedisTimeouts {});
    ~RedisConnection();
    RedisConnection(const RedisConnection&) = delete;
    RedisConnection& operator=(const RedisConnection&) = delete;

    // One command; nullopt with *error on an I/O error or timeout (the
    // connection is then broken). An error reply is a value (isError()).
    std::optional<RedisValue> command(const QList<QByteArray>& args, QString* error);
    // Pipelining: queue commands, then read their replies in order.
    bool append(const QList<QByteArray>& args, QString* error);
    std::optional<RedisValue> readReply(QString* error);
    // A reply already received and buffered, without reading the socket
    // (nullopt when none is complete; *error set on a protocol error).
    std::optional<RedisValue> bufferedReply(QString* error);
    // Reads what the socket has (after poll said it is readable); false on EOF or error.
    bool readSocket(QString* error);

    bool isBroken() const;
    int socket() const;
    const RedisEndpoint& endpoint() const { return m_endpoint; }

private:
    RedisConnection(redisContext* context, RedisEndpoint endpoint);
    QString contextError() const;

    redisContext* m_context = nullptr;
    RedisEndpoint m_endpoint;
};

} // namespace opsdeck::redis::analytics
