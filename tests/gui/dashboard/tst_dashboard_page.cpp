// The live dashboard against a real engine: the embedded local collector
// feeds the default panels; panels are added, edited, moved and removed
// through the page's own buttons and dialog and come back after a restart.

#undef QT_NO_FOREACH // qcustomplot.h uses foreach; before any Qt header
#include <qcustomplot.h>

#include "dashboard/ChartPanel.h"
#include "dashboard/DashboardPage.h"
#include "dashboard/PanelEditorDialog.h"
#include "Engine.h"
#include "metrics/SeriesStore.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>
#include <memory>

using opsdeck::dashboard::PanelDefinition;
using opsdeck::dashboard::PanelUpdate;
using opsdeck::dashboard::SeriesPoints;

namespace {

std::unique_ptr<opsdeck::Engine> startEngine(const QString& dir)
{
    opsdeck::EngineOptions options;
    options.dataDirectory = dir;
    options.localSource = opsdeck::scrape::LocalSourceMode::On;
    auto engine = std::make_unique<opsdeck::Engine>(options);
    if (!engine->start())
        qWarning() << engine->errorString();
    return engine;
}

QStringList titles(const DashboardPage& page)
{
    QStringList out;
    for (ChartPanel* panel : page.panels())
        out.append(panel->definition().title);
    return out;
}

ChartPanel* panelTitled(const DashboardPage& page, const QString& title)
{
    for (ChartPanel* panel : page.panels()) {
        if (panel->definition().title == title)
            return panel;
    }
    return nullptr;
}

void trigger(ChartPanel* panel, const char* actionName)
{
    auto* action = panel->findChild<QAction*>(QLatin1String(actionName));
    QVERIFY2(action, actionName);
    QVERIFY(action->isEnabled());
    action->trigger();
}

double lastKey(ChartPanel* panel)
{
    double newest = -1;
    for (int i = 0; i < panel->plot()->graphCount(); ++i) {
        const auto data = panel->plot()->graph(i)->data();
        if (!data->isEmpty())
            newest = std::max(newest, (data->constEnd() - 1)->key);
    }
    return newest;
}

SeriesPoints series(const char* mode, QVector<double> t, QVector<double> v)
{
    SeriesPoints s;
    s.labels = opsdeck::metrics::Labels { { "__name__", "cpu" }, { "mode", mode } };
    s.id = QString::fromUtf8(s.labels.toString());
    s.t = std::move(t);
    s.v = std::move(v);
    return s;
}

} // namespace

class TestDashboardPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void chartPanelShowsUpdates();
    void defaultPanelsFillWithLiveData();
    void panelsAreEditedAndSurviveRestart();
    void hostFilterAndTimeRange();
    void pauseKeepsTheViewStill();
    void hoverShowsTimeValuesAndLabels();

private:
    QTemporaryDir m_dir;
};

void TestDashboardPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TestDashboardPage::chartPanelShowsUpdates()
{
    PanelDefinition definition;
    definition.id = 1;
    definition.title = QStringLiteral("CPU");
    definition.unit = QStringLiteral("percent");
    definition.legend = QStringLiteral("{{mode}}");
    ChartPanel panel(definition);
    panel.resize(500, 300);
    panel.show();
    QCOMPARE(panel.messageText(), QStringLiteral("No data yet"));

    const double nan = std::numeric_limits<double>::quiet_NaN();
    PanelUpdate reset;
    reset.key = 1;
    reset.reset = true;
    reset.windowStart = 1000;
    reset.windowEnd = 1010;
    reset.series
        = { series("user", { 1001, 1002, 1003 }, { 10, nan, 30 }), series("system", { 1001, 1002 }, { 5, 6 }) };
    panel.applyUpdate(reset);
    QCOMPARE(panel.seriesCount(), 2);
    QCOMPARE(panel.pointCount(), 5);
    QVERIFY(panel.messageText().isEmpty());
    QVERIFY2(panel.titleText().contains(QStringLiteral("user 30%")), qPrintable(panel.titleText()));
    QVERIFY(panel.titleText().contains(QStringLiteral("system 6%")));
    QVERIFY(std::isnan(panel.plot()->graph(0)->data()->at(1)->value)); // the gap is kept, not bridged
    QCOMPARE(panel.plot()->xAxis->range().lower, 1000.0);
    QCOMPARE(panel.plot()->xAxis->range().upper, 1010.0);
    QVERIFY(panel.plot()->yAxis->range().upper >= 30);

    PanelUpdate append;
    append.key = 1;
    append.windowStart = 1002.5;
    append.windowEnd = 1012;
    append.series = { series("user", { 1004 }, { 40 }) };
    panel.applyUpdate(append);
    QCOMPARE(panel.plot()->graph(0)->data()->size(), 2); // 1003 and 1004 remain
    QCOMPARE(panel.plot()->graph(1)->data()->size(), 0); // system fell out of the window
    QCOMPARE(panel.plot()->xAxis->range().upper, 1012.0);
    QVERIFY(panel.titleText().contains(QStringLiteral("user 40%")));

    PanelUpdate failed;
    failed.key = 1;
    failed.reset = true;
    failed.windowStart = 1000;
    failed.windowEnd = 1012;
    failed.error = QStringLiteral("1:5: parse error: unexpected end of input");
    panel.applyUpdate(failed);
    QCOMPARE(panel.seriesCount(), 0);
    QCOMPARE(panel.messageText(), failed.error);

    panel.setLegendVisible(false);
    QVERIFY(!panel.plot()->legend->visible());
    QCOMPARE(ChartPanel::seriesName(
                 opsdeck::metrics::Labels { { "__name__", "up" }, { "instance", "a:1" } }, QString()),
        QStringLiteral("instance=a:1"));
}

void TestDashboardPage::defaultPanelsFillWithLiveData()
{
    auto engine = startEngine(m_dir.path());
    DashboardPage page(engine.get());
    QCOMPARE(page.objectName(), QStringLiteral("dashboardPage"));
    page.resize(1600, 1000);
    page.show();
    QTRY_COMPARE_WITH_TIMEOUT(page.panels().size(), 6, 5000);
    QCOMPARE(page.columnCount(), 3);
    QCOMPARE(page.panels().first()->definition().title, QStringLiteral("CPU by mode"));
    for (ChartPanel* panel : page.panels())
        QTRY_VERIFY2_WITH_TIMEOUT(panel->hasData(), qPrintable(panel->titleText() + panel->messageText()), 10000);
    ChartPanel* load = panelTitled(page, QStringLiteral("Load average"));
    QVERIFY(load);
    QVERIFY2(load->titleText().contains(QStringLiteral("node_load1")), qPrintable(load->titleText()));

    page.resize(1000, 800);
    QCOMPARE(page.columnCount(), 2);
    page.resize(700, 800);
    QCOMPARE(page.columnCount(), 1);
}

void TestDashboardPage::panelsAreEditedAndSurviveRestart()
{
    auto engine = startEngine(m_dir.path());
    auto page = std::make_unique<DashboardPage>(engine.get());
    page->resize(1600, 1000);
    page->show();
    QTRY_COMPARE_WITH_TIMEOUT(page->panels().size(), 6, 5000);

    // Add through the button and the dialog, with a typo caught by Check first.
    auto* add = page->findChild<QPushButton*>(QStringLiteral("addPanelButton"));
    QVERIFY(add);
    QTest::mouseClick(add, Qt::LeftButton);
    PanelEditorDialog* editor = nullptr;
    QTRY_VERIFY((editor = page->findChild<PanelEditorDialog*>(QStringLiteral("panelEditor"))));
    QTRY_VERIFY(editor->isVisible());
    auto* title = editor->findChild<QLineEdit*>(QStringLiteral("panelTitle"));
    auto* query = editor->findChild<QLineEdit*>(QStringLiteral("panelQuery"));
    auto* unit = editor->findChild<QComboBox*>(QStringLiteral("panelUnit"));
    auto* status = editor->findChild<QLabel*>(QStringLiteral("queryStatus"));
    QVERIFY(title && query && unit && status);
    QTest::keyClicks(title, QStringLiteral("Scrape time"));
    QTest::keyClicks(query, QStringLiteral("scrape_duration_seconds{instance=~\"$host\""));
    QTest::mouseClick(editor->findChild<QPushButton*>(QStringLiteral("checkQueryButton")), Qt::LeftButton);
    QVERIFY2(status->text().contains(QStringLiteral("1:")), qPrintable(status->text()));
    // OK with a broken query is refused with the reason.
    QTest::mouseClick(editor->findChild<QPushButton*>(QStringLiteral("panelEditorOk")), Qt::LeftButton);
    QVERIFY(editor->isVisible());
    QVERIFY(status->text().contains(QStringLiteral("Cannot save")));
    QTest::keyClick(query, Qt::Key_End);
    QTest::keyClicks(query, QStringLiteral("}"));
    QTest::mouseClick(editor->findChild<QPushButton*>(QStringLiteral("checkQueryButton")), Qt::LeftButton);
    QVERIFY2(status->text().contains(QStringLiteral("valid")), qPrintable(status->text()));
    unit->setCurrentIndex(unit->findData(QStringLiteral("seconds")));
    QTest::mouseClick(editor->findChild<QPushButton*>(QStringLiteral("panelEditorOk")), Qt::LeftButton);
    QTRY_COMPARE(page->panels().size(), 7);
    ChartPanel* added = page->panels().last();
    QCOMPARE(added->definition().title, QStringLiteral("Scrape time"));
    QVERIFY(added->definition().id > 0);
    QTRY_VERIFY_WITH_TIMEOUT(added->hasData(), 10000);

    // Move it one to the left, remove the first panel, rename the load panel.
    trigger(added, "moveLeftAction");
    QCOMPARE(page->panels().at(5), added);
    QVERIFY(!page->panels().first()->findChild<QAction*>(QStringLiteral("moveLeftAction"))->isEnabled());
    trigger(page->panels().first(), "removePanelAction");
    QTRY_COMPARE(page->panels().size(), 6);
    trigger(panelTitled(*page, QStringLiteral("Load average")), "editPanelAction");
    QTRY_VERIFY((editor = page->findChild<PanelEditorDialog*>(QStringLiteral("panelEditor"))));
    title = editor->findChild<QLineEdit*>(QStringLiteral("panelTitle"));
    title->clear();
    QTest::keyClicks(title, QStringLiteral("Load"));
    QTest::mouseClick(editor->findChild<QPushButton*>(QStringLiteral("panelEditorOk")), Qt::LeftButton);
    QTRY_VERIFY(panelTitled(*page, QStringLiteral("Load")));
    QTRY_COMPARE(page->pendingWrites(), 0);

    const QStringList expected = titles(*page);
    QCOMPARE(expected,
        QStringList(
            { QStringLiteral("Memory used / available"), QStringLiteral("Load"), QStringLiteral("Disk I/O"),
                QStringLiteral("Network I/O"), QStringLiteral("Scrape time"), QStringLiteral("Filesystem use") }));

    page.reset();
    engine.reset();
    engine = startEngine(m_dir.path());
    page = std::make_unique<DashboardPage>(engine.get());
    page->resize(1600, 1000);
    page->show();
    QTRY_COMPARE_WITH_TIMEOUT(titles(*page), expected, 5000);
    QCOMPARE(panelTitled(*page, QStringLiteral("Scrape time"))->definition().unit, QStringLiteral("seconds"));
}

void TestDashboardPage::hostFilterAndTimeRange()
{
    auto engine = startEngine(m_dir.path());
    DashboardPage page(engine.get());
    page.resize(1600, 1000);
    page.show();
    QTRY_VERIFY_WITH_TIMEOUT(!page.panels().isEmpty() && page.panels().first()->hasData(), 10000);
    QVERIFY(page.queries().first().expr.contains(QStringLiteral("\".+\"")));

    page.setHostFilter(QStringLiteral("db-1.plant"));
    QCOMPARE(page.hostFilter(), QStringLiteral("db-1.plant"));
    // The dot is escaped for the regex, and the backslash again inside the PromQL string.
    QVERIFY2(page.queries().first().expr.contains(QStringLiteral("\"db\\\\-1\\\\.plant\"")),
        qPrintable(page.queries().first().expr));
    QTRY_VERIFY_WITH_TIMEOUT(!page.panels().first()->hasData(), 5000); // no such host
    QCOMPARE(page.panels().first()->messageText(), QStringLiteral("No data yet"));

    page.setHostFilter(QString());
    QTRY_VERIFY_WITH_TIMEOUT(page.panels().first()->hasData(), 5000);

    page.setTimeRange(60'000);
    QCOMPARE(page.timeRangeMs(), 60'000);
    QCOMPARE(page.feed()->rangeMs(), 60'000);
    QTRY_VERIFY_WITH_TIMEOUT(std::abs(page.panels().first()->plot()->xAxis->range().size() - 60) < 2, 5000);
    page.setTimeRange(3600'000);
    QTRY_VERIFY_WITH_TIMEOUT(std::abs(page.panels().first()->plot()->xAxis->range().size() - 3600) < 5, 5000);
}

void TestDashboardPage::pauseKeepsTheViewStill()
{
    auto engine = startEngine(m_dir.path());
    DashboardPage page(engine.get());
    page.resize(1600, 1000);
    page.show();
    QTRY_VERIFY_WITH_TIMEOUT(!page.panels().isEmpty() && page.panels().at(1)->hasData(), 10000);
    ChartPanel* panel = page.panels().at(1);
    QTRY_VERIFY_WITH_TIMEOUT(lastKey(panel) > 0, 5000);

    page.setPaused(true);
    QVERIFY(page.isPaused());
    const double pausedKey = lastKey(panel);
    const qint64 pausedPoints = panel->pointCount();
    const qint64 appended = engine->store()->stats().appendedTotal;
    // Let at least two scrape rounds land in the store.
    QTRY_VERIFY_WITH_TIMEOUT(engine->store()->stats().appendedTotal > appended + 200, 6000);
    QTRY_VERIFY_WITH_TIMEOUT(engine->scrapeManager()->scrapesTotal() >= 3, 6000);
    QTest::qWait(0);
    QCOMPARE(lastKey(panel), pausedKey);
    QCOMPARE(panel->pointCount(), pausedPoints);

    page.setPaused(false);
    QTRY_VERIFY_WITH_TIMEOUT(lastKey(panel) > pausedKey, 5000);
}

void TestDashboardPage::hoverShowsTimeValuesAndLabels()
{
    auto engine = startEngine(m_dir.path());
    DashboardPage page(engine.get());
    page.resize(1600, 1000);
    page.show();
    QTRY_VERIFY_WITH_TIMEOUT(panelTitled(page, QStringLiteral("Load")) != nullptr, 5000);
    ChartPanel* load = panelTitled(page, QStringLiteral("Load"));
    QTRY_VERIFY_WITH_TIMEOUT(load->hasData(), 10000);
    QCustomPlot* plot = load->plot();
    const QRect area = plot->axisRect()->rect();
    const QPoint at(area.right() - 2, area.center().y());
    QMouseEvent move(QEvent::MouseMove, QPointF(at), QPointF(plot->mapToGlobal(at)), Qt::NoButton, Qt::NoButton,
        Qt::NoModifier);
    QApplication::sendEvent(plot, &move);
    const QString text = load->hoverText();
    QVERIFY2(text.contains(QStringLiteral("node_load1")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("node_load15")));
    QVERIFY(text.contains(QStringLiteral(":"))); // the time on the first line
    QVERIFY(text.contains(QStringLiteral("\u25b8"))); // the nearest series is marked
    // Outside the chart area there is nothing to show.
    QVERIFY(load->hoverAt(QPoint(-5, -5)).isEmpty());
}

QTEST_MAIN(TestDashboardPage)
#include "tst_dashboard_page.moc"
