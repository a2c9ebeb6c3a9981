// remote_write against real receivers: an in-process engine scrapes three
// opsdeck-agent processes every 500 ms for a few seconds and remote-writes
// to Prometheus 2.42 (--web.enable-remote-write-receiver) and to
// VictoriaMetrics in the same run; then scraping stops and, once the queues
// are empty, every series OpsDeck holds must be in each receiver with the
// same timestamps and values, and nothing else. The outage case stops
// VictoriaMetrics for 10 s while scraping goes on (scaled down from the
// design's 60 s at 1 s x 100 targets; the buffer's size for that is checked
// by arithmetic in bufferCoversAMinuteOfAHundredTargets), restarts it on the
// same port, and expects the same: no sample lost, none dropped.

#include "AgentProcess.h"
#include "Engine.h"
#include "metrics/SeriesStore.h"
#include "PrometheusServer.h"
#include "ReceiverSamples.h"
#include "remotewrite/RemoteWriteSender.h"
#include "remotewrite/RemoteWriteService.h"
#include "VictoriaMetricsServer.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <algorithm>
#include <cstdio>
#include <memory>

using namespace remotewritetest;

namespace {

constexpr int kAgents = 3;

opsdeck::remotewrite::RemoteWriteConfig remote(const QString& name, const QString& url)
{
    opsdeck::remotewrite::RemoteWriteConfig c;
    c.name = name;
    c.url = url;
    c.queue.batchSendDeadlineMs = 500;
    c.queue.maxSamplesPerSend = 2000;
    c.queue.minBackoffMs = 50;
    c.queue.maxBackoffMs = 1000;
    return c;
}

} // namespace

class TestRemoteWriteReceivers : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        for (int i = 0; i < kAgents; ++i) {
            m_agents.push_back(std::make_unique<AgentProcess>());
            QVERIFY2(m_agents.back()->start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") }),
                qPrintable(m_agents.back()->errorText()));
        }
    }

    void receiversHoldWhatWasScraped()
    {
        if (!PrometheusServer::available() || !VictoriaMetricsServer::available())
            QSKIP("prometheus and victoria-metrics (Debian packages) are needed");
        PrometheusServer prometheus(m_dir.filePath(QStringLiteral("prom")));
        prometheus.enableRemoteWriteReceiver();
        QString error;
        QVERIFY2(prometheus.start(&error), qPrintable(error));
        VictoriaMetricsServer vm(m_dir.filePath(QStringLiteral("vm")));
        QVERIFY2(vm.start(&error), qPrintable(error));

        auto engine = startEngine(QStringLiteral("both"),
            { remote(QStringLiteral("prometheus"),
                  QStringLiteral("http://127.0.0.1:%1/api/v1/write").arg(prometheus.port())),
                remote(QStringLiteral("vm"), vm.writeUrl()) });
        QVERIFY(engine);
        QTest::qWait(6000);
        stopScrapingAndDrain(*engine);

        const SeriesSamples local = storeSamples(*engine->store());
        QVERIFY(sampleCount(local) > 0);
        const SeriesSamples inPrometheus
            = prometheusSamples(prometheus, QDateTime::currentMSecsSinceEpoch(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const SeriesSamples inVm = victoriaMetricsSamples(vm, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        std::printf(
            "remote write: OpsDeck holds %lld samples in %lld series; Prometheus %lld, VictoriaMetrics %lld\n",
            static_cast<long long>(sampleCount(local)), static_cast<long long>(local.size()),
            static_cast<long long>(sampleCount(inPrometheus)), static_cast<long long>(sampleCount(inVm)));
        const QString promDiff = compare(local, inPrometheus);
        QVERIFY2(promDiff.isEmpty(), qPrintable(QStringLiteral("Prometheus:\n") + promDiff));
        const QString vmDiff = compare(local, inVm);
        QVERIFY2(vmDiff.isEmpty(), qPrintable(QStringLiteral("VictoriaMetrics:\n") + vmDiff));
        for (const auto& c : engine->remoteWriteService()->counters()) {
            QCOMPARE(c.samplesDropped, quint64(0));
            QCOMPARE(c.samplesFailed, quint64(0));
            QCOMPARE(c.samplesPending, 0);
            QVERIFY(c.samplesSent >= quint64(sampleCount(local)));
        }
    }

    void outageLosesNothing()
    {
        if (!VictoriaMetricsServer::available())
            QSKIP("victoria-metrics (Debian package) is needed");
        VictoriaMetricsServer vm(m_dir.filePath(QStringLiteral("vm-outage")));
        QString error;
        QVERIFY2(vm.start(&error), qPrintable(error));
        auto engine = startEngine(QStringLiteral("outage"), { remote(QStringLiteral("vm"), vm.writeUrl()) });
        QVERIFY(engine);
        QTest::qWait(2000);
        vm.stop();
        QElapsedTimer outage;
        outage.start();
        QTest::qWait(10'000);
        const auto during = engine->remoteWriteService()->counters().constFirst();
        QVERIFY2(during.samplesRetried > 0, "the sender should have retried while the receiver was down");
        QVERIFY(during.samplesPending > 0);
        QVERIFY2(vm.start(&error, vm.port()), qPrintable(error));
        std::printf("outage of %lld ms: %lld samples were pending, %llu retried\n",
            static_cast<long long>(outage.elapsed()), static_cast<long long>(during.samplesPending),
            static_cast<unsigned long long>(during.samplesRetried));
        QTest::qWait(1000);
        stopScrapingAndDrain(*engine);

        const SeriesSamples local = storeSamples(*engine->store());
        const SeriesSamples inVm = victoriaMetricsSamples(vm, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString diff = compare(local, inVm);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        const auto after = engine->remoteWriteService()->counters().constFirst();
        QCOMPARE(after.samplesDropped, quint64(0));
        QCOMPARE(after.samplesFailed, quint64(0));
        QVERIFY(after.lastError.isEmpty());
    }

    // The console's Settings -> Remote write: receivers replaced while
    // scraping goes on. Every sample goes to exactly one of the two
    // VictoriaMetrics, the old one getting what it held before the switch,
    // so together they hold what OpsDeck scraped, with no sample twice.
    // Test (an empty WriteRequest) is 2xx on a receiver, an error elsewhere.
    void receiversReplacedAtRunTime()
    {
        if (!VictoriaMetricsServer::available())
            QSKIP("victoria-metrics (Debian package) is needed");
        VictoriaMetricsServer first(m_dir.filePath(QStringLiteral("vm-first")));
        VictoriaMetricsServer second(m_dir.filePath(QStringLiteral("vm-second")));
        QString error;
        QVERIFY2(first.start(&error), qPrintable(error));
        QVERIFY2(second.start(&error), qPrintable(error));
        const auto toFirst = remote(QStringLiteral("first"), first.writeUrl());
        const auto toSecond = remote(QStringLiteral("second"), second.writeUrl());

        using opsdeck::remotewrite::RemoteWriteSender;
        QVERIFY2(RemoteWriteSender::probe(toSecond).error.isEmpty(),
            qPrintable(RemoteWriteSender::probe(toSecond).error));
        auto wrongPath = toSecond;
        wrongPath.url = QStringLiteral("http://127.0.0.1:%1/nothing-here").arg(second.port());
        const auto refused = RemoteWriteSender::probe(wrongPath);
        QVERIFY2(refused.httpStatus >= 400 && refused.error.startsWith(QLatin1String("HTTP ")),
            qPrintable(refused.error));

        auto engine = startEngine(QStringLiteral("switch"), { toFirst });
        QVERIFY(engine);
        QTest::qWait(2500);
        engine->setRemoteWrite({ toSecond });
        QCOMPARE(engine->remoteWriteService()->remotes().constFirst().name, QStringLiteral("second"));
        engine->setRemoteWrite({ toSecond }); // the same list keeps the running service
        QTest::qWait(2500);
        stopScrapingAndDrain(*engine);
        QVERIFY(QThreadPool::globalInstance()->waitForDone(int(opsdeck::Engine::kRemoteWriteHandOverMs) + 5'000));

        const SeriesSamples local = storeSamples(*engine->store());
        const SeriesSamples inFirst = victoriaMetricsSamples(first, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const SeriesSamples inSecond = victoriaMetricsSamples(second, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(sampleCount(inFirst) > 0);
        QVERIFY(sampleCount(inSecond) > 0);
        SeriesSamples together = inFirst;
        for (auto it = inSecond.cbegin(); it != inSecond.cend(); ++it) {
            QList<Point>& points = together[it.key()];
            points += it.value();
            std::sort(points.begin(), points.end(),
                [](const Point& a, const Point& b) { return a.timestampMs < b.timestampMs; });
        }
        std::printf("switch: OpsDeck holds %lld samples; the first receiver %lld, the second %lld\n",
            static_cast<long long>(sampleCount(local)), static_cast<long long>(sampleCount(inFirst)),
            static_cast<long long>(sampleCount(inSecond)));
        QCOMPARE(sampleCount(together), sampleCount(local));
        const QString diff = compare(local, together);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        engine->setRemoteWrite({});
        QVERIFY(!engine->remoteWriteService());
    }

    // The default buffer against the design's case: 100 targets like these
    // agents, scraped every second, receiver away for 60 s.
    void bufferCoversAMinuteOfAHundredTargets()
    {
        opsdeck::EngineOptions options { m_dir.filePath(QStringLiteral("count")) };
        options.localSource = opsdeck::scrape::LocalSourceMode::Off;
        options.targets = targets(1);
        opsdeck::Engine engine(options);
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        // Past the first scrapes (some series appear only from the second one on).
        opsdeck::scrape::ScrapeManager* scrape = engine.scrapeManager();
        QTRY_VERIFY_WITH_TIMEOUT(scrape->scrapesTotal() >= 3, 10'000);
        const qint64 scrapes0 = scrape->scrapesTotal(), samples0 = scrape->samplesIngestedTotal();
        QTRY_VERIFY_WITH_TIMEOUT(scrape->scrapesTotal() >= scrapes0 + 4, 10'000);
        const qint64 perScrape
            = (scrape->samplesIngestedTotal() - samples0) / std::max<qint64>(1, scrape->scrapesTotal() - scrapes0);
        const qint64 needed = perScrape * 100 * 60;
        const qsizetype capacity = opsdeck::remotewrite::QueueConfig().capacity;
        std::printf(
            "one agent scrape = %lld samples; 60 s x 100 targets = %lld samples; default capacity %lld (%.0f s)\n",
            static_cast<long long>(perScrape), static_cast<long long>(needed), static_cast<long long>(capacity),
            double(capacity) / double(perScrape * 100));
        QVERIFY(capacity >= needed);
    }

private:
    QList<opsdeck::scrape::ScrapeTarget> targets(int count) const
    {
        QList<opsdeck::scrape::ScrapeTarget> out;
        for (int i = 0; i < count; ++i) {
            opsdeck::scrape::ScrapeTarget t;
            t.url = QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(m_agents[std::size_t(i)]->port()));
            t.job = QStringLiteral("agent");
            t.intervalMs = 500;
            t.timeoutMs = 400;
            out.append(t);
        }
        return out;
    }

    std::unique_ptr<opsdeck::Engine> startEngine(
        const QString& name, const QList<opsdeck::remotewrite::RemoteWriteConfig>& remotes)
    {
        opsdeck::EngineOptions options { m_dir.filePath(name) };
        options.localSource = opsdeck::scrape::LocalSourceMode::Off;
        options.targets = targets(kAgents);
        options.remoteWrite = remotes;
        auto engine = std::make_unique<opsdeck::Engine>(options);
        if (!engine->start()) {
            qWarning() << engine->errorString();
            return nullptr;
        }
        return engine;
    }

    // Scraping stops (the targets' series get their stale markers), then the
    // queues empty out.
    static void stopScrapingAndDrain(opsdeck::Engine& engine)
    {
        engine.scrapeManager()->setTargets({});
        QElapsedTimer timer;
        timer.start();
        quint64 lastSent = 0;
        int quiet = 0;
        while (timer.elapsed() < 30'000 && quiet < 3) {
            QTest::qWait(500);
            quint64 sent = 0;
            qint64 pending = 0;
            for (const auto& c : engine.remoteWriteService()->counters()) {
                sent += c.samplesSent;
                pending += c.samplesPending;
            }
            quiet = pending == 0 && sent == lastSent ? quiet + 1 : 0;
            lastSent = sent;
        }
    }

    QTemporaryDir m_dir;
    std::vector<std::unique_ptr<AgentProcess>> m_agents;
};

QTEST_MAIN(TestRemoteWriteReceivers)
#include "tst_remote_write_receivers.moc"
