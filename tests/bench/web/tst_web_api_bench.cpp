// Web API benchmark: the same range query
//   sum by (instance) (rate(web_requests_total[1m]))   over 1 h at a 15 s step
// served over HTTP by `opsdeck --headless` (web: section, history imported
// with --import) and by Prometheus 2.42 (the same history as promtool TSDB
// blocks), HOSTS hosts x 2 status codes (default 100: 200 series, 241 points
// each). Both are measured in the same run, alternating, after a warm-up; it
// prints the median and mean wall time of each and the ratio
// OpsDeck/Prometheus (goal <= 0.5), and checks that both return the same
// series and values. No timed assertions. OPSDECK_WEB_BENCH_HOSTS and
// OPSDECK_WEB_BENCH_RUNS override the host count and the runs per server.
#include "HeadlessProcess.h"
#include "PrometheusServer.h"
#include "ResultComparison.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <numeric>

namespace {

const QString kQuery = QStringLiteral("sum by (instance) (rate(web_requests_total[1m]))");

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

double mean(const QList<double>& v)
{
    return v.isEmpty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

int envInt(const char* name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok && v > 0 ? v : fallback;
}

int seriesCount(const QByteArray& body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    if (o.value(QStringLiteral("status")).toString() != QLatin1String("success"))
        return -1;
    return int(o.value(QStringLiteral("data")).toObject().value(QStringLiteral("result")).toArray().size());
}

} // namespace

class TestWebApiBench : public QObject
{
    Q_OBJECT

private slots:
    void queryRangeOverHttp()
    {
        if (!PrometheusServer::available())
            QSKIP("prometheus and promtool (Debian package prometheus) are needed");
        const int hosts = envInt("OPSDECK_WEB_BENCH_HOSTS", 100);
        const int runs = envInt("OPSDECK_WEB_BENCH_RUNS", 50);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        qint64 endMs = QDateTime::currentMSecsSinceEpoch() - 15'000;
        endMs -= endMs % RecentDataset::kStepMs;
        const qint64 startMs = endMs - RecentDataset::kSpanMs;
        QFile data(dir.filePath(QStringLiteral("history.om")));
        QVERIFY(data.open(QIODevice::WriteOnly));
        data.write(RecentDataset::openMetrics(endMs, hosts));
        data.close();

        QString error;
        HeadlessProcess opsdeck(dir.filePath(QStringLiteral("opsdeck")));
        QVERIFY2(opsdeck.start("web:\n  listen: 127.0.0.1:0\n", data.fileName(), &error), qPrintable(error));
        PrometheusServer prometheus(dir.filePath(QStringLiteral("prometheus")));
        QVERIFY2(prometheus.createBlocks(data.fileName(), &error), qPrintable(error));
        QVERIFY2(prometheus.start(&error), qPrintable(error));

        const QByteArray query = "query=" + QUrl::toPercentEncoding(kQuery)
            + "&start=" + PrometheusServer::seconds(startMs).toUtf8()
            + "&end=" + PrometheusServer::seconds(endMs).toUtf8() + "&step=15";
        const QByteArray ours = opsdeck.baseUrl().toUtf8() + "/api/v1/query_range?" + query;
        const QByteArray theirs
            = "http://127.0.0.1:" + QByteArray::number(prometheus.port()) + "/api/v1/query_range?" + query;
        QNetworkAccessManager network;

        // Warm-up (connections, caches), and both answer the same series.
        for (int i = 0; i < 3; ++i) {
            const HttpReply a = httpRequest(network, "GET", ours);
            const HttpReply b = httpRequest(network, "GET", theirs);
            QCOMPARE(a.status, 200);
            QCOMPARE(b.status, 200);
            QCOMPARE(seriesCount(a.body), hosts);
            QCOMPARE(seriesCount(b.body), hosts);
            // The same numbers (within the conformance suite's 1e-6 relative).
            const QString difference
                = ResultComparison::compare(ResultComparison::parse(b.body), ResultComparison::parse(a.body));
            QVERIFY2(difference.isEmpty(), qPrintable(difference));
        }
        QList<double> opsdeckMs;
        QList<double> prometheusMs;
        qsizetype opsdeckBytes = 0;
        qsizetype prometheusBytes = 0;
        for (int i = 0; i < runs; ++i) {
            const HttpReply a = httpRequest(network, "GET", ours);
            const HttpReply b = httpRequest(network, "GET", theirs);
            QCOMPARE(a.status, 200);
            QCOMPARE(b.status, 200);
            opsdeckMs.append(double(a.elapsedNs) / 1e6);
            prometheusMs.append(double(b.elapsedNs) / 1e6);
            opsdeckBytes = a.body.size();
            prometheusBytes = b.body.size();
        }
        const double ratio = median(opsdeckMs) / std::max(1e-9, median(prometheusMs));
        std::printf(
            "web API query_range: %s, 1 h at 15 s (241 steps), %d hosts (%d series in, %d out), %d runs each\n",
            qPrintable(kQuery), hosts, 2 * hosts, hosts, runs);
        std::printf("  OpsDeck    /api/v1/query_range: median %8.2f ms  mean %8.2f ms  (%lld bytes)\n",
            median(opsdeckMs), mean(opsdeckMs), qlonglong(opsdeckBytes));
        std::printf("  Prometheus /api/v1/query_range: median %8.2f ms  mean %8.2f ms  (%lld bytes)\n",
            median(prometheusMs), mean(prometheusMs), qlonglong(prometheusBytes));
        std::printf("  ratio OpsDeck/Prometheus (median): %.3f (goal <= 0.5)\n", ratio);
        std::fflush(stdout);
        prometheus.stop();
        QCOMPARE(opsdeck.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestWebApiBench)
#include "tst_web_api_bench.moc"
