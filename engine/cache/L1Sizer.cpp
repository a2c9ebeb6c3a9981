#include "cache/L1Sizer.h"

#include <algorithm>
#include <cmath>

namespace opsdeck::cache {

using redis::analytics::MissRatioCurve;
using redis::analytics::StackDistanceProfiler;

double L1Curve::hitRatioAt(qint64 bytes) const
{
    double ratio = 0;
    for (const SizedCurvePoint& p : points) {
        if (p.bytes > bytes)
            break;
        ratio = p.hitRatio;
    }
    return ratio;
}

namespace {

std::unique_ptr<StackDistanceProfiler> newProfiler(const L1Sizer::Options& o)
{
    StackDistanceProfiler::Options p;
    p.samplingRate = o.samplingRate;
    p.maxSampledReferences = o.windowReferences;
    return std::make_unique<StackDistanceProfiler>(p);
}

} // namespace

L1Sizer::L1Sizer(Options options)
    : m_options(options)
    , m_profiler(newProfiler(m_options))
    , m_hasher(newProfiler(m_options))
{ }

L1Sizer::~L1Sizer() = default;

void L1Sizer::observe(const QByteArray& key)
{
    if (!m_hasher->sampled(key)) {
        m_unsampled.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    QMutexLocker lock(&m_mutex);
    m_profiler->addUnsampledReferences(m_unsampled.exchange(0, std::memory_order_relaxed));
    m_profiler->access(key, true);
    if (m_profiler->full()) {
        // The window is full: it becomes the curve shown, and a new one starts.
        m_lastWindow = m_profiler->curve();
        m_profiler = newProfiler(m_options);
    }
}

void L1Sizer::forget(const QByteArray& key)
{
    if (!m_hasher->sampled(key))
        return;
    QMutexLocker lock(&m_mutex);
    m_profiler->remove(key);
}

L1Curve L1Sizer::curve(double meanEntryBytes) const
{
    MissRatioCurve c;
    {
        QMutexLocker lock(&m_mutex);
        const MissRatioCurve current = m_profiler->curve();
        // Until the window being filled holds half a window, the last full one says more.
        c = m_lastWindow && current.sampledCountedReferences * 2 < m_options.windowReferences ? *m_lastWindow
                                                                                              : current;
    }
    L1Curve out;
    out.samplingRate = c.samplingRate;
    out.references = c.countedReferences;
    out.meanEntryBytes = meanEntryBytes;
    out.maxHitRatio = c.maxHitRatio();
    out.coldMissRatio = c.countedReferences > 0 ? std::min(1.0, c.coldMisses / double(c.countedReferences)) : 0.0;
    const double weight = std::max(1.0, meanEntryBytes);
    out.points.reserve(c.steps.size());
    for (const auto& step : c.steps)
        out.points.push_back({ qint64(std::ceil(step.cacheKeys * weight)), step.hitRatio });
    return out;
}

std::optional<qint64> L1Sizer::budgetFor(const L1Curve& curve, const Options& o)
{
    if (curve.references < o.minReferences || curve.isEmpty() || curve.coldMissRatio > 0.5)
        return std::nullopt;
    const double goal = curve.maxHitRatio - o.tolerance;
    qint64 bytes = curve.points.back().bytes;
    for (const SizedCurvePoint& p : curve.points) {
        if (p.hitRatio >= goal) {
            bytes = p.bytes;
            break;
        }
    }
    const auto wanted = qint64(std::ceil(double(bytes) * o.headroom));
    return std::clamp(wanted, std::min(o.floorBytes, o.ceilingBytes), o.ceilingBytes);
}

} // namespace opsdeck::cache
