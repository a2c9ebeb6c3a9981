#include "Engine.h"

#include "alerts/AlertService.h"
#include "cache/CacheService.h"
#include "dashboard/DashboardWarmer.h"

#include "metrics/SeriesStore.h"
#include "profiler/LocalProfiling.h"
#include "profiler/ProbeService.h"
#include "profiler/ProfilerService.h"
#include "query/DataSourceRegistry.h"
#include "query/LocalQuerySource.h"
#include "query/TextImport.h"
#include "remotewrite/RemoteWriteService.h"
#include "scrape/ScrapeTargetRepository.h"
#include "sources/DataSourceRepository.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/StateWriter.h"

#include <QDir>
#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSysInfo>
#include <QThreadPool>

Q_LOGGING_CATEGORY(lcEngine, "opsdeck.engine")

namespace opsdeck {

Engine::Engine(EngineOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
{ }

Engine::~Engine()
{
    // Alerting reads the store and posts state writes: stop it first; the
    // scrape thread writes to the store: stop it next. Pending state writes
    // finish before the writer's connection closes.
    m_profiler.reset(); // uses the catalog, the query source, the state writer and the probes
    m_probes.reset(); // writes the store through the scrape thread
    m_warmer.reset(); // cancels a warming query in flight
    m_dashboards.reset();
    m_alerts.reset();
    // Its queued jobs read the store and use the state writer: before both.
    m_rollups.reset();
    m_targets.reset();
    m_scrape.reset();
    m_sources.reset();
    m_registry.reset();
    m_cache.reset();
    // After scraping stopped, so the last samples (stale markers included) still go out.
    m_remoteWrite.reset();
    m_querySource.reset();
    m_store.reset();
    m_stateWriter.reset();
}

void Engine::setRemoteWrite(const QList<remotewrite::RemoteWriteConfig>& remotes)
{
    if (!m_scrape || (m_remoteWrite ? m_remoteWrite->remotes() == remotes : remotes.isEmpty()))
        return;
    std::shared_ptr<remotewrite::RemoteWriteService> previous(m_remoteWrite.release());
    if (previous)
        previous->releaseScrape();
    if (!remotes.isEmpty()) {
        m_remoteWrite = std::make_unique<remotewrite::RemoteWriteService>(remotes, m_store.get(), m_scrape.get());
        m_remoteWrite->start(); // queues its sink on the scrape thread
    } else if (previous) {
        m_scrape->setAppendedSamplesSink({});
    }
    if (!previous)
        return;
    // The old service keeps taking samples until the scrape thread has
    // switched sinks, then delivers what it holds on a worker, without
    // holding up this thread.
    m_scrape->runAfterQueuedChanges([previous] {
        QThreadPool::globalInstance()->start([previous] { previous->stop(kRemoteWriteHandOverMs); });
    });
}

bool Engine::start()
{
    auto database = std::make_unique<storage::Database>();
    if (m_options.state && m_options.state->isPostgres()) {
        if (!database->openLocation(*m_options.state)) {
            m_error = database->lastError();
            return false;
        }
    } else {
        QString dir = m_options.dataDirectory;
        if (dir.isEmpty())
            dir = storage::Database::defaultDirectory();
        if (dir.isEmpty()) {
            m_error = tr("Cannot create the data folder for OpsDeck's state database.");
            return false;
        }
        if (!database->open(dir)) {
            m_error = database->lastError();
            return false;
        }
    }
    scrape::ScrapeTargetRepository targets(*database);
    auto stored
        = m_options.targets ? std::optional<QList<scrape::ScrapeTarget>>(*m_options.targets) : targets.list();
    if (!stored) {
        m_error = targets.lastError();
        return false;
    }
    if (m_options.targets) {
        for (qsizetype i = 0; i < stored->size(); ++i)
            (*stored)[i].id = i + 1;
    }

    sources::DataSourceRepository sourceRepo(*database);
    const auto storedSources = sourceRepo.list();
    if (!storedSources) {
        m_error = sourceRepo.lastError();
        return false;
    }

    auto writer = std::make_unique<storage::StateWriter>(*database);
    if (!writer->isOpen()) {
        m_error = writer->errorString();
        return false;
    }

    m_database = std::move(database);
    m_stateWriter = std::move(writer);
    m_store = std::make_unique<metrics::SeriesStore>();
    m_querySource = std::make_unique<query::LocalQuerySource>(m_store.get());
    m_registry = std::make_unique<query::DataSourceRegistry>(m_querySource.get());
    // L3 lives in the SQLite state file; with PostgreSQL state in a SQLite
    // file of its own, since cached results are this machine's, not shared.
    QString l3File = m_database->isPostgres() ? QString() : m_database->filePath();
    if (l3File.isEmpty()) {
        const QString dir
            = m_options.dataDirectory.isEmpty() ? storage::Database::defaultDirectory() : m_options.dataDirectory;
        if (!dir.isEmpty())
            l3File = QDir(dir).filePath(QStringLiteral("opsdeck-cache.sqlite"));
    }
    m_cache = std::make_unique<cache::CacheService>(m_options.cache, l3File, m_options.clock);
    m_registry->setDecorator(
        [cache = m_cache.get()](std::shared_ptr<const query::QuerySource> inner, const QString& name,
            const query::RemoteSourceConfig* config) { return cache->decorate(std::move(inner), name, config); });
    m_sources = std::make_unique<sources::DataSourceCatalog>(m_registry.get(), m_stateWriter.get());
    m_sources->setInitial(m_options.dataSources, *storedSources);
    // Before the scrape thread exists: the store has one writer at a time.
    for (const QString& file : std::as_const(m_options.historyFiles)) {
        const query::ImportResult imported = query::TextImport::importFile(file, m_store.get());
        if (!imported.ok) {
            m_error = tr("cannot import %1: %2").arg(file, imported.error);
            return false;
        }
        qCInfo(lcEngine) << "imported" << imported.sampleCount << "samples of" << imported.seriesCount
                         << "series from" << file;
    }
    scrape::ScrapeManagerOptions scrapeOptions;
    QList<scrape::ScrapeTarget> enabled;
    for (const scrape::ScrapeTarget& t : *stored) {
        if (t.enabled)
            enabled.append(t);
    }
    // With stored targets, WhenNoTargets starts Off and is switched on after
    // the targets are queued, so this machine's row does not flash up at start.
    const bool deferLocal = m_options.localSource == scrape::LocalSourceMode::WhenNoTargets && !enabled.isEmpty();
    scrapeOptions.localSource = deferLocal ? scrape::LocalSourceMode::Off : m_options.localSource;
    m_scrape = std::make_unique<scrape::ScrapeManager>(m_store.get(), scrapeOptions);

    // Before the first target: no scraped sample misses the sink.
    setRemoteWrite(m_options.remoteWrite);
    const QList<scrape::TargetKey> keys = m_scrape->setTargets(enabled);
    if (deferLocal)
        m_scrape->setLocalSourceMode(m_options.localSource, scrapeOptions.localIntervalMs);
    m_targets = std::make_unique<scrape::TargetCatalog>(m_scrape.get(), m_stateWriter.get());
    m_targets->setInitial(*stored, enabled, keys);

    // Capacity rollups read the store the scrape manager fills and write
    // through the state writer, never on this thread.
    m_rollups = std::make_unique<capacity::RollupWriter>(
        m_store.get(), m_stateWriter.get(), m_options.clock, m_options.rollups);
    m_rollups->start();
    m_capacity = std::make_unique<capacity::CapacityService>(m_database->location());
    m_dashboards = std::make_unique<dashboard::DashboardService>(
        m_database.get(), m_stateWriter.get(), m_registry.get(), m_scrape.get(), m_options.clock);
    if (m_cache->enabled() && m_options.warmCache) {
        dashboard::DashboardWarmer::Options warm;
        warm.clock = m_options.clock;
        m_warmer = std::make_unique<dashboard::DashboardWarmer>(m_database->location(), m_registry.get(), warm);
        m_warmer->start();
    }

    AlertServiceOptions alertOptions;
    alertOptions.clock = m_options.clock;
    m_alerts = std::make_unique<AlertService>(m_registry.get(), m_scrape.get(), m_stateWriter.get(), alertOptions);
    m_alerts->setConfig(m_options.alerting);
    if (!m_alerts->start(*m_database)) {
        m_error = m_alerts->errorString();
        return false;
    }
    // Engine -> agent network probes (profiler: probe_interval), kept as series; the fleet
    // snapshot reads their last connect times as the "network" resource of each host.
    if (m_options.profiler.probeIntervalMs > 0) {
        scrape::ScrapeManager* scrapes = m_scrape.get();
        m_probes = std::make_unique<profiler::ProbeService>(
            m_store.get(),
            [scrapes] {
                QList<scrape::ScrapeTarget> probed;
                for (const scrape::TargetStatus& t : scrapes->targets())
                    if (!t.local && t.target.enabled)
                        probed.append(t.target);
                return probed;
            },
            m_options.profiler.probeIntervalMs, m_options.clock ? m_options.clock : SystemClock::instance());
        m_probes->setWriter(
            [scrapes](std::function<void()> job) { scrapes->runAfterQueuedChanges(std::move(job)); });
        m_probes->start();
    }
    profiler::ProfilerServiceOptions profiling;
    if (m_probes) {
        const profiler::ProbeService* probes = m_probes.get();
        profiling.pathTimes = [probes] {
            QHash<QString, double> connectMs;
            for (const profiler::TargetProbe& p : probes->lastResults())
                if (p.result.ok)
                    connectMs.insert(p.instance, p.result.phases.connect * 1000.0);
            return connectMs;
        };
    }
    profiling.catalog = m_targets.get();
    profiling.history = m_querySource.get();
    profiling.stateWriter = m_stateWriter.get();
    profiling.deadlineMs = m_options.profiler.deadlineMs;
    profiling.databases = m_options.profiler.databases;
    // "this machine" when the engine scrapes the local source.
    if (m_options.localSource == scrape::LocalSourceMode::On
        || (m_options.localSource == scrape::LocalSourceMode::WhenNoTargets && enabled.isEmpty())) {
        profiling.localCollector = profiler::localSnapshotFunction();
        profiling.localInstance
            = QSysInfo::machineHostName().isEmpty() ? QStringLiteral("localhost") : QSysInfo::machineHostName();
    }
    profiling.localCpuProfiler = profiler::localCpuProfileFunction();
    m_profiler = std::make_unique<profiler::ProfilerService>(profiling);

    if (m_database->isPostgres())
        listenForSharedChanges();
    qCInfo(lcEngine) << "engine started with state in" << m_database->filePath() << "and" << enabled.size()
                     << "enabled targets";
    return true;
}

// Shared PostgreSQL state: LISTEN on this thread's connection (idle after
// start-up) so an acknowledgement, silence, rule change or dashboard edit made
// by another console or headless engine is reloaded here within a second.
void Engine::listenForSharedChanges()
{
    QSqlDriver* driver = m_database->connection().driver();
    if (!driver || !driver->subscribeToNotification(QString::fromLatin1(storage::kStateChannel))) {
        qCWarning(lcEngine) << "cannot LISTEN for changes made by other engines on" << m_database->filePath()
                            << "; they show after a restart";
        return;
    }
    connect(driver, &QSqlDriver::notification, this,
        [this](const QString& channel, QSqlDriver::NotificationSource, const QVariant& payload) {
            if (channel != QLatin1String(storage::kStateChannel))
                return;
            const QString topic = payload.toString();
            qCDebug(lcEngine) << "shared state changed:" << topic;
            if (topic == QLatin1String(storage::topic::kDashboards)) {
                if (m_dashboards)
                    emit m_dashboards->storedDashboardsChanged();
            } else if (m_alerts) {
                m_alerts->storedStateChanged(topic);
            }
            emit sharedStateChanged(topic);
        });
}

std::shared_ptr<const query::QuerySource> Engine::querySource(const QString& name) const
{
    return m_registry ? m_registry->source(name) : nullptr;
}

} // namespace opsdeck
