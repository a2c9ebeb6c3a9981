// The console's connections to other systems, as an operator uses them:
// Settings -> Remote write loads a file with remote_write:, shows the
// receiver's figures as it sends to a real VictoriaMetrics, Test answers,
// a bad file changes nothing, and the status bar shows the lag and then the
// failure once the receiver goes away. Settings -> Alertmanagers lists the
// notifications file's Alertmanagers and Test asks a real Alertmanager 0.25
// for its version. A data source that cannot be reached shows in the status
// bar after a query to it.

#include "AgentProcess.h"
#include "AlertmanagerProcess.h"
#include "Engine.h"
#include "MainWindow.h"
#include "ReceiverSamples.h"
#include "remotewrite/RemoteWriteService.h"
#include "settings/ConsoleSettings.h"
#include "shell/Theme.h"
#include "VictoriaMetricsServer.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

namespace {

void writeFile(const QString& path, const QByteArray& text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
}

// Types path into a FileRow (objectPrefix + "Path") and presses its Load.
void load(QWidget& window, const QString& objectPrefix, const QString& path)
{
    auto* edit = window.findChild<QLineEdit*>(objectPrefix + QStringLiteral("Path"));
    auto* button = window.findChild<QPushButton*>(objectPrefix + QStringLiteral("Load"));
    QVERIFY(edit && button);
    edit->setText(path);
    button->click();
}

QString statusText(QWidget& window, const QString& name)
{
    auto* label = window.findChild<QLabel*>(name);
    return label ? label->text() : QStringLiteral("(no %1)").arg(name);
}

} // namespace

class TestSettingsConnections : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        Theme::initialize();
        QVERIFY(m_dir.isValid());
    }

    void remoteWriteFromSettings()
    {
        if (!VictoriaMetricsServer::available())
            QSKIP("victoria-metrics (Debian package) is needed");
        VictoriaMetricsServer vm(m_dir.filePath(QStringLiteral("vm")));
        QString error;
        QVERIFY2(vm.start(&error), qPrintable(error));
        const QString good = m_dir.filePath(QStringLiteral("remote-write.yml"));
        writeFile(good,
            QStringLiteral("remote_write:\n  - url: %1\n    name: vm\n    queue: {batch_send_deadline: 500ms}\n")
                .arg(vm.writeUrl())
                .toUtf8());
        const QString bad = m_dir.filePath(QStringLiteral("bad.yml"));
        writeFile(bad, "remote_write:\n  - url: ftp://nowhere\n");

        opsdeck::Engine engine({ m_dir.filePath(QStringLiteral("rw-engine")) });
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        ConsoleSettings settings(m_dir.filePath(QStringLiteral("rw.conf")));
        MainWindow window(&engine, &settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* remote = window.findChild<QLabel*>(QStringLiteral("remoteStatus"));
        QVERIFY(remote);
        QVERIFY2(!remote->isVisible(), "nothing remote is configured yet");

        load(window, QStringLiteral("remoteWriteConfig"), good);
        QVERIFY2(statusText(window, QStringLiteral("remoteWriteStatus")).startsWith(QStringLiteral("✔")),
            qPrintable(statusText(window, QStringLiteral("remoteWriteStatus"))));
        QCOMPARE(settings.value(ConsoleSettings::Key::RemoteWriteConfigFile).toString(), good);
        QVERIFY(engine.remoteWriteService());
        auto* list = window.findChild<QTreeWidget*>(QStringLiteral("remoteWriteList"));
        QVERIFY(list);
        QCOMPARE(list->topLevelItemCount(), 1);
        QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("vm"));
        // The local collector's samples reach VictoriaMetrics: counted in the list, lag in the status bar.
        QTRY_VERIFY_WITH_TIMEOUT(engine.remoteWriteService()->counters().constFirst().samplesSent > 0, 15'000);
        QTRY_VERIFY_WITH_TIMEOUT(list->topLevelItem(0)->text(5).startsWith(QStringLiteral("✔ HTTP 204")), 5'000);
        QTRY_VERIFY_WITH_TIMEOUT(remote->isVisible() && remote->text().contains(QStringLiteral("behind")), 5'000);

        list->topLevelItem(0)->setSelected(true);
        window.findChild<QPushButton*>(QStringLiteral("remoteWriteTest"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(
            statusText(window, QStringLiteral("remoteWriteStatus")).contains(QStringLiteral("takes remote write")),
            10'000);

        // A file with an error: said so, and the running receiver stays.
        load(window, QStringLiteral("remoteWriteConfig"), bad);
        const QString refused = statusText(window, QStringLiteral("remoteWriteStatus"));
        QVERIFY2(
            refused.startsWith(QStringLiteral("✖ Not loaded")) && refused.contains(QStringLiteral("bad.yml:2")),
            qPrintable(refused));
        QCOMPARE(engine.remoteWriteService()->remotes().constFirst().url, vm.writeUrl());

        // The receiver goes away: the row and the status bar say it is failing.
        vm.stop();
        QTRY_VERIFY_WITH_TIMEOUT(list->topLevelItem(0)->text(5).startsWith(QStringLiteral("✖")), 15'000);
        QTRY_VERIFY_WITH_TIMEOUT(remote->text().contains(QStringLiteral("remote write vm failing")), 5'000);
        QVERIFY2(remote->toolTip().contains(QStringLiteral("samples waiting")), qPrintable(remote->toolTip()));

        // Loading an empty path stops sending.
        load(window, QStringLiteral("remoteWriteConfig"), QString());
        QVERIFY(!engine.remoteWriteService());
    }

    void alertmanagersFromSettings()
    {
        if (!AlertmanagerProcess::available())
            QSKIP("prometheus-alertmanager (Debian package) is needed");
        AlertmanagerProcess am;
        QString error;
        QVERIFY2(am.start(m_dir.filePath(QStringLiteral("am")),
                     "route:\n  receiver: none\nreceivers:\n  - name: none\n", &error),
            qPrintable(error));
        const quint16 amPort = am.port();
        const QString alerting = m_dir.filePath(QStringLiteral("alerting.yml"));
        writeFile(alerting,
            QStringLiteral("alertmanagers:\n  - url: http://127.0.0.1:%1\n  - url: http://127.0.0.1:%2\n")
                .arg(amPort)
                .arg(freeLoopbackPort())
                .toUtf8());

        opsdeck::Engine engine({ m_dir.filePath(QStringLiteral("am-engine")) });
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        ConsoleSettings settings(m_dir.filePath(QStringLiteral("am.conf")));
        MainWindow window(&engine, &settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* list = window.findChild<QTreeWidget*>(QStringLiteral("alertmanagerList"));
        QVERIFY(list);
        QCOMPARE(list->topLevelItemCount(), 0);
        QVERIFY(statusText(window, QStringLiteral("alertmanagerStatus"))
                    .startsWith(QStringLiteral("No Alertmanagers")));

        load(window, QStringLiteral("alertingConfig"), alerting);
        QCOMPARE(list->topLevelItemCount(), 2);
        QVERIFY(
            statusText(window, QStringLiteral("alertmanagerStatus")).contains(QStringLiteral("2 Alertmanager")));
        auto* test = window.findChild<QPushButton*>(QStringLiteral("alertmanagerTest"));
        list->setCurrentItem(list->topLevelItem(0));
        test->click();
        QTRY_VERIFY_WITH_TIMEOUT(statusText(window, QStringLiteral("alertmanagerStatus"))
                                     .contains(QStringLiteral(": Alertmanager 0.25")),
            10'000);
        list->setCurrentItem(list->topLevelItem(1));
        test->click();
        QTRY_VERIFY_WITH_TIMEOUT(
            statusText(window, QStringLiteral("alertmanagerStatus")).startsWith(QStringLiteral("✖")), 10'000);
    }

    void failingDataSourceInTheStatusBar()
    {
        opsdeck::EngineOptions options { m_dir.filePath(QStringLiteral("ds-engine")) };
        opsdeck::query::RemoteSourceConfig down;
        down.name = QStringLiteral("mes-prom");
        down.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(freeLoopbackPort()));
        options.dataSources = { down };
        opsdeck::Engine engine(options);
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        ConsoleSettings settings(m_dir.filePath(QStringLiteral("ds.conf")));
        MainWindow window(&engine, &settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* remote = window.findChild<QLabel*>(QStringLiteral("remoteStatus"));
        QVERIFY(remote);
        QTRY_VERIFY_WITH_TIMEOUT(remote->isVisible(), 3'000);
        QVERIFY2(!remote->text().contains(QStringLiteral("failing")), qPrintable(remote->text()));
        const auto r = engine.querySource(QStringLiteral("mes-prom"))->instant(QStringLiteral("up"), 0);
        QVERIFY(!r.ok);
        QTRY_VERIFY_WITH_TIMEOUT(remote->text().contains(QStringLiteral("data source mes-prom failing")), 3'000);
        QCOMPARE(remote->toolTip(), r.error);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestSettingsConnections)
#include "tst_settings_connections.moc"
