#include "redis/analytics/RedisValue.h"

#include <hiredis/hiredis.h>

#include <memory>

namespace opsdeck::redis::analytics {

RedisValue RedisValue::fromReply(const redisReply* reply)
{
    RedisValue value;
    if (!reply)
        return value;
    switch (reply->type) {
    case REDIS_REPLY_STRING:
        value.type = Type::String;
        value.text = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_STATUS:
        value.type = Type::Status;
        value.text = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_ERROR:
        value.type = Type::Error;
        value.text = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_INTEGER:
        value.type = Type::Integer;
        value.integer = reply->integer;
        break;
    case REDIS_REPLY_ARRAY:
        value.type = Type::Array;
        value.elements.reserve(qsizetype(reply->elements));
        for (size_t i = 0; i < reply->elements; ++i)
            value.elements.append(fromReply(reply->element[i]));
        break;
    default:
        break;
    }
    return value;
}

std::optional<RedisValue> parseResp(const QByteArray& resp, QString* error)
{
    std::unique_ptr<redisReader, void (*)(redisReader*)> reader(redisReaderCreate(), redisReaderFree);
    if (!reader) {
        *error = QStringLiteral("out of memory");
        return std::nullopt;
    }
    void* raw = nullptr;
    if (redisReaderFeed(reader.get(), resp.constData(), size_t(resp.size())) != REDIS_OK
        || redisReaderGetReply(reader.get(), &raw) != REDIS_OK) {
        *error = QStringLiteral("RESP protocol error: %1").arg(QString::fromLatin1(reader->errstr));
        return std::nullopt;
    }
    if (!raw) {
        *error = QStringLiteral("incomplete RESP reply");
        return std::nullopt;
    }
    std::unique_ptr<redisReply, void (*)(void*)> reply(static_cast<redisReply*>(raw), freeReplyObject);
    return RedisValue::fromReply(reply.get());
}

} // namespace opsdeck::redis::analytics
