// ScrapeManager end to end against controlled HTTP targets on loopback:
// labels, report series, staleness, isolation of slow targets, error texts,
// limits, runtime changes, the local source and the coalesced signal.
#include "FixtureTarget.h"
#include "metrics/SeriesStore.h"
#include "scrape/ScrapeManager.h"
#include "scrape/ScrapeWorker.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QSysInfo>
#include <QTest>
#include <QThread>

#include <limits>

using namespace opsdeck;
using namespace opsdeck::metrics;
using namespace opsdeck::scrape;

namespace {

constexpr int kWaitMs = 5000;

ScrapeTarget fastTarget(const QUrl& url, const QString& job = QStringLiteral("app"))
{
    ScrapeTarget t;
    t.url = url;
    t.job = job;
    t.intervalMs = 250;
    t.timeoutMs = 200;
    return t;
}

LabelMatcher eq(const QByteArray& name, const QByteArray& value)
{
    return LabelMatcher(LabelMatcher::Type::Equal, name, value);
}

// The one series matching all matchers, or nullopt.
std::optional<SeriesRef> seriesOf(const SeriesStore& store, const QList<LabelMatcher>& matchers)
{
    const QList<SeriesRef> refs = store.select(matchers);
    if (refs.size() != 1)
        return std::nullopt;
    return refs.first();
}

std::optional<Sample> lastOf(const SeriesStore& store, const QList<LabelMatcher>& matchers)
{
    const auto ref = seriesOf(store, matchers);
    return ref ? store.last(*ref) : std::nullopt;
}

bool lastIs(const SeriesStore& store, const QList<LabelMatcher>& matchers, double value)
{
    const auto s = lastOf(store, matchers);
    return s && s->value == value;
}

bool isStale(const SeriesStore& store, const QList<LabelMatcher>& matchers)
{
    const auto s = lastOf(store, matchers);
    return s && isStaleMarker(s->value);
}

TargetStatus statusOf(const ScrapeManager& m, TargetKey key)
{
    return m.target(key).value_or(TargetStatus {});
}

const QByteArray kTwoSeries = "# TYPE a gauge\na{x=\"1\"} 1\na{x=\"2\"} 2\n";

} // namespace

class TestScrapeManager : public QObject
{
    Q_OBJECT

private slots:
    void addsTargetAndExportedLabels()
    {
        FixtureTarget server;
        server.body = "# TYPE requests_total counter\n"
                      "requests_total{job=\"web\",instance=\"pod-3\",code=\"200\"} 17\n"
                      "# TYPE temp gauge\ntemp 21.5\n";
        SeriesStore store;
        ScrapeManager manager(&store);
        ScrapeTarget t = fastTarget(server.url(), QStringLiteral("mes"));
        t.instance = QStringLiteral("line-4");
        t.extraLabels = Labels { { "site", "plant-a" } };
        const TargetKey key = manager.addTarget(t);
        QVERIFY(key != 0);

        QTRY_VERIFY_WITH_TIMEOUT(lastIs(store, { eq("__name__", "requests_total") }, 17), kWaitMs);
        const Labels labels = store.labels(*seriesOf(store, { eq("__name__", "requests_total") }));
        QCOMPARE(labels.toString(),
            Labels(
                { { "__name__", "requests_total" }, { "code", "200" }, { "exported_instance", "pod-3" },
                    { "exported_job", "web" }, { "instance", "line-4" }, { "job", "mes" }, { "site", "plant-a" } })
                .toString());
        const Labels temp = store.labels(*seriesOf(store, { eq("__name__", "temp") }));
        QCOMPARE(temp.value("job"), QByteArray("mes"));
        QCOMPARE(temp.value("instance"), QByteArray("line-4"));
        QCOMPARE(temp.value("site"), QByteArray("plant-a"));
        QVERIFY(!temp.has("exported_job"));
    }

    void defaultInstanceIsHostPort()
    {
        FixtureTarget server;
        server.body = "temp 1\n";
        SeriesStore store;
        ScrapeManager manager(&store);
        manager.addTarget(fastTarget(server.url()));
        const QByteArray instance = "127.0.0.1:" + QByteArray::number(server.port());
        QTRY_VERIFY_WITH_TIMEOUT(lastIs(store, { eq("__name__", "temp"), eq("instance", instance) }, 1), kWaitMs);
    }

    void recordsReportSeries()
    {
        FixtureTarget server;
        server.body = kTwoSeries;
        SeriesStore store;
        ScrapeManager manager(&store);
        const TargetKey key = manager.addTarget(fastTarget(server.url()));
        const QByteArray instance = "127.0.0.1:" + QByteArray::number(server.port());
        const QList<LabelMatcher> target { eq("job", "app"), eq("instance", instance) };
        QTRY_VERIFY_WITH_TIMEOUT(lastIs(store, QList { eq("__name__", "up") } + target, 1), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(
            lastIs(store, QList { eq("__name__", "scrape_samples_scraped") } + target, 2), kWaitMs);
        QVERIFY(lastIs(store, QList { eq("__name__", "scrape_samples_post_metric_relabeling") } + target, 2));
        const auto duration = lastOf(store, QList { eq("__name__", "scrape_duration_seconds") } + target);
        QVERIFY(duration && duration->value > 0 && duration->value < 1);
        // Report series carry exactly __name__, job and instance.
        QCOMPARE(store.labels(*seriesOf(store, QList { eq("__name__", "up") } + target)).size(), 3);

        const TargetStatus st = statusOf(manager, key);
        QCOMPARE(st.health, TargetHealth::Up);
        QCOMPARE(st.lastSamples, 2);
        QVERIFY(st.lastError.isEmpty());
        QVERIFY(st.lastScrapeMs > 0);
        QVERIFY(manager.samplesIngestedTotal() >= 6);
    }

    void staleMarkerWhenSeriesDisappears()
    {
        FixtureTarget server;
        server.body = kTwoSeries;
        SeriesStore store;
        ScrapeManager manager(&store);
        manager.addTarget(fastTarget(server.url()));
        QTRY_VERIFY_WITH_TIMEOUT(lastIs(store, { eq("__name__", "a"), eq("x", "2") }, 2), kWaitMs);
        server.body = "# TYPE a gauge\na{x=\"1\"} 1\n";
        QTRY_VERIFY_WITH_TIMEOUT(isStale(store, { eq("__name__", "a"), eq("x", "2") }), kWaitMs);
        QVERIFY(lastIs(store, { eq("__name__", "a"), eq("x", "1") }, 1));
        QVERIFY(lastIs(store, { eq("__name__", "up") }, 1));
    }

    void failedScrapeMarksSeriesStaleAndUpZero()
    {
        FixtureTarget server;
        server.body = kTwoSeries;
        SeriesStore store;
        ScrapeManager manager(&store);
        const TargetKey key = manager.addTarget(fastTarget(server.url()));
        QTRY_VERIFY_WITH_TIMEOUT(lastIs(store, { eq("__name__", "a"), eq("x", "1") }, 1), kWaitMs);
        server.status = QHttpServerResponder::StatusCode::ServiceUnavailable;
        QTRY_VERIFY_WITH_TIMEOUT(lastIs(store, { eq("__name__", "up") }, 0), kWaitMs);
        QVERIFY(isStale(store, { eq("__name__", "a"), eq("x", "1") }));
        QVERIFY(isStale(store, { eq("__name__", "a"), eq("x", "2") }));
        QVERIFY(lastIs(store, { eq("__name__", "scrape_samples_scraped") }, 0));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(manager, key).health, TargetHealth::Down, kWaitMs);
        QCOMPARE(statusOf(manager, key).lastError, QStringLiteral("HTTP 503 Service Unavailable"));
        // Recovery brings the series back.
        server.status = QHttpServerResponder::StatusCode::Ok;
        QTRY_VERIFY_WITH_TIMEOUT(lastIs(store, { eq("__name__", "a"), eq("x", "2") }, 2), kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(manager, key).health, TargetHealth::Up, kWaitMs);
    }

    void slowTargetDoesNotDelayFastOne()
    {
        SilentTarget silent;
        FixtureTarget fast;
        fast.body = kTwoSeries;
        SeriesStore store;
        ScrapeManager manager(&store);
        ScrapeTarget slow;
        slow.url = silent.url();
        slow.job = QStringLiteral("slow");
        slow.intervalMs = 1000;
        slow.timeoutMs = 800;
        const TargetKey slowKey = manager.addTarget(slow);
        const TargetKey fastKey = manager.addTarget(fastTarget(fast.url(), QStringLiteral("fast")));
        // Over a window in which the slow target hangs 800 ms at a time, the
        // fast one (every 250 ms) keeps its pace.
        QTRY_VERIFY_WITH_TIMEOUT(statusOf(manager, slowKey).scrapesTotal >= 2, 6000);
        const qint64 fastScrapes = statusOf(manager, fastKey).scrapesTotal;
        QVERIFY2(fastScrapes >= 5, qPrintable(QString::number(fastScrapes)));
        QCOMPARE(statusOf(manager, fastKey).failuresTotal, 0);
        QCOMPARE(statusOf(manager, slowKey).lastError, QStringLiteral("timeout after 800 ms"));
        QCOMPARE(statusOf(manager, slowKey).health, TargetHealth::Down);
        QVERIFY(lastIs(store, { eq("__name__", "up"), eq("job", "slow") }, 0));
    }

    void errorTexts_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("pattern");
        QTest::newRow("timeout") << "silent"
                                 << "^timeout after 200 ms$";
        QTest::newRow("refused") << "refused"
                                 << "^connection refused$";
        QTest::newRow("401") << "token"
                             << "^HTTP 401 Unauthorized — check the token$";
        QTest::newRow("parse") << "malformed"
                               << "^parse error at line 2, column \\d+: .+";
        QTest::newRow("limit") << "large"
                               << "^response body exceeds the limit of 1000 bytes$";
    }
    void errorTexts()
    {
        QFETCH(QString, kind);
        QFETCH(QString, pattern);
        FixtureTarget server;
        SilentTarget silent;
        server.body = kTwoSeries;
        ScrapeManagerOptions options;
        ScrapeTarget t = fastTarget(server.url());
        if (kind == QLatin1String("silent"))
            t.url = silent.url();
        else if (kind == QLatin1String("refused"))
            t.url = QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(closedPort()));
        else if (kind == QLatin1String("token"))
            server.token = "expected";
        else if (kind == QLatin1String("malformed"))
            server.body = "ok 1\nbad{x=} 2\n";
        else if (kind == QLatin1String("large")) {
            server.body = "# " + QByteArray(5000, 'x') + "\nok 1\n";
            options.limits.maxBodyBytes = 1000;
        }
        SeriesStore store;
        ScrapeManager manager(&store, options);
        const TargetKey key = manager.addTarget(t);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(manager, key).health, TargetHealth::Down, kWaitMs);
        const QString error = statusOf(manager, key).lastError;
        QVERIFY2(QRegularExpression(pattern).match(error).hasMatch(), qPrintable(error));
        QVERIFY(lastIs(store, { eq("__name__", "up") }, 0));
        QVERIFY(store.select({ eq("__name__", "ok") }).isEmpty()); // never half a scrape
    }

    void tokenIsSent()
    {
        FixtureTarget server;
        server.body = kTwoSeries;
        server.token = "tok-123";
        SeriesStore store;
        ScrapeManager manager(&store);
        ScrapeTarget t = fastTarget(server.url());
        t.bearerToken = QStringLiteral("tok-123");
        const TargetKey key = manager.addTarget(t);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(manager, key).health, TargetHealth::Up, kWaitMs);
    }

    void runtimeAddUpdateRemove()
    {
        FixtureTarget one;
        FixtureTarget two;
        one.body = "m 1\n";
        two.body = "m 2\n";
        SeriesStore store;
        ScrapeManager manager(&store);
        QSignalSpy changed(&manager, &ScrapeManager::targetsChanged);
        const TargetKey k1 = manager.addTarget(fastTarget(one.url(), QStringLiteral("one")));
        QCOMPARE(manager.targets().size(), 1); // visible at once, health unknown
        QCOMPARE(manager.targets().first().health, TargetHealth::Unknown);
        QTRY_VERIFY_WITH_TIMEOUT(lastIs(store, { eq("__name__", "m"), eq("job", "one") }, 1), kWaitMs);

        const TargetKey k2 = manager.addTarget(fastTarget(two.url(), QStringLiteral("two")));
        QTRY_VERIFY_WITH_TIMEOUT(lastIs(store, { eq("__name__", "m"), eq("job", "two") }, 2), kWaitMs);
        QCOMPARE(manager.targets().size(), 2);

        // Renaming the job starts new series and marks the old ones stale.
        ScrapeTarget renamed = fastTarget(two.url(), QStringLiteral("two-b"));
        QVERIFY(manager.updateTarget(k2, renamed));
        QTRY_VERIFY_WITH_TIMEOUT(lastIs(store, { eq("__name__", "m"), eq("job", "two-b") }, 2), kWaitMs);
        QVERIFY(isStale(store, { eq("__name__", "m"), eq("job", "two") }));
        QVERIFY(isStale(store, { eq("__name__", "up"), eq("job", "two") }));

        QVERIFY(manager.removeTarget(k1));
        QVERIFY(!manager.removeTarget(k1));
        QCOMPARE(manager.targets().size(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(isStale(store, { eq("__name__", "m"), eq("job", "one") }), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(isStale(store, { eq("__name__", "up"), eq("job", "one") }), kWaitMs);
        // Scraping of the removed target stopped: its server sees no new requests.
        const int before = one.requests;
        QTRY_VERIFY_WITH_TIMEOUT(statusOf(manager, k2).scrapesTotal >= 6, kWaitMs);
        QVERIFY(one.requests <= before + 1);
        QVERIFY(!manager.target(k1));
        QVERIFY(changed.count() > 0);

        QString error;
        ScrapeTarget bad = fastTarget(one.url());
        bad.intervalMs = 100;
        QCOMPARE(manager.addTarget(bad, &error), TargetKey(0));
        QCOMPARE(error, QStringLiteral("interval must be at least 250 ms"));
    }

    void setTargetsReconciles()
    {
        FixtureTarget one;
        FixtureTarget two;
        one.body = "m 1\n";
        two.body = "m 2\n";
        SeriesStore store;
        ScrapeManager manager(&store);
        const QList<TargetKey> first = manager.setTargets({ fastTarget(one.url()), fastTarget(two.url()) });
        QCOMPARE(first.size(), 2);
        ScrapeTarget slower = fastTarget(two.url());
        slower.intervalMs = 500;
        const QList<TargetKey> second = manager.setTargets({ slower });
        QCOMPARE(second, QList<TargetKey> { first[1] }); // same identity keeps its key
        QCOMPARE(manager.targets().size(), 1);
        QCOMPARE(manager.targets().first().target.intervalMs, 500);
    }

    void signalIsCoalesced()
    {
        QList<FixtureTarget*> servers;
        SeriesStore store;
        ScrapeManager manager(&store);
        for (int i = 0; i < 6; ++i) {
            servers.append(new FixtureTarget);
            servers.last()->body = kTwoSeries;
            manager.addTarget(fastTarget(servers.last()->url(), QStringLiteral("t%1").arg(i)));
        }
        QSignalSpy changed(&manager, &ScrapeManager::targetsChanged);
        QElapsedTimer window;
        window.start();
        // 6 targets at 4 scrapes/s = ~24 status changes per second.
        QTRY_VERIFY_WITH_TIMEOUT(manager.scrapesTotal() >= 40, 8000);
        const double seconds = window.elapsed() / 1000.0;
        QVERIFY2(changed.count() <= int(seconds * 10) + 3,
            qPrintable(QStringLiteral("%1 signals in %2 s").arg(changed.count()).arg(seconds)));
        QVERIFY(changed.count() >= 1);
        QTRY_VERIFY_WITH_TIMEOUT(manager.ingestRate() > 0, kWaitMs);
        qDeleteAll(servers);
    }

    void timestampsComeFromTheInjectedClock()
    {
        FixtureTarget server;
        server.body = "m 1\nwith_ts 5 1700000000123\n";
        SeriesStore store;
        ManualClock clock(1'800'000'000'000);
        ScrapeManager manager(&store, {}, &clock);
        manager.addTarget(fastTarget(server.url()));
        QTRY_VERIFY_WITH_TIMEOUT(lastOf(store, { eq("__name__", "m") }).has_value(), kWaitMs);
        QCOMPARE(lastOf(store, { eq("__name__", "m") })->timestampMs, 1'800'000'000'000);
        QCOMPARE(lastOf(store, { eq("__name__", "up") })->timestampMs, 1'800'000'000'000);
        QCOMPARE(lastOf(store, { eq("__name__", "with_ts") })->timestampMs, 1'700'000'000'123); // exposed wins
    }

    void timestampsAlignToTheInterval()
    {
        // Prometheus's AlignScrapeTimestamps: a scrape within the tolerance of
        // one interval after the last gets exactly last + interval.
        FixtureTarget server;
        server.body = "m 1\n";
        SeriesStore store;
        const qint64 base = 1'800'000'000'000;
        ManualClock clock(base);
        ScrapeManager manager(&store, {}, &clock);
        ScrapeTarget target = fastTarget(server.url());
        target.intervalMs = 1000; // tolerance 10 ms
        target.timeoutMs = 500;
        manager.addTarget(target);
        const auto timestamps = [&]() {
            QList<qint64> out;
            if (const auto ref = seriesOf(store, { eq("__name__", "m") })) {
                for (const Sample& sample : store.read(*ref, 0, std::numeric_limits<qint64>::max()))
                    out.append(sample.timestampMs - base);
            }
            return out;
        };
        QTRY_COMPARE_WITH_TIMEOUT(timestamps().size(), 1, kWaitMs);
        clock.advanceMs(1003); // 3 ms late
        QTRY_COMPARE_WITH_TIMEOUT(timestamps().size(), 2, kWaitMs);
        clock.advanceMs(995); // 2 ms early
        QTRY_COMPARE_WITH_TIMEOUT(timestamps().size(), 3, kWaitMs);
        clock.advanceMs(1100); // 98 ms late: beyond the tolerance, the real time is kept
        QTRY_COMPARE_WITH_TIMEOUT(timestamps().size(), 4, kWaitMs);
        QCOMPARE(timestamps(), (QList<qint64> { 0, 1000, 2000, 3098 }));
    }

    void localSourceAppendsOnScrapeThread()
    {
        SeriesStore store;
        ScrapeManagerOptions options;
        options.localSource = LocalSourceMode::WhenNoTargets;
        options.localIntervalMs = 250;
        ScrapeManager manager(&store, options);
        std::atomic<QThread*> collectThread { nullptr };
        std::atomic<int> calls { 0 };
        manager.setLocalCollector([&]() {
            collectThread = QThread::currentThread();
            MetricFamily f;
            f.name = "node_load1";
            f.type = MetricType::Gauge;
            f.samples.append(
                ExposedSample { Labels { { "__name__", "node_load1" } }, 0.5 + calls++, std::nullopt });
            return QList<MetricFamily> { f };
        });
        const QByteArray host = QSysInfo::machineHostName().toUtf8();
        QTRY_VERIFY_WITH_TIMEOUT(
            lastOf(store, { eq("__name__", "node_load1"), eq("job", "node"), eq("instance", host) }).has_value(),
            kWaitMs);
        QVERIFY(lastIs(store, { eq("__name__", "up"), eq("job", "node") }, 1));
        QVERIFY(lastOf(store, { eq("__name__", "scrape_duration_seconds"), eq("job", "node") }).has_value());
        QCOMPARE(collectThread.load(), manager.scrapeThread());
        QTRY_VERIFY_WITH_TIMEOUT(!manager.targets().isEmpty(), kWaitMs);
        QVERIFY(manager.targets().last().local);
        QCOMPARE(manager.targets().last().health, TargetHealth::Up);

        // Configuring a target turns the local source off (WhenNoTargets).
        FixtureTarget server;
        server.body = "m 1\n";
        manager.addTarget(fastTarget(server.url()));
        QTRY_VERIFY_WITH_TIMEOUT(isStale(store, { eq("__name__", "node_load1") }), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(manager.targets().size() == 1 && !manager.targets().first().local, kWaitMs);
    }

    void offsetsAreDeterministicAndSpread()
    {
        ScrapeTarget a;
        a.url = QUrl(QStringLiteral("http://10.0.0.1:9100/metrics"));
        ScrapeTarget b = a;
        b.url = QUrl(QStringLiteral("http://10.0.0.2:9100/metrics"));
        QCOMPARE(ScrapeWorker::scrapeOffsetMs(a, 1000), ScrapeWorker::scrapeOffsetMs(a, 1000));
        QVERIFY(ScrapeWorker::scrapeOffsetMs(a, 1000) != ScrapeWorker::scrapeOffsetMs(b, 1000));
        for (qint64 now : { 0LL, 999LL, 1'700'000'000'456LL }) {
            const qint64 d = ScrapeWorker::firstDelayMs(a, now);
            QVERIFY(d >= 0 && d < 1000);
            QCOMPARE((now + d) % 1000, ScrapeWorker::scrapeOffsetMs(a, 1000));
        }
    }
};

QTEST_GUILESS_MAIN(TestScrapeManager)
#include "tst_scrape_manager.moc"
