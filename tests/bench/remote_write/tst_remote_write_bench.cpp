// Remote-write benchmark (label bench): OpsDeck vs Prometheus 2.42's own
// remote write. N loopback targets (opsdeck_bench_targets, default 50 x ~500
// series, 1 s) are scraped by four processes in the same run: OpsDeck with
// remote write (opsdeck_bench_remote_writer --remote-write), OpsDeck
// scraping only, Prometheus with remote_write, Prometheus scraping only.
// Both writers send to the same VictoriaMetrics (their series differ by
// job). CPU (utime+stime) comes from /proc; samples sent from OpsDeck's
// counters and Prometheus's prometheus_remote_storage_samples_total.
// Printed, for each system: samples sent per second, CPU seconds per
// million samples sent for the whole process (scrape + store + remote
// write), and for remote write alone (CPU minus the twin that only
// scrapes), with the OpsDeck/Prometheus ratios (goal <= 0.5). No timed
// assertions; OPSDECK_BENCH_SECONDS / _TARGETS / _SERIES scale it.

#include "AgentProcess.h"
#include "ReceiverSamples.h"
#include "VictoriaMetricsServer.h"

#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <cstdio>

#include <sys/prctl.h>
#include <unistd.h>

namespace {

int envInt(const char* name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok && v > 0 ? v : fallback;
}

void dieWithParent(QProcess& p)
{
    p.setChildProcessModifier([]() { prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

double cpuSeconds(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray line = stat.readAll();
    const QList<QByteArray> f = line.mid(line.lastIndexOf(')') + 2).split(' ');
    const double tick = double(sysconf(_SC_CLK_TCK));
    return double(f.value(11).toLongLong() + f.value(12).toLongLong()) / tick;
}

QByteArray httpGet(QNetworkAccessManager& nam, const QUrl& url, int* status = nullptr)
{
    QNetworkRequest req(url);
    req.setTransferTimeout(3000);
    QNetworkReply* reply = nam.get(req);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    if (status)
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

// Sum of one metric's samples in a /metrics body (exact name, any labels).
double metricSum(const QByteArray& body, const QByteArray& name)
{
    double total = 0;
    for (const QByteArray& l : body.split('\n')) {
        if (l.startsWith(name) && l.size() > name.size() && (l[name.size()] == '{' || l[name.size()] == ' '))
            total += l.mid(l.lastIndexOf(' ') + 1).toDouble();
    }
    return total;
}

void stop(QProcess& p)
{
    if (p.state() == QProcess::NotRunning)
        return;
    p.closeWriteChannel();
    p.terminate();
    if (!p.waitForFinished(5000)) {
        p.kill();
        p.waitForFinished(3000);
    }
}

struct OpsDeckChild
{
    QProcess process;
    qint64 samples = 0;
    quint64 sent = 0;
    qint64 pending = 0;
    void read()
    {
        while (process.canReadLine()) {
            const QList<QByteArray> f = process.readLine().trimmed().split(' ');
            if (f.value(0) == "samples") {
                samples = f.value(1).toLongLong();
                sent = f.value(3).toULongLong();
                pending = f.value(5).toLongLong();
            }
        }
    }
};

} // namespace

class TestRemoteWriteBench : public QObject
{
    Q_OBJECT

private slots:
    void opsdeckVersusPrometheus()
    {
        const QString promExe = QStandardPaths::findExecutable(QStringLiteral("prometheus"));
        if (promExe.isEmpty() || !VictoriaMetricsServer::available())
            QSKIP("prometheus and victoria-metrics (Debian packages) are needed");
        const int seconds = envInt("OPSDECK_BENCH_SECONDS", 30);
        const int targets = envInt("OPSDECK_BENCH_TARGETS", 50);
        const int series = envInt("OPSDECK_BENCH_SERIES", 500);
        const int warmup = 10;
        const int maxLife = seconds + warmup + 90;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        VictoriaMetricsServer vm(dir.filePath(QStringLiteral("vm")));
        QString error;
        QVERIFY2(vm.start(&error), qPrintable(error));

        QProcess fixture;
        dieWithParent(fixture);
        fixture.start(QStringLiteral(OPSDECK_BENCH_TARGETS_BIN),
            { QStringLiteral("--targets"), QString::number(targets), QStringLiteral("--series"),
                QString::number(series), QStringLiteral("--max-seconds"), QString::number(maxLife) });
        QVERIFY(fixture.waitForStarted(5000));
        QVERIFY(QTest::qWaitFor([&]() { return fixture.canReadLine(); }, 20000));
        const QList<QByteArray> ports = fixture.readLine().trimmed().split(' ').mid(1);
        QCOMPARE(ports.size(), targets);
        QByteArray urls, promTargets;
        for (const QByteArray& p : ports) {
            urls += "http://127.0.0.1:" + p + "/metrics\n";
            promTargets += (promTargets.isEmpty() ? "" : ", ") + QByteArray("'127.0.0.1:") + p + '\'';
        }
        QFile urlFile(dir.filePath(QStringLiteral("targets.txt")));
        QVERIFY(urlFile.open(QIODevice::WriteOnly));
        urlFile.write(urls);
        urlFile.close();

        // OpsDeck, with and without remote write.
        OpsDeckChild writer, scraper;
        for (OpsDeckChild* c : { &writer, &scraper }) {
            dieWithParent(c->process);
            c->process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            QStringList args { QStringLiteral("--targets-file"), urlFile.fileName(),
                QStringLiteral("--max-seconds"), QString::number(maxLife), QStringLiteral("--job"),
                c == &writer ? QStringLiteral("opsdeck") : QStringLiteral("opsdeck-scrape-only") };
            if (c == &writer)
                args << QStringLiteral("--remote-write") << vm.writeUrl();
            c->process.start(QStringLiteral(OPSDECK_BENCH_REMOTE_WRITER_BIN), args);
            QVERIFY(c->process.waitForStarted(5000));
        }

        // Prometheus, with and without remote_write.
        QNetworkAccessManager nam;
        nam.setProxy(QNetworkProxy::NoProxy);
        QProcess promWriter, promScraper;
        quint16 promPorts[2] = { 0, 0 };
        int i = 0;
        for (QProcess* p : { &promWriter, &promScraper }) {
            const bool writes = p == &promWriter;
            const QString sub = writes ? QStringLiteral("prom-rw") : QStringLiteral("prom");
            QFile config(dir.filePath(sub + QStringLiteral(".yml")));
            QVERIFY(config.open(QIODevice::WriteOnly));
            config.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 800ms\n"
                         "scrape_configs:\n  - job_name: "
                + QByteArray(writes ? "prometheus" : "prometheus-scrape-only")
                + "\n    static_configs:\n      - targets: [" + promTargets + "]\n");
            if (writes)
                config.write("remote_write:\n  - url: " + vm.writeUrl().toUtf8() + "\n");
            config.close();
            promPorts[i] = freeLoopbackPort();
            dieWithParent(*p);
            p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
            p->setStandardOutputFile(QProcess::nullDevice());
            p->start(promExe,
                { QStringLiteral("--config.file=") + config.fileName(),
                    QStringLiteral("--storage.tsdb.path=") + dir.filePath(sub),
                    QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(promPorts[i]),
                    QStringLiteral("--log.level=warn") });
            QVERIFY(p->waitForStarted(5000));
            ++i;
        }
        for (quint16 port : promPorts) {
            QVERIFY2(QTest::qWaitFor(
                         [&]() {
                             int status = 0;
                             httpGet(nam, QUrl(QStringLiteral("http://127.0.0.1:%1/-/ready").arg(port)), &status);
                             return status == 200;
                         },
                         30000),
                "prometheus did not become ready");
        }
        const auto promSent = [&]() {
            return metricSum(httpGet(nam, QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(promPorts[0]))),
                "prometheus_remote_storage_samples_total");
        };

        QTest::qWait(warmup * 1000);
        writer.read();
        scraper.read();
        const double cpu0[4] = { cpuSeconds(writer.process.processId()), cpuSeconds(scraper.process.processId()),
            cpuSeconds(promWriter.processId()), cpuSeconds(promScraper.processId()) };
        const quint64 oSent0 = writer.sent;
        const double pSent0 = promSent();
        QTest::qWait(seconds * 1000);
        writer.read();
        scraper.read();
        const double cpu1[4] = { cpuSeconds(writer.process.processId()), cpuSeconds(scraper.process.processId()),
            cpuSeconds(promWriter.processId()), cpuSeconds(promScraper.processId()) };
        const quint64 oSent1 = writer.sent;
        const double pSent1 = promSent();
        const qint64 oPending = writer.pending;
        for (QProcess* p : { &writer.process, &scraper.process, &promWriter, &promScraper, &fixture })
            stop(*p);
        vm.stop();

        const double oMillions = double(oSent1 - oSent0) / 1e6;
        const double pMillions = (pSent1 - pSent0) / 1e6;
        const double oCpu = cpu1[0] - cpu0[0], oBase = cpu1[1] - cpu0[1];
        const double pCpu = cpu1[2] - cpu0[2], pBase = cpu1[3] - cpu0[3];
        std::printf("\nremote-write bench: %d targets x %d series, 1 s scrapes, %d s measured after %d s warm-up, "
                    "both writing to one VictoriaMetrics\n",
            targets, series, seconds, warmup);
        const auto row = [&](const char* name, double millions, double cpu, double base) {
            std::printf("  %-10s sent %9.0f samples (%7.0f/s)  cpu %6.2f s (scrape-only twin %6.2f s)  "
                        "cpu/M sent: process %6.3f s, remote write %6.3f s\n",
                name, millions * 1e6, millions * 1e6 / seconds, cpu, base, millions > 0 ? cpu / millions : 0,
                millions > 0 ? (cpu - base) / millions : 0);
        };
        row("OpsDeck", oMillions, oCpu, oBase);
        row("Prometheus", pMillions, pCpu, pBase);
        if (oMillions > 0 && pMillions > 0) {
            std::printf("  ratio OpsDeck/Prometheus CPU per sample sent: process %.2f, remote write alone %.2f "
                        "(goal <= 0.50); OpsDeck pending at the end %lld\n",
                (oCpu / oMillions) / (pCpu / pMillions),
                ((oCpu - oBase) / oMillions) / ((pCpu - pBase) / pMillions), static_cast<long long>(oPending));
        }
        std::fflush(stdout);
        QVERIFY(oSent1 > oSent0);
        QVERIFY(pSent1 > pSent0);
    }
};

QTEST_GUILESS_MAIN(TestRemoteWriteBench)
#include "tst_remote_write_bench.moc"
