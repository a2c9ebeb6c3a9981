#include "scrape/TargetStatusModel.h"
#include "scrape/TargetStatusSortModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using opsdeck::models::TargetStatusModel;
using opsdeck::models::TargetStatusSortModel;
using opsdeck::scrape::TargetHealth;
using opsdeck::scrape::TargetStatus;

namespace {
TargetStatus status(quint64 key, const char* url, TargetHealth health, const QString& error = {})
{
    TargetStatus s;
    s.key = key;
    s.target.url = QUrl(QString::fromLatin1(url));
    s.target.job = QStringLiteral("node");
    s.health = health;
    s.lastError = error;
    if (health != TargetHealth::Unknown) {
        s.lastScrapeMs = 1'700'000'000'000;
        s.lastDurationSeconds = 0.0125;
        s.lastSamples = 512;
    }
    return s;
}
} // namespace

class TestTargetStatusModel : public QObject
{
    Q_OBJECT

private slots:
    void rowsFollowSnapshots()
    {
        TargetStatusModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        model.setTargets({ status(1, "http://a:9100/metrics", TargetHealth::Unknown),
            status(2, "http://b:9100/metrics", TargetHealth::Up) });
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.index(0, TargetStatusModel::HealthColumn).data().toString(),
            QStringLiteral("waiting for first scrape"));
        QCOMPARE(model.index(1, TargetStatusModel::InstanceColumn).data().toString(), QStringLiteral("b:9100"));
        QCOMPARE(model.index(1, TargetStatusModel::SamplesColumn).data().toLongLong(), 512);
        QCOMPARE(model.index(1, TargetStatusModel::DurationColumn).data().toString(), QStringLiteral("12.5 ms"));

        // Same keys: updated in place, no structural change.
        model.setTargets(
            { status(1, "http://a:9100/metrics", TargetHealth::Down, QStringLiteral("connection refused")),
                status(2, "http://b:9100/metrics", TargetHealth::Up) });
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(model.index(0, TargetStatusModel::HealthColumn).data().toString(), QStringLiteral("down"));
        QCOMPARE(model.index(0, TargetStatusModel::ErrorColumn).data().toString(),
            QStringLiteral("connection refused"));
        QCOMPARE(model.index(0, 0).data(TargetStatusModel::HealthRole).toInt(), int(TargetHealth::Down));

        // Target 1 removed, 3 added.
        model.setTargets({ status(2, "http://b:9100/metrics", TargetHealth::Up),
            status(3, "http://c:9100/metrics", TargetHealth::Up) });
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, 0).data(TargetStatusModel::KeyRole).toULongLong(), 2ULL);
        QCOMPARE(model.index(1, 0).data(TargetStatusModel::KeyRole).toULongLong(), 3ULL);

        model.setTargets({});
        QCOMPARE(model.rowCount(), 0);
    }

    void localSourceIsNamedPlainly()
    {
        TargetStatusModel model;
        TargetStatus local = status(7, "", TargetHealth::Up);
        local.local = true;
        local.target.instance = QStringLiteral("plant-01");
        model.setTargets({ local });
        QCOMPARE(model.index(0, TargetStatusModel::TargetColumn).data().toString(),
            QStringLiteral("this machine (built-in collector)"));
        QCOMPARE(model.index(0, TargetStatusModel::InstanceColumn).data().toString(), QStringLiteral("plant-01"));
    }

    void agentsPageColumnsAndRoles()
    {
        TargetStatusModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        TargetStatus up = status(1, "http://a:9100/metrics", TargetHealth::Up);
        up.target.id = 41;
        up.target.intervalMs = 250;
        up.target.extraLabels = { { "line", "3" }, { "env", "prod" } };
        TargetStatus down
            = status(2, "http://b:9100/metrics", TargetHealth::Down, QStringLiteral("timeout after 800 ms"));
        down.target.id = 42;
        down.target.intervalMs = 15000;
        TargetStatus local = status(3, "", TargetHealth::Unknown);
        local.local = true;
        model.setTargets({ up, down, local });

        QCOMPARE(model.columnCount(), int(TargetStatusModel::ColumnCount));
        QCOMPARE(model.headerData(TargetStatusModel::LabelsColumn, Qt::Horizontal).toString(),
            QStringLiteral("Labels"));
        QCOMPARE(
            model.index(0, TargetStatusModel::LabelsColumn).data().toString(), QStringLiteral("env=prod, line=3"));
        QCOMPARE(model.index(0, TargetStatusModel::IntervalColumn).data().toString(), QStringLiteral("250 ms"));
        QCOMPARE(model.index(1, TargetStatusModel::IntervalColumn).data().toString(), QStringLiteral("15 s"));
        QCOMPARE(model.index(0, 0).data(TargetStatusModel::TargetIdRole).toLongLong(), 41);
        QCOMPARE(model.index(2, 0).data(TargetStatusModel::TargetIdRole).toLongLong(), 0);
        QVERIFY(model.index(2, 0).data(TargetStatusModel::LocalRole).toBool());
        QVERIFY(!model.index(0, 0).data(TargetStatusModel::LocalRole).toBool());

        // Health: colour for severity only, always with text beside it.
        const auto color = [&](int row) {
            return model.index(row, 0).data(TargetStatusModel::HealthColorRole).value<QColor>();
        };
        QCOMPARE(color(0), TargetStatusModel::healthColor(TargetHealth::Up));
        QCOMPARE(color(1), TargetStatusModel::healthColor(TargetHealth::Down));
        QCOMPARE(color(2), TargetStatusModel::healthColor(TargetHealth::Unknown));
        QVERIFY(color(0).green() > color(0).red());
        QVERIFY(color(1).red() > color(1).green());
        QCOMPARE(color(2).saturation(), 0); // grey
        QCOMPARE(
            model.index(1, TargetStatusModel::HealthColumn).data(Qt::DecorationRole).value<QColor>(), color(1));
        QCOMPARE(model.index(1, TargetStatusModel::HealthColumn).data().toString(), QStringLiteral("down"));
        QCOMPARE(model.index(1, TargetStatusModel::HealthColumn).data(Qt::ToolTipRole).toString(),
            QStringLiteral("timeout after 800 ms"));
        QVERIFY(!model.index(1, TargetStatusModel::JobColumn).data(Qt::DecorationRole).isValid());
    }

    void sortModelKeepsLocalLastAndSortsByValue()
    {
        TargetStatusModel model;
        TargetStatusSortModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        TargetStatus local = status(1, "", TargetHealth::Up);
        local.local = true;
        TargetStatus a = status(2, "http://a:9100/metrics", TargetHealth::Up);
        a.lastSamples = 900;
        TargetStatus b = status(3, "http://b:9100/metrics", TargetHealth::Down);
        b.lastSamples = 80; // sorts before 900 as a number, after it as text
        TargetStatus c = status(4, "http://c:9100/metrics", TargetHealth::Unknown);
        model.setTargets({ local, a, b, c });

        const auto order = [&]() {
            QList<quint64> keys;
            for (int row = 0; row < proxy.rowCount(); ++row)
                keys.append(proxy.index(row, 0).data(TargetStatusModel::KeyRole).toULongLong());
            return keys;
        };
        proxy.sort(TargetStatusModel::HealthColumn, Qt::AscendingOrder);
        QCOMPARE(order(), (QList<quint64> { 3, 4, 2, 1 })); // down, unknown, up; this machine last
        proxy.sort(TargetStatusModel::SamplesColumn, Qt::AscendingOrder);
        QCOMPARE(order().mid(0, 2), (QList<quint64> { 4, 3 })); // c: no scrape yet (0), then 80
        QCOMPARE(order().constLast(), 1ULL);
        proxy.sort(TargetStatusModel::TargetColumn, Qt::DescendingOrder);
        QCOMPARE(order(), (QList<quint64> { 4, 3, 2, 1 }));

        proxy.setFilterFixedString(QStringLiteral("B:9100"));
        QCOMPARE(order(), (QList<quint64> { 3 }));
    }
};

QTEST_GUILESS_MAIN(TestTargetStatusModel)
#include "tst_target_status_model.moc"
