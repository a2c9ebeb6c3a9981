#include "ScrapeResult.h"

namespace opsdeck::scrape {

QString describeParseError(const metrics::ParseError& error)
{
    return QStringLiteral("parse error at line %1, column %2: %3")
        .arg(error.line)
        .arg(error.column)
        .arg(error.message);
}

namespace {
QByteArray standardReason(int status)
{
    switch (status) {
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 406:
        return "Not Acceptable";
    case 408:
        return "Request Timeout";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return {};
    }
}
} // namespace

QString describeHttpStatus(int status, const QByteArray& reasonPhrase)
{
    const QByteArray reason = reasonPhrase.trimmed().isEmpty() ? standardReason(status) : reasonPhrase.trimmed();
    QString text = QStringLiteral("HTTP %1").arg(status);
    if (!reason.isEmpty())
        text += QLatin1Char(' ') + QString::fromUtf8(reason);
    if (status == 401 || status == 403)
        text += QStringLiteral(" — check the token");
    else if (status == 404)
        text += QStringLiteral(" — check the URL path (usually /metrics)");
    return text;
}

} // namespace opsdeck::scrape
