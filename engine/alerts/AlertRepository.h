#pragma once

#include "alerts/AlertTypes.h"

#include <QCoreApplication>
#include <QList>
#include <QSqlQuery>
#include <QVariantList>
#include <QString>

#include <cmath>
#include <optional>

// Persists alerting state (schema version 4): alert instances with their
// state history (alert_transitions) and acknowledgements, silences, the
// notification delivery log and the rule groups. After a restart the
// evaluator is restored from openAlerts() and maxAlertId(), and the inbox,
// silences and delivery log read back exactly what was written.
//
// Used on the thread that opened its Database (through StateWriter from the
// GUI). Every call is one transaction and reports failure (nullopt / false)
// with the reason in lastError(), logged under "opsdeck.storage". It must
// never report success for a write that is not committed (acknowledge() in
// particular: an acknowledgement returned true survives a SIGKILL right
// after), never drop an acknowledgement because a stale alert snapshot is
// saved over it (only unacknowledge() clears one), and never store a silence
// that would mute everything or has no time span.
namespace opsdeck::storage {

class Database;

class AlertRepository final
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::storage::AlertRepository)

public:
    explicit AlertRepository(Database& db);

    // Upsert by Alert::id (> 0, assigned by the evaluator), one transaction.
    // An acknowledgement in the stored row is kept when the saved alert has
    // none (or an older one) — unless unacknowledge() cleared it after that
    // acknowledgement was made.
    bool saveAlerts(const QList<alerts::Alert>& alerts);
    // Rows for alerts that are stored already; a transition of an unknown
    // alert is dropped with a warning (it must not cost the others).
    bool appendTransitions(const QList<alerts::AlertTransition>& transitions);
    // Alerts first, then transitions, in one transaction: all or nothing.
    bool saveEvaluation(const QList<alerts::Alert>& changed, const QList<alerts::AlertTransition>& transitions);

    std::optional<QList<alerts::Alert>> openAlerts() const; // not resolved (nor inactive), newest first

    struct AlertQuery
    {
        std::optional<alerts::AlertState> state;
        // Alerts still open or resolved at or after sinceMs (0 = all).
        qint64 sinceMs = 0;
        int limit = 1000; // <= 0: no limit
    };
    // Newest first: by activeSinceMs, then id, descending.
    std::optional<QList<alerts::Alert>> alerts(const AlertQuery& query) const;
    std::optional<alerts::Alert> alert(qint64 id) const; // nullopt also when there is no such alert
    std::optional<qint64> maxAlertId() const; // 0 when none

    // Sets the acknowledgement (replacing an earlier one) and adds a
    // transition row (state unchanged, note "acknowledged by ..."), committed
    // before it returns true. False for an unknown or resolved alert.
    bool acknowledge(qint64 id, const alerts::Acknowledgement& ack);
    // Clears the acknowledgement and adds a transition row; false when the
    // alert is unknown or not acknowledged.
    bool unacknowledge(qint64 id, qint64 atMs, const QString& by);
    std::optional<QList<alerts::AlertTransition>> transitions(qint64 alertId) const; // oldest first

    // Validates (validateSilence) and stores; returns the new id.
    std::optional<qint64> addSilence(const alerts::Silence& silence);
    // By id; e.g. expire = set endsAtMs to now (and startsAtMs too when it was
    // still pending: an update allows endsAtMs == startsAtMs).
    bool updateSilence(const alerts::Silence& silence);
    std::optional<QList<alerts::Silence>> silences() const; // expired ones included, newest first
    // Empty when the silence may be stored, else what is wrong in plain words.
    // Like Alertmanager: at least one matcher, each valid, at least one that
    // does not match the empty string, and endsAtMs after startsAtMs.
    static QString validateSilence(const alerts::Silence& silence, bool allowEmptySpan = false);

    std::optional<qint64> addNotification(const alerts::NotificationRecord& record);
    // By id; when id is 0, the latest record with the same deliveryId
    // (DeliveryService reports records with id 0).
    bool updateNotification(const alerts::NotificationRecord& record);
    // Newest first; only those about alertId when it is not 0.
    std::optional<QList<alerts::NotificationRecord>> notifications(qint64 alertId = 0, int limit = 200) const;

    bool saveRuleGroups(const QList<alerts::RuleGroup>& groups); // replaces all; group names unique and non-empty
    std::optional<QList<alerts::RuleGroup>> ruleGroups() const; // in the saved order

    struct RuleStats
    {
        QString rule;
        int alerts = 0; // instances that started in the period
        int flapping = 0; // of those, how many were ever marked flapping
    };
    struct Analytics
    {
        int alerts = 0; // instances that started (activeSinceMs) in [fromMs, toMs)
        int acknowledged = 0; // instances acknowledged in [fromMs, toMs)
        double mttaMs = NAN; // mean(ack − fired) over alerts fired and then acknowledged in the period
        double mttrMs = NAN; // mean(resolved − fired) over fired alerts resolved in the period
        QList<RuleStats> perRule; // noisiest first (alerts, then flapping, descending; then by name)
    };
    std::optional<Analytics> analytics(qint64 fromMs, qint64 toMs) const;

    QString lastError() const;

private:
    bool fail(const QString& what) const;
    // A read on this thread's connection (prepared, values bound in order);
    // nullopt with lastError() = context + the reason on failure.
    std::optional<QSqlQuery> select(const QString& sql, const QVariantList& binds, const QString& context) const;
    bool writeAlerts(const QList<alerts::Alert>& alerts);
    bool writeTransitions(const QList<alerts::AlertTransition>& transitions);
    std::optional<QList<alerts::Alert>> readAlerts(
        const QString& where, const QVariantList& binds, const QString& context) const;

    Database& m_database;
    mutable QString m_lastError;
};

} // namespace opsdeck::storage
