#pragma once

#include <QList>
#include <QString>

// Capacity sizing arithmetic for the capacity page and reports: instances
// needed for a forecast peak at a utilisation ceiling with a safety factor,
// instances needed for a latency percentile (M/M/c, see ErlangC.h), monthly
// cost, reclaimable capacity on oversized hosts, and the what-if growth
// factor. Pure functions on plain values; they must never read the store,
// the clock or the database (callers pass forecasts in).
namespace opsdeck::capacity {

inline constexpr double kHoursPerMonth = 730.0;
inline constexpr double kDefaultCeiling = 0.85; // CPU

struct SizingRequest
{
    double peakDemand = 0.0; // forecast peak, in the resource's unit (e.g. CPU cores)
    double capacityPerInstance = 1.0; // same unit
    double ceiling = kDefaultCeiling; // usable fraction of each instance
    double safetyFactor = 1.0; // >= 1, multiplies the peak
    double growthFactor = 1.0; // what-if multiplier (e.g. 10 for x10 traffic)
    double costPerInstanceHour = 0.0;
};

struct SizingResult
{
    int instances = 0; // -1 on invalid input
    double utilisationAtPeak = 0.0; // per-instance utilisation at the grown peak
    double monthlyCost = 0.0;
};

SizingResult sizeForPeak(const SizingRequest& request);

struct LatencySizingRequest
{
    double lambdaPerS = 0.0;
    double meanServiceS = 0.0;
    double percentile = 0.95; // fraction
    double targetS = 0.0;
    double growthFactor = 1.0; // multiplies the arrival rate
    double costPerInstanceHour = 0.0;
};

struct LatencySizingResult
{
    int servers = -1; // -1 when the target cannot be met
    double percentileS = 0.0; // computed response-time percentile at that count
    double probabilityOfWait = 0.0;
    double monthlyCost = 0.0;
};

LatencySizingResult sizeForLatency(const LatencySizingRequest& request);

double monthlyCost(int instances, double costPerInstanceHour);

struct HostUsage
{
    QString host;
    double capacity = 0.0; // e.g. cores
    double peakUsed = 0.0; // forecast or observed peak, same unit
    double costPerHour = 0.0;
};

struct Reclaimable
{
    QString host;
    double needed = 0.0; // capacity needed for peak at ceiling with safety factor
    double reclaimable = 0.0; // capacity - needed, >= 0
    double fraction = 0.0; // reclaimable / capacity
    double monthlySavings = 0.0;
    bool oversized = false; // fraction >= the oversize threshold
};

// Hosts whose peak needs less than (1 - oversizeThreshold) of their capacity
// are reported as oversized; savings assume cost scales with capacity.
QList<Reclaimable> reclaimableCapacity(const QList<HostUsage>& hosts, double ceiling = kDefaultCeiling,
    double safetyFactor = 1.0, double oversizeThreshold = 0.5);

} // namespace opsdeck::capacity
