#include "alerts/AlertService.h"

#include "alerts/AlertmanagerForwarder.h"
#include "alerts/AlertRepository.h"
#include "alerts/DeliveryService.h"
#include "alerts/NotificationDispatcher.h"
#include "alerts/NotificationLogRepository.h"
#include "alerts/RuleEvaluator.h"
#include "alerts/RuleGroupRepository.h"
#include "alerts/SilenceRepository.h"
#include "Clock.h"
#include "query/DataSourceRegistry.h"
#include "query/QuerySource.h"
#include "scrape/ScrapeManager.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/StateWriter.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QHostInfo>
#include <QLoggingCategory>
#include <QPointer>
#include <QSemaphore>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <limits>

Q_LOGGING_CATEGORY(lcAlertService, "opsdeck.alerts.service")

namespace opsdeck {

namespace {

// Runs fn on context's thread; dropped when context is gone.
template <typename T, typename Fn> void deliverTo(const QPointer<T>& context, Fn fn)
{
    if (!context)
        return;
    QMetaObject::invokeMethod(
        context.data(),
        [context, fn = std::move(fn)]() mutable {
            if (context)
                fn();
        },
        Qt::QueuedConnection);
}

constexpr qint64 kPublishIntervalMs = 100; // at most ~10 snapshots a second
constexpr qint64 kIdleEvaluationMs = 1'000; // evaluate on the clock when no scrape round comes
constexpr qint64 kAckPollMs = 2'000; // acknowledgements from other processes
// Shared state: how often a follower tries the leader lock and a leader checks
// its session. A dead leader's session ends with its process, so a follower
// takes over within about one interval (plus the group's group_wait).
constexpr int kElectionIntervalMs = 1'000;
// How far back a new leader reads alerts to rebuild what was already notified.
constexpr qint64 kTakeoverHistoryMs = 24 * 3600'000;

} // namespace

// Everything that runs on the alerts thread.
class AlertServiceWorker final : public QObject
{
    Q_OBJECT

public:
    AlertServiceWorker(AlertService* front, const query::DataSourceRegistry* sources, storage::StateWriter* writer,
        const Clock* clock, AlertServiceOptions options)
        : m_front(front)
        , m_sources(sources)
        , m_query(sources->source({}).get())
        , m_writer(writer)
        , m_clock(clock)
        , m_options(options)
    { }

    // On the alerts thread, once.
    // shared: the PostgreSQL state shared with other engines (then only the
    // holder of the leader lock delivers notifications); nullopt = SQLite,
    // this engine always delivers. firstDeliveryId numbers this engine's deliveries.
    void init(const QList<alerts::RuleGroup>& groups, const QList<alerts::Alert>& open, qint64 nextId,
        const QList<alerts::Silence>& silences, const alerts::AlertingConfig& config,
        const QList<alerts::NotificationRecord>& deliveries, std::optional<storage::StateLocation> shared,
        quint64 firstDeliveryId)
    {
        m_config = config;
        m_shared = std::move(shared);
        m_leader = !m_shared;
        m_nextDeliveryId = firstDeliveryId;
        m_evaluator = std::make_unique<alerts::RuleEvaluator>();
        m_evaluator->setGroups(groups);
        m_evaluator->restore(open, nextId);
        m_silences = silences;
        m_dispatcher.setConfig(config);
        // What was already sent before a restart is not sent again before its repeat_interval.
        m_dispatcher.restore(deliveries, open);
        m_delivery = new alerts::DeliveryService(this, m_clock);
        m_delivery->setReceivers(config.receivers);
        m_delivery->setExternalUrl(config.externalUrl);
        connect(m_delivery, &alerts::DeliveryService::recordChanged, this, &AlertServiceWorker::recordDelivery);
        m_forwarder = new alerts::AlertmanagerForwarder(this, m_clock);
        m_forwarder->setAlertmanagers(config.alertmanagers);
        m_forwarder->setExternalUrl(config.externalUrl);

        m_dueTimer.setSingleShot(true);
        m_dueTimer.setTimerType(Qt::PreciseTimer);
        connect(&m_dueTimer, &QTimer::timeout, this, [this] { dispatch(); });
        m_publishTimer.setSingleShot(true);
        connect(&m_publishTimer, &QTimer::timeout, this, [this] {
            if (m_dirty)
                publish();
        });
        m_idleTimer.setInterval(static_cast<int>(kIdleEvaluationMs));
        connect(&m_idleTimer, &QTimer::timeout, this, [this] {
            if (!m_sinceRound.isValid() || m_sinceRound.elapsed() > kIdleEvaluationMs + kIdleEvaluationMs / 2)
                evaluateAt(m_clock->nowMs());
        });
        m_idleTimer.start();
        // Acknowledgements made by another process on the same database
        // (`opsdeck alerts ack`, a second console) come in through SQLite.
        m_ackPollTimer.setInterval(static_cast<int>(kAckPollMs));
        connect(&m_ackPollTimer, &QTimer::timeout, this, &AlertServiceWorker::pollAcknowledgements);
        m_ackPollTimer.start();
        if (m_shared) {
            m_electionTimer.setInterval(kElectionIntervalMs);
            connect(&m_electionTimer, &QTimer::timeout, this, &AlertServiceWorker::elect);
            m_electionTimer.start();
        }
        m_dirty = true;
        publish();
        dispatch();
        if (m_shared)
            elect();
    }

    bool isLeader() const { return m_leader; }

    // Another engine changed acknowledgements (LISTEN/NOTIFY): read them now.
    void refreshAcknowledgements() { pollAcknowledgements(); }

    void onRound(qint64 timestampMs)
    {
        m_sinceRound.start();
        evaluateAt(timestampMs);
    }

    void evaluateAt(qint64 timeMs)
    {
        // A scrape round can arrive before init() (a PostgreSQL state takes
        // longer to read): there is nothing to evaluate yet.
        if (!m_evaluator)
            return;
        QElapsedTimer evaluation;
        evaluation.start();
        alerts::EvaluationResult result = m_evaluator->evaluate(*m_query, timeMs, m_sources);
        m_front->m_evaluationNs.fetch_add(evaluation.nsecsElapsed(), std::memory_order_relaxed);
        m_front->m_evaluations.fetch_add(1, std::memory_order_relaxed);
        if (!result.changed.isEmpty() || !result.transitions.isEmpty()) {
            persistEvaluation(result);
            m_dirty = true;
        }
        // External Alertmanagers get every firing and resolved alert, whatever OpsDeck's own routes say.
        m_forwarder->update(m_evaluator->alerts());
        dispatch();
        schedulePublish();
    }

    void setGroups(const QList<alerts::RuleGroup>& groups)
    {
        m_evaluator->setGroups(groups);
        m_dirty = true;
        schedulePublish();
    }

    void setConfig(const alerts::AlertingConfig& config)
    {
        m_config = config;
        m_dispatcher.setConfig(config);
        m_delivery->setReceivers(config.receivers);
        m_delivery->setExternalUrl(config.externalUrl);
        m_forwarder->setAlertmanagers(config.alertmanagers);
        m_forwarder->setExternalUrl(config.externalUrl);
        dispatch();
    }

    void setSilences(const QList<alerts::Silence>& silences)
    {
        m_silences = silences;
        m_dirty = true;
        dispatch();
        schedulePublish();
    }

    // The acknowledgement is applied to the evaluator at once (so a later
    // evaluation saves it too) but shown and reported only after commit.
    void acknowledge(const QList<qint64>& ids, const alerts::Acknowledgement& acknowledgement,
        QPointer<QObject> context, AlertService::Done done)
    {
        QStringList errors;
        QList<qint64> applied;
        alerts::Acknowledgement ack = acknowledgement;
        ack.atMs = m_clock->nowMs();
        for (const qint64 id : ids) {
            if (m_evaluator->acknowledge(id, ack)) {
                m_unacknowledged.remove(id);
                applied.append(id);
                m_uncommittedAcks.insert(id);
            } else {
                errors.append(AlertService::tr("Alert %1 is not open any more.").arg(id));
            }
        }
        if (applied.isEmpty()) {
            deliverTo(context, [done, error = errors.join(QLatin1Char(' '))] { done(error); });
            return;
        }
        m_writer->run<QString>(
            [applied, ack](storage::Database& db) {
                alerts::AlertRepository repo(db);
                for (const qint64 id : applied) {
                    if (!repo.acknowledge(id, ack))
                        return repo.lastError();
                }
                storage::notifyStateChange(db, storage::topic::kAlerts);
                return QString();
            },
            this,
            [this, applied, errors, context, done](QString error) {
                for (const qint64 id : applied)
                    m_uncommittedAcks.remove(id);
                if (!error.isEmpty())
                    qCWarning(lcAlertService) << "acknowledgement not stored:" << error;
                m_dirty = true;
                publish();
                dispatch(); // PagerDuty acknowledge, escalation stops
                QStringList all = errors;
                if (!error.isEmpty())
                    all.prepend(error);
                deliverTo(context, [done, message = all.join(QLatin1Char(' '))] { done(message); });
            });
    }

    void unacknowledge(qint64 id, const QString& by, QPointer<QObject> context, AlertService::Done done)
    {
        const qint64 now = m_clock->nowMs();
        // A poll already under way could still read the old row: never re-apply it.
        m_unacknowledged.insert(id);
        if (!m_evaluator->unacknowledge(id, now, by)) {
            deliverTo(context, [done, id] { done(AlertService::tr("Alert %1 is not open any more.").arg(id)); });
            return;
        }
        m_writer->run<QString>(
            [id, now, by](storage::Database& db) {
                alerts::AlertRepository repo(db);
                if (!repo.unacknowledge(id, now, by))
                    return repo.lastError();
                storage::notifyStateChange(db, storage::topic::kAlerts);
                return QString();
            },
            this,
            [this, context, done](QString error) {
                m_dirty = true;
                publish();
                dispatch();
                deliverTo(context, [done, error] { done(error); });
            });
    }

private:
    void pollAcknowledgements()
    {
        if (m_polling)
            return;
        m_polling = true;
        // Unacknowledgements made before this read are in the database by the time it runs.
        const QSet<qint64> settled = m_unacknowledged;
        m_writer->run<QList<alerts::Alert>>(
            [](storage::Database& db) {
                alerts::AlertRepository repo(db);
                return repo.openAlerts().value_or(QList<alerts::Alert>());
            },
            this,
            [this, settled](QList<alerts::Alert> stored) {
                m_polling = false;
                bool changed = false;
                QList<qint64> adopted;
                // Engines sharing a PostgreSQL state each number the alerts they
                // raise: another engine's acknowledgement of the same open
                // alert (same fingerprint) acknowledges this engine's too.
                QHash<QByteArray, qint64> openByFingerprint;
                if (m_shared) {
                    for (const alerts::Alert& a : m_evaluator->alerts()) {
                        if (a.isOpen())
                            openByFingerprint.insert(a.fingerprint, a.id);
                    }
                }
                for (const alerts::Alert& s : stored) {
                    if (!s.ack || m_uncommittedAcks.contains(s.id) || m_unacknowledged.contains(s.id))
                        continue;
                    std::optional<alerts::Alert> live = m_evaluator->alert(s.id);
                    if (!live && openByFingerprint.contains(s.fingerprint))
                        live = m_evaluator->alert(openByFingerprint.value(s.fingerprint));
                    if (!live || m_uncommittedAcks.contains(live->id) || m_unacknowledged.contains(live->id))
                        continue;
                    if (live->isOpen() && !live->ack && m_evaluator->acknowledge(live->id, *s.ack)) {
                        changed = true;
                        if (live->id != s.id)
                            adopted.append(live->id);
                    }
                }
                m_unacknowledged -= settled;
                if (!adopted.isEmpty())
                    persistAcknowledged(adopted);
                if (changed) {
                    m_dirty = true;
                    publish();
                    dispatch();
                }
            });
    }

    // This engine's own rows of alerts acknowledged through another engine's row.
    void persistAcknowledged(const QList<qint64>& ids)
    {
        QList<alerts::Alert> rows;
        for (const qint64 id : ids) {
            if (const std::optional<alerts::Alert> a = m_evaluator->alert(id))
                rows.append(*a);
        }
        m_writer->post([rows](storage::Database& db) {
            alerts::AlertRepository repo(db);
            if (!repo.saveAlerts(rows))
                qCWarning(lcAlertService) << "acknowledgement from another engine not stored:" << repo.lastError();
        });
    }

    // Leader election over a PostgreSQL session advisory lock on a connection
    // of its own (alerts thread): only the holder delivers notifications. The
    // lock goes with the session, so a leader that dies (even SIGKILL) frees
    // it when the server sees its connection close.
    void elect()
    {
        if (!m_leaderDb || !m_leaderDb->isOpen()) {
            m_leaderDb = std::make_unique<storage::Database>();
            if (!m_leaderDb->openLocation(*m_shared)) {
                qCWarning(lcAlertService).noquote()
                    << QStringLiteral("leader election: ") + m_leaderDb->lastError();
                m_leaderDb.reset();
                stepDown();
                return;
            }
        }
        QSqlQuery query(m_leaderDb->connection());
        if (m_leader) {
            if (!query.exec(QStringLiteral("SELECT 1")) || !query.next()) {
                qCWarning(lcAlertService) << "leader election: lost the database session; no longer sending "
                                             "notifications";
                query = QSqlQuery();
                m_leaderDb.reset();
                stepDown();
            }
            return;
        }
        if (!query.exec(QStringLiteral("SELECT pg_try_advisory_lock(%1)").arg(storage::Database::kLeaderLockKey))
            || !query.next()) {
            qCWarning(lcAlertService) << "leader election: cannot try the leader lock:"
                                      << storage::describeSqlError(query.lastError());
            return;
        }
        if (query.value(0).toBool())
            becomeLeader();
    }

    void stepDown()
    {
        if (!m_leader || !m_shared)
            return;
        m_leader = false;
        m_front->m_leader.store(false);
    }

    // What the previous leader sent is in the shared notification log: the
    // dispatcher is rebuilt from it (as after a restart), so what it sent is
    // not sent again and what it had not sent yet is sent now.
    void becomeLeader()
    {
        alerts::AlertRepository alertRepo(*m_leaderDb);
        alerts::NotificationLogRepository logRepo(*m_leaderDb);
        alerts::AlertRepository::AlertQuery recent;
        recent.sinceMs = m_clock->nowMs() - kTakeoverHistoryMs;
        recent.limit = 0;
        const auto stored = alertRepo.alerts(recent);
        const auto records = stored ? logRepo.notifications(0, 5000) : std::nullopt;
        if (!records) {
            qCWarning(lcAlertService) << "leader election: cannot read what was already sent:"
                                      << (stored ? logRepo.lastError() : alertRepo.lastError());
            // Without the log a takeover could notify twice: let the lock go and try again.
            QSqlQuery unlock(m_leaderDb->connection());
            unlock.exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(storage::Database::kLeaderLockKey));
            return;
        }
        QHash<qint64, alerts::Alert> byId;
        for (const alerts::Alert& a : *stored)
            byId.insert(a.id, a);
        for (const alerts::Alert& a : m_evaluator->alerts())
            byId.insert(a.id, a);
        m_dispatcher = alerts::NotificationDispatcher();
        m_dispatcher.setConfig(m_config);
        m_dispatcher.restore(*records, byId.values());
        m_leader = true;
        m_front->m_leader.store(true);
        qCInfo(lcAlertService).noquote()
            << QStringLiteral("this engine is now the notification leader (%1 records of earlier deliveries)")
                   .arg(records->size());
        dispatch();
    }

    void persistEvaluation(const alerts::EvaluationResult& result)
    {
        m_writer->post([changed = result.changed, transitions = result.transitions](storage::Database& db) {
            alerts::AlertRepository repo(db);
            if (!repo.saveEvaluation(changed, transitions))
                qCWarning(lcAlertService) << "alert state not stored:" << repo.lastError();
        });
    }

    void dispatch()
    {
        const qint64 now = m_clock->nowMs();
        QList<alerts::Notification> due = m_dispatcher.update(m_evaluator->alerts(), m_silences, now);
        for (alerts::Notification& n : due) {
            if (n.receiver.isEmpty())
                continue; // no receivers set up: alerts show in the inbox only
            if (!m_leader)
                continue; // another engine on the shared state sends it
            n.deliveryId = m_nextDeliveryId++;
            n.createdAtMs = n.createdAtMs ? n.createdAtMs : now;
            m_delivery->deliver(n);
        }
        const qint64 next = m_dispatcher.nextDueMs();
        if (next == std::numeric_limits<qint64>::max()) {
            m_dueTimer.stop();
        } else {
            const qint64 wait = std::clamp<qint64>(next - m_clock->nowMs(), 0, 24 * 3600'000);
            m_dueTimer.start(static_cast<int>(wait));
        }
        QSet<QByteArray> muted;
        for (const alerts::Alert& a : m_evaluator->alerts()) {
            if (m_dispatcher.muteOf(a.fingerprint) != alerts::NotificationDispatcher::Mute::None)
                muted.insert(a.fingerprint);
        }
        if (muted != m_muted) {
            m_muted = muted;
            m_dirty = true;
            schedulePublish();
        }
    }

    // Each delivery's record is stored once and then updated in place; the
    // delivery id -> row id map lives on the writer thread (jobs run in order).
    void recordDelivery(const alerts::NotificationRecord& record)
    {
        m_writer->post([stored = record, ids = m_recordIds](storage::Database& db) mutable {
            alerts::NotificationLogRepository repo(db);
            const auto known = ids->constFind(stored.deliveryId);
            if (known != ids->cend()) {
                stored.id = known.value();
                if (!repo.updateNotification(stored))
                    qCWarning(lcAlertService) << "notification log not updated:" << repo.lastError();
            } else if (const auto id = repo.addNotification(stored)) {
                ids->insert(stored.deliveryId, *id);
            } else {
                qCWarning(lcAlertService) << "notification log not stored:" << repo.lastError();
            }
        });
        QPointer<AlertService> front(m_front);
        deliverTo(front, [front, record] { emit front->notificationRecorded(record); });
    }

    void schedulePublish()
    {
        if (!m_dirty)
            return;
        if (!m_publishTimer.isActive())
            publish();
    }

    void publish()
    {
        m_dirty = false;
        m_publishTimer.start(static_cast<int>(kPublishIntervalMs));
        QList<alerts::Alert> list = m_evaluator->alerts();
        for (alerts::Alert& a : list) {
            if (m_uncommittedAcks.contains(a.id))
                a.ack.reset();
        }
        std::sort(list.begin(), list.end(), [](const alerts::Alert& a, const alerts::Alert& b) {
            return a.activeSinceMs != b.activeSinceMs ? a.activeSinceMs > b.activeSinceMs : a.id > b.id;
        });
        QPointer<AlertService> front(m_front);
        deliverTo(front, [front, list, muted = m_muted, silences = m_silences] {
            front->m_silences = silences;
            front->applySnapshot(list, muted);
        });
    }

    AlertService* m_front;
    const query::DataSourceRegistry* m_sources;
    const query::QuerySource* m_query; // the local one (owned by the engine, as m_sources)
    storage::StateWriter* m_writer;
    const Clock* m_clock;
    AlertServiceOptions m_options;
    std::unique_ptr<alerts::RuleEvaluator> m_evaluator;
    alerts::NotificationDispatcher m_dispatcher;
    alerts::DeliveryService* m_delivery = nullptr;
    alerts::AlertmanagerForwarder* m_forwarder = nullptr;
    QList<alerts::Silence> m_silences;
    QSet<qint64> m_uncommittedAcks;
    QSet<qint64> m_unacknowledged; // by this process: polls must not bring the old acknowledgement back
    QSet<QByteArray> m_muted;
    alerts::AlertingConfig m_config;
    std::optional<storage::StateLocation> m_shared;
    std::unique_ptr<storage::Database> m_leaderDb; // the leader lock's session (alerts thread)
    bool m_leader = true;
    std::shared_ptr<QHash<quint64, qint64>> m_recordIds = std::make_shared<QHash<quint64, qint64>>();
    quint64 m_nextDeliveryId = 1;
    // Children, so moveToThread takes them along to the alerts thread.
    QTimer m_dueTimer { this };
    QTimer m_publishTimer { this };
    QTimer m_idleTimer { this };
    QTimer m_ackPollTimer { this };
    QTimer m_electionTimer { this };
    bool m_polling = false;
    QElapsedTimer m_sinceRound;
    bool m_dirty = false;
};

AlertService::AlertService(const query::DataSourceRegistry* sources, scrape::ScrapeManager* scrape,
    storage::StateWriter* writer, AlertServiceOptions options, QObject* parent)
    : QObject(parent)
    , m_writer(writer)
{
    qRegisterMetaType<alerts::Alert>();
    qRegisterMetaType<alerts::Notification>();
    qRegisterMetaType<alerts::NotificationRecord>();
    const Clock* clock = options.clock ? options.clock : SystemClock::instance();
    m_clock = clock;
    // The thread starts in start(), once the stored state is read.
    m_service = std::make_unique<ServiceThread<AlertServiceWorker>>(QStringLiteral("opsdeck-alerts"));
    m_worker = m_service->adopt(new AlertServiceWorker(this, sources, writer, clock, options));
    if (scrape) {
        connect(scrape, &scrape::ScrapeManager::scrapeRoundCompleted, m_worker, &AlertServiceWorker::onRound,
            Qt::QueuedConnection);
    }
}

AlertService::~AlertService()
{
    m_service->stop(); // the worker is deleted on the alerts thread
}

bool AlertService::start(storage::Database& db)
{
    alerts::RuleGroupRepository ruleRepo(db);
    alerts::AlertRepository alertRepo(db);
    alerts::SilenceRepository silenceRepo(db);
    alerts::NotificationLogRepository logRepo(db);
    const auto groups = ruleRepo.ruleGroups();
    const auto open = groups ? alertRepo.openAlerts() : std::nullopt;
    const auto silences = open ? silenceRepo.silences() : std::nullopt;
    const auto maxId = silences ? alertRepo.maxAlertId() : std::nullopt;
    const auto deliveries = maxId ? logRepo.notifications(0, 5000) : std::nullopt;
    if (!deliveries) {
        m_error = !groups     ? ruleRepo.lastError()
            : !open || !maxId ? alertRepo.lastError()
            : !silences       ? silenceRepo.lastError()
                              : logRepo.lastError();
        return false;
    }
    qint64 nextId = *maxId + 1;
    quint64 firstDeliveryId = 1;
    std::optional<storage::StateLocation> shared;
    if (db.isPostgres()) {
        // Engines on one PostgreSQL number their alerts and deliveries in
        // blocks of their own: (engine start id) << 40.
        QSqlQuery query(db.connection());
        QString error;
        if (!storage::runQuery(query,
                QStringLiteral("INSERT INTO engine_starts (started_ms, host, pid) VALUES (?, ?, ?) RETURNING id"),
                { m_clock->nowMs(), QHostInfo::localHostName(), QCoreApplication::applicationPid() }, &error)) {
            m_error = QStringLiteral("cannot register this engine in %1: %2").arg(db.filePath(), error);
            return false;
        }
        const qint64 epoch = storage::insertedId(query);
        nextId = std::max(nextId, epoch << 40);
        firstDeliveryId = quint64(epoch) << 40;
        shared = db.location();
        m_leader.store(false);
    }
    m_groups = *groups;
    m_silences = *silences;
    m_service->start();
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, g = *groups, o = *open, next = nextId, s = *silences, c = m_config, d = *deliveries,
            shared, firstDeliveryId] { worker->init(g, o, next, s, c, d, shared, firstDeliveryId); },
        Qt::QueuedConnection);
    return true;
}

void AlertService::waitForIdle()
{
    // Two round trips: the first drains queued work, the second what that work queued.
    for (int i = 0; i < 2; ++i) {
        QSemaphore done;
        QMetaObject::invokeMethod(
            m_worker, [&done] { done.release(); }, Qt::QueuedConnection);
        done.acquire();
        m_writer->waitForIdle();
    }
}

int AlertService::firingCount() const
{
    return static_cast<int>(std::count_if(m_alerts.cbegin(), m_alerts.cend(),
        [](const alerts::Alert& a) { return a.state == alerts::AlertState::Firing; }));
}

std::optional<alerts::Severity> AlertService::worstFiring() const
{
    std::optional<alerts::Severity> worst;
    for (const alerts::Alert& a : m_alerts) {
        if (a.state != alerts::AlertState::Firing || a.ack)
            continue;
        if (!worst || static_cast<int>(a.severity) < static_cast<int>(*worst))
            worst = a.severity;
    }
    return worst;
}

void AlertService::applySnapshot(const QList<alerts::Alert>& alerts, const QSet<QByteArray>& muted)
{
    m_alerts = alerts;
    m_muted = muted;
    for (const alerts::Alert& a : alerts) {
        if (a.state == alerts::AlertState::Firing && !m_announced.contains(a.id)) {
            m_announced.insert(a.id);
            if (!muted.contains(a.fingerprint))
                emit alertFired(a);
        }
    }
    emit alertsChanged();
}

void AlertService::setRuleGroups(const QList<alerts::RuleGroup>& groups, QObject* context, Done done)
{
    m_writer->run<QString>(
        [groups](storage::Database& db) {
            alerts::RuleGroupRepository repo(db);
            if (!repo.saveRuleGroups(groups))
                return repo.lastError();
            storage::notifyStateChange(db, storage::topic::kRules);
            return QString();
        },
        this,
        [this, groups, guard = QPointer<QObject>(context), done](QString error) {
            if (error.isEmpty()) {
                m_groups = groups;
                QMetaObject::invokeMethod(
                    m_worker, [w = m_worker, groups] { w->setGroups(groups); }, Qt::QueuedConnection);
            }
            deliverTo(guard, [done, error] { done(error); });
        });
}

void AlertService::setConfig(const alerts::AlertingConfig& config)
{
    m_config = config;
    if (!m_service->thread()->isRunning())
        return; // start() hands it over
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, config] { w->setConfig(config); }, Qt::QueuedConnection);
}

void AlertService::acknowledge(
    const QList<qint64>& alertIds, const QString& by, const QString& note, QObject* context, Done done)
{
    alerts::Acknowledgement ack { by, 0, note };
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker, alertIds, ack, guard = QPointer<QObject>(context), done] {
            w->acknowledge(alertIds, ack, guard, done);
        },
        Qt::QueuedConnection);
}

void AlertService::unacknowledge(qint64 alertId, const QString& by, QObject* context, Done done)
{
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker, alertId, by, guard = QPointer<QObject>(context), done] {
            w->unacknowledge(alertId, by, guard, done);
        },
        Qt::QueuedConnection);
}

void AlertService::addSilence(const alerts::Silence& silence, QObject* context, SilenceDone done)
{
    m_writer->run<std::pair<qint64, QString>>(
        [silence](storage::Database& db) {
            alerts::SilenceRepository repo(db);
            const auto id = repo.addSilence(silence);
            if (id)
                storage::notifyStateChange(db, storage::topic::kSilences);
            const auto all = id ? repo.silences() : std::nullopt;
            return std::pair<qint64, QString>(id.value_or(0), all ? QString() : repo.lastError());
        },
        this,
        [this, guard = QPointer<QObject>(context), done](std::pair<qint64, QString> result) {
            reloadSilences();
            deliverTo(guard, [done, result] { done(result.first, result.second); });
        });
}

void AlertService::expireSilence(qint64 silenceId, QObject* context, Done done)
{
    const qint64 now = m_clock->nowMs();
    m_writer->run<QString>(
        [silenceId, now](storage::Database& db) {
            alerts::SilenceRepository repo(db);
            const auto all = repo.silences();
            if (!all)
                return repo.lastError();
            for (alerts::Silence s : *all) {
                if (s.id != silenceId)
                    continue;
                if (s.endsAtMs <= now)
                    return QString();
                s.endsAtMs = now;
                if (s.startsAtMs > now)
                    s.startsAtMs = now;
                if (!repo.updateSilence(s))
                    return repo.lastError();
                storage::notifyStateChange(db, storage::topic::kSilences);
                return QString();
            }
            return tr("Silence %1 does not exist.").arg(silenceId);
        },
        this,
        [this, guard = QPointer<QObject>(context), done](QString error) {
            reloadSilences();
            deliverTo(guard, [done, error] { done(error); });
        });
}

void AlertService::storedStateChanged(const QString& topic)
{
    if (topic == QLatin1String(storage::topic::kAlerts)) {
        QMetaObject::invokeMethod(
            m_worker, [w = m_worker] { w->refreshAcknowledgements(); }, Qt::QueuedConnection);
    } else if (topic == QLatin1String(storage::topic::kSilences)) {
        reloadSilences();
    } else if (topic == QLatin1String(storage::topic::kRules)) {
        m_writer->run<std::optional<QList<alerts::RuleGroup>>>(
            [](storage::Database& db) {
                alerts::RuleGroupRepository repo(db);
                return repo.ruleGroups();
            },
            this,
            [this](std::optional<QList<alerts::RuleGroup>> groups) {
                if (!groups || *groups == m_groups)
                    return;
                m_groups = *groups;
                QMetaObject::invokeMethod(
                    m_worker, [w = m_worker, g = *groups] { w->setGroups(g); }, Qt::QueuedConnection);
                emit alertsChanged();
            });
    }
}

void AlertService::reloadSilences()
{
    m_writer->run<QList<alerts::Silence>>(
        [](storage::Database& db) {
            alerts::SilenceRepository repo(db);
            return repo.silences().value_or(QList<alerts::Silence>());
        },
        this,
        [this](QList<alerts::Silence> silences) {
            m_silences = silences;
            QMetaObject::invokeMethod(
                m_worker, [w = m_worker, silences] { w->setSilences(silences); }, Qt::QueuedConnection);
            emit alertsChanged();
        });
}

void AlertService::transitions(
    qint64 alertId, QObject* context, std::function<void(QList<alerts::AlertTransition>)> done)
{
    m_writer->run<QList<alerts::AlertTransition>>(
        [alertId](storage::Database& db) {
            alerts::AlertRepository repo(db);
            return repo.transitions(alertId).value_or(QList<alerts::AlertTransition>());
        },
        context, std::move(done));
}

void AlertService::notifications(
    qint64 alertId, QObject* context, std::function<void(QList<alerts::NotificationRecord>)> done)
{
    m_writer->run<QList<alerts::NotificationRecord>>(
        [alertId](storage::Database& db) {
            alerts::NotificationLogRepository repo(db);
            return repo.notifications(alertId).value_or(QList<alerts::NotificationRecord>());
        },
        context, std::move(done));
}

void AlertService::analytics(qint64 fromMs, qint64 toMs, QObject* context,
    std::function<void(std::optional<alerts::AlertAnalytics::Analytics>)> done)
{
    m_writer->run<std::optional<alerts::AlertAnalytics::Analytics>>(
        [fromMs, toMs](storage::Database& db) {
            alerts::AlertAnalytics repo(db);
            return repo.analytics(fromMs, toMs);
        },
        context, std::move(done));
}

void AlertService::storedAlerts(const alerts::AlertRepository::AlertQuery& query, QObject* context,
    std::function<void(QList<alerts::Alert>)> done)
{
    m_writer->run<QList<alerts::Alert>>(
        [query](storage::Database& db) {
            alerts::AlertRepository repo(db);
            return repo.alerts(query).value_or(QList<alerts::Alert>());
        },
        context, std::move(done));
}

} // namespace opsdeck

#include "AlertService.moc"
