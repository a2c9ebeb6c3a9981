// NetworkProbe, DelayProxy, ProbeService and `opsdeck-agent --probe-peer`
// against real agents on loopback ports.
#include "AgentProcess.h"
#include "DelayProxy.h"
#include "metrics/LabelMatcher.h"
#include "metrics/SeriesStore.h"
#include "profiler/NetworkProbe.h"
#include "profiler/ProbeService.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace opsdeck;
using namespace opsdeck::profiler;
using opsdeck::testsupport::DelayProxy;

namespace {

ProbeResult probeOnce(const QString& target, int timeoutMs = 5000)
{
    QString error;
    const auto request = NetworkProbe::parseTarget(target, timeoutMs, &error);
    if (!request) {
        ProbeResult r;
        r.error = error;
        return r;
    }
    NetworkProbe probe;
    QSignalSpy spy(&probe, &NetworkProbe::finished);
    probe.probe(*request);
    if (spy.isEmpty() && !spy.wait(timeoutMs + 5000)) {
        ProbeResult r;
        r.error = QStringLiteral("no finished() signal");
        return r;
    }
    if (spy.size() != 1) {
        ProbeResult r;
        r.error = QStringLiteral("finished() %1 times").arg(spy.size());
        return r;
    }
    return spy.first().first().value<ProbeResult>();
}

QString describe(const ProbeResult& r)
{
    return QStringLiteral("ok %1, status %2, error '%3', resolve %4 connect %5 tls %6 processing %7 transfer %8 "
                          "total %9")
        .arg(r.ok)
        .arg(r.statusCode)
        .arg(r.error)
        .arg(r.phases.resolve)
        .arg(r.phases.connect)
        .arg(r.phases.tls)
        .arg(r.phases.processing)
        .arg(r.phases.transfer)
        .arg(r.totalSeconds);
}

std::optional<double> lastValue(const metrics::SeriesStore& store, const QByteArray& name,
    const QByteArray& instance, const QByteArray& phase = {})
{
    QList<metrics::LabelMatcher> matchers { { metrics::LabelMatcher::Type::Equal, "__name__", name },
        { metrics::LabelMatcher::Type::Equal, "instance", instance } };
    if (!phase.isEmpty())
        matchers.append({ metrics::LabelMatcher::Type::Equal, "phase", phase });
    const auto refs = store.select(matchers);
    if (refs.size() != 1)
        return std::nullopt;
    const auto sample = store.last(refs.first());
    if (!sample)
        return std::nullopt;
    return sample->value;
}

quint16 closedPort()
{
    return freeLoopbackPort();
}

} // namespace

class TestNetworkProbe : public QObject
{
    Q_OBJECT

private:
    AgentProcess m_agent;

    QString agentHealthz() const { return QStringLiteral("http://127.0.0.1:%1/healthz").arg(m_agent.port()); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_agent.start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") }),
            qPrintable(m_agent.errorText()));
    }

    void parseTargets()
    {
        QString error;
        auto r = NetworkProbe::parseTarget(QStringLiteral("http://h:9110"), 100, &error);
        QVERIFY(r);
        QVERIFY(!r->tcpOnly);
        QCOMPARE(r->url.path(), QStringLiteral("/healthz"));
        QCOMPARE(r->timeoutMs, 100);
        r = NetworkProbe::parseTarget(QStringLiteral("https://h:9443/ready"), 100, &error);
        QVERIFY(r);
        QCOMPARE(r->url.path(), QStringLiteral("/ready"));
        r = NetworkProbe::parseTarget(QStringLiteral("db-1:5432"), 100, &error);
        QVERIFY(r);
        QVERIFY(r->tcpOnly);
        QCOMPARE(r->url.host(), QStringLiteral("db-1"));
        QCOMPARE(r->url.port(), 5432);
        r = NetworkProbe::parseTarget(QStringLiteral("[::1]:6379"), 100, &error);
        QVERIFY(r);
        QCOMPARE(r->url.host(), QStringLiteral("::1"));
        QVERIFY(!NetworkProbe::parseTarget(QStringLiteral("db-1"), 100, &error));
        QVERIFY(error.contains(QLatin1String("host:port")));
        QVERIFY(!NetworkProbe::parseTarget(QStringLiteral("db-1:99999"), 100, &error));
        QCOMPARE(NetworkProbe::phaseNames(),
            (QStringList { QStringLiteral("resolve"), QStringLiteral("connect"), QStringLiteral("tls"),
                QStringLiteral("processing"), QStringLiteral("transfer") }));
    }

    void httpDirect()
    {
        const ProbeResult r = probeOnce(agentHealthz());
        QVERIFY2(r.ok, qPrintable(describe(r)));
        QCOMPARE(r.statusCode, 200);
        QVERIFY(!r.tcpOnly);
        QVERIFY2(r.phases.connect > 0 && r.phases.processing > 0, qPrintable(describe(r)));
        QCOMPARE(r.phases.tls, 0.0);
        QVERIFY(r.totalSeconds >= r.phases.connect + r.phases.processing);
        qInfo().noquote() << "direct:" << describe(r);
    }

    void httpNameResolved()
    {
        const ProbeResult r = probeOnce(QStringLiteral("http://localhost:%1/healthz").arg(m_agent.port()));
        QVERIFY2(r.ok, qPrintable(describe(r)));
        QVERIFY(r.phases.resolve > 0);
    }

    void httpStatusNotOk()
    {
        const ProbeResult r = probeOnce(QStringLiteral("http://127.0.0.1:%1/no-such-page").arg(m_agent.port()));
        QVERIFY(!r.ok);
        QCOMPARE(r.statusCode, 404);
        QVERIFY2(r.error.contains(QLatin1String("404")), qPrintable(r.error));
    }

    void tcpOnly()
    {
        const ProbeResult r = probeOnce(QStringLiteral("127.0.0.1:%1").arg(m_agent.port()));
        QVERIFY2(r.ok, qPrintable(describe(r)));
        QVERIFY(r.tcpOnly);
        QVERIFY(r.phases.connect > 0);
        QCOMPARE(r.phases.processing, 0.0);
        QCOMPARE(r.statusCode, 0);
    }

    void closedPortFails()
    {
        const quint16 port = closedPort();
        for (const QString& target : { QStringLiteral("127.0.0.1:%1").arg(port),
                 QStringLiteral("http://127.0.0.1:%1/healthz").arg(port) }) {
            const ProbeResult r = probeOnce(target);
            QVERIFY2(!r.ok, qPrintable(describe(r)));
            QVERIFY2(r.error.contains(QLatin1String("refused"), Qt::CaseInsensitive), qPrintable(r.error));
            QCOMPARE(r.statusCode, 0);
        }
    }

    void timeoutNamesPhase()
    {
        // A proxy that accepts but holds every byte for 3 s: the probe times out waiting for the answer.
        DelayProxy proxy(QStringLiteral("127.0.0.1"), m_agent.port(), 3000);
        QVERIFY2(proxy.start(), qPrintable(proxy.errorString()));
        const ProbeResult r = probeOnce(QStringLiteral("http://127.0.0.1:%1/healthz").arg(proxy.port()), 300);
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(QLatin1String("timed out")) && r.error.contains(QLatin1String("processing")),
            qPrintable(r.error));
        QVERIFY(r.totalSeconds < 2.0);
    }

    // The processing phase carries the proxy's delay (request and answer are each held 200 ms).
    void delayShowsInProcessing()
    {
        const ProbeResult direct = probeOnce(agentHealthz());
        QVERIFY2(direct.ok, qPrintable(describe(direct)));
        DelayProxy proxy(QStringLiteral("127.0.0.1"), m_agent.port(), 200);
        QVERIFY2(proxy.start(), qPrintable(proxy.errorString()));
        const ProbeResult delayed = probeOnce(QStringLiteral("http://127.0.0.1:%1/healthz").arg(proxy.port()));
        QVERIFY2(delayed.ok, qPrintable(describe(delayed)));
        qInfo().noquote() << "through a 200 ms DelayProxy:" << describe(delayed);
        QVERIFY2(delayed.phases.processing - direct.phases.processing > 0.150, qPrintable(describe(delayed)));
        QVERIFY2(delayed.phases.connect < 0.1, qPrintable(describe(delayed))); // the proxy accepts locally

        // The delay changes while it runs.
        proxy.setDelayMs(0);
        const ProbeResult fast = probeOnce(QStringLiteral("http://127.0.0.1:%1/healthz").arg(proxy.port()));
        QVERIFY2(fast.ok, qPrintable(describe(fast)));
        QVERIFY2(fast.phases.processing < delayed.phases.processing - 0.150, qPrintable(describe(fast)));
        QVERIFY(proxy.acceptedConnections() >= 2);
        QVERIFY(proxy.bytesRelayed() > 0);
    }

    void proxyRefusesAndDrops()
    {
        DelayProxy proxy(QStringLiteral("127.0.0.1"), m_agent.port(), 0);
        QVERIFY2(proxy.start(), qPrintable(proxy.errorString()));
        proxy.setRefuseConnections(true);
        const ProbeResult refused = probeOnce(QStringLiteral("http://127.0.0.1:%1/healthz").arg(proxy.port()));
        QVERIFY2(!refused.ok, qPrintable(describe(refused)));
        proxy.setRefuseConnections(false);

        // An open connection is cut by dropConnections().
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(proxy.port()));
        QVERIFY(socket.waitForConnected(5000));
        QTRY_COMPARE(proxy.activeConnections(), 1);
        proxy.dropConnections();
        QCOMPARE(proxy.activeConnections(), 0);
        QTRY_VERIFY(socket.state() == QAbstractSocket::UnconnectedState);

        // An upstream that is gone: the client is reset, the proxy keeps no connection.
        DelayProxy dead(QStringLiteral("127.0.0.1"), closedPort(), 0);
        QVERIFY(dead.start());
        const ProbeResult r = probeOnce(QStringLiteral("http://127.0.0.1:%1/healthz").arg(dead.port()));
        QVERIFY(!r.ok);
        QTRY_COMPARE(dead.activeConnections(), 0);
    }

    // A large answer (the agent's /metrics) crosses the proxy whole with a small buffer bound.
    void proxyBoundedBuffers()
    {
        DelayProxy proxy(QStringLiteral("127.0.0.1"), m_agent.port(), 5);
        proxy.setMaxBufferedBytes(8192);
        QVERIFY2(proxy.start(), qPrintable(proxy.errorString()));
        const HttpResult direct
            = httpRequest("GET", QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(m_agent.port())));
        const HttpResult proxied
            = httpRequest("GET", QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(proxy.port())));
        QCOMPARE(proxied.status, 200);
        QVERIFY(direct.body.size() > 8192);
        QVERIFY2(proxied.body.size() > direct.body.size() / 2, qPrintable(QString::number(proxied.body.size())));
        QVERIFY(proxied.body.contains("node_cpu_seconds_total"));
    }

    void probeServiceSeries()
    {
        DelayProxy proxy(QStringLiteral("127.0.0.1"), m_agent.port(), 200);
        QVERIFY2(proxy.start(), qPrintable(proxy.errorString()));
        const quint16 closed = closedPort();
        QList<scrape::ScrapeTarget> targets(3);
        targets[0].url = QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(m_agent.port()));
        targets[0].instance = QStringLiteral("direct");
        targets[0].job = QStringLiteral("opsdeck-agent");
        targets[1].url = QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(proxy.port()));
        targets[1].instance = QStringLiteral("delayed");
        targets[2].url = QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(closed));
        targets[2].instance = QStringLiteral("closed");
        QCOMPARE(ProbeService::probeUrl(targets[0], QStringLiteral("/healthz")).toString(),
            QStringLiteral("http://127.0.0.1:%1/healthz").arg(m_agent.port()));

        metrics::SeriesStore store;
        ProbeService service(
            &store, [targets] { return targets; }, 60'000); // one round at start
        service.start();
        QTRY_VERIFY_WITH_TIMEOUT(service.roundsCompleted() >= 1, 10'000);
        service.stop(); // the store is read below from this thread: no writer any more

        QCOMPARE(lastValue(store, "opsdeck_probe_success", "direct").value_or(-1), 1.0);
        QCOMPARE(lastValue(store, "opsdeck_probe_success", "delayed").value_or(-1), 1.0);
        QCOMPARE(lastValue(store, "opsdeck_probe_success", "closed").value_or(-1), 0.0);
        QCOMPARE(lastValue(store, "opsdeck_probe_http_status_code", "direct").value_or(-1), 200.0);
        QCOMPARE(lastValue(store, "opsdeck_probe_http_status_code", "closed").value_or(-1), 0.0);
        for (const char* phase : { "resolve", "connect", "tls", "processing", "transfer" })
            QVERIFY2(lastValue(store, "opsdeck_probe_duration_seconds", "direct", phase), phase);
        const double direct
            = lastValue(store, "opsdeck_probe_duration_seconds", "direct", "processing").value_or(-1);
        const double delayed
            = lastValue(store, "opsdeck_probe_duration_seconds", "delayed", "processing").value_or(-1);
        qInfo() << "ProbeService processing: direct" << direct << "s, through 200 ms proxy" << delayed << "s";
        QVERIFY2(delayed - direct > 0.150, qPrintable(QStringLiteral("%1 vs %2").arg(delayed).arg(direct)));
        // No answer, no durations (a lost probe must not chart as 0 s).
        QVERIFY(!lastValue(store, "opsdeck_probe_duration_seconds", "closed", "connect"));
        const auto jobs
            = store.select({ { metrics::LabelMatcher::Type::Equal, "__name__", "opsdeck_probe_success" },
                { metrics::LabelMatcher::Type::Equal, "job", "opsdeck-agent" } });
        QCOMPARE(jobs.size(), 1);
        const QList<TargetProbe> last = service.lastResults();
        QCOMPARE(last.size(), 3);
    }

    // The writer executor is used for every append when set.
    void probeServiceWriter()
    {
        QList<scrape::ScrapeTarget> targets(1);
        targets[0].url = QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(m_agent.port()));
        metrics::SeriesStore store;
        std::atomic<int> jobs { 0 };
        ProbeService service(
            &store, [targets] { return targets; }, 60'000);
        service.setWriter([&jobs](std::function<void()> fn) {
            ++jobs;
            fn();
        });
        service.start();
        QTRY_VERIFY_WITH_TIMEOUT(service.roundsCompleted() >= 1, 10'000);
        service.stop();
        QCOMPARE(jobs.load(), 1);
        QVERIFY(lastValue(store, "opsdeck_probe_success", targets[0].effectiveInstance().toUtf8()));
    }

    void agentProbesPeers()
    {
        const quint16 closed = closedPort();
        AgentProcess prober;
        QVERIFY2(prober.start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--probe-peer"), agentHealthz(), QStringLiteral("--probe-peer"),
                     QStringLiteral("127.0.0.1:%1").arg(closed), QStringLiteral("--probe-interval"),
                     QStringLiteral("200ms") }),
            qPrintable(prober.errorText()));
        const QUrl metricsUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(prober.port()));
        const QByteArray up = "opsdeck_agent_probe_success{peer=\"" + agentHealthz().toUtf8() + "\"} 1";
        const QByteArray down
            = "opsdeck_agent_probe_success{peer=\"127.0.0.1:" + QByteArray::number(closed) + "\"} 0";
        QByteArray body;
        QTRY_VERIFY_WITH_TIMEOUT(
            (body = httpRequest("GET", metricsUrl).body).contains(up) && body.contains(down), 10'000);
        QVERIFY2(body.contains(QByteArray("opsdeck_agent_probe_duration_seconds{peer=\"" + agentHealthz().toUtf8()
                     + "\",phase=\"processing\"}")),
            body.right(3000).constData());
        QVERIFY(body.contains(
            QByteArray("opsdeck_agent_probe_http_status_code{peer=\"" + agentHealthz().toUtf8() + "\"} 200")));
        QVERIFY(body.contains("# TYPE opsdeck_agent_probe_duration_seconds gauge"));
        // The closed TCP peer has no durations.
        QVERIFY(!body.contains(
            QByteArray("opsdeck_agent_probe_duration_seconds{peer=\"127.0.0.1:" + QByteArray::number(closed))));
        QCOMPARE(prober.terminate(), 0);
    }

    void agentRejectsBadPeer()
    {
        AgentProcess bad;
        QVERIFY(!bad.start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                               QStringLiteral("--probe-peer"), QStringLiteral("no-port-here") },
            5000));
        QTRY_VERIFY(bad.process().state() == QProcess::NotRunning);
        QCOMPARE(bad.process().exitStatus(), QProcess::NormalExit);
        QVERIFY(bad.process().exitCode() != 0); // a usage error, said on stderr
    }
};

QTEST_GUILESS_MAIN(TestNetworkProbe)
#include "tst_network_probe.moc"
