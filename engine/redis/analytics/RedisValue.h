#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

struct redisReply;

// A Redis reply as a plain value tree, so the parsers above it are pure
// functions that tests feed from recorded replies. Built from a hiredis
// redisReply, or from raw RESP bytes through hiredis's own reader (no RESP code
// of ours).
namespace opsdeck::redis::analytics {

struct RedisValue
{
    enum class Type { Nil, String, Status, Error, Integer, Array };
    Type type = Type::Nil;
    QByteArray text; // String, Status, Error
    qint64 integer = 0;
    QList<RedisValue> elements;

    bool isError() const { return type == Type::Error; }
    bool isArray() const { return type == Type::Array; }
    bool isString() const { return type == Type::String || type == Type::Status; }

    static RedisValue fromReply(const redisReply* reply);
};

// The first complete reply in `resp`; nullopt with *error set on a protocol
// error or an incomplete reply.
std::optional<RedisValue> parseResp(const QByteArray& resp, QString* error);

} // namespace opsdeck::redis::analytics
