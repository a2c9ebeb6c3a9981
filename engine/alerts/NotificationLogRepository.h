#pragma once

#include "alerts/AlertTypes.h"

#include <QList>
#include <QString>

#include <optional>

// Persists the notification delivery log (schema version 4, tables
// notification_log and notification_alerts): one record per delivery to a
// receiver, its attempts and outcome, and the alerts it was about, so the
// alert detail pane can show what was sent for an alert.
//
// Used on the thread that opened its Database (the StateWriter thread).
// Every call is one transaction and reports failure (nullopt / false) with
// the reason in lastError(), logged under "opsdeck.storage".
namespace opsdeck::storage {
class Database;
}

namespace opsdeck::alerts {

class NotificationLogRepository final
{
public:
    explicit NotificationLogRepository(storage::Database& db);

    std::optional<qint64> addNotification(const NotificationRecord& record);
    // By id; when id is 0, the latest record with the same deliveryId
    // (DeliveryService reports records with id 0).
    bool updateNotification(const NotificationRecord& record);
    // Newest first; only those about alertId when it is not 0.
    std::optional<QList<NotificationRecord>> notifications(qint64 alertId = 0, int limit = 200) const;

    QString lastError() const;

private:
    storage::Database& m_database;
    mutable QString m_lastError;
};

} // namespace opsdeck::alerts
