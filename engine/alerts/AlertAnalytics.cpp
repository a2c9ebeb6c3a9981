#include "alerts/AlertAnalytics.h"

#include "storage/Database.h"
#include "storage/Sql.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <cmath>

namespace opsdeck::alerts {

using storage::describeSqlError;
using storage::failWith;
using storage::runQuery;

AlertAnalytics::AlertAnalytics(storage::Database& db)
    : m_database(db)
{ }

QString AlertAnalytics::lastError() const
{
    return m_lastError;
}

std::optional<AlertAnalytics::Analytics> AlertAnalytics::analytics(qint64 fromMs, qint64 toMs) const
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot compute alert analytics from %1: ").arg(m_database.filePath());
    const QSqlDatabase db = m_database.connection();
    if (!db.isValid()) {
        failWith(m_lastError, context + m_database.lastError());
        return std::nullopt;
    }
    Analytics result;
    QString error;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const auto nanIfNull = [](const QVariant& v) { return v.isNull() ? std::nan("") : v.toDouble(); };

    if (!runQuery(query,
            QStringLiteral("SELECT count(*) FROM alerts WHERE active_since_ms >= ? AND active_since_ms < ?"),
            { fromMs, toMs }, &error)
        || !query.next()) {
        failWith(m_lastError, context + (error.isEmpty() ? describeSqlError(query.lastError()) : error));
        return std::nullopt;
    }
    result.alerts = query.value(0).toInt();

    // MTTA only over alerts acknowledged once firing: an acknowledgement while
    // pending has no "time to acknowledge" yet.
    if (!runQuery(query,
            QStringLiteral("SELECT count(*), avg(CASE WHEN fired_at_ms > 0 AND ack_at_ms >= fired_at_ms"
                           " THEN ack_at_ms - fired_at_ms END)"
                           " FROM alerts WHERE ack_at_ms >= ? AND ack_at_ms < ?"),
            { fromMs, toMs }, &error)
        || !query.next()) {
        failWith(m_lastError, context + (error.isEmpty() ? describeSqlError(query.lastError()) : error));
        return std::nullopt;
    }
    result.acknowledged = query.value(0).toInt();
    result.mttaMs = nanIfNull(query.value(1));

    if (!runQuery(query,
            QStringLiteral("SELECT avg(resolved_at_ms - fired_at_ms) FROM alerts"
                           " WHERE resolved_at_ms > 0 AND resolved_at_ms >= ? AND resolved_at_ms < ?"
                           " AND fired_at_ms > 0 AND resolved_at_ms >= fired_at_ms"),
            { fromMs, toMs }, &error)
        || !query.next()) {
        failWith(m_lastError, context + (error.isEmpty() ? describeSqlError(query.lastError()) : error));
        return std::nullopt;
    }
    result.mttrMs = nanIfNull(query.value(0));

    if (!runQuery(query,
            QStringLiteral("SELECT rule_name, count(*) AS n, sum(ever_flapping) AS f FROM alerts"
                           " WHERE active_since_ms >= ? AND active_since_ms < ?"
                           " GROUP BY rule_name ORDER BY n DESC, f DESC, rule_name"),
            { fromMs, toMs }, &error)) {
        failWith(m_lastError, context + error);
        return std::nullopt;
    }
    while (query.next())
        result.perRule.append(
            RuleStats { query.value(0).toString(), query.value(1).toInt(), query.value(2).toInt() });
    if (query.lastError().isValid()) {
        failWith(m_lastError, context + describeSqlError(query.lastError()));
        return std::nullopt;
    }
    return result;
}

} // namespace opsdeck::alerts
