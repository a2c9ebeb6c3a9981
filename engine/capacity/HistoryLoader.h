#pragma once

#include "metrics/SeriesStore.h"

#include <QString>

#include <functional>
#include <memory>

// Builds a query-ready SeriesStore from the capacity history in SQLite, so
// the PromQL subset (QueryEngine) and the capacity planner run unchanged over
// weeks of rollups: every rolled-up series of the resolution that matches
// stepMs (60 s -> minute rollups, 3600 s -> hour rollups) becomes a series
// with one sample per bucket at the bucket's start: the average for gauges,
// the last value for counters (capacity::isCounterName). Only buckets that
// end by toMs are loaded (not the one still being filled). The returned store
// has no retention limit. Reads only; run it off the GUI thread.
namespace opsdeck::storage {
class Database;
}

namespace opsdeck::capacity {

struct HistoryWindow
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 stepMs = 3'600'000; // 60'000 or 3'600'000
};

struct HistoryLoad
{
    std::unique_ptr<metrics::SeriesStore> store; // null on error or cancel
    QString error;
    qint64 seriesCount = 0;
    qint64 sampleCount = 0;
};

// cancelled() is polled between series; returning true stops with an empty result.
HistoryLoad loadHistory(
    storage::Database& database, const HistoryWindow& window, const std::function<bool()>& cancelled = {});

// The step the planner uses for a window: minute rollups up to 2 days, hour rollups beyond.
qint64 defaultStepForWindow(qint64 windowMs);

} // namespace opsdeck::capacity
