#include "RedisUrl.h"

#include <QFile>
#include <QUrl>

namespace opsdeck::redis {

namespace {

bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

std::optional<RedisEndpoint> parseRedisUrl(const QString& url, QString* error)
{
    const QString text = url.trimmed();
    RedisEndpoint endpoint;
    QString rest;
    if (text.startsWith(QLatin1String("redis://"), Qt::CaseInsensitive)) {
        rest = text.mid(8);
    } else if (text.startsWith(QLatin1String("rediss://"), Qt::CaseInsensitive)) {
        rest = text.mid(9);
        endpoint.tls = true;
    } else {
        fail(error,
            QStringLiteral("not a Redis URL (expected redis://[user:password@]host:port[/db]): \"%1\"").arg(text));
        return std::nullopt;
    }

    // Credentials end at the last '@' (a password may contain '@' only percent-encoded, but be lenient).
    const qsizetype at = rest.lastIndexOf(QLatin1Char('@'));
    QString hostPart = rest;
    if (at >= 0) {
        const QString credentials = rest.left(at);
        hostPart = rest.mid(at + 1);
        const qsizetype colon = credentials.indexOf(QLatin1Char(':'));
        const QString user = colon >= 0 ? credentials.left(colon) : QString();
        const QString password = colon >= 0 ? credentials.mid(colon + 1) : credentials;
        endpoint.user = QUrl::fromPercentEncoding(user.toUtf8());
        endpoint.password = QUrl::fromPercentEncoding(password.toUtf8());
    }

    QString dbPart;
    const qsizetype slash = hostPart.indexOf(QLatin1Char('/'));
    if (slash >= 0) {
        dbPart = hostPart.mid(slash + 1);
        hostPart = hostPart.left(slash);
    }

    QString portPart;
    if (hostPart.startsWith(QLatin1Char('['))) {
        const qsizetype close = hostPart.indexOf(QLatin1Char(']'));
        if (close < 0) {
            fail(error, QStringLiteral("unterminated IPv6 address in \"%1\" (expected [addr]:port)").arg(text));
            return std::nullopt;
        }
        endpoint.host = hostPart.mid(1, close - 1);
        const QString after = hostPart.mid(close + 1);
        if (!after.isEmpty()) {
            if (!after.startsWith(QLatin1Char(':'))) {
                fail(error, QStringLiteral("unexpected \"%1\" after the IPv6 address in \"%2\"").arg(after, text));
                return std::nullopt;
            }
            portPart = after.mid(1);
        }
    } else {
        const qsizetype colon = hostPart.lastIndexOf(QLatin1Char(':'));
        if (colon >= 0) {
            if (hostPart.indexOf(QLatin1Char(':')) != colon) {
                fail(error, QStringLiteral("an IPv6 host must be in brackets: \"%1\"").arg(text));
                return std::nullopt;
            }
            portPart = hostPart.mid(colon + 1);
            hostPart = hostPart.left(colon);
        }
        endpoint.host = QUrl::fromPercentEncoding(hostPart.toUtf8());
    }
    if (endpoint.host.isEmpty()) {
        fail(error, QStringLiteral("no host in \"%1\"").arg(text));
        return std::nullopt;
    }
    if (!portPart.isEmpty()) {
        bool ok = false;
        const int port = portPart.toInt(&ok);
        if (!ok || port < 1 || port > 65535) {
            fail(error, QStringLiteral("bad port \"%1\" in \"%2\" (1 to 65535)").arg(portPart, text));
            return std::nullopt;
        }
        endpoint.port = port;
    }
    if (!dbPart.isEmpty()) {
        bool ok = false;
        const int db = dbPart.toInt(&ok);
        if (!ok || db < 0) {
            fail(error, QStringLiteral("bad database number \"%1\" in \"%2\" (0 or more)").arg(dbPart, text));
            return std::nullopt;
        }
        endpoint.db = db;
    }
    return endpoint;
}

std::optional<QString> readRedisPasswordFile(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        fail(error, QStringLiteral("cannot read the Redis password file %1: %2").arg(path, file.errorString()));
        return std::nullopt;
    }
    const QString password = QString::fromUtf8(file.readAll()).trimmed();
    if (password.isEmpty()) {
        fail(error, QStringLiteral("the Redis password file %1 is empty").arg(path));
        return std::nullopt;
    }
    return password;
}

QString hostPort(const RedisEndpoint& endpoint)
{
    const QString host = endpoint.host.contains(QLatin1Char(':'))
        ? QLatin1Char('[') + endpoint.host + QLatin1Char(']')
        : endpoint.host;
    return host + QLatin1Char(':') + QString::number(endpoint.port);
}

QString describe(const RedisEndpoint& endpoint)
{
    QString text = endpoint.tls ? QStringLiteral("rediss://") : QStringLiteral("redis://");
    if (!endpoint.user.isEmpty())
        text += endpoint.user + QLatin1Char('@');
    text += hostPort(endpoint);
    if (endpoint.db != 0)
        text += QLatin1Char('/') + QString::number(endpoint.db);
    return text;
}

} // namespace opsdeck::redis
