// Integration: query::PrometheusQuerySource against a real Prometheus 2.42
// (promtool create-blocks-from openmetrics + prometheus from Debian, on a
// free loopback port), loaded with the conformance dataset that the local
// store also imports. Instant, range, series, label names and values agree
// with LocalQuerySource on the same data (values within 1e-6 relative, as
// the conformance suite compares). A loopback HTTP server on its own thread
// plays the failures a real server cannot be made to produce on demand: an
// answer that never comes (timeout), HTTP 503, a body that is not JSON, a
// body over the size limit; a closed port is "unavailable", and a call that
// is cancelled while it waits returns "canceled" at once.
#include "alerts/RuleEvaluator.h"
#include "Clock.h"
#include "ConformanceDataset.h"
#include "dashboard/LiveQueryFeed.h"
#include "metrics/SeriesStore.h"
#include "PrometheusServer.h"
#include "query/DataSourceRegistry.h"
#include "query/LocalQuerySource.h"
#include "query/PrometheusQuerySource.h"
#include "query/QueryResultJson.h"
#include "query/TextImport.h"
#include "ResultComparison.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QtConcurrent/QtConcurrentRun>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <limits>

using namespace opsdeck;
using query::PrometheusQuerySource;
using query::RemoteSourceConfig;

namespace {

metrics::RetentionPolicy keepEverything()
{
    metrics::RetentionPolicy p;
    p.maxAgeMs = std::numeric_limits<qint64>::max() / 2;
    p.maxBytes = std::numeric_limits<qint64>::max() / 2;
    return p;
}

// One canned answer per connection, chosen by the request path's first
// segment after /api/v1/: "slow" never answers, the others answer at once.
class CannedServer : public QObject
{
public:
    enum class Mode { Silent, Http503, NotJson, Huge };

    explicit CannedServer(Mode mode)
        : m_mode(mode)
    {
        m_thread.start();
        moveToThread(&m_thread);
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_server = new QTcpServer(this);
                m_server->listen(QHostAddress::LocalHost, 0);
                m_port = m_server->serverPort();
                connect(m_server, &QTcpServer::newConnection, this, [this] {
                    while (QTcpSocket* s = m_server->nextPendingConnection())
                        connect(s, &QTcpSocket::readyRead, s, [this, s] { answer(s); });
                });
            },
            Qt::BlockingQueuedConnection);
    }
    ~CannedServer() override
    {
        QMetaObject::invokeMethod(
            this, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    quint16 port() const { return m_port; }

private:
    void answer(QTcpSocket* s)
    {
        if (!s->readAll().contains("\r\n\r\n") || m_mode == Mode::Silent)
            return; // Silent: read the request and never answer
        QByteArray response;
        if (m_mode == Mode::Http503) {
            response = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\n"
                       "overload\n";
        } else if (m_mode == Mode::NotJson) {
            const QByteArray body = "<html><body>login required</body></html>";
            response = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        } else {
            const QByteArray body(4 * 1024 * 1024, 'x');
            response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        }
        s->write(response);
    }

    Mode m_mode;
    QThread m_thread;
    QTcpServer* m_server = nullptr;
    quint16 m_port = 0;
};

RemoteSourceConfig configFor(quint16 port, const QString& name)
{
    RemoteSourceConfig c;
    c.name = name;
    c.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    return c;
}

quint16 closedPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort(); // closed again when s goes out of scope
}

} // namespace

class TestRemoteQuerySource : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void sameAnswersAsLocal_data();
    void sameAnswersAsLocal();
    void seriesAndLabels();
    void postAndGetAgree();
    void serverErrorsPassThrough();
    void buildInfo();
    void failures_data();
    void failures();
    void closedPortIsUnavailable();
    void cancelWhileWaiting();
    void healthRecovers();
    void ruleGroupOnRemoteSource();
    void dashboardFeedOnRemoteSource();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<PrometheusServer> m_prometheus;
    std::unique_ptr<metrics::SeriesStore> m_store;
    std::unique_ptr<query::LocalQuerySource> m_local;
    std::unique_ptr<PrometheusQuerySource> m_remote;
};

void TestRemoteQuerySource::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(
        PrometheusServer::available(), "prometheus and promtool must be on PATH (Debian: prometheus package)");
    const QByteArray data = ConformanceDataset::openMetrics();
    const QString file = m_dir.filePath(QStringLiteral("data.om"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(data), data.size());
    f.close();

    m_prometheus = std::make_unique<PrometheusServer>(m_dir.path());
    QString error;
    QVERIFY2(m_prometheus->createBlocks(file, &error), qPrintable(error));
    QVERIFY2(m_prometheus->start(&error), qPrintable(error));

    m_store = std::make_unique<metrics::SeriesStore>(keepEverything());
    const query::ImportResult imported = query::TextImport::importText(data, m_store.get());
    QVERIFY2(imported.ok, qPrintable(imported.error));
    m_local = std::make_unique<query::LocalQuerySource>(m_store.get());
    m_remote
        = std::make_unique<PrometheusQuerySource>(configFor(m_prometheus->port(), QStringLiteral("ref-prom")));
}

void TestRemoteQuerySource::sameAnswersAsLocal_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<bool>("range");
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
    };
    for (const QString& e : exprs) {
        QTest::addRow("instant %s", qPrintable(e)) << e << false;
        QTest::addRow("range %s", qPrintable(e)) << e << true;
    }
}

void TestRemoteQuerySource::sameAnswersAsLocal()
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
    QVERIFY2(!remote.series.isEmpty() || remote.type == query::ValueType::Scalar, "the remote answer is empty");
    const QByteArray localJson = query::QueryResultJson::toJson(local);
    const QByteArray remoteJson = query::QueryResultJson::toJson(remote);
    const QString diff
        = ResultComparison::compare(ResultComparison::parse(localJson), ResultComparison::parse(remoteJson));
    QVERIFY2(diff.isEmpty(),
        qPrintable(diff + QStringLiteral("\nlocal: ") + ResultComparison::summarize(localJson)
            + QStringLiteral("\nremote: ") + ResultComparison::summarize(remoteJson)));
}

void TestRemoteQuerySource::seriesAndLabels()
{
    const QStringList selectors { QStringLiteral("node_cpu_seconds_total"), QStringLiteral("up") };
    const auto localSeries = m_local->series(selectors, ConformanceDataset::kStartMs, ConformanceDataset::kEndMs);
    const auto remoteSeries
        = m_remote->series(selectors, ConformanceDataset::kStartMs, ConformanceDataset::kEndMs);
    QVERIFY2(remoteSeries.ok, qPrintable(remoteSeries.error));
    QVERIFY(!remoteSeries.series.isEmpty());
    QCOMPARE(remoteSeries.series, localSeries.series);

    const auto localNames = m_local->labelNames({}, ConformanceDataset::kStartMs, ConformanceDataset::kEndMs);
    const auto remoteNames = m_remote->labelNames({}, ConformanceDataset::kStartMs, ConformanceDataset::kEndMs);
    QVERIFY2(remoteNames.ok, qPrintable(remoteNames.error));
    QVERIFY(remoteNames.values.contains(QStringLiteral("instance")));
    QCOMPARE(remoteNames.values, localNames.values);

    const auto localValues = m_local->labelValues(QStringLiteral("mode"),
        { QStringLiteral("node_cpu_seconds_total") }, ConformanceDataset::kStartMs, ConformanceDataset::kEndMs);
    const auto remoteValues = m_remote->labelValues(QStringLiteral("mode"),
        { QStringLiteral("node_cpu_seconds_total") }, ConformanceDataset::kStartMs, ConformanceDataset::kEndMs);
    QVERIFY2(remoteValues.ok, qPrintable(remoteValues.error));
    QVERIFY(remoteValues.values.contains(QStringLiteral("idle")));
    QCOMPARE(remoteValues.values, localValues.values);
}

void TestRemoteQuerySource::postAndGetAgree()
{
    RemoteSourceConfig get = m_remote->config();
    get.post = false;
    const PrometheusQuerySource viaGet(get);
    const QString expr = QStringLiteral("sum by (mode) (rate(node_cpu_seconds_total{instance=~\".+\"}[5m])) + 0");
    const qint64 at = ConformanceDataset::kStartMs + 1800 * 1000;
    const auto a = m_remote->instant(expr, at);
    const auto b = viaGet.instant(expr, at);
    QVERIFY2(a.ok && b.ok, qPrintable(a.error + b.error));
    QVERIFY(!a.series.isEmpty());
    QCOMPARE(query::QueryResultJson::toJson(a), query::QueryResultJson::toJson(b));
}

void TestRemoteQuerySource::serverErrorsPassThrough()
{
    const auto bad = m_remote->instant(QStringLiteral("sum(rate(x[5m])"), ConformanceDataset::kStartMs);
    QVERIFY(!bad.ok);
    QCOMPARE(bad.errorType, QStringLiteral("bad_data"));
    QVERIFY2(bad.error.startsWith(QStringLiteral("data source ref-prom: ")), qPrintable(bad.error));
    QVERIFY2(bad.error.contains(QStringLiteral("parse error")), qPrintable(bad.error));
    // An API error is an answer: the source is not failing.
    QVERIFY(!m_remote->health().failing);
}

void TestRemoteQuerySource::buildInfo()
{
    const query::BuildInfo info = m_remote->buildInfo();
    QVERIFY2(info.ok, qPrintable(info.error));
    QVERIFY2(info.version.startsWith(QStringLiteral("2.42")), qPrintable(info.version));
    const query::BuildInfo down
        = PrometheusQuerySource(configFor(closedPort(), QStringLiteral("gone"))).buildInfo();
    QVERIFY(!down.ok);
    QVERIFY2(down.error.startsWith(QStringLiteral("data source gone: ")), qPrintable(down.error));
}

void TestRemoteQuerySource::failures_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("errorType");
    QTest::addColumn<QString>("errorContains");
    QTest::newRow("no answer") << int(CannedServer::Mode::Silent) << QStringLiteral("timeout")
                               << QStringLiteral("data source mes-prom: timeout after 300 ms");
    QTest::newRow("HTTP 503") << int(CannedServer::Mode::Http503) << QStringLiteral("unavailable")
                              << QStringLiteral("data source mes-prom: HTTP 503");
    QTest::newRow("not JSON") << int(CannedServer::Mode::NotJson) << QStringLiteral("internal")
                              << QStringLiteral("not the Prometheus API's JSON (HTTP 200");
    QTest::newRow("over the size limit") << int(CannedServer::Mode::Huge) << QStringLiteral("internal")
                                         << QStringLiteral("larger than the limit of 1.0 MiB");
}

void TestRemoteQuerySource::failures()
{
    QFETCH(int, mode);
    QFETCH(QString, errorType);
    QFETCH(QString, errorContains);
    CannedServer server(static_cast<CannedServer::Mode>(mode));
    RemoteSourceConfig c = configFor(server.port(), QStringLiteral("mes-prom"));
    c.timeoutMs = 300;
    c.maxResponseBytes = 1024 * 1024;
    const PrometheusQuerySource source(c);
    QElapsedTimer timer;
    timer.start();
    const auto r = source.range(QStringLiteral("up"), 0, 60'000, 15'000);
    QVERIFY(!r.ok);
    QCOMPARE(r.errorType, errorType);
    QVERIFY2(r.error.contains(errorContains), qPrintable(r.error));
    QVERIFY2(timer.elapsed() < 5000, "a failing source must return within its timeout");
    const auto s = source.series({ QStringLiteral("up") }, 0, 60'000);
    QCOMPARE(s.errorType, errorType);
    // What the status bar shows: failing, in the panel's words.
    const query::SourceHealth health = source.health();
    QCOMPARE(health.name, QStringLiteral("mes-prom"));
    QVERIFY(health.failing);
    QCOMPARE(health.error, s.error);
    QVERIFY(health.sinceMs > 0);
}

void TestRemoteQuerySource::closedPortIsUnavailable()
{
    const PrometheusQuerySource source(configFor(closedPort(), QStringLiteral("down")));
    const auto r = source.instant(QStringLiteral("up"), 0);
    QVERIFY(!r.ok);
    QCOMPARE(r.errorType, QStringLiteral("unavailable"));
    QVERIFY2(r.error.startsWith(QStringLiteral("data source down: ")), qPrintable(r.error));
}

void TestRemoteQuerySource::cancelWhileWaiting()
{
    CannedServer server(CannedServer::Mode::Silent);
    RemoteSourceConfig c = configFor(server.port(), QStringLiteral("slow"));
    c.timeoutMs = 20'000;
    const PrometheusQuerySource source(c);
    std::atomic_bool cancelled { false };
    query::QueryOptions options;
    options.cancelled = &cancelled;
    QElapsedTimer timer;
    timer.start();
    auto future = QtConcurrent::run([&] { return source.instant(QStringLiteral("up"), 0, options); });
    QThread::msleep(200);
    cancelled = true;
    future.waitForFinished();
    const auto r = future.result();
    QCOMPARE(r.errorType, QStringLiteral("canceled"));
    QVERIFY2(timer.elapsed() < 5000, "a cancelled call must return long before its timeout");
    QCOMPARE(source.health().sinceMs, 0); // a cancelled call says nothing about the source
}

// The registry's health follows the calls of the same source: failing after
// an answer over the size limit, well again after the next one that fits.
void TestRemoteQuerySource::healthRecovers()
{
    query::DataSourceRegistry registry(nullptr);
    RemoteSourceConfig c = m_remote->config();
    c.name = QStringLiteral("flaky");
    c.maxResponseBytes = 4096;
    registry.setRemoteSources({ c });
    const auto source = registry.source(QStringLiteral("flaky"));
    QVERIFY(registry.health().first().sinceMs == 0);
    const auto big = source->range(QStringLiteral("{__name__=~\".+\"}"), ConformanceDataset::kStartMs,
        ConformanceDataset::kStartMs + 3'600'000, 15'000);
    QVERIFY(!big.ok);
    QList<query::SourceHealth> health = registry.health();
    QCOMPARE(health.size(), 1);
    QVERIFY(health.first().failing);
    QCOMPARE(health.first().error, big.error);
    const qint64 failingSince = health.first().sinceMs;
    QVERIFY(source->instant(QStringLiteral("vector(1)"), ConformanceDataset::kStartMs).ok);
    health = registry.health();
    QVERIFY(!health.first().failing);
    QVERIFY(health.first().sinceMs >= failingSince);
}

QTEST_GUILESS_MAIN(TestRemoteQuerySource)
// The same rules give the same alerts from the local engine and from the
// remote source (a group with data_source), through the registry.
void TestRemoteQuerySource::ruleGroupOnRemoteSource()
{
    query::DataSourceRegistry registry(m_local.get());
    registry.setRemoteSources({ configFor(m_prometheus->port(), QStringLiteral("ref-prom")) });
    const auto rules = [](const QString& source) {
        alerts::AlertRule busy;
        busy.name = QStringLiteral("Busy");
        busy.expr = QStringLiteral("sum by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[5m])) > 0");
        alerts::RuleGroup g { QStringLiteral("cpu"), 0, { busy } };
        g.dataSource = source;
        return QList<alerts::RuleGroup> { g };
    };
    const qint64 at = ConformanceDataset::kStartMs + 3600 * 1000;
    alerts::RuleEvaluator here;
    here.setGroups(rules({}));
    const alerts::EvaluationResult local = here.evaluate(*m_local, at, &registry);
    alerts::RuleEvaluator there;
    there.setGroups(rules(QStringLiteral("ref-prom")));
    const alerts::EvaluationResult remote = there.evaluate(*m_local, at, &registry);
    QVERIFY(!local.changed.isEmpty());
    QCOMPARE(remote.changed.size(), local.changed.size());
    for (qsizetype i = 0; i < local.changed.size(); ++i) {
        QCOMPARE(remote.changed[i].state, local.changed[i].state);
        QCOMPARE(remote.changed[i].labels, local.changed[i].labels);
        QVERIFY(std::abs(remote.changed[i].value - local.changed[i].value)
            <= 1e-6 * std::max(1.0, std::abs(local.changed[i].value)));
    }
}

// A dashboard feed over a remote source gets the server's data; over a
// source that is down, each panel shows which source failed and why.
void TestRemoteQuerySource::dashboardFeedOnRemoteSource()
{
    const auto source = std::make_shared<const PrometheusQuerySource>(
        configFor(m_prometheus->port(), QStringLiteral("ref-prom")));
    ManualClock clock(ConformanceDataset::kStartMs + 3600 * 1000);
    dashboard::LiveQueryFeedOptions options;
    options.clock = &clock;
    {
        dashboard::LiveQueryFeed feed(source, options);
        QSignalSpy updated(&feed, &dashboard::LiveQueryFeed::updated);
        feed.setQueries({ { 1, QStringLiteral("up") }, { 2, QStringLiteral("sum(up)") } });
        QVERIFY(updated.wait(20'000));
        QHash<quint64, dashboard::PanelUpdate> byKey;
        for (int tries = 0; byKey.size() < 2 && tries < 20; ++tries) {
            for (const auto& call : std::as_const(updated))
                for (const auto& u : call.at(0).value<QList<dashboard::PanelUpdate>>())
                    byKey.insert(u.key, u);
            if (byKey.size() < 2)
                updated.wait(1000);
        }
        QVERIFY(byKey.contains(1) && byKey.contains(2));
        QVERIFY2(byKey[1].error.isEmpty(), qPrintable(byKey[1].error));
        QVERIFY(!byKey[1].series.isEmpty());
        QVERIFY2(byKey[2].error.isEmpty(), qPrintable(byKey[2].error));
        QCOMPARE(byKey[2].series.size(), 1);
    }
    // A server that is down: the panel says which source failed and why.
    auto slow = configFor(closedPort(), QStringLiteral("slow-prom"));
    slow.timeoutMs = 1000;
    dashboard::LiveQueryFeed down(std::make_shared<const PrometheusQuerySource>(slow), options);
    QSignalSpy updated(&down, &dashboard::LiveQueryFeed::updated);
    down.setQueries({ { 7, QStringLiteral("up") } });
    QVERIFY(updated.wait(20'000));
    const auto updates = updated.first().at(0).value<QList<dashboard::PanelUpdate>>();
    QVERIFY(!updates.isEmpty());
    QVERIFY2(updates.first().error.startsWith(QStringLiteral("data source slow-prom: ")),
        qPrintable(updates.first().error));
}

#include "tst_remote_query_source.moc"
