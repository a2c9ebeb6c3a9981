#pragma once

#include "CapacityPlanner.h"
#include "HistoryLoader.h"

#include "query/LocalQuerySource.h"
#include "storage/StateLocation.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace opsdeck::storage {
class Database;
}

// Capacity planning as one service, called by the Capacity page, `opsdeck
// report capacity` and `opsdeck forecast`: resources (defaults, or a
// resources file) -> the rollup history of the window from the state
// database -> a query source over it -> the plan. Before this, the page and
// each command assembled that pipeline themselves.
//
// plan() runs on the calling thread, which must not be the GUI thread: it
// opens its own connection to the state database (Qt SQL connections belong
// to their thread) and reads weeks of rollups. It never writes to the
// database and never touches a widget.
namespace opsdeck::capacity {

struct PlanRequest
{
    qint64 nowMs = 0;
    qint64 windowMs = 30LL * 24 * 3'600'000;
    qint64 horizonMs = 90LL * 24 * 3'600'000;
    qint64 stepMs = 0; // 0 = defaultStepForWindow(windowMs)
    double growthFactor = 1.0;
    // Resources to plan: these when set, else those of resourcesFile (the
    // defaults plus every entry without a problem), else the defaults.
    std::optional<QList<ResourceDefinition>> resources;
    QString resourcesFile;
    // Stop with Failure::NoHistory when the window holds no sample (the CLI);
    // otherwise the empty plan says so in its warnings (the page).
    bool requireHistory = false;
};

struct PlanEvent
{
    enum class Stage { ReadingHistory, HistoryRead, Forecasting };
    Stage stage = Stage::ReadingHistory;
    qint64 fromMs = 0; // ReadingHistory: the window and step read
    qint64 toMs = 0;
    qint64 stepMs = 0;
    qint64 series = 0; // HistoryRead
    qint64 samples = 0;
    int done = 0; // Forecasting: items planned of total
    int total = 0;
};

// Called on plan()'s thread between stages and after each planned item.
using PlanEvents = std::function<void(const PlanEvent&)>;
// Polled between series and items; true stops plan() with cancelled set.
using PlanCancelled = std::function<bool()>;

struct PlanOutcome
{
    enum class Failure { None, OpenDatabase, ReadHistory, NoHistory };
    Failure failure = Failure::None;
    QString error; // the database's or loader's own words (empty for NoHistory)
    QStringList resourceErrors; // problems in resourcesFile (its good entries were used)
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 series = 0;
    qint64 samples = 0;
    bool cancelled = false;
    CapacityPlan plan;
};

// The history of a window as a query source (for `opsdeck forecast`).
struct HistorySource
{
    HistoryLoad load;
    std::unique_ptr<query::LocalQuerySource> source; // null when load.store is
};

class CapacityService final
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::capacity::CapacityService)

public:
    // databasePath: the state database file (Database::filePath()).
    explicit CapacityService(QString databasePath = QString());
    // Any state database (SQLite file or PostgreSQL).
    explicit CapacityService(storage::StateLocation location);

    QString databasePath() const { return m_databasePath; }

    // Opens its own connection to the state database on the calling thread.
    PlanOutcome plan(
        const PlanRequest& request, const PlanEvents& events = {}, const PlanCancelled& cancelled = {}) const;
    // The same over a connection the caller opened on this thread.
    static PlanOutcome plan(storage::Database& database, const PlanRequest& request, const PlanEvents& events = {},
        const PlanCancelled& cancelled = {});

    static HistorySource history(
        storage::Database& database, const HistoryWindow& window, const PlanCancelled& cancelled = {});

private:
    QString m_databasePath;
    storage::StateLocation m_location;
};

} // namespace opsdeck::capacity
