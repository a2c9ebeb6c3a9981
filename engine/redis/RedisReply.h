#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QtGlobal>

// A Redis reply copied out of hiredis's redisReply into an owned value, so it
// can cross threads and outlive hiredis's buffers; plus Failure, which is not
// a Redis reply at all: no reply came (not connected, timeout, connection
// lost), with the reason in text.
namespace opsdeck::redis {

struct RedisReply
{
    enum class Type { Nil, Status, Error, Integer, String, Array, Failure };
    Type type = Type::Nil;
    QByteArray str; // Status, Error, String; the reason for Failure
    qint64 integer = 0;
    QList<RedisReply> elements;
    bool timedOut = false; // Failure because no answer came in time

    bool isNil() const { return type == Type::Nil; }
    bool isString() const { return type == Type::String; }
    bool isError() const { return type == Type::Error; }
    bool isFailure() const { return type == Type::Failure; }
    // An error reply or no reply: what a circuit breaker counts.
    bool failed() const { return type == Type::Error || type == Type::Failure; }
    bool isStatus(const char* status) const { return type == Type::Status && str == status; }
    QString errorText() const { return QString::fromUtf8(str); }

    static RedisReply failure(const QString& reason, bool timeout = false)
    {
        RedisReply reply;
        reply.type = Type::Failure;
        reply.str = reason.toUtf8();
        reply.timedOut = timeout;
        return reply;
    }
};

} // namespace opsdeck::redis
