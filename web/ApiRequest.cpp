#include "ApiRequest.h"

#include "metrics/Duration.h"

#include <QDateTime>
#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace opsdeck::web {

namespace {

QString decodeComponent(QByteArrayView encoded)
{
    QByteArray bytes = encoded.toByteArray();
    bytes.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(bytes));
}

void appendPairs(QByteArrayView text, QList<QPair<QString, QString>>& out, qsizetype& largest)
{
    qsizetype start = 0;
    while (start <= text.size()) {
        qsizetype end = text.indexOf('&', start);
        if (end < 0)
            end = text.size();
        const QByteArrayView pair = text.sliced(start, end - start);
        start = end + 1;
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        const QByteArrayView name = eq < 0 ? pair : pair.first(eq);
        const QByteArrayView value = eq < 0 ? QByteArrayView() : pair.sliced(eq + 1);
        largest = std::max(largest, value.size());
        out.append({ decodeComponent(name), decodeComponent(value) });
    }
}

// Prometheus's bounds for an absent start/end (web/api/v1 minTime/maxTime),
// kept well inside qint64 milliseconds.
constexpr qint64 kMinTimeMs = -9'223'309'901'257'974LL;
constexpr qint64 kMaxTimeMs = 9'223'309'901'257'974LL;

} // namespace

ApiRequest ApiRequest::parse(QByteArrayView urlQuery, QByteArrayView formBody)
{
    ApiRequest r;
    // Go's ParseForm puts the body's values before the URL's.
    appendPairs(formBody, r.m_params, r.m_largest);
    appendPairs(urlQuery, r.m_params, r.m_largest);
    return r;
}

bool ApiRequest::has(const QString& name) const
{
    for (const auto& p : m_params)
        if (p.first == name)
            return true;
    return false;
}

QString ApiRequest::value(const QString& name) const
{
    for (const auto& p : m_params)
        if (p.first == name)
            return p.second;
    return {};
}

QStringList ApiRequest::values(const QString& name) const
{
    QStringList out;
    for (const auto& p : m_params)
        if (p.first == name)
            out.append(p.second);
    return out;
}

std::optional<qint64> ApiRequest::parseTimeMs(QStringView text)
{
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (ok && std::isfinite(seconds)) {
        const double ms = std::round(seconds * 1000.0);
        if (ms <= double(kMinTimeMs))
            return kMinTimeMs;
        if (ms >= double(kMaxTimeMs))
            return kMaxTimeMs;
        return qint64(ms);
    }
    // The Go client sends its min/max time as RFC 3339 with a huge year.
    if (text == u"-292273086-05-16T16:47:06Z")
        return kMinTimeMs;
    if (text == u"292277025-08-18T07:12:54.999999999Z")
        return kMaxTimeMs;
    static const QRegularExpression zone(
        QStringLiteral("(Z|[+-]\\d\\d:\\d\\d)$"), QRegularExpression::CaseInsensitiveOption);
    const QString s = text.toString();
    if (!zone.match(s).hasMatch())
        return std::nullopt;
    QDateTime dt = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!dt.isValid()) {
        // RFC 3339 allows nanoseconds; Qt reads at most milliseconds.
        static const QRegularExpression fraction(QStringLiteral("\\.(\\d{3})\\d+"));
        QString trimmed = s;
        trimmed.replace(fraction, QStringLiteral(".\\1"));
        dt = QDateTime::fromString(trimmed, Qt::ISODateWithMs);
    }
    if (!dt.isValid())
        return std::nullopt;
    return dt.toMSecsSinceEpoch();
}

std::optional<qint64> ApiRequest::parseDurationMs(QStringView text)
{
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (ok) {
        if (!std::isfinite(seconds) || std::fabs(seconds) * 1000.0 > double(std::numeric_limits<qint64>::max()))
            return std::nullopt;
        return qint64(std::round(seconds * 1000.0));
    }
    return metrics::parseDuration(text.toString());
}

} // namespace opsdeck::web
