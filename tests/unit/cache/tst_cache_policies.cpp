// The L1 policies and the offline simulator: exact answers on tiny traces,
// weights, scan resistance on a deterministic Zipf + scan trace, and Belady's
// optimum as an upper bound of every policy.
#include "cache/CacheSimulator.h"
#include "cache/KeyWorkload.h"
#include "cache/ReplacementPolicy.h"

#include <QTest>

using namespace opsdeck;
using namespace opsdeck::cache;

Q_DECLARE_METATYPE(opsdeck::cache::PolicyKind)

namespace {

KeyTrace scanTrace()
{
    testsupport::KeyWorkloadOptions o;
    o.keys = 10'000;
    o.alpha = 0.9;
    o.requests = 300'000;
    o.scanEvery = 20'000;
    o.scanLength = 4'000;
    o.seed = 11;
    return KeyTrace::fromIds(testsupport::zipfWithScans(o));
}

} // namespace

class TestCachePolicies : public QObject
{
    Q_OBJECT

private slots:
    void names();
    void lruEvictsLeastRecentlyUsed();
    void weightsBoundTheCapacity_data();
    void weightsBoundTheCapacity();
    void s3fifoKeepsHitKeysThroughAScan();
    void cyclicTrace();
    void everyKeyFitsOnlyColdMisses_data();
    void everyKeyFitsOnlyColdMisses();
    void frequencyAwarePoliciesBeatLruUnderScans();
    void beladyIsAnUpperBound_data();
    void beladyIsAnUpperBound();
};

void TestCachePolicies::names()
{
    for (const PolicyKind kind : allPolicies())
        QCOMPARE(policyFromName(policyName(kind)), kind);
    QCOMPARE(policyFromName(u"TinyLFU"), PolicyKind::TinyLfu);
    QVERIFY(!policyFromName(u"arc"));
}

void TestCachePolicies::lruEvictsLeastRecentlyUsed()
{
    const auto lru = ReplacementPolicy::create(PolicyKind::Lru, 3);
    std::vector<quint64> evicted;
    for (quint64 k : { 1, 2, 3 })
        lru->insert(k, 1, &evicted);
    QVERIFY(evicted.empty());
    lru->hit(1);
    lru->insert(4, 1, &evicted);
    QCOMPARE(evicted, std::vector<quint64> { 2 });
    QCOMPARE(lru->count(), 3);
}

void TestCachePolicies::weightsBoundTheCapacity_data()
{
    QTest::addColumn<PolicyKind>("kind");
    for (const PolicyKind kind : allPolicies())
        QTest::newRow(qPrintable(policyName(kind))) << kind;
}

void TestCachePolicies::weightsBoundTheCapacity()
{
    QFETCH(PolicyKind, kind);
    const auto policy = ReplacementPolicy::create(kind, 1000);
    std::vector<quint64> evicted;
    qint64 resident = 0;
    for (quint64 k = 0; k < 500; ++k) {
        evicted.clear();
        policy->insert(k, qint64(10 + k % 90), &evicted);
        resident += 1 - qint64(evicted.size());
        QVERIFY2(policy->weight() <= 1000, qPrintable(QString::number(policy->weight())));
        QCOMPARE(policy->count(), resident);
        if (k % 3 == 0)
            policy->hit(k);
    }
    // Heavier than the whole capacity: refused, nothing else disturbed.
    const qint64 before = policy->count();
    evicted.clear();
    policy->insert(9999, 1001, &evicted);
    QCOMPARE(evicted, std::vector<quint64> { 9999 });
    QCOMPARE(policy->count(), before);
}

void TestCachePolicies::s3fifoKeepsHitKeysThroughAScan()
{
    const auto s3 = ReplacementPolicy::create(PolicyKind::S3Fifo, 10);
    std::vector<quint64> evicted;
    for (quint64 k = 0; k < 10; ++k)
        s3->insert(k, 1, &evicted);
    for (quint64 k = 0; k < 5; ++k)
        s3->hit(k);
    for (quint64 k = 100; k < 1000; ++k) // one-hit wonders
        s3->insert(k, 1, &evicted);
    for (quint64 k = 0; k < 5; ++k)
        QVERIFY2(std::find(evicted.begin(), evicted.end(), k) == evicted.end(), qPrintable(QString::number(k)));
    for (quint64 k = 5; k < 10; ++k)
        QVERIFY(std::find(evicted.begin(), evicted.end(), k) != evicted.end());

    // LRU loses them all.
    const auto lru = ReplacementPolicy::create(PolicyKind::Lru, 10);
    evicted.clear();
    for (quint64 k = 0; k < 10; ++k)
        lru->insert(k, 1, &evicted);
    for (quint64 k = 100; k < 1000; ++k)
        lru->insert(k, 1, &evicted);
    QVERIFY(std::find(evicted.begin(), evicted.end(), quint64(0)) != evicted.end());
}

// a b c a b c a b c at size 2: LRU never hits; the optimum keeps a and b.
void TestCachePolicies::cyclicTrace()
{
    const KeyTrace trace = KeyTrace::fromKeys({ "a", "b", "c", "a", "b", "c", "a", "b", "c" });
    QCOMPARE(trace.distinctKeys, 3);
    QCOMPARE(simulatePolicy(trace, PolicyKind::Lru, 2).hits, 0);
    QCOMPARE(simulateBelady(trace, 2).hits, 4);
    QCOMPARE(simulateBelady(trace, 1).hits, 2); // keeps a throughout
}

void TestCachePolicies::everyKeyFitsOnlyColdMisses_data()
{
    weightsBoundTheCapacity_data();
}

void TestCachePolicies::everyKeyFitsOnlyColdMisses()
{
    QFETCH(PolicyKind, kind);
    testsupport::KeyWorkloadOptions o;
    o.keys = 300;
    o.requests = 20'000;
    const KeyTrace trace = KeyTrace::fromIds(testsupport::zipfWithScans(o));
    const SimulationResult r = simulatePolicy(trace, kind, 400);
    QCOMPARE(r.hits, r.requests - trace.distinctKeys);
    QCOMPARE(simulateBelady(trace, 400).hits, r.hits);
}

void TestCachePolicies::frequencyAwarePoliciesBeatLruUnderScans()
{
    const KeyTrace trace = scanTrace();
    for (const qint64 size : { 500, 1000 }) {
        const double lru = simulatePolicy(trace, PolicyKind::Lru, size).hitRatio();
        const double tinylfu = simulatePolicy(trace, PolicyKind::TinyLfu, size).hitRatio();
        const double s3fifo = simulatePolicy(trace, PolicyKind::S3Fifo, size).hitRatio();
        const QString figures = QStringLiteral("size %1: lru %2 tinylfu %3 s3fifo %4")
                                    .arg(size)
                                    .arg(lru * 100, 0, 'f', 2)
                                    .arg(tinylfu * 100, 0, 'f', 2)
                                    .arg(s3fifo * 100, 0, 'f', 2);
        qInfo().noquote() << figures;
        // Margins well above run-to-run noise (there is none: the trace is fixed).
        QVERIFY2(tinylfu > lru + 0.03, qPrintable(figures));
        QVERIFY2(s3fifo > lru + 0.02, qPrintable(figures));
    }
}

void TestCachePolicies::beladyIsAnUpperBound_data()
{
    QTest::addColumn<qint64>("size");
    for (const qint64 size : { 1, 10, 100, 1000, 5000 })
        QTest::newRow(qPrintable(QString::number(size))) << size;
}

void TestCachePolicies::beladyIsAnUpperBound()
{
    QFETCH(qint64, size);
    static const KeyTrace trace = scanTrace();
    const SimulationResult optimum = simulateBelady(trace, size);
    QVERIFY(optimum.hits > 0);
    for (const PolicyKind kind : allPolicies()) {
        const SimulationResult r = simulatePolicy(trace, kind, size);
        QVERIFY2(r.hits <= optimum.hits,
            qPrintable(QStringLiteral("%1 %2 > belady %3").arg(r.policy).arg(r.hits).arg(optimum.hits)));
    }
}

QTEST_GUILESS_MAIN(TestCachePolicies)
#include "tst_cache_policies.moc"
