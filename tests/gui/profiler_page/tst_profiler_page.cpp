// The Profiler page through the real MainWindow on a real engine: with no
// agents, the embedded collector's "this machine" tile appears within a few
// seconds with its severity word; clicking it opens the host view whose USE
// table has a CPU row and whose components table lists processes. The flame
// graph, given folded stacks, zooms on a click and highlights a search with the
// matched share. OPSDECK_SCREENSHOT_DIR=<dir> saves the page as profiler-*.png.
#include "Engine.h"
#include "MainWindow.h"
#include "profiler/FlameGraphWidget.h"
#include "profiler/FleetTilesModel.h"
#include "profiler/ProfilerPage.h"
#include "profiler/UseTableModel.h"
#include "settings/ConsoleSettings.h"

#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

namespace {

void screenshot(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("OPSDECK_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(dir + QStringLiteral("/profiler-%1.png").arg(name));
}

int rowOf(QAbstractItemModel* model, const QString& text)
{
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, 0).data().toString() == text)
            return r;
    }
    return -1;
}

const QByteArray kFolded = "main;run;parse 30\n"
                           "main;run;compute;sqrt 50\n"
                           "main;run;compute 10\n"
                           "main;idle 10\n"
                           "kworker;process_one_work 20\n";

} // namespace

class TestProfilerPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void localMachineTileAndHostView()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        opsdeck::EngineOptions options { dir.path() };
        opsdeck::Engine engine(options); // no targets: the embedded local source
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        ConsoleSettings settings(dir.filePath(QStringLiteral("opsdeck.conf")));
        MainWindow window(&engine, &settings);
        window.resize(1500, 950);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* page = window.findChild<ProfilerPage*>();
        QVERIFY(page);
        QVERIFY(engine.profilerService());
        window.showPage(QStringLiteral("profiler"));
        QVERIFY(page->isVisible());
        auto* tiles = page->findChild<QListView*>(QStringLiteral("profilerTiles"));
        QVERIFY(tiles);
        QTRY_VERIFY_WITH_TIMEOUT(tiles->model()->rowCount() > 0, 8000);
        const QModelIndex tile = tiles->model()->index(0, 0);
        QCOMPARE(
            tile.data(opsdeck::models::FleetTilesModel::InstanceRole).toString(), QStringLiteral("this machine"));
        const QString word = tile.data(opsdeck::models::FleetTilesModel::SeverityWordRole).toString();
        QVERIFY2(word == u"ok" || word == u"warning" || word == u"critical", qPrintable(word));
        auto* verdict = page->findChild<QLabel*>(QStringLiteral("profilerVerdict"));
        QVERIFY(verdict);
        QTRY_VERIFY(!verdict->text().startsWith(QStringLiteral("Taking")));
        QVERIFY2(verdict->text().contains(QStringLiteral("No bottleneck: this machine is ok"))
                || verdict->text().contains(QStringLiteral("this machine")),
            qPrintable(verdict->text()));
        auto* fleetLine = page->findChild<QLabel*>(QStringLiteral("profilerFleetLine"));
        QVERIFY2(fleetLine->text().contains(QStringLiteral("Fleet snapshot at")), qPrintable(fleetLine->text()));
        screenshot(&window, QStringLiteral("fleet"));

        // Click the tile: the host view with the USE table.
        const QRect rect = tiles->visualRect(tile);
        QVERIFY(rect.isValid());
        QTest::mouseClick(tiles->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(page->tabs()->currentIndex(), 1);
        QCOMPARE(page->currentHost(), QStringLiteral("this machine"));
        auto* use = page->findChild<QTableView*>(QStringLiteral("profilerUseTable"));
        QVERIFY(use && use->isVisible());
        QTRY_VERIFY(use->model()->rowCount() > 0);
        QCOMPARE(use->model()->index(0, opsdeck::models::UseTableModel::ResourceColumn).data().toString(),
            QStringLiteral("CPU"));
        QVERIFY(use->model()
                    ->index(0, opsdeck::models::UseTableModel::UtilisationColumn)
                    .data()
                    .toString()
                    .contains(QLatin1Char('%')));
        QVERIFY(rowOf(use->model(), QStringLiteral("memory")) > 0);
        auto* components = page->findChild<QTableView*>(QStringLiteral("profilerComponentsTable"));
        QVERIFY(components);
        QTRY_VERIFY(components->model()->rowCount() > 0); // this test process at least
        QTest::qWait(300);
        screenshot(&window, QStringLiteral("host"));
    }

    void flameGraphZoomAndSearch()
    {
        ProfilerPage page(nullptr, nullptr);
        page.resize(1300, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.tabs()->setCurrentIndex(1);
        FlameGraphWidget* flame = page.flameGraph();
        QVERIFY(flame);
        flame->setFolded(kFolded);
        QTRY_VERIFY(flame->isVisible() && flame->width() > 100);
        QCOMPARE(flame->graph().totalSamples(), quint64(120));

        // "compute" is on the third row from the bottom; click it.
        int compute = -1;
        for (int i = 1; i < flame->graph().nodes().size(); ++i) {
            if (flame->graph().nodes()[i].name == u"compute")
                compute = i;
        }
        QVERIFY(compute > 0);
        const QRect before = flame->frameRect(compute);
        QVERIFY(before.isValid());
        QVERIFY(before.width() < flame->width() * 0.6);
        QCOMPARE(before.bottom(), flame->height() - 2 * FlameGraphWidget::rowHeight - 2);
        auto* reset = page.findChild<QPushButton*>(QStringLiteral("flameResetZoom"));
        QVERIFY(reset && !reset->isEnabled());
        QTest::mouseClick(flame, Qt::LeftButton, {}, before.center());
        QCOMPARE(flame->graph().zoom(), compute);
        QVERIFY(reset->isEnabled());
        const QRect after = flame->frameRect(compute);
        QVERIFY(after.width() >= flame->width() - 1);
        QCOMPARE(flame->frameAt(after.center()), compute);

        // Search highlights and says the share.
        auto* search = page.findChild<QLineEdit*>(QStringLiteral("flameSearch"));
        auto* matched = page.findChild<QLabel*>(QStringLiteral("flameMatched"));
        QVERIFY(search && matched);
        QTest::keyClicks(search, QStringLiteral("sqrt"));
        QCOMPARE(matched->text(), QStringLiteral("matched: 41.7% of samples"));
        bool highlighted = false;
        for (const auto& r : flame->graph().layout())
            highlighted = highlighted || (r.matched && flame->graph().nodes()[r.node].name == u"sqrt");
        QVERIFY(highlighted);
        const QImage image = flame->grab().toImage();
        const QRect sqrtRect = flame->frameRect(flame->frameAt(QPoint(after.center().x(), after.top() - 5)));
        QVERIFY(sqrtRect.isValid());
        QCOMPARE(image.pixelColor(sqrtRect.center() + QPoint(0, 5)).name(), QColor(0xb0, 0x40, 0xd0).name());
        screenshot(&page, QStringLiteral("flame"));

        QTest::mouseClick(reset, Qt::LeftButton);
        QCOMPARE(flame->graph().zoom(), 0);
        QVERIFY(!reset->isEnabled());
        search->clear();
        QVERIFY(matched->text().isEmpty());
    }
};

QTEST_MAIN(TestProfilerPage)
#include "tst_profiler_page.moc"
