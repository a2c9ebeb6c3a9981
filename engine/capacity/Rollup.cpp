#include "Rollup.h"

#include "metrics/SeriesStore.h"

#include <QSet>

#include <algorithm>
#include <cmath>

namespace opsdeck::capacity {

namespace {

// Floor division that rounds towards minus infinity, so a sample at -1 ms
// lands in the bucket starting at -bucket, not at 0.
qint64 floorToBucket(qint64 t, qint64 bucket)
{
    qint64 q = t / bucket;
    if (t % bucket != 0 && t < 0)
        --q;
    return q * bucket;
}

RollupRow finishBucket(qint64 startMs, QList<double>& values, double last)
{
    RollupRow row;
    row.startMs = startMs;
    row.count = values.size();
    row.last = last;
    double sum = 0;
    row.min = values.front();
    row.max = values.front();
    for (double v : values) {
        sum += v;
        row.min = std::min(row.min, v);
        row.max = std::max(row.max, v);
    }
    row.avg = sum / double(values.size());
    // p95 by nearest rank: the smallest value with at least 95 % of the
    // values at or below it (rank = ceil(0.95 * n), 1-based).
    const auto n = values.size();
    auto rank = static_cast<qsizetype>(std::ceil(0.95 * double(n)));
    rank = std::clamp<qsizetype>(rank, 1, n);
    std::nth_element(values.begin(), values.begin() + (rank - 1), values.end());
    row.p95 = values[rank - 1];
    return row;
}

} // namespace

QString resolutionName(RollupResolution r)
{
    return r == RollupResolution::Minute ? QStringLiteral("minute") : QStringLiteral("hour");
}

QList<RollupRow> rollup(const QList<metrics::Sample>& samples, qint64 bucketLengthMs, qint64 fromMs, qint64 toMs)
{
    QList<RollupRow> rows;
    if (bucketLengthMs <= 0)
        return rows;
    QList<double> values;
    qint64 current = 0;
    double last = 0;
    bool open = false;
    for (const metrics::Sample& s : samples) {
        if (s.timestampMs < fromMs || s.timestampMs >= toMs)
            continue;
        if (std::isnan(s.value)) // stale markers are NaN too
            continue;
        const qint64 start = floorToBucket(s.timestampMs, bucketLengthMs);
        if (open && start != current) {
            rows.append(finishBucket(current, values, last));
            values.clear();
        }
        current = start;
        open = true;
        values.append(s.value);
        last = s.value;
    }
    if (open && !values.isEmpty())
        rows.append(finishBucket(current, values, last));
    return rows;
}

QList<RolledUpSeries> rollupStore(const metrics::SeriesStore& store, RollupResolution resolution, qint64 fromMs,
    qint64 toMs, const QList<QList<metrics::LabelMatcher>>& selectors)
{
    QList<RolledUpSeries> out;
    if (toMs <= fromMs)
        return out;
    QList<QList<metrics::LabelMatcher>> effective = selectors;
    if (effective.isEmpty()) {
        // Every series: a matcher that matches any non-empty metric name.
        effective.append({ metrics::LabelMatcher(metrics::LabelMatcher::Type::Regex, "__name__", ".+") });
    }
    QSet<metrics::SeriesRef> seen;
    QList<metrics::SeriesRef> refs;
    for (const auto& selector : effective) {
        for (metrics::SeriesRef ref : store.select(selector)) {
            if (!seen.contains(ref)) {
                seen.insert(ref);
                refs.append(ref);
            }
        }
    }
    const qint64 length = bucketMs(resolution);
    for (metrics::SeriesRef ref : refs) {
        // read() is inclusive at both ends; rollup() drops t == toMs.
        const QList<metrics::Sample> samples = store.read(ref, fromMs, toMs);
        if (samples.isEmpty())
            continue;
        QList<RollupRow> rows = rollup(samples, length, fromMs, toMs);
        if (rows.isEmpty())
            continue;
        out.append(RolledUpSeries { store.labels(ref), std::move(rows) });
    }
    // Stable order for writers and tests, independent of ref allocation.
    std::sort(out.begin(), out.end(),
        [](const RolledUpSeries& a, const RolledUpSeries& b) { return a.labels < b.labels; });
    return out;
}

bool isCounterName(const QString& metricName)
{
    return metricName.endsWith(QLatin1String("_total")) || metricName.endsWith(QLatin1String("_count"))
        || metricName.endsWith(QLatin1String("_sum")) || metricName.endsWith(QLatin1String("_bucket"));
}

} // namespace opsdeck::capacity
