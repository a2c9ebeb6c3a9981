#pragma once

#include "alerts/AlertTypes.h"
#include "cache/CacheConfig.h"
#include "capacity/CapacityService.h"
#include "capacity/RollupWriter.h"
#include "dashboard/DashboardService.h"
#include "profiler/ProfilerConfig.h"
#include "remotewrite/RemoteWriteConfig.h"
#include "scrape/ScrapeManager.h"
#include "scrape/TargetCatalog.h"
#include "sources/DataSourceCatalog.h"
#include "storage/StateLocation.h"

#include <QHash>
#include <QMap>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace opsdeck {
class AlertService;
class Clock;
} // namespace opsdeck
namespace opsdeck::cache {
class CacheService;
}
namespace opsdeck::dashboard {
class DashboardWarmer;
}
namespace opsdeck::metrics {
class SeriesStore;
}
namespace opsdeck::query {
class DataSourceRegistry;
class QuerySource;
} // namespace opsdeck::query
namespace opsdeck::profiler {
class ProfilerService;
}
namespace opsdeck::remotewrite {
class RemoteWriteService;
}
namespace opsdeck::storage {
class Database;
class StateWriter;
} // namespace opsdeck::storage

// The engine as one object: the state database, the series store and the
// scrape manager (with the embedded local source), built the same way for the
// console window, a headless service and tests. It assumes no window exists.
//
// Construct and start it on the thread that will own the database connection
// (the GUI thread in the console); scraping and store appends run on the
// scrape manager's own thread.
//
// Engine builds and owns the services; it holds no feature logic. Each
// feature's service is what the UI and the CLI call: targetCatalog() for
// scrape targets, alertService(), capacityService(), dashboardService(), and
// querySource() for every query.
namespace opsdeck {

struct EngineOptions
{
    QString dataDirectory; // where opsdeck.sqlite lives; empty = storage::Database::defaultDirectory()
    // A PostgreSQL state database shared with other engines (headless `state:`,
    // the console's State database setting) instead of opsdeck.sqlite.
    std::optional<storage::StateLocation> state {};
    scrape::LocalSourceMode localSource = scrape::LocalSourceMode::WhenNoTargets;
    // Receivers, routes, inhibition, escalation (headless: from its config file).
    alerts::AlertingConfig alerting {};
    const Clock* clock = nullptr; // nullptr = SystemClock (alerting's timings)
    // Headless with a config file: scrape these instead of the stored targets
    // (which stay untouched); they get in-memory ids 1..n.
    std::optional<QList<scrape::ScrapeTarget>> targets {};
    // Capacity history: minute/hour rollups of the capacity series (issue 5).
    capacity::RollupOptions rollups {};
    // Remote data sources from the headless file (data_sources:); the ones
    // stored in the state database join them (a file source wins a name clash).
    QList<query::RemoteSourceConfig> dataSources {};
    // Text expositions with timestamps (OpenMetrics or 0.0.4, as `opsdeck query
    // --import`) loaded into the live store before scraping starts.
    QStringList historyFiles {};
    // Receivers of everything scraped (Prometheus remote write); empty = none.
    QList<remotewrite::RemoteWriteConfig> remoteWrite {};
    // The query-result cache in front of the data sources (headless `cache:`,
    // the console's Settings -> Cache).
    cache::CacheConfig cache {};
    // Cache warming from the dashboards' usage history (on when the cache is).
    bool warmCache = true;
    // The profiler (headless `profiler:`, the console's settings): snapshot deadline, probes, database targets.
    profiler::ProfilerConfig profiler {};
};

class Engine final : public QObject
{
    Q_OBJECT

public:
    explicit Engine(EngineOptions options = {}, QObject* parent = nullptr);
    ~Engine() override;

    // Opens the state database and starts scraping the stored targets (or the
    // local machine when there are none). False with errorString() on failure;
    // nothing stored is changed then.
    bool start();
    QString errorString() const { return m_error; }

    metrics::SeriesStore* store() const { return m_store.get(); }
    // What every query of this engine goes through (rules, dashboards,
    // previews, the CLI): the live store today (after start(); null before).
    // Safe to call from any thread; query it from worker threads only.
    const query::QuerySource* querySource() const { return m_querySource.get(); }
    // A data source by name: "" or "local" is querySource(), any other name a
    // remote one (null when unknown). Keep the pointer while querying. Safe
    // from any thread after start().
    std::shared_ptr<const query::QuerySource> querySource(const QString& name) const;
    const query::DataSourceRegistry* dataSourceRegistry() const { return m_registry.get(); }
    // The remote data sources and the one way to edit them (after start(); null before).
    sources::DataSourceCatalog* dataSources() const { return m_sources.get(); }
    scrape::ScrapeManager* scrapeManager() const { return m_scrape.get(); }
    // The GUI thread's connection: reads at start-up only. Writes (and slow
    // reads) go through stateWriter(), which runs them on its own thread.
    storage::Database* database() const { return m_database.get(); }
    storage::StateWriter* stateWriter() const { return m_stateWriter.get(); }
    // Rules, alerts, silences and notifications (after start()).
    AlertService* alertService() const { return m_alerts.get(); }
    // Writes capacity rollups once a minute (after start(); null before).
    capacity::RollupWriter* rollupWriter() const { return m_rollups.get(); }
    // Capacity plans over the rollup history (after start(); null before).
    // Its plan() runs on worker threads with a connection of its own.
    const capacity::CapacityService* capacityService() const { return m_capacity.get(); }

    // Dashboards, their edits and live feeds (after start(); null before).
    dashboard::DashboardService* dashboardService() const { return m_dashboards.get(); }
    // Remote write of everything scraped (after start(); null without remote_write receivers).
    // Its counters() may be read from any thread.
    remotewrite::RemoteWriteService* remoteWriteService() const { return m_remoteWrite.get(); }
    // Replaces the remote-write receivers (the console's Settings -> Remote
    // write; empty = none). The same list keeps the running service. Every
    // sample goes to the old receivers or the new ones: the previous service
    // takes samples until the scrape thread switches, then gets a few
    // seconds, on a worker thread, to deliver what it holds; the caller
    // never waits for a receiver that is away. After start().
    void setRemoteWrite(const QList<remotewrite::RemoteWriteConfig>& remotes);
    static constexpr int kRemoteWriteHandOverMs = 5'000;
    // The query-result cache and its levels (after start(); null before).
    cache::CacheService* cacheService() const { return m_cache.get(); }
    // Computes the dashboards usually opened soon ahead of time, so their
    // first open is a cache hit (after start(); null when the cache is off).
    dashboard::DashboardWarmer* dashboardWarmer() const { return m_warmer.get(); }
    // The stored scrape targets and the one way to edit them (after start(); null before).
    scrape::TargetCatalog* targetCatalog() const { return m_targets.get(); }
    // Fleet snapshots, bottlenecks, CPU profiles, database analyses, baselines
    // (after start(); null before). Lives on the thread that called start().
    profiler::ProfilerService* profilerService() const { return m_profiler.get(); }

signals:
    // PostgreSQL state: another engine changed topic (storage::topic); the
    // services have been told to reload it.
    void sharedStateChanged(const QString& topic);

private:
    void listenForSharedChanges();

    EngineOptions m_options;
    QString m_error;
    std::unique_ptr<storage::Database> m_database;
    std::unique_ptr<storage::StateWriter> m_stateWriter;
    std::unique_ptr<metrics::SeriesStore> m_store;
    std::unique_ptr<query::QuerySource> m_querySource;
    std::unique_ptr<cache::CacheService> m_cache; // outlives the registry's decorated sources
    std::unique_ptr<query::DataSourceRegistry> m_registry;
    std::unique_ptr<sources::DataSourceCatalog> m_sources;
    std::unique_ptr<scrape::ScrapeManager> m_scrape;
    std::unique_ptr<remotewrite::RemoteWriteService> m_remoteWrite;
    std::unique_ptr<AlertService> m_alerts;
    std::unique_ptr<capacity::RollupWriter> m_rollups;
    std::unique_ptr<capacity::CapacityService> m_capacity;
    std::unique_ptr<scrape::TargetCatalog> m_targets;
    std::unique_ptr<dashboard::DashboardService> m_dashboards;
    std::unique_ptr<dashboard::DashboardWarmer> m_warmer;
    std::unique_ptr<profiler::ProfilerService> m_profiler;
};

} // namespace opsdeck
