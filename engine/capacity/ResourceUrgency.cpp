#include "capacity/ResourceUrgency.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace opsdeck::capacity {

TimeRemaining timeRemaining(const ResourceForecast& r, qint64 nowMs)
{
    TimeRemaining t;
    if (r.forecast.points.isEmpty())
        return t;
    if (r.runOutEarliestMs)
        t.earliestMs = *r.runOutEarliestMs - nowMs;
    if (r.runOutLatestMs)
        t.latestMs = *r.runOutLatestMs - nowMs;
    const std::optional<qint64> remaining = timeRemainingMs(r, nowMs);
    if (!remaining) {
        t.kind = TimeRemaining::Kind::Beyond;
        return t;
    }
    // Already above the ceiling (at this what-if factor): no interval to give.
    const double current = std::isnan(r.currentP95) ? r.currentAvg : r.currentP95;
    if (current * r.growthFactor >= r.definition.ceiling * r.capacity) {
        t.kind = TimeRemaining::Kind::OverCeiling;
        return t;
    }
    t.kind = TimeRemaining::Kind::Within;
    t.remainingMs = *remaining;
    return t;
}

double urgencyKey(const ResourceForecast& r, qint64 nowMs)
{
    if (r.forecast.points.isEmpty() || r.status == ResourceStatus::Unknown)
        return std::numeric_limits<double>::max();
    if (const std::optional<qint64> remaining = timeRemainingMs(r, nowMs))
        return static_cast<double>(*remaining);
    if (r.runOutEarliestMs)
        return static_cast<double>(std::max<qint64>(0, *r.runOutEarliestMs - nowMs));
    // No run-out: after every run-out date (ms), least headroom first.
    return 1e15 + (std::isnan(r.headroomPct) ? 1e3 : r.headroomPct);
}

bool moreUrgent(const ResourceForecast& a, const ResourceForecast& b, qint64 nowMs)
{
    const double ka = urgencyKey(a, nowMs), kb = urgencyKey(b, nowMs);
    if (ka != kb)
        return ka < kb;
    return a.item < b.item;
}

void sortResources(QList<ResourceForecast>& resources, qint64 nowMs)
{
    std::stable_sort(resources.begin(), resources.end(),
        [nowMs](const ResourceForecast& a, const ResourceForecast& b) { return moreUrgent(a, b, nowMs); });
}

QList<int> resourceOrder(const QList<ResourceForecast>& resources, qint64 nowMs)
{
    QList<int> order(resources.size());
    for (int i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
        [&](int a, int b) { return moreUrgent(resources.at(a), resources.at(b), nowMs); });
    return order;
}

} // namespace opsdeck::capacity
