// Integration: `opsdeck --headless` with a `web:` section serves the
// Prometheus HTTP API. History is imported into OpsDeck (--import) and, as
// TSDB blocks, into a real Prometheus 2.42; the real `promtool query instant |
// range | series | labels` prints the same against both. The error cases
// (400 bad_data, 422 execution, oversized parameters, 401 without or with a
// wrong token) are checked over HTTP, and the same Prometheus scrapes
// OpsDeck's /federate and /metrics: the federated series arrive with
// OpsDeck's values.
#include "HeadlessProcess.h"
#include "PrometheusServer.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
};

Run promtool(const QStringList& args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.start(QStringLiteral("promtool"), args);
    Run r;
    if (!p.waitForFinished(60'000)) {
        p.kill();
        p.waitForFinished(2000);
        r.out = "promtool did not finish";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput() + p.readAllStandardError();
    return r;
}

QJsonObject jsonOf(const HttpReply& r)
{
    return QJsonDocument::fromJson(r.body).object();
}

// data.result of an API answer.
QJsonArray resultOf(const QByteArray& body)
{
    return QJsonDocument::fromJson(body)
        .object()
        .value(QStringLiteral("data"))
        .toObject()
        .value(QStringLiteral("result"))
        .toArray();
}

QByteArray enc(const QString& s)
{
    return QUrl::toPercentEncoding(s);
}

} // namespace

class TestWebApiServer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!PrometheusServer::available())
            QSKIP("prometheus and promtool (Debian package prometheus) are needed");
        QVERIFY(m_dir.isValid());
        m_endMs = QDateTime::currentMSecsSinceEpoch() - 15'000;
        m_endMs -= m_endMs % RecentDataset::kStepMs;
        QFile data(m_dir.filePath(QStringLiteral("history.om")));
        QVERIFY(data.open(QIODevice::WriteOnly));
        data.write(RecentDataset::openMetrics(m_endMs, 10));
        data.close();

        QFile token(m_dir.filePath(QStringLiteral("api.token")));
        QVERIFY(token.open(QIODevice::WriteOnly));
        token.write("s3cret-api-token\n");
        token.close();

        QString error;
        // Without a token, for promtool (2.42's `promtool query` cannot send one)
        // and Prometheus's scrapes; a low sample limit for the 422.
        m_open = std::make_unique<HeadlessProcess>(m_dir.filePath(QStringLiteral("open")));
        QVERIFY2(m_open->start("web:\n  listen: 127.0.0.1:0\n  max_samples: 3000\n", data.fileName(), &error),
            qPrintable(error));
        m_guarded = std::make_unique<HeadlessProcess>(m_dir.filePath(QStringLiteral("guarded")));
        QVERIFY2(m_guarded->start(
                     "web:\n  listen: 127.0.0.1:0\n  bearer_token_file: " + token.fileName().toUtf8() + "\n",
                     data.fileName(), &error),
            qPrintable(error));
        QVERIFY(m_open->port() > 0 && m_guarded->port() > 0 && m_open->port() != m_guarded->port());

        // The same history in Prometheus, which also federates from OpsDeck and scrapes its /metrics.
        m_prometheus = std::make_unique<PrometheusServer>(m_dir.filePath(QStringLiteral("prometheus")));
        QVERIFY2(m_prometheus->createBlocks(data.fileName(), &error), qPrintable(error));
        const QByteArray target = "127.0.0.1:" + QByteArray::number(m_open->port());
        m_prometheus->setConfig("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                                "scrape_configs:\n"
                                "  - job_name: opsdeck-federate\n"
                                "    honor_labels: true\n"
                                "    metrics_path: /federate\n"
                                "    params:\n"
                                "      'match[]': ['{__name__=~\"node_load1|node_memory_MemAvailable_bytes\"}']\n"
                                "    static_configs: [{targets: ['"
            + target
            + "']}]\n"
              "  - job_name: opsdeck\n"
              "    static_configs: [{targets: ['"
            + target + "']}]\n");
        QVERIFY2(m_prometheus->start(&error), qPrintable(error));
        m_promUrl = QStringLiteral("http://127.0.0.1:%1").arg(m_prometheus->port());
    }

    void cleanupTestCase()
    {
        if (m_prometheus)
            m_prometheus->stop();
        if (m_open)
            QCOMPARE(m_open->stop(), 0);
        if (m_guarded)
            QCOMPARE(m_guarded->stop(), 0);
    }

    // promtool is a Go client of the API (form POST with GET fallback, its
    // own time formats): its output must not tell the servers apart.
    void promtoolSameAsPrometheus_data()
    {
        QTest::addColumn<QStringList>("args"); // the server URL goes after the subcommand's flags
        const QString end = QString::number(m_endMs / 1000);
        // Within max_samples: 20 series x (20 min + 5 min lookback) / 15 s = 2000 samples at most.
        const QString start = QString::number((m_endMs - 1200'000) / 1000);
        QTest::newRow("instant") << QStringList { QStringLiteral("instant"), QStringLiteral("--time=") + end,
            QStringLiteral("@"), QStringLiteral("max by (code) (web_requests_total)") };
        QTest::newRow("instant selector")
            << QStringList { QStringLiteral("instant"), QStringLiteral("--time=") + end, QStringLiteral("@"),
                   QStringLiteral("web_temperature_celsius{instance=~\"host-0[1-3]\"}") };
        QTest::newRow("range") << QStringList { QStringLiteral("range"), QStringLiteral("--start=") + start,
            QStringLiteral("--end=") + end, QStringLiteral("--step=1m"), QStringLiteral("@"),
            QStringLiteral("web_temperature_celsius{instance=\"host-04\"}") };
        QTest::newRow("range max") << QStringList { QStringLiteral("range"), QStringLiteral("--start=") + start,
            QStringLiteral("--end=") + end, QStringLiteral("--step=5m"), QStringLiteral("@"),
            QStringLiteral("max by (code) (web_requests_total)") };
        QTest::newRow("series") << QStringList { QStringLiteral("series"),
            QStringLiteral("--match=web_requests_total{instance=\"host-07\"}"), QStringLiteral("@") };
        QTest::newRow("labels") << QStringList { QStringLiteral("labels"),
            QStringLiteral("--match=web_temperature_celsius"), QStringLiteral("@"), QStringLiteral("instance") };
    }
    void promtoolSameAsPrometheus()
    {
        QFETCH(QStringList, args);
        const auto withServer = [&args](const QString& url) {
            QStringList a { QStringLiteral("query") };
            for (const QString& x : args)
                a.append(x == QLatin1String("@") ? url : x);
            return a;
        };
        const Run ours = promtool(withServer(m_open->baseUrl()));
        const Run theirs = promtool(withServer(m_promUrl));
        QVERIFY2(theirs.exitCode == 0, theirs.out.constData());
        QVERIFY2(ours.exitCode == 0, ours.out.constData());
        QVERIFY2(!ours.out.trimmed().isEmpty(), "empty output");
        QCOMPARE(ours.out, theirs.out);
    }

    void badExpressionIs400BadData()
    {
        const HttpReply r = httpRequest(
            m_network, "GET", m_open->baseUrl().toUtf8() + "/api/v1/query?query=" + enc(QStringLiteral("sum(up")));
        QCOMPARE(r.status, 400);
        QVERIFY(r.contentType.startsWith("application/json"));
        const QJsonObject o = jsonOf(r);
        QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("error"));
        QCOMPARE(o.value(QStringLiteral("errorType")).toString(), QStringLiteral("bad_data"));
        QVERIFY2(o.value(QStringLiteral("error")).toString().contains(QLatin1String("parse error")),
            r.body.constData());
        // Prometheus agrees on the status and type.
        int status = 0;
        const QByteArray theirs = m_prometheus->get(
            QStringLiteral("/api/v1/query"), { { QStringLiteral("query"), QStringLiteral("sum(up") } }, &status);
        QCOMPARE(status, 400);
        QCOMPARE(QJsonDocument::fromJson(theirs).object().value(QStringLiteral("errorType")).toString(),
            QStringLiteral("bad_data"));
    }

    void overTheSampleLimitIs422Execution()
    {
        // 20 series x 241 samples > max_samples (3000).
        const QByteArray form = "query=" + enc(QStringLiteral("sum_over_time(web_requests_total[1h])"))
            + "&start=" + QByteArray::number((m_endMs - 1800'000) / 1000)
            + "&end=" + QByteArray::number(m_endMs / 1000) + "&step=15";
        const HttpReply r
            = httpRequest(m_network, "POST", m_open->baseUrl().toUtf8() + "/api/v1/query_range", form);
        QCOMPARE(r.status, 422);
        const QJsonObject o = jsonOf(r);
        QCOMPARE(o.value(QStringLiteral("errorType")).toString(), QStringLiteral("execution"));
        QVERIFY2(o.value(QStringLiteral("error")).toString().contains(QLatin1String("too many samples")),
            r.body.constData());
        QVERIFY(!o.contains(QStringLiteral("data")));
    }

    void oversizedParametersAreRefused()
    {
        // A parameter beyond the limit: 400 bad_data, before any evaluation.
        const QByteArray big = "query=" + QByteArray(300 * 1024, 'x');
        const HttpReply r = httpRequest(m_network, "POST", m_open->baseUrl().toUtf8() + "/api/v1/query", big);
        QCOMPARE(r.status, 400);
        QCOMPARE(jsonOf(r).value(QStringLiteral("errorType")).toString(), QStringLiteral("bad_data"));
        // A body beyond the request limit never reaches a route: 413 as soon as
        // the header announces it (raw socket: a client still sending its
        // body may see the connection reset before it reads the answer).
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(m_open->port()));
        QVERIFY(socket.waitForConnected(10'000));
        socket.write("POST /api/v1/query HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 2097152\r\n\r\nquery=");
        QByteArray answer;
        while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(10'000))
            answer += socket.readAll();
        answer += socket.readAll();
        QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
        // The server still answers afterwards.
        const HttpReply ok = httpRequest(m_network, "GET", m_open->baseUrl().toUtf8() + "/-/ready");
        QCOMPARE(ok.status, 200);
    }

    void tokenIsRequired()
    {
        const QByteArray url = m_guarded->baseUrl().toUtf8()
            + "/api/v1/query?query=web_temperature_celsius&time=" + QByteArray::number(m_endMs / 1000);
        for (const QByteArray& header :
            { QByteArray(), QByteArray("Bearer wrong-token"), QByteArray("s3cret-api-token") }) {
            QList<QPair<QByteArray, QByteArray>> headers;
            if (!header.isEmpty())
                headers.append({ "Authorization", header });
            const HttpReply r = httpRequest(m_network, "GET", url, {}, headers);
            QCOMPARE(r.status, 401);
            QVERIFY2(!r.body.contains("web_temperature") && !r.body.contains("success"), r.body.constData());
        }
        for (const char* path :
            { "/api/v1/series?match[]=up", "/api/v1/labels", "/api/v1/label/job/values", "/federate?match[]=up",
                "/metrics", "/api/v1/alerts", "/api/v1/rules", "/api/v1/status/buildinfo" })
            QCOMPARE(httpRequest(m_network, "GET", m_guarded->baseUrl().toUtf8() + path).status, 401);
        const HttpReply ok
            = httpRequest(m_network, "GET", url, {}, { { "Authorization", "Bearer s3cret-api-token" } });
        QCOMPARE(ok.status, 200);
        QCOMPARE(resultOf(ok.body).size(), 10);
        // Health checks need no token, as Prometheus's.
        QCOMPARE(httpRequest(m_network, "GET", m_guarded->baseUrl().toUtf8() + "/-/healthy").status, 200);
        QVERIFY(!m_guarded->log().contains(QLatin1String("s3cret-api-token")));
    }

    void statusAlertsAndRules()
    {
        const QByteArray base = m_open->baseUrl().toUtf8();
        const QJsonObject build = jsonOf(httpRequest(m_network, "GET", base + "/api/v1/status/buildinfo"));
        QCOMPARE(build.value(QStringLiteral("status")).toString(), QStringLiteral("success"));
        QVERIFY(
            !build.value(QStringLiteral("data")).toObject().value(QStringLiteral("version")).toString().isEmpty());
        const QJsonObject alerts = jsonOf(httpRequest(m_network, "GET", base + "/api/v1/alerts"));
        QVERIFY(alerts.value(QStringLiteral("data")).toObject().value(QStringLiteral("alerts")).isArray());
        const QJsonObject rules = jsonOf(httpRequest(m_network, "GET", base + "/api/v1/rules"));
        QVERIFY(rules.value(QStringLiteral("data")).toObject().value(QStringLiteral("groups")).isArray());
        QCOMPARE(httpRequest(m_network, "DELETE", base + "/api/v1/query?query=up").status, 405);
        QCOMPARE(httpRequest(m_network, "GET", base + "/api/v1/nothing").status, 404);
    }

    // Prometheus scrapes /federate (honor_labels) and /metrics; what it
    // stored is what OpsDeck has, sample for sample.
    void federationAndSelfMetricsReachPrometheus()
    {
        const QString federated = QStringLiteral("{__name__=~\"node_load1|node_memory_MemAvailable_bytes\"}");
        QJsonArray theirs;
        for (int i = 0; i < 300 && theirs.size() < 2; ++i) {
            QThread::msleep(100);
            theirs = promQuery(federated + QStringLiteral("[1m]"));
        }
        QVERIFY2(theirs.size() >= 2, qPrintable(m_prometheus->log()));
        QThread::msleep(3000); // a few more scrapes
        theirs = promQuery(federated + QStringLiteral("[1m]"));
        const HttpReply ours = httpRequest(m_network, "GET",
            m_open->baseUrl().toUtf8() + "/api/v1/query?query=" + enc(federated + QStringLiteral("[2m]")));
        QCOMPARE(ours.status, 200);
        QHash<QString, QHash<QString, QString>> opsdeck; // labels -> time -> value
        for (const QJsonValue& s : resultOf(ours.body)) {
            const QString key
                = QString::fromUtf8(QJsonDocument(s.toObject().value(QStringLiteral("metric")).toObject())
                                        .toJson(QJsonDocument::Compact));
            for (const QJsonValue& p : s.toObject().value(QStringLiteral("values")).toArray())
                opsdeck[key].insert(
                    QString::number(p.toArray().at(0).toDouble(), 'f', 3), p.toArray().at(1).toString());
        }
        int compared = 0;
        for (const QJsonValue& s : theirs) {
            const QJsonObject metric = s.toObject().value(QStringLiteral("metric")).toObject();
            const QString key = QString::fromUtf8(QJsonDocument(metric).toJson(QJsonDocument::Compact));
            QVERIFY2(opsdeck.contains(key), qPrintable(key));
            for (const QJsonValue& p : s.toObject().value(QStringLiteral("values")).toArray()) {
                const QString t = QString::number(p.toArray().at(0).toDouble(), 'f', 3);
                QVERIFY2(opsdeck[key].contains(t), qPrintable(key + QStringLiteral(" @ ") + t));
                QCOMPARE(p.toArray().at(1).toString(), opsdeck[key].value(t));
                ++compared;
            }
        }
        QVERIFY(compared >= 2);

        // /metrics: up, and the engine's own figures with opsdeck_ names.
        QJsonArray up;
        QJsonArray ingest;
        for (int i = 0; i < 100 && (up.isEmpty() || ingest.isEmpty()); ++i) {
            up = promQuery(QStringLiteral("up{job=\"opsdeck\"} == 1"));
            ingest = promQuery(QStringLiteral("opsdeck_ingest_samples_total > 0"));
            if (up.isEmpty() || ingest.isEmpty())
                QThread::msleep(100);
        }
        QCOMPARE(up.size(), 1);
        QCOMPARE(ingest.size(), 1);
        // promtool's linter accepts the exposition.
        const HttpReply metrics = httpRequest(m_network, "GET", m_open->baseUrl().toUtf8() + "/metrics");
        QCOMPARE(metrics.status, 200);
        QProcess check;
        check.start(QStringLiteral("promtool"), { QStringLiteral("check"), QStringLiteral("metrics") });
        QVERIFY(check.waitForStarted(10'000));
        check.write(metrics.body);
        check.closeWriteChannel();
        QVERIFY(check.waitForFinished(30'000));
        QVERIFY2(check.exitCode() == 0, check.readAll().constData());
    }

private:
    QJsonArray promQuery(const QString& expr)
    {
        return resultOf(m_prometheus->get(QStringLiteral("/api/v1/query"), { { QStringLiteral("query"), expr } }));
    }

    QTemporaryDir m_dir;
    qint64 m_endMs = 0;
    std::unique_ptr<HeadlessProcess> m_open;
    std::unique_ptr<HeadlessProcess> m_guarded;
    std::unique_ptr<PrometheusServer> m_prometheus;
    QString m_promUrl;
    QNetworkAccessManager m_network;
};

QTEST_GUILESS_MAIN(TestWebApiServer)
#include "tst_web_api_server.moc"
