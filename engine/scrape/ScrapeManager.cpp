#include "ScrapeManager.h"

#include "ScrapeLog.h"
#include "ScrapeWorker.h"

#include <QThread>

namespace opsdeck::scrape {

namespace {
bool sameIdentity(const ScrapeTarget& a, const ScrapeTarget& b)
{
    return a.url == b.url && a.job == b.job && a.effectiveInstance() == b.effectiveInstance();
}
} // namespace

ScrapeManager::ScrapeManager(
    metrics::SeriesStore* store, const ScrapeManagerOptions& options, Clock* clock, QObject* parent)
    : QObject(parent)
    , m_shared(std::make_shared<ScrapeShared>())
{
    qRegisterMetaType<TargetStatus>();
    m_service = std::make_unique<ServiceThread<ScrapeWorker>>(QStringLiteral("opsdeck-scrape"));
    m_worker = m_service->adopt(
        new ScrapeWorker(store, clock, options, m_shared), [](ScrapeWorker& worker) { worker.shutdown(); });
    connect(m_worker, &ScrapeWorker::statusChanged, this, &ScrapeManager::targetsChanged);
    // Direct: emitted on the scrape thread, so a dashboard feed on its own
    // thread hears of new samples without a hop through the GUI thread.
    connect(
        m_worker, &ScrapeWorker::roundCompleted, this, &ScrapeManager::scrapeRoundCompleted, Qt::DirectConnection);
    // init() (which creates the QNetworkAccessManager there) runs on the new
    // thread before any queued call.
    m_service->start([](ScrapeWorker& worker) { worker.init(); });
}

ScrapeManager::~ScrapeManager()
{
    m_service->stop(); // in-flight scrapes are aborted by the worker's shutdown()
}

QThread* ScrapeManager::scrapeThread() const
{
    return m_service->thread();
}

TargetKey ScrapeManager::addTarget(const ScrapeTarget& target, QString* error)
{
    const QString problem = target.validate();
    if (!problem.isEmpty()) {
        qCWarning(lcScrape) << "not adding target" << target.url.toDisplayString() << ":" << problem;
        if (error)
            *error = problem;
        return 0;
    }
    TargetKey key = 0;
    {
        QMutexLocker lock(&m_shared->mutex);
        key = m_nextKey++;
        m_shared->configured.insert(key, target);
        TargetStatus status;
        status.key = key;
        status.target = target;
        m_shared->statuses.insert(key, status);
    }
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, key, target]() { w->addTarget(key, target); }, Qt::QueuedConnection);
    emit targetsChanged();
    return key;
}

bool ScrapeManager::updateTarget(TargetKey key, const ScrapeTarget& target, QString* error)
{
    const QString problem = target.validate();
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    {
        QMutexLocker lock(&m_shared->mutex);
        if (!m_shared->configured.contains(key)) {
            if (error)
                *error = tr("no such target");
            return false;
        }
        m_shared->configured.insert(key, target);
        auto it = m_shared->statuses.find(key);
        if (it != m_shared->statuses.end())
            it->target = target;
    }
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, key, target]() { w->updateTarget(key, target); }, Qt::QueuedConnection);
    emit targetsChanged();
    return true;
}

bool ScrapeManager::removeTarget(TargetKey key)
{
    {
        QMutexLocker lock(&m_shared->mutex);
        if (!m_shared->configured.remove(key))
            return false;
        m_shared->statuses.remove(key);
    }
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, key]() { w->removeTarget(key); }, Qt::QueuedConnection);
    emit targetsChanged();
    return true;
}

QList<TargetKey> ScrapeManager::setTargets(const QList<ScrapeTarget>& targets)
{
    QMap<TargetKey, ScrapeTarget> current;
    {
        QMutexLocker lock(&m_shared->mutex);
        current = m_shared->configured;
    }
    QList<TargetKey> keys;
    keys.reserve(targets.size());
    for (const ScrapeTarget& t : targets) {
        TargetKey match = 0;
        for (auto it = current.cbegin(); it != current.cend(); ++it) {
            if (sameIdentity(it.value(), t)) {
                match = it.key();
                break;
            }
        }
        if (match) {
            const ScrapeTarget old = current.take(match);
            if (!t.validate().isEmpty()) {
                removeTarget(match);
                keys.append(0);
            } else {
                if (old.url != t.url || old.job != t.job || old.instance != t.instance
                    || old.extraLabels != t.extraLabels || old.intervalMs != t.intervalMs
                    || old.timeoutMs != t.timeoutMs || old.bearerToken != t.bearerToken
                    || old.tlsCaFile != t.tlsCaFile || old.tlsInsecure != t.tlsInsecure || old.enabled != t.enabled
                    || old.id != t.id)
                    updateTarget(match, t);
                keys.append(match);
            }
        } else {
            keys.append(addTarget(t));
        }
    }
    for (auto it = current.cbegin(); it != current.cend(); ++it)
        removeTarget(it.key());
    return keys;
}

void ScrapeManager::setLocalSourceMode(LocalSourceMode mode, int intervalMs)
{
    intervalMs = qMax(intervalMs, ScrapeTarget::kMinIntervalMs);
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, mode, intervalMs]() { w->setLocalSourceMode(mode, intervalMs); },
        Qt::QueuedConnection);
}

void ScrapeManager::setAppendedSamplesSink(AppendedSamplesSink sink)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, sink = std::move(sink)]() { w->setAppendedSamplesSink(sink); },
        Qt::QueuedConnection);
}

void ScrapeManager::runAfterQueuedChanges(std::function<void()> fn)
{
    QMetaObject::invokeMethod(m_worker, std::move(fn), Qt::QueuedConnection);
}

void ScrapeManager::setLocalCollector(CollectFunction collect)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, collect]() { w->setLocalCollector(collect); }, Qt::QueuedConnection);
}

QList<TargetStatus> ScrapeManager::targets() const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->statuses.values();
}

std::optional<TargetStatus> ScrapeManager::target(TargetKey key) const
{
    QMutexLocker lock(&m_shared->mutex);
    auto it = m_shared->statuses.constFind(key);
    if (it == m_shared->statuses.cend())
        return std::nullopt;
    return *it;
}

qint64 ScrapeManager::samplesIngestedTotal() const
{
    return m_shared->samplesIngested.load(std::memory_order_relaxed);
}

double ScrapeManager::ingestRate() const
{
    return m_shared->ingestRate.load(std::memory_order_relaxed);
}

qint64 ScrapeManager::scrapesTotal() const
{
    return m_shared->scrapesTotal.load(std::memory_order_relaxed);
}

} // namespace opsdeck::scrape
