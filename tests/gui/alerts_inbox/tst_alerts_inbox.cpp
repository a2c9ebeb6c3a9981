// Journey 4 of UI.md through the real MainWindow: a real opsdeck-agent is
// scraped, a "host down" rule watches it, the agent is stopped, and the alert
// fires: a tray notification, the count in the top bar, a critical row in the
// inbox, and a PagerDuty trigger at a PagerDuty-shaped receiver on loopback.
// One click acknowledges it: the row shows who, the database has it, and the
// receiver gets the PagerDuty "acknowledge" event with the same dedup_key.
// After a restart of window and engine the acknowledgement is still shown.
//
// The SIGKILL case runs this binary again as a child console that clicks
// acknowledge and says so once the row shows it; the parent kills it with
// SIGKILL at once and finds the acknowledgement in the database.

#include "AgentProcess.h"
#include "alerts/AlertInboxModel.h"
#include "alerts/AlertRepository.h"
#include "alerts/AlertService.h"
#include "alerts/AlertsPage.h"
#include "Engine.h"
#include "MainWindow.h"
#include "settings/ConsoleSettings.h"
#include "shell/TrayIndicator.h"
#include "storage/Database.h"

#include <QDialog>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <csignal>
#include <cstdio>

using opsdeck::alerts::Alert;
using opsdeck::alerts::AlertState;

namespace {

// Records every PagerDuty event it receives; answers 202 as PagerDuty does.
class PagerDutyRecorder
{
public:
    bool listen()
    {
        m_server.route(QStringLiteral("/v2/enqueue"), QHttpServerRequest::Method::Post,
            [this](const QHttpServerRequest& request) {
                m_events.append(QJsonDocument::fromJson(request.body()).object());
                return QHttpServerResponse(QJsonObject { { QStringLiteral("status"), QStringLiteral("success") } },
                    QHttpServerResponder::StatusCode::Accepted);
            });
        m_tcp = new QTcpServer;
        if (!m_tcp->listen(QHostAddress::LocalHost, 0))
            return false;
        m_server.bind(m_tcp);
        return true;
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/v2/enqueue").arg(m_tcp->serverPort()); }
    QList<QJsonObject> events(const QString& action) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject& e : m_events) {
            if (e.value(QStringLiteral("event_action")).toString() == action)
                out.append(e);
        }
        return out;
    }

private:
    QHttpServer m_server;
    QTcpServer* m_tcp = nullptr;
    QList<QJsonObject> m_events;
};

opsdeck::alerts::AlertingConfig pagerDutyConfig(const QString& url)
{
    opsdeck::alerts::AlertingConfig config;
    opsdeck::alerts::ReceiverConfig pd;
    pd.name = QStringLiteral("oncall");
    pd.type = opsdeck::alerts::ReceiverType::PagerDuty;
    pd.url = url;
    pd.secret = QStringLiteral("R0UT1NGKEY0000000000000000000000");
    config.receivers = { pd };
    config.route.receiver = pd.name;
    config.route.groupBy = QList<QByteArray> { "alertname", "instance" };
    config.route.groupWaitMs = 0;
    config.route.groupIntervalMs = 1000;
    return config;
}

QList<opsdeck::alerts::RuleGroup> rules(const QString& expr)
{
    opsdeck::alerts::AlertRule rule;
    rule.name = QStringLiteral("HostDown");
    rule.expr = expr;
    rule.severity = opsdeck::alerts::Severity::Critical;
    rule.labels = { { QStringLiteral("severity"), QStringLiteral("critical") } };
    rule.annotations = { { QStringLiteral("summary"), QStringLiteral("{{ $labels.instance }} is down") } };
    return { opsdeck::alerts::RuleGroup { QStringLiteral("hosts"), 0, { rule } } };
}

bool setRules(opsdeck::Engine& engine, const QList<opsdeck::alerts::RuleGroup>& groups)
{
    bool done = false;
    QString error = QStringLiteral("not answered");
    QObject context;
    engine.alertService()->setRuleGroups(groups, &context, [&](const QString& e) {
        error = e;
        done = true;
    });
    return QTest::qWaitFor([&] { return done; }, 5000) && error.isEmpty();
}

QModelIndex rowOf(QTableView* table, const QString& ruleName, int column)
{
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const QModelIndex name = table->model()->index(row, AlertInboxModel::NameColumn);
        if (name.data().toString() == ruleName)
            return table->model()->index(row, column);
    }
    return {};
}

void clickCell(QTableView* table, const QModelIndex& index)
{
    table->scrollTo(index);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(index).center());
}

std::optional<Alert> storedAlert(const QString& dataDir, const QString& ruleName)
{
    opsdeck::storage::Database db;
    if (!db.open(dataDir))
        return std::nullopt;
    opsdeck::alerts::AlertRepository repo(db);
    opsdeck::alerts::AlertRepository::AlertQuery query;
    const auto all = repo.alerts(query);
    if (!all)
        return std::nullopt;
    for (const Alert& a : *all) {
        if (a.ruleName == ruleName)
            return a;
    }
    return std::nullopt;
}

// Child mode: a console whose rule fires at once; acknowledge by clicking,
// print ACKED <id> once the row shows it, then keep running until killed.
int runChild(const QString& dataDir)
{
    opsdeck::EngineOptions options { dataDir };
    options.localSource = opsdeck::scrape::LocalSourceMode::Off;
    opsdeck::Engine engine(options);
    if (!engine.start() || !setRules(engine, rules(QStringLiteral("vector(1) > 0"))))
        return 3;
    ConsoleSettings settings(dataDir + QStringLiteral("/opsdeck.conf"));
    MainWindow window(&engine, &settings);
    window.resize(1400, 900);
    window.show();
    window.showPage(QStringLiteral("alerts"));
    auto* table = window.findChild<QTableView*>(QStringLiteral("alertTable"));
    if (!QTest::qWaitFor([&] { return rowOf(table, QStringLiteral("HostDown"), 0).isValid(); }, 10000))
        return 4;
    clickCell(table, rowOf(table, QStringLiteral("HostDown"), AlertInboxModel::AckColumn));
    if (!QTest::qWaitFor(
            [&] {
                return rowOf(table, QStringLiteral("HostDown"), AlertInboxModel::AckColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("✓"));
            },
            10000))
        return 5;
    const qint64 id = rowOf(table, QStringLiteral("HostDown"), 0).data(AlertInboxModel::AlertIdRole).toLongLong();
    std::printf("ACKED %lld\n", static_cast<long long>(id));
    std::fflush(stdout);
    QTest::qWait(60'000);
    return 0;
}

} // namespace

class TestAlertsInbox : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        QVERIFY(m_pagerDuty.listen());
    }

    void alertFiresAndOneClickAcknowledges()
    {
        AgentProcess agent;
        QVERIFY2(agent.start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") }),
            qPrintable(agent.errorText()));
        const QString instance = QStringLiteral("127.0.0.1:%1").arg(agent.port());
        const QString data = m_dir.filePath(QStringLiteral("journey"));
        const QString settingsFile = m_dir.filePath(QStringLiteral("journey.conf"));
        opsdeck::EngineOptions options { data };
        options.alerting = pagerDutyConfig(m_pagerDuty.url());
        qint64 alertId = 0;
        {
            opsdeck::Engine engine(options);
            QVERIFY2(engine.start(), qPrintable(engine.errorString()));
            QVERIFY(setRules(engine, rules(QStringLiteral("up == 0"))));
            opsdeck::scrape::ScrapeTarget target;
            target.url = QUrl(QStringLiteral("http://%1/metrics").arg(instance));
            target.job = QStringLiteral("node");
            bool added = false;
            engine.targetCatalog()->addTarget(target, &engine, [&](qint64 id, const QString& error) {
                QVERIFY2(id > 0, qPrintable(error));
                added = true;
            });
            QTRY_VERIFY(added);

            ConsoleSettings settings(settingsFile);
            settings.setValue(ConsoleSettings::Key::OperatorName, QStringLiteral("ana"));
            MainWindow window(&engine, &settings);
            window.resize(1600, 1000);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
            QCOMPARE(window.currentPage(), QStringLiteral("alerts"));
            auto* table = window.findChild<QTableView*>(QStringLiteral("alertTable"));
            auto* firing = window.findChild<QLabel*>(QStringLiteral("firingAlerts"));
            auto* tray = window.findChild<TrayIndicator*>();
            QVERIFY(table && firing && tray);

            // Up and scraped: nothing fires.
            QTRY_VERIFY_WITH_TIMEOUT(engine.scrapeManager()->targets().size() == 1
                    && engine.scrapeManager()->targets().constFirst().health == opsdeck::scrape::TargetHealth::Up,
                10000);
            QTest::qWait(500);
            QVERIFY(!rowOf(table, QStringLiteral("HostDown"), 0).isValid());
            QVERIFY(firing->text().contains(QStringLiteral("0 firing")));

            // The host goes down: within a few scrapes the alert fires everywhere.
            QCOMPARE(agent.terminate(), 0);
            QTRY_VERIFY_WITH_TIMEOUT(rowOf(table, QStringLiteral("HostDown"), 0).isValid(), 10000);
            const QModelIndex severity = rowOf(table, QStringLiteral("HostDown"), AlertInboxModel::SeverityColumn);
            QCOMPARE(severity.data().toString(), QStringLiteral("Critical"));
            QTRY_COMPARE(rowOf(table, QStringLiteral("HostDown"), AlertInboxModel::StateColumn).data().toString(),
                QStringLiteral("Firing"));
            QVERIFY(rowOf(table, QStringLiteral("HostDown"), AlertInboxModel::LabelsColumn)
                        .data()
                        .toString()
                        .contains(instance));
            QTRY_VERIFY(firing->text().contains(QStringLiteral("1 firing")));
            QVERIFY(firing->text().contains(
                AlertInboxModel::severityColor(opsdeck::alerts::Severity::Critical, false).name()));
            QTRY_VERIFY(tray->lastNotification().contains(QStringLiteral("HostDown")));
            QVERIFY(tray->lastNotification().contains(QStringLiteral("%1 is down").arg(instance)));
            QCOMPARE(tray->firingAlerts(), 1);
            QTRY_COMPARE_WITH_TIMEOUT(m_pagerDuty.events(QStringLiteral("trigger")).size(), 1, 5000);
            const QString dedupKey = m_pagerDuty.events(QStringLiteral("trigger"))
                                         .constFirst()
                                         .value(QStringLiteral("dedup_key"))
                                         .toString();
            QVERIFY(!dedupKey.isEmpty());

            // One click on "Acknowledge" in the row.
            const QModelIndex ack = rowOf(table, QStringLiteral("HostDown"), AlertInboxModel::AckColumn);
            QCOMPARE(ack.data().toString(), QStringLiteral("Acknowledge"));
            alertId = ack.data(AlertInboxModel::AlertIdRole).toLongLong();
            clickCell(table, ack);
            QTRY_VERIFY(rowOf(table, QStringLiteral("HostDown"), AlertInboxModel::AckColumn)
                            .data()
                            .toString()
                            .startsWith(QStringLiteral("✓ ana")));
            QVERIFY(rowOf(table, QStringLiteral("HostDown"), AlertInboxModel::SeverityColumn)
                        .data()
                        .toString()
                        .contains(QStringLiteral("✓")));

            // Stored, and PagerDuty hears about it with the same dedup_key.
            const auto stored = storedAlert(data, QStringLiteral("HostDown"));
            QVERIFY(stored && stored->ack);
            QCOMPARE(stored->id, alertId);
            QCOMPARE(stored->ack->by, QStringLiteral("ana"));
            QCOMPARE(stored->state, AlertState::Firing);
            QTRY_COMPARE_WITH_TIMEOUT(m_pagerDuty.events(QStringLiteral("acknowledge")).size(), 1, 5000);
            QCOMPARE(m_pagerDuty.events(QStringLiteral("acknowledge"))
                         .constFirst()
                         .value(QStringLiteral("dedup_key"))
                         .toString(),
                dedupKey);
            // The detail pane: labels, timeline, the notification log and the chart.
            table->selectRow(rowOf(table, QStringLiteral("HostDown"), 0).row());
            auto* timeline = window.findChild<QTreeWidget*>(QStringLiteral("alertTimeline"));
            auto* deliveries = window.findChild<QTreeWidget*>(QStringLiteral("alertNotifications"));
            QVERIFY(timeline && deliveries);
            QTRY_VERIFY(timeline->topLevelItemCount() >= 2); // fired, acknowledged
            QTRY_VERIFY(deliveries->findItems(QStringLiteral("acknowledge"), Qt::MatchExactly, 2).size() == 1);
            QVERIFY(deliveries->findItems(QStringLiteral("trigger"), Qt::MatchExactly, 2).size() == 1);
            QVERIFY(window.findChild<QLabel*>(QStringLiteral("alertLabels"))->text().contains(instance));
            auto* chartNote = window.findChild<QLabel*>(QStringLiteral("alertChartNote"));
            QTRY_VERIFY(chartNote->text().contains(QStringLiteral("threshold")));
            if (const QString shots = qEnvironmentVariable("OPSDECK_SHOT_DIR"); !shots.isEmpty())
                window.grab().save(shots + QStringLiteral("/alerts-inbox.png"));

            // The top bar no longer shouts: the firing alert is acknowledged.
            QTRY_VERIFY(!firing->text().contains(
                AlertInboxModel::severityColor(opsdeck::alerts::Severity::Critical, false).name()));
            window.close();
        }

        // Restart window and engine on the same profile: still acknowledged.
        opsdeck::Engine engine(options);
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        ConsoleSettings settings(settingsFile);
        MainWindow window(&engine, &settings);
        window.show();
        QCOMPARE(window.currentPage(), QStringLiteral("alerts"));
        auto* table = window.findChild<QTableView*>(QStringLiteral("alertTable"));
        QTRY_VERIFY(rowOf(table, QStringLiteral("HostDown"), 0).isValid());
        const QModelIndex ack = rowOf(table, QStringLiteral("HostDown"), AlertInboxModel::AckColumn);
        QCOMPARE(ack.data(AlertInboxModel::AlertIdRole).toLongLong(), alertId);
        QVERIFY(ack.data().toString().startsWith(QStringLiteral("✓ ana")));
        // No second trigger was sent for the same, acknowledged alert.
        QCOMPARE(m_pagerDuty.events(QStringLiteral("trigger")).size(), 1);
    }

    // Settings → Notifications: a YAML file with receivers and routes (the
    // headless configuration's format) is what the console notifies through.
    void notificationsFromTheSettingsPage()
    {
        const QString bad = m_dir.filePath(QStringLiteral("bad.yml"));
        QFile badFile(bad);
        QVERIFY(badFile.open(QIODevice::WriteOnly));
        badFile.write("receivers:\n  - name: x\nroute:\n  receiver: nobody\n");
        badFile.close();
        const QString good = m_dir.filePath(QStringLiteral("notify.yml"));
        QFile goodFile(good);
        QVERIFY(goodFile.open(QIODevice::WriteOnly));
        goodFile.write(QStringLiteral("alerting:\n"
                                      "  receivers:\n"
                                      "    - name: oncall\n"
                                      "      pagerduty_configs: [{routing_key: FROMTHEFILE, url: '%1'}]\n"
                                      "  route:\n"
                                      "    receiver: oncall\n"
                                      "    group_wait: 0s\n")
                           .arg(m_pagerDuty.url())
                           .toUtf8());
        goodFile.close();

        opsdeck::EngineOptions options { m_dir.filePath(QStringLiteral("settings-notify")) };
        options.localSource = opsdeck::scrape::LocalSourceMode::Off;
        opsdeck::Engine engine(options);
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        ConsoleSettings settings(m_dir.filePath(QStringLiteral("settings-notify.conf")));
        MainWindow window(&engine, &settings);
        window.show();
        window.showPage(QStringLiteral("settings"));
        auto* path = window.findChild<QLineEdit*>(QStringLiteral("alertingConfigPath"));
        auto* load = window.findChild<QPushButton*>(QStringLiteral("alertingConfigLoad"));
        auto* status = window.findChild<QLabel*>(QStringLiteral("alertingConfigStatus"));
        QVERIFY(path && load && status);
        QVERIFY(status->text().contains(QStringLiteral("No notifications")));

        path->setText(bad);
        QTest::mouseClick(load, Qt::LeftButton);
        QVERIFY2(status->text().contains(QStringLiteral("Not loaded"))
                && status->text().contains(QStringLiteral("bad.yml:")),
            qPrintable(status->text()));

        path->setText(good);
        QTest::mouseClick(load, Qt::LeftButton);
        QVERIFY2(status->text().contains(QStringLiteral("1 receiver")), qPrintable(status->text()));
        QCOMPARE(settings.value(ConsoleSettings::Key::AlertingConfigFile).toString(), good);

        const qsizetype before = m_pagerDuty.events(QStringLiteral("trigger")).size();
        QVERIFY(setRules(engine, rules(QStringLiteral("vector(1) > 0"))));
        QTRY_COMPARE_WITH_TIMEOUT(m_pagerDuty.events(QStringLiteral("trigger")).size(), before + 1, 10000);
        QCOMPARE(m_pagerDuty.events(QStringLiteral("trigger"))
                     .constLast()
                     .value(QStringLiteral("routing_key"))
                     .toString(),
            QStringLiteral("FROMTHEFILE"));
    }

    // Several rows at once: select them, Ctrl+K, a note, Acknowledge.
    void acknowledgeSelectedWithANote()
    {
        const QString data = m_dir.filePath(QStringLiteral("multi"));
        opsdeck::EngineOptions options { data };
        options.localSource = opsdeck::scrape::LocalSourceMode::Off;
        opsdeck::Engine engine(options);
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        auto groups = rules(QStringLiteral("vector(1) > 0"));
        opsdeck::alerts::AlertRule second = groups[0].rules[0];
        second.name = QStringLiteral("LineStopped");
        second.expr = QStringLiteral("vector(2) > 1");
        groups[0].rules.append(second);
        QVERIFY(setRules(engine, groups));
        ConsoleSettings settings(m_dir.filePath(QStringLiteral("multi.conf")));
        settings.setValue(ConsoleSettings::Key::OperatorName, QStringLiteral("ben"));
        MainWindow window(&engine, &settings);
        window.show();
        window.showPage(QStringLiteral("alerts"));
        auto* table = window.findChild<QTableView*>(QStringLiteral("alertTable"));
        QTRY_VERIFY(rowOf(table, QStringLiteral("HostDown"), 0).isValid()
            && rowOf(table, QStringLiteral("LineStopped"), 0).isValid());
        table->setFocus();
        table->selectAll();
        QTimer::singleShot(0, &window, [&window] {
            auto* dialog = window.findChild<QDialog*>(QStringLiteral("acknowledgeDialog"));
            QVERIFY(dialog);
            auto* note = dialog->findChild<QPlainTextEdit*>(QStringLiteral("acknowledgeNote"));
            QVERIFY(note);
            QTest::keyClicks(note, QStringLiteral("maintenance window"));
            dialog->accept();
        });
        QTest::keyClick(table, Qt::Key_K, Qt::ControlModifier);
        for (const QString& rule : { QStringLiteral("HostDown"), QStringLiteral("LineStopped") }) {
            QTRY_VERIFY(rowOf(table, rule, AlertInboxModel::AckColumn)
                            .data()
                            .toString()
                            .startsWith(QStringLiteral("✓ ben")));
            const auto stored = storedAlert(data, rule);
            QVERIFY(stored && stored->ack);
            QCOMPARE(stored->ack->note, QStringLiteral("maintenance window"));
        }
        // Unacknowledge one: the row offers acknowledgement again.
        table->clearSelection();
        table->selectRow(rowOf(table, QStringLiteral("LineStopped"), 0).row());
        QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("unacknowledge")), Qt::LeftButton);
        QTRY_COMPARE(rowOf(table, QStringLiteral("LineStopped"), AlertInboxModel::AckColumn).data().toString(),
            QStringLiteral("Acknowledge"));
        QTRY_VERIFY(!storedAlert(data, QStringLiteral("LineStopped"))->ack);
        QVERIFY(storedAlert(data, QStringLiteral("HostDown"))->ack);
    }

    void acknowledgementSurvivesSigkill()
    {
        for (int round = 0; round < 3; ++round) {
            const QString data = m_dir.filePath(QStringLiteral("kill%1").arg(round));
            QProcess child;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("OPSDECK_ACK_CHILD"), data);
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
            child.setProcessEnvironment(env);
            child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            child.start(QCoreApplication::applicationFilePath(), {});
            QVERIFY(child.waitForStarted());
            QByteArray out;
            QTRY_VERIFY_WITH_TIMEOUT(
                (out += child.readAllStandardOutput()).contains('\n') || child.state() == QProcess::NotRunning,
                30000);
            ::kill(static_cast<pid_t>(child.processId()), SIGKILL);
            QVERIFY2(out.startsWith("ACKED "), out.constData());
            QVERIFY(child.waitForFinished(10000));
            const qint64 id = out.mid(6).trimmed().toLongLong();
            const auto stored = storedAlert(data, QStringLiteral("HostDown"));
            QVERIFY(stored);
            QCOMPARE(stored->id, id);
            QVERIFY2(stored->ack.has_value(), "the acknowledgement the window showed was lost");
            QVERIFY(!stored->ack->by.isEmpty());
        }
    }

private:
    QTemporaryDir m_dir;
    PagerDutyRecorder m_pagerDuty;
};

int main(int argc, char** argv)
{
    const QString child = qEnvironmentVariable("OPSDECK_ACK_CHILD");
    if (!child.isEmpty()) {
        QApplication app(argc, argv);
        QStandardPaths::setTestModeEnabled(true);
        return runChild(child);
    }
    QApplication app(argc, argv);
    TestAlertsInbox test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_alerts_inbox.moc"
