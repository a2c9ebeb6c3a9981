// The target editor's "Test": against a real opsdeck-agent (right token,
// wrong token, token required for /metrics), a stock node_exporter, a closed
// port and a server that never answers. Results arrive on the caller's thread
// while its event loop keeps running.

#include "AgentProcess.h"
#include "scrape/ConnectionTester.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QThreadPool>
#include <QTimer>

using opsdeck::scrape::ConnectionTester;
using opsdeck::scrape::ConnectionTestResult;
using opsdeck::scrape::ScrapeFailure;
using opsdeck::scrape::ScrapeTarget;

namespace {
const QString kToken = QStringLiteral("plant-7-token");

ScrapeTarget target(quint16 port, const QString& token = {})
{
    ScrapeTarget t;
    t.url = QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(port));
    t.bearerToken = token;
    t.intervalMs = 5000;
    t.timeoutMs = 3000;
    return t;
}
} // namespace

class TestConnectionTester : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_tokenFile = m_dir.filePath(QStringLiteral("token"));
        QFile f(m_tokenFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kToken.toUtf8() + '\n');
        f.close();
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QVERIFY2(m_agent.start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--token-file"), m_tokenFile }),
            qPrintable(m_agent.errorText()));
    }

    // The asynchronous API, as the dialog uses it.
    // ticksOut: how often a 10 ms timer fired on this thread while the test ran.
    ConnectionTestResult runTest(const ScrapeTarget& t, int* ticksOut = nullptr)
    {
        std::optional<ConnectionTestResult> result;
        QThread* callbackThread = nullptr;
        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&ticks]() { ++ticks; });
        ticker.start(10);
        ConnectionTester::test(t, this, [&](const ConnectionTestResult& r) {
            result = r;
            callbackThread = QThread::currentThread();
        });
        [&]() { QVERIFY(!result.has_value()); }(); // never answered synchronously
        [&]() { QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 15000); }();
        if (!result)
            return {};
        // Delivered on our thread, which kept running its event loop meanwhile.
        [&]() { QCOMPARE(callbackThread, QThread::currentThread()); }();
        if (ticksOut)
            *ticksOut = ticks;
        return *result;
    }

    void agentWithRightToken()
    {
        const ConnectionTestResult r = runTest(target(m_agent.port(), kToken));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.httpStatus, 200);
        QVERIFY(r.samples > 50);
        QVERIFY(r.families > 10);
        QVERIFY(r.nodeExporterNames);
        QCOMPARE(r.agent, ConnectionTestResult::Agent::OpsdeckAgent);
        QVERIFY(!r.agentVersion.isEmpty());
        const QString text = r.summary();
        QVERIFY2(text.startsWith(QStringLiteral("node_exporter-compatible: %1 samples in %2 families")
                                     .arg(r.samples)
                                     .arg(r.families)),
            qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("opsdeck-agent ") + r.agentVersion), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("token accepted")), qPrintable(text));
    }

    void agentWithWrongToken()
    {
        // /metrics is open on this agent: scraping works, the API refuses the token.
        for (const QString& token : { QStringLiteral("wrong"), QString() }) {
            const ConnectionTestResult r = runTest(target(m_agent.port(), token));
            QVERIFY2(r.ok, qPrintable(r.error));
            QCOMPARE(r.agent, ConnectionTestResult::Agent::TokenRejected);
            QVERIFY2(r.summary().contains(QStringLiteral("401")) && r.summary().contains(QStringLiteral("token")),
                qPrintable(r.summary()));
        }
    }

    void metricsNeedTheToken()
    {
        AgentProcess locked;
        QVERIFY2(locked.start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--token-file"), m_tokenFile, QStringLiteral("--metrics-auth") }),
            qPrintable(locked.errorText()));
        const ConnectionTestResult wrong = runTest(target(locked.port(), QStringLiteral("nope")));
        QVERIFY(!wrong.ok);
        QCOMPARE(wrong.failure, ScrapeFailure::Http);
        QCOMPARE(wrong.httpStatus, 401);
        QCOMPARE(wrong.agent, ConnectionTestResult::Agent::NotChecked);
        QVERIFY2(wrong.summary().contains(QStringLiteral("HTTP 401"))
                && wrong.summary().contains(QStringLiteral("token")),
            qPrintable(wrong.summary()));
        const ConnectionTestResult right = runTest(target(locked.port(), kToken));
        QVERIFY2(right.ok, qPrintable(right.error));
        QCOMPARE(right.agent, ConnectionTestResult::Agent::OpsdeckAgent);
    }

    void stockNodeExporterIsNotAnAgent()
    {
        const QString exporter = QStandardPaths::findExecutable(QStringLiteral("prometheus-node-exporter"));
        if (exporter.isEmpty())
            QSKIP("prometheus-node-exporter is not installed");
        const quint16 port = freeLoopbackPort();
        QProcess process;
        process.start(exporter, { QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port) });
        QVERIFY(process.waitForStarted(5000));
        // Ready when it accepts connections (it cannot report its port).
        QTRY_VERIFY_WITH_TIMEOUT(
            [port]() {
                QTcpSocket s;
                s.connectToHost(QHostAddress::LocalHost, port);
                return s.waitForConnected(200);
            }(),
            10000);
        const ConnectionTestResult r = runTest(target(port, kToken));
        process.terminate();
        process.waitForFinished(5000);
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(r.nodeExporterNames);
        QCOMPARE(r.agent, ConnectionTestResult::Agent::OtherExporter);
        QVERIFY2(r.summary().contains(QStringLiteral("Not an opsdeck-agent")), qPrintable(r.summary()));
    }

    void closedPortIsRefused()
    {
        const ConnectionTestResult r = runTest(target(freeLoopbackPort()));
        QVERIFY(!r.ok);
        QCOMPARE(r.failure, ScrapeFailure::Connection);
        QVERIFY2(r.summary().contains(QStringLiteral("refused")), qPrintable(r.summary()));
    }

    void silentServerTimesOut()
    {
        QTcpServer silent; // accepts, never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        ScrapeTarget t = target(silent.serverPort());
        t.timeoutMs = 300;
        int ticks = 0;
        const ConnectionTestResult r = runTest(t, &ticks);
        QVERIFY(ticks >= 5); // our event loop kept running for the 300 ms
        QVERIFY(!r.ok);
        QCOMPARE(r.failure, ScrapeFailure::Timeout);
        QVERIFY2(r.summary().contains(QStringLiteral("timeout")), qPrintable(r.summary()));
    }

    void resultDroppedWithItsContext()
    {
        bool called = false;
        {
            QObject context;
            ConnectionTester::test(target(m_agent.port(), kToken), &context,
                [&called](const ConnectionTestResult&) { called = true; });
        }
        QVERIFY(QThreadPool::globalInstance()->waitForDone(15000));
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents();
        QVERIFY(!called);
    }

private:
    QTemporaryDir m_dir;
    QString m_tokenFile;
    AgentProcess m_agent;
};

QTEST_GUILESS_MAIN(TestConnectionTester)
#include "tst_connection_tester.moc"
