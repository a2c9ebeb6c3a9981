// Journey 5 of UI.md through the real MainWindow: a profile with 30 days of
// fleet history (hour rollups in the state database), Capacity (Ctrl+4)
// fills its table off the GUI thread, the soonest run-out is on top with its
// status in words, its chart has the interval band and the ceiling, the
// what-if ×10 brings a CPU run-out closer, and Export → PDF shows progress and
// writes a PDF with the time-remaining table, the host names and the charts.
// An empty profile says what to do instead of showing an empty table.

// qcustomplot.h uses foreach, which QT_NO_FOREACH removes: it comes before any Qt header.
#undef QT_NO_FOREACH
#include <qcustomplot.h>

#include "capacity/CapacityPage.h"
#include "capacity/CapacityResourceModel.h"
#include "capacity/Rollup.h"
#include "capacity/RollupRepository.h"
#include "capacity/SyntheticFleet.h"
#include "Engine.h"
#include "MainWindow.h"
#include "metrics/SeriesStore.h"
#include "settings/ConsoleSettings.h"
#include "shell/Dialogs.h"
#include "storage/Database.h"

#include <QAction>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <limits>

namespace {

constexpr qint64 kHour = 3'600'000;
constexpr qint64 kDay = 24 * kHour;

QString runTool(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60'000) || p.exitCode() != 0)
        return {};
    return QString::fromUtf8(p.readAllStandardOutput());
}

// The table as text, for failure messages.
QString dump(QAbstractItemModel* model)
{
    QStringList lines;
    for (int row = 0; row < model->rowCount(); ++row) {
        QStringList cells;
        for (int column = 0; column < model->columnCount(); ++column)
            cells << model->index(row, column).data().toString();
        lines << cells.join(QStringLiteral(" | "));
    }
    return lines.join(QLatin1Char('\n'));
}

int rowOfKey(QAbstractItemModel* model, const QString& key)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(CapacityResourceModel::KeyRole).toString() == key)
            return row;
    }
    return -1;
}

} // namespace

class TestCapacityPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void exportCapacityReport()
    {
        const QString data = m_dir.filePath(QStringLiteral("fleet"));
        // 30 days of hourly history ending this hour, as the rollup writer leaves it.
        const qint64 end = QDateTime::currentMSecsSinceEpoch() / kHour * kHour;
        QStringList hosts;
        {
            opsdeck::metrics::SeriesStore store(
                { std::numeric_limits<qint64>::max() / 4, std::numeric_limits<qint64>::max() / 4 });
            opsdeck::testsupport::SyntheticFleetOptions fleet;
            fleet.endMs = end;
            fleet.days = 30;
            fleet.stepMs = kHour;
            hosts = opsdeck::testsupport::fillSyntheticFleet(store, fleet);
            QVERIFY(!hosts.isEmpty());
            const auto rows = opsdeck::capacity::rollupStore(
                store, opsdeck::capacity::RollupResolution::Hour, end - 31 * kDay, end + kHour);
            QVERIFY(!rows.isEmpty());
            opsdeck::storage::Database db;
            QVERIFY2(db.open(data), qPrintable(db.lastError()));
            opsdeck::capacity::RollupRepository repository(db);
            QVERIFY2(repository.write(opsdeck::capacity::RollupResolution::Hour, rows),
                qPrintable(repository.lastError()));
        }

        opsdeck::EngineOptions options { data };
        options.localSource = opsdeck::scrape::LocalSourceMode::Off;
        opsdeck::Engine engine(options);
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        ConsoleSettings settings(m_dir.filePath(QStringLiteral("fleet.conf")));
        MainWindow window(&engine, &settings);
        window.resize(1600, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window)); // shortcuts go to the active window
        QTest::keyClick(&window, Qt::Key_4, Qt::ControlModifier);
        QCOMPARE(window.currentPage(), QStringLiteral("capacity"));

        auto* page = window.findChild<CapacityPage*>();
        auto* table = window.findChild<QTableView*>(QStringLiteral("resourceTable"));
        QVERIFY(page && table);
        QAbstractItemModel* model = table->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 0 && !page->isBusy(), 120'000);
        QVERIFY(table->isVisible());

        // Sorted by time remaining, soonest first; the first item whose forecast
        // runs out is host-00's root filesystem, in words as well as colour.
        const auto cell = [model](int row, int column) { return model->index(row, column).data().toString(); };
        const auto remainingSort = [model](int row) {
            return model->index(row, CapacityResourceModel::RemainingColumn)
                .data(CapacityResourceModel::SortRole)
                .toDouble();
        };
        for (int row = 1; row < model->rowCount(); ++row)
            QVERIFY2(remainingSort(row - 1) <= remainingSort(row), qPrintable(dump(model)));
        const QString topStatus = cell(0, CapacityResourceModel::StatusColumn);
        QVERIFY2(topStatus == QStringLiteral("Runs out") || topStatus == QStringLiteral("Order soon"),
            qPrintable(dump(model)));
        QVERIFY(
            model->index(0, CapacityResourceModel::StatusColumn).data(Qt::DecorationRole).canConvert<QColor>());
        int runOutRow = -1;
        for (int row = 0; row < model->rowCount() && runOutRow < 0; ++row) {
            if (cell(row, CapacityResourceModel::RunOutColumn) != QStringLiteral("–"))
                runOutRow = row;
        }
        QVERIFY2(runOutRow >= 0, qPrintable(dump(model)));
        QVERIFY2(cell(runOutRow, CapacityResourceModel::ItemColumn).startsWith(QStringLiteral("host-00")),
            qPrintable(dump(model)));
        QVERIFY2(cell(runOutRow, CapacityResourceModel::ItemColumn).endsWith(QLatin1Char('/')),
            qPrintable(dump(model)));
        QCOMPARE(cell(runOutRow, CapacityResourceModel::ResourceColumn), QStringLiteral("Filesystem"));
        const QString status = cell(runOutRow, CapacityResourceModel::StatusColumn);
        QVERIFY2(
            status == QStringLiteral("Runs out") || status == QStringLiteral("Order soon"), qPrintable(status));
        QVERIFY2(cell(runOutRow, CapacityResourceModel::RemainingColumn).contains(QStringLiteral(" d (")),
            qPrintable(dump(model)));

        // Its chart: history, forecast, the 95 % band (a filled channel), the ceiling, the run-out marker.
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
            table->visualRect(model->index(runOutRow, CapacityResourceModel::ItemColumn)).center());
        auto* plot = window.findChild<QCustomPlot*>(QStringLiteral("forecastPlot"));
        QVERIFY(plot);
        QTRY_VERIFY(plot->isVisible());
        QCPGraph* band = plot->findChild<QCPGraph*>(QStringLiteral("band95"));
        QVERIFY(band);
        QVERIFY(band->channelFillGraph());
        QVERIFY(band->data()->size() > 10);
        QVERIFY(band->brush().style() != Qt::NoBrush);
        QCPGraph* ceiling = plot->findChild<QCPGraph*>(QStringLiteral("ceiling"));
        QVERIFY(ceiling);
        QCOMPARE(ceiling->data()->size(), 2);
        QVERIFY(plot->findChild<QCPItemStraightLine*>(QStringLiteral("runOutMarker")));
        QVERIFY(plot->findChild<QCPItemText*>(QStringLiteral("ceilingLabel"))
                    ->text()
                    .contains(QStringLiteral("ceiling")));
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("sizingPanel"))
                    ->text()
                    .contains(QStringLiteral("Recommended")));

        if (const QString shots = qEnvironmentVariable("OPSDECK_SHOT_DIR"); !shots.isEmpty())
            window.grab().save(shots + QStringLiteral("/capacity.png"));

        // What-if ×10: a CPU item runs out sooner.
        int cpuRow = -1;
        for (int row = 0; row < model->rowCount() && cpuRow < 0; ++row) {
            if (cell(row, CapacityResourceModel::ResourceColumn) == QStringLiteral("CPU"))
                cpuRow = row;
        }
        QVERIFY(cpuRow >= 0);
        const QString cpuKey = model->index(cpuRow, 0).data(CapacityResourceModel::KeyRole).toString();
        const double before = model->index(cpuRow, CapacityResourceModel::RemainingColumn)
                                  .data(CapacityResourceModel::SortRole)
                                  .toDouble();
        const QString beforeText = cell(cpuRow, CapacityResourceModel::RemainingColumn);
        auto* x10 = window.findChild<QToolButton*>(QStringLiteral("whatIfX10"));
        QVERIFY(x10);
        QTest::mouseClick(x10, Qt::LeftButton);
        QCOMPARE(window.findChild<QDoubleSpinBox*>(QStringLiteral("whatIfSpin"))->value(), 10.0);
        QTRY_VERIFY(model->index(rowOfKey(model, cpuKey), CapacityResourceModel::RemainingColumn)
                        .data(CapacityResourceModel::SortRole)
                        .toDouble()
            < before);
        QVERIFY2(cell(rowOfKey(model, cpuKey), CapacityResourceModel::RemainingColumn) != beforeText,
            qPrintable(beforeText));
        QVERIFY(
            window.findChild<QLabel*>(QStringLiteral("capacitySummary"))->text().contains(QStringLiteral("×10")));
        if (const QString shots = qEnvironmentVariable("OPSDECK_SHOT_DIR"); !shots.isEmpty())
            window.grab().save(shots + QStringLiteral("/capacity-x10.png"));

        // Export → PDF → progress → the file.
        const QString pdf = m_dir.filePath(QStringLiteral("capacity.pdf"));
        Dialogs::clearAsked();
        Dialogs::setNextFile(pdf);
        auto* exportButton = window.findChild<QToolButton*>(QStringLiteral("exportButton"));
        QVERIFY(exportButton && exportButton->isEnabled() && exportButton->menu());
        auto* pdfAction = exportButton->menu()->findChild<QAction*>(QStringLiteral("exportPdfAction"));
        QVERIFY(pdfAction);
        QSignalSpy finished(page, &CapacityPage::exportFinished);
        pdfAction->trigger();
        QVERIFY(!Dialogs::asked().isEmpty());
        const QString suggested = Dialogs::asked().constLast().text;
        QVERIFY2(suggested.endsWith(QStringLiteral(".pdf")), qPrintable(suggested));
        auto* progress = window.findChild<QProgressBar*>(QStringLiteral("capacityProgress"));
        QVERIFY(progress->isVisible());
        QVERIFY(window.findChild<QPushButton*>(QStringLiteral("cancelButton"))->isVisible());
        QVERIFY(!exportButton->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120'000);
        QCOMPARE(finished.at(0).at(1).toBool(), true);
        QVERIFY(!progress->isVisible());
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("capacityMessage"))
                    ->text()
                    .contains(QStringLiteral("capacity.pdf")));
        QVERIFY(window.findChild<QPushButton*>(QStringLiteral("openReportButton"))->isVisible());

        if (const QString shots = qEnvironmentVariable("OPSDECK_SHOT_DIR"); !shots.isEmpty()) {
            QFile::remove(shots + QStringLiteral("/capacity.pdf"));
            QFile::copy(pdf, shots + QStringLiteral("/capacity.pdf"));
        }
        QFile file(pdf);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.read(5).startsWith("%PDF"));
        const QString text
            = runTool(QStringLiteral("pdftotext"), { QStringLiteral("-layout"), pdf, QStringLiteral("-") });
        QVERIFY2(text.contains(QStringLiteral("Time remaining")), qPrintable(text.left(2000)));
        for (const QString& host :
            { QStringLiteral("host-00"), QStringLiteral("host-01"), QStringLiteral("host-02") })
            QVERIFY2(text.contains(host), qPrintable(host));
        const QStringList images = runTool(QStringLiteral("pdfimages"), { QStringLiteral("-list"), pdf })
                                       .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(
            images.size() > 2, qPrintable(images.join(QLatin1Char('\n')))); // two header lines, then one per image

        // Refresh reads the history again off the GUI thread; Cancel stops it and keeps the table.
        const int rows = model->rowCount();
        QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("refreshButton")), Qt::LeftButton);
        QVERIFY(page->isBusy());
        QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("cancelButton")), Qt::LeftButton);
        QTRY_VERIFY(!page->isBusy());
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("capacityMessage"))
                    ->text()
                    .contains(QStringLiteral("Cancelled")));
        QCOMPARE(model->rowCount(), rows);
    }

    void emptyProfileSaysWhatToDo()
    {
        const QString data = m_dir.filePath(QStringLiteral("empty"));
        opsdeck::EngineOptions options { data };
        options.localSource = opsdeck::scrape::LocalSourceMode::Off;
        opsdeck::Engine engine(options);
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        ConsoleSettings settings(m_dir.filePath(QStringLiteral("empty.conf")));
        MainWindow window(&engine, &settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showPage(QStringLiteral("capacity"));
        auto* page = window.findChild<CapacityPage*>();
        auto* empty = window.findChild<QLabel*>(QStringLiteral("capacityEmptyState"));
        QVERIFY(page && empty);
        QTRY_VERIFY_WITH_TIMEOUT(
            !page->isBusy() && empty->isVisible() && empty->text().contains(QStringLiteral("at least 2 days")),
            30'000);
        QVERIFY(empty->text().contains(QStringLiteral("opsdeck import history")));
        QVERIFY(!window.findChild<QToolButton*>(QStringLiteral("exportButton"))->isEnabled());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestCapacityPage)
#include "tst_capacity_page.moc"
