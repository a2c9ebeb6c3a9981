// Several engines on one PostgreSQL state database (issue 13, "Shared state
// for a control room"), against a real PostgreSQL 15 started here.
#include "alerts/AlertService.h"
#include "dashboard/DashboardService.h"
#include "Engine.h"
#include "PostgresServer.h"
#include "storage/Database.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace opsdeck;

namespace {

alerts::RuleGroup watchdogGroup(const QString& name)
{
    alerts::AlertRule rule;
    rule.name = name;
    rule.expr = QStringLiteral("vector(1) > 0");
    rule.severity = alerts::Severity::Warning;
    rule.labels = { { QStringLiteral("severity"), QStringLiteral("warning") } };
    return alerts::RuleGroup { QStringLiteral("shared"), 0, { rule } };
}

bool waitDone(const std::function<void(QObject*, std::function<void(QString)>)>& call, QString* error)
{
    bool done = false;
    QObject context;
    call(&context, [&](QString e) {
        *error = e;
        done = true;
    });
    return QTest::qWaitFor([&] { return done; }, 10'000) && error->isEmpty();
}

std::optional<alerts::Alert> firing(const Engine& engine, const QString& name)
{
    for (const alerts::Alert& a : engine.alertService()->alerts()) {
        if (a.ruleName == name && a.state == alerts::AlertState::Firing)
            return a;
    }
    return std::nullopt;
}

void writeFile(const QString& path, const QByteArray& text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(text), text.size());
}

} // namespace

class TestSharedState : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        if (!testsupport::PostgresServer::available())
            QSKIP("PostgreSQL 15 is not installed (/usr/lib/postgresql/15/bin; Debian package postgresql-15)");
        QVERIFY2(m_pg.start(), qPrintable(m_pg.errorString()));
    }

    void cleanupTestCase() { m_pg.stop(); }

    // Two engines, one inbox: what one console does shows in the other within 2 s.
    void twoEnginesSeeEachOther()
    {
        const storage::StateLocation state = m_pg.createDatabase();
        QVERIFY2(state.isPostgres(), qPrintable(m_pg.errorString()));
        EngineOptions options;
        options.localSource = scrape::LocalSourceMode::Off;
        options.state = state;
        Engine a(options);
        QVERIFY2(a.start(), qPrintable(a.errorString()));
        Engine b(options);
        QVERIFY2(b.start(), qPrintable(b.errorString()));

        // A rule made in one is evaluated by both.
        QString error;
        QVERIFY2(waitDone(
                     [&](QObject* c, std::function<void(QString)> d) {
                         a.alertService()->setRuleGroups({ watchdogGroup(QStringLiteral("Watchdog")) }, c, d);
                     },
                     &error),
            qPrintable(error));
        QElapsedTimer clock;
        clock.start();
        QTRY_VERIFY_WITH_TIMEOUT(b.alertService()->ruleGroups().size() == 1, 2'000);
        qInfo() << "rule change seen by the other engine after" << clock.elapsed() << "ms";
        QCOMPARE(b.alertService()->ruleGroups().constFirst().rules.constFirst().name, QStringLiteral("Watchdog"));
        QTRY_VERIFY_WITH_TIMEOUT(firing(a, QStringLiteral("Watchdog")).has_value(), 5'000);
        QTRY_VERIFY_WITH_TIMEOUT(firing(b, QStringLiteral("Watchdog")).has_value(), 5'000);
        QVERIFY(!firing(b, QStringLiteral("Watchdog"))->ack);

        // Acknowledge in A: B's inbox shows it within 2 s.
        const qint64 id = firing(a, QStringLiteral("Watchdog"))->id;
        QVERIFY2(waitDone(
                     [&](QObject* c, std::function<void(QString)> d) {
                         a.alertService()->acknowledge(
                             { id }, QStringLiteral("ana"), QStringLiteral("on it"), c, d);
                     },
                     &error),
            qPrintable(error));
        clock.restart();
        QTRY_VERIFY_WITH_TIMEOUT(firing(b, QStringLiteral("Watchdog"))->ack.has_value(), 2'000);
        qInfo() << "acknowledgement seen by the other engine after" << clock.elapsed() << "ms";
        QCOMPARE(firing(b, QStringLiteral("Watchdog"))->ack->by, QStringLiteral("ana"));
        QCOMPARE(firing(b, QStringLiteral("Watchdog"))->ack->note, QStringLiteral("on it"));

        // A silence made in B shows in A within 2 s.
        alerts::Silence silence;
        silence.matchers = { metrics::LabelMatcher(metrics::LabelMatcher::Type::Equal, "alertname", "Watchdog") };
        silence.startsAtMs = QDateTime::currentMSecsSinceEpoch();
        silence.endsAtMs = silence.startsAtMs + 3600'000;
        silence.createdBy = QStringLiteral("bo");
        silence.comment = QStringLiteral("maintenance");
        bool added = false;
        QObject context;
        b.alertService()->addSilence(silence, &context, [&](qint64 silenceId, const QString& e) {
            QVERIFY2(silenceId > 0, qPrintable(e));
            added = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(added, 10'000);
        clock.restart();
        QTRY_VERIFY_WITH_TIMEOUT(a.alertService()->silences().size() == 1, 2'000);
        qInfo() << "silence seen by the other engine after" << clock.elapsed() << "ms";
        QCOMPARE(a.alertService()->silences().constFirst().comment, QStringLiteral("maintenance"));

        // A dashboard made in A: B is told within 2 s and reads it.
        int bDashboards = 0;
        connect(b.dashboardService(), &dashboard::DashboardService::storedDashboardsChanged, &context,
            [&] { ++bDashboards; });
        bool created = false;
        a.dashboardService()->loadOrCreateDefault(
            &context, [&](std::optional<dashboard::DashboardDefinition> d, const QString& e) {
                QVERIFY2(d, qPrintable(e));
                created = true;
            });
        QTRY_VERIFY_WITH_TIMEOUT(created, 10'000);
        clock.restart();
        QTRY_VERIFY_WITH_TIMEOUT(bDashboards > 0, 2'000);
        qInfo() << "new dashboard announced to the other engine after" << clock.elapsed() << "ms";
        QString readError;
        const auto seen = b.dashboardService()->firstDashboard(&readError);
        QVERIFY2(seen, qPrintable(readError));
        QCOMPARE(seen->name, QStringLiteral("Hosts"));

        // Without LISTEN/NOTIFY the ack poll (2 s) would be the only way: check
        // the notification path for real by an edit that nothing polls.
        const int before = bDashboards;
        dashboard::PanelDefinition panel;
        panel.dashboardId = seen->id;
        panel.title = QStringLiteral("Load");
        panel.query = QStringLiteral("node_load1");
        bool panelAdded = false;
        a.dashboardService()->addPanel(panel, &context, [&](std::optional<qint64> pid, const QString& e) {
            QVERIFY2(pid, qPrintable(e));
            panelAdded = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(panelAdded, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(bDashboards > before, 2'000);

        // Exactly one of them holds the notification lead.
        QTRY_VERIFY_WITH_TIMEOUT(
            a.alertService()->isNotificationLeader() != b.alertService()->isNotificationLeader(), 5'000);
    }

    // Two headless engines, one webhook receiver: SIGKILL the leader while
    // alerts keep firing; the other takes over within 15 s and every alert is
    // notified exactly once.
    void leaderFailoverNotifiesOnce()
    {
        const storage::StateLocation state = m_pg.createDatabase();
        QVERIFY2(state.isPostgres(), qPrintable(m_pg.errorString()));

        QHttpServer server;
        QHash<QString, int> received; // alertname -> firing notifications
        QList<qint64> arrivals;
        QElapsedTimer since;
        since.start();
        server.route(QStringLiteral("/hook"), QHttpServerRequest::Method::Post, [&](const QHttpServerRequest& r) {
            const QJsonObject body = QJsonDocument::fromJson(r.body()).object();
            for (const QJsonValue& alert : body.value(QStringLiteral("alerts")).toArray()) {
                const QJsonObject o = alert.toObject();
                if (o.value(QStringLiteral("status")).toString() == QLatin1String("firing"))
                    ++received[o.value(QStringLiteral("labels"))
                                   .toObject()
                                   .value(QStringLiteral("alertname"))
                                   .toString()];
            }
            arrivals.append(since.elapsed());
            return QHttpServerResponse(QHttpServerResponder::StatusCode::Ok);
        });
        auto* tcp = new QTcpServer(&server);
        QVERIFY(tcp->listen(QHostAddress::LocalHost, 0));
        server.bind(tcp);

        // Alert i fires i * 1.5 s after an engine starts: a stream of new alerts
        // before, during and after the failover.
        constexpr int kAlerts = 14;
        QByteArray rules = "groups:\n  - name: stream\n    rules:\n";
        for (int i = 1; i <= kAlerts; ++i)
            rules += QStringLiteral("      - alert: Stream%1\n        expr: vector(1) > 0\n        for: %2ms\n")
                         .arg(i, 2, 10, QLatin1Char('0'))
                         .arg(i * 1500)
                         .toUtf8();
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        writeFile(dir.filePath(QStringLiteral("rules.yml")), rules);
        writeFile(dir.filePath(QStringLiteral("pg.password")), "unused-with-trust\n");
        const QString config = dir.filePath(QStringLiteral("opsdeck.yml"));
        writeFile(config,
            QStringLiteral("data_directory: state\n"
                           "state:\n"
                           "  driver: postgresql\n"
                           "  host: 127.0.0.1\n"
                           "  port: %1\n"
                           "  database: %2\n"
                           "  user: opsdeck\n"
                           "  password_file: pg.password\n"
                           "  sslmode: disable\n"
                           "rule_files: [rules.yml]\n"
                           "alerting:\n"
                           "  receivers:\n"
                           "    - name: hook\n"
                           "      webhook_configs: [{url: 'http://127.0.0.1:%3/hook', send_resolved: false}]\n"
                           "  route:\n"
                           "    receiver: hook\n"
                           "    group_by: [alertname]\n"
                           "    group_wait: 0s\n"
                           "    group_interval: 1h\n"
                           "    repeat_interval: 4h\n")
                .arg(QString::number(state.port), state.database, QString::number(tcp->serverPort()))
                .toUtf8());

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("opsdeck.alerts.service.info=true"));
        auto startEngine = [&](QProcess& p) {
            p.setProcessEnvironment(env);
            p.setProcessChannelMode(QProcess::SeparateChannels);
            p.setStandardOutputFile(QProcess::nullDevice());
            p.start(
                QStringLiteral(OPSDECK_BIN), { QStringLiteral("--headless"), QStringLiteral("--config"), config });
            return p.waitForStarted(10'000);
        };
        QProcess first;
        QProcess second;
        QByteArray firstErr;
        QByteArray secondErr;
        connect(
            &first, &QProcess::readyReadStandardError, this, [&] { firstErr += first.readAllStandardError(); });
        connect(
            &second, &QProcess::readyReadStandardError, this, [&] { secondErr += second.readAllStandardError(); });
        QVERIFY(startEngine(first));
        QVERIFY(startEngine(second));
        const auto cleanup = qScopeGuard([&] {
            for (QProcess* p : { &first, &second }) {
                if (p->state() != QProcess::NotRunning) {
                    p->kill();
                    p->waitForFinished(10'000);
                }
            }
        });
        const QByteArray leaderLine = "now the notification leader";
        QTRY_VERIFY2_WITH_TIMEOUT(firstErr.contains(leaderLine) || secondErr.contains(leaderLine),
            QByteArray(firstErr.right(3000) + "\n---\n" + secondErr.right(3000)).constData(), 30'000);
        QVERIFY2(!(firstErr.contains(leaderLine) && secondErr.contains(leaderLine)),
            "both engines claim the leader lock");
        const bool firstLeads = firstErr.contains(leaderLine);
        QProcess& leader = firstLeads ? first : second;
        QByteArray& followerErr = firstLeads ? secondErr : firstErr;

        // Let a few alerts go out through the leader, then kill it between two.
        QTRY_VERIFY_WITH_TIMEOUT(received.size() >= 3, 20'000);
        QTest::qWait(700);
        const int beforeKill = int(received.size());
        ::kill(static_cast<pid_t>(leader.processId()), SIGKILL);
        QVERIFY(leader.waitForFinished(10'000));
        QElapsedTimer takeover;
        takeover.start();
        QTest::qWait(0);
        for (int i = 0; i < 150 && !followerErr.contains(leaderLine); ++i)
            QTest::qWait(100);
        if (!followerErr.contains(leaderLine)) {
            QProcess psql;
            psql.start(QStringLiteral("/usr/lib/postgresql/15/bin/psql"),
                { QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                    QString::number(state.port), QStringLiteral("-U"), QStringLiteral("opsdeck"),
                    QStringLiteral("-d"), state.database, QStringLiteral("-c"),
                    QStringLiteral(
                        "select l.pid, l.objid, l.granted, a.state, a.wait_event, left(a.query, 80) from "
                        "pg_locks l join pg_stat_activity a using (pid) where l.locktype = 'advisory'"),
                    QStringLiteral("-c"),
                    QStringLiteral(
                        "select pid, state, wait_event_type, wait_event, left(query, 80) from pg_stat_activity "
                        "where datname = current_database()") });
            psql.waitForFinished(10'000);
            qWarning().noquote() << "DIAG" << psql.readAllStandardOutput() << psql.readAllStandardError()
                                 << "follower exit" << (firstLeads ? second : first).exitCode()
                                 << (firstLeads ? second : first).exitStatus()
                                 << (firstLeads ? second : first).error();
        }
        QVERIFY2(followerErr.contains(leaderLine), followerErr.right(4000).constData());
        qInfo() << "follower took over" << takeover.elapsed() << "ms after the leader was killed;" << beforeKill
                << "alerts notified before";

        // Every alert notified, each exactly once (and nothing more comes).
        QTRY_COMPARE_WITH_TIMEOUT(int(received.size()), kAlerts, 30'000);
        QTest::qWait(3'000);
        QCOMPARE(int(received.size()), kAlerts);
        for (auto it = received.cbegin(); it != received.cend(); ++it)
            QVERIFY2(it.value() == 1,
                qPrintable(QStringLiteral("%1 was notified %2 times").arg(it.key()).arg(it.value())));
        QVERIFY(beforeKill < kAlerts); // the failover happened while alerts were still coming
    }

private:
    testsupport::PostgresServer m_pg;
};

QTEST_GUILESS_MAIN(TestSharedState)
#include "tst_shared_state.moc"
