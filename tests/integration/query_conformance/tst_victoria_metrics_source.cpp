// Integration: query::PrometheusQuerySource against a real VictoriaMetrics
// (Debian's victoria-metrics, single node, started on a free loopback port)
// holding exactly the samples the local store holds: the conformance dataset
// (the same cases as tst_remote_query_source against Prometheus), and a small
// node_exporter fleet (NodeFleetDataset) for the benchmark dashboard's 32
// panels, the rules of the rule tests and a live dashboard feed. The fleet
// also goes into a real Prometheus 2.42 (promtool blocks), which must agree
// with the local engine on every panel. Rules are compared rule by rule
// (every alert change: time, state, labels, value) as the case "rule EXPR".
//
// VictoriaMetrics' MetricsQL is not PromQL: it computes some functions on
// purpose differently. Those cases are listed, with VictoriaMetrics' reason,
// in tests/data/query/victoria_metrics_deviations.txt; there the differences
// are printed and tolerated. Every other case must agree within 1e-6
// relative (ResultComparison), and a listed case that starts agreeing is
// reported so that the list stays true.
#include "alerts/RuleEvaluator.h"
#include "Clock.h"
#include "ConformanceDataset.h"
#include "dashboard/LiveQueryFeed.h"
#include "metrics/SeriesStore.h"
#include "NodeFleetDataset.h"
#include "PrometheusServer.h"
#include "query/DataSourceRegistry.h"
#include "query/LocalQuerySource.h"
#include "query/PrometheusQuerySource.h"
#include "query/QueryResultJson.h"
#include "query/TextImport.h"
#include "ResultComparison.h"
#include "VictoriaMetricsServer.h"

#include <QFile>
#include <QHash>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>

using namespace opsdeck;
using query::PrometheusQuerySource;
using query::RemoteSourceConfig;

namespace {

constexpr int kFleetHosts = 6;
constexpr qint64 kFleetSpanMs = 3600 * 1000;
constexpr qint64 kFleetEndMs = NodeFleetDataset::kStartMs + kFleetSpanMs;

metrics::RetentionPolicy keepEverything()
{
    metrics::RetentionPolicy p;
    p.maxAgeMs = std::numeric_limits<qint64>::max() / 2;
    p.maxBytes = std::numeric_limits<qint64>::max() / 2;
    return p;
}

RemoteSourceConfig configFor(quint16 port, const QString& name)
{
    RemoteSourceConfig c;
    c.name = name;
    c.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    return c;
}

// "CASE ## reason" per line, CASE as the rows of this test name them.
QHash<QString, QString> loadDeviations()
{
    QHash<QString, QString> out;
    QFile f(QStringLiteral(OPSDECK_TEST_DATA "/query/victoria_metrics_deviations.txt"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(f.fileName()));
    for (const QByteArray& raw : f.readAll().split('\n')) {
        const QByteArray line = raw.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype sep = line.lastIndexOf(" ## ");
        if (sep < 0)
            qFatal("victoria_metrics_deviations.txt: no \" ## reason\" in: %s", line.constData());
        out.insert(QString::fromUtf8(line.left(sep).trimmed()), QString::fromUtf8(line.mid(sep + 4).trimmed()));
    }
    return out;
}

// Empty when the two answers agree, else the first difference and both answers in short.
QString difference(const query::QueryResult& expected, const query::QueryResult& actual)
{
    const QByteArray a = query::QueryResultJson::toJson(expected);
    const QByteArray b = query::QueryResultJson::toJson(actual);
    const QString diff = ResultComparison::compare(ResultComparison::parse(a), ResultComparison::parse(b));
    if (diff.isEmpty())
        return {};
    return diff + QStringLiteral("\n  local: ") + ResultComparison::summarize(a, 300)
        + QStringLiteral("\n  remote: ") + ResultComparison::summarize(b, 300);
}

// Feed reset updates by panel key, from the first reset each panel got.
QHash<quint64, dashboard::PanelUpdate> collectResets(QSignalSpy& spy, qsizetype panels, int timeoutMs)
{
    QHash<quint64, dashboard::PanelUpdate> out;
    qsizetype seen = 0;
    for (int waited = 0; out.size() < panels && waited < timeoutMs; waited += 200) {
        for (; seen < spy.size(); ++seen)
            for (const auto& u : spy.at(seen).at(0).value<QList<dashboard::PanelUpdate>>())
                if (u.reset && !out.contains(u.key))
                    out.insert(u.key, u);
        if (out.size() < panels)
            spy.wait(200);
    }
    return out;
}

QString feedDifference(const dashboard::PanelUpdate& local, const dashboard::PanelUpdate& remote)
{
    if (local.error != remote.error)
        return QStringLiteral("error \"%1\", expected \"%2\"").arg(remote.error, local.error);
    QHash<QString, const dashboard::SeriesPoints*> byId;
    for (const auto& s : remote.series)
        byId.insert(s.id, &s);
    if (remote.series.size() != local.series.size())
        return QStringLiteral("%1 series, expected %2").arg(remote.series.size()).arg(local.series.size());
    for (const auto& s : local.series) {
        const auto* other = byId.value(s.id);
        if (!other)
            return QStringLiteral("series %1 missing").arg(s.id);
        if (other->t != s.t)
            return QStringLiteral("series %1: %2 points, expected %3")
                .arg(s.id)
                .arg(other->t.size())
                .arg(s.t.size());
        for (qsizetype i = 0; i < s.v.size(); ++i) {
            if (!ResultComparison::valuesEqual(s.v[i], other->v[i]))
                return QStringLiteral("series %1 at %2: %3, expected %4")
                    .arg(s.id)
                    .arg(qint64(s.t[i]))
                    .arg(other->v[i], 0, 'g', 17)
                    .arg(s.v[i], 0, 'g', 17);
        }
    }
    return {};
}

} // namespace

class TestVictoriaMetricsSource : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void conformance_data();
    void conformance();
    void dashboardPanels_data();
    void dashboardPanels();
    void seriesAndLabels();
    void buildInfo();
    void rulesOnVictoriaMetrics();
    void dashboardFeedOnVictoriaMetrics();

private:
    // Compares local with remote under caseName; fails unless they agree or the case is listed.
    void check(const QString& caseName, const QString& diff);

    QTemporaryDir m_dir;
    QHash<QString, QString> m_deviations;
    QSet<QString> m_tolerated; // listed cases that did differ
    QSet<QString> m_agreedListed; // listed cases that agreed

    // The conformance dataset.
    std::unique_ptr<VictoriaMetricsServer> m_vm;
    std::unique_ptr<metrics::SeriesStore> m_store;
    std::unique_ptr<query::LocalQuerySource> m_local;
    std::unique_ptr<PrometheusQuerySource> m_remote;
    // The node fleet: local, VictoriaMetrics, Prometheus.
    std::unique_ptr<VictoriaMetricsServer> m_fleetVm;
    std::unique_ptr<PrometheusServer> m_fleetPrometheus;
    std::unique_ptr<metrics::SeriesStore> m_fleetStore;
    std::unique_ptr<query::LocalQuerySource> m_fleetLocal;
    std::shared_ptr<PrometheusQuerySource> m_fleetRemote;
    std::unique_ptr<PrometheusQuerySource> m_fleetPrometheusSource;
};

void TestVictoriaMetricsSource::initTestCase()
{
    if (!VictoriaMetricsServer::available())
        QSKIP("victoria-metrics is not installed (Debian: victoria-metrics)");
    QVERIFY(m_dir.isValid());
    m_deviations = loadDeviations();
    QString error;

    m_store = std::make_unique<metrics::SeriesStore>(keepEverything());
    const query::ImportResult imported
        = query::TextImport::importText(ConformanceDataset::openMetrics(), m_store.get());
    QVERIFY2(imported.ok, qPrintable(imported.error));
    m_local = std::make_unique<query::LocalQuerySource>(m_store.get());
    m_vm = std::make_unique<VictoriaMetricsServer>(m_dir.filePath(QStringLiteral("vm")));
    QVERIFY2(m_vm->start(&error), qPrintable(error));
    QVERIFY2(m_vm->importStore(*m_store, &error), qPrintable(error));
    m_remote = std::make_unique<PrometheusQuerySource>(configFor(m_vm->port(), QStringLiteral("ref-vm")));

    const QByteArray fleet = NodeFleetDataset::openMetrics(kFleetHosts, kFleetSpanMs);
    m_fleetStore = std::make_unique<metrics::SeriesStore>(keepEverything());
    const query::ImportResult fleetImported = query::TextImport::importText(fleet, m_fleetStore.get());
    QVERIFY2(fleetImported.ok, qPrintable(fleetImported.error));
    m_fleetLocal = std::make_unique<query::LocalQuerySource>(m_fleetStore.get());
    m_fleetVm = std::make_unique<VictoriaMetricsServer>(m_dir.filePath(QStringLiteral("fleet-vm")));
    QVERIFY2(m_fleetVm->start(&error), qPrintable(error));
    QVERIFY2(m_fleetVm->importStore(*m_fleetStore, &error), qPrintable(error));
    m_fleetRemote
        = std::make_shared<PrometheusQuerySource>(configFor(m_fleetVm->port(), QStringLiteral("fleet-vm")));

    // Samples in = samples out: what VictoriaMetrics exports is what the store holds.
    int status = 0;
    const QByteArray count = m_fleetVm->get(QStringLiteral("/api/v1/query"),
        { { QStringLiteral("query"), QStringLiteral("sum(count_over_time({__name__!=\"\"}[2h]))") },
            { QStringLiteral("time"), PrometheusServer::seconds(kFleetEndMs) } },
        &status);
    QVERIFY2(status == 200, count.constData());
    QVERIFY2(count.contains(QByteArray("\"" + QByteArray::number(fleetImported.sampleCount) + "\"")),
        qPrintable(QStringLiteral("VictoriaMetrics holds %1, the store %2")
                       .arg(QString::fromUtf8(count))
                       .arg(fleetImported.sampleCount)));

    if (PrometheusServer::available()) {
        const QString file = m_dir.filePath(QStringLiteral("fleet.om"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(fleet), fleet.size());
        f.close();
        m_fleetPrometheus = std::make_unique<PrometheusServer>(m_dir.filePath(QStringLiteral("fleet-prom")));
        QVERIFY2(m_fleetPrometheus->createBlocks(file, &error), qPrintable(error));
        QVERIFY2(m_fleetPrometheus->start(&error), qPrintable(error));
        m_fleetPrometheusSource = std::make_unique<PrometheusQuerySource>(
            configFor(m_fleetPrometheus->port(), QStringLiteral("fleet-prom")));
    }
    qInfo("VictoriaMetrics: conformance dataset %lld samples, fleet of %d hosts %lld samples in %lld series",
        static_cast<long long>(imported.sampleCount), kFleetHosts,
        static_cast<long long>(fleetImported.sampleCount), static_cast<long long>(fleetImported.seriesCount));
}

void TestVictoriaMetricsSource::cleanupTestCase()
{
    if (!m_tolerated.isEmpty()) {
        QStringList names(m_tolerated.cbegin(), m_tolerated.cend());
        names.sort();
        std::printf("VictoriaMetrics differs, as listed, in %lld cases:\n", static_cast<long long>(names.size()));
        for (const QString& n : std::as_const(names))
            std::printf("  %s ## %s\n", qPrintable(n), qPrintable(m_deviations.value(n)));
    }
    if (!m_agreedListed.isEmpty()) {
        QStringList names(m_agreedListed.cbegin(), m_agreedListed.cend());
        names.sort();
        for (const QString& n : std::as_const(names))
            qWarning(
                "listed in victoria_metrics_deviations.txt but agrees now (remove the line): %s", qPrintable(n));
    }
    std::fflush(stdout);
    m_fleetPrometheus.reset();
    m_fleetVm.reset();
    m_vm.reset();
}

void TestVictoriaMetricsSource::check(const QString& caseName, const QString& diff)
{
    const auto listed = m_deviations.constFind(caseName);
    if (diff.isEmpty()) {
        if (listed != m_deviations.cend())
            m_agreedListed.insert(caseName);
        return;
    }
    if (listed == m_deviations.cend())
        QFAIL(qPrintable(QStringLiteral("VictoriaMetrics differs from the local engine in \"%1\" (not a listed "
                                        "deviation):\n%2")
                             .arg(caseName, diff)));
    m_tolerated.insert(caseName);
    std::printf(
        "tolerated: %s\n  because: %s\n  %s\n", qPrintable(caseName), qPrintable(*listed), qPrintable(diff));
    std::fflush(stdout);
}

void TestVictoriaMetricsSource::conformance_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<bool>("range");
    // The cases tst_remote_query_source checks against Prometheus.
    const QStringList exprs {
        QStringLiteral("up"),
        QStringLiteral("node_cpu_seconds_total"),
        QStringLiteral("sum by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[1m]))"),
        QStringLiteral("node_memory_MemAvailable_bytes / 1024 / 1024"),
        QStringLiteral("histogram_quantile(0.9, sum by (le) (rate(request_duration_seconds_bucket[5m])))"),
        QStringLiteral("max_over_time(temperature_celsius[10m])"),
        QStringLiteral("sum by (code) (increase(http_requests_total[5m]))"),
        QStringLiteral("scalar(sum(up))"),
        QStringLiteral("avg by (queue) (queue_depth)"),
        QStringLiteral("sum by (mode) (rate(node_cpu_seconds_total{instance=~\".+\"}[5m])) + 0"),
    };
    for (const QString& e : exprs) {
        QTest::addRow("instant %s", qPrintable(e)) << e << false;
        QTest::addRow("range %s", qPrintable(e)) << e << true;
    }
}

void TestVictoriaMetricsSource::conformance()
{
    QFETCH(QString, expr);
    QFETCH(bool, range);
    const qint64 at = ConformanceDataset::kStartMs + 3600 * 1000;
    const auto local = range
        ? m_local->range(expr, ConformanceDataset::kStartMs, ConformanceDataset::kEndMs, 60'000)
        : m_local->instant(expr, at);
    const auto remote = range
        ? m_remote->range(expr, ConformanceDataset::kStartMs, ConformanceDataset::kEndMs, 60'000)
        : m_remote->instant(expr, at);
    QVERIFY2(local.ok, qPrintable(local.error));
    QVERIFY2(remote.ok, qPrintable(remote.error));
    QVERIFY2(!local.series.isEmpty() || local.type == query::ValueType::Scalar, "the local answer is empty");
    check(QString::fromUtf8(QTest::currentDataTag()), difference(local, remote));
}

void TestVictoriaMetricsSource::dashboardPanels_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<bool>("range");
    const QStringList panels = NodeFleetDataset::dashboardQueries();
    QCOMPARE(panels.size(), 32);
    for (const QString& e : panels) {
        QTest::addRow("panel range %s", qPrintable(e)) << e << true;
        QTest::addRow("panel instant %s", qPrintable(e)) << e << false;
    }
}

// The benchmark dashboard as it loads (1 h at 15 s) and at one instant.
void TestVictoriaMetricsSource::dashboardPanels()
{
    QFETCH(QString, expr);
    QFETCH(bool, range);
    const qint64 start = NodeFleetDataset::kStartMs;
    const qint64 at = NodeFleetDataset::kStartMs + 1'830'000; // after host 3's reboot
    auto run = [&](const query::QuerySource& s) {
        return range ? s.range(expr, start, kFleetEndMs, 15'000) : s.instant(expr, at);
    };
    const auto local = run(*m_fleetLocal);
    QVERIFY2(local.ok, qPrintable(local.error));
    QVERIFY2(!local.series.isEmpty(), "the local answer is empty");
    if (m_fleetPrometheusSource) {
        const auto prometheus = run(*m_fleetPrometheusSource);
        QVERIFY2(prometheus.ok, qPrintable(prometheus.error));
        const QString diff = difference(local, prometheus);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("Prometheus differs: ") + diff));
    }
    const auto remote = run(*m_fleetRemote);
    QVERIFY2(remote.ok, qPrintable(remote.error));
    check(QString::fromUtf8(QTest::currentDataTag()), difference(local, remote));
}

void TestVictoriaMetricsSource::seriesAndLabels()
{
    const qint64 start = ConformanceDataset::kStartMs;
    const qint64 end = ConformanceDataset::kEndMs;
    const QStringList selectors { QStringLiteral("node_cpu_seconds_total"), QStringLiteral("up") };
    const auto localSeries = m_local->series(selectors, start, end);
    const auto remoteSeries = m_remote->series(selectors, start, end);
    QVERIFY2(remoteSeries.ok, qPrintable(remoteSeries.error));
    QVERIFY(!remoteSeries.series.isEmpty());
    QCOMPARE(remoteSeries.series, localSeries.series);

    const auto localNames = m_local->labelNames({}, start, end);
    const auto remoteNames = m_remote->labelNames({}, start, end);
    QVERIFY2(remoteNames.ok, qPrintable(remoteNames.error));
    QVERIFY(remoteNames.values.contains(QStringLiteral("instance")));
    QCOMPARE(remoteNames.values, localNames.values);

    const auto localValues
        = m_local->labelValues(QStringLiteral("mode"), { QStringLiteral("node_cpu_seconds_total") }, start, end);
    const auto remoteValues
        = m_remote->labelValues(QStringLiteral("mode"), { QStringLiteral("node_cpu_seconds_total") }, start, end);
    QVERIFY2(remoteValues.ok, qPrintable(remoteValues.error));
    QVERIFY(remoteValues.values.contains(QStringLiteral("idle")));
    QCOMPARE(remoteValues.values, localValues.values);

    const auto localInstances = m_fleetLocal->labelValues(QStringLiteral("instance"), {}, start, kFleetEndMs);
    const auto remoteInstances = m_fleetRemote->labelValues(QStringLiteral("instance"), {}, start, kFleetEndMs);
    QVERIFY2(remoteInstances.ok, qPrintable(remoteInstances.error));
    QCOMPARE(remoteInstances.values.size(), kFleetHosts);
    QCOMPARE(remoteInstances.values, localInstances.values);
}

void TestVictoriaMetricsSource::buildInfo()
{
    const query::BuildInfo info = m_remote->buildInfo();
    // Debian's victoria-metrics 1.79 answers {"status":"success","data":{}}: a
    // working server that names no version, which Test reports as such.
    QVERIFY2(info.ok, qPrintable(info.error));
    qInfo("VictoriaMetrics reports version \"%s\"", qPrintable(info.version));
}

// The rules of the rule tests, one group on the local engine and the same
// group with data_source: VictoriaMetrics, evaluated every 15 s for 20
// minutes across host 3's reboot: the same alerts in the same states with
// the same values at every evaluation.
void TestVictoriaMetricsSource::rulesOnVictoriaMetrics()
{
    query::DataSourceRegistry registry(m_fleetLocal.get());
    registry.setRemoteSources({ configFor(m_fleetVm->port(), QStringLiteral("fleet-vm")) });
    const QList<QPair<QString, qint64>> exprs {
        { QStringLiteral("up == 0"), 0 },
        { QStringLiteral("up{job=\"node\"} == 0"), 0 },
        { QStringLiteral("sum by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[5m])) > 0"), 0 },
        { QStringLiteral("avg by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[5m])) > 0.9"), 0 },
        { QStringLiteral("avg by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[5m])) > 0.03"), 120'000 },
        { QStringLiteral("node_load15{job=\"node\"} / on (instance) count by (instance) "
                         "(node_cpu_seconds_total{mode=\"idle\"}) > 0.5"),
            60'000 },
    };
    const auto groups = [&exprs](const QString& source) {
        alerts::RuleGroup g { QStringLiteral("fleet"), 0, {} };
        for (qsizetype i = 0; i < exprs.size(); ++i) {
            alerts::AlertRule r;
            r.name = QStringLiteral("Rule%1").arg(i);
            r.expr = exprs[i].first;
            r.forMs = exprs[i].second;
            g.rules.append(r);
        }
        g.dataSource = source;
        return QList<alerts::RuleGroup> { g };
    };
    alerts::RuleEvaluator here;
    here.setGroups(groups({}));
    alerts::RuleEvaluator there;
    there.setGroups(groups(QStringLiteral("fleet-vm")));
    // Per rule, every alert change in order: evaluation time, state, labels, value.
    struct Change
    {
        qint64 at;
        alerts::AlertState state;
        metrics::Labels labels;
        double value;
        QString error;
    };
    QHash<QString, QList<Change>> localChanges;
    QHash<QString, QList<Change>> remoteChanges;
    for (qint64 at = NodeFleetDataset::kStartMs + 1'200'000; at <= NodeFleetDataset::kStartMs + 2'400'000;
         at += 15'000) {
        for (const alerts::Alert& a : here.evaluate(*m_fleetLocal, at, &registry).changed)
            localChanges[a.ruleName].append({ at, a.state, a.labels, a.value, a.error });
        for (const alerts::Alert& a : there.evaluate(*m_fleetLocal, at, &registry).changed)
            remoteChanges[a.ruleName].append({ at, a.state, a.labels, a.value, a.error });
    }
    int alertsCompared = 0;
    QSet<int> statesCompared;
    for (qsizetype i = 0; i < exprs.size(); ++i) {
        const QString rule = QStringLiteral("Rule%1").arg(i);
        const QList<Change>& l = localChanges[rule];
        const QList<Change>& r = remoteChanges[rule];
        QString diff;
        for (qsizetype k = 0; k < std::max(l.size(), r.size()) && diff.isEmpty(); ++k) {
            if (k >= l.size() || k >= r.size()) {
                diff = QStringLiteral("%1 changes, expected %2").arg(r.size()).arg(l.size());
                break;
            }
            QVERIFY2(l[k].error.isEmpty() && r[k].error.isEmpty(), qPrintable(l[k].error + r[k].error));
            if (l[k].at != r[k].at || l[k].state != r[k].state || l[k].labels != r[k].labels
                || !ResultComparison::valuesEqual(l[k].value, r[k].value))
                diff = QStringLiteral("change %1: at %2 state %3 value %4, expected at %5 state %6 value %7")
                           .arg(k)
                           .arg(r[k].at)
                           .arg(int(r[k].state))
                           .arg(r[k].value, 0, 'g', 17)
                           .arg(l[k].at)
                           .arg(int(l[k].state))
                           .arg(l[k].value, 0, 'g', 17);
        }
        const QString caseName = QStringLiteral("rule ") + exprs[i].first;
        check(caseName, diff);
        if (!m_deviations.contains(caseName)) {
            alertsCompared += int(l.size());
            for (const Change& c : l)
                statesCompared.insert(int(c.state));
        }
    }
    // The rules compared strictly must prove something.
    QVERIFY2(alertsCompared > 0, "the strictly compared rules raised nothing: the comparison would prove nothing");
    QVERIFY2(statesCompared.size() >= 2,
        "the strictly compared alerts never changed state (pending and firing expected)");
}

// The dashboard feed as the console runs it over a data source: a 15-minute
// window at 1 s steps for every panel, on VictoriaMetrics and on the local
// store; each panel's reset holds the same series and numbers.
void TestVictoriaMetricsSource::dashboardFeedOnVictoriaMetrics()
{
    ManualClock clock(kFleetEndMs);
    dashboard::LiveQueryFeedOptions options;
    options.clock = &clock;
    options.boundaryGraceMs = 0;
    QList<dashboard::LiveQuery> queries;
    const QStringList panels = NodeFleetDataset::dashboardQueries();
    for (qsizetype i = 0; i < panels.size(); ++i)
        queries.append({ quint64(i + 1), panels[i] });

    dashboard::LiveQueryFeed localFeed(m_fleetLocal.get(), options);
    localFeed.noteNewestSample(kFleetEndMs);
    QSignalSpy localSpy(&localFeed, &dashboard::LiveQueryFeed::updated);
    localFeed.setQueries(queries);
    const auto local = collectResets(localSpy, queries.size(), 120'000);
    QCOMPARE(local.size(), queries.size());

    dashboard::LiveQueryFeed remoteFeed(m_fleetRemote, options);
    remoteFeed.noteNewestSample(kFleetEndMs);
    QSignalSpy remoteSpy(&remoteFeed, &dashboard::LiveQueryFeed::updated);
    remoteFeed.setQueries(queries);
    const auto remote = collectResets(remoteSpy, queries.size(), 120'000);
    QCOMPARE(remote.size(), queries.size());

    for (const dashboard::LiveQuery& q : std::as_const(queries)) {
        const dashboard::PanelUpdate& l = local[q.key];
        QVERIFY2(l.error.isEmpty(), qPrintable(l.error));
        QVERIFY2(!l.series.isEmpty(), qPrintable(QStringLiteral("local panel empty: ") + q.expr));
        QCOMPARE(remote[q.key].windowEnd, l.windowEnd);
        check(QStringLiteral("feed ") + q.expr, feedDifference(l, remote[q.key]));
    }
}

QTEST_GUILESS_MAIN(TestVictoriaMetricsSource)

#include "tst_victoria_metrics_source.moc"
