#include "capacity/HistoryLoader.h"

#include "capacity/Rollup.h"
#include "capacity/RollupRepository.h"
#include "storage/Database.h"

#include <QLoggingCategory>

#include <cmath>
#include <limits>

Q_LOGGING_CATEGORY(lcHistory, "opsdeck.capacity.history")

namespace opsdeck::capacity {

namespace {

constexpr qint64 kTwoDaysMs = 2LL * 24 * 3600 * 1000;

} // namespace

HistoryLoad loadHistory(
    storage::Database& database, const HistoryWindow& window, const std::function<bool()>& cancelled)
{
    HistoryLoad result;
    const RollupResolution resolution
        = window.stepMs <= kMinuteMs ? RollupResolution::Minute : RollupResolution::Hour;
    capacity::RollupRepository repo(database);
    const auto series = repo.series();
    if (!series) {
        result.error = repo.lastError();
        return result;
    }
    // History spans weeks or years: nothing may be dropped by age or size.
    metrics::RetentionPolicy keepAll;
    keepAll.maxAgeMs = std::numeric_limits<qint64>::max() / 4;
    keepAll.maxBytes = std::numeric_limits<qint64>::max() / 4;
    auto store = std::make_unique<metrics::SeriesStore>(keepAll);
    for (const capacity::RollupSeriesInfo& info : *series) {
        if (cancelled && cancelled())
            return HistoryLoad {};
        // Only buckets complete by toMs: the one still being filled (the
        // current hour, live) would read as a sudden dip in every series.
        const auto rows = repo.read(resolution, info.id, window.fromMs, window.toMs - window.stepMs + 1);
        if (!rows) {
            result.error = repo.lastError();
            return result;
        }
        if (rows->isEmpty())
            continue;
        // Counters keep their last value so rate()/increase() work on the
        // loaded series; gauges are best represented by the bucket average.
        const bool counter = isCounterName(QString::fromUtf8(info.labels.metricName()));
        const metrics::SeriesRef ref = store->getOrCreate(info.labels);
        if (ref == metrics::kInvalidSeriesRef)
            continue;
        qint64 appended = 0;
        for (const RollupRow& row : *rows) {
            const double v = counter ? row.last : row.avg;
            if (std::isnan(v))
                continue;
            if (store->append(ref, row.startMs, v))
                ++appended;
        }
        if (appended > 0) {
            ++result.seriesCount;
            result.sampleCount += appended;
        }
    }
    qCDebug(lcHistory) << "loaded" << result.seriesCount << "series," << result.sampleCount << "samples of"
                       << resolutionName(resolution) << "rollups";
    result.store = std::move(store);
    return result;
}

qint64 defaultStepForWindow(qint64 windowMs)
{
    return windowMs <= kTwoDaysMs ? kMinuteMs : kHourMs;
}

} // namespace opsdeck::capacity
