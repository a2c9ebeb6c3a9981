#include "scrape/TargetStatusModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using opsdeck::models::TargetStatusModel;
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

        model.setTargets({status(1, "http://a:9100/metrics", TargetHealth::Unknown),
                          status(2, "http://b:9100/metrics", TargetHealth::Up)});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.index(0, TargetStatusModel::HealthColumn).data().toString(),
                 QStringLiteral("waiting for first scrape"));
        QCOMPARE(model.index(1, TargetStatusModel::InstanceColumn).data().toString(), QStringLiteral("b:9100"));
        QCOMPARE(model.index(1, TargetStatusModel::SamplesColumn).data().toLongLong(), 512);
        QCOMPARE(model.index(1, TargetStatusModel::DurationColumn).data().toString(), QStringLiteral("12.5 ms"));

        // Same keys: updated in place, no structural change.
        model.setTargets({status(1, "http://a:9100/metrics", TargetHealth::Down, QStringLiteral("connection refused")),
                          status(2, "http://b:9100/metrics", TargetHealth::Up)});
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(model.index(0, TargetStatusModel::HealthColumn).data().toString(), QStringLiteral("down"));
        QCOMPARE(model.index(0, TargetStatusModel::ErrorColumn).data().toString(), QStringLiteral("connection refused"));
        QCOMPARE(model.index(0, 0).data(TargetStatusModel::HealthRole).toInt(), int(TargetHealth::Down));

        // Target 1 removed, 3 added.
        model.setTargets({status(2, "http://b:9100/metrics", TargetHealth::Up),
                          status(3, "http://c:9100/metrics", TargetHealth::Up)});
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
        model.setTargets({local});
        QCOMPARE(model.index(0, TargetStatusModel::TargetColumn).data().toString(),
                 QStringLiteral("this machine (built-in collector)"));
        QCOMPARE(model.index(0, TargetStatusModel::InstanceColumn).data().toString(), QStringLiteral("plant-01"));
    }
};

QTEST_GUILESS_MAIN(TestTargetStatusModel)
#include "tst_target_status_model.moc"
