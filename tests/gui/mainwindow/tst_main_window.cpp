// The console window (issue 4; UI.md journeys 1 and 3, as far as the shell
// goes): first launch with an empty profile monitors this machine, the rail
// and Ctrl+1…Ctrl+8 navigate, pages without their feature say so, the top
// bar and status bar report the fleet, and geometry, page, range and host
// filter come back after a restart.

#include "Engine.h"
#include "MainWindow.h"
#include "metrics/SeriesStore.h"
#include "settings/ConsoleSettings.h"
#include "shell/Theme.h"
#include "shell/TrayIndicator.h"

#include <QApplication>
#include <QComboBox>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    static QWidget* currentPageWidget(MainWindow& window)
    {
        auto* stack = window.findChild<QStackedWidget*>(QStringLiteral("pages"));
        return stack ? stack->currentWidget() : nullptr;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        Theme::initialize();
    }

    void firstLaunchMonitorsThisMachine()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        opsdeck::Engine engine({ dir.path() });
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("opsdeck.sqlite"))));
        ConsoleSettings settings(dir.filePath(QStringLiteral("opsdeck.conf")));

        MainWindow window(&engine, &settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.currentPage(), QStringLiteral("dashboard"));

        // The local collector comes up: 1/1 in the top bar, samples in the status bar,
        // and this machine joins the host filter.
        auto* health = window.findChild<QLabel*>(QStringLiteral("agentsHealth"));
        QVERIFY(health);
        QTRY_VERIFY_WITH_TIMEOUT(health->text().contains(QStringLiteral("1/1 up")), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(engine.store()->stats().seriesCount > 50, 5000);
        auto* status = window.findChild<QLabel*>(QStringLiteral("engineStatus"));
        QVERIFY(status);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("agents 1/1 up")), 3000);
        QTRY_VERIFY_WITH_TIMEOUT(!status->text().contains(QStringLiteral(" 0 series")), 3000);
        auto* hosts = window.findChild<QComboBox*>(QStringLiteral("hostFilter"));
        QVERIFY(hosts);
        QTRY_VERIFY_WITH_TIMEOUT(hosts->count() >= 2, 3000);
        QVERIFY(window.trayIndicator()->toolTip().contains(QStringLiteral("1 of 1 targets up")));
        QCOMPARE(window.trayIndicator()->firingAlerts(), 0);
        QVERIFY(!window.trayIndicator()->icon().isNull());
    }

    void railAndShortcutsNavigate()
    {
        QTemporaryDir dir;
        opsdeck::Engine engine({ dir.path() });
        QVERIFY(engine.start());
        ConsoleSettings settings(dir.filePath(QStringLiteral("opsdeck.conf")));
        MainWindow window(&engine, &settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        auto* rail = window.findChild<QListWidget*>(QStringLiteral("navigation"));
        QVERIFY(rail);
        const QStringList ids = { QStringLiteral("dashboard"), QStringLiteral("alerts"), QStringLiteral("cache"),
            QStringLiteral("capacity"), QStringLiteral("scaling"), QStringLiteral("agents"),
            QStringLiteral("profiler"), QStringLiteral("benchmarks"), QStringLiteral("settings") };
        QCOMPARE(rail->count(), ids.size());

        // Clicking each rail entry shows its page.
        for (int i = 0; i < rail->count(); ++i) {
            const QRect rect = rail->visualItemRect(rail->item(i));
            QTest::mouseClick(rail->viewport(), Qt::LeftButton, {}, rect.center());
            QCOMPARE(window.currentPage(), ids.at(i));
            QCOMPARE(currentPageWidget(window)->property("pageId").toString(), ids.at(i));
        }

        // Ctrl+1 … Ctrl+8 reach the eight feature pages.
        for (int i = 0; i < 8; ++i) {
            QTest::keyClick(&window, Qt::Key(Qt::Key_1 + i), Qt::ControlModifier);
            QCOMPARE(window.currentPage(), ids.at(i));
        }

        // Pages whose feature has not landed say so; the built ones do not.
        for (const QString& id : { QStringLiteral("scaling"), QStringLiteral("benchmarks") }) {
            window.showPage(id);
            auto* state = currentPageWidget(window)->findChild<QLabel*>(QStringLiteral("placeholderState"));
            QVERIFY2(state, qPrintable(id));
            QVERIFY(state->text().contains(QStringLiteral("Not available yet")));
        }
        for (const QString& id : { QStringLiteral("dashboard"), QStringLiteral("alerts"), QStringLiteral("cache"),
                 QStringLiteral("capacity"), QStringLiteral("agents"), QStringLiteral("profiler") }) {
            window.showPage(id);
            QVERIFY2(!currentPageWidget(window)->findChild<QLabel*>(QStringLiteral("placeholderState")),
                qPrintable(id));
        }
    }

    void stateSurvivesARestart()
    {
        QTemporaryDir dir;
        const QString settingsFile = dir.filePath(QStringLiteral("opsdeck.conf"));
        QRect geometry;
        {
            opsdeck::Engine engine({ dir.path() });
            QVERIFY(engine.start());
            ConsoleSettings settings(settingsFile);
            MainWindow window(&engine, &settings);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.resize(1111, 777);
            window.showPage(QStringLiteral("agents"));
            auto* range = window.findChild<QComboBox*>(QStringLiteral("timeRange"));
            QVERIFY(range);
            range->setCurrentIndex(range->findData(qint64(3'600'000)));
            QVERIFY(range->currentIndex() >= 0);
            auto* pause = window.findChild<QToolButton*>(QStringLiteral("pauseButton"));
            QVERIFY(pause);
            QTest::mouseClick(pause, Qt::LeftButton);
            QVERIFY(pause->isChecked());
            QCOMPARE(pause->text(), QStringLiteral("Resume"));
            geometry = window.geometry();
            window.close();
        }
        opsdeck::Engine engine({ dir.path() });
        QVERIFY(engine.start());
        ConsoleSettings settings(settingsFile);
        MainWindow window(&engine, &settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.currentPage(), QStringLiteral("agents"));
        QCOMPARE(window.size(), geometry.size());
        auto* range = window.findChild<QComboBox*>(QStringLiteral("timeRange"));
        QCOMPARE(range->currentData().toLongLong(), qint64(3'600'000));
    }

    void themesAreReadable()
    {
        // Text must stand out from its background in both palettes.
        for (const QPalette& p : { Theme::lightPalette(), Theme::darkPalette() }) {
            const int contrast
                = qAbs(p.color(QPalette::Window).lightness() - p.color(QPalette::WindowText).lightness());
            QVERIFY(contrast > 150);
            QVERIFY(qAbs(p.color(QPalette::Base).lightness() - p.color(QPalette::Text).lightness()) > 150);
        }
        QVERIFY(Theme::isDark(Theme::darkPalette()));
        QVERIFY(!Theme::isDark(Theme::lightPalette()));
        Theme::apply(Theme::Mode::Dark);
        QVERIFY(Theme::isDark(QApplication::palette()));
        Theme::apply(Theme::Mode::Light);
        QVERIFY(!Theme::isDark(QApplication::palette()));
    }

    void unusableDataFolderIsAClearError()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("not-a-folder"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x");
        f.close();
        opsdeck::Engine engine({ file });
        QVERIFY(!engine.start());
        QVERIFY2(engine.errorString().contains(QStringLiteral("not-a-folder")), qPrintable(engine.errorString()));
        QVERIFY(!engine.store());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
