#include "Gorilla.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <new>

// Gorilla (VLDB 2015) delta-of-delta / XOR streams; see Gorilla.h for the layout.
namespace opsdeck::metrics::gorilla {

namespace {

inline std::uint64_t loadBigEndian(const std::uint8_t* p)
{
    std::uint64_t w;
    std::memcpy(&w, p, sizeof w);
    if constexpr (std::endian::native == std::endian::little)
        w = __builtin_bswap64(w);
    return w;
}

inline void storeBigEndian(std::uint8_t* p, std::uint64_t w)
{
    if constexpr (std::endian::native == std::endian::little)
        w = __builtin_bswap64(w);
    std::memcpy(p, &w, sizeof w);
}

// Prometheus's bitRange: n bits hold [-(2^(n-1) - 1), 2^(n-1)].
inline bool fitsBits(std::int64_t v, int n)
{
    return v >= -((std::int64_t(1) << (n - 1)) - 1) && v <= (std::int64_t(1) << (n - 1));
}

inline std::int64_t signExtendBucket(std::uint64_t bits, int n)
{
    if (bits > (std::uint64_t(1) << (n - 1)))
        return std::int64_t(bits) - (std::int64_t(1) << n);
    return std::int64_t(bits);
}

constexpr std::size_t kWriteSlack = 16; // an OR of 8 bytes plus one spill byte past the end

} // namespace

// --- encoder ---------------------------------------------------------------

void XorEncoder::writeBits(std::uint64_t value, int count)
{
    const std::size_t byte = m_bits >> 3;
    if (byte + kWriteSlack > m_buf.size())
        m_buf.resize(std::max<std::size_t>(64, m_buf.size() * 2), 0);
    const int off = int(m_bits & 7);
    const std::uint64_t aligned = count == 64 ? value : value << (64 - count);
    std::uint8_t* p = m_buf.data() + byte;
    storeBigEndian(p, loadBigEndian(p) | (aligned >> off));
    if (off + count > 64)
        p[8] |= std::uint8_t((aligned << (64 - off)) >> 56);
    m_bits += std::size_t(count);
}

void XorEncoder::writeDod(std::int64_t dod)
{
    const auto u = std::uint64_t(dod);
    if (dod == 0)
        writeBits(0, 1);
    else if (fitsBits(dod, 7))
        writeBits((0b10ULL << 7) | (u & 0x7f), 9);
    else if (fitsBits(dod, 9))
        writeBits((0b110ULL << 9) | (u & 0x1ff), 12);
    else if (fitsBits(dod, 12))
        writeBits((0b1110ULL << 12) | (u & 0xfff), 16);
    else {
        writeBits(0b1111, 4);
        writeBits(u, 64);
    }
}

void XorEncoder::writeValue(std::uint64_t bits)
{
    const std::uint64_t x = bits ^ m_lastValue;
    if (x == 0) {
        writeBits(0, 1);
        return;
    }
    int leading = std::countl_zero(x);
    const int trailing = std::countr_zero(x);
    if (leading >= 32)
        leading = 31; // 5 bits
    if (m_leading != 0xff && leading >= m_leading && trailing >= m_trailing) {
        const int sig = 64 - m_leading - m_trailing;
        writeBits(0b10, 2);
        writeBits(x >> m_trailing, sig);
        return;
    }
    m_leading = std::uint8_t(leading);
    m_trailing = std::uint8_t(trailing);
    const int sig = 64 - leading - trailing;
    writeBits((0b11ULL << 11) | (std::uint64_t(leading) << 6) | std::uint64_t(sig & 63), 13);
    writeBits(x >> trailing, sig);
}

void XorEncoder::append(qint64 timestampMs, double value)
{
    const auto bits = std::bit_cast<std::uint64_t>(value);
    const auto ts = std::uint64_t(timestampMs);
    if (m_count == 0) {
        writeBits(ts, 64);
        writeBits(bits, 64);
        m_firstTs = timestampMs;
        m_lastDelta = 0;
    } else {
        const std::uint64_t delta = ts - std::uint64_t(m_lastTs);
        writeDod(std::int64_t(delta - m_lastDelta));
        writeValue(bits);
        m_lastDelta = delta;
    }
    m_lastTs = timestampMs;
    m_lastValue = bits;
    ++m_count;
}

void XorEncoder::reset()
{
    std::memset(m_buf.data(), 0, std::min(m_buf.size(), byteCount() + 1));
    m_bits = 0;
    m_count = 0;
    m_firstTs = m_lastTs = 0;
    m_lastDelta = m_lastValue = 0;
    m_leading = 0xff;
    m_trailing = 0;
}

void XorEncoder::release()
{
    reset();
    std::vector<std::uint8_t>().swap(m_buf);
}

// --- decoder ---------------------------------------------------------------

XorDecoder::XorDecoder(const std::uint8_t* data, std::size_t byteCount, int sampleCount)
    : m_data(data)
    , m_size(byteCount)
    , m_remaining(sampleCount)
{ }

double XorDecoder::value() const
{
    return std::bit_cast<double>(m_value);
}

// The next 64 bits of the stream, zeros past its end.
inline std::uint64_t XorDecoder::peek() const
{
    const std::size_t byte = m_pos >> 3;
    const int off = int(m_pos & 7);
    if (byte + 9 <= m_size) [[likely]] {
        std::uint64_t w = loadBigEndian(m_data + byte);
        if (off)
            w = (w << off) | (m_data[byte + 8] >> (8 - off));
        return w;
    }
    std::uint8_t tail[9] = {};
    if (byte < m_size)
        std::memcpy(tail, m_data + byte, std::min<std::size_t>(9, m_size - byte));
    std::uint64_t w = loadBigEndian(tail);
    if (off)
        w = (w << off) | (tail[8] >> (8 - off));
    return w;
}

inline std::uint64_t XorDecoder::read(int count)
{
    const std::uint64_t w = peek();
    m_pos += std::size_t(count);
    return count == 64 ? w : w >> (64 - count);
}

bool XorDecoder::next()
{
    if (m_remaining <= 0 || m_pos > m_size * 8)
        return false;
    --m_remaining;
    if (m_first) {
        m_first = false;
        m_ts = qint64(read(64));
        m_value = read(64);
        return true;
    }

    std::uint64_t w = peek();
    std::int64_t dod;
    switch (std::min(std::countl_one(w), 4)) {
    case 0:
        m_pos += 1;
        dod = 0;
        break;
    case 1:
        dod = signExtendBucket((w << 2) >> (64 - 7), 7);
        m_pos += 2 + 7;
        break;
    case 2:
        dod = signExtendBucket((w << 3) >> (64 - 9), 9);
        m_pos += 3 + 9;
        break;
    case 3:
        dod = signExtendBucket((w << 4) >> (64 - 12), 12);
        m_pos += 4 + 12;
        break;
    default:
        m_pos += 4;
        dod = std::int64_t(read(64));
        break;
    }
    m_delta += std::uint64_t(dod);
    m_ts = qint64(std::uint64_t(m_ts) + m_delta);

    w = peek();
    if (!(w >> 63)) {
        m_pos += 1;
        return true;
    }
    if (!((w >> 62) & 1)) {
        if (m_leading == 0xff)
            return false; // corrupt: window reuse before any window
        m_pos += 2;
    } else {
        const int leading = int((w >> 57) & 0x1f);
        int sig = int((w >> 51) & 0x3f);
        if (sig == 0)
            sig = 64;
        if (leading + sig > 64)
            return false; // corrupt
        m_leading = std::uint8_t(leading);
        m_trailing = std::uint8_t(64 - leading - sig);
        m_pos += 13;
    }
    const int sig = 64 - m_leading - m_trailing;
    m_value ^= read(sig) << m_trailing;
    return true;
}

std::size_t decodeRange(
    const std::uint8_t* data, std::size_t byteCount, int sampleCount, qint64 minTs, qint64 maxTs, Sample* out)
{
    XorDecoder dec(data, byteCount, sampleCount);
    std::size_t n = 0;
    while (dec.next()) {
        const qint64 ts = dec.timestamp();
        if (ts < minTs)
            continue;
        if (ts > maxTs)
            break;
        out[n].timestampMs = ts;
        out[n].value = dec.value();
        ++n;
    }
    return n;
}

// --- closed chunk ------------------------------------------------------------

ChunkPtr XorChunk::create(const XorEncoder& encoder)
{
    static_assert(sizeof(XorChunk) == 24 && alignof(XorChunk) <= alignof(std::max_align_t));
    const std::size_t size = encoder.byteCount();
    void* mem = ::operator new(sizeof(XorChunk) + size);
    auto* chunk = new (mem) XorChunk;
    chunk->m_maxTs = encoder.lastTimestamp();
    chunk->m_size = std::uint32_t(size);
    chunk->m_count = std::uint32_t(encoder.count());
    if (size)
        std::memcpy(static_cast<std::uint8_t*>(mem) + sizeof(XorChunk), encoder.data(), size);
    return ChunkPtr(chunk);
}

qint64 XorChunk::minTime() const
{
    return m_size >= 8 ? qint64(loadBigEndian(data())) : m_maxTs;
}

void XorChunk::deref() const
{
    if (m_refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        this->~XorChunk();
        ::operator delete(const_cast<XorChunk*>(this));
    }
}

} // namespace opsdeck::metrics::gorilla
