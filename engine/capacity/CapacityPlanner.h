#pragma once

#include "capacity/AnomalyDetector.h"
#include "capacity/CapacityTypes.h"
#include "capacity/Forecaster.h"
#include "capacity/Sizing.h"
#include "metrics/Labels.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace opsdeck::query {
class QuerySource;
}

// The capacity plan: for each resource (CPU, memory, filesystems, request
// rate against capacity, or one the operator defines as PromQL) and each item
// it yields (a host, a host's mount point), the history over the window, the
// chosen forecast with its intervals and backtest error, anomalies, the time
// remaining until the ceiling with its interval, the run-out and order-by
// dates, the recommended size and the cost. This is the data behind the
// Capacity page, `opsdeck forecast`, and every report format.
//
// plan() queries a QuerySource (normally a LocalQuerySource over the store
// capacity::loadHistory builds from rollups) and runs on a worker thread; it must
// never touch the GUI, the database or the wall clock (nowMs is passed in).
// applyWhatIf() only recomputes dates, status and sizing from the fitted
// forecasts, so the what-if control answers at once without refitting.
namespace opsdeck::capacity {

enum class ResourceKind { Cpu, Memory, Filesystem, Requests, Custom };
enum class ResourceStatus { Red, Amber, Green, Unknown };

QString resourceKindName(ResourceKind kind); // "cpu", "memory", ...
std::optional<ResourceKind> resourceKindFromName(const QString& name);
QString statusName(ResourceStatus status); // "red", "amber", "green", "unknown"

struct ResourceDefinition
{
    QString name; // shown to the operator: "CPU", "Memory", "Filesystem", "Requests"
    ResourceKind kind = ResourceKind::Custom;
    // PromQL for the used amount per item, evaluated as a range query. "$range"
    // is replaced by the rate window that suits the step (5m at minute steps,
    // 3h at hour steps).
    QString usageQuery;
    // PromQL for the capacity per item (matched on the same labels), evaluated
    // at the end of the window; empty = fixedCapacity for every item.
    QString capacityQuery;
    double fixedCapacity = std::nan("");
    QString unit; // "cores", "bytes", "req/s", "" (as UnitFormatter names them)
    double ceiling = kDefaultCeiling; // fraction of capacity that may be used
    double safetyFactor = 1.2;
    int leadTimeDays = 30; // procurement lead time for the order-by date
    double costPerInstanceHour = 0.0;
    // Requests only: M/M/c sizing for a latency target (0 = not used).
    double meanServiceS = 0.0;
    double latencyTargetS = 0.0;
    double latencyPercentile = 0.95;
};

// CPU (cores busy vs cores), memory (bytes used vs MemTotal), filesystems
// (bytes used vs size, real filesystems only), requests (…_requests_total
// rate vs fixedCapacity when one is set).
QList<ResourceDefinition> defaultResources();

struct PlanOptions
{
    qint64 nowMs = 0; // end of the history window
    qint64 windowMs = 30LL * 24 * 3600 * 1000;
    qint64 horizonMs = 90LL * 24 * 3600 * 1000;
    qint64 stepMs = 3'600'000; // the history's step
    double growthFactor = 1.0; // what-if multiplier on demand
    int amberDays = 90; // run-out within lead time + amberDays = amber
    QList<ResourceDefinition> resources; // empty = defaultResources()
    ForecastOptions forecast {};
};

struct ResourceForecast
{
    ResourceDefinition definition;
    metrics::Labels labels; // the item's labels (instance, mountpoint, ...)
    QString item; // short name: "web-1", "web-1:/var"
    QString host; // instance label, or "" for fleet-wide items
    double capacity = std::nan("");
    double currentAvg = std::nan(""); // over the last day of the window
    double currentP95 = std::nan("");
    double peak = std::nan(""); // max over the window
    double headroomPct = std::nan(""); // (ceiling * capacity - currentP95) / capacity * 100
    double growthPerDay = std::nan(""); // forecast slope, unit per day
    Series history;
    // The fit on the unscaled history; charts, dates and sizing use its
    // values (and bounds) multiplied by growthFactor.
    ForecastResult forecast;
    QList<AnomalyMark> anomalies;
    // Derived (applyWhatIf):
    double growthFactor = 1.0;
    std::optional<qint64> runOutMs; // forecast value reaches ceiling * capacity
    std::optional<qint64> runOutEarliestMs; // upper 95 % bound reaches it
    std::optional<qint64> runOutLatestMs; // lower 95 % bound reaches it
    std::optional<qint64> orderByMs; // runOutEarliestMs - lead time
    // Red: over the ceiling now, or the forecast reaches it inside the lead
    // time; Amber: the upper 95 % bound reaches it within lead time +
    // amberDays; Green: neither; Unknown: no forecast or no capacity.
    ResourceStatus status = ResourceStatus::Unknown;
    QString statusReason; // "runs out in 12 d, inside the 30 d lead time"
    int recommendedInstances = 0; // for the forecast peak at the horizon (sizeForPeak)
    double monthlyCostNow = 0.0; // instances for the window's observed peak (no growth) x cost
    double monthlyCostAtHorizon = 0.0; // recommendedInstances x cost
    int latencyServers = -1; // Requests with a latency target: M/M/c result
    double latencyPercentileS = std::nan("");
    QString problem; // why there is no forecast ("12 points of history; needs 48")
};

struct CapacityPlan
{
    qint64 generatedMs = 0;
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 stepMs = 0;
    qint64 horizonMs = 0;
    double growthFactor = 1.0;
    QStringList hosts; // instances seen
    QStringList models; // model names chosen, distinct
    // Sorted by time remaining (soonest first; the earliest plausible run-out
    // when only the upper 95 % bound reaches the ceiling; unknown last).
    QList<ResourceForecast> resources;
    QList<Reclaimable> reclaimable; // from the CPU items
    QStringList warnings; // queries that failed, with the reason
    bool cancelled = false;
};

// progress(done, total) is called after each item; returning false cancels
// (the plan then has cancelled = true and what was done so far).
using PlanProgress = std::function<bool(int done, int total)>;

CapacityPlan plan(
    const query::QuerySource& history, const PlanOptions& options, const PlanProgress& progress = {});

// Recomputes a resource's derived fields for a growth factor, nowMs and amberDays.
void applyWhatIf(ResourceForecast& resource, double growthFactor, qint64 nowMs, int amberDays = 90);
// The same for every resource, then sorts and recomputes reclaimable capacity.
void applyWhatIf(CapacityPlan& plan, double growthFactor, int amberDays = 90);

// Milliseconds until runOutMs from the plan's end (nullopt = not within horizon).
std::optional<qint64> timeRemainingMs(const ResourceForecast& resource, qint64 nowMs);

} // namespace opsdeck::capacity
