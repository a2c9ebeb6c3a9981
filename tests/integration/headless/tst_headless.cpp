// The headless engine as an operator runs it: `opsdeck --headless --config
// FILE` with a real opsdeck-agent as target, a Prometheus rule file, and
// webhook + PagerDuty receivers (a QHttpServer on loopback). A watchdog rule
// notifies at once; stopping the agent fires HostDown; `opsdeck alerts list`
// and `opsdeck alerts ack` work on the same database while it runs, and the
// running engine picks the acknowledgement up (PagerDuty gets "acknowledge");
// SIGTERM stops it cleanly with everything stored.

#include "AgentProcess.h"
#include "ProgramRun.h"

#include <QDir>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

struct Cli
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Cli runOpsdeck(const QStringList& args, int timeoutMs = 30'000)
{
    const auto r = opsdeck::testsupport::runProgram(QStringLiteral(OPSDECK_BIN), args, timeoutMs);
    return Cli { r.exitCode, r.out, r.err };
}

void writeFile(const QString& path, const QByteArray& text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
}

} // namespace

class TestHeadless : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_server.route(
            QStringLiteral("/hook"), QHttpServerRequest::Method::Post, [this](const QHttpServerRequest& r) {
                m_webhooks.append(QJsonDocument::fromJson(r.body()).object());
                return QHttpServerResponse(QHttpServerResponder::StatusCode::Ok);
            });
        m_server.route(
            QStringLiteral("/pd"), QHttpServerRequest::Method::Post, [this](const QHttpServerRequest& r) {
                m_pagerDuty.append(QJsonDocument::fromJson(r.body()).object());
                return QHttpServerResponse(QJsonObject { { QStringLiteral("status"), QStringLiteral("success") } },
                    QHttpServerResponder::StatusCode::Accepted);
            });
        m_tcp = new QTcpServer;
        QVERIFY(m_tcp->listen(QHostAddress::LocalHost, 0));
        m_server.bind(m_tcp);
    }

    void checkReportsProblemsWithFileAndLine()
    {
        const QString config = m_dir.filePath(QStringLiteral("bad.yml"));
        writeFile(config, "targets:\n  - url: http://127.0.0.1:1/metrics\n    interval: soon\n");
        const Cli r = runOpsdeck(
            { QStringLiteral("--headless"), QStringLiteral("--config"), config, QStringLiteral("--check") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("bad.yml:3:"), r.err.constData());
        const Cli usage = runOpsdeck({ QStringLiteral("--headless") });
        QCOMPARE(usage.exitCode, 2);
    }

    void alertsWithoutAWindow()
    {
        AgentProcess agent;
        QVERIFY2(agent.start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") }),
            qPrintable(agent.errorText()));
        const QString instance = QStringLiteral("127.0.0.1:%1").arg(agent.port());
        const QString hooks = QStringLiteral("http://127.0.0.1:%1").arg(m_tcp->serverPort());
        const QString data = m_dir.filePath(QStringLiteral("state"));
        writeFile(m_dir.filePath(QStringLiteral("rules.yml")),
            "groups:\n"
            "  - name: plant\n"
            "    rules:\n"
            "      - alert: Watchdog\n"
            "        expr: vector(1)\n"
            "        labels: {severity: info}\n"
            "      - alert: HostDown\n"
            "        expr: up == 0\n"
            "        labels: {severity: critical}\n"
            "        annotations:\n"
            "          summary: '{{ $labels.instance }} is down'\n");
        const QString config = m_dir.filePath(QStringLiteral("opsdeck.yml"));
        writeFile(config,
            QStringLiteral("data_directory: state\n"
                           "targets:\n"
                           "  - url: http://%1/metrics\n"
                           "    job: node\n"
                           "rule_files: [rules.yml]\n"
                           "alerting:\n"
                           "  receivers:\n"
                           "    - name: hook\n"
                           "      webhook_configs: [{url: '%2/hook'}]\n"
                           "    - name: oncall\n"
                           "      pagerduty_configs: [{routing_key: R0UT1NGKEY, url: '%2/pd'}]\n"
                           "  route:\n"
                           "    receiver: hook\n"
                           "    group_by: [alertname]\n"
                           "    group_wait: 0s\n"
                           "    routes:\n"
                           "      - matchers: ['severity=\"critical\"']\n"
                           "        receiver: oncall\n"
                           "        group_wait: 0s\n")
                .arg(instance, hooks)
                .toUtf8());
        const Cli check = runOpsdeck(
            { QStringLiteral("--headless"), QStringLiteral("--config"), config, QStringLiteral("--check") });
        QVERIFY2(check.exitCode == 0, check.err.constData());
        QVERIFY2(check.err.contains("1 target(s), 2 rule(s)"), check.err.constData());

        QProcess headless;
        headless.setProcessChannelMode(QProcess::SeparateChannels);
        headless.start(
            QStringLiteral(OPSDECK_BIN), { QStringLiteral("--headless"), QStringLiteral("--config"), config });
        QVERIFY(headless.waitForStarted());

        // The watchdog notifies at once, through the webhook receiver.
        QTRY_VERIFY_WITH_TIMEOUT(!m_webhooks.isEmpty(), 15'000);
        const QJsonObject first = m_webhooks.constFirst();
        QCOMPARE(first.value(QStringLiteral("version")).toString(), QStringLiteral("4"));
        QCOMPARE(first.value(QStringLiteral("receiver")).toString(), QStringLiteral("hook"));
        QCOMPARE(first.value(QStringLiteral("alerts"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("labels"))
                     .toObject()
                     .value(QStringLiteral("alertname"))
                     .toString(),
            QStringLiteral("Watchdog"));

        // The host goes down: HostDown pages PagerDuty.
        QCOMPARE(agent.terminate(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!m_pagerDuty.isEmpty(), 15'000);
        QCOMPARE(
            m_pagerDuty.constFirst().value(QStringLiteral("event_action")).toString(), QStringLiteral("trigger"));
        QVERIFY(m_pagerDuty.constFirst()
                    .value(QStringLiteral("payload"))
                    .toObject()
                    .value(QStringLiteral("summary"))
                    .toString()
                    .contains(QStringLiteral("HostDown")));

        // The CLI reads the same state while the engine runs.
        const Cli list = runOpsdeck({ QStringLiteral("alerts"), QStringLiteral("list"), QStringLiteral("--json"),
            QStringLiteral("--data-dir"), data });
        QVERIFY2(list.exitCode == 0, list.err.constData());
        qint64 hostDownId = 0;
        for (const QJsonValue& v : QJsonDocument::fromJson(list.out).array()) {
            const QJsonObject a = v.toObject();
            if (a.value(QStringLiteral("rule")).toString() == QLatin1String("HostDown")) {
                QCOMPARE(a.value(QStringLiteral("state")).toString(), QStringLiteral("firing"));
                QCOMPARE(a.value(QStringLiteral("labels")).toObject().value(QStringLiteral("instance")).toString(),
                    instance);
                hostDownId = a.value(QStringLiteral("id")).toInteger();
            }
        }
        QVERIFY2(hostDownId > 0, list.out.constData());
        const Cli table = runOpsdeck({ QStringLiteral("alerts"), QStringLiteral("list"), QStringLiteral("--state"),
            QStringLiteral("firing"), QStringLiteral("--data-dir"), data });
        QVERIFY(table.out.contains("HostDown") && table.out.contains("Watchdog"));

        // Acknowledge from the terminal; the running engine tells PagerDuty.
        const Cli ack = runOpsdeck({ QStringLiteral("alerts"), QStringLiteral("ack"), QString::number(hostDownId),
            QStringLiteral("--note"), QStringLiteral("on my way"), QStringLiteral("--by"), QStringLiteral("ana"),
            QStringLiteral("--data-dir"), data });
        QVERIFY2(ack.exitCode == 0, ack.err.constData());
        QVERIFY(ack.out.contains("acknowledged alert"));
        QTRY_VERIFY_WITH_TIMEOUT(m_pagerDuty.size() >= 2, 15'000);
        QCOMPARE(
            m_pagerDuty.at(1).value(QStringLiteral("event_action")).toString(), QStringLiteral("acknowledge"));
        QCOMPARE(m_pagerDuty.at(1).value(QStringLiteral("dedup_key")),
            m_pagerDuty.at(0).value(QStringLiteral("dedup_key")));
        const Cli unknown = runOpsdeck({ QStringLiteral("alerts"), QStringLiteral("ack"), QStringLiteral("999999"),
            QStringLiteral("--data-dir"), data });
        QCOMPARE(unknown.exitCode, 1);

        // SIGTERM: a clean stop, and the acknowledgement is stored.
        ::kill(static_cast<pid_t>(headless.processId()), SIGTERM);
        QVERIFY(headless.waitForFinished(20'000));
        QCOMPARE(headless.exitStatus(), QProcess::NormalExit);
        QCOMPARE(headless.exitCode(), 0);
        QVERIFY(headless.readAllStandardError().contains("stopped cleanly"));
        const Cli after = runOpsdeck({ QStringLiteral("alerts"), QStringLiteral("list"), QStringLiteral("--json"),
            QStringLiteral("--data-dir"), data });
        bool acked = false;
        for (const QJsonValue& v : QJsonDocument::fromJson(after.out).array()) {
            const QJsonObject a = v.toObject();
            if (a.value(QStringLiteral("id")).toInteger() == hostDownId)
                acked = a.value(QStringLiteral("acknowledged")).toObject().value(QStringLiteral("by")).toString()
                    == QLatin1String("ana");
        }
        QVERIFY2(acked, after.out.constData());
    }

private:
    QTemporaryDir m_dir;
    QHttpServer m_server;
    QTcpServer* m_tcp = nullptr;
    QList<QJsonObject> m_webhooks;
    QList<QJsonObject> m_pagerDuty;
};

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
