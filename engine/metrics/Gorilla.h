#pragma once

#include "Sample.h"

#include <QtGlobal>

#include <atomic>

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

// Sample compression for the series store: delta-of-delta timestamps and XOR
// values as in Facebook's Gorilla (Pelkonen et al., VLDB 2015, section 4.1),
// with the chunk layout of Prometheus TSDB's chunkenc XOR chunk.
//
// Stream layout (bits, MSB first):
//   sample 0: timestamp (64, two's complement), value (64, IEEE-754 bits)
//   sample n: timestamp delta-of-delta (sample 1: the delta itself)
//               '0'                      dod == 0
//               '10'   + 7 bits          dod in [-63, 64]
//               '110'  + 9 bits          dod in [-255, 256]
//               '1110' + 12 bits         dod in [-2047, 2048]
//               '1111' + 64 bits         anything else
//             value XOR previous value
//               '0'                      equal bits
//               '10'   + meaningful bits inside the previous leading/trailing window
//               '11'   + 5 bits leading zeros (max 31) + 6 bits length (64 as 0) + bits
// The buckets are the paper's (7/9/12) because millisecond scrape jitter gives
// dods of a few ms, which cost 9 bits here and 16 with Prometheus's 14-bit
// bucket; the last bucket is 64 bits, not the paper's 32, because a gap of
// 25 days in milliseconds overflows 32 bits. Deltas use wrapping 64-bit
// arithmetic, so every qint64 sequence round-trips. Values are handled as raw
// bits only, so NaN payloads (the staleness marker) survive bit-exactly.
//
// Streams are produced in-process and trusted: the decoder never reads outside
// the buffer, but a corrupt stream decodes to garbage rather than an error.
namespace opsdeck::metrics::gorilla {

// Appends samples to a growing bit stream. Used as a series' open head chunk,
// so memory stays compressed while samples arrive.
class XorEncoder
{
public:
    void append(qint64 timestampMs, double value);

    int count() const { return m_count; }
    qint64 firstTimestamp() const { return m_firstTs; }
    qint64 lastTimestamp() const { return m_lastTs; }
    std::size_t byteCount() const { return (m_bits + 7) / 8; }
    std::size_t bitCount() const { return m_bits; }
    std::size_t capacityBytes() const { return m_buf.size(); }
    const std::uint8_t* data() const { return m_buf.data(); }

    // Empties the stream but keeps the buffer for the next chunk.
    void reset();
    // Empties the stream and frees the buffer.
    void release();

private:
    void writeBits(std::uint64_t value, int count);
    void writeDod(std::int64_t dod);
    void writeValue(std::uint64_t bits);

    std::vector<std::uint8_t> m_buf; // zero past m_bits, so writes can OR whole words
    std::size_t m_bits = 0;
    int m_count = 0;
    qint64 m_firstTs = 0;
    qint64 m_lastTs = 0;
    std::uint64_t m_lastDelta = 0;
    std::uint64_t m_lastValue = 0;
    std::uint8_t m_leading = 0xff; // 0xff: no XOR window yet
    std::uint8_t m_trailing = 0;
};

// Reads a stream written by XorEncoder, one sample at a time.
class XorDecoder
{
public:
    XorDecoder(const std::uint8_t* data, std::size_t byteCount, int sampleCount);

    bool next();
    qint64 timestamp() const { return m_ts; }
    double value() const;
    std::uint64_t valueBits() const { return m_value; }

private:
    std::uint64_t peek() const;
    std::uint64_t read(int count);

    const std::uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_pos = 0; // bit position
    int m_remaining;
    bool m_first = true;
    qint64 m_ts = 0;
    std::uint64_t m_delta = 0;
    std::uint64_t m_value = 0;
    std::uint8_t m_leading = 0xff;
    std::uint8_t m_trailing = 0;
};

// Decodes the samples with minTs <= t <= maxTs into out (room for sampleCount
// samples) and returns how many were written. One call per chunk keeps the
// per-sample loop inside one function.
std::size_t decodeRange(
    const std::uint8_t* data, std::size_t byteCount, int sampleCount, qint64 minTs, qint64 maxTs, Sample* out);

class ChunkPtr;

// A closed chunk: immutable once built, so readers share it through ChunkPtr
// without copying or locking. Header and payload are one allocation with an
// intrusive count: with ~120 samples of ~1.3 bytes, a shared_ptr's extra
// control block and second allocation would add half as much again.
class XorChunk
{
public:
    static ChunkPtr create(const XorEncoder& encoder);
    XorChunk(const XorChunk&) = delete;
    XorChunk& operator=(const XorChunk&) = delete;

    qint64 minTime() const; // the stream's first timestamp
    qint64 maxTime() const { return m_maxTs; }
    int count() const { return int(m_count); }
    std::size_t byteCount() const { return m_size; }
    const std::uint8_t* data() const { return reinterpret_cast<const std::uint8_t*>(this + 1); }

    std::size_t decode(qint64 minTs, qint64 maxTs, Sample* out) const
    {
        return decodeRange(data(), m_size, int(m_count), minTs, maxTs, out);
    }

    // Heap bytes per chunk beyond the payload: this header, the allocator's
    // header and rounding, and the ChunkPtr in the series' list.
    static constexpr std::size_t kOverheadBytes = 24 + 16 + 8;

private:
    friend class ChunkPtr;
    XorChunk() = default;
    void ref() const { m_refs.fetch_add(1, std::memory_order_relaxed); }
    void deref() const;

    qint64 m_maxTs = 0;
    mutable std::atomic<std::uint32_t> m_refs { 1 };
    std::uint32_t m_size = 0;
    std::uint32_t m_count = 0;
};

// Shared, thread-safe handle to an immutable XorChunk.
class ChunkPtr
{
public:
    ChunkPtr() = default;
    ChunkPtr(const ChunkPtr& o)
        : m_chunk(o.m_chunk)
    {
        if (m_chunk)
            m_chunk->ref();
    }
    ChunkPtr(ChunkPtr&& o) noexcept
        : m_chunk(std::exchange(o.m_chunk, nullptr))
    { }
    ChunkPtr& operator=(ChunkPtr o) noexcept
    {
        std::swap(m_chunk, o.m_chunk);
        return *this;
    }
    ~ChunkPtr()
    {
        if (m_chunk)
            m_chunk->deref();
    }

    const XorChunk* get() const { return m_chunk; }
    const XorChunk* operator->() const { return m_chunk; }
    const XorChunk& operator*() const { return *m_chunk; }
    explicit operator bool() const { return m_chunk != nullptr; }

private:
    friend class XorChunk;
    explicit ChunkPtr(const XorChunk* adopted)
        : m_chunk(adopted)
    { }
    const XorChunk* m_chunk = nullptr;
};

} // namespace opsdeck::metrics::gorilla
