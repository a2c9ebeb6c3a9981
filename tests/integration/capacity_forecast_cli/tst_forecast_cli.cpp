// `opsdeck forecast` end to end: the real binary over a real state database.
#include "capacity/CapacityPlanner.h"
#include "capacity/HistoryLoader.h"
#include "capacity/Rollup.h"
#include "capacity/RollupRepository.h"
#include "capacity/SyntheticFleet.h"
#include "metrics/SeriesStore.h"
#include "ProgramRun.h"
#include "query/LocalQuerySource.h"
#include "storage/Database.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace opsdeck;

namespace {

constexpr qint64 kDay = 86'400'000;

struct Cli
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Cli run(const QStringList& args, int timeoutMs = 120'000)
{
    const auto r = opsdeck::testsupport::runProgram(QStringLiteral(OPSDECK_BIN), args, timeoutMs);
    return Cli { r.exitCode, r.out, r.err };
}

QString nabFile()
{
    return QStringLiteral(OPSDECK_SHARED_DATA "/nab/ec2_cpu_utilization_24ae8d.csv");
}

// Every point: times on the step, bounds nested around the value.
void checkPoints(const QJsonArray& points, int expected, double stepSeconds)
{
    QCOMPARE(points.size(), expected);
    double previous = 0;
    for (const QJsonValue& v : points) {
        const QJsonObject p = v.toObject();
        const double t = p.value(QStringLiteral("timestamp")).toDouble();
        QVERIFY(!p.value(QStringLiteral("time")).toString().isEmpty());
        if (previous > 0)
            QCOMPARE(t - previous, stepSeconds);
        previous = t;
        const double value = p.value(QStringLiteral("value")).toDouble(std::nan(""));
        const double l80 = p.value(QStringLiteral("lower80")).toDouble(std::nan(""));
        const double u80 = p.value(QStringLiteral("upper80")).toDouble(std::nan(""));
        const double l95 = p.value(QStringLiteral("lower95")).toDouble(std::nan(""));
        const double u95 = p.value(QStringLiteral("upper95")).toDouble(std::nan(""));
        QVERIFY(std::isfinite(value) && std::isfinite(l80) && std::isfinite(u80) && std::isfinite(l95)
            && std::isfinite(u95));
        QVERIFY(l95 <= l80 && l80 <= value && value <= u80 && u80 <= u95);
        QVERIFY(u95 > l95); // a noisy series has real intervals
    }
}

} // namespace

class TestForecastCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void importedNabSeries();
    void rollupsFromTheFleet();
    void planOverLoadedHistory();
    void tableOutput();
    void errors();
};

void TestForecastCli::importedNabSeries()
{
    QVERIFY2(QFileInfo::exists(nabFile()),
        qPrintable(nabFile()
            + QStringLiteral(" does not exist: the NAB data (OPSDECK_SHARED_DATA, ../shared/data next to the "
                             "checkout) is missing")));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Cli imp = run({ QStringLiteral("import"), QStringLiteral("history"), nabFile(),
        QStringLiteral("--metric"), QStringLiteral("cpu"), QStringLiteral("--label"), QStringLiteral("host=a"),
        QStringLiteral("--data-dir"), dir.path() });
    QVERIFY2(imp.exitCode == 0, imp.err.constData());

    const Cli f = run({ QStringLiteral("forecast"), QStringLiteral("cpu{host=\"a\"}"), QStringLiteral("--horizon"),
        QStringLiteral("1d"), QStringLiteral("--json"), QStringLiteral("--data-dir"), dir.path() });
    QVERIFY2(f.exitCode == 0, f.err.constData());
    QJsonParseError pe;
    const QJsonObject doc = QJsonDocument::fromJson(f.out, &pe).object();
    QVERIFY2(pe.error == QJsonParseError::NoError, qPrintable(pe.errorString()));
    QCOMPARE(doc.value(QStringLiteral("stepSeconds")).toDouble(), 3600.0); // 7d window: hour rollups
    QCOMPARE(doc.value(QStringLiteral("horizonSeconds")).toDouble(), 86400.0);
    // The window ends at the newest imported data (2014), not now.
    QVERIFY(doc.value(QStringLiteral("to")).toString().startsWith(QLatin1String("2014-")));
    const QJsonArray series = doc.value(QStringLiteral("series")).toArray();
    QCOMPARE(series.size(), 1);
    const QJsonObject s = series.first().toObject();
    QCOMPARE(s.value(QStringLiteral("labels")).toObject().value(QStringLiteral("host")).toString(),
        QStringLiteral("a"));
    QCOMPARE(s.value(QStringLiteral("labels")).toObject().value(QStringLiteral("__name__")).toString(),
        QStringLiteral("cpu"));
    const QString model = s.value(QStringLiteral("model")).toString();
    QVERIFY2(QStringList({ QStringLiteral("linear"), QStringLiteral("polynomial-2"),
                             QStringLiteral("polynomial-3"), QStringLiteral("exponential"), QStringLiteral("holt"),
                             QStringLiteral("holt-winters"), QStringLiteral("linear+season") })
                 .contains(model),
        qPrintable(model));
    const double mase = s.value(QStringLiteral("mase")).toDouble(std::nan(""));
    QVERIFY2(std::isfinite(mase) && mase > 0, qPrintable(QString::number(mase)));
    QVERIFY(std::isfinite(s.value(QStringLiteral("smape")).toDouble(std::nan(""))));
    QVERIFY(s.value(QStringLiteral("historyPoints")).toDouble() >= 24 * 6);
    QVERIFY(!s.value(QStringLiteral("scores")).toArray().isEmpty());
    checkPoints(s.value(QStringLiteral("points")).toArray(), 24, 3600.0);
}

void TestForecastCli::rollupsFromTheFleet()
{
    // Hour rollups written straight through the repository: no import involved.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    testsupport::SyntheticFleetOptions fleetOptions;
    fleetOptions.hosts = 2;
    {
        metrics::SeriesStore store(metrics::RetentionPolicy { 400 * kDay, 1LL << 32 });
        testsupport::fillSyntheticFleet(store, fleetOptions);
        const auto rolled = capacity::rollupStore(store, capacity::RollupResolution::Hour,
            fleetOptions.endMs - fleetOptions.days * kDay, fleetOptions.endMs + 1);
        QVERIFY(!rolled.isEmpty());
        storage::Database db;
        QVERIFY2(db.open(dir.path()), qPrintable(db.lastError()));
        capacity::RollupRepository repo(db);
        QVERIFY2(repo.write(capacity::RollupResolution::Hour, rolled), qPrintable(repo.lastError()));
    }
    const QString used
        = QStringLiteral("node_filesystem_size_bytes{instance=\"host-00:9100\",mountpoint=\"/\"}"
                         " - node_filesystem_avail_bytes{instance=\"host-00:9100\",mountpoint=\"/\"}");
    const Cli f = run({ QStringLiteral("forecast"), used, QStringLiteral("--horizon"), QStringLiteral("30d"),
        QStringLiteral("--window"), QStringLiteral("30d"), QStringLiteral("--json"), QStringLiteral("--data-dir"),
        dir.path() });
    QVERIFY2(f.exitCode == 0, f.err.constData());
    const QJsonObject doc = QJsonDocument::fromJson(f.out).object();
    const QJsonArray series = doc.value(QStringLiteral("series")).toArray();
    QCOMPARE(series.size(), 1);
    const QJsonArray points = series.first().toObject().value(QStringLiteral("points")).toArray();
    checkPoints(points, 30 * 24, 3600.0);
    // The fixture grows 1 GiB a day from 40 GiB at its end.
    const double first = points.first().toObject().value(QStringLiteral("value")).toDouble();
    const double last = points.last().toObject().value(QStringLiteral("value")).toDouble();
    const double perDay = (last - first) / (double(points.size() - 1) / 24.0);
    QVERIFY2(std::abs(perDay / testsupport::fleet::kHost0RootGrowthBytesPerDay - 1.0) < 0.05,
        qPrintable(QString::number(perDay)));
    QVERIFY(std::abs(first - testsupport::fleet::kHost0RootUsedAtEndBytes) < 2 * testsupport::fleet::kGiB);

    // The table form of the same forecast.
    const Cli t = run({ QStringLiteral("forecast"), used, QStringLiteral("--horizon"), QStringLiteral("2d"),
        QStringLiteral("--window"), QStringLiteral("30d"), QStringLiteral("--data-dir"), dir.path() });
    QVERIFY2(t.exitCode == 0, t.err.constData());
    QVERIFY2(t.out.contains("model: "), t.out.constData());
    QVERIFY(t.out.contains("MASE: "));
    QVERIFY(t.out.contains("UPPER95"));
    QCOMPARE(t.out.count('\n'), 1 + 1 + 1 + 48 + 1); // labels, model line, header, 48 points, blank
}

void TestForecastCli::planOverLoadedHistory()
{
    // The planner over what the history loader builds from SQLite rollups
    // (counters as the bucket's last value at the bucket start).
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    testsupport::SyntheticFleetOptions fleetOptions;
    fleetOptions.hosts = 2;
    storage::Database db;
    QVERIFY2(db.open(dir.path()), qPrintable(db.lastError()));
    {
        metrics::SeriesStore store(metrics::RetentionPolicy { 400 * kDay, 1LL << 32 });
        testsupport::fillSyntheticFleet(store, fleetOptions);
        const auto rolled = capacity::rollupStore(store, capacity::RollupResolution::Hour,
            fleetOptions.endMs - fleetOptions.days * kDay, fleetOptions.endMs + 1);
        capacity::RollupRepository repo(db);
        QVERIFY2(repo.write(capacity::RollupResolution::Hour, rolled), qPrintable(repo.lastError()));
    }
    capacity::PlanOptions options;
    options.nowMs = fleetOptions.endMs;
    options.windowMs = fleetOptions.days * kDay;
    options.stepMs = capacity::defaultStepForWindow(options.windowMs);
    QCOMPARE(options.stepMs, qint64(3'600'000));
    const capacity::HistoryLoad load = capacity::loadHistory(
        db, capacity::HistoryWindow { options.nowMs - options.windowMs, options.nowMs + 1, options.stepMs });
    QVERIFY2(load.store, qPrintable(load.error));
    const capacity::CapacityPlan plan = capacity::plan(query::LocalQuerySource(load.store.get()), options);
    QVERIFY2(plan.warnings.isEmpty(), qPrintable(plan.warnings.join(QLatin1Char('\n'))));
    QCOMPARE(plan.hosts.size(), 2);
    QCOMPARE(plan.resources.size(), 2 + 2 + 3 + 2); // CPU, memory, "/" x2 + "/data", requests
    const capacity::ResourceForecast* root = nullptr;
    for (const capacity::ResourceForecast& r : plan.resources) {
        if (r.definition.kind == capacity::ResourceKind::Filesystem && r.item == QLatin1String("host-00:9100:/"))
            root = &r;
        if (r.definition.kind == capacity::ResourceKind::Cpu) {
            // Busy cores from the rolled-up counters: about base + h * 0.5 on average.
            QVERIFY2(r.currentAvg > 0.5 && r.currentAvg < 2.5, qPrintable(QString::number(r.currentAvg)));
            QCOMPARE(r.capacity, 4.0);
        }
    }
    QVERIFY(root);
    QVERIFY(root->runOutMs);
    const double daysToRunOut = double(*root->runOutMs - fleetOptions.endMs) / kDay;
    QVERIFY2(std::abs(daysToRunOut - testsupport::fleet::kHost0RootDaysTo90Pct) <= 2.0,
        qPrintable(QString::number(daysToRunOut)));
}

void TestForecastCli::tableOutput()
{
    // Covered with real data in rollupsFromTheFleet; here: --help is not an error.
    const Cli h = run({ QStringLiteral("forecast"), QStringLiteral("--help") });
    QCOMPARE(h.exitCode, 0);
    QVERIFY(h.out.contains("--horizon"));
}

void TestForecastCli::errors()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // Usage errors: exit 2.
    Cli r = run({ QStringLiteral("forecast"), QStringLiteral("up"), QStringLiteral("--data-dir"), dir.path() });
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--horizon"), r.err.constData());
    r = run(
        { QStringLiteral("forecast"), QStringLiteral("up"), QStringLiteral("--horizon"), QStringLiteral("soon") });
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("soon"));
    // A bad query names the position: exit 1.
    r = run({ QStringLiteral("forecast"), QStringLiteral("sum(rate(x[5m])"), QStringLiteral("--horizon"),
        QStringLiteral("1d"), QStringLiteral("--data-dir"), dir.path() });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("bad query: 1:"), r.err.constData());
    // An empty database: says what to do.
    r = run({ QStringLiteral("forecast"), QStringLiteral("up"), QStringLiteral("--horizon"), QStringLiteral("1d"),
        QStringLiteral("--data-dir"), dir.path() });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("no capacity history between"), r.err.constData());
    QVERIFY(r.err.contains("opsdeck import history"));
    QVERIFY(r.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestForecastCli)
#include "tst_forecast_cli.moc"
