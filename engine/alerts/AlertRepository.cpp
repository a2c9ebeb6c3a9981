#include "alerts/AlertRepository.h"

#include "alerts/AlertJson.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/StorageLog.h"
#include "storage/WriteTransaction.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace opsdeck::alerts {

using namespace json;
using storage::describeSqlError;
using storage::failWith;
using storage::nonNull;
using storage::runQuery;

namespace {

const QString kAlertColumns = QStringLiteral(
    "id, fingerprint, rule_name, group_name, labels, annotations, severity, state, value, active_since_ms,"
    " fired_at_ms, resolved_at_ms, last_eval_ms, last_seen_ms, error, flapping, ack_by, ack_at_ms, ack_note");

// Must stay word for word the WHERE clause of the partial index alerts_open (Migration.cpp, v4).
const QString kOpenCondition = QStringLiteral("state NOT IN ('resolved', 'inactive')");

QString ackNote(const Acknowledgement& ack)
{
    const QString by = AlertRepository::tr("acknowledged by %1").arg(ack.by);
    return ack.note.isEmpty() ? by : AlertRepository::tr("%1: %2").arg(by, ack.note);
}

} // namespace

AlertRepository::AlertRepository(storage::Database& db)
    : m_database(db)
{ }

QString AlertRepository::lastError() const
{
    return m_lastError;
}

// --- alerts ---------------------------------------------------------------

bool AlertRepository::writeAlerts(const QList<Alert>& alerts)
{
    QSqlQuery query(m_database.connection());
    // The acknowledgement columns only move forward: a saved alert without an
    // acknowledgement (or with an older one) is a snapshot taken before the
    // operator's click, and must not undo it; an acknowledgement made before
    // the last unacknowledge is stale too.
    // The stored row's columns are qualified (alerts.x): PostgreSQL finds a
    // bare name ambiguous between the table and excluded.
    const QString newerAck
        = QStringLiteral("excluded.ack_at_ms IS NOT NULL AND (alerts.ack_cleared_ms IS NULL"
                         " OR excluded.ack_at_ms > alerts.ack_cleared_ms)"
                         " AND (alerts.ack_at_ms IS NULL OR excluded.ack_at_ms >= alerts.ack_at_ms)");
    const QString sql = QStringLiteral("INSERT INTO alerts (") % kAlertColumns
        % QStringLiteral(
            ", ever_flapping) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint,"
            " rule_name = excluded.rule_name, group_name = excluded.group_name,"
            " labels = excluded.labels, annotations = excluded.annotations,"
            " severity = excluded.severity, state = excluded.state, value = excluded.value,"
            " active_since_ms = excluded.active_since_ms, fired_at_ms = excluded.fired_at_ms,"
            " resolved_at_ms = excluded.resolved_at_ms, last_eval_ms = excluded.last_eval_ms,"
            " last_seen_ms = excluded.last_seen_ms, error = excluded.error,"
            " flapping = excluded.flapping, ever_flapping = CASE WHEN excluded.flapping > alerts.ever_flapping"
            " THEN excluded.flapping ELSE alerts.ever_flapping END,"
            " ack_by = CASE WHEN ")
        % newerAck % QStringLiteral(" THEN excluded.ack_by ELSE alerts.ack_by END, ack_note = CASE WHEN ")
        % newerAck % QStringLiteral(" THEN excluded.ack_note ELSE alerts.ack_note END, ack_at_ms = CASE WHEN ")
        % newerAck % QStringLiteral(" THEN excluded.ack_at_ms ELSE alerts.ack_at_ms END");
    if (!query.prepare(sql)) {
        m_lastError = describeSqlError(query.lastError());
        return false;
    }
    for (const Alert& a : alerts) {
        if (a.id <= 0) {
            m_lastError = QStringLiteral("alert \"%1\" has no id (%2)").arg(a.ruleName).arg(a.id);
            return false;
        }
        query.addBindValue(a.id);
        query.addBindValue(nonNull(QString::fromLatin1(a.fingerprint)));
        query.addBindValue(nonNull(a.ruleName));
        query.addBindValue(nonNull(a.groupName));
        query.addBindValue(labelsToJson(a.labels));
        query.addBindValue(toJson(mapToObject(a.annotations)));
        query.addBindValue(severityName(a.severity));
        query.addBindValue(alertStateName(a.state));
        query.addBindValue(storage::realToSql(a.value));
        query.addBindValue(a.activeSinceMs);
        query.addBindValue(a.firedAtMs);
        query.addBindValue(a.resolvedAtMs);
        query.addBindValue(a.lastEvalMs);
        query.addBindValue(a.lastSeenMs);
        query.addBindValue(nonNull(a.error));
        query.addBindValue(a.flapping ? 1 : 0);
        query.addBindValue(a.ack ? QVariant(nonNull(a.ack->by)) : QVariant());
        query.addBindValue(a.ack ? QVariant(a.ack->atMs) : QVariant());
        query.addBindValue(a.ack ? QVariant(nonNull(a.ack->note)) : QVariant());
        query.addBindValue(a.flapping ? 1 : 0);
        if (!query.exec()) {
            m_lastError = QStringLiteral("alert %1: %2").arg(a.id).arg(describeSqlError(query.lastError()));
            return false;
        }
    }
    return true;
}

bool AlertRepository::writeTransitions(const QList<AlertTransition>& transitions)
{
    QSqlQuery query(m_database.connection());
    // A transition of an alert that was never stored is an evaluator bug; it is
    // dropped with a warning rather than costing the rest of the evaluation.
    if (!query.prepare(
            QStringLiteral("INSERT INTO alert_transitions (alert_id, from_state, to_state, at_ms, value, note)"
                           " SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM alerts WHERE id = ?)"))) {
        m_lastError = describeSqlError(query.lastError());
        return false;
    }
    for (const AlertTransition& t : transitions) {
        query.addBindValue(t.alertId);
        query.addBindValue(alertStateName(t.from));
        query.addBindValue(alertStateName(t.to));
        query.addBindValue(t.atMs);
        query.addBindValue(storage::realToSql(t.value));
        query.addBindValue(nonNull(t.note));
        query.addBindValue(t.alertId);
        if (!query.exec()) {
            m_lastError = QStringLiteral("transition of alert %1: %2")
                              .arg(t.alertId)
                              .arg(describeSqlError(query.lastError()));
            return false;
        }
        if (query.numRowsAffected() == 0)
            qCWarning(storage::lcStorage).noquote()
                << QStringLiteral("%1: transition %2 -> %3 of alert %4 dropped: the alert was never stored")
                       .arg(m_database.filePath(), alertStateName(t.from), alertStateName(t.to),
                           QString::number(t.alertId));
    }
    return true;
}

bool AlertRepository::saveAlerts(const QList<Alert>& alerts)
{
    return saveEvaluation(alerts, {});
}

bool AlertRepository::appendTransitions(const QList<AlertTransition>& transitions)
{
    return saveEvaluation({}, transitions);
}

bool AlertRepository::saveEvaluation(const QList<Alert>& changed, const QList<AlertTransition>& transitions)
{
    m_lastError.clear();
    const QString context
        = QStringLiteral("cannot save %1 alerts and %2 transitions in %3: ")
              .arg(QString::number(changed.size()), QString::number(transitions.size()), m_database.filePath());
    if (changed.isEmpty() && transitions.isEmpty())
        return true;
    storage::WriteTransaction transaction(m_database);
    if (!transaction.isActive())
        return failWith(m_lastError, context + m_database.lastError());
    if (!writeAlerts(changed) || !writeTransitions(transitions)) {
        const QString error = m_lastError;
        return failWith(m_lastError, context + error);
    }
    if (!transaction.commit())
        return failWith(m_lastError, context + m_database.lastError());
    return true;
}

std::optional<QList<Alert>> AlertRepository::readAlerts(
    const QString& where, const QVariantList& binds, const QString& context) const
{
    m_lastError.clear();
    QString error;
    auto selected = storage::selectQuery(m_database,
        QStringLiteral("SELECT ") % kAlertColumns % QStringLiteral(" FROM alerts ") % where, binds, &error);
    if (!selected) {
        failWith(m_lastError, context + error);
        return std::nullopt;
    }
    QSqlQuery& query = *selected;
    QList<Alert> result;
    while (query.next()) {
        Alert a;
        a.id = query.value(0).toLongLong();
        a.fingerprint = query.value(1).toString().toLatin1();
        a.ruleName = query.value(2).toString();
        a.groupName = query.value(3).toString();
        auto labels = labelsFromJson(query.value(4).toString(), &error);
        auto annotations = mapFromJson(query.value(5).toString(), &error);
        const auto severity = severityFromName(query.value(6).toString());
        const auto state = alertStateFromName(query.value(7).toString());
        if (!labels || !annotations || !severity || !state) {
            failWith(m_lastError,
                context
                    + QStringLiteral("alert %1 is damaged: %2")
                          .arg(QString::number(a.id),
                              error.isEmpty() ? QStringLiteral("unknown severity or state") : error));
            return std::nullopt;
        }
        a.labels = std::move(*labels);
        a.annotations = std::move(*annotations);
        a.severity = *severity;
        a.state = *state;
        a.value = storage::realFromSql(query.value(8));
        a.activeSinceMs = query.value(9).toLongLong();
        a.firedAtMs = query.value(10).toLongLong();
        a.resolvedAtMs = query.value(11).toLongLong();
        a.lastEvalMs = query.value(12).toLongLong();
        a.lastSeenMs = query.value(13).toLongLong();
        a.error = query.value(14).toString();
        a.flapping = query.value(15).toInt() != 0;
        if (!query.value(17).isNull())
            a.ack = Acknowledgement { query.value(16).toString(), query.value(17).toLongLong(),
                query.value(18).toString() };
        result.append(std::move(a));
    }
    if (query.lastError().isValid()) {
        failWith(m_lastError, context + describeSqlError(query.lastError()));
        return std::nullopt;
    }
    return result;
}

std::optional<QList<Alert>> AlertRepository::openAlerts() const
{
    return readAlerts(
        QStringLiteral("WHERE ") % kOpenCondition % QStringLiteral(" ORDER BY active_since_ms DESC, id DESC"), {},
        QStringLiteral("cannot read the open alerts from %1: ").arg(m_database.filePath()));
}

std::optional<QList<Alert>> AlertRepository::alerts(const AlertQuery& q) const
{
    QStringList conditions;
    QVariantList binds;
    if (q.state) {
        conditions.append(QStringLiteral("state = ?"));
        binds.append(alertStateName(*q.state));
    }
    if (q.sinceMs > 0) {
        conditions.append(QStringLiteral("(resolved_at_ms = 0 OR resolved_at_ms >= ?)"));
        binds.append(q.sinceMs);
    }
    QString where;
    if (!conditions.isEmpty())
        where = QStringLiteral("WHERE ") + conditions.join(QStringLiteral(" AND "));
    where += QStringLiteral(" ORDER BY active_since_ms DESC, id DESC");
    if (q.limit > 0) {
        where += QStringLiteral(" LIMIT ?");
        binds.append(q.limit);
    }
    return readAlerts(where, binds, QStringLiteral("cannot read alerts from %1: ").arg(m_database.filePath()));
}

std::optional<Alert> AlertRepository::alert(qint64 id) const
{
    const QString context
        = QStringLiteral("cannot read alert %1 from %2: ").arg(QString::number(id), m_database.filePath());
    auto found = readAlerts(QStringLiteral("WHERE id = ?"), { id }, context);
    if (!found)
        return std::nullopt;
    if (found->isEmpty()) {
        failWith(m_lastError, context + tr("there is no alert with id %1").arg(id));
        return std::nullopt;
    }
    return found->constFirst();
}

std::optional<qint64> AlertRepository::maxAlertId() const
{
    m_lastError.clear();
    const QString context
        = QStringLiteral("cannot read the highest alert id from %1: ").arg(m_database.filePath());
    QString error;
    auto query
        = storage::selectQuery(m_database, QStringLiteral("SELECT coalesce(max(id), 0) FROM alerts"), {}, &error);
    if (!query) {
        failWith(m_lastError, context + error);
        return std::nullopt;
    }
    if (!query->next()) {
        failWith(m_lastError, context + describeSqlError(query->lastError()));
        return std::nullopt;
    }
    return query->value(0).toLongLong();
}

// --- acknowledgements -----------------------------------------------------

bool AlertRepository::acknowledge(qint64 id, const Acknowledgement& ack)
{
    m_lastError.clear();
    const QString context
        = QStringLiteral("cannot acknowledge alert %1 in %2: ").arg(QString::number(id), m_database.filePath());
    if (ack.by.trimmed().isEmpty())
        return failWith(m_lastError, context + tr("the acknowledgement does not say who made it"));
    storage::WriteTransaction transaction(m_database);
    if (!transaction.isActive())
        return failWith(m_lastError, context + m_database.lastError());
    QString error;
    QSqlQuery query(m_database.connection());
    if (!runQuery(query, QStringLiteral("SELECT state, value FROM alerts WHERE id = ?"), { id }, &error)
        || !query.next()) {
        if (error.isEmpty())
            error = tr("there is no alert with id %1").arg(id);
        return failWith(m_lastError, context + error);
    }
    const QString state = query.value(0).toString();
    const QVariant value = query.value(1);
    query.finish();
    const auto parsedState = alertStateFromName(state);
    if (!parsedState || *parsedState == AlertState::Resolved || *parsedState == AlertState::Inactive)
        return failWith(
            m_lastError, context + tr("alert %1 is no longer active (%2)").arg(QString::number(id), state));
    if (!runQuery(query, QStringLiteral("UPDATE alerts SET ack_by = ?, ack_at_ms = ?, ack_note = ? WHERE id = ?"),
            { ack.by, ack.atMs, nonNull(ack.note), id }, &error)
        || !runQuery(query,
            QStringLiteral("INSERT INTO alert_transitions (alert_id, from_state, to_state, at_ms, value, note)"
                           " VALUES (?, ?, ?, ?, ?, ?)"),
            { id, state, state, ack.atMs, value, ackNote(ack) }, &error)) {
        return failWith(m_lastError, context + error);
    }
    query.finish();
    // COMMIT returns once the transaction is in the WAL: from here a SIGKILL cannot undo it.
    if (!transaction.commit())
        return failWith(m_lastError, context + m_database.lastError());
    return true;
}

bool AlertRepository::unacknowledge(qint64 id, qint64 atMs, const QString& by)
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot remove the acknowledgement of alert %1 in %2: ")
                                .arg(QString::number(id), m_database.filePath());
    storage::WriteTransaction transaction(m_database);
    if (!transaction.isActive())
        return failWith(m_lastError, context + m_database.lastError());
    QString error;
    QSqlQuery query(m_database.connection());
    if (!runQuery(query, QStringLiteral("SELECT state, value, ack_at_ms FROM alerts WHERE id = ?"), { id }, &error)
        || !query.next()) {
        if (error.isEmpty())
            error = tr("there is no alert with id %1").arg(id);
        return failWith(m_lastError, context + error);
    }
    const QString state = query.value(0).toString();
    const QVariant value = query.value(1);
    const QVariant ackAt = query.value(2);
    query.finish();
    if (ackAt.isNull())
        return failWith(m_lastError, context + tr("alert %1 is not acknowledged").arg(id));
    // Never before the acknowledgement it removes, so that one counts as stale.
    const qint64 clearedAt = std::max(atMs, ackAt.toLongLong());
    const QString note = tr("acknowledgement removed by %1").arg(by);
    if (!runQuery(query,
            QStringLiteral("UPDATE alerts SET ack_by = NULL, ack_at_ms = NULL, ack_note = NULL, ack_cleared_ms = ?"
                           " WHERE id = ?"),
            { clearedAt, id }, &error)
        || !runQuery(query,
            QStringLiteral("INSERT INTO alert_transitions (alert_id, from_state, to_state, at_ms, value, note)"
                           " VALUES (?, ?, ?, ?, ?, ?)"),
            { id, state, state, atMs, value, note }, &error)) {
        return failWith(m_lastError, context + error);
    }
    query.finish();
    if (!transaction.commit())
        return failWith(m_lastError, context + m_database.lastError());
    return true;
}

std::optional<QList<AlertTransition>> AlertRepository::transitions(qint64 alertId) const
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot read the transitions of alert %1 from %2: ")
                                .arg(QString::number(alertId), m_database.filePath());
    QString error;
    auto selected = storage::selectQuery(m_database,
        QStringLiteral("SELECT alert_id, from_state, to_state, at_ms, value, note FROM alert_transitions"
                       " WHERE alert_id = ? ORDER BY at_ms, id"),
        { alertId }, &error);
    if (!selected) {
        failWith(m_lastError, context + error);
        return std::nullopt;
    }
    QSqlQuery& query = *selected;
    QList<AlertTransition> result;
    while (query.next()) {
        AlertTransition t;
        t.alertId = query.value(0).toLongLong();
        t.from = alertStateFromName(query.value(1).toString()).value_or(AlertState::Inactive);
        t.to = alertStateFromName(query.value(2).toString()).value_or(AlertState::Inactive);
        t.atMs = query.value(3).toLongLong();
        t.value = storage::realFromSql(query.value(4));
        t.note = query.value(5).toString();
        result.append(t);
    }
    if (query.lastError().isValid()) {
        failWith(m_lastError, context + describeSqlError(query.lastError()));
        return std::nullopt;
    }
    return result;
}

} // namespace opsdeck::alerts
