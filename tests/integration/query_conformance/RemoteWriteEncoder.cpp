#include "RemoteWriteEncoder.h"

#include <algorithm>
#include <bit>
#include <cstdint>

namespace RemoteWriteEncoder {

namespace {

void varint(QByteArray& out, std::uint64_t v)
{
    while (v >= 0x80) {
        out += char((v & 0x7f) | 0x80);
        v >>= 7;
    }
    out += char(v);
}

// Protobuf key: field number << 3 | wire type (0 varint, 1 fixed64, 2 length-delimited).
void key(QByteArray& out, int field, int wireType)
{
    varint(out, std::uint64_t(field) << 3 | std::uint64_t(wireType));
}

void bytesField(QByteArray& out, int field, const QByteArray& bytes)
{
    key(out, field, 2);
    varint(out, std::uint64_t(bytes.size()));
    out += bytes;
}

QByteArray sample(double value, qint64 timestampMs)
{
    QByteArray out;
    key(out, 1, 1);
    const std::uint64_t bits = std::bit_cast<std::uint64_t>(value);
    for (int i = 0; i < 8; ++i)
        out += char((bits >> (8 * i)) & 0xff); // little-endian fixed64
    key(out, 2, 0);
    varint(out, std::uint64_t(timestampMs)); // int64: two's complement as varint
    return out;
}

} // namespace

QByteArray writeRequest(const QList<ConformanceDataset::StalenessSeries>& series)
{
    QByteArray request;
    for (const ConformanceDataset::StalenessSeries& s : series) {
        QByteArray ts;
        for (const auto& [name, value] : s.labels) {
            QByteArray label;
            bytesField(label, 1, name);
            bytesField(label, 2, value);
            bytesField(ts, 1, label);
        }
        for (const auto& [t, v] : s.samples)
            bytesField(ts, 2, sample(v, t));
        bytesField(request, 1, ts);
    }
    return request;
}

QByteArray snappyLiterals(const QByteArray& data)
{
    QByteArray out;
    varint(out, std::uint64_t(data.size()));
    constexpr qsizetype kChunk = 65536;
    for (qsizetype pos = 0; pos < data.size(); pos += kChunk) {
        const qsizetype n = std::min(kChunk, data.size() - pos);
        if (n <= 60) {
            out += char((n - 1) << 2); // tag 00: literal, length - 1 in the upper six bits
        } else {
            out += char(61 << 2); // literal, length - 1 in the next two bytes (little-endian)
            out += char((n - 1) & 0xff);
            out += char(((n - 1) >> 8) & 0xff);
        }
        out += data.mid(pos, n);
    }
    return out;
}

} // namespace RemoteWriteEncoder
