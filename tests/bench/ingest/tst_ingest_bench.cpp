// Ingest benchmark (label bench): OpsDeck's scrape manager vs Prometheus 2.42
// scraping the same N loopback targets (default 200 x ~500 series, 1 s) for
// the same window (OPSDECK_BENCH_SECONDS, default 60). Each scraper runs in
// its own process; CPU (utime+stime) and peak RSS (VmHWM) come from /proc for
// both, samples from OpsDeck's counter and Prometheus's
// prometheus_tsdb_head_samples_appended_total. Prints CPU seconds per million
// samples and the ratio (goal: OpsDeck <= 0.5x Prometheus). No timed
// assertions; every child is stopped at the end (and dies with this process).
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
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

struct ProcStats
{
    double cpuSeconds = 0;
    qint64 peakRssKiB = 0;
};

ProcStats procStats(qint64 pid)
{
    ProcStats s;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (stat.open(QIODevice::ReadOnly)) {
        const QByteArray line = stat.readAll();
        // Fields after the ")" that closes comm: state is field 3; utime 14, stime 15.
        const QList<QByteArray> f = line.mid(line.lastIndexOf(')') + 2).split(' ');
        const double tick = double(sysconf(_SC_CLK_TCK));
        s.cpuSeconds = (f.value(11).toLongLong() + f.value(12).toLongLong()) / tick;
    }
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray& l : status.readAll().split('\n')) {
            if (l.startsWith("VmHWM:"))
                s.peakRssKiB = l.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
    }
    return s;
}

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
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

double prometheusAppended(QNetworkAccessManager& nam, quint16 port)
{
    const QByteArray body = httpGet(nam, QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(port)));
    double total = 0;
    bool found = false;
    for (const QByteArray& l : body.split('\n')) {
        if (l.startsWith("prometheus_tsdb_head_samples_appended_total")) {
            total += l.mid(l.lastIndexOf(' ') + 1).toDouble();
            found = true;
        }
    }
    return found ? total : -1;
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

} // namespace

class TestIngestBench : public QObject
{
    Q_OBJECT

private slots:
    void opsdeckVersusPrometheus()
    {
        const int seconds = envInt("OPSDECK_BENCH_SECONDS", 60);
        const int targets = envInt("OPSDECK_BENCH_TARGETS", 200);
        const int series = envInt("OPSDECK_BENCH_SERIES", 500);
        const int warmup = qBound(3, seconds / 6, 10);
        const int maxLife = seconds + warmup + 90; // children stop themselves even if we hang

        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        // 1. The targets.
        QProcess fixture;
        dieWithParent(fixture);
        fixture.start(QStringLiteral(OPSDECK_BENCH_TARGETS_BIN),
            { QStringLiteral("--targets"), QString::number(targets), QStringLiteral("--series"),
                QString::number(series), QStringLiteral("--max-seconds"), QString::number(maxLife) });
        QVERIFY(fixture.waitForStarted(5000));
        QVERIFY(QTest::qWaitFor([&]() { return fixture.canReadLine(); }, 20000));
        const QList<QByteArray> portList = fixture.readLine().trimmed().split(' ').mid(1);
        QCOMPARE(portList.size(), targets);

        QByteArray urls;
        QByteArray promTargets;
        for (const QByteArray& p : portList) {
            urls += "http://127.0.0.1:" + p + "/metrics\n";
            promTargets += (promTargets.isEmpty() ? "" : ", ") + QByteArray("'127.0.0.1:") + p + '\'';
        }
        QFile urlFile(dir.filePath(QStringLiteral("targets.txt")));
        QVERIFY(urlFile.open(QIODevice::WriteOnly));
        urlFile.write(urls);
        urlFile.close();

        // 2. OpsDeck's scrape manager in its own process.
        QProcess opsdeck;
        dieWithParent(opsdeck);
        opsdeck.setProcessChannelMode(QProcess::ForwardedErrorChannel); // its failure summary
        opsdeck.start(QStringLiteral(OPSDECK_BENCH_SCRAPER_BIN),
            { QStringLiteral("--targets-file"), urlFile.fileName(), QStringLiteral("--max-seconds"),
                QString::number(maxLife) });
        QVERIFY(opsdeck.waitForStarted(5000));
        qint64 opsdeckSamples = 0;
        qint64 opsdeckScrapes = 0;
        auto readOpsdeck = [&]() {
            while (opsdeck.canReadLine()) {
                const QList<QByteArray> f = opsdeck.readLine().trimmed().split(' ');
                if (f.value(0) == "samples") {
                    opsdeckSamples = f.value(1).toLongLong();
                    opsdeckScrapes = f.value(3).toLongLong();
                }
            }
        };
        QObject::connect(&opsdeck, &QProcess::readyReadStandardOutput, this, readOpsdeck);

        // 3. Prometheus with the same targets, if installed.
        QProcess prometheus;
        dieWithParent(prometheus);
        const QString promExe = QStandardPaths::findExecutable(QStringLiteral("prometheus"));
        const quint16 promPort = freePort();
        QNetworkAccessManager nam;
        nam.setProxy(QNetworkProxy::NoProxy);
        if (!promExe.isEmpty()) {
            QFile config(dir.filePath(QStringLiteral("prometheus.yml")));
            QVERIFY(config.open(QIODevice::WriteOnly));
            config.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 800ms\n"
                         "scrape_configs:\n  - job_name: bench\n    static_configs:\n      - targets: ["
                + promTargets + "]\n");
            config.close();
            prometheus.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            prometheus.setStandardOutputFile(QProcess::nullDevice());
            prometheus.start(promExe,
                { QStringLiteral("--config.file=") + config.fileName(),
                    QStringLiteral("--storage.tsdb.path=") + dir.filePath(QStringLiteral("tsdb")),
                    QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(promPort),
                    QStringLiteral("--log.level=warn") });
            QVERIFY(prometheus.waitForStarted(5000));
            QVERIFY2(QTest::qWaitFor(
                         [&]() {
                             int status = 0;
                             httpGet(
                                 nam, QUrl(QStringLiteral("http://127.0.0.1:%1/-/ready").arg(promPort)), &status);
                             return status == 200 || prometheus.state() != QProcess::Running;
                         },
                         30000),
                "prometheus did not become ready");
            QVERIFY(prometheus.state() == QProcess::Running);
        } else {
            qWarning("prometheus not installed: measuring OpsDeck only");
        }

        // 4. Warm up (first scrapes create every series), then measure a window.
        QTest::qWait(warmup * 1000);
        readOpsdeck();
        const ProcStats o0 = procStats(opsdeck.processId());
        const qint64 oSamples0 = opsdeckSamples;
        const qint64 oScrapes0 = opsdeckScrapes;
        const ProcStats p0 = promExe.isEmpty() ? ProcStats {} : procStats(prometheus.processId());
        const double pSamples0 = promExe.isEmpty() ? 0 : prometheusAppended(nam, promPort);

        QTest::qWait(seconds * 1000);
        readOpsdeck();
        const ProcStats o1 = procStats(opsdeck.processId());
        const qint64 oSamples1 = opsdeckSamples;
        const qint64 oScrapes1 = opsdeckScrapes;
        const ProcStats p1 = promExe.isEmpty() ? ProcStats {} : procStats(prometheus.processId());
        const double pSamples1 = promExe.isEmpty() ? 0 : prometheusAppended(nam, promPort);

        stop(opsdeck);
        stop(prometheus);
        stop(fixture);

        const double oCpu = o1.cpuSeconds - o0.cpuSeconds;
        const double oMillions = (oSamples1 - oSamples0) / 1e6;
        const double oPerM = oMillions > 0 ? oCpu / oMillions : 0;
        std::printf("\ningest bench: %d targets x %d series, 1 s interval, %d s measured after %d s warm-up\n",
            targets, series, seconds, warmup);
        std::printf(
            "  OpsDeck    samples %10.0f  scrapes %7lld  cpu %7.2f s  cpu/M samples %6.3f s  peak RSS %7.1f MiB\n",
            oMillions * 1e6, static_cast<long long>(oScrapes1 - oScrapes0), oCpu, oPerM, o1.peakRssKiB / 1024.0);
        if (!promExe.isEmpty()) {
            const double pCpu = p1.cpuSeconds - p0.cpuSeconds;
            const double pMillions = (pSamples1 - pSamples0) / 1e6;
            const double pPerM = pMillions > 0 ? pCpu / pMillions : 0;
            std::printf("  Prometheus samples %10.0f                  cpu %7.2f s  cpu/M samples %6.3f s  peak "
                        "RSS %7.1f MiB\n",
                pMillions * 1e6, pCpu, pPerM, p1.peakRssKiB / 1024.0);
            if (pPerM > 0)
                std::printf("  ratio OpsDeck/Prometheus CPU per sample: %.2f (goal <= 0.50)  RSS ratio: %.2f\n",
                    oPerM / pPerM, double(o1.peakRssKiB) / double(qMax<qint64>(1, p1.peakRssKiB)));
        }
        std::fflush(stdout);
        // Not a timing assertion: the bench only checks that both scrapers ingested.
        QVERIFY(oSamples1 > oSamples0);
        if (!promExe.isEmpty())
            QVERIFY(pSamples1 > pSamples0);
    }
};

QTEST_GUILESS_MAIN(TestIngestBench)
#include "tst_ingest_bench.moc"
