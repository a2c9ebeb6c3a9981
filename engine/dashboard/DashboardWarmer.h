#pragma once

#include "Clock.h"
#include "dashboard/DashboardUsage.h"
#include "ServiceThread.h"
#include "storage/StateLocation.h"

#include <QCoreApplication>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace opsdeck::query {
class DataSourceRegistry;
}

// Cache warming (issue 14): at start-up and before the times dashboards are
// usually opened, computes the range queries those dashboards will ask, so
// the first open is a cache hit. What to warm is learned from the engine's
// own usage history (DashboardUsage: which dashboard, data source, range and
// host filter was opened at which time of day, over the last 28 days); the
// queries go through the data-source registry, that is through the
// query-result cache in front of each source, with the step and the window
// the live feed uses (LiveQueryFeed::stepForRange), so they fill the pieces
// the feed's first window reads.
//
// Runs on its own thread with its own database connection; one query at a
// time, so warming never competes with an operator for a remote server more
// than one query's worth. Stopping cancels the query in flight.
namespace opsdeck::dashboard {

class DashboardWarmer final
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::dashboard::DashboardWarmer)

public:
    struct Options
    {
        qint64 startDelayMs = 5'000; // first run after start-up
        qint64 checkIntervalMs = 5 * 60'000; // then every check
        qint64 leadMs = 15 * 60'000; // warm views usually opened within this much from now
        int minDays = 2; // ... on at least this many distinct days
        int maxViews = 5;
        qint64 historyMs = 28LL * 24 * 3600 * 1000;
        const Clock* clock = nullptr; // nullptr: the system clock
    };

    struct Status
    {
        bool running = false; // a run is in progress
        qint64 lastRunMs = 0; // when the last run finished; 0 = none yet
        qint64 nextRunMs = 0;
        int viewsWarmed = 0; // in the last run
        int queriesRun = 0;
        int queriesFailed = 0;
        QString lastError; // the first failure of the last run, if any
        QList<WarmCandidate> plan; // what the last run warmed
        qint64 totalQueries = 0; // since start
    };

    DashboardWarmer(storage::StateLocation location, const query::DataSourceRegistry* registry, Options options);
    ~DashboardWarmer();
    DashboardWarmer(const DashboardWarmer&) = delete;
    DashboardWarmer& operator=(const DashboardWarmer&) = delete;

    void start();
    // Runs the check now (the next one follows checkIntervalMs later).
    void runNow();
    Status status() const;
    // Blocks until no run is in progress (tests).
    void waitForIdle();
    // A sentence for the Cache page: "warmed 2 views (24 queries) at 07:45; next check 07:50".
    QString statusText() const;

private:
    class Worker;
    void finished(const Status& status);

    storage::StateLocation m_location;
    const query::DataSourceRegistry* m_registry;
    Options m_options;
    std::atomic_bool m_cancel { false };
    mutable QMutex m_mutex;
    Status m_status;
    ServiceThread<Worker> m_thread;
};

} // namespace opsdeck::dashboard
