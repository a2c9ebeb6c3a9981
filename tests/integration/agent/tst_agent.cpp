// opsdeck-agent end to end: the real binary on a free loopback port, driven
// over HTTP(S) with QNetworkAccessManager, checked by promtool and scraped by a
// real Prometheus server.

#include "AgentProcess.h"
#include "Promtool.h"

#include "EngineInfo.h"
#include "metrics/ExpositionParser.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrlQuery>

using namespace opsdeck;

namespace {

const QByteArray kToken = "s3cr3t-agent-token";

QUrl url(quint16 port, const QString& path, const char* scheme = "http")
{
    return QUrl(QStringLiteral("%1://127.0.0.1:%2%3").arg(QLatin1StringView(scheme)).arg(port).arg(path));
}

QList<QPair<QByteArray, QByteArray>> bearer(const QByteArray& token)
{
    return { { "Authorization", "Bearer " + token } };
}

} // namespace

class TestAgent : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void metricsIsOpenByDefault();
    void metricsParsesAndPassesPromtool();
    void healthz();
    void infoNeedsToken_data();
    void infoNeedsToken();
    void infoWithToken();
    void unknownPathIs404();
    void nonGetIs405_data();
    void nonGetIs405();
    void oversizedRequestsAreRejected_data();
    void oversizedRequestsAreRejected();
    void metricsAuth();
    void readyFileAndBadOptions();
    void prometheusScrapesAgent();
    void tls();
    void sigtermExitsCleanly();
    void cleanupTestCase();

private:
    QTemporaryDir m_dir;
    QString m_tokenFile;
    AgentProcess m_agent; // the default agent: /metrics open, token on /api
    QByteArray m_metricsBody;
};

void TestAgent::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_tokenFile = m_dir.filePath(QStringLiteral("token"));
    QFile f(m_tokenFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("  " + kToken + "\n\n"); // trimmed by the agent
    f.close();
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QVERIFY2(m_agent.start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                 QStringLiteral("--token-file"), m_tokenFile }),
        qPrintable(m_agent.errorText()));
}

void TestAgent::metricsIsOpenByDefault()
{
    const HttpResult r = httpRequest("GET", url(m_agent.port(), QStringLiteral("/metrics")));
    QCOMPARE(r.status, 200);
    QVERIFY2(r.contentType.startsWith("text/plain; version=0.0.4"), r.contentType.constData());
    QVERIFY(r.body.contains("# TYPE node_cpu_seconds_total counter\n"));
    QVERIFY(r.body.contains("\nnode_cpu_seconds_total{"));
    QVERIFY(r.body.contains("\nnode_memory_MemAvailable_bytes "));
    QVERIFY(r.body.contains("\nopsdeck_agent_scrapes_total "));
    QVERIFY(r.body.contains("node_scrape_collector_success{collector=\"cpu\"} 1"));
    m_metricsBody = r.body;
}

void TestAgent::metricsParsesAndPassesPromtool()
{
    QVERIFY(!m_metricsBody.isEmpty());
    const metrics::ParseResult parsed
        = metrics::ExpositionParser::parse(m_metricsBody, metrics::ExpositionFormat::Prometheus);
    QVERIFY2(parsed.ok, qPrintable(parsed.error.toString()));
    bool sawCpu = false;
    for (const auto& f : parsed.families) {
        if (f.name == "node_cpu_seconds_total") {
            sawCpu = true;
            QCOMPARE(f.type, metrics::MetricType::Counter);
            QVERIFY(!f.samples.isEmpty());
        }
    }
    QVERIFY(sawCpu);

    const QString promtool = testsupport::promtoolPath();
    if (promtool.isEmpty())
        QSKIP("promtool not installed (Debian package prometheus)");
    const testsupport::PromtoolRun check = testsupport::promtoolCheckMetrics(promtool, m_metricsBody);
    const QByteArray output = check.output;
    // 0: clean; 3: lint remarks only (node_exporter's camelCase meminfo names); 1: format error.
    QVERIFY2(check.exitCode == 0 || check.exitCode == 3, output.constData());
    QVERIFY2(!output.contains("error while linting"), output.constData());
    for (const QByteArray& line : output.split('\n')) {
        if (!line.isEmpty())
            QVERIFY2(line.contains("camelCase"), line.constData()); // no remark other than node_exporter's own
    }
}

void TestAgent::healthz()
{
    const HttpResult r = httpRequest("GET", url(m_agent.port(), QStringLiteral("/healthz")));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body.trimmed(), QByteArray("ok"));
}

void TestAgent::infoNeedsToken_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::newRow("no header") << QByteArray();
    QTest::newRow("wrong token") << QByteArray("Bearer not-the-token");
    QTest::newRow("token prefix") << QByteArray("Bearer " + kToken.left(kToken.size() - 1));
    QTest::newRow("token plus suffix") << QByteArray("Bearer " + kToken + "x");
    QTest::newRow("wrong scheme") << QByteArray("Basic " + kToken);
    QTest::newRow("bare token") << kToken;
}

void TestAgent::infoNeedsToken()
{
    QFETCH(QByteArray, authorization);
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!authorization.isEmpty())
        headers.append({ "Authorization", authorization });
    const HttpResult r = httpRequest("GET", url(m_agent.port(), QStringLiteral("/api/v1/info")), headers);
    QCOMPARE(r.status, 401);
    QVERIFY2(!r.body.contains("collectors") && !r.body.contains("version") && !r.body.contains('{'),
        r.body.constData());
}

void TestAgent::infoWithToken()
{
    const HttpResult r = httpRequest("GET", url(m_agent.port(), QStringLiteral("/api/v1/info")), bearer(kToken));
    QCOMPARE(r.status, 200);
    QVERIFY(r.contentType.startsWith("application/json"));
    QJsonParseError error;
    const QJsonObject info = QJsonDocument::fromJson(r.body, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(info.value(QStringLiteral("version")).toString(), engineVersion());
    QVERIFY(!info.value(QStringLiteral("host")).toString().isEmpty());
    QVERIFY(info.value(QStringLiteral("uptime_seconds")).toDouble(-1) >= 0);
    const QJsonArray collectors = info.value(QStringLiteral("collectors")).toArray();
    QVERIFY(collectors.contains(QStringLiteral("cpu")));
    QVERIFY(collectors.contains(QStringLiteral("filesystem")));
}

void TestAgent::unknownPathIs404()
{
    for (const QString& path :
        { QStringLiteral("/nope"), QStringLiteral("/metrics/extra"), QStringLiteral("/api/v1/") }) {
        const HttpResult r = httpRequest("GET", url(m_agent.port(), path), bearer(kToken));
        QVERIFY2(r.status == 404, qPrintable(path));
    }
}

void TestAgent::nonGetIs405_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    QTest::newRow("POST /metrics") << QByteArray("POST") << QStringLiteral("/metrics");
    QTest::newRow("DELETE /healthz") << QByteArray("DELETE") << QStringLiteral("/healthz");
    QTest::newRow("PUT /api/v1/info") << QByteArray("PUT") << QStringLiteral("/api/v1/info");
}

void TestAgent::nonGetIs405()
{
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    const HttpResult r = httpRequest(verb, url(m_agent.port(), path), bearer(kToken), "x");
    QCOMPARE(r.status, 405);
}

void TestAgent::oversizedRequestsAreRejected_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("statusLine");
    QTest::newRow("body > 64 KiB announced")
        << QByteArray("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n" + QByteArray(1000, 'a'))
        << QByteArray("HTTP/1.1 413 ");
    QTest::newRow("body 1 MB") << QByteArray(
        "POST /api/v1/info HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n")
                               << QByteArray("HTTP/1.1 413 ");
    QTest::newRow("URL 20 KiB") << QByteArray(
        "GET /metrics?" + QByteArray(20000, 'q') + " HTTP/1.1\r\nHost: x\r\n\r\n")
                                << QByteArray("HTTP/1.1 414 ");
    QTest::newRow("headers 32 KiB") << QByteArray(
        "GET /healthz HTTP/1.1\r\nHost: x\r\n" + QByteArray("X-Pad: ") + QByteArray(32000, 'p') + "\r\n\r\n")
                                    << QByteArray("HTTP/1.1 431 ");
    QTest::newRow("chunked body") << QByteArray(
        "POST /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5\r\nhello\r\n0\r\n\r\n") << QByteArray("HTTP/1.1 411 ");
}

void TestAgent::oversizedRequestsAreRejected()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, statusLine);
    const QByteArray answer = rawExchange(m_agent.port(), request);
    QVERIFY2(answer.startsWith(statusLine), answer.left(200).constData());
    QVERIFY(!answer.contains("node_cpu_seconds_total"));
    // The agent still serves afterwards, and counted the rejection.
    const HttpResult r = httpRequest("GET", url(m_agent.port(), QStringLiteral("/metrics")));
    QCOMPARE(r.status, 200);
    const QByteArray counter = "opsdeck_agent_rejected_requests_total{code=\"" + statusLine.mid(9, 3) + "\"}";
    QVERIFY2(r.body.contains(counter), counter.constData());
}

void TestAgent::metricsAuth()
{
    AgentProcess agent;
    QVERIFY2(agent.start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                 QStringLiteral("--token-file"), m_tokenFile, QStringLiteral("--metrics-auth") }),
        qPrintable(agent.errorText()));
    HttpResult r = httpRequest("GET", url(agent.port(), QStringLiteral("/metrics")));
    QCOMPARE(r.status, 401);
    QVERIFY(!r.body.contains("node_"));
    r = httpRequest("GET", url(agent.port(), QStringLiteral("/metrics")), bearer("wrong"));
    QCOMPARE(r.status, 401);
    r = httpRequest("GET", url(agent.port(), QStringLiteral("/metrics")), bearer(kToken));
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.contains("node_cpu_seconds_total"));
    QCOMPARE(httpRequest("GET", url(agent.port(), QStringLiteral("/healthz"))).status, 200); // liveness stays open
    QCOMPARE(agent.terminate(), 0);
}

void TestAgent::readyFileAndBadOptions()
{
    const QString ready = m_dir.filePath(QStringLiteral("ready"));
    AgentProcess agent;
    QVERIFY2(agent.start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                 QStringLiteral("--ready-file"), ready }),
        qPrintable(agent.errorText()));
    QFile f(ready);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll().trimmed(), QStringLiteral("127.0.0.1:%1").arg(agent.port()).toUtf8());
    // No token configured: the API stays closed.
    QCOMPARE(httpRequest("GET", url(agent.port(), QStringLiteral("/api/v1/info")), bearer(kToken)).status, 401);
    QCOMPARE(agent.terminate(), 0);

    struct Bad
    {
        QStringList args;
        int exitCode;
    };
    const QList<Bad> bad = {
        { { QStringLiteral("--listen"), QStringLiteral("nonsense") }, 2 },
        { { QStringLiteral("--metrics-auth") }, 2 },
        { { QStringLiteral("--token-file"), m_dir.filePath(QStringLiteral("missing")) }, 1 },
        { { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--tls-cert"),
              m_dir.filePath(QStringLiteral("missing.pem")), QStringLiteral("--tls-key"),
              m_dir.filePath(QStringLiteral("k")) },
            1 },
    };
    for (const Bad& b : bad) {
        QProcess p;
        p.start(QStringLiteral(OPSDECK_AGENT_BIN), b.args);
        QVERIFY(p.waitForFinished(15000));
        QVERIFY2(
            p.exitCode() == b.exitCode, qPrintable(b.args.join(u' ') + u" -> " + QString::number(p.exitCode())));
        QVERIFY(!p.readAllStandardError().isEmpty()); // says what is wrong
    }
    QProcess help;
    help.start(QStringLiteral(OPSDECK_AGENT_BIN), { QStringLiteral("--help") });
    QVERIFY(help.waitForFinished(15000));
    QCOMPARE(help.exitCode(), 0);
    const QByteArray text = help.readAllStandardOutput();
    for (const char* option :
        { "--listen", "--token-file", "--metrics-auth", "--tls-cert", "--tls-key", "--ready-file" })
        QVERIFY2(text.contains(option), option);
}

void TestAgent::prometheusScrapesAgent()
{
    const QString prometheus = QStandardPaths::findExecutable(QStringLiteral("prometheus"));
    if (prometheus.isEmpty())
        QSKIP("prometheus not installed (Debian package prometheus)");
    const quint16 port = freeLoopbackPort();
    QVERIFY(port != 0);
    const QString config = m_dir.filePath(QStringLiteral("prometheus.yml"));
    QFile f(config);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QStringLiteral("global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\n"
                           "scrape_configs:\n  - job_name: opsdeck-agent\n    static_configs:\n"
                           "      - targets: ['127.0.0.1:%1']\n")
                .arg(m_agent.port())
                .toUtf8());
    f.close();
    QProcess server;
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.start(prometheus,
        { QStringLiteral("--config.file=") + config,
            QStringLiteral("--storage.tsdb.path=") + m_dir.filePath(QStringLiteral("tsdb")),
            QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port) });
    QVERIFY(server.waitForStarted(10000));
    auto stop = qScopeGuard([&] {
        server.terminate();
        if (!server.waitForFinished(10000)) {
            server.kill();
            server.waitForFinished(5000);
        }
    });

    QUrl query(QStringLiteral("http://127.0.0.1:%1/api/v1/query").arg(port));
    query.setQuery(QStringLiteral("query=up%7Bjob%3D%22opsdeck-agent%22%7D"));
    QByteArray last;
    const auto targetUp = [&] {
        const HttpResult r = httpRequest("GET", query, {}, {}, QSslCertificate(), 3000);
        last = r.body;
        const QJsonArray result = QJsonDocument::fromJson(r.body)
                                      .object()[QStringLiteral("data")]
                                      .toObject()[QStringLiteral("result")]
                                      .toArray();
        return !result.isEmpty()
            && result.first().toObject()[QStringLiteral("value")].toArray().at(1).toString() == u"1";
    };
    QTRY_VERIFY2_WITH_TIMEOUT(
        targetUp(), QByteArray(last + "\nprometheus output:\n" + server.readAll().right(3000)).constData(), 30000);

    // Prometheus also took the samples: node_load1 from this agent is queryable.
    query.setQuery(QStringLiteral("query=node_load1%7Bjob%3D%22opsdeck-agent%22%7D"));
    const HttpResult r = httpRequest("GET", query);
    QVERIFY2(r.body.contains("\"__name__\":\"node_load1\""), r.body.constData());
}

void TestAgent::tls()
{
    const QString cert = m_dir.filePath(QStringLiteral("cert.pem"));
    const QString key = m_dir.filePath(QStringLiteral("key.pem"));
    const QString certError = makeSelfSignedCertificate(cert, key, QStringLiteral("opsdeck-agent-test"));
    QVERIFY2(certError.isEmpty(), qPrintable(certError));
    const QList<QSslCertificate> certs = QSslCertificate::fromPath(cert);
    QCOMPARE(certs.size(), 1);

    AgentProcess agent;
    QVERIFY2(agent.start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--tls-cert"),
                 cert, QStringLiteral("--tls-key"), key, QStringLiteral("--token-file"), m_tokenFile }),
        qPrintable(agent.errorText()));
    // Untrusted self-signed certificate: refused unless the client accepts this very certificate.
    HttpResult r = httpRequest("GET", url(agent.port(), QStringLiteral("/healthz"), "https"));
    QCOMPARE(r.status, 0);
    QVERIFY(!r.sslErrors.isEmpty());
    r = httpRequest("GET", url(agent.port(), QStringLiteral("/healthz"), "https"), {}, {}, certs.first());
    QVERIFY2(r.status == 200, qPrintable(QString::number(int(r.error)) + u' ' + agent.errorText()));
    QCOMPARE(r.body.trimmed(), QByteArray("ok"));
    r = httpRequest(
        "GET", url(agent.port(), QStringLiteral("/api/v1/info"), "https"), bearer(kToken), {}, certs.first());
    QCOMPARE(r.status, 200);
    r = httpRequest("GET", url(agent.port(), QStringLiteral("/metrics"), "https"), {}, {}, certs.first());
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.contains("node_cpu_seconds_total"));
    // Plain HTTP on the TLS port gets no data.
    r = httpRequest("GET", url(agent.port(), QStringLiteral("/metrics")), {}, {}, QSslCertificate(), 3000);
    QVERIFY(!r.body.contains("node_cpu_seconds_total"));
    QCOMPARE(agent.terminate(), 0);
}

void TestAgent::sigtermExitsCleanly()
{
    QCOMPARE(m_agent.terminate(), 0);
}

void TestAgent::cleanupTestCase()
{
    // AgentProcess destructors kill anything still running.
}

QTEST_GUILESS_MAIN(TestAgent)
#include "tst_agent.moc"
