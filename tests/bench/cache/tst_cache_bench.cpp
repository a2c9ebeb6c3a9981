// L1 memory cache figures, printed, never asserted on time:
// 1. gets/s on one thread (pinned to one core) and the latency of a hit
//    (p50/p99/p99.9, each get timed with steady_clock, whose own cost is
//    printed) per policy, at 5k and 100k resident entries of 256 B, keys drawn
//    Zipf(0.99); the same through MultiLevelCache::getOrCompute, the API callers use;
// 2. gets/s with two threads (sharded locks: no global lock);
// 3. hit ratio of each policy, against LRU and Belady's optimum, on Zipf(0.99)
//    over 100k keys with a scan of 20k never-seen keys every 100k requests.
// The only assertion is that no policy beats the optimum.
#include "cache/CacheSimulator.h"
#include "cache/KeyWorkload.h"
#include "cache/MemoryCache.h"
#include "cache/MultiLevelCache.h"

#include <QTest>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sched.h>
#include <thread>
#include <vector>

using namespace opsdeck;
using namespace opsdeck::cache;

namespace {

using SteadyClock = std::chrono::steady_clock;

struct Latency
{
    double p50 = 0, p99 = 0, p999 = 0;
};

Latency percentiles(std::vector<qint64>& ns)
{
    std::sort(ns.begin(), ns.end());
    auto at = [&](double q) { return double(ns[std::min(ns.size() - 1, size_t(q * double(ns.size())))]); };
    return { at(0.50), at(0.99), at(0.999) };
}

std::vector<QByteArray> makeKeys(quint32 n)
{
    std::vector<QByteArray> keys;
    keys.reserve(n);
    for (quint32 i = 0; i < n; ++i) // shaped like a query-result key: a hex digest
        keys.push_back(
            QByteArrayLiteral("opsdeck:v1:rc:") + QByteArray::number(quint64(i) * 0x9e3779b97f4a7c15ULL, 16));
    return keys;
}

std::vector<quint32> zipfIndexes(quint32 keys, qint64 n, quint64 seed)
{
    testsupport::KeyWorkloadOptions o;
    o.keys = keys;
    o.alpha = 0.99;
    o.requests = n;
    o.seed = seed;
    return testsupport::zipfWithScans(o);
}

void pinToOneCore()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(0, &set);
    if (sched_setaffinity(0, sizeof(set), &set) != 0)
        std::printf("(could not pin to CPU 0; figures are from an unpinned thread)\n");
}

double clockOverheadNs()
{
    std::vector<qint64> ns(100'000);
    for (auto& v : ns) {
        const auto a = SteadyClock::now();
        const auto b = SteadyClock::now();
        v = std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count();
    }
    return percentiles(ns).p50;
}

} // namespace

class TestCacheBench : public QObject
{
    Q_OBJECT

private slots:
    void l1Gets();
    void l1GetsTwoThreads();
    void hitRatioZipfWithScans();
};

void TestCacheBench::l1Gets()
{
    pinToOneCore();
    std::printf("\n== L1 hits, one thread on one core; 256 B values, Zipf(0.99) keys; steady_clock cost %.0f ns "
                "(included in the latencies)\n",
        clockOverheadNs());
    std::printf("%-8s %-8s %12s %9s %9s %9s\n", "entries", "policy", "gets/s", "p50 ns", "p99 ns", "p99.9 ns");
    const QByteArray value(256, 'v');
    for (const quint32 entries : { 5'000u, 100'000u }) {
        const std::vector<QByteArray> keys = makeKeys(entries);
        const std::vector<quint32> order = zipfIndexes(entries, 2'000'000, 5);
        for (const PolicyKind kind : allPolicies()) {
            MemoryCache::Options o;
            o.capacityBytes = qint64(entries) * 1024; // everything resident: hits only
            o.policy = kind;
            MemoryCache cache(o);
            for (const QByteArray& k : keys)
                cache.put(k, CachedValue { value, 0, 1 });
            qint64 bytes = 0;
            const auto start = SteadyClock::now();
            for (const quint32 i : order)
                bytes += cache.get(keys[i])->value.size();
            const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
            std::vector<qint64> ns(300'000);
            for (size_t n = 0; n < ns.size(); ++n) {
                const QByteArray& key = keys[order[n]];
                const auto a = SteadyClock::now();
                const auto hit = cache.get(key);
                const auto b = SteadyClock::now();
                bytes += hit->value.size();
                ns[n] = std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count();
            }
            const Latency l = percentiles(ns);
            QVERIFY(bytes > 0);
            QCOMPARE(cache.stats().misses, 0);
            std::printf("%-8u %-8s %12.0f %9.0f %9.0f %9.0f\n", entries, qPrintable(policyName(kind)),
                double(order.size()) / seconds, l.p50, l.p99, l.p999);
        }
        // The API callers use: L1 behind MultiLevelCache, XFetch on (entries far from expiry).
        MemoryCache::Options o;
        o.capacityBytes = qint64(entries) * 1024;
        MemoryCache l1(o);
        MultiLevelCache cache({ &l1 });
        for (const QByteArray& k : keys)
            cache.put(k, value, 3'600'000);
        const MultiLevelCache::Compute never = [] { return std::optional<QByteArray>(); };
        std::vector<qint64> ns(300'000);
        const auto start = SteadyClock::now();
        for (size_t n = 0; n < ns.size(); ++n) {
            const QByteArray& key = keys[order[n]];
            const auto a = SteadyClock::now();
            const auto hit = cache.getOrCompute(key, never);
            const auto b = SteadyClock::now();
            QVERIFY(hit);
            ns[n] = std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count();
        }
        const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
        const Latency l = percentiles(ns);
        std::printf("%-8u %-8s %12.0f %9.0f %9.0f %9.0f   (MultiLevelCache::getOrCompute over L1 s3fifo; "
                    "gets/s include the timers)\n",
            entries, "api", double(ns.size()) / seconds, l.p50, l.p99, l.p999);
    }
}

void TestCacheBench::l1GetsTwoThreads()
{
    std::printf("\n== L1 hits, two threads (16 shards), 100k entries; total gets/s\n");
    cpu_set_t all;
    CPU_ZERO(&all);
    for (int c = 0; c < CPU_SETSIZE; ++c)
        CPU_SET(c, &all);
    sched_setaffinity(0, sizeof(all), &all);
    const quint32 entries = 100'000;
    const std::vector<QByteArray> keys = makeKeys(entries);
    const QByteArray value(256, 'v');
    for (const PolicyKind kind : allPolicies()) {
        MemoryCache::Options o;
        o.capacityBytes = qint64(entries) * 1024;
        o.policy = kind;
        MemoryCache cache(o);
        for (const QByteArray& k : keys)
            cache.put(k, CachedValue { value, 0, 1 });
        std::vector<std::vector<quint32>> orders { zipfIndexes(entries, 1'000'000, 21),
            zipfIndexes(entries, 1'000'000, 22) };
        const auto start = SteadyClock::now();
        std::vector<std::thread> threads;
        for (const auto& order : orders)
            threads.emplace_back([&cache, &keys, &order] {
                qint64 bytes = 0;
                for (const quint32 i : order)
                    bytes += cache.get(keys[i])->value.size();
                Q_UNUSED(bytes);
            });
        for (auto& t : threads)
            t.join();
        const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
        std::printf("%-8s %12.0f gets/s\n", qPrintable(policyName(kind)), 2'000'000.0 / seconds);
    }
}

void TestCacheBench::hitRatioZipfWithScans()
{
    testsupport::KeyWorkloadOptions o;
    o.keys = 100'000;
    o.alpha = 0.99;
    o.requests = 2'000'000;
    o.scanEvery = 100'000;
    o.scanLength = 20'000;
    o.seed = 1;
    const KeyTrace trace = KeyTrace::fromIds(testsupport::zipfWithScans(o));
    std::printf("\n== Hit ratio %%, Zipf(0.99) over 100k keys, a scan of 20k new keys every 100k requests; "
                "%zu requests, %lld distinct keys\n",
        trace.requests.size(), trace.distinctKeys);
    std::printf("%-8s", "size");
    for (const PolicyKind kind : allPolicies())
        std::printf(" %16s", qPrintable(policyName(kind)));
    std::printf(" %8s\n", "belady");
    for (const qint64 size : { 1'000, 5'000, 10'000 }) {
        const SimulationResult best = simulateBelady(trace, size);
        const SimulationResult lru = simulatePolicy(trace, PolicyKind::Lru, size);
        std::printf("%-8lld", size);
        for (const PolicyKind kind : allPolicies()) {
            const SimulationResult r = kind == PolicyKind::Lru ? lru : simulatePolicy(trace, kind, size);
            QVERIFY(r.hits <= best.hits);
            std::printf(" %6.2f (%+5.2f)", r.hitRatio() * 100, (r.hitRatio() - lru.hitRatio()) * 100);
        }
        std::printf(" %8.2f\n", best.hitRatio() * 100);
    }
    std::printf("(in parentheses: points above LRU)\n");
    std::fflush(stdout);
}

QTEST_GUILESS_MAIN(TestCacheBench)
#include "tst_cache_bench.moc"
