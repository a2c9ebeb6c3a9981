// L1's dynamic sizing: the online miss-ratio curve of a known workload, the
// budget it calls for, and CacheService moving L1 to it (and the Cache page's
// entries by kind).
#include "cache/CacheService.h"
#include "cache/L1Sizer.h"
#include "cache/MemoryCache.h"
#include "cache/QueryResultCache.h"
#include "Clock.h"

#include <QTest>

using namespace opsdeck;
using namespace opsdeck::cache;

namespace {

constexpr qint64 kMiB = 1024 * 1024;

QByteArray rangeKey(int i)
{
    return QByteArrayLiteral("qrc1|local|r|up{job=\"x") + QByteArray::number(i) + "\"}|step=15000|p=0";
}

} // namespace

class TestL1Sizer : public QObject
{
    Q_OBJECT

private slots:
    void curveOfALoopShowsItsWorkingSet()
    {
        // 5,000 keys read round-robin: LRU of fewer keys never hits, of 5,000 or more always
        // (after the cold misses). Sampled at 10 %, the step sits within a few % of 5,000.
        L1Sizer::Options o;
        L1Sizer sizer(o);
        for (int round = 0; round < 8; ++round)
            for (int i = 0; i < 5000; ++i)
                sizer.observe(rangeKey(i));
        const L1Curve curve = sizer.curve(1000.0);
        QVERIFY(!curve.isEmpty());
        // Lookups outside the sample are counted up to the last sampled one.
        QVERIFY2(curve.references > 39'900 && curve.references <= 40'000,
            qPrintable(QString::number(curve.references)));
        QVERIFY2(qAbs(curve.coldMissRatio - 1.0 / 8) < 0.03, qPrintable(QString::number(curve.coldMissRatio)));
        QVERIFY2(curve.maxHitRatio > 0.8 && curve.maxHitRatio <= 7.0 / 8.0 + 0.02,
            qPrintable(QString::number(curve.maxHitRatio)));
        QVERIFY(curve.hitRatioAt(4000 * 1000) < 0.1);
        QVERIFY(curve.hitRatioAt(6000 * 1000) > 0.8);

        const auto budget = L1Sizer::budgetFor(curve, o);
        QVERIFY(budget);
        // 5,000 entries of 1,000 bytes with 25 % headroom, give or take the sample.
        QVERIFY2(*budget > 5'500'000 && *budget < 7'000'000, qPrintable(QString::number(*budget)));
    }

    void budgetStaysBetweenFloorAndCeiling()
    {
        L1Sizer::Options o;
        o.floorBytes = 8 * kMiB;
        o.ceilingBytes = 32 * kMiB;
        L1Curve tiny;
        tiny.references = 10'000;
        tiny.maxHitRatio = 0.9;
        tiny.points = { { 1000, 0.9 } };
        QCOMPARE(L1Sizer::budgetFor(tiny, o), std::optional<qint64>(8 * kMiB));
        L1Curve huge = tiny;
        huge.points = { { 1000, 0.2 }, { 900 * kMiB, 0.9 } };
        QCOMPARE(L1Sizer::budgetFor(huge, o), std::optional<qint64>(32 * kMiB));
        L1Curve young = tiny;
        young.references = 100;
        QCOMPARE(L1Sizer::budgetFor(young, o), std::nullopt);
        L1Curve warming = tiny;
        warming.coldMissRatio = 0.7;
        QCOMPARE(L1Sizer::budgetFor(warming, o), std::nullopt);
        QCOMPARE(L1Sizer::budgetFor(L1Curve {}, o), std::nullopt);
    }

    void serviceShrinksL1ToTheCurveAndKeepsItsHits()
    {
        ManualClock clock(1'000'000);
        CacheConfig config;
        config.l1MaxBytes = 256 * kMiB;
        config.l3Enabled = false;
        CacheService service(config, QString(), &clock);
        QVERIFY(service.enabled());
        MultiLevelCache* cache = service.cache();
        // A working set of 12,000 entries of ~1 KiB (about 13 MiB with overhead), read in rounds.
        const QByteArray value(1000, 'v');
        const auto round = [&] {
            for (int i = 0; i < 12'000; ++i)
                cache->getOrCompute(rangeKey(i), [&] { return std::optional<QByteArray>(value); });
        };
        round();
        // While most lookups are first sightings the curve says nothing yet: L1 keeps its ceiling.
        clock.advanceMs(CacheService::kResizeIntervalMs);
        QCOMPARE(service.resizeL1(), std::nullopt);
        QCOMPARE(service.snapshot().l1BudgetBytes, 256 * kMiB);
        round();
        round();
        // The lookups move the budget on their own every few thousand; the interval
        // has passed for the call here either way.
        clock.advanceMs(CacheService::kResizeIntervalMs);
        service.resizeL1();
        const CacheSnapshot s = service.snapshot();
        const qint64 budget = s.l1BudgetBytes;
        QVERIFY2(budget < 24 * kMiB && budget > 12 * kMiB, qPrintable(QString::number(budget)));
        QVERIFY(s.l1Dynamic);
        QCOMPARE(s.l1CeilingBytes, 256 * kMiB);
        QVERIFY(s.l1Resizes >= 1);
        QVERIFY(!s.l1Curve.isEmpty());
        QCOMPARE(s.levels.first().stats.capacityBytes, budget);
        // The working set still fits: another round hits L1 (almost) every time.
        const qint64 hitsBefore = s.levels.first().stats.hits;
        round();
        const qint64 hits = service.snapshot().levels.first().stats.hits - hitsBefore;
        QVERIFY2(hits > 11'500, qPrintable(QString::number(hits)));

        // Entries by kind: all of them are range pieces.
        qint64 range = -1;
        for (const auto& k : s.l1Kinds)
            if (k.kind == QueryResultCache::EntryKind::RangePiece)
                range = k.entries;
        QCOMPARE(range, 12'000);

        // At most once per interval: without time passing, even a changed curve moves nothing.
        for (int i = 12'000; i < 40'000; ++i)
            cache->getOrCompute(rangeKey(i), [&] { return std::optional<QByteArray>(value); });
        QCOMPARE(service.resizeL1(), std::nullopt);
        QCOMPARE(service.snapshot().l1BudgetBytes, budget);
    }

    void fixedBudgetWithoutDynamic()
    {
        ManualClock clock(1'000'000);
        CacheConfig config;
        config.l1MaxBytes = 64 * kMiB;
        config.l1Dynamic = false;
        config.l3Enabled = false;
        CacheService service(config, QString(), &clock);
        const QByteArray value(1000, 'v');
        for (int r = 0; r < 2; ++r)
            for (int i = 0; i < 5000; ++i)
                service.cache()->getOrCompute(rangeKey(i), [&] { return std::optional<QByteArray>(value); });
        QCOMPARE(service.resizeL1(), std::nullopt);
        const CacheSnapshot s = service.snapshot();
        QVERIFY(!s.l1Dynamic);
        QCOMPARE(s.l1BudgetBytes, 64 * kMiB);
        QVERIFY(!s.l1Curve.isEmpty()); // measured and shown all the same
    }

    void entryKindsOfStoredKeys()
    {
        QCOMPARE(QueryResultCache::entryKind(rangeKey(1)), QueryResultCache::EntryKind::RangePiece);
        QCOMPARE(QueryResultCache::entryKind("qrc1|prom@ab12|i|up|t=5"), QueryResultCache::EntryKind::Instant);
        QCOMPARE(QueryResultCache::entryKind(QueryResultCache::storageKey(QByteArray(400, 'x'), 'i')),
            QueryResultCache::EntryKind::Instant);
        QCOMPARE(QueryResultCache::entryKind(QueryResultCache::storageKey(QByteArray(400, 'x'), 'r')),
            QueryResultCache::EntryKind::RangePiece);
        QCOMPARE(QueryResultCache::entryKind("plan|cpu"), QueryResultCache::EntryKind::Other);
    }
};

QTEST_GUILESS_MAIN(TestL1Sizer)
#include "tst_l1_sizer.moc"
