#pragma once

#include "cache/CacheLease.h"
#include "cache/CacheLevel.h"
#include "Clock.h"

#include <QList>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

// The cache API every caller uses (query results, capacity plans): one lookup
// over the configured levels, fastest first (L1 memory, then L2 Redis, then L3
// the state database, each optional). A lookup asks each level in turn; a hit
// in a slower level is copied into the faster ones above it on the way back;
// when every level misses, the value is computed once and written to all.
//
// Two stampede defences live here because they span the levels:
// - single-flight: concurrent misses for one key run one computation; the
//   other callers wait for its result (or its failure, which is not cached);
// - probabilistic early expiration, XFetch (Vattani, Chierichetti, Lowenstein,
//   "Optimal Probabilistic Cache Stampede Prevention", PVLDB 8(8), 2015): a hit
//   refreshes early, in the background, when now - delta * beta * ln(rand) >=
//   expiry, delta being how long the last computation took. The hit still
//   returns the cached value; the refresh is single-flight too. So a hot key
//   is recomputed shortly before it expires and never expires under load.
//
// TTLs get jitter (each entry expires up to ttlJitter earlier than its TTL) so
// entries written together do not expire together. The expiry is decided once
// here and carried by every level.
//
// Never caches a failed computation (compute returns nullopt: an error, a
// partial result, a result with warnings). It owns no level.
namespace opsdeck::cache {

class MultiLevelCache final
{
public:
    // Returns the value, or nullopt when it must not be cached (error, partial).
    // When early refresh is on it may run later on a worker thread: capture by value.
    using Compute = std::function<std::optional<QByteArray>()>;

    struct Options
    {
        qint64 defaultTtlMs = 60'000;
        double ttlJitter = 0.1; // fraction of the TTL, 0 = none
        double xfetchBeta = 1.0; // > 1 refreshes earlier; 0 turns early refresh off
        const Clock* clock = nullptr; // nullptr: the system clock
        std::function<double()> random; // uniform in (0, 1]; empty: a per-thread generator
        // Runs an early refresh; empty: QThreadPool::globalInstance().
        std::function<void(std::function<void()>)> runInBackground;
        // Across consoles sharing an L2 (RedisCacheLevel), not owned: on a full miss the
        // single-flight leader takes the lease; when another console holds it, the levels are
        // polled every leasePollMs for its value, for at most min(leaseTtlMs, leaseMaxWaitMs),
        // and computed here when nothing appears. Unavailable (Redis down): compute at once.
        CacheLease* lease = nullptr;
        qint64 leaseTtlMs = 10'000;
        int leasePollMs = 20;
        qint64 leaseMaxWaitMs = 3'000;
    };

    struct Stats
    {
        qint64 lookups = 0;
        qint64 computes = 0; // computations run (misses and early refreshes)
        qint64 computeFailures = 0; // computations that returned nullopt (not cached)
        qint64 coalesced = 0; // callers that waited for another caller's computation
        qint64 earlyRefreshes = 0; // XFetch refreshes started
        qint64 leaseWaits = 0; // full misses that found another console's lease
        qint64 leaseServed = 0; // ... and got its value while waiting
        QList<LevelStats> levels;
    };

    // levels: fastest first, not owned, must outlive the cache.
    MultiLevelCache(QList<CacheLevel*> levels, Options options);
    explicit MultiLevelCache(QList<CacheLevel*> levels);
    ~MultiLevelCache(); // waits for running early refreshes
    MultiLevelCache(const MultiLevelCache&) = delete;
    MultiLevelCache& operator=(const MultiLevelCache&) = delete;

    // ttlMs < 0: the default TTL; 0: no expiry.
    std::optional<QByteArray> getOrCompute(const QByteArray& key, const Compute& compute, qint64 ttlMs = -1);
    // Lookup only (fills the faster levels on a hit in a slower one).
    std::optional<QByteArray> get(const QByteArray& key);
    void put(const QByteArray& key, const QByteArray& value, qint64 ttlMs = -1);
    void invalidate(const QByteArray& key); // every level

    // Would XFetch refresh an entry with this expiry and compute time now, with random draw u in (0, 1]?
    static bool shouldRefreshEarly(qint64 nowMs, qint64 expiresAtMs, qint64 computeMs, double beta, double u);

    Stats stats() const;
    const QList<CacheLevel*>& levels() const { return m_levels; }
    // Blocks until no early refresh runs (tests, shutdown).
    void waitForRefreshes();

private:
    struct Flight;
    struct FlightTable;

    std::optional<CachedValue> lookup(const QByteArray& key);
    // Becomes the computing caller for key (true) or returns the running flight (false).
    bool lead(const QByteArray& key, std::shared_ptr<Flight>* flight);
    std::optional<QByteArray> computeAndStore(
        const QByteArray& key, const Compute& compute, qint64 ttlMs, const std::shared_ptr<Flight>& flight);
    // The leader's full miss with a cross-console lease (Options::lease).
    std::optional<QByteArray> computeUnderLease(
        const QByteArray& key, const Compute& compute, qint64 ttlMs, const std::shared_ptr<Flight>& flight);
    // Retires a flight with a value found in the levels; returns it.
    QByteArray settle(const QByteArray& key, const std::shared_ptr<Flight>& flight, const QByteArray& value);
    // Peeks every level; on a hit fills the faster ones.
    std::optional<CachedValue> peekLevels(const QByteArray& key, qsizetype from);
    void maybeRefreshEarly(const QByteArray& key, const CachedValue& hit, const Compute& compute, qint64 ttlMs);
    qint64 expiryFor(qint64 nowMs, qint64 ttlMs) const;
    double draw() const;

    QList<CacheLevel*> m_levels;
    Options m_options;
    std::unique_ptr<FlightTable[]> m_flights;

    std::atomic<qint64> m_lookups { 0 };
    std::atomic<qint64> m_computes { 0 };
    std::atomic<qint64> m_failures { 0 };
    std::atomic<qint64> m_coalesced { 0 };
    std::atomic<qint64> m_earlyRefreshes { 0 };
    std::atomic<qint64> m_leaseWaits { 0 };
    std::atomic<qint64> m_leaseServed { 0 };

    std::mutex m_refreshMutex;
    std::condition_variable m_refreshIdle;
    int m_refreshesRunning = 0;
};

} // namespace opsdeck::cache
