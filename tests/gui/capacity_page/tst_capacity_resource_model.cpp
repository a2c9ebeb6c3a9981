// CapacityResourceModel on hand-made forecasts: status words and colours,
// units, the time remaining with its 95 % interval, sorting by time remaining
// (soonest first, no forecast last), and a what-if update in place (no reset).

#include "capacity/CapacityResourceModel.h"
#include "capacity/CapacityVocabulary.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using opsdeck::capacity::ForecastPoint;
using opsdeck::capacity::ResourceForecast;
using opsdeck::capacity::ResourceKind;
using opsdeck::capacity::ResourceStatus;

namespace {

constexpr qint64 kDay = 24LL * 3600 * 1000;
constexpr qint64 kNow = 1'790'000'000'000;

ResourceForecast resource(const QString& name, const QString& item, const QString& unit,
    std::optional<int> runOutDays, ResourceStatus status)
{
    ResourceForecast r;
    r.definition.name = name;
    r.definition.kind = name == QLatin1String("CPU") ? ResourceKind::Cpu : ResourceKind::Filesystem;
    r.definition.unit = unit;
    r.item = item;
    r.capacity = unit == QLatin1String("bytes") ? 100.0 * 1024 * 1024 * 1024 : 4;
    r.currentP95 = r.capacity * 0.5;
    r.headroomPct = 35;
    r.growthPerDay = r.capacity * 0.01;
    r.status = status;
    r.statusReason = QStringLiteral("reason for %1").arg(item);
    for (int d = 1; d <= 90; ++d) {
        ForecastPoint p;
        p.timeMs = kNow + d * kDay;
        p.value = 1;
        r.forecast.points.append(p);
    }
    r.forecast.modelName = QStringLiteral("Linear");
    r.forecast.mase = 0.734;
    if (runOutDays) {
        r.runOutMs = kNow + *runOutDays * kDay;
        r.runOutEarliestMs = kNow + (*runOutDays - 8) * kDay;
        r.runOutLatestMs = kNow + (*runOutDays + 11) * kDay;
        r.orderByMs = *r.runOutEarliestMs - 30 * kDay;
    }
    r.recommendedInstances = 3;
    return r;
}

} // namespace

class TestCapacityResourceModel : public QObject
{
    Q_OBJECT

private slots:
    void rowsReadForPeopleAndSortBySoonestRunOut()
    {
        CapacityResourceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ResourceForecast none = resource(QStringLiteral("Memory"), QStringLiteral("host-02"),
            QStringLiteral("bytes"), std::nullopt, ResourceStatus::Unknown);
        none.forecast.points.clear();
        none.problem = QStringLiteral("12 points of history; needs 48");
        const QList<ResourceForecast> rows = {
            resource(QStringLiteral("CPU"), QStringLiteral("host-01"), QStringLiteral("cores"), std::nullopt,
                ResourceStatus::Green),
            none,
            resource(QStringLiteral("Filesystem"), QStringLiteral("host-00:/"), QStringLiteral("bytes"), 41,
                ResourceStatus::Amber),
            resource(QStringLiteral("Filesystem"), QStringLiteral("host-01:/var"), QStringLiteral("bytes"), 12,
                ResourceStatus::Red),
        };
        model.setResources(rows, kNow, 90 * kDay);
        QCOMPARE(model.rowCount(), 4);

        const auto text = [&model](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(text(3, CapacityResourceModel::StatusColumn), QStringLiteral("Runs out"));
        QCOMPARE(text(0, CapacityResourceModel::StatusColumn), QStringLiteral("OK"));
        QCOMPARE(text(1, CapacityResourceModel::StatusColumn), QStringLiteral("Unknown"));
        QCOMPARE(model.index(3, CapacityResourceModel::StatusColumn).data(Qt::DecorationRole).value<QColor>(),
            CapacityVocabulary::statusColor(ResourceStatus::Red));
        QVERIFY(CapacityVocabulary::statusColor(ResourceStatus::Red)
            != CapacityVocabulary::statusColor(ResourceStatus::Amber));
        QCOMPARE(text(2, CapacityResourceModel::RemainingColumn), QStringLiteral("41 d (33–52 d)"));
        QCOMPARE(text(0, CapacityResourceModel::RemainingColumn), QStringLiteral("beyond 90 d"));
        QCOMPARE(text(1, CapacityResourceModel::RemainingColumn), QStringLiteral("–"));
        // Only the upper 95 % bound reaches the ceiling, in 8 days.
        ResourceForecast plausible = rows.at(0);
        plausible.runOutEarliestMs = kNow + 8 * kDay + 3600'000;
        QCOMPARE(CapacityVocabulary::timeRemainingText(plausible, kNow, 90 * kDay),
            QStringLiteral("beyond 90 d (8–90+ d)"));
        QCOMPARE(text(2, CapacityResourceModel::UsageColumn), QStringLiteral("50 GiB / 100 GiB"));
        QCOMPARE(text(0, CapacityResourceModel::UsageColumn), QStringLiteral("2 cores / 4 cores"));
        QCOMPARE(text(2, CapacityResourceModel::GrowthColumn), QStringLiteral("+1 GiB/d"));
        QCOMPARE(text(0, CapacityResourceModel::RecommendedColumn), QStringLiteral("3 × 4 cores"));
        QCOMPARE(text(0, CapacityResourceModel::MaseColumn), QStringLiteral("0.73"));
        QCOMPARE(model.index(1, CapacityResourceModel::ItemColumn).data(Qt::ToolTipRole).toString(), none.problem);
        QCOMPARE(model.index(3, CapacityResourceModel::ItemColumn).data(Qt::ToolTipRole).toString(),
            QStringLiteral("reason for host-01:/var"));

        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(CapacityResourceModel::SortRole);
        proxy.sort(CapacityResourceModel::RemainingColumn, Qt::AscendingOrder);
        QStringList order;
        for (int row = 0; row < proxy.rowCount(); ++row)
            order << proxy.index(row, CapacityResourceModel::ItemColumn).data().toString();
        QCOMPARE(order,
            (QStringList { QStringLiteral("host-01:/var"), QStringLiteral("host-00:/"), QStringLiteral("host-01"),
                QStringLiteral("host-02") }));
    }

    void whatIfUpdatesRowsInPlace()
    {
        CapacityResourceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<ResourceForecast> rows = {
            resource(QStringLiteral("CPU"), QStringLiteral("host-01"), QStringLiteral("cores"), std::nullopt,
                ResourceStatus::Green),
            resource(QStringLiteral("Filesystem"), QStringLiteral("host-00:/"), QStringLiteral("bytes"), 41,
                ResourceStatus::Amber),
        };
        model.setResources(rows, kNow, 90 * kDay);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        // The planner sorts again after a what-if: the same items in another order.
        std::swap(rows[0], rows[1]);
        rows[1] = resource(
            QStringLiteral("CPU"), QStringLiteral("host-01"), QStringLiteral("cores"), 5, ResourceStatus::Red);
        rows[1].growthFactor = 10;
        model.setResources(rows, kNow, 90 * kDay);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.index(0, CapacityResourceModel::ItemColumn).data().toString(), QStringLiteral("host-01"));
        QCOMPARE(
            model.index(0, CapacityResourceModel::StatusColumn).data().toString(), QStringLiteral("Runs out"));
        QCOMPARE(model.index(0, CapacityResourceModel::RemainingColumn)
                     .data(CapacityResourceModel::RemainingMsRole)
                     .toLongLong(),
            5 * kDay);
        QCOMPARE(
            model.index(0, CapacityResourceModel::GrowthColumn).data().toString(), QStringLiteral("+0.4 cores/d"));
        // ×10 puts the current p95 (half the capacity) over the 85 % ceiling.
        QCOMPARE(model.index(0, CapacityResourceModel::HeadroomColumn).data().toString(), QStringLiteral("-415%"));
        QCOMPARE(model.index(0, CapacityResourceModel::RemainingColumn).data().toString(),
            QStringLiteral("now (over the ceiling)"));

        // Other items: a reset.
        rows.removeLast();
        model.setResources(rows, kNow, 90 * kDay);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestCapacityResourceModel)
#include "tst_capacity_resource_model.moc"
