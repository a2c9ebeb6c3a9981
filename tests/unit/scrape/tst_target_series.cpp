// TargetSeries: target labels with honor_labels=false semantics, report
// series and staleness markers, against the real SeriesStore.
#include "metrics/SeriesStore.h"
#include "scrape/TargetSeries.h"

#include <QTest>

using namespace opsdeck;
using namespace opsdeck::metrics;
using opsdeck::scrape::TargetSeries;

namespace {

MetricFamily family(const QByteArray& name, QList<std::pair<Labels, double>> samples)
{
    MetricFamily f;
    f.name = name;
    f.type = MetricType::Gauge;
    for (const auto& [labels, value] : samples)
        f.samples.append(ExposedSample { labels.with("__name__", name), value, std::nullopt });
    return f;
}

std::optional<Sample> lastOf(const SeriesStore& store, const Labels& labels)
{
    QList<LabelMatcher> matchers;
    for (const Label& l : labels)
        matchers.append(LabelMatcher(LabelMatcher::Type::Equal, l.name, l.value));
    const QList<SeriesRef> refs = store.select(matchers);
    for (SeriesRef ref : refs) {
        if (store.labels(ref) == labels)
            return store.last(ref);
    }
    return std::nullopt;
}

const Labels kTarget { { "job", "node" }, { "instance", "db1:9100" }, { "env", "prod" } };

} // namespace

class TestTargetSeries : public QObject
{
    Q_OBJECT

private slots:
    void targetLabelsWinAndConflictsBecomeExported_data()
    {
        QTest::addColumn<Labels>("exposed");
        QTest::addColumn<Labels>("expected");
        QTest::newRow("plain") << Labels { { "__name__", "x" }, { "cpu", "0" } }
                               << Labels { { "__name__", "x" }, { "cpu", "0" }, { "job", "node" },
                                      { "instance", "db1:9100" }, { "env", "prod" } };
        QTest::newRow("job and instance exposed")
            << Labels { { "__name__", "x" }, { "job", "app" }, { "instance", "pod-7" } }
            << Labels { { "__name__", "x" }, { "exported_job", "app" }, { "exported_instance", "pod-7" },
                   { "job", "node" }, { "instance", "db1:9100" }, { "env", "prod" } };
        QTest::newRow("extra label exposed")
            << Labels { { "__name__", "x" }, { "env", "dev" } }
            << Labels { { "__name__", "x" }, { "exported_env", "dev" }, { "job", "node" },
                   { "instance", "db1:9100" }, { "env", "prod" } };
        QTest::newRow("exported_job taken too")
            << Labels { { "__name__", "x" }, { "job", "a" }, { "exported_job", "b" } }
            << Labels { { "__name__", "x" }, { "exported_exported_job", "a" }, { "exported_job", "b" },
                   { "job", "node" }, { "instance", "db1:9100" }, { "env", "prod" } };
    }
    void targetLabelsWinAndConflictsBecomeExported()
    {
        QFETCH(Labels, exposed);
        QFETCH(Labels, expected);
        QCOMPARE(TargetSeries::withTargetLabels(exposed, kTarget).toString(), expected.toString());
    }

    void appendsWithScrapeTimestampAndExposedTimestamp()
    {
        SeriesStore store;
        TargetSeries series(&store, kTarget);
        MetricFamily f = family("x", { { Labels { { "a", "1" } }, 5 } });
        f.samples.append(ExposedSample { Labels { { "__name__", "x" }, { "a", "2" } }, 7, qint64(900) });
        QCOMPARE(series.appendScrape({ f }, 1000), 2);
        const auto a1
            = lastOf(store, TargetSeries::withTargetLabels(Labels { { "__name__", "x" }, { "a", "1" } }, kTarget));
        QVERIFY(a1);
        QCOMPARE(a1->timestampMs, 1000);
        QCOMPARE(a1->value, 5.0);
        const auto a2
            = lastOf(store, TargetSeries::withTargetLabels(Labels { { "__name__", "x" }, { "a", "2" } }, kTarget));
        QVERIFY(a2);
        QCOMPARE(a2->timestampMs, 900);
    }

    void reportSeries()
    {
        SeriesStore store;
        TargetSeries series(&store, kTarget);
        QCOMPARE(series.appendReport(1000, true, 0.25, 42), 4);
        QCOMPARE(series.appendReport(2000, false, 0.5, 0), 4);
        const auto up = lastOf(store, kTarget.with("__name__", "up"));
        QVERIFY(up);
        QCOMPARE(up->timestampMs, 2000);
        QCOMPARE(up->value, 0.0);
        QCOMPARE(lastOf(store, kTarget.with("__name__", "scrape_duration_seconds"))->value, 0.5);
        QCOMPARE(
            store
                .read(
                    store.select({ LabelMatcher(LabelMatcher::Type::Equal, "__name__", "scrape_samples_scraped") })
                        .value(0),
                    0, 5000)
                .value(0)
                .value,
            42.0);
        QVERIFY(lastOf(store, kTarget.with("__name__", "scrape_samples_post_metric_relabeling")));
    }

    void disappearedSeriesGoStale()
    {
        SeriesStore store;
        TargetSeries series(&store, kTarget);
        series.appendScrape(
            { family("x", { { Labels { { "a", "1" } }, 1 }, { Labels { { "a", "2" } }, 2 } }) }, 1000);
        series.appendScrape({ family("x", { { Labels { { "a", "1" } }, 1 } }) }, 2000);
        const Labels a1 = TargetSeries::withTargetLabels(Labels { { "__name__", "x" }, { "a", "1" } }, kTarget);
        const Labels a2 = TargetSeries::withTargetLabels(Labels { { "__name__", "x" }, { "a", "2" } }, kTarget);
        QVERIFY(!isStaleMarker(lastOf(store, a1)->value));
        QVERIFY(isStaleMarker(lastOf(store, a2)->value));
        QCOMPARE(lastOf(store, a2)->timestampMs, 2000);
        // Marked once, not on every later scrape.
        series.appendScrape({ family("x", { { Labels { { "a", "1" } }, 1 } }) }, 3000);
        QCOMPARE(lastOf(store, a2)->timestampMs, 2000);
        // Coming back continues the same series.
        series.appendScrape(
            { family("x", { { Labels { { "a", "1" } }, 1 }, { Labels { { "a", "2" } }, 9 } }) }, 4000);
        QCOMPARE(lastOf(store, a2)->value, 9.0);
        QCOMPARE(series.activeSeries(), 2);
    }

    void reorderedAndDuplicatedSeries()
    {
        SeriesStore store;
        TargetSeries series(&store, kTarget);
        const Labels a1 = TargetSeries::withTargetLabels(Labels { { "__name__", "x" }, { "a", "1" } }, kTarget);
        const Labels a2 = TargetSeries::withTargetLabels(Labels { { "__name__", "x" }, { "a", "2" } }, kTarget);
        const Labels a3 = TargetSeries::withTargetLabels(Labels { { "__name__", "x" }, { "a", "3" } }, kTarget);
        series.appendScrape(
            { family("x", { { Labels { { "a", "1" } }, 1 }, { Labels { { "a", "2" } }, 2 } }) }, 1000);
        // Another order is the same series, nothing goes stale.
        QCOMPARE(series.appendScrape(
                     { family("x", { { Labels { { "a", "2" } }, 20 }, { Labels { { "a", "1" } }, 10 } }) }, 2000),
            2);
        QCOMPARE(lastOf(store, a1)->value, 10.0);
        QCOMPARE(lastOf(store, a2)->value, 20.0);
        QCOMPARE(store.read(store.select({ LabelMatcher(LabelMatcher::Type::Equal, "a", "1") }).value(0), 0, 9999)
                     .size(),
            2);
        // Duplicates, of a known and of a new series: the first one wins.
        QCOMPARE(series.appendScrape({ family("x",
                                         { { Labels { { "a", "2" } }, 21 }, { Labels { { "a", "3" } }, 30 },
                                             { Labels { { "a", "1" } }, 11 }, { Labels { { "a", "2" } }, 99 },
                                             { Labels { { "a", "3" } }, 99 } }) },
                     3000),
            3);
        QCOMPARE(lastOf(store, a2)->value, 21.0);
        QCOMPARE(lastOf(store, a3)->value, 30.0);
        QCOMPARE(series.activeSeries(), 3);
        // And the next scrape still sees all three as present.
        series.appendScrape({ family("x",
                                { { Labels { { "a", "1" } }, 12 }, { Labels { { "a", "2" } }, 22 },
                                    { Labels { { "a", "3" } }, 32 } }) },
            4000);
        QCOMPARE(lastOf(store, a3)->value, 32.0);
        QVERIFY(!isStaleMarker(lastOf(store, a1)->value));
    }

    // The scrape hot path: series recognised by their raw bytes, labels built
    // only for new spellings; same semantics as appendScrape.
    void exposedBodiesThroughTheScrapeCache()
    {
        SeriesStore store;
        TargetSeries series(&store, kTarget);
        const auto ingest = [&](const QByteArray& body, qint64 ts) {
            qint64 appended = -1;
            const ScanResult r = series.appendExposition(body, "text/plain; version=0.0.4", {}, ts, &appended);
            return r.ok ? appended : -1;
        };
        const auto at = [&](const char* a) {
            return lastOf(
                store, TargetSeries::withTargetLabels(Labels { { "__name__", "x" }, { "a", a } }, kTarget));
        };
        QCOMPARE(ingest("# TYPE x gauge\nx{a=\"1\"} 1\nx{a=\"2\"} 2\n", 1000), 2);
        QCOMPARE(at("1")->value, 1.0);
        // Same bytes again: same series.
        QCOMPARE(ingest("x{a=\"1\"} 10\nx{a=\"2\"} 20\n", 2000), 2);
        QCOMPARE(store.stats().seriesCount, 2);
        QCOMPARE(at("2")->value, 20.0);
        // Reordered, respelled (blanks, label order), duplicated, one new: first wins, nothing stale.
        QCOMPARE(ingest("x{a=\"2\"} 21\nx { a = \"3\" } 30\nx{a=\"1\",b=\"\"} 11\nx{a=\"2\"} 99\n"
                        "x{a=\"3\"} 99\nx{ a=\"1\"} 98\n",
                     3000),
            3);
        QCOMPARE(at("1")->value, 11.0);
        QCOMPARE(at("2")->value, 21.0);
        QCOMPARE(at("3")->value, 30.0);
        QCOMPARE(series.activeSeries(), 3);
        QCOMPARE(store.stats().seriesCount, 3);
        // A body with an error is rejected whole: nothing appended, no series created.
        qint64 appended = -1;
        const ScanResult bad
            = series.appendExposition("x{a=\"1\"} 12\nx{a=\"4\"} 40\nx{a=\"2\" 22\n", {}, {}, 4000, &appended);
        QVERIFY(!bad.ok);
        QCOMPARE(bad.error.line, 3);
        QCOMPARE(appended, 0);
        QCOMPARE(at("1")->value, 11.0);
        QCOMPARE(store.stats().seriesCount, 3);
        // ... and the caller records the failure: everything goes stale once.
        series.appendFailure(4000);
        QVERIFY(isStaleMarker(at("1")->value));
        QVERIFY(isStaleMarker(at("3")->value));
        // Back: the same series continue; a series that disappears goes stale.
        QCOMPARE(ingest("x{a=\"1\"} 13\nx{a=\"2\"} 23\nx{a=\"3\"} 33\n", 5000), 3);
        QCOMPARE(ingest("x{a=\"1\"} 14\nx{a=\"3\"} 34\n", 6000), 2);
        QCOMPARE(at("3")->value, 34.0);
        QVERIFY(isStaleMarker(at("2")->value));
        QCOMPARE(at("2")->timestampMs, 6000);
        QCOMPARE(ingest("x{a=\"1\"} 15\nx{a=\"3\"} 35\n", 7000), 2);
        QCOMPARE(at("2")->timestampMs, 6000); // marked once
        // Explicit timestamps are kept and get no stale marker.
        QCOMPARE(ingest("x{a=\"1\"} 16 7500\n", 8000), 1);
        QCOMPARE(at("1")->timestampMs, 7500);
        QVERIFY(isStaleMarker(at("3")->value));
        QCOMPARE(ingest("x{a=\"3\"} 36\n", 9000), 1);
        QCOMPARE(at("1")->value, 16.0);
        QCOMPARE(store.stats().seriesCount, 3);
        // The families path and the bytes path share the previous scrape.
        series.appendScrape({ family("x", { { Labels { { "a", "3" } }, 37 } }) }, 10000);
        QCOMPARE(ingest("x{a=\"3\"} 38\n", 11000), 1);
        QCOMPARE(at("3")->value, 38.0);
        QCOMPARE(store.stats().seriesCount, 3);
    }

    void failureMarksEverythingStaleOnce()
    {
        SeriesStore store;
        TargetSeries series(&store, kTarget);
        series.appendScrape(
            { family("x", { { Labels { { "a", "1" } }, 1 }, { Labels { { "a", "2" } }, 2 } }) }, 1000);
        series.appendFailure(2000);
        for (const char* v : { "1", "2" }) {
            const auto last = lastOf(
                store, TargetSeries::withTargetLabels(Labels { { "__name__", "x" }, { "a", v } }, kTarget));
            QVERIFY(isStaleMarker(last->value));
            QCOMPARE(last->timestampMs, 2000);
        }
        QCOMPARE(series.activeSeries(), 0);
    }

    void explicitTimestampsGetNoStaleMarkers()
    {
        SeriesStore store;
        TargetSeries series(&store, kTarget);
        MetricFamily f = family("x", {});
        f.samples.append(ExposedSample { Labels { { "__name__", "x" } }, 7, qint64(900) });
        series.appendScrape({ f }, 1000);
        series.appendFailure(2000);
        QCOMPARE(lastOf(store, TargetSeries::withTargetLabels(f.samples[0].labels, kTarget))->value, 7.0);
    }

    void removalMarksReportSeriesStale()
    {
        SeriesStore store;
        TargetSeries series(&store, kTarget);
        series.appendScrape({ family("x", { { Labels { { "a", "1" } }, 1 } }) }, 1000);
        series.appendReport(1000, true, 0.1, 1);
        series.markAllStale(1500);
        QVERIFY(isStaleMarker(lastOf(store, kTarget.with("__name__", "up"))->value));
        QVERIFY(isStaleMarker(
            lastOf(store, TargetSeries::withTargetLabels(Labels { { "__name__", "x" }, { "a", "1" } }, kTarget))
                ->value));
    }

    void relabelledTargetStartsNewSeries()
    {
        SeriesStore store;
        TargetSeries series(&store, kTarget);
        series.appendScrape({ family("x", { { Labels { { "a", "1" } }, 1 } }) }, 1000);
        const Labels renamed = kTarget.with("job", "db");
        series.setTargetLabels(renamed, 1500);
        series.appendScrape({ family("x", { { Labels { { "a", "1" } }, 2 } }) }, 2000);
        QVERIFY(isStaleMarker(
            lastOf(store, TargetSeries::withTargetLabels(Labels { { "__name__", "x" }, { "a", "1" } }, kTarget))
                ->value));
        QCOMPARE(
            lastOf(store, TargetSeries::withTargetLabels(Labels { { "__name__", "x" }, { "a", "1" } }, renamed))
                ->value,
            2.0);
    }
};

QTEST_GUILESS_MAIN(TestTargetSeries)
#include "tst_target_series.moc"
