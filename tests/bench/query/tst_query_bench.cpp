// Query benchmark: node_cpu_seconds_total for HOSTS hosts x 8 CPUs x 4 modes
// over 1 h at 1 s (default 100 hosts: 3200 series, 11.52 M samples, ~1 GB of
// OpenMetrics), loaded into Prometheus 2.42 with promtool and into OpsDeck
// with TextImport. Times the dashboard query
//   sum by (instance) (rate(node_cpu_seconds_total{mode!="idle"}[1m]))
// as an instant query at the end of the hour and as range queries over the
// hour at a 15 s step and at a 1 s step (3600 steps, as a dashboard window
// of 1 h is evaluated): OpsDeck in-process (median of several runs) beside
// Prometheus's /api/v1/query(_range) measured in the same run over HTTP
// (median after a warm-up; its own evalTotalTime from stats=all too).
// Prints figures and checks that both give the same answer; no timed
// assertions. OPSDECK_QUERY_BENCH_HOSTS overrides the host count.
#include "metrics/SeriesStore.h"
#include "PrometheusServer.h"
#include "query/QueryEngine.h"
#include "query/QueryResultJson.h"
#include "query/TextImport.h"
#include "ResultComparison.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <memory>

using namespace opsdeck;
using namespace opsdeck::query;

namespace {

constexpr qint64 kStartMs = 1699999200000; // a 2 h block boundary: the hour lands in one promtool block
constexpr int kSeconds = 3600;
constexpr int kCpus = 8;
const std::array<const char*, 4> kModes = { "idle", "iowait", "system", "user" };
const std::array<double, 4> kShare = { 0.7, 0.05, 0.08, 0.17 };
const QString kQuery = QStringLiteral("sum by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[1m]))");

// snprintf is the bottleneck of writing a gigabyte of samples.
void appendDecimal(QByteArray& out, qint64 v)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = char('0' + v % 10);
        v /= 10;
    } while (v > 0 && n < 24);
    while (n > 0)
        out += digits[--n];
}

// Written series by series, one host at a time, so memory stays small.
bool writeDataset(const QString& path, int hosts, qint64* bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    QByteArray buf;
    buf.reserve(8 * 1024 * 1024);
    buf += "# HELP node_cpu_seconds Seconds the CPUs spent in each mode.\n# TYPE node_cpu_seconds counter\n";
    for (int h = 0; h < hosts; ++h) {
        for (int c = 0; c < kCpus; ++c)
            for (int m = 0; m < 4; ++m) {
                char name[128];
                const int n = std::snprintf(name, sizeof name,
                    "node_cpu_seconds_total{cpu=\"%d\",instance=\"host-%03d:9100\",mode=\"%s\"} ", c, h,
                    kModes[m]);
                // Centiseconds as integers: exact in text and in doubles.
                qint64 centis = 100000 + h * 100 + c * 10 + m;
                for (int s = 0; s < kSeconds; ++s) {
                    centis += qint64(100 * kShare[m] * (0.5 + ((s * 7 + h * 13 + c * 5 + m) % 10) / 10.0));
                    buf.append(name, n);
                    appendDecimal(buf, centis / 100);
                    buf += '.';
                    buf += char('0' + centis % 100 / 10);
                    buf += char('0' + centis % 10);
                    buf += ' ';
                    appendDecimal(buf, kStartMs / 1000 + s);
                    buf += '\n';
                }
            }
        if (f.write(buf) != buf.size())
            return false;
        buf.clear();
    }
    buf += "# EOF\n";
    if (f.write(buf) != buf.size())
        return false;
    *bytes = f.size();
    return true;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[v.size() / 2];
}

// Prometheus's own evaluation time from stats=all, in seconds; -1 when absent.
double prometheusEvalSeconds(const QByteArray& body)
{
    const QJsonObject timings = QJsonDocument::fromJson(body)
                                    .object()
                                    .value(QLatin1String("data"))
                                    .toObject()
                                    .value(QLatin1String("stats"))
                                    .toObject()
                                    .value(QLatin1String("timings"))
                                    .toObject();
    return timings.contains(QLatin1String("evalTotalTime"))
        ? timings.value(QLatin1String("evalTotalTime")).toDouble()
        : -1;
}

} // namespace

class TestQueryBench : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void instantQuery();
    void rangeQuery();
    void rangeQueryEverySecond();

private:
    void run(bool range, qint64 stepMs = 15'000);

    QTemporaryDir m_dir;
    std::unique_ptr<PrometheusServer> m_prometheus;
    std::unique_ptr<metrics::SeriesStore> m_store;
    int m_hosts = 100;
};

void TestQueryBench::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(
        PrometheusServer::available(), "prometheus and promtool must be on PATH (Debian: prometheus package)");
    bool ok = false;
    const int hosts = qEnvironmentVariableIntValue("OPSDECK_QUERY_BENCH_HOSTS", &ok);
    if (ok && hosts > 0)
        m_hosts = hosts;

    const QString file = m_dir.filePath(QStringLiteral("bench.om"));
    QElapsedTimer timer;
    timer.start();
    qint64 bytes = 0;
    QVERIFY(writeDataset(file, m_hosts, &bytes));
    const double generateS = timer.restart() / 1000.0;

    m_prometheus = std::make_unique<PrometheusServer>(m_dir.path());
    QString error;
    QVERIFY2(m_prometheus->createBlocks(file, &error), qPrintable(error));
    const double promtoolS = timer.restart() / 1000.0;
    QVERIFY2(m_prometheus->start(&error), qPrintable(error));
    const double readyS = timer.restart() / 1000.0;

    metrics::RetentionPolicy keepAll;
    keepAll.maxAgeMs = std::numeric_limits<qint64>::max() / 2;
    keepAll.maxBytes = std::numeric_limits<qint64>::max() / 2;
    m_store = std::make_unique<metrics::SeriesStore>(keepAll);
    const ImportResult imported = TextImport::importFile(file, m_store.get());
    QVERIFY2(imported.ok, qPrintable(imported.error));
    const double importS = timer.restart() / 1000.0;
    QFile::remove(file);

    const qint64 series = qint64(m_hosts) * kCpus * 4;
    QCOMPARE(imported.sampleCount, series * kSeconds);
    qInfo("query bench: %d hosts x %d cpus x 4 modes = %lld series x %d samples (1 s) = %lld samples, %.0f MB "
          "OpenMetrics",
        m_hosts, kCpus, static_cast<long long>(series), kSeconds, static_cast<long long>(imported.sampleCount),
        bytes / 1e6);
    qInfo("  generate %.1f s, promtool create-blocks-from %.1f s, prometheus ready %.1f s, OpsDeck TextImport "
          "%.1f s "
          "(%.2f M samples/s)",
        generateS, promtoolS, readyS, importS, imported.sampleCount / importS / 1e6);
}

void TestQueryBench::cleanupTestCase()
{
    if (m_prometheus)
        m_prometheus->stop();
}

void TestQueryBench::run(bool range, qint64 stepMs)
{
    const qint64 endMs = kStartMs + (kSeconds - 1) * 1000LL;
    const int runs = 5;
    const QueryEngine engine(m_store.get());
    const auto evalOpsDeck
        = [&] { return range ? engine.range(kQuery, kStartMs, endMs, stepMs) : engine.instant(kQuery, endMs); };
    PrometheusServer::Params params { { QStringLiteral("query"), kQuery },
        { QStringLiteral("stats"), QStringLiteral("all") } };
    if (range)
        params += { { QStringLiteral("start"), PrometheusServer::seconds(kStartMs) },
            { QStringLiteral("end"), PrometheusServer::seconds(endMs) },
            { QStringLiteral("step"), PrometheusServer::seconds(stepMs) } };
    else
        params += { { QStringLiteral("time"), PrometheusServer::seconds(endMs) } };
    const QString path = range ? QStringLiteral("/api/v1/query_range") : QStringLiteral("/api/v1/query");

    // Warm-up on both sides, and the answers must agree.
    QueryResult ours = evalOpsDeck();
    QueryResultJson::sortByLabels(ours.series);
    const QByteArray reference = m_prometheus->get(path, params);
    const QString diff = ResultComparison::compare(
        ResultComparison::parse(reference), ResultComparison::parse(QueryResultJson::toJson(ours)));

    QList<double> opsdeckMs, prometheusMs, prometheusEvalMs;
    QElapsedTimer timer;
    for (int i = 0; i < runs; ++i) {
        timer.start();
        const QueryResult r = evalOpsDeck();
        opsdeckMs.append(timer.nsecsElapsed() / 1e6);
        QVERIFY(r.ok);
    }
    for (int i = 0; i < runs; ++i) {
        qint64 ns = 0;
        const QByteArray body = m_prometheus->get(path, params, nullptr, &ns);
        prometheusMs.append(ns / 1e6);
        prometheusEvalMs.append(prometheusEvalSeconds(body) * 1000);
    }
    const double o = median(opsdeckMs);
    const double p = median(prometheusMs);
    qInfo("  %s: OpsDeck %.1f ms (in-process, median of %d), Prometheus %.1f ms (HTTP, median of %d; its "
          "evalTotalTime %.1f ms), OpsDeck/Prometheus = %.2f; %lld series%s",
        range ? qPrintable(QStringLiteral("range 1h step %1s").arg(stepMs / 1000)) : "instant at end of hour", o,
        runs, p, runs, median(prometheusEvalMs), p > 0 ? o / p : 0.0, static_cast<long long>(ours.series.size()),
        range ? qPrintable(
            QStringLiteral(" x %1 points").arg(ours.series.isEmpty() ? 0 : ours.series.first().points.size()))
              : "");
    QVERIFY2(ours.ok, qPrintable(ours.error));
    QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("OpsDeck's answer differs from Prometheus's: ") + diff));
}

void TestQueryBench::instantQuery()
{
    run(false);
}

void TestQueryBench::rangeQuery()
{
    run(true);
}

void TestQueryBench::rangeQueryEverySecond()
{
    run(true, 1000);
}

QTEST_GUILESS_MAIN(TestQueryBench)
#include "tst_query_bench.moc"
