#include "metrics/Gorilla.h"
#include "metrics/Sample.h"

#include <QRandomGenerator>
#include <QTest>

#include <bit>
#include <cmath>
#include <limits>

using namespace opsdeck::metrics;
using namespace opsdeck::metrics::gorilla;

namespace {

struct Raw
{
    qint64 ts;
    std::uint64_t bits;
};

double bitsToDouble(std::uint64_t b)
{
    return std::bit_cast<double>(b);
}

// Test streams by name, so rows stay readable and reproducible.
std::vector<Raw> makeStream(const QString& kind, int n, quint32 seed)
{
    QRandomGenerator rng(seed);
    std::vector<Raw> out;
    qint64 ts = 1'700'000'000'000;
    const auto push = [&](double v) { out.push_back({ ts, std::bit_cast<std::uint64_t>(v) }); };
    for (int i = 0; i < n; ++i) {
        if (kind == QLatin1String("random-bits")) {
            out.push_back({ ts, rng.generate64() });
        } else if (kind == QLatin1String("random-doubles")) {
            push((rng.generateDouble() - 0.5) * std::pow(10.0, rng.bounded(-300, 300)));
        } else if (kind == QLatin1String("specials")) {
            static const double specials[] = { std::numeric_limits<double>::quiet_NaN(), staleNaN(),
                std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), -0.0, 0.0,
                std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::max(),
                std::numeric_limits<double>::lowest(), -std::numeric_limits<double>::quiet_NaN(),
                bitsToDouble(0x7ff8dead0000beefULL), 1.0 };
            push(specials[rng.bounded(int(std::size(specials)))]);
        } else if (kind == QLatin1String("stale-between-values")) {
            push(i % 3 == 1 ? staleNaN() : double(i));
        } else if (kind == QLatin1String("equal-values")) {
            push(42.5);
        } else if (kind == QLatin1String("counter")) {
            push(out.empty() ? 1e6 : bitsToDouble(out.back().bits) + rng.bounded(1, 5000));
        } else {
            push(double(i));
        }

        // Timestamp pattern for the next sample.
        if (kind == QLatin1String("huge-deltas")) {
            static const qint64 steps[]
                = { 1, std::numeric_limits<qint64>::max() / 4, 3, 1'000'000'000'000LL, (1LL << 33) + 7, 1000 };
            ts += steps[i % std::size(steps)];
        } else if (kind == QLatin1String("negative-dod")) {
            ts += (i % 2) ? 5000 : 10; // alternating big and small deltas
        } else if (kind == QLatin1String("jitter")) {
            ts += 1000 + rng.bounded(-7, 8);
        } else if (kind == QLatin1String("random-bits")) {
            ts += qint64(rng.bounded(1u << 30)) + 1;
        } else {
            ts += 1000;
        }
    }
    return out;
}

} // namespace

class TestGorilla : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("count");
        for (const char* kind : { "random-bits", "random-doubles", "specials", "stale-between-values",
                 "equal-values", "counter", "huge-deltas", "negative-dod", "jitter" }) {
            for (int count : { 1, 2, 3, 120, 1000 })
                QTest::addRow("%s/%d", kind, count) << QString::fromLatin1(kind) << count;
        }
    }

    void roundTrip()
    {
        QFETCH(QString, kind);
        QFETCH(int, count);
        const std::vector<Raw> input = makeStream(kind, count, 1234u + quint32(count));

        XorEncoder enc;
        for (const Raw& r : input)
            enc.append(r.ts, bitsToDouble(r.bits));
        QCOMPARE(enc.count(), count);
        QCOMPARE(enc.firstTimestamp(), input.front().ts);
        QCOMPARE(enc.lastTimestamp(), input.back().ts);

        XorDecoder dec(enc.data(), enc.byteCount(), enc.count());
        for (const Raw& r : input) {
            QVERIFY(dec.next());
            QCOMPARE(dec.timestamp(), r.ts);
            QCOMPARE(dec.valueBits(), r.bits); // bit-exact, NaN payloads included
        }
        QVERIFY(!dec.next());

        // The same through a closed chunk (copied payload) and the range decoder.
        const ChunkPtr chunk = XorChunk::create(enc);
        QCOMPARE(chunk->minTime(), input.front().ts);
        QCOMPARE(chunk->maxTime(), input.back().ts);
        std::vector<Sample> out(input.size());
        QCOMPARE(chunk->decode(std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max(), out.data()),
            input.size());
        for (std::size_t i = 0; i < input.size(); ++i) {
            QCOMPARE(out[i].timestampMs, input[i].ts);
            QCOMPARE(std::bit_cast<std::uint64_t>(out[i].value), input[i].bits);
        }
    }

    void staleMarkerKeepsItsBits()
    {
        XorEncoder enc;
        enc.append(1000, 1.0);
        enc.append(2000, staleNaN());
        enc.append(3000, std::numeric_limits<double>::quiet_NaN());
        enc.append(4000, staleNaN());
        XorDecoder dec(enc.data(), enc.byteCount(), enc.count());
        QVERIFY(dec.next());
        QVERIFY(dec.next());
        QVERIFY(isStaleMarker(dec.value()));
        QVERIFY(dec.next());
        QVERIFY(std::isnan(dec.value()));
        QVERIFY(!isStaleMarker(dec.value()));
        QVERIFY(dec.next());
        QVERIFY(isStaleMarker(dec.value()));
    }

    // The encoding's size is the point of it: a flat series at a steady 1 s
    // interval costs 2 bits per sample after the 16-byte header and the first
    // delta (1000 ms, 12-bit bucket), as in the paper.
    void steadySeriesCostsTwoBitsPerSample()
    {
        XorEncoder enc;
        for (int i = 0; i < 121; ++i)
            enc.append(1'700'000'000'000 + i * 1000, 7.0);
        const std::size_t bits = 128 + (16 + 1) + 119 * 2;
        QCOMPARE(enc.bitCount(), bits);
    }

    void jitterUsesSmallBucket()
    {
        XorEncoder enc;
        enc.append(0, 1.0);
        enc.append(1000, 1.0); // first delta: 16 + 1
        enc.append(2003, 1.0); // dod 3: '10' + 7 bits, value '0'
        enc.append(3000, 1.0); // dod -6
        QCOMPARE(enc.bitCount(), std::size_t(128 + 17 + 10 + 10));
    }

    void rangeDecodeFilters()
    {
        XorEncoder enc;
        for (int i = 0; i < 50; ++i)
            enc.append(i * 10, i);
        std::vector<Sample> out(50);
        const std::size_t n = decodeRange(enc.data(), enc.byteCount(), enc.count(), 95, 200, out.data());
        QCOMPARE(n, std::size_t(11)); // 100..200
        QCOMPARE(out[0].timestampMs, 100);
        QCOMPARE(out[n - 1].timestampMs, 200);
    }

    void resetReusesEncoder()
    {
        XorEncoder enc;
        for (int i = 0; i < 200; ++i)
            enc.append(i * 1000, i * 0.5);
        enc.reset();
        QCOMPARE(enc.count(), 0);
        QCOMPARE(enc.byteCount(), std::size_t(0));
        enc.append(5, -1.25);
        enc.append(6, 3.0);
        XorDecoder dec(enc.data(), enc.byteCount(), enc.count());
        QVERIFY(dec.next());
        QCOMPARE(dec.timestamp(), 5);
        QCOMPARE(dec.value(), -1.25);
        QVERIFY(dec.next());
        QCOMPARE(dec.timestamp(), 6);
        QCOMPARE(dec.value(), 3.0);
        QVERIFY(!dec.next());
    }
};

QTEST_GUILESS_MAIN(TestGorilla)
#include "tst_gorilla.moc"
