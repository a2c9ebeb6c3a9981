#pragma once

#include "cache/CacheLease.h"
#include "cache/CacheLevel.h"
#include "Clock.h"
#include "redis/RedisUrl.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace opsdeck::redis {
class RedisClient;
struct RedisReply;
} // namespace opsdeck::redis

// "L2 Redis": the cache level shared by every console that points at one
// Redis (DESIGN.md, engine/cache). Keys are opsdeck:v1:g<generation>:c:<key>
// (h:<sha256> for keys over 200 bytes); the value carries a small binary
// header (expiresAtMs, computeMs) and the full cache key, compared on read so
// a hash collision is a miss and never a wrong answer. Entries are written
// with SET ... PX <remaining ttl>.
//
// It must never make a lookup slow: put and remove are fire-and-forget; get
// waits at most getBudgetMs (50 ms) and answers a miss on timeout; after
// breakerThreshold consecutive failures (timeout, connection error, error
// reply, malformed value) a circuit breaker opens for 1 s doubling to 30 s,
// during which get answers a miss at once without touching the network; one
// half-open probe decides (a reconnect makes the next get that probe). get()
// blocks its caller up to the budget, so it is for worker threads, never the
// GUI thread, and never a Redis client thread.
//
// Coherence across consoles (RESP2, hiredis 0.14): the data connection runs
// `CLIENT TRACKING on REDIRECT <subscriber id> BCAST PREFIX opsdeck:v1: NOLOOP`
// and a second connection subscribes to __redis__:invalidate, so a put or a
// remove by another console reaches onInvalidated(cache keys) here (NOLOOP:
// our own writes do not come back). Pub/sub is fire-and-forget and RESP2 tells
// the data connection nothing when the subscriber is gone, so losing either
// connection, a FLUSHALL (nil payload) or a change of the generation key
// opsdeck:v1:gen (bumpGeneration(), polled every 2 s as a backstop) calls
// onCoherenceLost(): the owner then drops what L1 holds; tracking is re-armed
// after a reconnect. Callbacks run on a Redis thread: quick and thread-safe.
// A get that read the old value just before another console's write can fill
// L1 just after the invalidation; onInvalidated therefore runs once more
// invalidationRepeatMs later. A subscriber cut off without a TCP close (a
// partition) is not noticed until its connection fails: the generation poll
// and short L1 TTLs bound that case.
//
// It is also the cross-console lease (CacheLease): SET opsdeck:v1:lease:<k>
// <token> NX PX ttl, released by a token-checked EVAL.
namespace opsdeck::cache {

class RedisCacheLevel final : public CacheLevel, public CacheLease
{
public:
    struct Options
    {
        redis::RedisEndpoint endpoint;
        QString name = QStringLiteral("opsdeck"); // CLIENT SETNAME prefix
        int getBudgetMs = 50;
        int connectTimeoutMs = 1000;
        int commandTimeoutMs = 1000;
        int retryMaxMs = 10'000; // reconnect backoff ceiling
        int breakerThreshold = 3;
        int breakerInitialMs = 1000;
        int breakerMaxMs = 30'000;
        int generationPollMs = 2000;
        // onInvalidated runs a second time this much later: a get that read the old value just
        // before the write may fill L1 just after the first call ("delayed double delete"). 0: off.
        int invalidationRepeatMs = 100;
        const Clock* clock = nullptr; // expiry (the cache's clock); nullptr: the system clock
        std::function<void(const QList<QByteArray>& cacheKeys)> onInvalidated;
        std::function<void()> onCoherenceLost;
    };

    struct RedisStats
    {
        qint64 errors = 0; // error replies, lost connections, malformed values
        qint64 timeouts = 0; // gets that got no answer within the budget
        qint64 skipped = 0; // operations not sent: breaker open or not ready
        qint64 invalidations = 0; // cache keys invalidated by other consoles
        qint64 coherenceLost = 0; // onCoherenceLost calls
        qint64 collisions = 0; // values whose stored key differed
        qint64 generation = 0;
        bool breakerOpen = false;
    };

    static constexpr qsizetype kMaxPlainKeyBytes = 200;
    static constexpr const char* kPrefix = "opsdeck:v1:";
    static constexpr const char* kGenerationKey = "opsdeck:v1:gen";

    explicit RedisCacheLevel(Options options);
    ~RedisCacheLevel() override; // stop()
    RedisCacheLevel(const RedisCacheLevel&) = delete;
    RedisCacheLevel& operator=(const RedisCacheLevel&) = delete;

    void start(); // connects both connections in the background; returns at once
    void stop();

    QString name() const override;
    std::optional<CachedValue> get(const QByteArray& key) override;
    std::optional<CachedValue> peek(const QByteArray& key) override;
    void put(const QByteArray& key, const CachedValue& value) override;
    void remove(const QByteArray& key) override;
    LevelStats stats() const override;
    RedisStats redisStats() const;

    // "L2 Redis: off" / "L2 Redis: connecting to 127.0.0.1:6379" / "L2 Redis: connected to 127.0.0.1:6379"
    // / "L2 Redis: unreachable since 10:42: Connection refused, retrying in 4 s" (no connection) /
    // "L2 Redis: failing since 10:42: <last failure>, retrying" (connected, breaker open: timeouts, bad values)
    QString stateText() const;
    // Connected, generation known, breaker closed, tracking armed: gets go to Redis.
    bool isReady() const;
    bool isCoherent() const; // tracking armed on a live subscriber
    qint64 generation() const;
    // INCR opsdeck:v1:gen: every console's entries of the old generation stop being found.
    void bumpGeneration();

    Result tryAcquire(const QByteArray& key, qint64 ttlMs) override;
    void release(const QByteArray& key) override;

    // The storage format, public for tests.
    static QByteArray redisKey(qint64 generation, const QByteArray& cacheKey);
    static QByteArray leaseKey(const QByteArray& cacheKey);
    static QByteArray encodeValue(const QByteArray& cacheKey, const CachedValue& value);
    enum class Decoded { Ok, Malformed, OtherKey };
    static Decoded decodeValue(const QByteArray& stored, const QByteArray& cacheKey, CachedValue* out);

private:
    std::optional<CachedValue> fetch(const QByteArray& key, bool count);
    bool allow(); // the breaker: may this operation touch the network?
    void succeeded();
    void failed(const QString& reason, bool timeout);
    void track(const redis::RedisReply& reply); // a fire-and-forget reply
    void armTracking();
    void pollGeneration();
    void generationReply(const redis::RedisReply& reply);
    void invalidationMessage(const redis::RedisReply& payload);
    void coherenceLost(const QString& why);
    void remember(const QByteArray& key);
    qint64 nowMs() const;

    Options m_options;
    std::unique_ptr<redis::RedisClient> m_data;
    std::unique_ptr<redis::RedisClient> m_subscriber;
    std::atomic<bool> m_started { false };
    std::atomic<qint64> m_generation { 0 };
    std::atomic<bool> m_generationKnown { false };
    std::atomic<qint64> m_subscriberId { 0 };
    std::atomic<bool> m_tracking { false };
    std::atomic<int> m_armings { 0 };

    // Circuit breaker.
    enum class Breaker { Closed, Open, HalfOpen };
    mutable std::mutex m_breakerMutex;
    Breaker m_breaker = Breaker::Closed;
    int m_failures = 0;
    int m_backoffMs = 0;
    qint64 m_openUntilMs = 0;
    QDateTime m_failingSince;
    QString m_lastFailure;

    // Cache keys behind hashed Redis keys, to name them in invalidations.
    std::mutex m_hashedMutex;
    QHash<QByteArray, QByteArray> m_hashed;
    std::mutex m_leaseMutex;
    QHash<QByteArray, QByteArray> m_leaseTokens;

    std::thread m_poller;
    std::mutex m_pollMutex;
    std::condition_variable m_pollWake;
    bool m_pollStop = false;
    std::deque<std::pair<std::chrono::steady_clock::time_point, QList<QByteArray>>> m_repeats;

    std::atomic<qint64> m_hits { 0 }, m_misses { 0 }, m_expirations { 0 }, m_errors { 0 }, m_timeouts { 0 },
        m_skipped { 0 }, m_invalidations { 0 }, m_coherenceLost { 0 }, m_collisions { 0 };
};

} // namespace opsdeck::cache
