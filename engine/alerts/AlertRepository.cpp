#include "storage/AlertRepository.h"

#include "storage/Database.h"
#include "storage/StorageLog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace opsdeck::storage {

using alerts::Acknowledgement;
using alerts::Alert;
using alerts::AlertRule;
using alerts::AlertState;
using alerts::AlertTransition;
using alerts::NotificationRecord;
using alerts::RuleGroup;
using alerts::Silence;
using metrics::LabelMatcher;

namespace {

const QString kAlertColumns = QStringLiteral(
    "id, fingerprint, rule_name, group_name, labels, annotations, severity, state, value, active_since_ms,"
    " fired_at_ms, resolved_at_ms, last_eval_ms, last_seen_ms, error, flapping, ack_by, ack_at_ms, ack_note");

// Must stay word for word the WHERE clause of the partial index alerts_open (Migration.cpp, v4).
const QString kOpenCondition = QStringLiteral("state NOT IN ('resolved', 'inactive')");

const QString kNotificationColumns = QStringLiteral(
    "id, delivery_id, receiver, receiver_type, group_key, kind, alert_ids, status, attempts, http_status, error,"
    " created_at_ms, finished_at_ms");

QString nonNull(const QString& s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

QString toJson(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString toJson(const QJsonArray& array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

std::optional<QJsonDocument> parseJson(const QString& text, QString* error)
{
    QJsonParseError parseError;
    QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = parseError.errorString();
        return std::nullopt;
    }
    return doc;
}

QString labelsToJson(const metrics::Labels& labels)
{
    QJsonObject object;
    for (const metrics::Label& label : labels)
        object.insert(QString::fromUtf8(label.name), QString::fromUtf8(label.value));
    return toJson(object);
}

std::optional<metrics::Labels> labelsFromJson(const QString& text, QString* error)
{
    const auto doc = parseJson(text, error);
    if (!doc)
        return std::nullopt;
    if (!doc->isObject()) {
        *error = QStringLiteral("labels are not a JSON object");
        return std::nullopt;
    }
    QList<metrics::Label> labels;
    const QJsonObject object = doc->object();
    for (auto it = object.begin(); it != object.end(); ++it)
        labels.append(metrics::Label { it.key().toUtf8(), it.value().toString().toUtf8() });
    return metrics::Labels::fromUnsorted(std::move(labels));
}

QJsonObject mapToObject(const QMap<QString, QString>& map)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

QMap<QString, QString> mapFromObject(const QJsonObject& object)
{
    QMap<QString, QString> map;
    for (auto it = object.begin(); it != object.end(); ++it)
        map.insert(it.key(), it.value().toString());
    return map;
}

std::optional<QMap<QString, QString>> mapFromJson(const QString& text, QString* error)
{
    const auto doc = parseJson(text, error);
    if (!doc)
        return std::nullopt;
    if (!doc->isObject()) {
        *error = QStringLiteral("not a JSON object");
        return std::nullopt;
    }
    return mapFromObject(doc->object());
}

// SQLite stores NaN as NULL anyway; say so explicitly.
QVariant valueToSql(double value)
{
    return std::isnan(value) ? QVariant() : QVariant(value);
}

double valueFromSql(const QVariant& value)
{
    return value.isNull() ? std::nan("") : value.toDouble();
}

QString matcherTypeSymbol(LabelMatcher::Type type)
{
    switch (type) {
    case LabelMatcher::Type::Equal:
        return QStringLiteral("=");
    case LabelMatcher::Type::NotEqual:
        return QStringLiteral("!=");
    case LabelMatcher::Type::Regex:
        return QStringLiteral("=~");
    case LabelMatcher::Type::NotRegex:
        return QStringLiteral("!~");
    }
    return QStringLiteral("=");
}

std::optional<LabelMatcher::Type> matcherTypeFromSymbol(const QString& symbol)
{
    if (symbol == QLatin1String("="))
        return LabelMatcher::Type::Equal;
    if (symbol == QLatin1String("!="))
        return LabelMatcher::Type::NotEqual;
    if (symbol == QLatin1String("=~"))
        return LabelMatcher::Type::Regex;
    if (symbol == QLatin1String("!~"))
        return LabelMatcher::Type::NotRegex;
    return std::nullopt;
}

QString matchersToJson(const QList<LabelMatcher>& matchers)
{
    QJsonArray array;
    for (const LabelMatcher& m : matchers)
        array.append(QJsonObject { { QStringLiteral("name"), QString::fromUtf8(m.name()) },
            { QStringLiteral("type"), matcherTypeSymbol(m.type()) },
            { QStringLiteral("value"), QString::fromUtf8(m.value()) } });
    return toJson(array);
}

std::optional<QList<LabelMatcher>> matchersFromJson(const QString& text, QString* error)
{
    const auto doc = parseJson(text, error);
    if (!doc)
        return std::nullopt;
    if (!doc->isArray()) {
        *error = QStringLiteral("matchers are not a JSON array");
        return std::nullopt;
    }
    QList<LabelMatcher> matchers;
    for (const QJsonValue& v : doc->array()) {
        const QJsonObject o = v.toObject();
        const auto type = matcherTypeFromSymbol(o.value(QLatin1String("type")).toString());
        if (!type) {
            *error = QStringLiteral("unknown matcher type \"%1\"").arg(o.value(QLatin1String("type")).toString());
            return std::nullopt;
        }
        matchers.append(LabelMatcher(*type, o.value(QLatin1String("name")).toString().toUtf8(),
            o.value(QLatin1String("value")).toString().toUtf8()));
    }
    return matchers;
}

QJsonObject ruleToObject(const AlertRule& rule)
{
    return QJsonObject {
        { QStringLiteral("alert"), rule.name },
        { QStringLiteral("expr"), rule.expr },
        { QStringLiteral("for_ms"), double(rule.forMs) },
        { QStringLiteral("keep_firing_for_ms"), double(rule.keepFiringForMs) },
        { QStringLiteral("severity"), alerts::severityName(rule.severity) },
        { QStringLiteral("labels"), mapToObject(rule.labels) },
        { QStringLiteral("annotations"), mapToObject(rule.annotations) },
        { QStringLiteral("source_file"), rule.sourceFile },
        { QStringLiteral("source_line"), rule.sourceLine },
    };
}

std::optional<AlertRule> ruleFromObject(const QJsonObject& o, QString* error)
{
    AlertRule rule;
    rule.name = o.value(QLatin1String("alert")).toString();
    rule.expr = o.value(QLatin1String("expr")).toString();
    rule.forMs = qint64(o.value(QLatin1String("for_ms")).toDouble());
    rule.keepFiringForMs = qint64(o.value(QLatin1String("keep_firing_for_ms")).toDouble());
    const QString severity = o.value(QLatin1String("severity")).toString();
    const auto parsed = alerts::severityFromName(severity);
    if (!parsed) {
        *error = QStringLiteral("rule \"%1\" has an unknown severity \"%2\"").arg(rule.name, severity);
        return std::nullopt;
    }
    rule.severity = *parsed;
    rule.labels = mapFromObject(o.value(QLatin1String("labels")).toObject());
    rule.annotations = mapFromObject(o.value(QLatin1String("annotations")).toObject());
    rule.sourceFile = o.value(QLatin1String("source_file")).toString();
    rule.sourceLine = o.value(QLatin1String("source_line")).toInt();
    return rule;
}

QString alertIdsToJson(const QList<qint64>& ids)
{
    QJsonArray array;
    for (qint64 id : ids)
        array.append(double(id));
    return toJson(array);
}

// Prepares and runs sql with the values bound in order; the error text on failure.
bool run(QSqlQuery& query, const QString& sql, const QVariantList& binds, QString* error)
{
    if (!query.prepare(sql)) {
        *error = describeSqlError(query.lastError());
        return false;
    }
    for (const QVariant& v : binds)
        query.addBindValue(v);
    if (!query.exec()) {
        *error = describeSqlError(query.lastError());
        return false;
    }
    return true;
}

QString ackNote(const Acknowledgement& ack)
{
    const QString by = AlertRepository::tr("acknowledged by %1").arg(ack.by);
    return ack.note.isEmpty() ? by : AlertRepository::tr("%1: %2").arg(by, ack.note);
}

} // namespace

AlertRepository::AlertRepository(Database& db)
    : m_database(db)
{ }

QString AlertRepository::lastError() const
{
    return m_lastError;
}

bool AlertRepository::fail(const QString& what) const
{
    m_lastError = what;
    qCWarning(lcStorage).noquote() << what;
    return false;
}

// --- alerts ---------------------------------------------------------------

bool AlertRepository::writeAlerts(const QList<Alert>& alerts)
{
    QSqlQuery query(m_database.connection());
    // The acknowledgement columns only move forward: a saved alert without an
    // acknowledgement (or with an older one) is a snapshot taken before the
    // operator's click, and must not undo it; an acknowledgement made before
    // the last unacknowledge is stale too.
    const QString newerAck = QStringLiteral(
        "excluded.ack_at_ms IS NOT NULL AND (ack_cleared_ms IS NULL OR excluded.ack_at_ms > ack_cleared_ms)"
        " AND (ack_at_ms IS NULL OR excluded.ack_at_ms >= ack_at_ms)");
    const QString sql = QStringLiteral("INSERT INTO alerts (") % kAlertColumns
        % QStringLiteral(", ever_flapping) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                         " ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint,"
                         " rule_name = excluded.rule_name, group_name = excluded.group_name,"
                         " labels = excluded.labels, annotations = excluded.annotations,"
                         " severity = excluded.severity, state = excluded.state, value = excluded.value,"
                         " active_since_ms = excluded.active_since_ms, fired_at_ms = excluded.fired_at_ms,"
                         " resolved_at_ms = excluded.resolved_at_ms, last_eval_ms = excluded.last_eval_ms,"
                         " last_seen_ms = excluded.last_seen_ms, error = excluded.error,"
                         " flapping = excluded.flapping, ever_flapping = max(ever_flapping, excluded.flapping),"
                         " ack_by = CASE WHEN ")
        % newerAck % QStringLiteral(" THEN excluded.ack_by ELSE ack_by END, ack_note = CASE WHEN ") % newerAck
        % QStringLiteral(" THEN excluded.ack_note ELSE ack_note END, ack_at_ms = CASE WHEN ") % newerAck
        % QStringLiteral(" THEN excluded.ack_at_ms ELSE ack_at_ms END");
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
        query.addBindValue(alerts::severityName(a.severity));
        query.addBindValue(alerts::alertStateName(a.state));
        query.addBindValue(valueToSql(a.value));
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
        query.addBindValue(alerts::alertStateName(t.from));
        query.addBindValue(alerts::alertStateName(t.to));
        query.addBindValue(t.atMs);
        query.addBindValue(valueToSql(t.value));
        query.addBindValue(nonNull(t.note));
        query.addBindValue(t.alertId);
        if (!query.exec()) {
            m_lastError = QStringLiteral("transition of alert %1: %2")
                              .arg(t.alertId)
                              .arg(describeSqlError(query.lastError()));
            return false;
        }
        if (query.numRowsAffected() == 0)
            qCWarning(lcStorage).noquote()
                << QStringLiteral("%1: transition %2 -> %3 of alert %4 dropped: the alert was never stored")
                       .arg(m_database.filePath(), alerts::alertStateName(t.from), alerts::alertStateName(t.to),
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
    if (!m_database.beginWrite())
        return fail(context + m_database.lastError());
    if (!writeAlerts(changed) || !writeTransitions(transitions)) {
        const QString error = m_lastError;
        m_database.rollback();
        return fail(context + error);
    }
    if (!m_database.commit())
        return fail(context + m_database.lastError());
    return true;
}

std::optional<QList<Alert>> AlertRepository::readAlerts(
    const QString& where, const QVariantList& binds, const QString& context) const
{
    auto selected = select(QStringLiteral("SELECT ") % kAlertColumns % QStringLiteral(" FROM alerts ") % where, binds, context);
    if (!selected)
        return std::nullopt;
    QSqlQuery& query = *selected;
    QString error;
    QList<Alert> result;
    while (query.next()) {
        Alert a;
        a.id = query.value(0).toLongLong();
        a.fingerprint = query.value(1).toString().toLatin1();
        a.ruleName = query.value(2).toString();
        a.groupName = query.value(3).toString();
        auto labels = labelsFromJson(query.value(4).toString(), &error);
        auto annotations = mapFromJson(query.value(5).toString(), &error);
        const auto severity = alerts::severityFromName(query.value(6).toString());
        const auto state = alerts::alertStateFromName(query.value(7).toString());
        if (!labels || !annotations || !severity || !state) {
            fail(context
                + QStringLiteral("alert %1 is damaged: %2")
                      .arg(QString::number(a.id),
                          error.isEmpty() ? QStringLiteral("unknown severity or state") : error));
            return std::nullopt;
        }
        a.labels = std::move(*labels);
        a.annotations = std::move(*annotations);
        a.severity = *severity;
        a.state = *state;
        a.value = valueFromSql(query.value(8));
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
        fail(context + describeSqlError(query.lastError()));
        return std::nullopt;
    }
    return result;
}

std::optional<QSqlQuery> AlertRepository::select(
    const QString& sql, const QVariantList& binds, const QString& context) const
{
    m_lastError.clear();
    const QSqlDatabase db = m_database.connection();
    if (!db.isValid()) {
        fail(context + m_database.lastError());
        return std::nullopt;
    }
    QSqlQuery query(db);
    query.setForwardOnly(true);
    QString error;
    if (!run(query, sql, binds, &error)) {
        fail(context + error);
        return std::nullopt;
    }
    return query;
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
        binds.append(alerts::alertStateName(*q.state));
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
        fail(context + tr("there is no alert with id %1").arg(id));
        return std::nullopt;
    }
    return found->constFirst();
}

std::optional<qint64> AlertRepository::maxAlertId() const
{
    m_lastError.clear();
    const QString context
        = QStringLiteral("cannot read the highest alert id from %1: ").arg(m_database.filePath());
    auto query = select(QStringLiteral("SELECT coalesce(max(id), 0) FROM alerts"), {}, context);
    if (!query)
        return std::nullopt;
    if (!query->next()) {
        fail(context + describeSqlError(query->lastError()));
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
        return fail(context + tr("the acknowledgement does not say who made it"));
    if (!m_database.beginWrite())
        return fail(context + m_database.lastError());
    QString error;
    QSqlQuery query(m_database.connection());
    if (!run(query, QStringLiteral("SELECT state, value FROM alerts WHERE id = ?"), { id }, &error)
        || !query.next()) {
        if (error.isEmpty())
            error = tr("there is no alert with id %1").arg(id);
        query.finish();
        m_database.rollback();
        return fail(context + error);
    }
    const QString state = query.value(0).toString();
    const QVariant value = query.value(1);
    query.finish();
    const auto parsedState = alerts::alertStateFromName(state);
    if (!parsedState || *parsedState == AlertState::Resolved || *parsedState == AlertState::Inactive) {
        m_database.rollback();
        return fail(context + tr("alert %1 is no longer active (%2)").arg(QString::number(id), state));
    }
    if (!run(query, QStringLiteral("UPDATE alerts SET ack_by = ?, ack_at_ms = ?, ack_note = ? WHERE id = ?"),
            { ack.by, ack.atMs, nonNull(ack.note), id }, &error)
        || !run(query,
            QStringLiteral("INSERT INTO alert_transitions (alert_id, from_state, to_state, at_ms, value, note)"
                           " VALUES (?, ?, ?, ?, ?, ?)"),
            { id, state, state, ack.atMs, value, ackNote(ack) }, &error)) {
        query.finish();
        m_database.rollback();
        return fail(context + error);
    }
    query.finish();
    // COMMIT returns once the transaction is in the WAL: from here a SIGKILL cannot undo it.
    if (!m_database.commit())
        return fail(context + m_database.lastError());
    return true;
}

bool AlertRepository::unacknowledge(qint64 id, qint64 atMs, const QString& by)
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot remove the acknowledgement of alert %1 in %2: ")
                                .arg(QString::number(id), m_database.filePath());
    if (!m_database.beginWrite())
        return fail(context + m_database.lastError());
    QString error;
    QSqlQuery query(m_database.connection());
    if (!run(query, QStringLiteral("SELECT state, value, ack_at_ms FROM alerts WHERE id = ?"), { id }, &error)
        || !query.next()) {
        if (error.isEmpty())
            error = tr("there is no alert with id %1").arg(id);
        query.finish();
        m_database.rollback();
        return fail(context + error);
    }
    const QString state = query.value(0).toString();
    const QVariant value = query.value(1);
    const QVariant ackAt = query.value(2);
    query.finish();
    if (ackAt.isNull()) {
        m_database.rollback();
        return fail(context + tr("alert %1 is not acknowledged").arg(id));
    }
    // Never before the acknowledgement it removes, so that one counts as stale.
    const qint64 clearedAt = std::max(atMs, ackAt.toLongLong());
    const QString note = tr("acknowledgement removed by %1").arg(by);
    if (!run(query,
            QStringLiteral("UPDATE alerts SET ack_by = NULL, ack_at_ms = NULL, ack_note = NULL, ack_cleared_ms = ?"
                           " WHERE id = ?"),
            { clearedAt, id }, &error)
        || !run(query,
            QStringLiteral("INSERT INTO alert_transitions (alert_id, from_state, to_state, at_ms, value, note)"
                           " VALUES (?, ?, ?, ?, ?, ?)"),
            { id, state, state, atMs, value, note }, &error)) {
        query.finish();
        m_database.rollback();
        return fail(context + error);
    }
    query.finish();
    if (!m_database.commit())
        return fail(context + m_database.lastError());
    return true;
}

std::optional<QList<AlertTransition>> AlertRepository::transitions(qint64 alertId) const
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot read the transitions of alert %1 from %2: ")
                                .arg(QString::number(alertId), m_database.filePath());
    auto selected = select(QStringLiteral("SELECT alert_id, from_state, to_state, at_ms, value, note FROM alert_transitions"
                                          " WHERE alert_id = ? ORDER BY at_ms, id"),
                           { alertId }, context);
    if (!selected)
        return std::nullopt;
    QSqlQuery& query = *selected;
    QList<AlertTransition> result;
    while (query.next()) {
        AlertTransition t;
        t.alertId = query.value(0).toLongLong();
        t.from = alerts::alertStateFromName(query.value(1).toString()).value_or(AlertState::Inactive);
        t.to = alerts::alertStateFromName(query.value(2).toString()).value_or(AlertState::Inactive);
        t.atMs = query.value(3).toLongLong();
        t.value = valueFromSql(query.value(4));
        t.note = query.value(5).toString();
        result.append(t);
    }
    if (query.lastError().isValid()) {
        fail(context + describeSqlError(query.lastError()));
        return std::nullopt;
    }
    return result;
}

// --- silences -------------------------------------------------------------

QString AlertRepository::validateSilence(const Silence& silence, bool allowEmptySpan)
{
    if (silence.matchers.isEmpty())
        return tr("a silence needs at least one matcher");
    bool mutesEverything = true;
    for (const LabelMatcher& m : silence.matchers) {
        if (!metrics::isValidLabelName(m.name()))
            return tr("\"%1\" is not a valid label name").arg(QString::fromUtf8(m.name()));
        if (!m.isValid())
            return tr("the matcher on \"%1\" is not valid: %2").arg(QString::fromUtf8(m.name()), m.errorString());
        if (!m.matchesEmpty())
            mutesEverything = false;
    }
    if (mutesEverything)
        return tr("at least one matcher must not match an empty value, or the silence would mute every alert");
    if (silence.endsAtMs < silence.startsAtMs || (!allowEmptySpan && silence.endsAtMs == silence.startsAtMs))
        return tr("the silence must end after it starts");
    return {};
}

std::optional<qint64> AlertRepository::addSilence(const Silence& silence)
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot add a silence in %1: ").arg(m_database.filePath());
    if (const QString invalid = validateSilence(silence); !invalid.isEmpty()) {
        fail(context + invalid);
        return std::nullopt;
    }
    if (!m_database.beginWrite()) {
        fail(context + m_database.lastError());
        return std::nullopt;
    }
    QString error;
    qint64 id = 0;
    {
        QSqlQuery query(m_database.connection());
        if (!run(query,
                QStringLiteral("INSERT INTO silences (matchers, starts_at_ms, ends_at_ms, created_by, comment,"
                               " created_at_ms) VALUES (?, ?, ?, ?, ?, ?)"),
                { matchersToJson(silence.matchers), silence.startsAtMs, silence.endsAtMs,
                    nonNull(silence.createdBy), nonNull(silence.comment), silence.createdAtMs },
                &error)) {
            query.finish();
            m_database.rollback();
            fail(context + error);
            return std::nullopt;
        }
        id = query.lastInsertId().toLongLong();
    }
    if (!m_database.commit()) {
        fail(context + m_database.lastError());
        return std::nullopt;
    }
    return id;
}

bool AlertRepository::updateSilence(const Silence& silence)
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot update silence %1 in %2: ")
                                .arg(QString::number(silence.id), m_database.filePath());
    if (silence.id <= 0)
        return fail(context + QStringLiteral("it was never saved"));
    if (const QString invalid = validateSilence(silence, true); !invalid.isEmpty())
        return fail(context + invalid);
    if (!m_database.beginWrite())
        return fail(context + m_database.lastError());
    QString error;
    QSqlQuery query(m_database.connection());
    if (!run(query,
            QStringLiteral("UPDATE silences SET matchers = ?, starts_at_ms = ?, ends_at_ms = ?, created_by = ?,"
                           " comment = ?, created_at_ms = ? WHERE id = ?"),
            { matchersToJson(silence.matchers), silence.startsAtMs, silence.endsAtMs, nonNull(silence.createdBy),
                nonNull(silence.comment), silence.createdAtMs, silence.id },
            &error)) {
        query.finish();
        m_database.rollback();
        return fail(context + error);
    }
    if (query.numRowsAffected() != 1) {
        query.finish();
        m_database.rollback();
        return fail(context + tr("there is no silence with id %1").arg(silence.id));
    }
    query.finish();
    if (!m_database.commit())
        return fail(context + m_database.lastError());
    return true;
}

std::optional<QList<Silence>> AlertRepository::silences() const
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot read the silences from %1: ").arg(m_database.filePath());
    auto selected = select(QStringLiteral("SELECT id, matchers, starts_at_ms, ends_at_ms, created_by, comment, created_at_ms"
                                          " FROM silences ORDER BY id DESC"),
                           {}, context);
    if (!selected)
        return std::nullopt;
    QSqlQuery& query = *selected;
    QList<Silence> result;
    while (query.next()) {
        Silence s;
        s.id = query.value(0).toLongLong();
        QString error;
        auto matchers = matchersFromJson(query.value(1).toString(), &error);
        if (!matchers) {
            fail(context + QStringLiteral("silence %1 is damaged: %2").arg(QString::number(s.id), error));
            return std::nullopt;
        }
        s.matchers = std::move(*matchers);
        s.startsAtMs = query.value(2).toLongLong();
        s.endsAtMs = query.value(3).toLongLong();
        s.createdBy = query.value(4).toString();
        s.comment = query.value(5).toString();
        s.createdAtMs = query.value(6).toLongLong();
        result.append(std::move(s));
    }
    if (query.lastError().isValid()) {
        fail(context + describeSqlError(query.lastError()));
        return std::nullopt;
    }
    return result;
}

// --- notification log -----------------------------------------------------

std::optional<qint64> AlertRepository::addNotification(const NotificationRecord& record)
{
    m_lastError.clear();
    const QString context
        = QStringLiteral("cannot log a notification to %1 in %2: ").arg(record.receiver, m_database.filePath());
    if (!m_database.beginWrite()) {
        fail(context + m_database.lastError());
        return std::nullopt;
    }
    QString error;
    qint64 id = 0;
    {
        QSqlQuery query(m_database.connection());
        if (!run(query,
                QStringLiteral(
                    "INSERT INTO notification_log (delivery_id, receiver, receiver_type, group_key, kind,"
                    " alert_ids, status, attempts, http_status, error, created_at_ms, finished_at_ms)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                { static_cast<qint64>(record.deliveryId), nonNull(record.receiver), nonNull(record.receiverType),
                    nonNull(QString::fromUtf8(record.groupKey)), nonNull(record.kind),
                    alertIdsToJson(record.alertIds), nonNull(record.status), record.attempts, record.httpStatus,
                    nonNull(record.error), record.createdAtMs, record.finishedAtMs },
                &error)) {
            query.finish();
            m_database.rollback();
            fail(context + error);
            return std::nullopt;
        }
        id = query.lastInsertId().toLongLong();
        for (qint64 alertId : QSet<qint64>(record.alertIds.cbegin(), record.alertIds.cend())) {
            if (!run(query,
                    QStringLiteral("INSERT INTO notification_alerts (notification_id, alert_id) VALUES (?, ?)"),
                    { id, alertId }, &error)) {
                query.finish();
                m_database.rollback();
                fail(context + error);
                return std::nullopt;
            }
        }
    }
    if (!m_database.commit()) {
        fail(context + m_database.lastError());
        return std::nullopt;
    }
    return id;
}

bool AlertRepository::updateNotification(const NotificationRecord& record)
{
    m_lastError.clear();
    const QString context
        = QStringLiteral("cannot update notification %1 (delivery %2) in %3: ")
              .arg(QString::number(record.id), QString::number(record.deliveryId), m_database.filePath());
    if (record.id <= 0 && record.deliveryId == 0)
        return fail(context + QStringLiteral("neither its id nor its delivery id is set"));
    if (!m_database.beginWrite())
        return fail(context + m_database.lastError());
    QString error;
    QSqlQuery query(m_database.connection());
    qint64 id = record.id;
    if (id <= 0) {
        if (!run(query, QStringLiteral("SELECT max(id) FROM notification_log WHERE delivery_id = ?"),
                { static_cast<qint64>(record.deliveryId) }, &error)
            || !query.next() || query.value(0).isNull()) {
            if (error.isEmpty())
                error = QStringLiteral("no notification with delivery id %1").arg(record.deliveryId);
            query.finish();
            m_database.rollback();
            return fail(context + error);
        }
        id = query.value(0).toLongLong();
        query.finish();
    }
    // Identity fields left empty (0) in an update keep their stored values.
    if (!run(query,
            QStringLiteral("UPDATE notification_log SET receiver = coalesce(nullif(?, ''), receiver),"
                           " receiver_type = coalesce(nullif(?, ''), receiver_type),"
                           " group_key = coalesce(nullif(?, ''), group_key), kind = coalesce(nullif(?, ''), kind),"
                           " status = ?, attempts = ?, http_status = ?, error = ?,"
                           " created_at_ms = CASE WHEN ? > 0 THEN ? ELSE created_at_ms END, finished_at_ms = ?"
                           " WHERE id = ?"),
            { nonNull(record.receiver), nonNull(record.receiverType), nonNull(QString::fromUtf8(record.groupKey)),
                nonNull(record.kind), nonNull(record.status), record.attempts, record.httpStatus,
                nonNull(record.error), record.createdAtMs, record.createdAtMs, record.finishedAtMs, id },
            &error)) {
        query.finish();
        m_database.rollback();
        return fail(context + error);
    }
    if (query.numRowsAffected() != 1) {
        query.finish();
        m_database.rollback();
        return fail(context + QStringLiteral("no notification with id %1").arg(id));
    }
    if (!record.alertIds.isEmpty()) {
        bool ok = run(query, QStringLiteral("UPDATE notification_log SET alert_ids = ? WHERE id = ?"),
                      { alertIdsToJson(record.alertIds), id }, &error)
            && run(query, QStringLiteral("DELETE FROM notification_alerts WHERE notification_id = ?"), { id },
                &error);
        for (qint64 alertId : QSet<qint64>(record.alertIds.cbegin(), record.alertIds.cend())) {
            if (!ok)
                break;
            ok = run(query,
                QStringLiteral("INSERT INTO notification_alerts (notification_id, alert_id) VALUES (?, ?)"),
                { id, alertId }, &error);
        }
        if (!ok) {
            query.finish();
            m_database.rollback();
            return fail(context + error);
        }
    }
    query.finish();
    if (!m_database.commit())
        return fail(context + m_database.lastError());
    return true;
}

std::optional<QList<NotificationRecord>> AlertRepository::notifications(qint64 alertId, int limit) const
{
    m_lastError.clear();
    const QString context
        = QStringLiteral("cannot read the notification log from %1: ").arg(m_database.filePath());
    QString sql = QStringLiteral("SELECT ") % kNotificationColumns % QStringLiteral(" FROM notification_log");
    QVariantList binds;
    if (alertId != 0) {
        sql += QStringLiteral(" WHERE id IN (SELECT notification_id FROM notification_alerts WHERE alert_id = ?)");
        binds.append(alertId);
    }
    sql += QStringLiteral(" ORDER BY id DESC");
    if (limit > 0) {
        sql += QStringLiteral(" LIMIT ?");
        binds.append(limit);
    }
    auto selected = select(sql, binds, context);
    if (!selected)
        return std::nullopt;
    QSqlQuery& query = *selected;
    QString error;
    QList<NotificationRecord> result;
    while (query.next()) {
        NotificationRecord r;
        r.id = query.value(0).toLongLong();
        r.deliveryId = static_cast<quint64>(query.value(1).toLongLong());
        r.receiver = query.value(2).toString();
        r.receiverType = query.value(3).toString();
        r.groupKey = query.value(4).toString().toUtf8();
        r.kind = query.value(5).toString();
        const auto ids = parseJson(query.value(6).toString(), &error);
        if (!ids || !ids->isArray()) {
            fail(context + QStringLiteral("notification %1 is damaged: %2").arg(QString::number(r.id), error));
            return std::nullopt;
        }
        for (const QJsonValue& v : ids->array())
            r.alertIds.append(qint64(v.toDouble()));
        r.status = query.value(7).toString();
        r.attempts = query.value(8).toInt();
        r.httpStatus = query.value(9).toInt();
        r.error = query.value(10).toString();
        r.createdAtMs = query.value(11).toLongLong();
        r.finishedAtMs = query.value(12).toLongLong();
        result.append(std::move(r));
    }
    if (query.lastError().isValid()) {
        fail(context + describeSqlError(query.lastError()));
        return std::nullopt;
    }
    return result;
}

// --- rule groups ----------------------------------------------------------

bool AlertRepository::saveRuleGroups(const QList<RuleGroup>& groups)
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot save %1 rule groups in %2: ")
                                .arg(QString::number(groups.size()), m_database.filePath());
    QSet<QString> names;
    for (const RuleGroup& g : groups) {
        if (g.name.trimmed().isEmpty())
            return fail(context + tr("a rule group has no name"));
        if (names.contains(g.name))
            return fail(context + tr("the rule group name \"%1\" is used twice").arg(g.name));
        names.insert(g.name);
        if (g.intervalMs < 0)
            return fail(context + tr("rule group \"%1\" has a negative interval").arg(g.name));
        for (const AlertRule& r : g.rules) {
            if (r.name.trimmed().isEmpty() || r.expr.trimmed().isEmpty())
                return fail(context + tr("a rule in group \"%1\" has no name or no expression").arg(g.name));
        }
    }
    if (!m_database.beginWrite())
        return fail(context + m_database.lastError());
    QString error;
    QSqlQuery query(m_database.connection());
    bool ok = run(query, QStringLiteral("DELETE FROM alert_rule_groups"), {}, &error);
    for (qsizetype i = 0; ok && i < groups.size(); ++i) {
        const RuleGroup& g = groups.at(i);
        QJsonArray rules;
        for (const AlertRule& r : g.rules)
            rules.append(ruleToObject(r));
        ok = run(query,
            QStringLiteral(
                "INSERT INTO alert_rule_groups (position, name, interval_ms, rules) VALUES (?, ?, ?, ?)"),
            { qint64(i), g.name, g.intervalMs, toJson(rules) }, &error);
    }
    query.finish();
    if (!ok) {
        m_database.rollback();
        return fail(context + error);
    }
    if (!m_database.commit())
        return fail(context + m_database.lastError());
    return true;
}

std::optional<QList<RuleGroup>> AlertRepository::ruleGroups() const
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot read the rule groups from %1: ").arg(m_database.filePath());
    auto selected
        = select(QStringLiteral("SELECT name, interval_ms, rules FROM alert_rule_groups ORDER BY position"), {}, context);
    if (!selected)
        return std::nullopt;
    QSqlQuery& query = *selected;
    QList<RuleGroup> result;
    while (query.next()) {
        RuleGroup g;
        g.name = query.value(0).toString();
        g.intervalMs = query.value(1).toLongLong();
        QString error;
        const auto rules = parseJson(query.value(2).toString(), &error);
        if (!rules || !rules->isArray()) {
            fail(context + QStringLiteral("group \"%1\" is damaged: %2").arg(g.name, error));
            return std::nullopt;
        }
        for (const QJsonValue& v : rules->array()) {
            auto rule = ruleFromObject(v.toObject(), &error);
            if (!rule) {
                fail(context + QStringLiteral("group \"%1\" is damaged: %2").arg(g.name, error));
                return std::nullopt;
            }
            g.rules.append(std::move(*rule));
        }
        result.append(std::move(g));
    }
    if (query.lastError().isValid()) {
        fail(context + describeSqlError(query.lastError()));
        return std::nullopt;
    }
    return result;
}

// --- analytics ------------------------------------------------------------

std::optional<AlertRepository::Analytics> AlertRepository::analytics(qint64 fromMs, qint64 toMs) const
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot compute alert analytics from %1: ").arg(m_database.filePath());
    const QSqlDatabase db = m_database.connection();
    if (!db.isValid()) {
        fail(context + m_database.lastError());
        return std::nullopt;
    }
    Analytics result;
    QString error;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const auto nanIfNull = [](const QVariant& v) { return v.isNull() ? std::nan("") : v.toDouble(); };

    if (!run(query,
            QStringLiteral("SELECT count(*) FROM alerts WHERE active_since_ms >= ? AND active_since_ms < ?"),
            { fromMs, toMs }, &error)
        || !query.next()) {
        fail(context + (error.isEmpty() ? describeSqlError(query.lastError()) : error));
        return std::nullopt;
    }
    result.alerts = query.value(0).toInt();

    // MTTA only over alerts acknowledged once firing: an acknowledgement while
    // pending has no "time to acknowledge" yet.
    if (!run(query,
            QStringLiteral("SELECT count(*), avg(CASE WHEN fired_at_ms > 0 AND ack_at_ms >= fired_at_ms"
                           " THEN ack_at_ms - fired_at_ms END)"
                           " FROM alerts WHERE ack_at_ms >= ? AND ack_at_ms < ?"),
            { fromMs, toMs }, &error)
        || !query.next()) {
        fail(context + (error.isEmpty() ? describeSqlError(query.lastError()) : error));
        return std::nullopt;
    }
    result.acknowledged = query.value(0).toInt();
    result.mttaMs = nanIfNull(query.value(1));

    if (!run(query,
            QStringLiteral("SELECT avg(resolved_at_ms - fired_at_ms) FROM alerts"
                           " WHERE resolved_at_ms > 0 AND resolved_at_ms >= ? AND resolved_at_ms < ?"
                           " AND fired_at_ms > 0 AND resolved_at_ms >= fired_at_ms"),
            { fromMs, toMs }, &error)
        || !query.next()) {
        fail(context + (error.isEmpty() ? describeSqlError(query.lastError()) : error));
        return std::nullopt;
    }
    result.mttrMs = nanIfNull(query.value(0));

    if (!run(query,
            QStringLiteral("SELECT rule_name, count(*) AS n, sum(ever_flapping) AS f FROM alerts"
                           " WHERE active_since_ms >= ? AND active_since_ms < ?"
                           " GROUP BY rule_name ORDER BY n DESC, f DESC, rule_name"),
            { fromMs, toMs }, &error)) {
        fail(context + error);
        return std::nullopt;
    }
    while (query.next())
        result.perRule.append(
            RuleStats { query.value(0).toString(), query.value(1).toInt(), query.value(2).toInt() });
    if (query.lastError().isValid()) {
        fail(context + describeSqlError(query.lastError()));
        return std::nullopt;
    }
    return result;
}

} // namespace opsdeck::storage
