#include "cache/RedisCacheLevel.h"

#include "redis/RedisClient.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QtEndian>

#include <cstring>

Q_LOGGING_CATEGORY(lcCacheL2, "opsdeck.cache.l2", QtInfoMsg)

namespace opsdeck::cache {

using redis::RedisClient;
using redis::RedisReply;

namespace {

constexpr char kMagic[4] = { 'O', 'D', 'C', '1' };
constexpr qsizetype kHeaderBytes = 4 + 8 + 8 + 4;
constexpr int kMaxHashedKeys = 65'536;

// Deletes the lease only while it still carries our token (a lease that expired
// and was taken by another console is not ours to delete).
constexpr const char* kReleaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then\n"
                                       "  return redis.call('del', KEYS[1])\n"
                                       "end\n"
                                       "return 0";

QByteArray keySuffix(const QByteArray& cacheKey)
{
    if (cacheKey.size() <= RedisCacheLevel::kMaxPlainKeyBytes)
        return QByteArrayLiteral("c:") + cacheKey;
    return QByteArrayLiteral("h:") + QCryptographicHash::hash(cacheKey, QCryptographicHash::Sha256).toHex();
}

bool isHashed(const QByteArray& cacheKey)
{
    return cacheKey.size() > RedisCacheLevel::kMaxPlainKeyBytes;
}

} // namespace

RedisCacheLevel::RedisCacheLevel(Options options)
    : m_options(std::move(options))
{
    if (!m_options.clock)
        m_options.clock = SystemClock::instance();
    m_backoffMs = m_options.breakerInitialMs;

    RedisClient::Options data;
    data.endpoint = m_options.endpoint;
    data.name = m_options.name + QStringLiteral("-l2");
    data.connectTimeoutMs = m_options.connectTimeoutMs;
    data.commandTimeoutMs = m_options.commandTimeoutMs;
    data.retryMaxMs = m_options.retryMaxMs;
    data.onConnected = [this](qint64) {
        {
            // A fresh connection: let the next get probe at once rather than wait out the backoff.
            std::lock_guard lock(m_breakerMutex);
            if (m_breaker == Breaker::Open)
                m_openUntilMs = 0;
        }
        armTracking();
        pollGeneration();
    };
    data.onDisconnected = [this](const QString& reason) {
        m_tracking = false;
        coherenceLost(QStringLiteral("the data connection was lost (") + reason + QLatin1Char(')'));
    };
    m_data = std::make_unique<RedisClient>(data);

    RedisClient::Options sub = data;
    sub.name = m_options.name + QStringLiteral("-l2-invalidate");
    sub.subscribeChannels = { QByteArrayLiteral("__redis__:invalidate") };
    sub.onConnected = [this](qint64 clientId) {
        m_subscriberId = clientId;
        armTracking();
    };
    sub.onDisconnected = [this](const QString& reason) {
        m_subscriberId = 0;
        m_tracking = false;
        coherenceLost(QStringLiteral("the invalidation subscriber was lost (") + reason + QLatin1Char(')'));
    };
    sub.onMessage = [this](const QByteArray&, const RedisReply& payload) { invalidationMessage(payload); };
    m_subscriber = std::make_unique<RedisClient>(sub);
}

RedisCacheLevel::~RedisCacheLevel()
{
    stop();
}

void RedisCacheLevel::start()
{
    if (m_started.exchange(true))
        return;
    m_pollStop = false;
    m_subscriber->start();
    m_data->start();
    m_poller = std::thread([this] {
        using Steady = std::chrono::steady_clock;
        const auto interval = std::chrono::milliseconds(std::max(50, m_options.generationPollMs));
        auto nextPoll = Steady::now() + interval;
        std::unique_lock lock(m_pollMutex);
        while (!m_pollStop) {
            auto wakeAt = nextPoll;
            if (!m_repeats.empty())
                wakeAt = std::min(wakeAt, m_repeats.front().first);
            m_pollWake.wait_until(lock, wakeAt);
            if (m_pollStop)
                break;
            const auto now = Steady::now();
            QList<QByteArray> again;
            while (!m_repeats.empty() && m_repeats.front().first <= now) {
                again += m_repeats.front().second;
                m_repeats.pop_front();
            }
            const bool poll = now >= nextPoll;
            if (poll)
                nextPoll = now + interval;
            lock.unlock();
            if (!again.isEmpty() && m_options.onInvalidated)
                m_options.onInvalidated(again);
            if (poll)
                pollGeneration();
            lock.lock();
        }
    });
}

void RedisCacheLevel::stop()
{
    if (!m_started.exchange(false))
        return;
    {
        std::lock_guard lock(m_pollMutex);
        m_pollStop = true;
    }
    m_pollWake.notify_all();
    if (m_poller.joinable())
        m_poller.join();
    m_subscriber->stop();
    m_data->stop();
    m_tracking = false;
    m_generationKnown = false;
}

QString RedisCacheLevel::name() const
{
    return QStringLiteral("L2 Redis");
}

qint64 RedisCacheLevel::nowMs() const
{
    return m_options.clock->nowMs();
}

QByteArray RedisCacheLevel::redisKey(qint64 generation, const QByteArray& cacheKey)
{
    return QByteArray(kPrefix) + 'g' + QByteArray::number(generation) + ':' + keySuffix(cacheKey);
}

QByteArray RedisCacheLevel::leaseKey(const QByteArray& cacheKey)
{
    return QByteArray(kPrefix) + QByteArrayLiteral("lease:") + keySuffix(cacheKey);
}

QByteArray RedisCacheLevel::encodeValue(const QByteArray& cacheKey, const CachedValue& value)
{
    QByteArray out;
    out.reserve(kHeaderBytes + cacheKey.size() + value.value.size());
    out.append(kMagic, 4);
    char number[8];
    qToBigEndian<qint64>(value.expiresAtMs, number);
    out.append(number, 8);
    qToBigEndian<qint64>(value.computeMs, number);
    out.append(number, 8);
    qToBigEndian<quint32>(quint32(cacheKey.size()), number);
    out.append(number, 4);
    out.append(cacheKey);
    out.append(value.value);
    return out;
}

RedisCacheLevel::Decoded RedisCacheLevel::decodeValue(
    const QByteArray& stored, const QByteArray& cacheKey, CachedValue* out)
{
    if (stored.size() < kHeaderBytes || std::memcmp(stored.constData(), kMagic, 4) != 0)
        return Decoded::Malformed;
    const char* p = stored.constData();
    const qint64 expires = qFromBigEndian<qint64>(p + 4);
    const qint64 computeMs = qFromBigEndian<qint64>(p + 12);
    const quint32 keyLength = qFromBigEndian<quint32>(p + 20);
    if (qsizetype(keyLength) > stored.size() - kHeaderBytes || expires < 0 || computeMs < 0)
        return Decoded::Malformed;
    if (qsizetype(keyLength) != cacheKey.size()
        || std::memcmp(p + kHeaderBytes, cacheKey.constData(), keyLength) != 0)
        return Decoded::OtherKey;
    out->expiresAtMs = expires;
    out->computeMs = computeMs;
    out->value = stored.mid(kHeaderBytes + qsizetype(keyLength));
    return Decoded::Ok;
}

bool RedisCacheLevel::allow()
{
    if (!m_started)
        return false;
    {
        std::lock_guard lock(m_breakerMutex);
        switch (m_breaker) {
        case Breaker::Closed:
            break;
        case Breaker::HalfOpen:
            return false; // the probe is out
        case Breaker::Open:
            if (nowMs() < m_openUntilMs && m_openUntilMs != 0)
                return false;
            m_breaker = Breaker::HalfOpen; // this caller is the probe
            break;
        }
    }
    if (m_generationKnown)
        return true;
    // Keys name the generation, so nothing is read or written before it is known.
    const RedisClient::State data = m_data->state();
    if (data.kind == RedisClient::State::Kind::Connected) {
        // A moment after connecting: not a failure; give a probe back.
        std::lock_guard lock(m_breakerMutex);
        if (m_breaker == Breaker::HalfOpen) {
            m_breaker = Breaker::Open;
            m_openUntilMs = 0;
        }
        return false;
    }
    failed(data.reason.isEmpty() ? QStringLiteral("not connected") : data.reason, false);
    return false;
}

void RedisCacheLevel::succeeded()
{
    std::lock_guard lock(m_breakerMutex);
    if (m_breaker != Breaker::Closed)
        qCInfo(lcCacheL2).noquote() << "L2 Redis: breaker closed, Redis answers again";
    m_breaker = Breaker::Closed;
    m_failures = 0;
    m_backoffMs = m_options.breakerInitialMs;
    m_failingSince = QDateTime();
}

void RedisCacheLevel::failed(const QString& reason, bool timeout)
{
    (timeout ? m_timeouts : m_errors).fetch_add(1, std::memory_order_relaxed);
    std::lock_guard lock(m_breakerMutex);
    m_lastFailure = reason;
    if (m_failingSince.isNull())
        m_failingSince = QDateTime::currentDateTime();
    if (m_breaker == Breaker::HalfOpen) {
        m_backoffMs = std::min(m_backoffMs * 2, m_options.breakerMaxMs);
        m_breaker = Breaker::Open;
        m_openUntilMs = nowMs() + m_backoffMs;
        return;
    }
    if (m_breaker == Breaker::Open)
        return;
    if (++m_failures >= m_options.breakerThreshold) {
        m_breaker = Breaker::Open;
        m_openUntilMs = nowMs() + m_backoffMs;
        qCWarning(lcCacheL2).noquote() << "L2 Redis: breaker open for" << m_backoffMs << "ms after" << m_failures
                                       << "failures, the last:" << reason;
    }
}

void RedisCacheLevel::track(const RedisReply& reply)
{
    if (reply.failed())
        failed(reply.errorText(), reply.timedOut);
}

std::optional<CachedValue> RedisCacheLevel::get(const QByteArray& key)
{
    return fetch(key, true);
}

std::optional<CachedValue> RedisCacheLevel::peek(const QByteArray& key)
{
    return fetch(key, false);
}

std::optional<CachedValue> RedisCacheLevel::fetch(const QByteArray& key, bool count)
{
    auto miss = [&]() -> std::optional<CachedValue> {
        if (count)
            m_misses.fetch_add(1, std::memory_order_relaxed);
        return std::nullopt;
    };
    if (!allow()) {
        m_skipped.fetch_add(1, std::memory_order_relaxed);
        return miss();
    }
    const RedisReply reply
        = m_data->call({ QByteArrayLiteral("GET"), redisKey(m_generation, key) }, m_options.getBudgetMs);
    if (reply.failed()) {
        failed(reply.errorText(), reply.timedOut);
        return miss();
    }
    if (reply.isNil()) {
        succeeded();
        return miss();
    }
    CachedValue value;
    const Decoded decoded = reply.isString() ? decodeValue(reply.str, key, &value) : Decoded::Malformed;
    if (decoded == Decoded::Malformed) {
        failed(
            QStringLiteral("a malformed value under ") + QString::fromUtf8(redisKey(m_generation, key).left(80)),
            false);
        return miss();
    }
    succeeded();
    if (decoded == Decoded::OtherKey) {
        m_collisions.fetch_add(1, std::memory_order_relaxed);
        return miss();
    }
    if (value.expiresAtMs != 0 && value.expiresAtMs <= nowMs()) {
        if (count)
            m_expirations.fetch_add(1, std::memory_order_relaxed);
        return miss();
    }
    remember(key);
    if (count)
        m_hits.fetch_add(1, std::memory_order_relaxed);
    return value;
}

void RedisCacheLevel::put(const QByteArray& key, const CachedValue& value)
{
    qint64 ttl = 0;
    if (value.expiresAtMs != 0) {
        ttl = value.expiresAtMs - nowMs();
        if (ttl <= 0)
            return; // already expired
    }
    if (!allow()) {
        m_skipped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    QList<QByteArray> args { QByteArrayLiteral("SET"), redisKey(m_generation, key), encodeValue(key, value) };
    if (ttl > 0)
        args << QByteArrayLiteral("PX") << QByteArray::number(ttl);
    remember(key);
    m_data->send(std::move(args), [this](const RedisReply& reply) {
        if (reply.failed())
            failed(reply.errorText(), reply.timedOut);
        else
            succeeded();
    });
}

void RedisCacheLevel::remove(const QByteArray& key)
{
    if (!allow()) {
        m_skipped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    m_data->send({ QByteArrayLiteral("DEL"), redisKey(m_generation, key) }, [this](const RedisReply& reply) {
        if (reply.failed())
            failed(reply.errorText(), reply.timedOut);
        else
            succeeded();
    });
}

void RedisCacheLevel::remember(const QByteArray& key)
{
    if (!isHashed(key))
        return;
    const QByteArray suffix = keySuffix(key);
    bool overflow = false;
    {
        std::lock_guard lock(m_hashedMutex);
        if (m_hashed.size() >= kMaxHashedKeys && !m_hashed.contains(suffix)) {
            m_hashed.clear();
            overflow = true;
        }
        m_hashed.insert(suffix, key);
    }
    if (overflow) // invalidations of the forgotten keys could no longer be named
        coherenceLost(QStringLiteral("more than %1 long keys").arg(kMaxHashedKeys));
}

void RedisCacheLevel::armTracking()
{
    const qint64 subscriber = m_subscriberId;
    if (!subscriber || !m_data->isConnected())
        return;
    m_data->send({ QByteArrayLiteral("CLIENT"), QByteArrayLiteral("TRACKING"), QByteArrayLiteral("off") });
    m_data->send({ QByteArrayLiteral("CLIENT"), QByteArrayLiteral("TRACKING"), QByteArrayLiteral("on"),
                     QByteArrayLiteral("REDIRECT"), QByteArray::number(subscriber), QByteArrayLiteral("BCAST"),
                     QByteArrayLiteral("PREFIX"), QByteArray(kPrefix), QByteArrayLiteral("NOLOOP") },
        [this, subscriber](const RedisReply& reply) {
            if (!reply.isStatus("OK")) {
                qCWarning(lcCacheL2).noquote()
                    << "L2 Redis: CLIENT TRACKING failed, invalidations from other consoles are not received:"
                    << reply.errorText();
                track(reply);
                return;
            }
            if (subscriber != m_subscriberId)
                return; // the subscriber changed meanwhile; its own arming follows
            m_tracking = true;
            qCInfo(lcCacheL2).noquote() << "L2 Redis: invalidations tracked through client" << subscriber;
            // Whatever changed while nothing was tracked is unknown: the first arming has nothing to drop.
            if (m_armings.fetch_add(1) > 0)
                coherenceLost(QStringLiteral("tracking re-armed after a reconnect"));
        });
}

void RedisCacheLevel::pollGeneration()
{
    if (!m_data->isConnected())
        return;
    m_data->send({ QByteArrayLiteral("GET"), QByteArray(kGenerationKey) },
        [this](const RedisReply& reply) { generationReply(reply); });
}

void RedisCacheLevel::generationReply(const RedisReply& reply)
{
    if (reply.failed()) {
        track(reply);
        return;
    }
    qint64 generation = 0;
    if (reply.isString()) {
        bool ok = false;
        generation = reply.str.toLongLong(&ok);
        if (!ok) {
            failed(QStringLiteral("%1 holds \"%2\", not a number")
                       .arg(QString::fromLatin1(kGenerationKey), QString::fromUtf8(reply.str.left(40))),
                false);
            return;
        }
    } else if (reply.type == RedisReply::Type::Integer) {
        generation = reply.integer;
    }
    succeeded(); // a full round trip: after a reconnect this is the breaker's probe
    const qint64 previous = m_generation.exchange(generation);
    const bool known = m_generationKnown.exchange(true);
    if (known && previous != generation)
        coherenceLost(QStringLiteral("generation %1 -> %2").arg(previous).arg(generation));
}

void RedisCacheLevel::bumpGeneration()
{
    if (!m_started)
        return;
    m_data->send({ QByteArrayLiteral("INCR"), QByteArray(kGenerationKey) }, [this](const RedisReply& reply) {
        if (reply.type != RedisReply::Type::Integer) {
            track(reply);
            return;
        }
        const qint64 previous = m_generation.exchange(reply.integer);
        m_generationKnown = true;
        if (previous != reply.integer)
            coherenceLost(QStringLiteral("generation bumped here, %1 -> %2").arg(previous).arg(reply.integer));
    });
}

void RedisCacheLevel::invalidationMessage(const RedisReply& payload)
{
    if (payload.isNil()) { // FLUSHALL / FLUSHDB
        {
            std::lock_guard lock(m_hashedMutex);
            m_hashed.clear();
        }
        coherenceLost(QStringLiteral("the server was flushed"));
        return;
    }
    QList<QByteArray> cacheKeys;
    bool generationChanged = false;
    const QByteArray prefix(kPrefix);
    for (const RedisReply& element : payload.elements) {
        const QByteArray& redisKeyName = element.str;
        if (redisKeyName == kGenerationKey) {
            generationChanged = true;
            continue;
        }
        if (!redisKeyName.startsWith(prefix) || redisKeyName.at(prefix.size()) != 'g')
            continue; // leases and whatever else shares the prefix
        const qsizetype colon = redisKeyName.indexOf(':', prefix.size());
        if (colon < 0 || colon + 2 >= redisKeyName.size())
            continue;
        const QByteArray suffix = redisKeyName.mid(colon + 1);
        if (suffix.startsWith("c:")) {
            cacheKeys.append(suffix.mid(2));
        } else if (suffix.startsWith("h:")) {
            std::lock_guard lock(m_hashedMutex);
            const auto it = m_hashed.constFind(suffix);
            if (it != m_hashed.constEnd())
                cacheKeys.append(it.value());
        }
    }
    if (!cacheKeys.isEmpty()) {
        m_invalidations.fetch_add(cacheKeys.size(), std::memory_order_relaxed);
        if (m_options.onInvalidated)
            m_options.onInvalidated(cacheKeys);
        if (m_options.invalidationRepeatMs > 0) {
            {
                std::lock_guard lock(m_pollMutex);
                m_repeats.emplace_back(
                    std::chrono::steady_clock::now() + std::chrono::milliseconds(m_options.invalidationRepeatMs),
                    cacheKeys);
            }
            m_pollWake.notify_all();
        }
    }
    if (generationChanged)
        pollGeneration();
}

void RedisCacheLevel::coherenceLost(const QString& why)
{
    m_coherenceLost.fetch_add(1, std::memory_order_relaxed);
    qCInfo(lcCacheL2).noquote() << "L2 Redis: coherence lost," << why << "- entries from Redis are dropped";
    if (m_options.onCoherenceLost)
        m_options.onCoherenceLost();
}

CacheLease::Result RedisCacheLevel::tryAcquire(const QByteArray& key, qint64 ttlMs)
{
    if (!allow()) {
        m_skipped.fetch_add(1, std::memory_order_relaxed);
        return Result::Unavailable;
    }
    const QByteArray token = QByteArray::number(QRandomGenerator::system()->generate64(), 16)
        + QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    const RedisReply reply
        = m_data->call({ QByteArrayLiteral("SET"), leaseKey(key), token, QByteArrayLiteral("NX"),
                           QByteArrayLiteral("PX"), QByteArray::number(std::max<qint64>(1, ttlMs)) },
            m_options.getBudgetMs);
    if (reply.failed()) {
        failed(reply.errorText(), reply.timedOut);
        return Result::Unavailable;
    }
    succeeded();
    if (reply.isNil())
        return Result::Busy;
    std::lock_guard lock(m_leaseMutex);
    m_leaseTokens.insert(key, token);
    return Result::Acquired;
}

void RedisCacheLevel::release(const QByteArray& key)
{
    QByteArray token;
    {
        std::lock_guard lock(m_leaseMutex);
        token = m_leaseTokens.take(key);
    }
    if (token.isEmpty())
        return;
    m_data->send(
        { QByteArrayLiteral("EVAL"), QByteArray(kReleaseScript), QByteArrayLiteral("1"), leaseKey(key), token },
        [this](const RedisReply& reply) { track(reply); });
}

bool RedisCacheLevel::isReady() const
{
    if (!m_started || !m_generationKnown || !m_data->isConnected())
        return false;
    std::lock_guard lock(m_breakerMutex);
    return m_breaker == Breaker::Closed;
}

bool RedisCacheLevel::isCoherent() const
{
    return m_tracking && m_subscriberId != 0;
}

qint64 RedisCacheLevel::generation() const
{
    return m_generation;
}

QString RedisCacheLevel::stateText() const
{
    // Shown on the Cache page: in the operator's language (the reasons are Redis's or the socket's).
    const auto tr = [](const char* text) { return QCoreApplication::translate("RedisCacheLevel", text); };
    if (!m_started)
        return tr("L2 Redis: off");
    const RedisClient::State data = m_data->state();
    const QString where = redis::hostPort(m_options.endpoint);
    if (data.kind == RedisClient::State::Kind::Unreachable) {
        const QString since = data.since.toString(QStringLiteral("HH:mm"));
        if (data.retryInMs >= 1000)
            return tr("L2 Redis: unreachable since %1: %2, retrying in %3 s")
                .arg(since, data.reason)
                .arg(data.retryInMs / 1000);
        return tr("L2 Redis: unreachable since %1: %2, retrying").arg(since, data.reason);
    }
    if (data.kind != RedisClient::State::Kind::Connected)
        return tr("L2 Redis: connecting to %1").arg(where);
    {
        std::lock_guard lock(m_breakerMutex);
        if (m_breaker != Breaker::Closed)
            return tr("L2 Redis: failing since %1: %2, retrying")
                .arg(m_failingSince.toString(QStringLiteral("HH:mm")), m_lastFailure);
    }
    if (!isCoherent())
        return tr("L2 Redis: connected to %1 (invalidations not received yet: the subscriber is reconnecting)")
            .arg(where);
    return tr("L2 Redis: connected to %1").arg(where);
}

LevelStats RedisCacheLevel::stats() const
{
    LevelStats s;
    s.level = name();
    s.hits = m_hits.load(std::memory_order_relaxed);
    s.misses = m_misses.load(std::memory_order_relaxed);
    s.expirations = m_expirations.load(std::memory_order_relaxed);
    return s;
}

RedisCacheLevel::RedisStats RedisCacheLevel::redisStats() const
{
    RedisStats s;
    s.errors = m_errors.load(std::memory_order_relaxed);
    s.timeouts = m_timeouts.load(std::memory_order_relaxed);
    s.skipped = m_skipped.load(std::memory_order_relaxed);
    s.invalidations = m_invalidations.load(std::memory_order_relaxed);
    s.coherenceLost = m_coherenceLost.load(std::memory_order_relaxed);
    s.collisions = m_collisions.load(std::memory_order_relaxed);
    s.generation = m_generation.load();
    std::lock_guard lock(m_breakerMutex);
    s.breakerOpen = m_breaker != Breaker::Closed;
    return s;
}

} // namespace opsdeck::cache
