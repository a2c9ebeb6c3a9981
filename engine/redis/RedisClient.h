#pragma once

#include "redis/RedisReply.h"
#include "redis/RedisUrl.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <mutex>

// One connection to a Redis server, asynchronous hiredis 0.14 inside a Qt
// event loop (RedisQtAdapter) on a thread of its own. hiredis 0.14 has no
// timeouts, so the connect and every command have one here (QTimer); a
// command that gets no answer in time marks the connection hung: it is
// dropped and reconnected. On connect it sends AUTH (with the user when
// given), SELECT db and CLIENT SETNAME, learns its CLIENT ID, then (subscriber
// mode) SUBSCRIBEs; a lost or refused connection is retried with exponential
// backoff, and state() says since when and why ("unreachable since 10:42:07:
// Connection refused, retrying in 4 s").
//
// Thread-safe: send() is fire-and-forget from any thread; call() blocks a
// worker thread for at most timeoutMs and must never run on the client's own
// thread (it would wait for itself). Callbacks run on the client thread and
// must not block. A TLS endpoint is refused (kRedisTlsUnavailable).
namespace opsdeck::redis {

class RedisConnection;

class RedisClient final
{
public:
    using ReplyCallback = std::function<void(const RedisReply&)>;

    struct Options
    {
        RedisEndpoint endpoint;
        QString name = QStringLiteral("opsdeck"); // CLIENT SETNAME and the thread's name
        int connectTimeoutMs = 1000; // TCP connect plus the AUTH/SELECT/CLIENT ID handshake
        int commandTimeoutMs = 1000; // no answer within this: the connection is dropped
        int retryInitialMs = 200;
        int retryMaxMs = 10'000;
        QList<QByteArray> subscribeChannels; // non-empty: subscriber mode
        // On the client thread. connected: after the handshake (and the subscriptions).
        std::function<void(qint64 clientId)> onConnected;
        std::function<void(const QString& reason)> onDisconnected;
        std::function<void(const QByteArray& channel, const RedisReply& payload)> onMessage;
    };

    struct State
    {
        enum class Kind { Off, Connecting, Connected, Unreachable };
        Kind kind = Kind::Off;
        QDateTime since; // when it entered this state (Unreachable: first failure of the outage)
        QString reason; // Unreachable: the last failure
        int retryInMs = 0;
        qint64 clientId = 0; // Connected: CLIENT ID
        QString text() const; // "connected", "unreachable since 10:42:07: <reason>, retrying in 4 s"
    };

    explicit RedisClient(Options options);
    ~RedisClient(); // stop()
    RedisClient(const RedisClient&) = delete;
    RedisClient& operator=(const RedisClient&) = delete;

    void start(); // connects in the background
    void stop(); // closes the connection and ends the thread; pending callbacks get a Failure

    // Queues a command; done (optional) runs on the client thread with the reply or a Failure.
    void send(QList<QByteArray> args, ReplyCallback done = {});
    // Blocks for at most timeoutMs; a Failure (timedOut) when no reply came in time. Never on the client thread.
    RedisReply call(QList<QByteArray> args, int timeoutMs);

    State state() const;
    bool isConnected() const;
    const RedisEndpoint& endpoint() const { return m_options.endpoint; }
    bool onClientThread() const;

private:
    friend class RedisConnection;
    void publishState(const State& state);

    Options m_options;
    struct Service;
    std::unique_ptr<Service> m_service;
    mutable std::mutex m_stateMutex;
    State m_state;
};

} // namespace opsdeck::redis
