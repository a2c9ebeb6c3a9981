#pragma once

#include "metrics/SeriesStore.h"

#include <QMutex>
#include <QtGlobal>

#include <deque>
#include <vector>

// The bounded buffer between the scrape thread (push) and one remote-write
// sender (take): samples in arrival order, at most `capacity` of them.
// When full, the oldest are dropped and counted, so an outage longer than
// the buffer loses the oldest data, never the newest. 16 bytes a sample
// (value, series ref, timestamp as a 32-bit offset from its block's base),
// in blocks of one push each. Thread-safe; it never blocks for longer than
// a copy of one push.
namespace opsdeck::remotewrite {

class SampleQueue
{
public:
    explicit SampleQueue(qsizetype capacity);

    // Appends in order; returns how many old samples were dropped to make room.
    qsizetype push(const std::vector<metrics::AppendedSample>& samples);
    // Moves up to max samples from the front to out (appended); returns how many.
    qsizetype take(std::vector<metrics::AppendedSample>& out, qsizetype max);
    qsizetype size() const;
    qsizetype capacity() const { return m_capacity; }

private:
    struct Entry
    {
        double value;
        metrics::SeriesRef ref;
        qint32 offsetMs;
    };
    static_assert(sizeof(Entry) == 16);
    struct Block
    {
        qint64 baseMs = 0;
        std::vector<Entry> entries;
        std::size_t head = 0; // entries before it are taken or dropped
        qsizetype left() const { return qsizetype(entries.size() - head); }
    };
    void dropOldest(qsizetype n);

    const qsizetype m_capacity;
    mutable QMutex m_mutex;
    std::deque<Block> m_blocks;
    qsizetype m_size = 0;
};

} // namespace opsdeck::remotewrite
