#pragma once

#include "redis/analytics/MissRatioCurve.h"

#include <QByteArray>
#include <QMutex>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

// L1's dynamic sizing: the miss-ratio curve of the lookups L1 sees, measured
// online with SHARDS spatial sampling (Waldspurger et al., FAST'15; the same
// StackDistanceProfiler `opsdeck cache inspect` uses on a Redis), and the budget
// it calls for: the smallest size within `tolerance` of the best hit ratio the
// curve reaches, with headroom, between a floor and the configured ceiling
// (cache.l1.max_size). Memory the curve says buys nothing goes back to the
// system; a workload whose working set grows gets it back up to the ceiling.
//
// The curve is for LRU on entry counts; L1 evicts by bytes with S3-FIFO (or the
// configured policy), which on the S3-FIFO paper's traces misses no more than
// LRU at the same size, so the LRU curve is a safe (pessimistic) guide. Counts
// become bytes through the mean entry weight of L1 at that moment.
//
// observe() is on every L1 lookup: a key outside the sample costs one hash and
// one relaxed atomic increment; a sampled key (1 in 10 by default) takes a
// mutex. Windows of `windowReferences` sampled references keep the curve
// current and the memory bounded; the curve shown is the last full window
// (or the current one until the first is full). No clock, no I/O.
namespace opsdeck::cache {

struct SizedCurvePoint
{
    qint64 bytes = 0;
    double hitRatio = 0;
};

struct L1Curve
{
    std::vector<SizedCurvePoint> points; // sorted by bytes; a step function
    double maxHitRatio = 0;
    qint64 references = 0; // lookups the curve is made of (sampled or not)
    double coldMissRatio = 0; // lookups of keys the window had not seen before
    double samplingRate = 0;
    double meanEntryBytes = 0;
    bool isEmpty() const { return points.empty(); }
    double hitRatioAt(qint64 bytes) const;
};

class L1Sizer final
{
public:
    struct Options
    {
        double samplingRate = 0.1;
        qint64 windowReferences = 200'000; // sampled references per window
        qint64 minReferences = 2'000; // lookups before the curve may move the budget
        qint64 floorBytes = 4LL * 1024 * 1024;
        qint64 ceilingBytes = 256LL * 1024 * 1024;
        double tolerance = 0.01; // within 1 point of the best ratio the curve shows
        double headroom = 1.25;
    };

    explicit L1Sizer(Options options);
    ~L1Sizer();

    void observe(const QByteArray& key);
    // An entry left L1 for good (removed or invalidated): its next lookup is a cold miss.
    void forget(const QByteArray& key);

    // The curve in bytes at the given mean entry weight (L1's bytes / entries now).
    L1Curve curve(double meanEntryBytes) const;
    // Pure: the budget `curve` calls for, or nullopt when it is too young to say:
    // fewer than minReferences lookups, or more than half of them first sightings
    // (a warming cache looks like one that nothing helps, and must not be shrunk).
    static std::optional<qint64> budgetFor(const L1Curve& curve, const Options& options);
    const Options& options() const { return m_options; }

private:
    Options m_options;
    mutable QMutex m_mutex;
    std::unique_ptr<redis::analytics::StackDistanceProfiler> m_profiler; // the window being filled
    std::optional<redis::analytics::MissRatioCurve> m_lastWindow;
    std::atomic<qint64> m_unsampled { 0 }; // left out since the last sampled lookup
    std::unique_ptr<redis::analytics::StackDistanceProfiler> m_hasher; // sampled() only (stateless)
};

} // namespace opsdeck::cache
