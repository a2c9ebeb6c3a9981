#pragma once

#include "metrics/LabelMatcher.h"
#include "metrics/Labels.h"
#include "metrics/Sample.h"

#include <QList>
#include <QString>

#include <cmath>
#include <limits>

// Minute and hour rollups of raw samples for capacity history: per bucket the
// min, max, average, count, last value and 95th percentile (nearest rank).
// Pure functions over samples; they never read the store, the database or the
// clock. Stale markers and NaN samples are skipped; buckets without a usable
// sample produce no row.
namespace opsdeck::metrics {
class SeriesStore;
}

namespace opsdeck::capacity {

enum class RollupResolution { Minute, Hour };

inline constexpr qint64 kMinuteMs = 60'000;
inline constexpr qint64 kHourMs = 3'600'000;
inline qint64 bucketMs(RollupResolution r)
{
    return r == RollupResolution::Minute ? kMinuteMs : kHourMs;
}
QString resolutionName(RollupResolution r); // "minute" / "hour"

struct RollupRow
{
    qint64 startMs = 0; // bucket start, a multiple of the bucket length
    qint64 count = 0;
    double min = std::nan("");
    double max = std::nan("");
    double avg = std::nan("");
    double last = std::nan("");
    double p95 = std::nan("");
};

// Rows for every bucket of bucketLengthMs that holds a usable sample with
// fromMs <= t < toMs (samples outside are ignored), in time order. samples
// must be in time order.
QList<RollupRow> rollup(const QList<metrics::Sample>& samples, qint64 bucketLengthMs,
    qint64 fromMs = std::numeric_limits<qint64>::min(), qint64 toMs = std::numeric_limits<qint64>::max());

// One series' rows, as written to and read from the history tables.
struct RolledUpSeries
{
    metrics::Labels labels; // __name__ included
    QList<RollupRow> rows;
};

// Rolls up every series of store with samples in [fromMs, toMs) that matches
// any selector (empty = every series): used by history import and by tests.
QList<RolledUpSeries> rollupStore(const metrics::SeriesStore& store, RollupResolution resolution, qint64 fromMs,
    qint64 toMs, const QList<QList<metrics::LabelMatcher>>& selectors = {});

// True when a series is a counter by Prometheus naming (…_total, …_count,
// …_sum, …_bucket): history loads its rollups' last value, not the average,
// so rate() still works on the rolled-up series.
bool isCounterName(const QString& metricName);

} // namespace opsdeck::capacity
