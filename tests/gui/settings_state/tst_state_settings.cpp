// Settings -> State database: what an operator types is saved as the engine's
// next state location, and Test tells a working PostgreSQL from a wrong one
// without blocking the window.
#include "PostgresServer.h"
#include "settings/ConsoleSettings.h"
#include "settings/StateDatabasePanel.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

class TestStateSettings : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void choiceIsSavedAndTested()
    {
        if (!opsdeck::testsupport::PostgresServer::available())
            QSKIP("PostgreSQL 15 is not installed (/usr/lib/postgresql/15/bin; Debian package postgresql-15)");
        opsdeck::testsupport::PostgresServer pg;
        QVERIFY2(pg.start(), qPrintable(pg.errorString()));
        const opsdeck::storage::StateLocation target = pg.createDatabase();
        QVERIFY2(target.isPostgres(), qPrintable(pg.errorString()));

        QTemporaryDir dir;
        ConsoleSettings settings(dir.filePath(QStringLiteral("opsdeck.conf")));
        StateDatabasePanel panel(&settings, QStringLiteral("/tmp/x/opsdeck.sqlite"));
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* driver = panel.findChild<QComboBox*>(QStringLiteral("stateDriver"));
        auto* host = panel.findChild<QLineEdit*>(QStringLiteral("stateHost"));
        auto* port = panel.findChild<QSpinBox*>(QStringLiteral("statePort"));
        auto* database = panel.findChild<QLineEdit*>(QStringLiteral("stateDatabase"));
        auto* user = panel.findChild<QLineEdit*>(QStringLiteral("stateUser"));
        auto* test = panel.findChild<QPushButton*>(QStringLiteral("stateTest"));
        auto* status = panel.findChild<QLabel*>(QStringLiteral("stateStatus"));
        QVERIFY(driver && host && port && database && user && test && status);
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("stateInUse"))
                    ->text()
                    .contains(QLatin1String("opsdeck.sqlite")));

        // SQLite: nothing to connect to, the server fields are off.
        QVERIFY(!host->isEnabled());
        QVERIFY(!test->isEnabled());
        QString error;
        QVERIFY(!settings.stateLocation(&error)->isPostgres());

        driver->setCurrentIndex(driver->findData(QStringLiteral("postgresql")));
        QVERIFY(host->isEnabled());
        host->setText(QStringLiteral("127.0.0.1"));
        port->setValue(target.port);
        database->setText(target.database);
        user->setText(target.user);

        QElapsedTimer clock;
        clock.start();
        QTest::mouseClick(test, Qt::LeftButton);
        QVERIFY(clock.elapsed() < 1000); // the click returns at once; the connect runs on a worker thread
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QLatin1String("PostgreSQL 15")), 10'000);
        QVERIFY2(status->text().contains(QLatin1String("no OpsDeck tables yet")), qPrintable(status->text()));

        // Saved for the next start.
        const auto saved = settings.stateLocation(&error);
        QVERIFY2(saved, qPrintable(error));
        QVERIFY(saved->isPostgres());
        QCOMPARE(saved->port, target.port);
        QCOMPARE(saved->database, target.database);
        QCOMPARE(saved->user, target.user);

        // A port nothing listens on: a clear failure naming the server.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const int deadPort = probe.serverPort();
        probe.close();
        port->setValue(deadPort);
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QLatin1String("Failed:")), 10'000);
        QVERIFY2(
            status->text().contains(QStringLiteral("127.0.0.1:%1").arg(deadPort)), qPrintable(status->text()));

        // A password file that does not exist: the console says so at start.
        settings.setValue(ConsoleSettings::Key::StatePasswordFile, dir.filePath(QStringLiteral("missing.pw")));
        QVERIFY(!settings.stateLocation(&error));
        QVERIFY2(error.contains(QLatin1String("missing.pw")), qPrintable(error));
    }
};

QTEST_MAIN(TestStateSettings)
#include "tst_state_settings.moc"
