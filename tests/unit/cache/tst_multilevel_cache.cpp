// The lookup over levels: fill on the way back, single-flight under threads,
// failures not cached, TTL jitter, and XFetch early refresh on an injected
// clock and random source (so a hot key never expires, and without XFetch it does).
#include "cache/MemoryCache.h"
#include "cache/MultiLevelCache.h"
#include "Clock.h"

#include <QTest>

#include <atomic>
#include <chrono>
#include <functional>
#include <random>
#include <thread>
#include <vector>

using namespace opsdeck;
using namespace opsdeck::cache;

namespace {

MemoryCache::Options memory(const Clock* clock)
{
    MemoryCache::Options o;
    o.capacityBytes = 1 << 20;
    o.shards = 4;
    o.clock = clock;
    return o;
}

} // namespace

class TestMultiLevelCache : public QObject
{
    Q_OBJECT

private slots:
    void slowerLevelHitFillsFasterLevels();
    void missComputesOnceAndFillsEveryLevel();
    void singleFlightUnderThreads();
    void failuresAreNotCached();
    void ttlJitterShortensWithinBounds();
    void xfetchRule_data();
    void xfetchRule();
    void xfetchRefreshesEarlyInTheBackground();
    void hotKeyNeverExpiresUnderLoad();
    void invalidateDropsEveryLevel();
};

void TestMultiLevelCache::slowerLevelHitFillsFasterLevels()
{
    ManualClock clock(1'000);
    MemoryCache l1(memory(&clock)), l2(memory(&clock));
    MultiLevelCache cache({ &l1, &l2 }, MultiLevelCache::Options { 60'000, 0.0, 1.0, &clock, {}, {} });
    l2.put("k", CachedValue { "from-l2", 50'000, 5 });
    int computed = 0;
    const auto v = cache.getOrCompute("k", [&] {
        ++computed;
        return std::optional<QByteArray>("computed");
    });
    QCOMPARE(*v, QByteArray("from-l2"));
    QCOMPARE(computed, 0);
    const auto filled = l1.peek("k");
    QVERIFY(filled);
    QCOMPARE(filled->value, QByteArray("from-l2"));
    QCOMPARE(filled->expiresAtMs, 50'000); // the expiry travels with the value
    QCOMPARE(l1.stats().misses, 1);
    QCOMPARE(l2.stats().hits, 1);
    QCOMPARE(*cache.get("k"), QByteArray("from-l2"));
    QCOMPARE(l1.stats().hits, 1);
}

void TestMultiLevelCache::missComputesOnceAndFillsEveryLevel()
{
    ManualClock clock(0);
    MemoryCache l1(memory(&clock)), l2(memory(&clock));
    MultiLevelCache cache({ &l1, &l2 }, MultiLevelCache::Options { 10'000, 0.0, 0.0, &clock, {}, {} });
    int computed = 0;
    auto compute = [&] {
        ++computed;
        clock.advanceMs(30);
        return std::optional<QByteArray>("v");
    };
    QCOMPARE(*cache.getOrCompute("k", compute), QByteArray("v"));
    QCOMPARE(*cache.getOrCompute("k", compute), QByteArray("v"));
    QCOMPARE(computed, 1);
    for (MemoryCache* level : { &l1, &l2 }) {
        const auto stored = level->peek("k");
        QVERIFY(stored);
        QCOMPARE(stored->computeMs, 30);
        QCOMPARE(stored->expiresAtMs, 30 + 10'000);
    }
    clock.advanceMs(10'000);
    QCOMPARE(*cache.getOrCompute("k", compute), QByteArray("v"));
    QCOMPARE(computed, 2); // expired in both levels
}

// Eight threads miss the same key at once; the computation waits until the
// other seven are waiting for it, so a cache without single-flight would run
// it eight times (and each would time out waiting).
void TestMultiLevelCache::singleFlightUnderThreads()
{
    constexpr int kThreads = 8;
    MemoryCache l1(memory(nullptr));
    MultiLevelCache cache({ &l1 });
    std::atomic<int> computed { 0 };
    std::atomic<bool> sawAllWaiting { false };
    auto compute = [&] {
        computed.fetch_add(1);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (cache.stats().coalesced < kThreads - 1 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        sawAllWaiting = cache.stats().coalesced == kThreads - 1;
        return std::optional<QByteArray>("result");
    };
    std::vector<std::optional<QByteArray>> results(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] { results[size_t(t)] = cache.getOrCompute("hot", compute); });
    for (auto& th : threads)
        th.join();
    QCOMPARE(computed.load(), 1);
    QVERIFY(sawAllWaiting.load());
    for (const auto& r : results)
        QCOMPARE(r.value_or("none"), QByteArray("result"));
    const MultiLevelCache::Stats s = cache.stats();
    QCOMPARE(s.computes, 1);
    QCOMPARE(s.coalesced, kThreads - 1);
}

void TestMultiLevelCache::failuresAreNotCached()
{
    MemoryCache l1(memory(nullptr));
    MultiLevelCache cache({ &l1 });
    int computed = 0;
    auto failing = [&] {
        ++computed;
        return std::optional<QByteArray>();
    };
    QVERIFY(!cache.getOrCompute("k", failing));
    QVERIFY(!cache.getOrCompute("k", failing));
    QCOMPARE(computed, 2);
    QCOMPARE(cache.stats().computeFailures, 2);
    QCOMPARE(l1.stats().entries, 0);
}

void TestMultiLevelCache::ttlJitterShortensWithinBounds()
{
    ManualClock clock(0);
    MemoryCache l1(memory(&clock));
    double u = 1.0;
    MultiLevelCache cache({ &l1 }, MultiLevelCache::Options { 1'000, 0.2, 0.0, &clock, [&] { return u; }, {} });
    cache.put("a", "1");
    QCOMPARE(l1.peek("a")->expiresAtMs, 800);
    u = 0.5;
    cache.put("b", "1");
    QCOMPARE(l1.peek("b")->expiresAtMs, 900);
    cache.put("c", "1", 0);
    QCOMPARE(l1.peek("c")->expiresAtMs, 0); // no expiry, no jitter
}

void TestMultiLevelCache::xfetchRule_data()
{
    QTest::addColumn<qint64>("now");
    QTest::addColumn<qint64>("computeMs");
    QTest::addColumn<double>("beta");
    QTest::addColumn<double>("u");
    QTest::addColumn<bool>("refresh");
    // expiry 10'000 in every row; -ln(0.5) = 0.693, -ln(0.01) = 4.6
    QTest::newRow("far from expiry") << qint64(5'000) << qint64(100) << 1.0 << 0.5 << false;
    QTest::newRow("within delta*ln") << qint64(9'940) << qint64(100) << 1.0 << 0.5 << true;
    QTest::newRow("just outside") << qint64(9'920) << qint64(100) << 1.0 << 0.5 << false;
    QTest::newRow("unlucky draw") << qint64(9'600) << qint64(100) << 1.0 << 0.01 << true;
    QTest::newRow("beta 2 earlier") << qint64(9'870) << qint64(100) << 2.0 << 0.5 << true;
    QTest::newRow("u=1 only at expiry") << qint64(9'999) << qint64(100) << 1.0 << 1.0 << false;
    QTest::newRow("at expiry") << qint64(10'000) << qint64(100) << 1.0 << 1.0 << true;
    QTest::newRow("beta 0 is off") << qint64(9'999) << qint64(100) << 0.0 << 0.01 << false;
}

void TestMultiLevelCache::xfetchRule()
{
    QFETCH(qint64, now);
    QFETCH(qint64, computeMs);
    QFETCH(double, beta);
    QFETCH(double, u);
    QFETCH(bool, refresh);
    QCOMPARE(MultiLevelCache::shouldRefreshEarly(now, 10'000, computeMs, beta, u), refresh);
    QVERIFY(!MultiLevelCache::shouldRefreshEarly(now, 0, computeMs, beta, u)); // no expiry, no refresh
}

void TestMultiLevelCache::xfetchRefreshesEarlyInTheBackground()
{
    ManualClock clock(0);
    MemoryCache l1(memory(&clock));
    std::vector<std::function<void()>> queued;
    MultiLevelCache cache({ &l1 },
        MultiLevelCache::Options { 10'000, 0.0, 1.0, &clock, [] { return 0.5; },
            [&](std::function<void()> task) { queued.push_back(std::move(task)); } });
    int version = 0;
    auto compute = [&] {
        clock.advanceMs(100); // delta = 100 ms
        return std::optional<QByteArray>("v" + QByteArray::number(++version));
    };
    QCOMPARE(*cache.getOrCompute("k", compute), QByteArray("v1")); // expires at 10'100
    clock.setNowMs(5'000);
    QCOMPARE(*cache.getOrCompute("k", compute), QByteArray("v1"));
    QVERIFY(queued.empty());
    clock.setNowMs(10'050); // 10'050 + 100 * 0.693 >= 10'100
    QCOMPARE(*cache.getOrCompute("k", compute), QByteArray("v1")); // still served, refresh queued
    QCOMPARE(queued.size(), size_t(1));
    QCOMPARE(*cache.getOrCompute("k", compute), QByteArray("v1"));
    QCOMPARE(queued.size(), size_t(1)); // one refresh in flight, not one per hit
    QCOMPARE(cache.stats().earlyRefreshes, 1);
    queued.front()();
    QCOMPARE(*cache.getOrCompute("k", compute), QByteArray("v2"));
    QCOMPARE(l1.peek("k")->expiresAtMs, 10'150 + 10'000);
    QCOMPARE(version, 2);
    cache.waitForRefreshes();
}

// A key read every 5 ms with a 1 s TTL and a 50 ms computation, for 100 s of
// clock time: with XFetch (refresh run at once) only the first read misses;
// with it off, the key expires about 100 times.
void TestMultiLevelCache::hotKeyNeverExpiresUnderLoad()
{
    for (const double beta : { 1.0, 0.0 }) {
        ManualClock clock(0);
        MemoryCache l1(memory(&clock));
        std::mt19937_64 rng(3);
        MultiLevelCache cache({ &l1 },
            MultiLevelCache::Options { 1'000, 0.1, beta, &clock,
                [&] { return double((rng() >> 11) + 1) * 0x1p-53; }, [](std::function<void()> task) { task(); } });
        auto compute = [&] {
            clock.advanceMs(50);
            return std::optional<QByteArray>("value");
        };
        while (clock.nowMs() < 100'000) {
            QVERIFY(cache.getOrCompute("hot", compute));
            clock.advanceMs(5);
        }
        const MultiLevelCache::Stats s = cache.stats();
        const qint64 misses = s.computes - s.earlyRefreshes;
        qInfo() << "beta" << beta << "misses" << misses << "early refreshes" << s.earlyRefreshes;
        if (beta > 0) {
            QCOMPARE(misses, 1);
            QVERIFY(s.earlyRefreshes >= 90);
            QCOMPARE(l1.stats().expirations, 0);
        } else {
            QVERIFY(misses >= 90);
            QCOMPARE(s.earlyRefreshes, 0);
        }
    }
}

void TestMultiLevelCache::invalidateDropsEveryLevel()
{
    MemoryCache l1(memory(nullptr)), l2(memory(nullptr));
    MultiLevelCache cache({ &l1, &l2 });
    cache.put("k", "v");
    QVERIFY(l1.peek("k") && l2.peek("k"));
    cache.invalidate("k");
    QVERIFY(!l1.peek("k"));
    QVERIFY(!l2.peek("k"));
    QVERIFY(!cache.get("k"));
}

QTEST_GUILESS_MAIN(TestMultiLevelCache)
#include "tst_multilevel_cache.moc"
