// Remote dashboard benchmark: the same dashboard load, 32 range queries of
// 1 h at a 15 s step (NodeFleetDataset::dashboardQueries(): the default host
// panels and the rest of a node_exporter overview) over HOSTS node_exporter
// hosts, through
//   - the local engine (LocalQuerySource over the SeriesStore),
//   - PrometheusQuerySource against Prometheus 2.42 (promtool TSDB blocks),
//   - PrometheusQuerySource against VictoriaMetrics (the store's samples
//     imported through /api/v1/import/prometheus),
// all holding the same samples. A load runs the panels one after the other
// with the dashboard feed's per-query limits, as the feed computes a reset
// (one range query per panel, in panel order). After a warm-up load per
// source, RUNS loads per source alternate between the sources; it prints
// the median and p95 wall time per load and the remote/local ratios, and
// checks that every panel answered and that Prometheus's numbers equal the
// local ones. No timed assertions.
//
// HOSTS is 25 by default so that it prints within about a minute;
// OPSDECK_BENCH_FULL=1 runs the 100 hosts of the issue. OPSDECK_BENCH_RUNS
// overrides the number of loads per source (default 10).
#include "dashboard/LiveQueryFeed.h"
#include "metrics/SeriesStore.h"
#include "NodeFleetDataset.h"
#include "PrometheusServer.h"
#include "query/LocalQuerySource.h"
#include "query/PrometheusQuerySource.h"
#include "query/QueryResultJson.h"
#include "query/TextImport.h"
#include "ResultComparison.h"
#include "VictoriaMetricsServer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

using namespace opsdeck;

namespace {

constexpr qint64 kSpanMs = 3600 * 1000;
constexpr qint64 kStepMs = 15'000;

double percentile(QList<double> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    // Nearest rank.
    const qsizetype rank = qsizetype(std::ceil(p * double(v.size())));
    return v[std::clamp<qsizetype>(rank - 1, 0, v.size() - 1)];
}

struct Source
{
    QString name;
    const query::QuerySource* source = nullptr;
    QList<double> loadMs;
    qint64 points = 0; // of the last load
};

// One dashboard load; false with the panel's error when a panel fails.
bool load(const query::QuerySource& source, const QStringList& panels, qint64* points, QString* error)
{
    query::QueryOptions options;
    options.limits = dashboard::LiveQueryFeedOptions().limits;
    const qint64 start = NodeFleetDataset::kStartMs;
    *points = 0;
    for (const QString& expr : panels) {
        const query::QueryResult r = source.range(expr, start, start + kSpanMs, kStepMs, options);
        if (!r.ok || r.series.isEmpty()) {
            *error = source.name() + QStringLiteral(": ") + expr + QStringLiteral(": ")
                + (r.ok ? QStringLiteral("no series") : r.error);
            return false;
        }
        for (const query::ResultSeries& s : r.series)
            *points += s.points.size();
    }
    return true;
}

} // namespace

class TestRemoteDashboardBench : public QObject
{
    Q_OBJECT

private slots:
    void dashboardLoad()
    {
        if (!PrometheusServer::available() || !VictoriaMetricsServer::available())
            QSKIP("prometheus, promtool (Debian: prometheus) and victoria-metrics are needed");
        const bool full = qEnvironmentVariableIntValue("OPSDECK_BENCH_FULL") == 1;
        const int hosts = full ? 100 : 25;
        bool runsSet = false;
        const int runsEnv = qEnvironmentVariableIntValue("OPSDECK_BENCH_RUNS", &runsSet);
        const int runs = runsSet && runsEnv > 0 ? runsEnv : 10;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QElapsedTimer timer;
        timer.start();

        const QByteArray data = NodeFleetDataset::openMetrics(hosts, kSpanMs);
        metrics::RetentionPolicy keep;
        keep.maxAgeMs = std::numeric_limits<qint64>::max() / 2;
        keep.maxBytes = std::numeric_limits<qint64>::max() / 2;
        metrics::SeriesStore store(keep);
        const query::ImportResult imported = query::TextImport::importText(data, &store);
        QVERIFY2(imported.ok, qPrintable(imported.error));
        const qint64 importMs = timer.restart();

        const QString file = dir.filePath(QStringLiteral("fleet.om"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(data), data.size());
        f.close();
        PrometheusServer prometheus(dir.filePath(QStringLiteral("prom")));
        QString error;
        QVERIFY2(prometheus.createBlocks(file, &error), qPrintable(error));
        QVERIFY2(prometheus.start(&error), qPrintable(error));
        const qint64 prometheusMs = timer.restart();

        VictoriaMetricsServer vm(dir.filePath(QStringLiteral("vm")));
        QVERIFY2(vm.start(&error), qPrintable(error));
        QVERIFY2(vm.importStore(store, &error), qPrintable(error));
        const qint64 vmMs = timer.restart();

        std::printf(
            "BENCH remote dashboard: %d hosts (%s), %lld series, %lld samples (1 h at 15 s); "
            "loaded: local %lld ms, Prometheus (promtool + start) %lld ms, VictoriaMetrics (import) %lld ms\n",
            hosts, full ? "OPSDECK_BENCH_FULL=1" : "default; OPSDECK_BENCH_FULL=1 for 100",
            static_cast<long long>(imported.seriesCount), static_cast<long long>(imported.sampleCount),
            static_cast<long long>(importMs), static_cast<long long>(prometheusMs), static_cast<long long>(vmMs));

        auto remoteConfig = [](quint16 port, const QString& name) {
            query::RemoteSourceConfig c;
            c.name = name;
            c.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
            c.timeoutMs = 60'000;
            c.maxResponseBytes = 512LL * 1024 * 1024;
            return c;
        };
        const query::LocalQuerySource local(&store);
        const query::PrometheusQuerySource viaPrometheus(
            remoteConfig(prometheus.port(), QStringLiteral("prometheus")));
        const query::PrometheusQuerySource viaVm(remoteConfig(vm.port(), QStringLiteral("victoriametrics")));
        QList<Source> sources { { QStringLiteral("local"), &local, {}, 0 },
            { QStringLiteral("Prometheus 2.42"), &viaPrometheus, {}, 0 },
            { QStringLiteral("VictoriaMetrics"), &viaVm, {}, 0 } };
        const QStringList panels = NodeFleetDataset::dashboardQueries();
        QCOMPARE(panels.size(), 32);

        // The remote answers are the real thing: Prometheus's equal the local engine's.
        query::QueryOptions options;
        options.limits = dashboard::LiveQueryFeedOptions().limits;
        for (const QString& expr : panels) {
            const qint64 start = NodeFleetDataset::kStartMs;
            const auto a = local.range(expr, start, start + kSpanMs, kStepMs, options);
            const auto b = viaPrometheus.range(expr, start, start + kSpanMs, kStepMs, options);
            const QString diff
                = ResultComparison::compare(ResultComparison::parse(query::QueryResultJson::toJson(a)),
                    ResultComparison::parse(query::QueryResultJson::toJson(b)));
            QVERIFY2(diff.isEmpty(), qPrintable(expr + QStringLiteral(": ") + diff));
        }

        for (Source& s : sources) { // warm-up
            QVERIFY2(load(*s.source, panels, &s.points, &error), qPrintable(error));
        }
        for (int run = 0; run < runs; ++run) {
            for (qsizetype i = 0; i < sources.size(); ++i) {
                Source& s = sources[(i + run) % sources.size()]; // rotate the order
                QElapsedTimer t;
                t.start();
                QVERIFY2(load(*s.source, panels, &s.points, &error), qPrintable(error));
                s.loadMs.append(double(t.nsecsElapsed()) / 1e6);
            }
        }

        const double localMedian = percentile(sources[0].loadMs, 0.5);
        const double localP95 = percentile(sources[0].loadMs, 0.95);
        std::printf(
            "BENCH remote dashboard: one load = 32 range queries, 1 h at 15 s, %d loads per source\n", runs);
        for (const Source& s : std::as_const(sources)) {
            const double med = percentile(s.loadMs, 0.5);
            const double p95 = percentile(s.loadMs, 0.95);
            std::printf("BENCH remote dashboard: %-16s median %8.1f ms  p95 %8.1f ms  (%lld points)",
                qPrintable(s.name), med, p95, static_cast<long long>(s.points));
            if (s.source != &local)
                std::printf("  ratio to local: median %.1f, p95 %.1f", med / localMedian, p95 / localP95);
            std::printf("\n");
        }
        std::fflush(stdout);
    }
};

QTEST_GUILESS_MAIN(TestRemoteDashboardBench)

#include "tst_remote_dashboard_bench.moc"
