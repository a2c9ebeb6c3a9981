#include "alerts/NotificationLogRepository.h"

#include "alerts/AlertJson.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/WriteTransaction.h"

#include <QJsonArray>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace opsdeck::alerts {

using namespace json;
using storage::describeSqlError;
using storage::failWith;
using storage::nonNull;
using storage::runQuery;

namespace {

const QString kNotificationColumns = QStringLiteral(
    "id, delivery_id, receiver, receiver_type, group_key, kind, alert_ids, status, attempts, http_status, error,"
    " created_at_ms, finished_at_ms");

} // namespace

NotificationLogRepository::NotificationLogRepository(storage::Database& db)
    : m_database(db)
{ }

QString NotificationLogRepository::lastError() const
{
    return m_lastError;
}

std::optional<qint64> NotificationLogRepository::addNotification(const NotificationRecord& record)
{
    m_lastError.clear();
    const QString context
        = QStringLiteral("cannot log a notification to %1 in %2: ").arg(record.receiver, m_database.filePath());
    storage::WriteTransaction transaction(m_database);
    if (!transaction.isActive()) {
        failWith(m_lastError, context + m_database.lastError());
        return std::nullopt;
    }
    QString error;
    qint64 id = 0;
    {
        QSqlQuery query(m_database.connection());
        if (!runQuery(query,
                QStringLiteral(
                    "INSERT INTO notification_log (delivery_id, receiver, receiver_type, group_key, kind,"
                    " alert_ids, status, attempts, http_status, error, created_at_ms, finished_at_ms)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
                { static_cast<qint64>(record.deliveryId), nonNull(record.receiver), nonNull(record.receiverType),
                    nonNull(QString::fromUtf8(record.groupKey)), nonNull(record.kind),
                    alertIdsToJson(record.alertIds), nonNull(record.status), record.attempts, record.httpStatus,
                    nonNull(record.error), record.createdAtMs, record.finishedAtMs },
                &error)) {
            failWith(m_lastError, context + error);
            return std::nullopt;
        }
        id = storage::insertedId(query);
        for (qint64 alertId : QSet<qint64>(record.alertIds.cbegin(), record.alertIds.cend())) {
            if (!runQuery(query,
                    QStringLiteral("INSERT INTO notification_alerts (notification_id, alert_id) VALUES (?, ?)"),
                    { id, alertId }, &error)) {
                failWith(m_lastError, context + error);
                return std::nullopt;
            }
        }
    }
    if (!transaction.commit()) {
        failWith(m_lastError, context + m_database.lastError());
        return std::nullopt;
    }
    return id;
}

bool NotificationLogRepository::updateNotification(const NotificationRecord& record)
{
    m_lastError.clear();
    const QString context
        = QStringLiteral("cannot update notification %1 (delivery %2) in %3: ")
              .arg(QString::number(record.id), QString::number(record.deliveryId), m_database.filePath());
    if (record.id <= 0 && record.deliveryId == 0)
        return failWith(m_lastError, context + QStringLiteral("neither its id nor its delivery id is set"));
    storage::WriteTransaction transaction(m_database);
    if (!transaction.isActive())
        return failWith(m_lastError, context + m_database.lastError());
    QString error;
    QSqlQuery query(m_database.connection());
    qint64 id = record.id;
    if (id <= 0) {
        if (!runQuery(query, QStringLiteral("SELECT max(id) FROM notification_log WHERE delivery_id = ?"),
                { static_cast<qint64>(record.deliveryId) }, &error)
            || !query.next() || query.value(0).isNull()) {
            if (error.isEmpty())
                error = QStringLiteral("no notification with delivery id %1").arg(record.deliveryId);
            return failWith(m_lastError, context + error);
        }
        id = query.value(0).toLongLong();
        query.finish();
    }
    // Identity fields left empty (0) in an update keep their stored values.
    if (!runQuery(query,
            QStringLiteral("UPDATE notification_log SET receiver = coalesce(nullif(?, ''), receiver),"
                           " receiver_type = coalesce(nullif(?, ''), receiver_type),"
                           " group_key = coalesce(nullif(?, ''), group_key), kind = coalesce(nullif(?, ''), kind),"
                           " status = ?, attempts = ?, http_status = ?, error = ?,"
                           " created_at_ms = CASE WHEN CAST(? AS BIGINT) > 0 THEN ? ELSE created_at_ms END,"
                           " finished_at_ms = ?"
                           " WHERE id = ?"),
            { nonNull(record.receiver), nonNull(record.receiverType), nonNull(QString::fromUtf8(record.groupKey)),
                nonNull(record.kind), nonNull(record.status), record.attempts, record.httpStatus,
                nonNull(record.error), record.createdAtMs, record.createdAtMs, record.finishedAtMs, id },
            &error)) {
        return failWith(m_lastError, context + error);
    }
    if (query.numRowsAffected() != 1)
        return failWith(m_lastError, context + QStringLiteral("no notification with id %1").arg(id));
    if (!record.alertIds.isEmpty()) {
        bool ok = runQuery(query, QStringLiteral("UPDATE notification_log SET alert_ids = ? WHERE id = ?"),
                      { alertIdsToJson(record.alertIds), id }, &error)
            && runQuery(query, QStringLiteral("DELETE FROM notification_alerts WHERE notification_id = ?"), { id },
                &error);
        for (qint64 alertId : QSet<qint64>(record.alertIds.cbegin(), record.alertIds.cend())) {
            if (!ok)
                break;
            ok = runQuery(query,
                QStringLiteral("INSERT INTO notification_alerts (notification_id, alert_id) VALUES (?, ?)"),
                { id, alertId }, &error);
        }
        if (!ok)
            return failWith(m_lastError, context + error);
    }
    query.finish();
    if (!transaction.commit())
        return failWith(m_lastError, context + m_database.lastError());
    return true;
}

std::optional<QList<NotificationRecord>> NotificationLogRepository::notifications(qint64 alertId, int limit) const
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
    QString selectError;
    auto selected = storage::selectQuery(m_database, sql, binds, &selectError);
    if (!selected) {
        failWith(m_lastError, context + selectError);
        return std::nullopt;
    }
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
            failWith(m_lastError,
                context + QStringLiteral("notification %1 is damaged: %2").arg(QString::number(r.id), error));
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
        failWith(m_lastError, context + describeSqlError(query.lastError()));
        return std::nullopt;
    }
    return result;
}

} // namespace opsdeck::alerts
