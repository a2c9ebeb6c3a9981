#include "AlertsApi.h"

#include "query/QueryResultJson.h"

#include <QDateTime>

#include <charconv>
#include <cmath>

namespace opsdeck::web {

namespace {

using query::QueryResultJson;

// Go's time.Time JSON (RFC 3339 with nanoseconds, trailing zeros dropped), in UTC.
QByteArray rfc3339(qint64 ms)
{
    QString text = QDateTime::fromMSecsSinceEpoch(ms - ms % 1000, Qt::UTC).toString(Qt::ISODate);
    if (ms % 1000 != 0) {
        QString fraction = QStringLiteral("%1").arg(ms % 1000, 3, 10, QLatin1Char('0'));
        while (fraction.endsWith(u'0'))
            fraction.chop(1);
        text.insert(text.size() - 1, u'.' + fraction);
    }
    return QueryResultJson::quoted(text.toUtf8());
}

void appendMap(QByteArray& out, const QMap<QString, QString>& map)
{
    out += '{';
    bool first = true;
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        if (!first)
            out += ',';
        first = false;
        out += QueryResultJson::quoted(it.key().toUtf8()) + ':' + QueryResultJson::quoted(it.value().toUtf8());
    }
    out += '}';
}

bool isActive(const alerts::Alert& a)
{
    return a.state == alerts::AlertState::Pending || a.state == alerts::AlertState::Firing;
}

void appendAlert(QByteArray& out, const alerts::Alert& a)
{
    out += "{\"labels\":" + QueryResultJson::labelsJson(a.labels);
    out += ",\"annotations\":";
    appendMap(out, a.annotations);
    out += ",\"state\":";
    out += a.state == alerts::AlertState::Firing ? "\"firing\"" : "\"pending\"";
    out += ",\"activeAt\":" + rfc3339(a.activeSinceMs);
    out += ",\"value\":" + QueryResultJson::quoted(AlertsApi::formatAlertValue(a.value));
    out += '}';
}

} // namespace

QByteArray AlertsApi::formatAlertValue(double v)
{
    if (std::isnan(v))
        return QByteArrayLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QByteArrayLiteral("+Inf") : QByteArrayLiteral("-Inf");
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    return QByteArray(buf, r.ptr - buf);
}

QByteArray AlertsApi::alertsJson(const QList<alerts::Alert>& alerts)
{
    QByteArray out = QByteArrayLiteral("{\"status\":\"success\",\"data\":{\"alerts\":[");
    bool first = true;
    for (const alerts::Alert& a : alerts) {
        if (!isActive(a))
            continue;
        if (!first)
            out += ',';
        first = false;
        appendAlert(out, a);
    }
    out += "]}}";
    return out;
}

QByteArray AlertsApi::rulesJson(const QList<alerts::RuleGroup>& groups, const QList<alerts::Alert>& alerts)
{
    QByteArray out = QByteArrayLiteral("{\"status\":\"success\",\"data\":{\"groups\":[");
    for (qsizetype g = 0; g < groups.size(); ++g) {
        const alerts::RuleGroup& group = groups.at(g);
        if (g > 0)
            out += ',';
        const QString file = group.rules.isEmpty() ? QString() : group.rules.first().sourceFile;
        out += "{\"name\":" + QueryResultJson::quoted(group.name.toUtf8())
            + ",\"file\":" + QueryResultJson::quoted(file.toUtf8()) + ",\"rules\":[";
        for (qsizetype r = 0; r < group.rules.size(); ++r) {
            const alerts::AlertRule& rule = group.rules.at(r);
            if (r > 0)
                out += ',';
            QByteArray ruleAlerts;
            bool firing = false;
            bool pending = false;
            qint64 lastEvalMs = 0;
            QString lastError;
            for (const alerts::Alert& a : alerts) {
                if (a.groupName != group.name || a.ruleName != rule.name)
                    continue;
                lastEvalMs = std::max(lastEvalMs, a.lastEvalMs);
                if (a.state == alerts::AlertState::Error)
                    lastError = a.error;
                if (!isActive(a))
                    continue;
                firing = firing || a.state == alerts::AlertState::Firing;
                pending = pending || a.state == alerts::AlertState::Pending;
                if (!ruleAlerts.isEmpty())
                    ruleAlerts += ',';
                appendAlert(ruleAlerts, a);
            }
            out += "{\"state\":";
            out += firing ? "\"firing\"" : pending ? "\"pending\"" : "\"inactive\"";
            out += ",\"name\":" + QueryResultJson::quoted(rule.name.toUtf8());
            out += ",\"query\":" + QueryResultJson::quoted(rule.expr.toUtf8());
            out += ",\"duration\":" + QByteArray::number(double(rule.forMs) / 1000.0);
            out += ",\"labels\":";
            appendMap(out, rule.labels);
            out += ",\"annotations\":";
            appendMap(out, rule.annotations);
            out += ",\"alerts\":[" + ruleAlerts + ']';
            out += ",\"health\":";
            out += lastError.isEmpty() ? (lastEvalMs > 0 ? "\"ok\"" : "\"unknown\"") : "\"err\"";
            out += ",\"lastError\":" + QueryResultJson::quoted(lastError.toUtf8());
            out += ",\"evaluationTime\":0,\"lastEvaluation\":" + rfc3339(lastEvalMs > 0 ? lastEvalMs : 0)
                + ",\"type\":\"alerting\"}";
        }
        out += "],\"interval\":" + QByteArray::number(double(group.intervalMs) / 1000.0)
            + ",\"evaluationTime\":0,\"lastEvaluation\":" + rfc3339(0) + '}';
    }
    out += "]}}";
    return out;
}

} // namespace opsdeck::web
