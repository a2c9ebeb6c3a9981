#include "cache/MultiLevelCache.h"

#include <QHash>
#include <QRunnable>
#include <QThreadPool>

#include <chrono>
#include <cmath>
#include <random>
#include <thread>

namespace opsdeck::cache {

namespace {

constexpr int kFlightShards = 16;

} // namespace

struct MultiLevelCache::Flight
{
    std::mutex mutex;
    std::condition_variable done;
    bool finished = false;
    std::optional<QByteArray> result;
};

struct MultiLevelCache::FlightTable
{
    std::mutex mutex;
    std::unordered_map<QByteArray, std::shared_ptr<Flight>> running;
};

MultiLevelCache::MultiLevelCache(QList<CacheLevel*> levels, Options options)
    : m_levels(std::move(levels))
    , m_options(std::move(options))
    , m_flights(new FlightTable[kFlightShards])
{
    if (!m_options.clock)
        m_options.clock = SystemClock::instance();
}

MultiLevelCache::MultiLevelCache(QList<CacheLevel*> levels)
    : MultiLevelCache(std::move(levels), Options())
{ }

MultiLevelCache::~MultiLevelCache()
{
    waitForRefreshes();
}

bool MultiLevelCache::shouldRefreshEarly(qint64 nowMs, qint64 expiresAtMs, qint64 computeMs, double beta, double u)
{
    if (expiresAtMs == 0 || beta <= 0.0)
        return false;
    // The paper's rule; ln(u) <= 0, so the term moves "now" forward. A delta
    // below the clock's resolution still counts as one tick.
    const double delta = double(std::max<qint64>(computeMs, 1));
    return double(nowMs) - delta * beta * std::log(std::max(u, 1e-300)) >= double(expiresAtMs);
}

double MultiLevelCache::draw() const
{
    if (m_options.random)
        return m_options.random();
    thread_local std::mt19937_64 generator { std::random_device {}() };
    return double((generator() >> 11) + 1) * 0x1p-53; // (0, 1]
}

qint64 MultiLevelCache::expiryFor(qint64 nowMs, qint64 ttlMs) const
{
    const qint64 ttl = ttlMs < 0 ? m_options.defaultTtlMs : ttlMs;
    if (ttl == 0)
        return 0;
    const qint64 jitter = m_options.ttlJitter > 0.0 ? qint64(double(ttl) * m_options.ttlJitter * draw()) : 0;
    return nowMs + std::max<qint64>(1, ttl - jitter);
}

std::optional<CachedValue> MultiLevelCache::lookup(const QByteArray& key)
{
    for (qsizetype i = 0; i < m_levels.size(); ++i) {
        std::optional<CachedValue> hit = m_levels[i]->get(key);
        if (!hit)
            continue;
        for (qsizetype j = 0; j < i; ++j)
            m_levels[j]->put(key, *hit);
        return hit;
    }
    return std::nullopt;
}

bool MultiLevelCache::lead(const QByteArray& key, std::shared_ptr<Flight>* flight)
{
    FlightTable& table = m_flights[size_t(qHash(key) % kFlightShards)];
    std::lock_guard lock(table.mutex);
    auto& slot = table.running[key];
    if (slot) {
        *flight = slot;
        return false;
    }
    slot = std::make_shared<Flight>();
    *flight = slot;
    return true;
}

std::optional<QByteArray> MultiLevelCache::computeAndStore(
    const QByteArray& key, const Compute& compute, qint64 ttlMs, const std::shared_ptr<Flight>& flight)
{
    std::optional<QByteArray> result;
    // Whatever happens, the waiters are released and the flight is retired.
    struct Finish
    {
        MultiLevelCache* cache;
        const QByteArray& key;
        const std::shared_ptr<Flight>& flight;
        std::optional<QByteArray>& result;
        ~Finish()
        {
            FlightTable& table = cache->m_flights[size_t(qHash(key) % kFlightShards)];
            {
                std::lock_guard lock(table.mutex);
                table.running.erase(key);
            }
            std::lock_guard lock(flight->mutex);
            flight->result = result;
            flight->finished = true;
            flight->done.notify_all();
        }
    } finish { this, key, flight, result };

    m_computes.fetch_add(1, std::memory_order_relaxed);
    const qint64 started = m_options.clock->nowMs();
    result = compute();
    if (!result) {
        m_failures.fetch_add(1, std::memory_order_relaxed);
        return result;
    }
    const qint64 now = m_options.clock->nowMs();
    const CachedValue stored { *result, expiryFor(now, ttlMs), std::max<qint64>(0, now - started) };
    for (CacheLevel* level : std::as_const(m_levels))
        level->put(key, stored);
    return result;
}

void MultiLevelCache::maybeRefreshEarly(
    const QByteArray& key, const CachedValue& hit, const Compute& compute, qint64 ttlMs)
{
    if (hit.expiresAtMs == 0 || m_options.xfetchBeta <= 0.0)
        return;
    // -ln(u) <= 36.8 for the smallest draw (2^-53): farther from expiry than that, skip the draw.
    const qint64 now = m_options.clock->nowMs();
    const double reach = double(std::max<qint64>(hit.computeMs, 1)) * m_options.xfetchBeta * 36.8;
    if (double(hit.expiresAtMs - now) > reach)
        return;
    if (!shouldRefreshEarly(now, hit.expiresAtMs, hit.computeMs, m_options.xfetchBeta, draw()))
        return;
    std::shared_ptr<Flight> flight;
    if (!lead(key, &flight))
        return; // a refresh or a miss is already computing it
    m_earlyRefreshes.fetch_add(1, std::memory_order_relaxed);
    {
        std::lock_guard lock(m_refreshMutex);
        ++m_refreshesRunning;
    }
    auto task = [this, key, compute, ttlMs, flight] {
        computeAndStore(key, compute, ttlMs, flight);
        std::lock_guard lock(m_refreshMutex);
        if (--m_refreshesRunning == 0)
            m_refreshIdle.notify_all();
    };
    if (m_options.runInBackground)
        m_options.runInBackground(std::move(task));
    else
        QThreadPool::globalInstance()->start(std::move(task));
}

std::optional<QByteArray> MultiLevelCache::getOrCompute(
    const QByteArray& key, const Compute& compute, qint64 ttlMs)
{
    m_lookups.fetch_add(1, std::memory_order_relaxed);
    if (const std::optional<CachedValue> hit = lookup(key)) {
        maybeRefreshEarly(key, *hit, compute, ttlMs);
        return hit->value;
    }
    std::shared_ptr<Flight> flight;
    if (!lead(key, &flight)) {
        m_coalesced.fetch_add(1, std::memory_order_relaxed);
        std::unique_lock lock(flight->mutex);
        flight->done.wait(lock, [&] { return flight->finished; });
        return flight->result;
    }
    // A flight that finished between our miss and lead() has already stored it.
    if (!m_levels.isEmpty()) {
        if (const std::optional<CachedValue> hit = m_levels.first()->peek(key))
            return settle(key, flight, hit->value);
    }
    if (m_options.lease)
        return computeUnderLease(key, compute, ttlMs, flight);
    return computeAndStore(key, compute, ttlMs, flight);
}

QByteArray MultiLevelCache::settle(
    const QByteArray& key, const std::shared_ptr<Flight>& flight, const QByteArray& value)
{
    FlightTable& table = m_flights[size_t(qHash(key) % kFlightShards)];
    {
        std::lock_guard lock(table.mutex);
        table.running.erase(key);
    }
    std::lock_guard lock(flight->mutex);
    flight->result = value;
    flight->finished = true;
    flight->done.notify_all();
    return value;
}

std::optional<CachedValue> MultiLevelCache::peekLevels(const QByteArray& key, qsizetype from)
{
    for (qsizetype i = from; i < m_levels.size(); ++i) {
        std::optional<CachedValue> hit = m_levels[i]->peek(key);
        if (!hit)
            continue;
        for (qsizetype j = 0; j < i; ++j)
            m_levels[j]->put(key, *hit);
        return hit;
    }
    return std::nullopt;
}

std::optional<QByteArray> MultiLevelCache::computeUnderLease(
    const QByteArray& key, const Compute& compute, qint64 ttlMs, const std::shared_ptr<Flight>& flight)
{
    CacheLease* lease = m_options.lease;
    const CacheLease::Result result = lease->tryAcquire(key, m_options.leaseTtlMs);
    if (result == CacheLease::Result::Acquired) {
        // The previous holder stores before it releases: what it computed is visible now.
        struct Release
        {
            CacheLease* lease;
            const QByteArray& key;
            ~Release() { lease->release(key); }
        } release { lease, key };
        if (const std::optional<CachedValue> hit = peekLevels(key, 1))
            return settle(key, flight, hit->value);
        return computeAndStore(key, compute, ttlMs, flight);
    }
    if (result == CacheLease::Result::Busy) {
        m_leaseWaits.fetch_add(1, std::memory_order_relaxed);
        // Real time, not the injected clock: this is a bounded wait for another process.
        const auto deadline = std::chrono::steady_clock::now()
            + std::chrono::milliseconds(std::min(m_options.leaseTtlMs, m_options.leaseMaxWaitMs));
        const auto step = std::chrono::milliseconds(std::max(1, m_options.leasePollMs));
        while (std::chrono::steady_clock::now() + step <= deadline) {
            std::this_thread::sleep_for(step);
            if (const std::optional<CachedValue> hit = peekLevels(key, 0)) {
                m_leaseServed.fetch_add(1, std::memory_order_relaxed);
                return settle(key, flight, hit->value);
            }
        }
    }
    return computeAndStore(key, compute, ttlMs, flight);
}

std::optional<QByteArray> MultiLevelCache::get(const QByteArray& key)
{
    m_lookups.fetch_add(1, std::memory_order_relaxed);
    if (const std::optional<CachedValue> hit = lookup(key))
        return hit->value;
    return std::nullopt;
}

void MultiLevelCache::put(const QByteArray& key, const QByteArray& value, qint64 ttlMs)
{
    const CachedValue stored { value, expiryFor(m_options.clock->nowMs(), ttlMs), 0 };
    for (CacheLevel* level : std::as_const(m_levels))
        level->put(key, stored);
}

void MultiLevelCache::invalidate(const QByteArray& key)
{
    for (CacheLevel* level : std::as_const(m_levels))
        level->remove(key);
}

MultiLevelCache::Stats MultiLevelCache::stats() const
{
    Stats s;
    s.lookups = m_lookups.load(std::memory_order_relaxed);
    s.computes = m_computes.load(std::memory_order_relaxed);
    s.computeFailures = m_failures.load(std::memory_order_relaxed);
    s.coalesced = m_coalesced.load(std::memory_order_relaxed);
    s.earlyRefreshes = m_earlyRefreshes.load(std::memory_order_relaxed);
    s.leaseWaits = m_leaseWaits.load(std::memory_order_relaxed);
    s.leaseServed = m_leaseServed.load(std::memory_order_relaxed);
    for (const CacheLevel* level : m_levels)
        s.levels.append(level->stats());
    return s;
}

void MultiLevelCache::waitForRefreshes()
{
    std::unique_lock lock(m_refreshMutex);
    m_refreshIdle.wait(lock, [this] { return m_refreshesRunning == 0; });
}

} // namespace opsdeck::cache
