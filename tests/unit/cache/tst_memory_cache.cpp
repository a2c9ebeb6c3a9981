// L1: bounded by bytes, TTL on an injected clock, counters, and gets from
// several threads at once returning the right value for their key.
#include "cache/MemoryCache.h"
#include "Clock.h"

#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace opsdeck;
using namespace opsdeck::cache;

Q_DECLARE_METATYPE(opsdeck::cache::PolicyKind)

namespace {

QByteArray keyOf(int i)
{
    return QByteArrayLiteral("query:") + QByteArray::number(i);
}

CachedValue valueOf(int i, qsizetype bytes, qint64 expiresAtMs = 0)
{
    QByteArray v = QByteArray::number(i) + ':';
    v.append(QByteArray(std::max<qsizetype>(0, bytes - v.size()), 'x'));
    return CachedValue { v, expiresAtMs, 0 };
}

MemoryCache::Options options(PolicyKind kind, qint64 capacity, int shards, const Clock* clock = nullptr)
{
    MemoryCache::Options o;
    o.capacityBytes = capacity;
    o.shards = shards;
    o.policy = kind;
    o.clock = clock;
    return o;
}

} // namespace

class TestMemoryCache : public QObject
{
    Q_OBJECT

private slots:
    void policies_data();
    void evictsByBytes_data() { policies_data(); }
    void evictsByBytes();
    void heavierThanBudgetIsNotStored();
    void replacingAValueUpdatesItsBytes();
    void ttlExpiresOnTheInjectedClock();
    void purgeExpired();
    void shardsShareTheBudget();
    void concurrentGetsAndPuts_data() { policies_data(); }
    void concurrentGetsAndPuts();
    void resizesWithoutLosingWhatFits_data() { policies_data(); }
    void resizesWithoutLosingWhatFits();
    void countsEntriesByKind();
};

void TestMemoryCache::resizesWithoutLosingWhatFits()
{
    // Dynamic sizing: a smaller budget evicts down to it (counted as evictions) and
    // keeps the rest readable; a larger one holds more again.
    QFETCH(PolicyKind, kind);
    constexpr qint64 kCapacity = 64 * 1024;
    MemoryCache cache(options(kind, kCapacity, 1));
    for (int i = 0; i < 200; ++i)
        cache.put(keyOf(i), valueOf(i, 1000));
    const LevelStats full = cache.stats();
    QVERIFY(full.bytes <= kCapacity);
    QVERIFY(full.entries >= 40);

    const qint64 evicted = cache.setCapacityBytes(kCapacity / 4);
    const LevelStats small = cache.stats();
    QCOMPARE(small.capacityBytes, kCapacity / 4);
    QCOMPARE(cache.capacityBytes(), kCapacity / 4);
    QVERIFY2(small.bytes <= kCapacity / 4, qPrintable(QString::number(small.bytes)));
    QCOMPARE(evicted, full.entries - small.entries);
    QCOMPARE(small.evictions - full.evictions, evicted);
    int readable = 0;
    for (int i = 0; i < 200; ++i) {
        if (const auto v = cache.peek(keyOf(i))) {
            QCOMPARE(v->value, valueOf(i, 1000).value);
            ++readable;
        }
    }
    QCOMPARE(readable, small.entries);

    QCOMPARE(cache.setCapacityBytes(kCapacity * 2), 0);
    for (int i = 200; i < 400; ++i)
        cache.put(keyOf(i), valueOf(i, 1000));
    const LevelStats grown = cache.stats();
    QVERIFY2(grown.entries > full.entries, qPrintable(QString::number(grown.entries)));
    QVERIFY(grown.bytes <= kCapacity * 2);
}

void TestMemoryCache::countsEntriesByKind()
{
    MemoryCache cache(options(PolicyKind::S3Fifo, 1024 * 1024, 4));
    for (int i = 0; i < 30; ++i)
        cache.put(keyOf(i), valueOf(i, 100));
    cache.put(QByteArrayLiteral("other:1"), valueOf(1, 50));
    const auto counts
        = cache.countByKind(2, [](const QByteArray& key) { return key.startsWith("query:") ? 0 : 1; });
    QCOMPARE(counts.size(), size_t(2));
    QCOMPARE(counts[0].entries, 30);
    QCOMPARE(counts[1].entries, 1);
    QCOMPARE(counts[0].bytes + counts[1].bytes, cache.stats().bytes);
}

void TestMemoryCache::policies_data()
{
    QTest::addColumn<PolicyKind>("kind");
    for (const PolicyKind kind : allPolicies())
        QTest::newRow(qPrintable(policyName(kind))) << kind;
}

void TestMemoryCache::evictsByBytes()
{
    QFETCH(PolicyKind, kind);
    constexpr qint64 kCapacity = 16 * 1024;
    MemoryCache cache(options(kind, kCapacity, 1));
    const qint64 weight = MemoryCache::entryWeight(keyOf(10), valueOf(10, 1000).value);
    for (int i = 10; i < 40; ++i) {
        cache.put(keyOf(i), valueOf(i, 1000));
        const LevelStats s = cache.stats();
        QVERIFY2(s.bytes <= kCapacity, qPrintable(QString::number(s.bytes)));
    }
    const LevelStats s = cache.stats();
    // Bytes decide, not entries: as many 1 KB entries as fit into 16 KiB.
    QCOMPARE(s.entries, kCapacity / weight);
    QCOMPARE(s.bytes, s.entries * weight);
    QCOMPARE(s.evictions + s.rejected + s.entries, 30);
    QCOMPARE(cache.get(keyOf(39))->value, valueOf(39, 1000).value); // the newest is resident
    if (kind == PolicyKind::Lru)
        QVERIFY(!cache.get(keyOf(10)));
}

void TestMemoryCache::heavierThanBudgetIsNotStored()
{
    MemoryCache cache(options(PolicyKind::S3Fifo, 4096, 1));
    cache.put(keyOf(1), valueOf(1, 100));
    cache.put(keyOf(2), valueOf(2, 8192));
    QVERIFY(!cache.get(keyOf(2)));
    QVERIFY(cache.get(keyOf(1)));
    const LevelStats s = cache.stats();
    QCOMPARE(s.rejected, 1);
    QCOMPARE(s.entries, 1);
    QCOMPARE(s.evictions, 0);
}

void TestMemoryCache::replacingAValueUpdatesItsBytes()
{
    MemoryCache cache(options(PolicyKind::S3Fifo, 1 << 20, 4));
    cache.put(keyOf(1), valueOf(1, 1000));
    cache.put(keyOf(1), valueOf(1, 3000));
    const LevelStats s = cache.stats();
    QCOMPARE(s.entries, 1);
    QCOMPARE(s.bytes, MemoryCache::entryWeight(keyOf(1), valueOf(1, 3000).value));
    QCOMPARE(cache.get(keyOf(1))->value.size(), 3000);
    cache.remove(keyOf(1));
    QVERIFY(!cache.get(keyOf(1)));
    QCOMPARE(cache.stats().bytes, 0);
}

void TestMemoryCache::ttlExpiresOnTheInjectedClock()
{
    ManualClock clock(1'000'000);
    MemoryCache cache(options(PolicyKind::S3Fifo, 1 << 20, 4, &clock));
    cache.put(keyOf(1), valueOf(1, 10, 1'000'000 + 5'000));
    cache.put(keyOf(2), valueOf(2, 10, 0)); // no expiry
    clock.advanceMs(4'999);
    QVERIFY(cache.get(keyOf(1)));
    clock.advanceMs(1);
    QVERIFY(!cache.get(keyOf(1)));
    QVERIFY(!cache.peek(keyOf(1)));
    clock.advanceMs(365LL * 86'400'000);
    QVERIFY(cache.get(keyOf(2)));
    const LevelStats s = cache.stats();
    QCOMPARE(s.expirations, 1);
    QCOMPARE(s.hits, 2);
    QCOMPARE(s.misses, 1);
    QCOMPARE(s.entries, 1);
}

void TestMemoryCache::purgeExpired()
{
    ManualClock clock(0);
    MemoryCache cache(options(PolicyKind::Lru, 1 << 20, 4, &clock));
    for (int i = 0; i < 100; ++i)
        cache.put(keyOf(i), valueOf(i, 10, i < 60 ? 1'000 : 10'000));
    clock.setNowMs(1'000);
    QCOMPARE(cache.purgeExpired(), 60);
    const LevelStats s = cache.stats();
    QCOMPARE(s.entries, 40);
    QCOMPARE(s.expirations, 60);
}

void TestMemoryCache::shardsShareTheBudget()
{
    constexpr qint64 kCapacity = 256 * 1024;
    MemoryCache cache(options(PolicyKind::TinyLfu, kCapacity, 16));
    for (int i = 0; i < 5'000; ++i)
        cache.put(keyOf(i), valueOf(i, 200 + i % 700));
    const LevelStats s = cache.stats();
    QVERIFY(s.bytes <= kCapacity);
    QVERIFY2(s.bytes > kCapacity * 3 / 4, qPrintable(QString::number(s.bytes))); // and uses it
    QCOMPARE(s.entries + s.evictions + s.rejected, 5'000);
}

// Readers on several threads while a writer replaces values: every hit is the
// value of the key asked for, and nothing is lost from the counters.
void TestMemoryCache::concurrentGetsAndPuts()
{
    QFETCH(PolicyKind, kind);
    constexpr int kKeys = 2'000;
    constexpr int kReaders = 4;
    constexpr int kGets = 50'000;
    MemoryCache cache(options(kind, 64 << 20, 16));
    for (int i = 0; i < kKeys; ++i)
        cache.put(keyOf(i), valueOf(i, 64));

    std::atomic<int> wrong { 0 };
    std::atomic<int> missing { 0 };
    std::atomic<bool> stop { false };
    std::vector<std::thread> threads;
    for (int t = 0; t < kReaders; ++t) {
        threads.emplace_back([&, t] {
            for (int n = 0; n < kGets; ++n) {
                const int i = (n * 7 + t * 13) % kKeys;
                const auto v = cache.get(keyOf(i));
                if (!v)
                    missing.fetch_add(1);
                else if (!v->value.startsWith(QByteArray(QByteArray::number(i) + ':')))
                    wrong.fetch_add(1);
            }
        });
    }
    std::thread writer([&] {
        for (int n = 0; !stop.load(); ++n)
            cache.put(keyOf(n % kKeys), valueOf(n % kKeys, 64 + n % 32));
    });
    for (auto& th : threads)
        th.join();
    stop = true;
    writer.join();
    QCOMPARE(wrong.load(), 0);
    QCOMPARE(missing.load(), 0); // 64 MiB holds every key: nothing may be evicted
    const LevelStats s = cache.stats();
    QCOMPARE(s.hits, qint64(kReaders) * kGets);
    QCOMPARE(s.entries, kKeys);
}

QTEST_GUILESS_MAIN(TestMemoryCache)
#include "tst_memory_cache.moc"
