// Dashboard rendering cost: 32 ChartPanels × 3,600 points (4 series × 900
// one-second points, a 15-minute window) receiving one append per second for
// ~15 s, all 32 visible in a 1600×1000 window (8 columns × 4 rows, the worst
// case: the real page scrolls and skips panels out of view). Updates are
// PanelUpdates generated here, batched as LiveQueryFeed batches them.
// Also end to end with the real pipeline (a real Engine whose built-in
// collector scrapes this machine every second, a real DashboardPage with its
// default panels and LiveQueryFeed): scrape start to the replot that shows it.
// And the real opsdeck's cold start to its first drawn chart.
// Prints BENCH lines; asserts no timings.

#undef QT_NO_FOREACH // qcustomplot.h uses foreach; before any Qt header
#include <qcustomplot.h>

#include "dashboard/ChartPanel.h"
#include "dashboard/DashboardPage.h"
#include "Engine.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QGridLayout>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <memory>

using opsdeck::dashboard::PanelDefinition;
using opsdeck::dashboard::PanelUpdate;
using opsdeck::dashboard::SeriesPoints;

namespace {

constexpr int kPanels = 32;
constexpr int kSeries = 4;
constexpr int kWindowS = 900;
constexpr int kRunS = 15;
constexpr int kEndToEndRunS = 15;

double threadCpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    const auto index = qsizetype(std::ceil(p * double(values.size()))) - 1;
    return values[std::clamp<qsizetype>(index, 0, values.size() - 1)];
}

SeriesPoints seriesPoints(int panel, int series)
{
    SeriesPoints s;
    s.labels = opsdeck::metrics::Labels { { "__name__", "bench_metric" },
        { "instance", QByteArray("host-") + QByteArray::number(series) }, { "panel", QByteArray::number(panel) } };
    s.id = QString::fromUtf8(s.labels.toString());
    return s;
}

} // namespace

class BenchDashboard : public QObject
{
    Q_OBJECT

private slots:
    void liveUpdates();
    void endToEndLatency();
    void coldStartFirstChart();
};

void BenchDashboard::liveUpdates()
{
    const char* units[] = { "percent", "bytes", "bytes/s", "seconds", "", "ops/s" };
    QWidget window;
    window.resize(1600, 1000);
    auto* grid = new QGridLayout(&window);
    grid->setSpacing(4);
    grid->setContentsMargins(4, 4, 4, 4);
    QList<ChartPanel*> panels;
    QRandomGenerator rng(42);
    QList<double> level(kPanels * kSeries);
    for (double& l : level)
        l = 50 + rng.bounded(40.0);

    QList<double> latencyIntervals;
    QList<double> liveReplotMs;
    QElapsedTimer replotClock;
    for (int p = 0; p < kPanels; ++p) {
        PanelDefinition d;
        d.id = p + 1;
        d.title = QStringLiteral("Panel %1").arg(p + 1);
        d.unit = QString::fromLatin1(units[p % 6]);
        d.legend = QStringLiteral("{{instance}}");
        auto* panel = new ChartPanel(d, &window);
        panel->setMinimumHeight(100);
        grid->addWidget(panel, p / 8, p % 8);
        panels.append(panel);
        auto lastDrawn = std::make_shared<qint64>(0);
        connect(panel, &ChartPanel::drawn, this, [lastDrawn, &latencyIntervals](qint64 sampleTimeMs) {
            if (sampleTimeMs <= *lastDrawn)
                return;
            *lastDrawn = sampleTimeMs;
            latencyIntervals.append(double(QDateTime::currentMSecsSinceEpoch() - sampleTimeMs) / 1000.0);
        });
        auto started = std::make_shared<double>(0);
        connect(panel->plot(), &QCustomPlot::beforeReplot, this, [started] { *started = threadCpuMs(); });
        connect(panel->plot(), &QCustomPlot::afterReplot, this,
            [started, &liveReplotMs] { liveReplotMs.append(threadCpuMs() - *started); });
    }
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // Reset with full windows.
    const double now0 = std::floor(double(QDateTime::currentMSecsSinceEpoch()) / 1000.0);
    for (int p = 0; p < kPanels; ++p) {
        PanelUpdate u;
        u.key = quint64(p + 1);
        u.reset = true;
        u.windowStart = now0 - kWindowS;
        u.windowEnd = now0;
        u.sampleTimeMs = qint64(now0 * 1000);
        for (int s = 0; s < kSeries; ++s) {
            SeriesPoints points = seriesPoints(p, s);
            for (int i = 0; i < kWindowS; ++i) {
                double& l = level[p * kSeries + s];
                l = std::clamp(l + rng.bounded(2.0) - 1.0, 0.0, 100.0);
                points.t.append(now0 - kWindowS + 1 + i);
                points.v.append(l * 1e3);
            }
            u.series.append(points);
        }
        panels[p]->applyUpdate(u);
    }
    QTRY_VERIFY(!latencyIntervals.isEmpty());
    latencyIntervals.clear();
    liveReplotMs.clear();
    qint64 points = 0;
    for (ChartPanel* panel : panels)
        points += panel->pointCount();
    qInfo("BENCH dashboard panels=%d points_per_panel=%lld series_per_panel=%d source=generated_panel_updates "
          "visible_panels=%d window=1600x1000",
        kPanels, static_cast<long long>(points / kPanels), kSeries, kPanels);

    // One batch per second, like LiveQueryFeed after a scrape round.
    int tick = 0;
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    connect(&timer, &QTimer::timeout, this, [&] {
        ++tick;
        const double t = now0 + tick;
        for (int p = 0; p < kPanels; ++p) {
            PanelUpdate u;
            u.key = quint64(p + 1);
            u.windowStart = t - kWindowS;
            u.windowEnd = t;
            u.sampleTimeMs = QDateTime::currentMSecsSinceEpoch();
            for (int s = 0; s < kSeries; ++s) {
                SeriesPoints sp = seriesPoints(p, s);
                double& l = level[p * kSeries + s];
                l = std::clamp(l + rng.bounded(2.0) - 1.0, 0.0, 100.0);
                sp.t = { t };
                sp.v = { (tick % 60 == 30 && s == 0) ? std::nan("") : l * 1e3 }; // an occasional gap
                u.series.append(sp);
            }
            panels[p]->applyUpdate(u);
        }
    });
    QElapsedTimer wall;
    wall.start();
    const double cpu0 = threadCpuMs();
    timer.start(1000);
    QTest::qWait(kRunS * 1000 + 200);
    timer.stop();
    const double cpuMs = threadCpuMs() - cpu0;
    const double wallMs = double(wall.elapsed());

    // Explicit immediate replots, each panel, a few rounds.
    QList<double> replotMs;
    for (int round = 0; round < 10; ++round) {
        for (ChartPanel* panel : panels) {
            QElapsedTimer one;
            one.start();
            panel->plot()->replot(QCustomPlot::rpImmediateRefresh);
            replotMs.append(double(one.nsecsElapsed()) / 1e6);
        }
    }

    qInfo("BENCH dashboard gui_thread_cpu_percent=%.1f", 100.0 * cpuMs / wallMs);
    qInfo("BENCH dashboard replot_p95_ms=%.2f", percentile(replotMs, 0.95));
    qInfo("BENCH dashboard replot_median_ms=%.2f", percentile(replotMs, 0.5));
    qInfo("BENCH dashboard replot_live_queued_p95_cpu_ms=%.2f", percentile(liveReplotMs, 0.95));
    qInfo("BENCH dashboard sample_to_screen_p99_intervals=%.3f (from PanelUpdate creation; the feed's own delay "
          "after a scrape is not included)",
        percentile(latencyIntervals, 0.99));
    qInfo("BENCH dashboard updates_applied=%d", tick * kPanels);
    QVERIFY(tick >= kRunS - 1);
    QVERIFY(!latencyIntervals.isEmpty());
}

void BenchDashboard::endToEndLatency()
{
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir dataDir;
    QVERIFY(dataDir.isValid());
    opsdeck::EngineOptions options;
    options.dataDirectory = dataDir.path();
    options.localSource = opsdeck::scrape::LocalSourceMode::On;
    opsdeck::Engine engine(options);
    QVERIFY2(engine.start(), qPrintable(engine.errorString()));

    // Declared after the engine so it is destroyed first (its feed reads the engine).
    DashboardPage page(&engine);
    page.resize(1600, 1000);

    // Latency per drawn signal whose sample time is new for that panel. The
    // panels are created when the default dashboard has been loaded (through
    // the state writer), so hook each panel as it appears.
    QList<double> latencyMs;
    QSet<ChartPanel*> hooked;
    QSet<ChartPanel*> drawing; // panels with at least one counted draw
    bool collecting = false;
    const auto hookPanels = [&] {
        for (ChartPanel* panel : page.panels()) {
            if (hooked.contains(panel))
                continue;
            hooked.insert(panel);
            auto lastDrawn = std::make_shared<qint64>(0);
            connect(panel, &ChartPanel::drawn, this,
                [panel, lastDrawn, &latencyMs, &drawing, &collecting](qint64 sampleTimeMs) {
                    const qint64 now = QDateTime::currentMSecsSinceEpoch();
                    if (sampleTimeMs <= *lastDrawn)
                        return;
                    *lastDrawn = sampleTimeMs;
                    if (!collecting)
                        return;
                    latencyMs.append(double(now - sampleTimeMs));
                    drawing.insert(panel);
                });
        }
    };
    connect(&page, &DashboardPage::panelsChanged, this, hookPanels);
    hookPanels();

    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTRY_VERIFY_WITH_TIMEOUT(page.isLoaded(), 10'000);
    hookPanels();
    QVERIFY(!page.panels().isEmpty());

    // Collect for a fixed window from the moment the page is up; the first
    // draws (history back-fill) count too, as they are new sample times.
    collecting = true;
    QTest::qWait(kEndToEndRunS * 1000);
    collecting = false;

    const qsizetype draws = latencyMs.size();
    QList<double> intervals;
    for (double ms : std::as_const(latencyMs))
        intervals.append(ms / 1000.0);
    qInfo("BENCH dashboard e2e_sample_to_screen_p50_ms=%.0f p99_ms=%.0f p99_intervals=%.3f (real engine, built-in "
          "collector at 1 s, %lld draws)",
        percentile(latencyMs, 0.5), percentile(latencyMs, 0.99), percentile(intervals, 0.99),
        static_cast<long long>(draws));
    qInfo("BENCH dashboard e2e_panels=%lld e2e_panels_drawing=%lld window=1600x1000 run_s=%d",
        static_cast<long long>(page.panels().size()), static_cast<long long>(drawing.size()), kEndToEndRunS);
    QVERIFY2(draws > 0, "no panel drew any scraped sample");
}

void BenchDashboard::coldStartFirstChart()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
    env.insert(QStringLiteral("XDG_STATE_HOME"), home.filePath(QStringLiteral("state")));
    env.insert(QStringLiteral("OPSDECK_REPORT_FIRST_CHART"), QStringLiteral("1"));
    if (!env.contains(QStringLiteral("QT_QPA_PLATFORM")))
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    QProcess app;
    app.setProcessEnvironment(env);
    app.setProgram(QStringLiteral(OPSDECK_BIN));
    QByteArray err;
    app.start();
    QVERIFY(app.waitForStarted());
    static const QRegularExpression line(QStringLiteral("first chart drawn after (-?\\d+) ms"));
    QElapsedTimer waited;
    waited.start();
    QRegularExpressionMatch match;
    while (waited.elapsed() < 30'000 && app.state() == QProcess::Running) {
        app.waitForReadyRead(200);
        err += app.readAllStandardError();
        match = line.match(QString::fromUtf8(err));
        if (match.hasMatch())
            break;
    }
    app.terminate();
    if (!app.waitForFinished(5000)) {
        app.kill();
        app.waitForFinished(5000);
    }
    if (!match.hasMatch()) {
        qInfo("BENCH dashboard cold_start_first_chart_ms=n/a (no report line; stderr: %s)",
            err.right(400).constData());
        QFAIL("opsdeck did not report its first chart within 30 s (DashboardPage not shown by the main window?)");
    }
    qInfo("BENCH dashboard cold_start_first_chart_ms=%s", qPrintable(match.captured(1)));
}

QTEST_MAIN(BenchDashboard)
#include "tst_bench_dashboard.moc"
