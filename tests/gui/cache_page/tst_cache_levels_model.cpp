// CacheLevelsModel: rates between two snapshots (the hit ratio of the last
// interval, not the lifetime one), and the table's cells.
#include "cache/CacheLevelsModel.h"

#include <QTest>

using opsdeck::cache::CacheSnapshot;
using opsdeck::cache::LevelSnapshot;
using opsdeck::models::CacheLevelsModel;

namespace {

LevelSnapshot level(const QString& name, qint64 hits, qint64 misses, qint64 evictions)
{
    LevelSnapshot l;
    l.stats.level = name;
    l.stats.hits = hits;
    l.stats.misses = misses;
    l.stats.evictions = evictions;
    l.stats.bytes = 3 * 1024 * 1024;
    l.stats.capacityBytes = 256LL * 1024 * 1024;
    l.stats.entries = 1200;
    return l;
}

CacheSnapshot snapshot(qint64 atMs, QList<LevelSnapshot> levels)
{
    CacheSnapshot s;
    s.enabled = true;
    s.takenAt = QDateTime::fromMSecsSinceEpoch(atMs);
    s.levels = std::move(levels);
    return s;
}

} // namespace

class TestCacheLevelsModel : public QObject
{
    Q_OBJECT

private slots:
    void intervalRatioNotLifetime()
    {
        // Lifetime: 900 hits of 1000; the last 2 s: 10 hits of 100 lookups.
        const auto before = snapshot(10'000, { level(QStringLiteral("L1 memory"), 890, 10, 0) });
        const auto after = snapshot(12'000, { level(QStringLiteral("L1 memory"), 900, 100, 40) });
        const auto rates = CacheLevelsModel::ratesBetween(before, after);
        QCOMPARE(rates.size(), 1);
        QVERIFY(rates[0].hitRatio);
        QCOMPARE(*rates[0].hitRatio, 0.1);
        QCOMPARE(rates[0].lookupsPerSecond, 50.0);
        QCOMPARE(rates[0].evictionsPerSecond, 20.0);
        QCOMPARE(rates[0].intervalSeconds, 2.0);
    }

    void noLookupsNoRatio()
    {
        const auto a = snapshot(0, { level(QStringLiteral("L1 memory"), 5, 5, 0) });
        const auto b = snapshot(1000, { level(QStringLiteral("L1 memory"), 5, 5, 0) });
        const auto rates = CacheLevelsModel::ratesBetween(a, b);
        QVERIFY(!rates[0].hitRatio);
        QCOMPARE(rates[0].lookupsPerSecond, 0.0);
    }

    void newLevelHasNoRates()
    {
        const auto a = snapshot(0, { level(QStringLiteral("L1 memory"), 5, 5, 0) });
        const auto b = snapshot(
            1000, { level(QStringLiteral("L1 memory"), 6, 5, 0), level(QStringLiteral("L3 database"), 1, 1, 0) });
        const auto rates = CacheLevelsModel::ratesBetween(a, b);
        QCOMPARE(rates.size(), 2);
        QVERIFY(rates[0].hitRatio);
        QVERIFY(!rates[1].hitRatio);
    }

    void cells()
    {
        CacheLevelsModel model;
        model.setSnapshot(snapshot(0, { level(QStringLiteral("L1 memory"), 0, 0, 0) }));
        model.setSnapshot(snapshot(1000, { level(QStringLiteral("L1 memory"), 3, 1, 0) }));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, CacheLevelsModel::Level).data().toString(), QStringLiteral("L1 memory"));
        QCOMPARE(model.index(0, CacheLevelsModel::HitRatio).data().toString(), QStringLiteral("75%"));
        QCOMPARE(model.index(0, CacheLevelsModel::Size).data().toString(), QStringLiteral("3 MiB of 256 MiB"));
        QCOMPARE(model.index(0, CacheLevelsModel::LatencyP99).data().toString(), QStringLiteral("–"));
        QCOMPARE(
            model.headerData(CacheLevelsModel::HitRatio, Qt::Horizontal).toString(), QStringLiteral("Hit ratio"));
    }
};

QTEST_GUILESS_MAIN(TestCacheLevelsModel)
#include "tst_cache_levels_model.moc"
