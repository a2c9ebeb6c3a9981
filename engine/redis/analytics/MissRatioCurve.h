#pragma once

#include <QByteArray>
#include <QList>

#include <optional>
#include <unordered_map>
#include <vector>

// Hit ratio against cache size, from a sample of key accesses: SHARDS
// (Waldspurger, Park, Garthwaite, Ahmad, "Efficient MRC Construction with
// SHARDS", FAST'15) over exact LRU stack distances (Mattson et al., "Evaluation
// techniques for storage hierarchies", IBM Systems Journal 1970).
//
// - Spatial sampling: a reference to key L is kept iff hash(L) mod P < T, rate
//   R = T/P. Every reference of a sampled key is kept, so its reuse pattern is
//   intact; a stack distance d measured among sampled keys stands for d/R keys
//   of the full trace.
// - Stack distance = number of distinct keys referenced since the key's
//   previous reference, counted with a Fenwick tree over reference times (one
//   mark at each key's latest time): O(log n) per reference.
// - An LRU cache of C keys hits a reference iff its distance < C, so the
//   histogram of scaled distances is the hit-ratio curve of every size at once.
// - SHARDS-adj: the difference between the expected number of sampled counted
//   references (R times all counted ones) and the actual number goes to the
//   smallest-distance bucket, which removes most of the bias of sampling a few
//   hot keys too many or too few (section 4.2 of the paper).
//
// Assumptions the caller must state: the curve is for exact LRU on key counts
// (Redis evicts by approximated LRU, maxmemory-samples 5, usually within a few
// points of exact LRU; LFU policies are not modelled); the accesses are a
// sample of the real workload; a key first seen in the sample counts as a miss
// at every size (a cold miss), so beyond the number of distinct keys seen the
// curve is a lower bound. References can be "counted" (their hit or miss is in
// the ratio: reads) or only "touched" (writes: they move the key to the top of
// the stack but Redis does not count them as lookups).
//
// Bounded: at most maxSampledReferences sampled references are kept (later
// ones are dropped and `truncated` set). Not thread-safe; no I/O, no clock.
namespace opsdeck::redis::analytics {

struct MissRatioPoint
{
    double cacheKeys = 0;
    double hitRatio = 0;
};

struct MissRatioCurve
{
    double samplingRate = 1.0;
    qint64 countedReferences = 0; // all counted references offered, sampled or not
    qint64 sampledCountedReferences = 0;
    qint64 sampledKeys = 0; // distinct sampled keys
    double coldMisses = 0; // sampled counted references never seen before (scaled by 1/R)
    bool truncated = false;
    // Sorted by cacheKeys: the hit ratio of an LRU cache of that many keys (a step function).
    std::vector<MissRatioPoint> steps;

    bool isEmpty() const { return steps.empty() && coldMisses <= 0; }
    double hitRatioAt(double cacheKeys) const;
    // The smallest cache (keys) that reaches `target`; nullopt if the sample never does.
    std::optional<double> keysForHitRatio(double target) const;
    double maxHitRatio() const;
    // Distinct keys the sample stands for (sampledKeys / R).
    double estimatedKeys() const { return samplingRate > 0 ? double(sampledKeys) / samplingRate : 0; }
};

class StackDistanceProfiler final
{
public:
    struct Options
    {
        double samplingRate = 0.1; // 0 < R <= 1
        qint64 maxSampledReferences = 4'000'000;
    };

    explicit StackDistanceProfiler(Options options);

    // True when the key falls in the spatial sample (same hash for the same bytes everywhere).
    bool sampled(const QByteArray& key) const;
    // One reference. counted: its hit/miss belongs in the ratio.
    void access(const QByteArray& key, bool counted);
    // References the caller checked with sampled() and left out (counted ones), so an
    // online caller can skip its lock for keys outside the sample; the same as calling
    // access(key, true) for each of them.
    void addUnsampledReferences(qint64 counted)
    {
        m_offered += counted;
        m_counted += counted;
    }
    // The key was deleted: its next reference is a miss (a cold one).
    void remove(const QByteArray& key);

    qint64 offeredReferences() const { return m_offered; }
    // maxSampledReferences reached: further sampled references are dropped.
    bool full() const { return qint64(m_tree.size()) - 1 >= m_options.maxSampledReferences; }
    MissRatioCurve curve() const;

    // FNV-1a 64 finished with the splitmix64 mixer (better low bits for the modulo).
    static quint64 keyHash(const QByteArray& key);

private:
    void fenwickAdd(qint64 index, qint64 delta);
    qint64 fenwickPrefix(qint64 index) const; // sum of marks at times 1..index
    void fenwickAppend(qint64 value);

    Options m_options;
    quint64 m_threshold = 0;
    std::vector<qint64> m_tree; // 1-based Fenwick tree over reference times; m_tree[0] unused
    std::unordered_map<quint64, qint64> m_lastTime; // key hash -> time of its latest reference
    std::vector<qint64> m_histogram; // counted sampled references by unscaled distance
    qint64 m_cold = 0;
    qint64 m_offered = 0;
    qint64 m_counted = 0;
    qint64 m_sampledCounted = 0;
    bool m_truncated = false;
};

} // namespace opsdeck::redis::analytics
