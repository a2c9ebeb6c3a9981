#include "Sizing.h"

#include "ErlangC.h"

#include <algorithm>
#include <cmath>

namespace opsdeck::capacity {

double monthlyCost(int instances, double costPerInstanceHour)
{
    return std::max(0, instances) * costPerInstanceHour * kHoursPerMonth;
}

SizingResult sizeForPeak(const SizingRequest& r)
{
    SizingResult out;
    if (!(r.capacityPerInstance > 0.0) || !(r.ceiling > 0.0 && r.ceiling <= 1.0) || !(r.safetyFactor > 0.0)
        || !(r.growthFactor > 0.0) || !(r.peakDemand >= 0.0)) {
        out.instances = -1;
        return out;
    }
    const double demand = r.peakDemand * r.growthFactor * r.safetyFactor;
    const double usable = r.capacityPerInstance * r.ceiling;
    // Tolerate float noise so that exactly-at-ceiling does not round up.
    const double exact = demand / usable;
    out.instances = std::max(1, static_cast<int>(std::ceil(exact - 1e-9)));
    out.utilisationAtPeak = r.peakDemand * r.growthFactor / (out.instances * r.capacityPerInstance);
    out.monthlyCost = monthlyCost(out.instances, r.costPerInstanceHour);
    return out;
}

LatencySizingResult sizeForLatency(const LatencySizingRequest& r)
{
    LatencySizingResult out;
    if (!(r.growthFactor > 0.0))
        return out;
    const double lambda = r.lambdaPerS * r.growthFactor;
    out.servers = serversFor(lambda, r.meanServiceS, r.percentile, r.targetS);
    if (out.servers <= 0)
        return out;
    out.percentileS = responseTimePercentile(lambda, r.meanServiceS, out.servers, r.percentile);
    out.probabilityOfWait = erlangC(lambda * r.meanServiceS, out.servers);
    out.monthlyCost = monthlyCost(out.servers, r.costPerInstanceHour);
    return out;
}

QList<Reclaimable> reclaimableCapacity(
    const QList<HostUsage>& hosts, double ceiling, double safetyFactor, double oversizeThreshold)
{
    QList<Reclaimable> out;
    out.reserve(hosts.size());
    for (const HostUsage& h : hosts) {
        Reclaimable r;
        r.host = h.host;
        if (h.capacity > 0.0 && ceiling > 0.0) {
            r.needed = std::max(0.0, h.peakUsed) * safetyFactor / ceiling;
            r.reclaimable = std::max(0.0, h.capacity - r.needed);
            r.fraction = r.reclaimable / h.capacity;
            r.monthlySavings = r.fraction * h.costPerHour * kHoursPerMonth;
            r.oversized = r.fraction >= oversizeThreshold;
        }
        out.append(r);
    }
    // Largest savings first: that is what the report lists.
    std::stable_sort(out.begin(), out.end(),
        [](const Reclaimable& a, const Reclaimable& b) { return a.monthlySavings > b.monthlySavings; });
    return out;
}

} // namespace opsdeck::capacity
