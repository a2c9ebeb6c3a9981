#pragma once

#include "capacity/Rollup.h"
#include "metrics/LabelMatcher.h"
#include "metrics/Labels.h"

#include <QList>
#include <QString>

#include <optional>

// Capacity history in SQLite (schema v5): one row per rolled-up series
// (its full label set, __name__ included) and minute / hour rollup rows
// keyed by (series, bucket start). Writing a bucket again replaces it, so a
// re-import or a restart never duplicates history. Use it on the thread that
// owns the Database's connection (the StateWriter thread for writes).
namespace opsdeck::storage {
class Database;
}

namespace opsdeck::capacity {

struct RollupSeriesInfo
{
    qint64 id = 0;
    metrics::Labels labels;
};

struct RollupStats
{
    qint64 seriesCount = 0;
    qint64 minuteRows = 0;
    qint64 hourRows = 0;
    qint64 oldestMinuteMs = 0; // 0 = none
    qint64 newestMinuteMs = 0;
    qint64 oldestHourMs = 0;
    qint64 newestHourMs = 0;
};

class RollupRepository
{
public:
    explicit RollupRepository(storage::Database& database);

    // Creates the series rows that do not exist yet and writes (replaces)
    // every row, all in one transaction.
    bool write(RollupResolution resolution, const QList<RolledUpSeries>& batch);
    // Every rolled-up series, optionally only those matching all matchers.
    std::optional<QList<RollupSeriesInfo>> series(const QList<metrics::LabelMatcher>& matchers = {});
    // Rows with fromMs <= startMs < toMs in time order.
    std::optional<QList<RollupRow>> read(RollupResolution resolution, qint64 seriesId, qint64 fromMs, qint64 toMs);
    // Deletes rows with startMs < olderThanMs; removed counts them.
    bool prune(RollupResolution resolution, qint64 olderThanMs, qint64* removed = nullptr);
    std::optional<RollupStats> stats();

    QString lastError() const { return m_error; }

private:
    storage::Database& m_db;
    QString m_error;
};

} // namespace opsdeck::capacity
