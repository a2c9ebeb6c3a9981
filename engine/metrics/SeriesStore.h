#pragma once

#include "LabelMatcher.h"
#include "Sample.h"

#include <QList>

#include <cstdint>
#include <memory>
#include <vector>

// In-memory time-series store: series identity (interned labels), a live head
// per series plus compressed history chunks (delta-of-delta timestamps and
// XOR values, Gorilla, VLDB 2015), an inverted label index for selectors, and
// retention by age and memory budget.
//
// Threading: exactly one writer thread calls the mutating methods; any number
// of reader threads call the const methods concurrently. Readers never hold a
// lock the writer needs for longer than a copy of one chunk list.
namespace opsdeck::metrics {

using SeriesRef = std::uint32_t;
inline constexpr SeriesRef kInvalidSeriesRef = 0xffffffffu;

struct RetentionPolicy
{
    qint64 maxAgeMs = 2 * 3600 * 1000; // drop samples older than now - maxAge
    qint64 maxBytes = 512LL * 1024 * 1024; // memory budget for samples; oldest chunks go first
};

// One sample as it was appended, for whoever forwards what the store took in
// (remote write) without reading it back (SeriesStore::setAppendLog).
struct AppendedSample
{
    qint64 timestampMs = 0;
    double value = 0;
    SeriesRef ref = kInvalidSeriesRef;
};

struct StoreStats
{
    qsizetype seriesCount = 0;
    qint64 sampleCount = 0; // samples held (head + chunks)
    qint64 compressedBytes = 0; // bytes of closed chunks
    qint64 headBytes = 0; // bytes of open head chunks
    qint64 appendedTotal = 0; // samples ever appended
    qint64 outOfOrderTotal = 0; // samples rejected as older than the series' last
};

class SeriesStore
{
public:
    explicit SeriesStore(RetentionPolicy policy = {});
    ~SeriesStore();
    SeriesStore(const SeriesStore&) = delete;
    SeriesStore& operator=(const SeriesStore&) = delete;

    // --- writer thread ---
    // Refs are dense indexes, never reused: once retention removes a series
    // its ref stays invalid (append returns false, contains() is false) and
    // the same labels get a new ref from getOrCreate. kInvalidSeriesRef for
    // an empty label set.
    SeriesRef getOrCreate(const Labels& labels);
    // false when ts <= the series' last timestamp (out of order / duplicate), counted in stats
    bool append(SeriesRef ref, qint64 timestampMs, double value);
    bool append(const Labels& labels, qint64 timestampMs, double value);
    // Appends Prometheus's stale marker so queries stop returning the series.
    void markStale(SeriesRef ref, qint64 timestampMs);
    // Drops samples older than nowMs - maxAge, then oldest chunks until under
    // maxBytes; series left without samples are removed from the index.
    void applyRetention(qint64 nowMs);
    void setRetentionPolicy(const RetentionPolicy& policy);
    // While set, every sample the store accepts (stale markers included) is
    // also pushed onto *log, in append order; the writer drains it. Null = off.
    void setAppendLog(std::vector<AppendedSample>* log);

    // --- any thread ---
    // Series whose labels satisfy all matchers (AND). Uses the inverted index;
    // at least one matcher should not match the empty string (if none does,
    // every series is a candidate). Sorted by ref; empty for an invalid regex.
    QList<SeriesRef> select(const QList<LabelMatcher>& matchers) const;
    Labels labels(SeriesRef ref) const;
    // False for refs never handed out and for series removed by retention.
    bool contains(SeriesRef ref) const;
    // Samples with minTs <= t <= maxTs in time order (stale markers included).
    QList<Sample> read(SeriesRef ref, qint64 minTs, qint64 maxTs) const;
    std::optional<Sample> last(SeriesRef ref) const;
    QList<QByteArray> labelNames() const;
    QList<QByteArray> labelValues(QByteArrayView name) const;
    StoreStats stats() const;
    RetentionPolicy retentionPolicy() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace opsdeck::metrics
