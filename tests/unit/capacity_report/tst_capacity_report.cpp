#include "CapacityPlanFixture.h"
#include "CapacityReportWriter.h"

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;
using report::ReportFormat;

namespace {

report::ReportOptions optionsFor(ReportFormat format)
{
    report::ReportOptions options;
    options.format = format;
    return options;
}

QString run(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60'000) || p.exitCode() != 0)
        return QString();
    return QString::fromUtf8(p.readAllStandardOutput());
}

// RFC 4180: quoted fields may hold commas, quotes ("") and line breaks; records end with CRLF.
QList<QStringList> parseCsv(const QByteArray& bytes)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    const QString text = QString::fromUtf8(bytes);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
        } else if (c == QLatin1Char('\r') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n')) {
            row << field;
            field.clear();
            rows << row;
            row.clear();
            ++i;
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty()) {
        row << field;
        rows << row;
    }
    return rows;
}

} // namespace

class TestCapacityReport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void chartDrawsData();
    void pdfHasSectionsPagesAndCharts();
    void htmlIsSelfContained();
    void csvHasHeaderAndOneRowPerItem();
    void cancelLeavesNoFile_data();
    void cancelLeavesNoFile();
    void unwritablePathNamesTheFile();
    void maxChartsLimitsCharts();

private:
    QTemporaryDir m_dir;
    capacity::CapacityPlan m_plan;
};

void TestCapacityReport::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    // OPSDECK_KEEP_REPORTS=1 keeps the files for a look (pdftoppm -png report.pdf page).
    if (qEnvironmentVariableIntValue("OPSDECK_KEEP_REPORTS")) {
        m_dir.setAutoRemove(false);
        qInfo("reports kept in %s", qPrintable(m_dir.path()));
    }
    m_plan = testfixture::makePlan();
    QCOMPARE(m_plan.resources.size(), 7);
    // The fixture must exercise a run-out inside the horizon and anomalies.
    QVERIFY(m_plan.resources.at(2).runOutMs.has_value());
    QVERIFY(!m_plan.resources.at(0).anomalies.isEmpty());
}

void TestCapacityReport::chartDrawsData()
{
    const capacity::ResourceForecast& r = m_plan.resources.at(2); // filesystem that runs out
    const QImage image = report::renderForecastChart(r, 600, 240, 2.0);
    QCOMPARE(image.size(), QSize(1200, 480));
    // The series hue (history, forecast, bands) and the run-out marker colour must both be there.
    int blue = 0, runOut = 0;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2) {
            const QColor c = image.pixelColor(x, y);
            if (c.blue() > 150 && c.red() < 60)
                ++blue;
            if (c.red() > 200 && c.green() > 70 && c.green() < 120 && c.blue() < 40)
                ++runOut;
        }
    }
    QVERIFY2(blue > 200, qPrintable(QString::number(blue)));
    QVERIFY2(runOut > 20, qPrintable(QString::number(runOut)));
}

void TestCapacityReport::pdfHasSectionsPagesAndCharts()
{
    const QString path = m_dir.filePath(QStringLiteral("report.pdf"));
    int calls = 0, lastTotal = 0;
    const report::ReportOutcome outcome
        = report::writeCapacityReport(m_plan, path, optionsFor(ReportFormat::Pdf), [&](int done, int total) {
              ++calls;
              lastTotal = total;
              return done <= total;
          });
    QVERIFY2(outcome.ok, qPrintable(outcome.error));
    QVERIFY(calls >= m_plan.resources.size());
    QCOMPARE(calls, lastTotal);
    QVERIFY(!QFile::exists(path + QStringLiteral(".part")));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.read(5).startsWith("%PDF-"));
    QCOMPARE(outcome.bytes, f.size());
    QVERIFY(outcome.pages >= 3);

    if (QStandardPaths::findExecutable(QStringLiteral("pdfinfo")).isEmpty())
        QSKIP("poppler-utils (pdfinfo, pdftotext, pdfimages) not installed");
    const QString info = run(QStringLiteral("pdfinfo"), { path });
    const QRegularExpressionMatch pages = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(info);
    QVERIFY2(pages.hasMatch(), qPrintable(info));
    QCOMPARE(pages.captured(1).toInt(), outcome.pages);

    const QString text
        = run(QStringLiteral("pdftotext"), { QStringLiteral("-layout"), path, QStringLiteral("-") });
    for (const char* expected : { "Capacity report", "Scope", "Summary", "Resources", "Charts",
             "Anomalies in the period", "Reclaimable capacity", "Assumptions and method", "Time remaining",
             "web-1", "db-1", "web-1:/var", "cache-9", "MASE" }) {
        QVERIFY2(text.contains(QLatin1String(expected)), expected);
    }
    QVERIFY(text.contains(QStringLiteral("Page 1 of %1").arg(outcome.pages)));

    // One embedded image per chart.
    const QString images = run(QStringLiteral("pdfimages"), { QStringLiteral("-list"), path });
    int imageRows = 0;
    for (const QString& line : images.split(QLatin1Char('\n')))
        if (QRegularExpression(QStringLiteral("^\\s*\\d+\\s+\\d+\\s+image\\s+\\d{3,4}\\s+\\d{3}\\s"))
                .match(line)
                .hasMatch())
            ++imageRows;
    QVERIFY2(imageRows == m_plan.resources.size(), qPrintable(images));
}

void TestCapacityReport::htmlIsSelfContained()
{
    const QString path = m_dir.filePath(QStringLiteral("report.html"));
    const report::ReportOutcome outcome
        = report::writeCapacityReport(m_plan, path, optionsFor(ReportFormat::Html));
    QVERIFY2(outcome.ok, qPrintable(outcome.error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString html = QString::fromUtf8(f.readAll());
    QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
    for (const char* external : { "http:", "https:", "<link", "url(", "<script", "@import", "file:" })
        QVERIFY2(!html.contains(QLatin1String(external), Qt::CaseInsensitive), external);
    const QRegularExpression src(QStringLiteral("src=\"([^\"]*)\""));
    int charts = 0;
    for (auto it = src.globalMatch(html); it.hasNext();) {
        const QString value = it.next().captured(1);
        QVERIFY2(value.startsWith(QLatin1String("data:image/png;base64,")), qPrintable(value.left(60)));
        const QImage image = QImage::fromData(QByteArray::fromBase64(value.mid(22).toLatin1()), "PNG");
        QVERIFY(!image.isNull());
        ++charts;
    }
    QCOMPARE(charts, m_plan.resources.size());
    for (const char* expected : { "Scope", "Summary", "Time remaining", "Anomalies in the period",
             "Reclaimable capacity", "Assumptions and method", "web-1:/var" })
        QVERIFY2(html.contains(QLatin1String(expected)), expected);
    // Status is a word as well as a colour: the Capacity page's word.
    QVERIFY(
        html.contains(QLatin1String(">Runs out</span>")) || html.contains(QLatin1String(">Order soon</span>")));
}

void TestCapacityReport::csvHasHeaderAndOneRowPerItem()
{
    const QString path = m_dir.filePath(QStringLiteral("report.csv"));
    const report::ReportOutcome outcome = report::writeCapacityReport(m_plan, path, optionsFor(ReportFormat::Csv));
    QVERIFY2(outcome.ok, qPrintable(outcome.error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QStringList> rows = parseCsv(f.readAll());
    const QStringList header = { QStringLiteral("resource"), QStringLiteral("item"), QStringLiteral("host"),
        QStringLiteral("status"), QStringLiteral("current_avg"), QStringLiteral("current_p95"),
        QStringLiteral("peak"), QStringLiteral("capacity"), QStringLiteral("ceiling"),
        QStringLiteral("headroom_pct"), QStringLiteral("growth_per_day"), QStringLiteral("time_remaining_days"),
        QStringLiteral("time_remaining_low_days"), QStringLiteral("time_remaining_high_days"),
        QStringLiteral("run_out"), QStringLiteral("order_by"), QStringLiteral("recommended_instances"),
        QStringLiteral("model"), QStringLiteral("backtest_mase"), QStringLiteral("backtest_smape"),
        QStringLiteral("unit") };
    QVERIFY(!rows.isEmpty());
    QCOMPARE(rows.first(), header);
    QCOMPARE(rows.size(), m_plan.resources.size() + 1);
    const QRegularExpression iso(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$"));
    QSet<QString> items;
    int runOuts = 0;
    for (int i = 1; i < rows.size(); ++i) {
        const QStringList& row = rows.at(i);
        QCOMPARE(row.size(), header.size());
        items.insert(row.at(1));
        for (int c : { 4, 5, 6, 7, 8, 9, 10, 11, 18 }) {
            if (row.at(c).isEmpty())
                continue;
            bool ok = false;
            row.at(c).toDouble(&ok); // QString::toDouble is the C locale: '.' decimals
            QVERIFY2(ok && !row.at(c).contains(QLatin1Char(',')), qPrintable(row.at(c)));
        }
        if (!row.at(14).isEmpty()) {
            ++runOuts;
            QVERIFY2(iso.match(row.at(14)).hasMatch(), qPrintable(row.at(14)));
            QVERIFY(!row.at(11).isEmpty());
        }
        QVERIFY(QStringList(
            { QStringLiteral("red"), QStringLiteral("amber"), QStringLiteral("green"), QStringLiteral("unknown") })
                    .contains(row.at(3)));
    }
    QVERIFY(runOuts >= 1);
    QVERIFY(items.contains(QStringLiteral("web-1:/var")));
    QVERIFY(items.contains(QStringLiteral("cache-9, \"edge\""))); // quoting round-trips
    // Soonest run-out first, like the report's table.
    QVERIFY(!rows.at(1).at(14).isEmpty());
}

void TestCapacityReport::cancelLeavesNoFile_data()
{
    QTest::addColumn<int>("format");
    QTest::newRow("pdf") << int(ReportFormat::Pdf);
    QTest::newRow("html") << int(ReportFormat::Html);
    QTest::newRow("csv") << int(ReportFormat::Csv);
}

void TestCapacityReport::cancelLeavesNoFile()
{
    QFETCH(int, format);
    const QString path = m_dir.filePath(QStringLiteral("cancelled-%1.out").arg(format));
    int calls = 0;
    const report::ReportOutcome outcome
        = report::writeCapacityReport(m_plan, path, optionsFor(ReportFormat(format)), [&](int, int) {
              ++calls;
              return false;
          });
    QCOMPARE(calls, 1);
    QVERIFY(!outcome.ok);
    QVERIFY(outcome.cancelled);
    QVERIFY(!QFile::exists(path));
    QVERIFY(!QFile::exists(path + QStringLiteral(".part")));
}

void TestCapacityReport::unwritablePathNamesTheFile()
{
    // A path below a regular file cannot be created, even by root.
    const QString blocker = m_dir.filePath(QStringLiteral("not-a-dir"));
    QFile b(blocker);
    QVERIFY(b.open(QIODevice::WriteOnly));
    b.close();
    const QString path = blocker + QStringLiteral("/report.pdf");
    for (ReportFormat format : { ReportFormat::Pdf, ReportFormat::Html, ReportFormat::Csv }) {
        const report::ReportOutcome outcome = report::writeCapacityReport(m_plan, path, optionsFor(format));
        QVERIFY(!outcome.ok);
        QVERIFY(!outcome.cancelled);
        QVERIFY2(outcome.error.contains(path), qPrintable(outcome.error));
    }
}

void TestCapacityReport::maxChartsLimitsCharts()
{
    const QString path = m_dir.filePath(QStringLiteral("limited.html"));
    report::ReportOptions options = optionsFor(ReportFormat::Html);
    options.maxCharts = 2;
    options.title = QStringLiteral("Fleet capacity, Q4");
    const report::ReportOutcome outcome = report::writeCapacityReport(m_plan, path, options);
    QVERIFY2(outcome.ok, qPrintable(outcome.error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString html = QString::fromUtf8(f.readAll());
    QCOMPARE(html.count(QLatin1String("data:image/png;base64,")), 2);
    QVERIFY(html.contains(QLatin1String("Fleet capacity, Q4")));
    QVERIFY(html.contains(QLatin1String("Only the first 2 of 7 items are charted.")));
}

QTEST_MAIN(TestCapacityReport)
#include "tst_capacity_report.moc"
