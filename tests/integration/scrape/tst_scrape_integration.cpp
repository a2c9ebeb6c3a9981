// The scrape manager and `opsdeck scrape` against real exporters: a stock
// prometheus-node-exporter and opsdeck-agent, started on free loopback ports.
#include "FixtureTarget.h"
#include "metrics/SeriesStore.h"
#include "scrape/ScrapeManager.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryFile>
#include <QTest>

using namespace opsdeck;
using namespace opsdeck::metrics;
using namespace opsdeck::scrape;

namespace {

LabelMatcher eq(const QByteArray& name, const QByteArray& value)
{
    return LabelMatcher(LabelMatcher::Type::Equal, name, value);
}

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs `opsdeck scrape ARGS` without blocking this thread's event loop (a
// fixture server may live on it).
CliRun runCli(const QStringList& args)
{
    QProcess p;
    QSignalSpy finished(&p, &QProcess::finished);
    p.start(QStringLiteral(OPSDECK_BIN), QStringList { QStringLiteral("scrape") } + args);
    CliRun run;
    if (!p.waitForStarted(5000))
        return run;
    if (!QTest::qWaitFor([&]() { return finished.count() > 0; }, 30000)) {
        p.kill();
        p.waitForFinished(2000);
        return run;
    }
    run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}

} // namespace

class TestScrapeIntegration : public QObject
{
    Q_OBJECT

private:
    QProcess m_nodeExporter;
    QProcess m_agent;
    QUrl m_nodeUrl;
    QUrl m_agentUrl;

    bool startNodeExporter()
    {
        const QString exe = QStandardPaths::findExecutable(QStringLiteral("prometheus-node-exporter"));
        if (exe.isEmpty())
            return false;
        for (int attempt = 0; attempt < 3; ++attempt) {
            const quint16 port = closedPort();
            m_nodeExporter.setProcessChannelMode(QProcess::MergedChannels);
            m_nodeExporter.start(exe, { QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port) });
            if (!m_nodeExporter.waitForStarted(5000))
                return false;
            // Ready when it answers; it exits at once if the port got taken.
            const QUrl url(QStringLiteral("http://127.0.0.1:%1/metrics").arg(port));
            const bool ready = QTest::qWaitFor(
                [&]() {
                    if (m_nodeExporter.state() != QProcess::Running)
                        return true;
                    QTcpSocket probe;
                    probe.connectToHost(QHostAddress::LocalHost, port);
                    return probe.waitForConnected(200);
                },
                10000);
            if (ready && m_nodeExporter.state() == QProcess::Running) {
                m_nodeUrl = url;
                return true;
            }
            m_nodeExporter.kill();
            m_nodeExporter.waitForFinished(2000);
        }
        return false;
    }

    bool startAgent()
    {
        m_agent.setProcessChannelMode(QProcess::MergedChannels);
        m_agent.start(
            QStringLiteral(OPSDECK_AGENT_BIN), { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") });
        if (!m_agent.waitForStarted(5000))
            return false;
        QByteArray output;
        static const QRegularExpression ready(QStringLiteral("listening on ([0-9.]+):(\\d+)"));
        QRegularExpressionMatch match;
        (void)QTest::qWaitFor(
            [&]() {
                output += m_agent.readAll();
                match = ready.match(QString::fromUtf8(output));
                return match.hasMatch() || m_agent.state() != QProcess::Running;
            },
            10000);
        if (!match.hasMatch()) {
            qWarning() << "opsdeck-agent did not report its port:" << output;
            return false;
        }
        m_agentUrl = QUrl(QStringLiteral("http://%1:%2/metrics").arg(match.captured(1), match.captured(2)));
        return true;
    }

    static void stop(QProcess& p)
    {
        if (p.state() == QProcess::NotRunning)
            return;
        p.terminate();
        if (!p.waitForFinished(3000)) {
            p.kill();
            p.waitForFinished(3000);
        }
    }

    // Scrapes url for a few seconds through a ScrapeManager and checks the
    // node_exporter-compatible series arrive with up == 1.
    void scrapeForAFewSeconds(const QUrl& url, const QString& job)
    {
        SeriesStore store;
        ScrapeManager manager(&store);
        ScrapeTarget t;
        t.url = url;
        t.job = job;
        t.intervalMs = 500;
        t.timeoutMs = 450;
        const TargetKey key = manager.addTarget(t);
        const QByteArray jobBytes = job.toUtf8();
        QTRY_VERIFY_WITH_TIMEOUT(manager.target(key)->scrapesTotal >= 4, 15000);
        const TargetStatus st = *manager.target(key);
        QVERIFY2(st.health == TargetHealth::Up, qPrintable(st.lastError));
        QCOMPARE(st.failuresTotal, 0);
        QVERIFY(st.lastSamples > 50);

        const QList<SeriesRef> cpu
            = store.select({ eq("__name__", "node_cpu_seconds_total"), eq("job", jobBytes) });
        QVERIFY(!cpu.isEmpty());
        const Labels idle = store.labels(
            store.select({ eq("__name__", "node_cpu_seconds_total"), eq("mode", "idle"), eq("job", jobBytes) })
                .value(0));
        QVERIFY(idle.has("cpu"));
        QCOMPARE(idle.value("instance"), (url.host() + QLatin1Char(':') + QString::number(url.port())).toUtf8());
        // Counters were scraped repeatedly and do not go backwards.
        const QList<Sample> samples = store.read(cpu.first(), 0, std::numeric_limits<qint64>::max());
        QVERIFY(samples.size() >= 3);
        for (qsizetype i = 1; i < samples.size(); ++i) {
            QVERIFY(samples[i].timestampMs > samples[i - 1].timestampMs);
            QVERIFY(samples[i].value >= samples[i - 1].value);
        }
        QVERIFY(
            !store.select({ eq("__name__", "node_memory_MemAvailable_bytes"), eq("job", jobBytes) }).isEmpty());
        const QList<SeriesRef> up = store.select({ eq("__name__", "up"), eq("job", jobBytes) });
        QCOMPARE(up.size(), 1);
        QCOMPARE(store.last(up.first())->value, 1.0);
        QVERIFY(
            store.last(store.select({ eq("__name__", "scrape_samples_scraped"), eq("job", jobBytes) }).value(0))
                ->value
            > 50);
    }

private slots:
    void cleanup()
    {
        stop(m_nodeExporter);
        stop(m_agent);
    }

    void scrapesStockNodeExporter()
    {
        QVERIFY2(startNodeExporter(), "prometheus-node-exporter did not start");
        scrapeForAFewSeconds(m_nodeUrl, QStringLiteral("node"));
    }

    void scrapesOpsdeckAgent()
    {
        QVERIFY2(startAgent(), "opsdeck-agent did not start or print its ready line");
        scrapeForAFewSeconds(m_agentUrl, QStringLiteral("agent"));
    }

    void localSourceReadsThisHost()
    {
        // Embedded mode with the real HostCollector over /proc.
        SeriesStore store;
        ScrapeManagerOptions options;
        options.localSource = LocalSourceMode::On;
        options.localIntervalMs = 250;
        ScrapeManager manager(&store, options);
        QTRY_VERIFY_WITH_TIMEOUT(
            !store.select({ eq("__name__", "node_cpu_seconds_total"), eq("job", "node") }).isEmpty(), 10000);
        const QList<SeriesRef> up = store.select({ eq("__name__", "up"), eq("job", "node") });
        QCOMPARE(up.size(), 1);
        QCOMPARE(store.last(up.first())->value, 1.0);
        QCOMPARE(store.labels(up.first()).value("instance"), QSysInfo::machineHostName().toUtf8());
    }

    void cliPrintsNodeExporterSeries()
    {
        QVERIFY2(startNodeExporter(), "prometheus-node-exporter did not start");
        const CliRun run = runCli({ m_nodeUrl.toString(), QStringLiteral("--timeout"), QStringLiteral("5000") });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QList<QByteArray> lines = run.out.split('\n');
        QVERIFY(lines.contains("# TYPE node_cpu_seconds_total counter"));
        static const QRegularExpression cpuLine(
            QStringLiteral("^node_cpu_seconds_total\\{cpu=\"\\d+\",mode=\"idle\"\\} [0-9.e+]+$"));
        QVERIFY(std::any_of(lines.cbegin(), lines.cend(),
            [](const QByteArray& l) { return cpuLine.match(QString::fromUtf8(l)).hasMatch(); }));
        // Every sample line follows a # TYPE line of its family, labels sorted.
        QByteArray family;
        for (const QByteArray& line : lines) {
            if (line.isEmpty())
                continue;
            if (line.startsWith("# TYPE ")) {
                family = line.split(' ').value(2);
                continue;
            }
            QVERIFY2(line.startsWith(family), line.constData());
            const qsizetype open = line.indexOf('{');
            if (open < 0)
                continue;
            QList<QByteArray> names;
            static const QRegularExpression labelName(QStringLiteral("[{,]([a-zA-Z_][a-zA-Z0-9_]*)=\""));
            auto it = labelName.globalMatch(QString::fromUtf8(line.left(line.lastIndexOf('}') + 1)));
            while (it.hasNext())
                names.append(it.next().captured(1).toUtf8());
            QList<QByteArray> sorted = names;
            std::sort(sorted.begin(), sorted.end());
            QVERIFY2(names == sorted, line.constData());
        }
    }

    void cliReportsParseErrorWithLineAndColumn()
    {
        FixtureTarget server;
        server.body = "# TYPE ok gauge\nok 1\nbroken{a=\"1\",b} 2\n";
        const CliRun run = runCli({ server.url().toString() });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(
            QRegularExpression(QStringLiteral("line 3, column \\d+")).match(QString::fromUtf8(run.err)).hasMatch(),
            run.err.constData());
        QVERIFY(run.out.isEmpty()); // never half a scrape
    }

    void cliReportsConnectionAndHttpErrors()
    {
        const CliRun refused = runCli({ QStringLiteral("http://127.0.0.1:%1/metrics").arg(closedPort()) });
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("connection refused"), refused.err.constData());

        FixtureTarget server;
        server.body = "x 1\n";
        server.token = "abc";
        const CliRun denied = runCli({ server.url().toString() });
        QCOMPARE(denied.exitCode, 1);
        QVERIFY2(denied.err.contains("HTTP 401 Unauthorized"), denied.err.constData());

        QTemporaryFile tokenFile;
        QVERIFY(tokenFile.open());
        tokenFile.write("abc\n");
        tokenFile.flush();
        const CliRun allowed = runCli(
            QStringList { server.url().toString(), QStringLiteral("--token-file"), tokenFile.fileName() });
        QCOMPARE(allowed.exitCode, 0);
        QCOMPARE(allowed.out, QByteArray("# TYPE x untyped\nx 1\n"));
    }

    void cliUsageErrors()
    {
        QCOMPARE(runCli({}).exitCode, 2);
        QCOMPARE(runCli({ QStringLiteral("http://127.0.0.1:1/metrics"), QStringLiteral("--timeout"),
                            QStringLiteral("soon") })
                     .exitCode,
            2);
        QCOMPARE(runCli({ QStringLiteral("not a url") }).exitCode, 2);
        QCOMPARE(runCli({ QStringLiteral("http://127.0.0.1:1/metrics"), QStringLiteral("--bogus") }).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestScrapeIntegration)
#include "tst_scrape_integration.moc"
