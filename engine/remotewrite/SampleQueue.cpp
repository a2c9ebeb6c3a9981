#include "remotewrite/SampleQueue.h"

#include <QMutexLocker>

#include <algorithm>
#include <limits>

namespace opsdeck::remotewrite {

SampleQueue::SampleQueue(qsizetype capacity)
    : m_capacity(std::max<qsizetype>(1, capacity))
{ }

qsizetype SampleQueue::push(const std::vector<metrics::AppendedSample>& samples)
{
    if (samples.empty())
        return 0;
    // More than fits: only the newest `capacity` can stay.
    const std::size_t skip
        = samples.size() > std::size_t(m_capacity) ? samples.size() - std::size_t(m_capacity) : 0;
    // Build the blocks outside the lock.
    std::vector<Block> fresh;
    for (std::size_t i = skip; i < samples.size(); ++i) {
        const metrics::AppendedSample& s = samples[i];
        if (fresh.empty() || s.timestampMs - fresh.back().baseMs > std::numeric_limits<qint32>::max()
            || s.timestampMs - fresh.back().baseMs < std::numeric_limits<qint32>::min()) {
            fresh.emplace_back();
            fresh.back().baseMs = s.timestampMs;
            fresh.back().entries.reserve(samples.size() - i);
        }
        Block& b = fresh.back();
        b.entries.push_back({ s.value, s.ref, qint32(s.timestampMs - b.baseMs) });
    }
    const qsizetype added = qsizetype(samples.size() - skip);
    QMutexLocker lock(&m_mutex);
    const qsizetype over = std::max<qsizetype>(0, m_size + added - m_capacity);
    dropOldest(over);
    for (Block& b : fresh)
        m_blocks.push_back(std::move(b));
    m_size += added;
    return over + qsizetype(skip);
}

void SampleQueue::dropOldest(qsizetype n)
{
    while (n > 0 && !m_blocks.empty()) {
        Block& front = m_blocks.front();
        const qsizetype k = std::min(n, front.left());
        front.head += std::size_t(k);
        n -= k;
        m_size -= k;
        if (front.left() == 0)
            m_blocks.pop_front();
    }
}

qsizetype SampleQueue::take(std::vector<metrics::AppendedSample>& out, qsizetype max)
{
    QMutexLocker lock(&m_mutex);
    qsizetype taken = 0;
    while (taken < max && !m_blocks.empty()) {
        Block& front = m_blocks.front();
        const qsizetype k = std::min(max - taken, front.left());
        for (qsizetype i = 0; i < k; ++i) {
            const Entry& e = front.entries[front.head + std::size_t(i)];
            out.push_back({ front.baseMs + e.offsetMs, e.value, e.ref });
        }
        front.head += std::size_t(k);
        taken += k;
        if (front.left() == 0)
            m_blocks.pop_front();
    }
    m_size -= taken;
    return taken;
}

qsizetype SampleQueue::size() const
{
    QMutexLocker lock(&m_mutex);
    return m_size;
}

} // namespace opsdeck::remotewrite
