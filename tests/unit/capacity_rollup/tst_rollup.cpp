// Rollup arithmetic (engine/capacity/Rollup.h): closed-form buckets, p95 by
// nearest rank, NaN and stale markers skipped, negative timestamps, store
// rollups with selectors, counter names.
#include "capacity/Rollup.h"
#include "metrics/SeriesStore.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace opsdeck;
using capacity::RollupResolution;
using capacity::RollupRow;
using metrics::Sample;

class TestRollup : public QObject
{
    Q_OBJECT

private slots:
    void minuteBucketsClosedForm();
    void p95NearestRank_data();
    void p95NearestRank();
    void skipsNaNAndStaleMarkers();
    void bucketWithOnlyStaleMarkersHasNoRow();
    void negativeTimestampsFloor();
    void windowIsHalfOpen();
    void hourBuckets();
    void rollupStoreSelectsAndSorts();
    void rollupStoreEmptySelectorsMeansAll();
    void counterNames_data();
    void counterNames();
    void resolutionNames();
};

void TestRollup::minuteBucketsClosedForm()
{
    // One sample per second for 3 minutes, value = second of the run (0..179):
    // minute k holds 60k..60k+59: min 60k, max 60k+59, avg 60k+29.5, last max.
    QList<Sample> samples;
    const qint64 base = 1'700'000'040'000; // a multiple of 60 s
    QCOMPARE(base % capacity::kMinuteMs, 0);
    for (int i = 0; i < 180; ++i)
        samples.append({ base + i * 1000, double(i) });
    const QList<RollupRow> rows = capacity::rollup(samples, capacity::kMinuteMs);
    QCOMPARE(rows.size(), 3);
    for (int k = 0; k < 3; ++k) {
        const RollupRow& r = rows.at(k);
        QCOMPARE(r.startMs, base + k * capacity::kMinuteMs);
        QCOMPARE(r.count, 60);
        QCOMPARE(r.min, 60.0 * k);
        QCOMPARE(r.max, 60.0 * k + 59);
        QCOMPARE(r.avg, 60.0 * k + 29.5);
        QCOMPARE(r.last, 60.0 * k + 59);
        // nearest rank: ceil(0.95 * 60) = 57th smallest = 60k + 56
        QCOMPARE(r.p95, 60.0 * k + 56);
    }
}

void TestRollup::p95NearestRank_data()
{
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<double>("p95");
    QTest::newRow("one") << QList<double> { 7 } << 7.0;
    QTest::newRow("two") << QList<double> { 1, 2 } << 2.0;
    // n = 20: rank ceil(19) = 19 -> 19th smallest of 1..20
    QList<double> twenty;
    for (int i = 20; i >= 1; --i)
        twenty.append(i); // unsorted on purpose
    QTest::newRow("twenty") << twenty << 19.0;
    // n = 100: rank 95
    QList<double> hundred;
    for (int i = 1; i <= 100; ++i)
        hundred.append((i * 37) % 100 + 1); // a permutation of 1..100
    QTest::newRow("hundred") << hundred << 95.0;
    QTest::newRow("outlier") << QList<double> { 1, 1, 1, 1, 1000 } << 1000.0;
}

void TestRollup::p95NearestRank()
{
    QFETCH(QList<double>, values);
    QFETCH(double, p95);
    QList<Sample> samples;
    for (qsizetype i = 0; i < values.size(); ++i)
        samples.append({ qint64(i) * 100, values.at(i) });
    const QList<RollupRow> rows = capacity::rollup(samples, capacity::kHourMs);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().p95, p95);
    QCOMPARE(rows.first().count, values.size());
    QCOMPARE(rows.first().last, values.last());
}

void TestRollup::skipsNaNAndStaleMarkers()
{
    const QList<Sample> samples {
        { 0, 4 },
        { 10'000, std::nan("") },
        { 20'000, 2 },
        { 30'000, metrics::staleNaN() },
        { 40'000, 6 },
    };
    const QList<RollupRow> rows = capacity::rollup(samples, capacity::kMinuteMs);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().count, 3);
    QCOMPARE(rows.first().min, 2.0);
    QCOMPARE(rows.first().max, 6.0);
    QCOMPARE(rows.first().avg, 4.0);
    QCOMPARE(rows.first().last, 6.0);
}

void TestRollup::bucketWithOnlyStaleMarkersHasNoRow()
{
    const QList<Sample> samples {
        { 0, 1 },
        { 60'000, metrics::staleNaN() },
        { 70'000, std::nan("") },
        { 120'000, 3 },
    };
    const QList<RollupRow> rows = capacity::rollup(samples, capacity::kMinuteMs);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).startMs, 0);
    QCOMPARE(rows.at(1).startMs, 120'000);
}

void TestRollup::negativeTimestampsFloor()
{
    // -1 ms belongs to the bucket [-60 s, 0), not to [0, 60 s).
    const QList<Sample> samples { { -60'001, 1 }, { -60'000, 2 }, { -1, 3 }, { 0, 4 } };
    const QList<RollupRow> rows = capacity::rollup(samples, capacity::kMinuteMs);
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows.at(0).startMs, -120'000);
    QCOMPARE(rows.at(0).count, 1);
    QCOMPARE(rows.at(1).startMs, -60'000);
    QCOMPARE(rows.at(1).count, 2);
    QCOMPARE(rows.at(1).avg, 2.5);
    QCOMPARE(rows.at(2).startMs, 0);
    for (const RollupRow& r : rows)
        QCOMPARE(r.startMs % capacity::kMinuteMs, 0);
}

void TestRollup::windowIsHalfOpen()
{
    QList<Sample> samples;
    for (int i = 0; i < 10; ++i)
        samples.append({ i * 30'000, double(i) });
    // [60 s, 180 s): samples 2..5
    const QList<RollupRow> rows = capacity::rollup(samples, capacity::kMinuteMs, 60'000, 180'000);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).startMs, 60'000);
    QCOMPARE(rows.at(0).min, 2.0);
    QCOMPARE(rows.at(1).startMs, 120'000);
    QCOMPARE(rows.at(1).max, 5.0);
    QVERIFY(capacity::rollup({}, capacity::kMinuteMs).isEmpty());
}

void TestRollup::hourBuckets()
{
    // Every minute for 2.5 h: 60 + 60 + 30 samples.
    QList<Sample> samples;
    for (int i = 0; i < 150; ++i)
        samples.append({ qint64(i) * capacity::kMinuteMs, 1.0 });
    const QList<RollupRow> rows = capacity::rollup(samples, capacity::bucketMs(RollupResolution::Hour));
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows.at(0).count, 60);
    QCOMPARE(rows.at(1).count, 60);
    QCOMPARE(rows.at(2).count, 30);
    QCOMPARE(rows.at(2).startMs, 2 * capacity::kHourMs);
}

void TestRollup::rollupStoreSelectsAndSorts()
{
    metrics::SeriesStore store;
    const metrics::Labels cpuB { { "__name__", "node_cpu_seconds_total" }, { "instance", "b" } };
    const metrics::Labels cpuA { { "__name__", "node_cpu_seconds_total" }, { "instance", "a" } };
    const metrics::Labels other { { "__name__", "go_goroutines" }, { "instance", "a" } };
    for (int i = 0; i < 120; ++i) {
        QVERIFY(store.append(cpuB, 1000 + i * 1000, 10.0 + i));
        QVERIFY(store.append(cpuA, 1000 + i * 1000, double(i)));
        QVERIFY(store.append(other, 1000 + i * 1000, 5));
    }
    const QList<QList<metrics::LabelMatcher>> selectors {
        { metrics::LabelMatcher(metrics::LabelMatcher::Type::Equal, "__name__", "node_cpu_seconds_total") },
        { metrics::LabelMatcher(metrics::LabelMatcher::Type::Regex, "__name__", "node_cpu.*") }, // duplicate match
    };
    const auto series = capacity::rollupStore(store, RollupResolution::Minute, 0, 120'000, selectors);
    QCOMPARE(series.size(), 2);
    QCOMPARE(series.at(0).labels, cpuA);
    QCOMPARE(series.at(1).labels, cpuB);
    // [0, 120 s): samples at 1 s..119 s -> minute 0 holds 1..59 s (59), minute 1 holds 60..119 s (60)
    QCOMPARE(series.at(0).rows.size(), 2);
    QCOMPARE(series.at(0).rows.at(0).count, 59);
    QCOMPARE(series.at(0).rows.at(1).count, 60);
    QCOMPARE(series.at(0).rows.at(1).last, 118.0);
    QCOMPARE(series.at(1).rows.at(1).min, 69.0);
}

void TestRollup::rollupStoreEmptySelectorsMeansAll()
{
    metrics::SeriesStore store;
    QVERIFY(store.append(metrics::Labels { { "__name__", "a" } }, 0, 1));
    QVERIFY(store.append(metrics::Labels { { "__name__", "b" } }, 0, 2));
    QVERIFY(store.append(metrics::Labels { { "__name__", "c" } }, 0, std::nan("")));
    const auto series = capacity::rollupStore(store, RollupResolution::Hour, 0, capacity::kHourMs);
    QCOMPARE(series.size(), 2); // "c" has no usable sample
    QVERIFY(capacity::rollupStore(store, RollupResolution::Hour, 10, 10).isEmpty());
}

void TestRollup::counterNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("counter");
    QTest::newRow("total") << QStringLiteral("http_requests_total") << true;
    QTest::newRow("count") << QStringLiteral("rpc_duration_seconds_count") << true;
    QTest::newRow("sum") << QStringLiteral("rpc_duration_seconds_sum") << true;
    QTest::newRow("bucket") << QStringLiteral("rpc_duration_seconds_bucket") << true;
    QTest::newRow("gauge") << QStringLiteral("node_memory_MemAvailable_bytes") << false;
    QTest::newRow("load") << QStringLiteral("node_load1") << false;
    QTest::newRow("total in the middle") << QStringLiteral("total_memory_bytes") << false;
}

void TestRollup::counterNames()
{
    QFETCH(QString, name);
    QFETCH(bool, counter);
    QCOMPARE(capacity::isCounterName(name), counter);
}

void TestRollup::resolutionNames()
{
    QCOMPARE(capacity::resolutionName(RollupResolution::Minute), QStringLiteral("minute"));
    QCOMPARE(capacity::resolutionName(RollupResolution::Hour), QStringLiteral("hour"));
    QCOMPARE(capacity::bucketMs(RollupResolution::Hour), 3'600'000);
}

QTEST_GUILESS_MAIN(TestRollup)
#include "tst_rollup.moc"
