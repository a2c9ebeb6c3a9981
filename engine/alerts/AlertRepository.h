#pragma once

#include "alerts/AlertTypes.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QVariantList>

#include <optional>

// Persists alert instances (schema version 4, table alerts) with their state
// history (alert_transitions) and acknowledgements. After a restart the
// evaluator is restored from openAlerts() and maxAlertId(), and the inbox
// reads back exactly what was written. Silences, the delivery log, the rule
// groups and the analytics have their own classes beside this one
// (SilenceRepository, NotificationLogRepository, RuleGroupRepository,
// AlertAnalytics) on the same Database.
//
// Used on the thread that opened its Database (through StateWriter from the
// GUI). Every call is one transaction and reports failure (nullopt / false)
// with the reason in lastError(), logged under "opsdeck.storage". It must
// never report success for a write that is not committed (acknowledge() in
// particular: an acknowledgement returned true survives a SIGKILL right
// after), and never drop an acknowledgement because a stale alert snapshot is
// saved over it (only unacknowledge() clears one).
namespace opsdeck::storage {
class Database;
}

namespace opsdeck::alerts {

class AlertRepository final
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::alerts::AlertRepository)

public:
    explicit AlertRepository(storage::Database& db);

    // Upsert by Alert::id (> 0, assigned by the evaluator), one transaction.
    // An acknowledgement in the stored row is kept when the saved alert has
    // none (or an older one) — unless unacknowledge() cleared it after that
    // acknowledgement was made.
    bool saveAlerts(const QList<Alert>& alerts);
    // Rows for alerts that are stored already; a transition of an unknown
    // alert is dropped with a warning (it must not cost the others).
    bool appendTransitions(const QList<AlertTransition>& transitions);
    // Alerts first, then transitions, in one transaction: all or nothing.
    bool saveEvaluation(const QList<Alert>& changed, const QList<AlertTransition>& transitions);

    std::optional<QList<Alert>> openAlerts() const; // not resolved (nor inactive), newest first

    struct AlertQuery
    {
        std::optional<AlertState> state;
        // Alerts still open or resolved at or after sinceMs (0 = all).
        qint64 sinceMs = 0;
        int limit = 1000; // <= 0: no limit
    };
    // Newest first: by activeSinceMs, then id, descending.
    std::optional<QList<Alert>> alerts(const AlertQuery& query) const;
    std::optional<Alert> alert(qint64 id) const; // nullopt also when there is no such alert
    std::optional<qint64> maxAlertId() const; // 0 when none

    // Sets the acknowledgement (replacing an earlier one) and adds a
    // transition row (state unchanged, note "acknowledged by ..."), committed
    // before it returns true. False for an unknown or resolved alert.
    bool acknowledge(qint64 id, const Acknowledgement& ack);
    // Clears the acknowledgement and adds a transition row; false when the
    // alert is unknown or not acknowledged.
    bool unacknowledge(qint64 id, qint64 atMs, const QString& by);
    std::optional<QList<AlertTransition>> transitions(qint64 alertId) const; // oldest first

    QString lastError() const;

private:
    bool writeAlerts(const QList<Alert>& alerts);
    bool writeTransitions(const QList<AlertTransition>& transitions);
    std::optional<QList<Alert>> readAlerts(
        const QString& where, const QVariantList& binds, const QString& context) const;

    storage::Database& m_database;
    mutable QString m_lastError;
};

} // namespace opsdeck::alerts
