// SHARDS over Fenwick-tree LRU stack distances (see the header for the sources).
#include "redis/analytics/MissRatioCurve.h"

#include <algorithm>
#include <cmath>

namespace opsdeck::redis::analytics {

namespace {
constexpr quint64 kModulus = quint64(1) << 24; // P in the paper
}

double MissRatioCurve::hitRatioAt(double cacheKeys) const
{
    // steps[i].cacheKeys is the size from which the cumulative ratio applies.
    double ratio = 0;
    for (const MissRatioPoint& p : steps) {
        if (p.cacheKeys > cacheKeys)
            break;
        ratio = p.hitRatio;
    }
    return ratio;
}

std::optional<double> MissRatioCurve::keysForHitRatio(double target) const
{
    for (const MissRatioPoint& p : steps) {
        if (p.hitRatio >= target)
            return p.cacheKeys;
    }
    return std::nullopt;
}

double MissRatioCurve::maxHitRatio() const
{
    return steps.empty() ? 0.0 : steps.back().hitRatio;
}

StackDistanceProfiler::StackDistanceProfiler(Options options)
    : m_options(options)
{
    m_options.samplingRate = std::clamp(m_options.samplingRate, 1.0 / double(kModulus), 1.0);
    m_threshold = quint64(std::llround(m_options.samplingRate * double(kModulus)));
    m_tree.push_back(0);
}

quint64 StackDistanceProfiler::keyHash(const QByteArray& key)
{
    quint64 h = 14695981039346656037ULL;
    for (const char c : key) {
        h ^= quint64(static_cast<unsigned char>(c));
        h *= 1099511628211ULL;
    }
    h += 0x9e3779b97f4a7c15ULL;
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

bool StackDistanceProfiler::sampled(const QByteArray& key) const
{
    return (keyHash(key) % kModulus) < m_threshold;
}

void StackDistanceProfiler::fenwickAdd(qint64 index, qint64 delta)
{
    const auto n = qint64(m_tree.size());
    for (; index < n; index += index & -index)
        m_tree[size_t(index)] += delta;
}

qint64 StackDistanceProfiler::fenwickPrefix(qint64 index) const
{
    qint64 sum = 0;
    for (; index > 0; index -= index & -index)
        sum += m_tree[size_t(index)];
    return sum;
}

void StackDistanceProfiler::fenwickAppend(qint64 value)
{
    // Node i covers (i - lowbit(i), i]: its sum is the marks already there plus the new one.
    const auto i = qint64(m_tree.size());
    const qint64 covered = fenwickPrefix(i - 1) - fenwickPrefix(i - (i & -i));
    m_tree.push_back(covered + value);
}

void StackDistanceProfiler::access(const QByteArray& key, bool counted)
{
    ++m_offered;
    if (counted)
        ++m_counted;
    const quint64 h = keyHash(key);
    if ((h % kModulus) >= m_threshold)
        return;
    if (qint64(m_tree.size()) - 1 >= m_options.maxSampledReferences) {
        m_truncated = true;
        return;
    }
    if (counted)
        ++m_sampledCounted;
    const qint64 now = qint64(m_tree.size()); // the time this reference gets
    const auto it = m_lastTime.find(h);
    if (it == m_lastTime.end()) {
        if (counted)
            ++m_cold;
        m_lastTime.emplace(h, now);
    } else {
        const qint64 previous = it->second;
        if (counted) {
            const qint64 distance = fenwickPrefix(now - 1) - fenwickPrefix(previous);
            if (qint64(m_histogram.size()) <= distance)
                m_histogram.resize(size_t(distance + 1), 0);
            ++m_histogram[size_t(distance)];
        }
        fenwickAdd(previous, -1);
        it->second = now;
    }
    fenwickAppend(1);
}

void StackDistanceProfiler::remove(const QByteArray& key)
{
    const quint64 h = keyHash(key);
    const auto it = m_lastTime.find(h);
    if (it == m_lastTime.end())
        return;
    fenwickAdd(it->second, -1);
    m_lastTime.erase(it);
}

MissRatioCurve StackDistanceProfiler::curve() const
{
    MissRatioCurve c;
    const double r = m_options.samplingRate;
    c.samplingRate = r;
    c.countedReferences = m_counted;
    c.sampledCountedReferences = m_sampledCounted;
    c.sampledKeys = qint64(m_lastTime.size());
    c.truncated = m_truncated;
    c.coldMisses = double(m_cold) / r;

    // SHARDS-adj: expected minus actual sampled counted references go to the first bucket.
    // When truncated, only the references before the cut are comparable.
    std::vector<double> hist(m_histogram.begin(), m_histogram.end());
    double total = double(m_sampledCounted);
    if (!m_truncated && r < 1.0) {
        const double adjust = double(m_counted) * r - double(m_sampledCounted);
        if (hist.empty())
            hist.push_back(0);
        hist[0] = std::max(0.0, hist[0] + adjust);
        total = std::max(1.0, total + adjust);
    }
    if (total <= 0)
        return c;
    double cumulative = 0;
    for (size_t d = 0; d < hist.size(); ++d) {
        if (hist[d] <= 0)
            continue;
        cumulative += hist[d];
        // Distance d among sampled keys stands for d/R keys: a hit in any cache larger than that.
        c.steps.push_back({ double(d) / r + 1.0, std::min(1.0, cumulative / total) });
    }
    return c;
}

} // namespace opsdeck::redis::analytics
