// The console issue's end-to-end journey through the real MainWindow:
// navigate to Agents (Ctrl+6), add a real opsdeck-agent with its token, see
// it come up and join the host filter, pick it, and find the dashboard's
// panels filled with that host's data; then restart the window and engine on
// the same profile and find the target, the host filter and the page again.

#include "AgentProcess.h"
#include "agents/AgentsPage.h"
#include "agents/TargetEditorDialog.h"
#include "dashboard/ChartPanel.h"
#include "dashboard/DashboardPage.h"
#include "Engine.h"
#include "MainWindow.h"
#include "scrape/TargetStatusModel.h"
#include "settings/ConsoleSettings.h"

#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using opsdeck::scrape::TargetHealth;

namespace {

const QByteArray kToken = "journey-token";

void typeInto(QLineEdit* edit, const QString& text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

int panelsWithDataFor(DashboardPage* page, const QString& instance)
{
    int count = 0;
    for (ChartPanel* panel : page->panels()) {
        if (panel->hasData() && panel->titleText().contains(instance))
            ++count;
    }
    return count;
}

} // namespace

class TestConsoleJourney : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        const QString tokenFile = m_dir.filePath(QStringLiteral("token"));
        QFile f(tokenFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kToken + '\n');
        f.close();
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QVERIFY2(m_agent.start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--token-file"), tokenFile, QStringLiteral("--metrics-auth") }),
            qPrintable(m_agent.errorText()));
    }

    void addAgentWatchItRestart()
    {
        const QString data = m_dir.filePath(QStringLiteral("data"));
        const QString settingsFile = m_dir.filePath(QStringLiteral("opsdeck.conf"));
        const QString instance = QStringLiteral("127.0.0.1:%1").arg(m_agent.port());
        const QString url = QStringLiteral("http://%1/metrics").arg(instance);
        {
            opsdeck::Engine engine({ data });
            QVERIFY2(engine.start(), qPrintable(engine.errorString()));
            ConsoleSettings settings(settingsFile);
            MainWindow window(&engine, &settings);
            window.resize(1600, 1000);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));

            QTest::keyClick(&window, Qt::Key_6, Qt::ControlModifier);
            QCOMPARE(window.currentPage(), QStringLiteral("agents"));
            auto* agents = window.findChild<AgentsPage*>();
            QVERIFY(agents);
            QTest::mouseClick(agents->findChild<QPushButton*>(QStringLiteral("addAgentButton")), Qt::LeftButton);
            QTRY_VERIFY(agents->editor() && agents->editor()->isVisible());
            TargetEditorDialog* editor = agents->editor();
            typeInto(editor->findChild<QLineEdit*>(QStringLiteral("targetUrl")), url);
            typeInto(editor->findChild<QLineEdit*>(QStringLiteral("targetToken")), QString::fromLatin1(kToken));
            QTest::mouseClick(editor->findChild<QPushButton*>(QStringLiteral("saveTargetButton")), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(!agents->editor(), 5000);

            // The agent comes up and joins the host filter; this machine's built-in
            // collector steps aside now that a target exists.
            auto* hosts = window.findChild<QComboBox*>(QStringLiteral("hostFilter"));
            QTRY_VERIFY_WITH_TIMEOUT(hosts->findData(instance) >= 0, 5000);
            QTRY_VERIFY_WITH_TIMEOUT(engine.scrapeManager()->targets().size() == 1
                    && engine.scrapeManager()->targets().constFirst().health == TargetHealth::Up,
                10000);

            // Pick the host and watch its panels fill (rates need two scrapes).
            hosts->setCurrentIndex(hosts->findData(instance));
            window.activateWindow(); // the editor dialog had the focus
            QVERIFY(QTest::qWaitForWindowActive(&window));
            QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
            QCOMPARE(window.currentPage(), QStringLiteral("dashboard"));
            auto* dashboard = window.findChild<DashboardPage*>();
            QVERIFY(dashboard);
            QCOMPARE(dashboard->hostFilter(), instance);
            QTRY_VERIFY_WITH_TIMEOUT(panelsWithDataFor(dashboard, instance) >= 4, 15000);
            window.close();
        }

        opsdeck::Engine engine({ data });
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        ConsoleSettings settings(settingsFile);
        MainWindow window(&engine, &settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.currentPage(), QStringLiteral("dashboard"));
        QCOMPARE(window.findChild<QComboBox*>(QStringLiteral("hostFilter"))->currentData().toString(), instance);
        QCOMPARE(engine.targetCatalog()->targets().size(), 1);
        QCOMPARE(engine.targetCatalog()->targets().constFirst().url.toString(), url);
        QTRY_VERIFY_WITH_TIMEOUT(engine.scrapeManager()->targets().size() == 1
                && engine.scrapeManager()->targets().constFirst().health == TargetHealth::Up,
            10000);
        auto* dashboard = window.findChild<DashboardPage*>();
        QTRY_VERIFY_WITH_TIMEOUT(panelsWithDataFor(dashboard, instance) >= 4, 15000);
    }

private:
    QTemporaryDir m_dir;
    AgentProcess m_agent;
};

QTEST_MAIN(TestConsoleJourney)
#include "tst_console_journey.moc"
