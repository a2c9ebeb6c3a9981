#include "capacity/CapacityPlanner.h"
#include "capacity/SyntheticFleet.h"
#include "CapacityReportWriter.h"
#include "metrics/SeriesStore.h"
#include "query/LocalQuerySource.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <memory>

using namespace opsdeck;

// The report benchmark: a 100-host fleet (SyntheticFleet: CPU, memory,
// filesystems, requests; 30 days of hourly history) -> time to plan, then time
// to write the plan as PDF (200 charts), HTML and CSV. Prints
// "BENCH capacity_report ..." lines; never asserts on time.
class TestReportBench : public QObject
{
    Q_OBJECT

private slots:
    void hundredHosts();
};

void TestReportBench::hundredHosts()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    if (qEnvironmentVariableIntValue("OPSDECK_KEEP_REPORTS")) { // keep the files for a look
        dir.setAutoRemove(false);
        qInfo("reports kept in %s", qPrintable(dir.path()));
    }
    constexpr qint64 kDay = 24LL * 3600 * 1000;
    testsupport::SyntheticFleetOptions fleet;
    fleet.hosts = 100;
    auto store = std::make_unique<metrics::SeriesStore>(
        metrics::RetentionPolicy { 400 * kDay, 4LL * 1024 * 1024 * 1024 });
    QElapsedTimer timer;
    timer.start();
    testsupport::fillSyntheticFleet(*store, fleet);
    const qint64 fillMs = timer.elapsed();

    capacity::PlanOptions options;
    options.nowMs = fleet.endMs;
    options.windowMs = fleet.days * kDay;
    options.horizonMs = 90 * kDay;
    options.stepMs = fleet.stepMs;
    timer.restart();
    const capacity::CapacityPlan plan = capacity::plan(query::LocalQuerySource(store.get()), options);
    const qint64 planMs = timer.elapsed();
    QVERIFY(!plan.resources.isEmpty());
    std::printf("BENCH capacity_report plan hosts=%d days=%lld step_s=%lld items=%lld fill_ms=%lld plan_ms=%lld\n",
        fleet.hosts, qlonglong(fleet.days), qlonglong(fleet.stepMs / 1000), qlonglong(plan.resources.size()),
        qlonglong(fillMs), qlonglong(planMs));
    std::fflush(stdout);

    for (auto format : { report::ReportFormat::Pdf, report::ReportFormat::Html, report::ReportFormat::Csv }) {
        const char* name = format == report::ReportFormat::Pdf ? "pdf"
            : format == report::ReportFormat::Html             ? "html"
                                                               : "csv";
        const QString path = dir.filePath(QStringLiteral("report.") + QLatin1String(name));
        report::ReportOptions reportOptions;
        reportOptions.format = format;
        timer.restart();
        const report::ReportOutcome outcome = report::writeCapacityReport(plan, path, reportOptions);
        const qint64 ms = timer.elapsed();
        QVERIFY2(outcome.ok, qPrintable(outcome.error));
        const int charts = format == report::ReportFormat::Csv
            ? 0
            : int(std::min<qsizetype>(plan.resources.size(), reportOptions.maxCharts));
        std::printf(
            "BENCH capacity_report write format=%s hosts=%d items=%lld charts=%d pages=%d kib=%.0f ms=%lld\n",
            name, fleet.hosts, qlonglong(plan.resources.size()), charts, outcome.pages,
            double(QFileInfo(path).size()) / 1024.0, qlonglong(ms));
        std::fflush(stdout);
    }
}

QTEST_MAIN(TestReportBench)
#include "tst_report_bench.moc"
