// opsdeck-agent cost, printed (no timed assertions): CPU share of the agent
// while scraped once a second, and /metrics latency over sequential requests
// on one keep-alive connection, with the 200 ms collection cache (several
// scrapers at once) and without it (every request collects).

#include "AgentProcess.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <unistd.h>

namespace {

// utime + stime of a process in seconds, from /proc/<pid>/stat.
double cpuSeconds(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    return double(fields[11].toULongLong() + fields[12].toULongLong()) / double(::sysconf(_SC_CLK_TCK));
}

// One GET on a shared manager (keep-alive, as Prometheus scrapes); returns ms or -1.
double timedGet(QNetworkAccessManager& nam, const QUrl& url, QByteArray* body = nullptr)
{
    QElapsedTimer timer;
    timer.start();
    QNetworkRequest request(url);
    request.setTransferTimeout(10000);
    QNetworkReply* reply = nam.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(11000, &loop, &QEventLoop::quit);
    loop.exec();
    const bool ok = reply->isFinished() && reply->error() == QNetworkReply::NoError;
    if (body)
        *body = reply->readAll();
    else
        reply->readAll();
    delete reply;
    return ok ? double(timer.nsecsElapsed()) / 1e6 : -1;
}

double percentile(QList<double> values, double p)
{
    std::sort(values.begin(), values.end());
    if (values.isEmpty())
        return 0;
    const qsizetype i = qMin<qsizetype>(values.size() - 1, qsizetype(p * double(values.size() - 1) + 0.5));
    return values[i];
}

} // namespace

class BenchAgent : public QObject
{
    Q_OBJECT

private slots:
    void cpuShareWhenScrapedEverySecond();
    void metricsLatency_data();
    void metricsLatency();
};

void BenchAgent::cpuShareWhenScrapedEverySecond()
{
    AgentProcess agent;
    QVERIFY2(
        agent.start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") }), qPrintable(agent.errorText()));
    const qint64 pid = agent.process().processId();
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/metrics").arg(agent.port()));
    QNetworkAccessManager nam;
    QVERIFY(timedGet(nam, url) >= 0); // warm-up: first collect, connection open

    constexpr int kSeconds = 20;
    const double cpuBefore = cpuSeconds(pid);
    QElapsedTimer wall;
    wall.start();
    int failures = 0;
    QByteArray body;
    for (int i = 0; i < kSeconds; ++i) {
        if (timedGet(nam, url, &body) < 0)
            ++failures;
        const qint64 next = qint64(i + 1) * 1000 - wall.elapsed();
        if (next > 0)
            QTest::qWait(int(next));
    }
    const double cpuAfter = cpuSeconds(pid);
    const double elapsed = double(wall.elapsed()) / 1000.0;
    QCOMPARE(failures, 0);
    QVERIFY(cpuBefore >= 0 && cpuAfter >= cpuBefore);
    qInfo("agent CPU while scraped every 1 s: %.2f %% of one core (%.2f s CPU over %.1f s wall, %d scrapes, "
          "%lld-byte body, USER_HZ resolution %.0f ms)",
        100.0 * (cpuAfter - cpuBefore) / elapsed, cpuAfter - cpuBefore, elapsed, kSeconds, qlonglong(body.size()),
        1000.0 / double(::sysconf(_SC_CLK_TCK)));
    QCOMPARE(agent.terminate(), 0);
}

void BenchAgent::metricsLatency_data()
{
    QTest::addColumn<QString>("cacheMs");
    QTest::addColumn<int>("requests");
    QTest::newRow("cache 200 ms (default)") << QStringLiteral("200") << 500;
    QTest::newRow("no cache: collect per request") << QStringLiteral("0") << 300;
}

void BenchAgent::metricsLatency()
{
    QFETCH(QString, cacheMs);
    QFETCH(int, requests);
    AgentProcess agent;
    QVERIFY2(agent.start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--cache-ms"),
                 cacheMs }),
        qPrintable(agent.errorText()));
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/metrics").arg(agent.port()));
    QNetworkAccessManager nam;
    QVERIFY(timedGet(nam, url) >= 0);
    QList<double> latencies;
    latencies.reserve(requests);
    QElapsedTimer wall;
    wall.start();
    for (int i = 0; i < requests; ++i) {
        const double ms = timedGet(nam, url);
        QVERIFY(ms >= 0);
        latencies.append(ms);
    }
    qInfo("/metrics latency, %d sequential requests, --cache-ms %s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max "
          "%.2f ms "
          "(%.1f s total)",
        requests, qPrintable(cacheMs), percentile(latencies, 0.5), percentile(latencies, 0.9),
        percentile(latencies, 0.99), percentile(latencies, 1.0), double(wall.elapsed()) / 1000.0);
    QCOMPARE(agent.terminate(), 0);
}

QTEST_GUILESS_MAIN(BenchAgent)
#include "tst_bench_agent.moc"
