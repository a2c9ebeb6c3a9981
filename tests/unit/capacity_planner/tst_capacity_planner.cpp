// The capacity plan over a synthetic fleet whose shapes are known exactly
// (tests/support/capacity/SyntheticFleet.h): run-out dates where the fixture
// says they must be, statuses, ordering, what-if, latency sizing, cancel, and
// an empty store.
#include "capacity/CapacityPlanner.h"
#include "capacity/ErlangC.h"
#include "capacity/SyntheticFleet.h"
#include "metrics/SeriesStore.h"
#include "query/LocalQuerySource.h"

#include <QTest>

#include <cmath>
#include <memory>

using namespace opsdeck;
using namespace opsdeck::capacity;
namespace fleet = opsdeck::testsupport::fleet;

namespace {

constexpr qint64 kDay = 86'400'000;

std::unique_ptr<metrics::SeriesStore> makeStore()
{
    return std::make_unique<metrics::SeriesStore>(
        metrics::RetentionPolicy { 400 * kDay, 4LL * 1024 * 1024 * 1024 });
}

const ResourceForecast* find(const CapacityPlan& plan, ResourceKind kind, const QString& item)
{
    for (const ResourceForecast& r : plan.resources) {
        if (r.definition.kind == kind && r.item == item)
            return &r;
    }
    return nullptr;
}

ResourceDefinition definitionOf(ResourceKind kind)
{
    for (const ResourceDefinition& d : defaultResources()) {
        if (d.kind == kind)
            return d;
    }
    return {};
}

} // namespace

class TestCapacityPlanner : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void fixtureIsDeterministic();
    void defaultQueriesRun_data();
    void defaultQueriesRun();
    void filesystemRunsOutWhereTheFixtureSays();
    void flatFilesystemIsGreen();
    void sortedByTimeRemaining();
    void requestsWithoutCapacityAreUnknown();
    void whatIfGrowthBringsRunOutForward();
    void latencyTargetGivesErlangCServers();
    void progressCancels();
    void emptyStoreGivesWarning();
    void minuteStepsWithLongHorizon();

private:
    std::unique_ptr<metrics::SeriesStore> m_store;
    testsupport::SyntheticFleetOptions m_fleet;
    PlanOptions m_options;
    CapacityPlan m_plan;
};

void TestCapacityPlanner::initTestCase()
{
    m_store = makeStore();
    const QStringList instances = testsupport::fillSyntheticFleet(*m_store, m_fleet);
    QCOMPARE(instances.size(), m_fleet.hosts);
    m_options.nowMs = m_fleet.endMs;
    m_options.windowMs = m_fleet.days * kDay;
    m_options.horizonMs = 90 * kDay;
    m_options.stepMs = m_fleet.stepMs;
    m_plan = plan(query::LocalQuerySource(m_store.get()), m_options);
    QVERIFY2(m_plan.warnings.isEmpty(), qPrintable(m_plan.warnings.join(QLatin1Char('\n'))));
    QVERIFY(!m_plan.cancelled);
    QCOMPARE(m_plan.hosts, instances);
    if (qEnvironmentVariableIsSet("OPSDECK_DUMP_PLAN")) {
        for (const ResourceForecast& r : m_plan.resources)
            qInfo().noquote() << r.definition.name << r.item << r.forecast.modelName << r.forecast.seasonSteps
                              << r.forecast.mase << statusName(r.status) << r.statusReason
                              << r.recommendedInstances << r.anomalies.size();
    }
}

void TestCapacityPlanner::fixtureIsDeterministic()
{
    auto a = makeStore(), b = makeStore();
    testsupport::SyntheticFleetOptions o;
    o.days = 3;
    testsupport::fillSyntheticFleet(*a, o);
    testsupport::fillSyntheticFleet(*b, o);
    QCOMPARE(a->stats().seriesCount, b->stats().seriesCount);
    QCOMPARE(a->stats().sampleCount, b->stats().sampleCount);
    const auto refs = a->select({});
    QVERIFY(!refs.isEmpty());
    for (metrics::SeriesRef ref : refs) {
        const metrics::Labels labels = a->labels(ref);
        const auto other = b->select(
            { metrics::LabelMatcher(metrics::LabelMatcher::Type::Equal, "__name__", labels.metricName()) });
        bool found = false;
        for (metrics::SeriesRef r2 : other) {
            if (b->labels(r2) == labels) {
                found = true;
                const auto sa = a->read(ref, 0, o.endMs), sb = b->read(r2, 0, o.endMs);
                QCOMPARE(sa.size(), sb.size());
                for (qsizetype i = 0; i < sa.size(); ++i) {
                    QCOMPARE(sa[i].timestampMs, sb[i].timestampMs);
                    QCOMPARE(sa[i].value, sb[i].value);
                }
            }
        }
        QVERIFY(found);
    }
}

void TestCapacityPlanner::defaultQueriesRun_data()
{
    QTest::addColumn<QString>("usage");
    QTest::addColumn<QString>("capacity");
    QTest::addColumn<int>("items");
    QTest::addColumn<double>("minValue");
    QTest::addColumn<double>("maxValue");
    for (const ResourceDefinition& d : defaultResources()) {
        int items = 3;
        double lo = 0, hi = 0;
        switch (d.kind) {
        case ResourceKind::Cpu:
            lo = 0.1;
            hi = 4.0;
            break;
        case ResourceKind::Memory:
            lo = 4 * fleet::kGiB;
            hi = 10 * fleet::kGiB;
            break;
        case ResourceKind::Filesystem:
            items = 4;
            lo = 5 * fleet::kGiB;
            hi = 260 * fleet::kGiB;
            break; // no /run
        case ResourceKind::Requests:
            lo = 40;
            hi = 400;
            break;
        case ResourceKind::Custom:
            break;
        }
        QTest::newRow(qPrintable(resourceKindName(d.kind)))
            << d.usageQuery << d.capacityQuery << items << lo << hi;
    }
}

void TestCapacityPlanner::defaultQueriesRun()
{
    QFETCH(QString, usage);
    QFETCH(QString, capacity);
    QFETCH(int, items);
    QFETCH(double, minValue);
    QFETCH(double, maxValue);
    const query::LocalQuerySource engine(m_store.get());
    const qint64 end = (m_fleet.endMs / m_fleet.stepMs) * m_fleet.stepMs;
    const query::QueryResult r = engine.range(
        usage.replace(QLatin1String("$range"), QLatin1String("3h")), end - 2 * kDay, end, m_fleet.stepMs);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.series.size(), items);
    for (const auto& s : r.series) {
        QVERIFY(s.points.size() >= 40);
        for (const auto& p : s.points) {
            QVERIFY2(p.value >= minValue && p.value <= maxValue, qPrintable(QString::number(p.value)));
        }
    }
    if (!capacity.isEmpty()) {
        const query::QueryResult c = engine.instant(capacity, end);
        QVERIFY2(c.ok, qPrintable(c.error));
        QCOMPARE(c.series.size(), items);
    }
}

void TestCapacityPlanner::filesystemRunsOutWhereTheFixtureSays()
{
    const ResourceForecast* fs = find(m_plan, ResourceKind::Filesystem, QStringLiteral("host-00:9100:/"));
    QVERIFY(fs);
    QCOMPARE(fs->capacity, fleet::kRootFsSizeBytes);
    QVERIFY(!fs->forecast.points.isEmpty());
    QVERIFY(fs->runOutMs.has_value());
    const double daysToRunOut = double(*fs->runOutMs - m_fleet.endMs) / kDay;
    QVERIFY2(
        std::abs(daysToRunOut - fleet::kHost0RootDaysTo90Pct) <= 2.0, qPrintable(QString::number(daysToRunOut)));
    QVERIFY(fs->runOutEarliestMs && *fs->runOutEarliestMs <= *fs->runOutMs);
    QVERIFY(!fs->runOutLatestMs || *fs->runOutLatestMs >= *fs->runOutMs);
    QVERIFY(fs->orderByMs);
    QCOMPARE(*fs->orderByMs, *fs->runOutEarliestMs - qint64(fs->definition.leadTimeDays) * kDay);
    QCOMPARE(fs->status, ResourceStatus::Amber); // 50 d: after the 30 d lead time, inside lead + 90 d
    QVERIFY(!fs->statusReason.isEmpty());
    const double growthGiB = fs->growthPerDay / fleet::kGiB;
    QVERIFY2(std::abs(growthGiB - fleet::kHost0RootGrowthBytesPerDay / fleet::kGiB) < 0.05,
        qPrintable(QString::number(growthGiB)));
    // 40 GiB used of 100, ceiling 90 %: about 50 % headroom.
    QVERIFY2(std::abs(fs->headroomPct - 50.0) < 2.0, qPrintable(QString::number(fs->headroomPct)));
    QCOMPARE(fs->host, QStringLiteral("host-00:9100"));
    QCOMPARE(fs->labels.value("mountpoint"), QByteArray("/"));
    // The window's hour grid: endMs is not on the hour, so 30 d hold 720 grid points.
    const qint64 gridStart = (m_fleet.endMs - m_fleet.days * kDay + m_fleet.stepMs - 1) / m_fleet.stepMs;
    const qint64 gridEnd = m_fleet.endMs / m_fleet.stepMs;
    QCOMPARE(fs->history.values.size(), qsizetype(gridEnd - gridStart + 1));
    QCOMPARE(fs->history.startMs, gridStart * m_fleet.stepMs);
    // Needs a second disk by the horizon: 40 + 90 GiB > 90 GiB usable.
    QVERIFY(fs->recommendedInstances >= 2);

    // A lead time longer than the time remaining turns it red.
    ResourceForecast late = *fs;
    late.definition.leadTimeDays = 60;
    applyWhatIf(late, 1.0, m_fleet.endMs);
    QCOMPARE(late.status, ResourceStatus::Red);
}

void TestCapacityPlanner::flatFilesystemIsGreen()
{
    const ResourceForecast* fs = find(m_plan, ResourceKind::Filesystem, QStringLiteral("host-01:9100:/data"));
    QVERIFY(fs);
    QCOMPARE(fs->status, ResourceStatus::Green);
    QVERIFY(!fs->runOutMs);
    QVERIFY(!fs->runOutEarliestMs);
    QVERIFY(!fs->orderByMs);
    QCOMPARE(fs->currentAvg, fleet::kDataFsUsedBytes);
    QVERIFY(std::abs(fs->growthPerDay) < 1.0);
    QCOMPARE(fs->recommendedInstances, 1);
    // tmpfs is not a real filesystem.
    for (const ResourceForecast& r : m_plan.resources)
        QVERIFY2(!r.item.endsWith(QLatin1String(":/run")), qPrintable(r.item));
}

void TestCapacityPlanner::sortedByTimeRemaining()
{
    QCOMPARE(m_plan.resources.size(), 3 + 3 + 4 + 3);
    // By the run-out, or the earliest plausible one when only the upper 95 % bound gets there.
    bool seenNoRunOut = false, seenUnknown = false, seenRoot = false;
    qint64 previous = 0;
    for (const ResourceForecast& r : m_plan.resources) {
        std::optional<qint64> remaining = timeRemainingMs(r, m_fleet.endMs);
        if (!remaining && r.runOutEarliestMs)
            remaining = *r.runOutEarliestMs - m_fleet.endMs;
        if (r.item == QLatin1String("host-00:9100:/"))
            seenRoot = true;
        // The filling disk comes before every item that does not run out.
        if (!remaining && r.status != ResourceStatus::Unknown)
            QVERIFY2(seenRoot, qPrintable(r.item));
        if (r.status == ResourceStatus::Unknown) {
            seenUnknown = true;
            continue;
        }
        QVERIFY2(!seenUnknown, qPrintable(r.item)); // unknown last
        if (remaining) {
            QVERIFY2(!seenNoRunOut, qPrintable(r.item));
            QVERIFY(*remaining >= previous);
            previous = *remaining;
        } else {
            seenNoRunOut = true;
        }
    }
    QVERIFY(seenUnknown);
    QVERIFY(seenRoot);
}

void TestCapacityPlanner::requestsWithoutCapacityAreUnknown()
{
    int requests = 0;
    for (const ResourceForecast& r : m_plan.resources) {
        if (r.definition.kind != ResourceKind::Requests)
            continue;
        ++requests;
        QCOMPARE(r.status, ResourceStatus::Unknown);
        QCOMPARE(r.problem, QStringLiteral("no capacity set"));
        QVERIFY(!r.forecast.points.isEmpty()); // still forecast: the chart shows it
        QVERIFY(r.forecast.seasonSteps == 24);
    }
    QCOMPARE(requests, 3);
    QVERIFY(!m_plan.models.isEmpty());
    QCOMPARE(m_plan.reclaimable.size(), 3); // one per CPU host
}

void TestCapacityPlanner::whatIfGrowthBringsRunOutForward()
{
    CapacityPlan grown = m_plan;
    applyWhatIf(grown, 10.0);
    QCOMPARE(grown.growthFactor, 10.0);
    int cpuItems = 0;
    for (const ResourceForecast& before : m_plan.resources) {
        if (before.definition.kind != ResourceKind::Cpu)
            continue;
        ++cpuItems;
        const ResourceForecast* after = find(grown, ResourceKind::Cpu, before.item);
        QVERIFY(after);
        QVERIFY2(after->runOutEarliestMs.has_value(), qPrintable(before.item));
        if (before.runOutEarliestMs)
            QVERIFY(*after->runOutEarliestMs < *before.runOutEarliestMs);
        QVERIFY2(after->recommendedInstances > before.recommendedInstances,
            qPrintable(QStringLiteral("%1: %2 -> %3")
                           .arg(before.item)
                           .arg(before.recommendedInstances)
                           .arg(after->recommendedInstances)));
        // x10 busy cores on a 4-core host: well over the ceiling already.
        QCOMPARE(after->status, ResourceStatus::Red);
    }
    QCOMPARE(cpuItems, 3);
    // Back to x1 gives the original answers (no refit, nothing lost).
    applyWhatIf(grown, 1.0);
    for (const ResourceForecast& r : m_plan.resources) {
        const ResourceForecast* again = find(grown, r.definition.kind, r.item);
        QVERIFY(again);
        QCOMPARE(again->status, r.status);
        QCOMPARE(again->runOutMs, r.runOutMs);
        QCOMPARE(again->recommendedInstances, r.recommendedInstances);
    }
}

void TestCapacityPlanner::latencyTargetGivesErlangCServers()
{
    ResourceDefinition req = definitionOf(ResourceKind::Requests);
    req.fixedCapacity = 400.0; // req/s per instance
    req.meanServiceS = 0.05;
    req.latencyTargetS = 0.2;
    req.latencyPercentile = 0.95;
    req.costPerInstanceHour = 0.1;
    PlanOptions o = m_options;
    o.resources = { req };
    const CapacityPlan p = plan(query::LocalQuerySource(m_store.get()), o);
    QCOMPARE(p.resources.size(), 3);
    for (const ResourceForecast& r : p.resources) {
        QVERIFY(r.status != ResourceStatus::Unknown);
        QCOMPARE(r.capacity, 400.0);
        double peak = 0;
        for (const ForecastPoint& fp : r.forecast.points)
            peak = std::max(peak, fp.upper95);
        QVERIFY(peak > 50);
        const int expected = serversFor(peak, 0.05, 0.95, 0.2);
        QVERIFY(expected > 0);
        QCOMPARE(r.latencyServers, expected);
        QVERIFY(r.latencyPercentileS <= 0.2);
        QCOMPARE(r.latencyPercentileS, responseTimePercentile(peak, 0.05, expected, 0.95));
        QVERIFY(r.monthlyCostAtHorizon > 0);
    }
    // The worked example through the same path: lambda 800/s, 50 ms, p95 <= 200 ms -> 42.
    QCOMPARE(serversFor(800, 0.05, 0.95, 0.2), 42);
}

void TestCapacityPlanner::progressCancels()
{
    int calls = 0;
    int lastTotal = 0;
    const CapacityPlan p = plan(query::LocalQuerySource(m_store.get()), m_options, [&](int done, int total) {
        ++calls;
        lastTotal = total;
        return done < 2;
    });
    QVERIFY(p.cancelled);
    QCOMPARE(calls, 2);
    QCOMPARE(lastTotal, 13);
    QCOMPARE(p.resources.size(), 2);
}

void TestCapacityPlanner::emptyStoreGivesWarning()
{
    const auto empty = makeStore();
    const CapacityPlan p = plan(query::LocalQuerySource(empty.get()), m_options);
    QVERIFY(p.resources.isEmpty());
    QVERIFY(!p.warnings.isEmpty());
    QVERIFY(!p.cancelled);

    // A store with unrelated series: every default resource says it found nothing.
    auto other = makeStore();
    other->append(metrics::Labels { { "__name__", "up" }, { "instance", "x" } }, m_fleet.endMs, 1);
    const CapacityPlan q = plan(query::LocalQuerySource(other.get()), m_options);
    QVERIFY(q.resources.isEmpty());
    QCOMPARE(q.warnings.size(), defaultResources().size());

    // A bad custom query is a warning, not a crash.
    PlanOptions o = m_options;
    ResourceDefinition bad;
    bad.name = QStringLiteral("Broken");
    bad.usageQuery = QStringLiteral("sum(rate(x[$range])");
    o.resources = { bad };
    const CapacityPlan r = plan(query::LocalQuerySource(m_store.get()), o);
    QVERIFY(r.resources.isEmpty());
    QCOMPARE(r.warnings.size(), 1);
    QVERIFY2(r.warnings.first().contains(QLatin1String("Broken")), qPrintable(r.warnings.first()));
}

void TestCapacityPlanner::minuteStepsWithLongHorizon()
{
    // Two days of minute history against 90 days: forecast on a coarser step, still on time.
    auto store = makeStore();
    testsupport::SyntheticFleetOptions f;
    f.hosts = 1;
    f.days = 2;
    f.stepMs = 60'000;
    testsupport::fillSyntheticFleet(*store, f);
    PlanOptions o;
    o.nowMs = f.endMs;
    o.windowMs = 2 * kDay;
    o.stepMs = 60'000;
    o.horizonMs = 90 * kDay;
    ResourceDefinition fs = definitionOf(ResourceKind::Filesystem);
    o.resources = { fs };
    const CapacityPlan p = plan(query::LocalQuerySource(store.get()), o);
    QCOMPARE(p.resources.size(), 1); // "/" ("/run" is tmpfs)
    const ResourceForecast* root = find(p, ResourceKind::Filesystem, QStringLiteral("host-00:9100:/"));
    QVERIFY(root);
    QCOMPARE(root->history.stepMs, qint64(60'000));
    QVERIFY(root->forecast.points.size() <= 6000);
    QVERIFY(root->forecast.points.last().timeMs >= f.endMs + 89 * kDay);
    QVERIFY(root->runOutMs);
    const double daysToRunOut = double(*root->runOutMs - f.endMs) / kDay;
    QVERIFY2(
        std::abs(daysToRunOut - fleet::kHost0RootDaysTo90Pct) <= 5.0, qPrintable(QString::number(daysToRunOut)));
}

QTEST_GUILESS_MAIN(TestCapacityPlanner)
#include "tst_capacity_planner.moc"
