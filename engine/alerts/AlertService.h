#pragma once

#include "alerts/AlertAnalytics.h"
#include "alerts/AlertRepository.h"
#include "alerts/AlertTypes.h"
#include "ServiceThread.h"

#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class QThread;

namespace opsdeck {
class Clock;
}
namespace opsdeck::query {
class DataSourceRegistry;
class QuerySource;
} // namespace opsdeck::query
namespace opsdeck::scrape {
class ScrapeManager;
}
namespace opsdeck::storage {
class Database;
class StateWriter;
} // namespace opsdeck::storage

// Alerting as one service: rule evaluation as data arrives, the alert
// lifecycle, acknowledgements, silences, routing/grouping/escalation and
// delivery to receivers, with every state change persisted. The same object
// runs in the console, in `opsdeck --headless` and in tests; it assumes no
// window exists.
//
// Threads: the evaluator, dispatcher and delivery run on one "opsdeck-alerts"
// thread, woken by each scrape round (ScrapeManager::scrapeRoundCompleted) and
// by the dispatcher's next due time. Persistence goes through the StateWriter.
// The owner's thread (the GUI thread in the console) only reads snapshots,
// which arrive coalesced (at most ~10 per second), and posts requests whose
// answers come back on a context object.
//
// It must never report an acknowledgement before it is committed: done() of
// acknowledge() runs, and the snapshot shows the acknowledgement, only after
// the row is in SQLite, so a click the operator saw succeed survives SIGKILL.
namespace opsdeck {

class AlertServiceWorker;

struct AlertServiceOptions
{
    const Clock* clock = nullptr; // nullptr = SystemClock
    qint64 resolvedRetentionMs = 15 * 60'000; // resolved alerts stay in the live list this long
};

class AlertService final : public QObject
{
    Q_OBJECT

public:
    AlertService(const query::DataSourceRegistry* sources, scrape::ScrapeManager* scrape,
        storage::StateWriter* writer, AlertServiceOptions options = {}, QObject* parent = nullptr);
    ~AlertService() override;

    // Reads the stored rules, open alerts and silences from db (on the
    // caller's thread, once) and starts evaluating. False with errorString().
    bool start(storage::Database& db);
    QString errorString() const { return m_error; }
    // Blocks until the alerts thread has finished what it was given and the
    // state writer is idle (tests, shutdown).
    void waitForIdle();

    // The latest snapshot (open alerts plus recently resolved ones), newest first.
    QList<alerts::Alert> alerts() const { return m_alerts; }
    QList<alerts::Silence> silences() const { return m_silences; }
    QList<alerts::RuleGroup> ruleGroups() const { return m_groups; }
    alerts::AlertingConfig config() const { return m_config; }
    int firingCount() const;
    // Worst severity among firing, unacknowledged alerts; nullopt when none fires.
    std::optional<alerts::Severity> worstFiring() const;
    // Shared PostgreSQL state: whether this engine holds the leader lock and
    // so is the one that sends notifications. Always true on SQLite.
    bool isNotificationLeader() const { return m_leader.load(); }
    // Another engine on the same PostgreSQL changed topic (storage::topic:
    // alerts, silences, rules): reload it from the database (Engine calls
    // this from its LISTEN connection).
    void storedStateChanged(const QString& topic);

    // Silenced or inhibited as of the last dispatch (for the inbox).
    bool isMuted(const QByteArray& fingerprint) const { return m_muted.contains(fingerprint); }

    // Rule evaluation rounds since start and the time they took (any thread; the engine's /metrics).
    quint64 evaluationsTotal() const { return m_evaluations.load(std::memory_order_relaxed); }
    double evaluationSecondsTotal() const { return double(m_evaluationNs.load(std::memory_order_relaxed)) / 1e9; }

    using Done = std::function<void(QString error)>;
    // Rules replace the stored ones (validated: names, expressions). done runs on context's thread.
    void setRuleGroups(const QList<alerts::RuleGroup>& groups, QObject* context, Done done);
    void setConfig(const alerts::AlertingConfig& config);

    void acknowledge(
        const QList<qint64>& alertIds, const QString& by, const QString& note, QObject* context, Done done);
    void unacknowledge(qint64 alertId, const QString& by, QObject* context, Done done);
    using SilenceDone = std::function<void(qint64 id, QString error)>;
    void addSilence(const alerts::Silence& silence, QObject* context, SilenceDone done);
    void expireSilence(qint64 silenceId, QObject* context, Done done);

    // Reads for the detail pane, answered on context's thread.
    void transitions(qint64 alertId, QObject* context, std::function<void(QList<alerts::AlertTransition>)> done);
    void notifications(
        qint64 alertId, QObject* context, std::function<void(QList<alerts::NotificationRecord>)> done);

    // MTTA, MTTR, alerts per rule (noisiest first), flapping, for [fromMs, toMs).
    void analytics(qint64 fromMs, qint64 toMs, QObject* context,
        std::function<void(std::optional<alerts::AlertAnalytics::Analytics>)> done);
    // Stored alerts (resolved included) for the inbox's history filter and the CLI.
    void storedAlerts(const alerts::AlertRepository::AlertQuery& query, QObject* context,
        std::function<void(QList<alerts::Alert>)> done);

signals:
    // A new snapshot is available (coalesced).
    void alertsChanged();
    // An alert instance started firing (once per instance), e.g. for the tray.
    void alertFired(const opsdeck::alerts::Alert& alert);
    void notificationRecorded(const opsdeck::alerts::NotificationRecord& record);

private:
    friend class AlertServiceWorker;
    void applySnapshot(const QList<alerts::Alert>& alerts, const QSet<QByteArray>& muted);
    void reloadSilences();

    storage::StateWriter* m_writer;
    std::atomic<quint64> m_evaluations { 0 };
    std::atomic_bool m_leader { true };
    std::atomic<qint64> m_evaluationNs { 0 };
    const Clock* m_clock = nullptr;
    QString m_error;
    std::unique_ptr<ServiceThread<AlertServiceWorker>> m_service;
    AlertServiceWorker* m_worker = nullptr; // owned by m_service, lives on the alerts thread
    QList<alerts::Alert> m_alerts;
    QList<alerts::Silence> m_silences;
    QList<alerts::RuleGroup> m_groups;
    alerts::AlertingConfig m_config;
    QSet<QByteArray> m_muted;
    QSet<qint64> m_announced; // alert ids already reported through alertFired
};

} // namespace opsdeck
