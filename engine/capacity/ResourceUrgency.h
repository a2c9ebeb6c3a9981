#pragma once

#include "capacity/CapacityPlanner.h"

#include <QList>

#include <optional>

// How soon a resource needs action, as one set of rules for the Capacity
// page, every report format and the CSV: the time remaining until the
// ceiling (with its 95 % interval, or "already over it", or "beyond the
// horizon") and the one order of resources by urgency. The words for these
// live in models/capacity/CapacityVocabulary; this file holds no text.
namespace opsdeck::capacity {

struct TimeRemaining
{
    enum class Kind {
        NoForecast, // nothing to say
        Beyond, // the forecast does not reach the ceiling within the horizon
        OverCeiling, // the current p95 (at the what-if factor) is already above it
        Within, // the forecast reaches it in remainingMs
    };
    Kind kind = Kind::NoForecast;
    qint64 remainingMs = 0; // Within: until the forecast reaches the ceiling (0 = now)
    std::optional<qint64> earliestMs; // the upper 95 % bound reaches it (Beyond, Within)
    std::optional<qint64> latestMs; // the lower 95 % bound reaches it; nullopt = not within the horizon
};

TimeRemaining timeRemaining(const ResourceForecast& resource, qint64 nowMs);

// Sort key, soonest first: the forecast's run-out, else the earliest
// plausible one (upper 95 % bound), so a "may run out in 9 d" item is not
// listed after one that runs out in 50 d; then items that do not run out
// within the horizon, least headroom first; items without a forecast last.
double urgencyKey(const ResourceForecast& resource, qint64 nowMs);
// urgencyKey, then the item's name.
bool moreUrgent(const ResourceForecast& a, const ResourceForecast& b, qint64 nowMs);
void sortResources(QList<ResourceForecast>& resources, qint64 nowMs);
// Indices into resources in that order (the resources stay where they are).
QList<int> resourceOrder(const QList<ResourceForecast>& resources, qint64 nowMs);

} // namespace opsdeck::capacity
