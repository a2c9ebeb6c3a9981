#pragma once

#include "collect/ProfileSnapshot.h"
#include "profiler/BottleneckDetector.h"
#include "profiler/FleetProfiler.h"
#include "profiler/ProfilerConfig.h"
#include "profiler/ProfilerTypes.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace opsdeck::query {
class QuerySource;
}
namespace opsdeck::scrape {
class TargetCatalog;
}
namespace opsdeck::storage {
class StateWriter;
}

// The one service the Profiler page and `opsdeck profile` call: fleet
// snapshots with their ranked bottlenecks, CPU profiles of one process on one
// host, the database analyses, and baselines with regression comparisons.
namespace opsdeck::profiler {

// What the service works with; Engine fills it from its own parts.
struct ProfilerServiceOptions
{
    // The stored targets (the default fleet: the enabled ones); nullptr = only `targets`.
    scrape::TargetCatalog* catalog = nullptr;
    // Used instead of the catalog's targets when not empty (the CLI's --target).
    QList<FleetTarget> targets;
    // Profiles "this machine" in-process (set when the engine scrapes the local source);
    // runs on a worker thread.
    FleetProfiler::LocalCollector localCollector;
    QString localInstance; // the local source's instance label, for its history
    // An in-process CPU profile of "this machine" (pid 0 = whole host); runs on a worker
    // thread, returns early when *cancelled becomes true. Empty = not available.
    std::function<std::optional<collect::CpuProfile>(
        qint64 pid, int seconds, const std::atomic_bool* cancelled, QString* error)>
        localCpuProfiler;
    // Series history for "since" / "last week" and baselines (queried on worker threads).
    const query::QuerySource* history = nullptr;
    // Baselines in the state database (profile_baselines, migration 10); nullptr = none.
    storage::StateWriter* stateWriter = nullptr;
    int deadlineMs = kDefaultFleetDeadlineMs;
    DetectorOptions detector;
    // Database targets for refreshDatabases (the profiler: section's databases).
    QList<DatabaseTarget> databases;
    // How many snapshots a second apart saveBaseline / compareWith take as samples.
    int comparisonSnapshots = 5;
    int comparisonIntervalMs = 1000;
};

class ProfilerService final : public QObject
{
    Q_OBJECT

public:
    // Lives on the thread that creates it (the GUI thread in the console); the work runs on its own
    // ServiceThread / QNetworkAccessManager thread; signals arrive on the creator's thread.
    explicit ProfilerService(const ProfilerServiceOptions& options, QObject* parent = nullptr);
    ~ProfilerService() override;

    void refresh(); // one fleet snapshot now -> fleetUpdated
    void setLiveInterval(int ms); // 0 = off (default); the page uses 5000 while it is shown
    FleetSnapshot lastFleet() const; // the last one (empty before the first)
    int startCpuProfile(const QString& instance, qint64 pid, int seconds); // job id > 0
    void cancelCpuProfile(int job);
    QStringList databaseTargets() const; // names of the configured database targets (from "dbnet"'s config)
    void refreshDatabases(); // -> databasesUpdated
    void saveBaseline(const QString& name); // -> baselinesChanged
    void listBaselines(); // -> baselinesChanged
    void compareWith(const QString& baseline); // -> regressionReady

signals:
    void fleetUpdated(const opsdeck::profiler::FleetSnapshot& fleet);
    void cpuProfileProgress(int job, double fraction); // 0..1, at least once a second
    void cpuProfileFinished(int job, const opsdeck::collect::CpuProfile& profile, const QString& error);
    void databasesUpdated(const QList<opsdeck::profiler::PostgresReport>& postgres,
        const QList<opsdeck::profiler::RedisLatencyReport>& redis);
    void baselinesChanged(const QStringList& names);
    void regressionReady(const opsdeck::profiler::RegressionReport& report);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace opsdeck::profiler
