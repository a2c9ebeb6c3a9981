#include "redis/analytics/RedisConnection.h"

#include <hiredis/hiredis.h>

#include <QLoggingCategory>

#include <vector>

Q_LOGGING_CATEGORY(lcRedisAnalytics, "opsdeck.redis.analytics", QtInfoMsg)

namespace opsdeck::redis::analytics {

namespace {

timeval toTimeval(int ms)
{
    timeval tv {};
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    return tv;
}

QByteArray replyText(const RedisValue& v)
{
    return v.text.isEmpty() ? QByteArray("(no message)") : v.text;
}

} // namespace

RedisConnection::RedisConnection(redisContext* context, RedisEndpoint endpoint)
    : m_context(context)
    , m_endpoint(std::move(endpoint))
{ }

RedisConnection::~RedisConnection()
{
    if (m_context)
        redisFree(m_context);
}

std::unique_ptr<RedisConnection> RedisConnection::open(
    const RedisEndpoint& endpoint, QString* error, RedisTimeouts timeouts)
{
    const QString where = hostPort(endpoint);
    if (endpoint.tls) {
        *error = QStringLiteral("cannot connect to %1: %2").arg(where, QLatin1String(kRedisTlsUnavailable));
        return nullptr;
    }
    const QByteArray host = endpoint.host.toUtf8();
    redisContext* c = redisConnectWithTimeout(host.constData(), endpoint.port, toTimeval(timeouts.connectMs));
    if (!c) {
        *error = QStringLiteral("cannot connect to %1: out of memory").arg(where);
        return nullptr;
    }
    if (c->err) {
        *error = QStringLiteral("cannot connect to %1: %2").arg(where, QString::fromLocal8Bit(c->errstr));
        redisFree(c);
        return nullptr;
    }
    std::unique_ptr<RedisConnection> conn(new RedisConnection(c, endpoint));
    if (redisSetTimeout(c, toTimeval(timeouts.commandMs)) != REDIS_OK) {
        *error = QStringLiteral("cannot set the timeout on the connection to %1: %2")
                     .arg(where, conn->contextError());
        return nullptr;
    }
    QString ioError;
    if (!endpoint.password.isEmpty()) {
        QList<QByteArray> auth { QByteArrayLiteral("AUTH") };
        if (!endpoint.user.isEmpty())
            auth.append(endpoint.user.toUtf8());
        auth.append(endpoint.password.toUtf8());
        const auto reply = conn->command(auth, &ioError);
        if (!reply) {
            *error = QStringLiteral("%1: AUTH failed: %2").arg(where, ioError);
            return nullptr;
        }
        if (reply->isError()) {
            *error = QStringLiteral("%1: AUTH failed: %2").arg(where, QString::fromUtf8(replyText(*reply)));
            return nullptr;
        }
    }
    if (endpoint.db != 0) {
        const auto reply
            = conn->command({ QByteArrayLiteral("SELECT"), QByteArray::number(endpoint.db) }, &ioError);
        if (!reply || reply->isError()) {
            *error = QStringLiteral("%1: SELECT %2 failed: %3")
                         .arg(where)
                         .arg(endpoint.db)
                         .arg(reply ? QString::fromUtf8(replyText(*reply)) : ioError);
            return nullptr;
        }
    }
    const auto pong = conn->command({ QByteArrayLiteral("PING") }, &ioError);
    if (!pong) {
        *error = QStringLiteral("%1 does not answer PING: %2").arg(where, ioError);
        return nullptr;
    }
    if (pong->isError()) {
        const QString text = QString::fromUtf8(replyText(*pong));
        *error = text.startsWith(QLatin1String("NOAUTH"))
            ? QStringLiteral("%1: AUTH failed: the server requires a password (%2); give it with --password-file "
                             "or in the URL")
                  .arg(where, text)
            : QStringLiteral("%1 refuses PING: %2").arg(where, text);
        return nullptr;
    }
    qCDebug(lcRedisAnalytics) << "connected to" << describe(endpoint);
    return conn;
}

QString RedisConnection::contextError() const
{
    if (!m_context)
        return QStringLiteral("not connected");
    QString text = QString::fromLocal8Bit(m_context->errstr);
    if (m_context->err == REDIS_ERR_IO
        && (text.contains(QLatin1String("temporarily unavailable")) || text.contains(QLatin1String("timed out"))))
        text = QStringLiteral("no answer within the timeout (%1)").arg(text);
    if (text.isEmpty())
        text = QStringLiteral("connection error %1").arg(m_context->err);
    return text;
}

bool RedisConnection::isBroken() const
{
    return !m_context || m_context->err != 0;
}

int RedisConnection::socket() const
{
    return m_context ? m_context->fd : -1;
}

bool RedisConnection::append(const QList<QByteArray>& args, QString* error)
{
    if (isBroken()) {
        *error = contextError();
        return false;
    }
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    argv.reserve(size_t(args.size()));
    lens.reserve(size_t(args.size()));
    for (const QByteArray& a : args) {
        argv.push_back(a.constData());
        lens.push_back(size_t(a.size()));
    }
    if (redisAppendCommandArgv(m_context, int(argv.size()), argv.data(), lens.data()) != REDIS_OK) {
        *error = contextError();
        return false;
    }
    return true;
}

std::optional<RedisValue> RedisConnection::readReply(QString* error)
{
    if (isBroken()) {
        *error = contextError();
        return std::nullopt;
    }
    void* raw = nullptr;
    if (redisGetReply(m_context, &raw) != REDIS_OK || !raw) {
        *error = contextError();
        return std::nullopt;
    }
    RedisValue value = RedisValue::fromReply(static_cast<redisReply*>(raw));
    freeReplyObject(raw);
    return value;
}

std::optional<RedisValue> RedisConnection::bufferedReply(QString* error)
{
    if (isBroken()) {
        *error = contextError();
        return std::nullopt;
    }
    void* raw = nullptr;
    if (redisGetReplyFromReader(m_context, &raw) != REDIS_OK) {
        *error = contextError();
        return std::nullopt;
    }
    if (!raw)
        return std::nullopt;
    RedisValue value = RedisValue::fromReply(static_cast<redisReply*>(raw));
    freeReplyObject(raw);
    return value;
}

bool RedisConnection::readSocket(QString* error)
{
    if (isBroken() || redisBufferRead(m_context) != REDIS_OK) {
        *error = contextError();
        return false;
    }
    return true;
}

std::optional<RedisValue> RedisConnection::command(const QList<QByteArray>& args, QString* error)
{
    if (!append(args, error))
        return std::nullopt;
    return readReply(error);
}

} // namespace opsdeck::redis::analytics
