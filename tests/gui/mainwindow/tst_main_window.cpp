// Journey 1 (UI.md), as far as this build goes: first launch with an empty
// profile monitors the local machine through the built-in collector, and the
// window shows it come up.

#include "Engine.h"
#include "MainWindow.h"
#include "metrics/SeriesStore.h"
#include "scrape/TargetStatusModel.h"

#include <QFileInfo>
#include <QLabel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using opsdeck::models::TargetStatusModel;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void firstLaunchMonitorsThisMachine()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        opsdeck::Engine engine({dir.path()});
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("opsdeck.sqlite"))));

        MainWindow window(&engine);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        auto* table = window.findChild<QTableView*>(QStringLiteral("targetTable"));
        QVERIFY(table);
        QAbstractItemModel* model = table->model();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 3000);
        QCOMPARE(model->index(0, TargetStatusModel::TargetColumn).data().toString(),
                 QStringLiteral("this machine (built-in collector)"));
        QTRY_COMPARE_WITH_TIMEOUT(model->index(0, TargetStatusModel::HealthColumn).data().toString(),
                                  QStringLiteral("up"), 5000);

        // Samples reach the store and the status bar reports them.
        QTRY_VERIFY_WITH_TIMEOUT(engine.store()->stats().seriesCount > 50, 5000);
        auto* status = window.findChild<QLabel*>(QStringLiteral("engineStatus"));
        QVERIFY(status);
        QTRY_VERIFY_WITH_TIMEOUT(!status->text().contains(QStringLiteral(" 0 series")), 3000);
    }

    void unusableDataFolderIsAClearError()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("not-a-folder"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x");
        f.close();
        opsdeck::Engine engine({file});
        QVERIFY(!engine.start());
        QVERIFY2(engine.errorString().contains(QStringLiteral("not-a-folder")), qPrintable(engine.errorString()));
        QVERIFY(!engine.store());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
