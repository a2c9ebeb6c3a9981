#include "cache/CacheService.h"

#include "cache/DatabaseCacheLevel.h"
#include "cache/MemoryCache.h"
#include "cache/RedisCacheLevel.h"
#include "Clock.h"
#include "query/PrometheusQuerySource.h"
#include "redis/RedisUrl.h"

#include <QCryptographicHash>
#include <QLoggingCategory>
#include <QMutexLocker>

#include <bit>
#include <chrono>
#include <cmath>

Q_LOGGING_CATEGORY(lcCacheService, "opsdeck.cache")

namespace opsdeck::cache {

qint64 LatencyHistogram::total() const
{
    qint64 n = 0;
    for (qint64 c : counts)
        n += c;
    return n;
}

qint64 LatencyHistogram::quantileNs(double q) const
{
    const qint64 n = total();
    if (n == 0)
        return 0;
    const auto rank = qint64(std::ceil(q * double(n)));
    qint64 seen = 0;
    for (int i = 0; i < kBuckets; ++i) {
        seen += counts[size_t(i)];
        if (seen >= rank && counts[size_t(i)] > 0)
            return qint64(1) << (i + 1);
    }
    return qint64(1) << kBuckets;
}

// Forwards to one level and times its lookups (get, the only call a lookup
// waits for), in log2 buckets of atomic counters: no lock on the get path.
// L1's level also feeds its lookups to the sizer (dynamic sizing) and, every
// kResizeEveryLookups, lets the service move the budget.
class CacheService::TimedLevel final : public CacheLevel
{
public:
    explicit TimedLevel(CacheLevel* level, L1Sizer* sizer = nullptr, std::function<void()> resize = {})
        : m_level(level)
        , m_sizer(sizer)
        , m_resize(std::move(resize))
    { }
    static constexpr qint64 kResizeEveryLookups = 4096;

    QString name() const override { return m_level->name(); }
    std::optional<CachedValue> get(const QByteArray& key) override
    {
        const auto start = std::chrono::steady_clock::now();
        auto found = m_level->get(key);
        const auto ns
            = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
                  .count();
        const int bucket
            = ns <= 1 ? 0 : std::min(LatencyHistogram::kBuckets - 1, int(std::bit_width(quint64(ns))) - 1);
        m_buckets[size_t(bucket)].fetch_add(1, std::memory_order_relaxed);
        if (m_sizer) {
            m_sizer->observe(key);
            if (m_lookups.fetch_add(1, std::memory_order_relaxed) % kResizeEveryLookups == kResizeEveryLookups - 1)
                m_resize();
        }
        return found;
    }
    std::optional<CachedValue> peek(const QByteArray& key) override { return m_level->peek(key); }
    void put(const QByteArray& key, const CachedValue& value) override { m_level->put(key, value); }
    void remove(const QByteArray& key) override
    {
        if (m_sizer)
            m_sizer->forget(key);
        m_level->remove(key);
    }
    LevelStats stats() const override { return m_level->stats(); }

    LatencyHistogram latency() const
    {
        LatencyHistogram h;
        for (size_t i = 0; i < h.counts.size(); ++i)
            h.counts[i] = m_buckets[i].load(std::memory_order_relaxed);
        return h;
    }

private:
    CacheLevel* m_level;
    L1Sizer* m_sizer;
    std::function<void()> m_resize;
    std::atomic<qint64> m_lookups { 0 };
    std::array<std::atomic<qint64>, LatencyHistogram::kBuckets> m_buckets {};
};

CacheService::CacheService(CacheConfig config, QString l3File, const Clock* clock)
    : m_config(std::move(config))
    , m_clock(clock ? clock : SystemClock::instance())
{
    if (!m_config.enabled) {
        qCInfo(lcCacheService) << "query-result cache off (cache.enabled: false)";
        return;
    }
    QList<CacheLevel*> levels;
    if (m_config.l1Enabled) {
        MemoryCache::Options o;
        o.capacityBytes = m_config.l1MaxBytes;
        o.policy = m_config.l1Policy;
        o.clock = m_clock;
        m_l1 = std::make_unique<MemoryCache>(o);
        // The curve is measured either way (the page shows it); it moves the budget only with l1.dynamic.
        L1Sizer::Options so;
        so.ceilingBytes = m_config.l1MaxBytes;
        m_sizer = std::make_unique<L1Sizer>(so);
        m_timed.push_back(std::make_unique<TimedLevel>(m_l1.get(), m_sizer.get(), [this] { resizeL1(); }));
    }
    if (!m_config.l2Url.isEmpty()) {
        QString error;
        auto endpoint = redis::parseRedisUrl(m_config.l2Url, &error);
        if (endpoint && endpoint->tls) {
            error = tr("TLS is not available: Debian 12's hiredis 0.14 has no TLS support");
            endpoint.reset();
        }
        if (endpoint && !m_config.l2PasswordFile.isEmpty()) {
            const auto password = redis::readRedisPasswordFile(m_config.l2PasswordFile, &error);
            if (password)
                endpoint->password = *password;
            else
                endpoint.reset();
        }
        if (!endpoint) {
            m_l2Problem = tr("L2 Redis: off: %1").arg(error);
            qCWarning(lcCacheService).noquote() << m_l2Problem;
        } else {
            RedisCacheLevel::Options o;
            o.endpoint = *endpoint;
            o.getBudgetMs = int(std::clamp<qint64>(m_config.l2TimeoutMs, 1, 10'000));
            o.clock = m_clock;
            // Another console changed or removed an entry: drop our L1 copy. Lost
            // coherence (subscriber gone, FLUSHALL, new generation): drop all of L1.
            MemoryCache* l1 = m_l1.get();
            o.onInvalidated = [l1](const QList<QByteArray>& keys) {
                if (l1) {
                    for (const QByteArray& key : keys)
                        l1->remove(key);
                }
            };
            o.onCoherenceLost = [l1] {
                if (l1)
                    l1->clear();
            };
            m_l2 = std::make_unique<RedisCacheLevel>(o);
            m_l2->start();
            m_timed.push_back(std::make_unique<TimedLevel>(m_l2.get()));
        }
    }
    if (m_config.l3Enabled && !l3File.isEmpty()) {
        DatabaseCacheLevel::Options o;
        o.capacityBytes = m_config.l3MaxBytes;
        o.clock = m_clock;
        auto l3 = std::make_unique<DatabaseCacheLevel>(l3File, o);
        if (l3->isOpen()) {
            m_l3 = std::move(l3);
            m_timed.push_back(std::make_unique<TimedLevel>(m_l3.get()));
        } else {
            qCWarning(lcCacheService) << "L3 cache off: cannot open" << l3File << ":" << l3->lastError();
        }
    }
    for (const auto& level : m_timed)
        levels.append(level.get());
    if (levels.isEmpty()) {
        qCInfo(lcCacheService) << "query-result cache off: no level is enabled";
        return;
    }
    MultiLevelCache::Options o;
    o.defaultTtlMs = m_config.ttlMs;
    o.ttlJitter = m_config.ttlJitter;
    o.clock = m_clock;
    o.lease = m_l2.get(); // concurrent misses across consoles compute once
    m_cache = std::make_unique<MultiLevelCache>(levels, o);
    QStringList names;
    for (CacheLevel* level : std::as_const(levels))
        names.append(level->name());
    qCInfo(lcCacheService).noquote() << "query-result cache on:" << names.join(QLatin1String(", "));
}

CacheService::~CacheService()
{
    if (m_cache)
        m_cache->waitForRefreshes();
    m_cache.reset();
    if (m_l2)
        m_l2->stop();
}

QString CacheService::l2StateText() const
{
    if (m_l2)
        return m_l2->stateText();
    if (!m_l2Problem.isEmpty())
        return m_l2Problem;
    return m_config.l2Url.isEmpty() ? tr("L2 Redis: off (no Redis URL set)") : tr("L2 Redis: off");
}

QString CacheService::sourceKey(const QString& name, const query::RemoteSourceConfig* config)
{
    if (!config)
        return QStringLiteral("local");
    // Credentials decide what a server shows; they enter the key hashed.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString& part : { config->url.toString(QUrl::FullyEncoded), config->type, config->bearerToken,
             config->basicUser, config->basicPassword })
        hash.addData((part + QChar(0)).toUtf8());
    return name + QLatin1Char('@') + QString::fromLatin1(hash.result().toHex().left(16));
}

std::shared_ptr<const query::QuerySource> CacheService::decorate(std::shared_ptr<const query::QuerySource> inner,
    const QString& name, const query::RemoteSourceConfig* config, qint64 localScrapeIntervalMs)
{
    if (!m_cache || !inner || (!config && !m_config.cacheLocalSource))
        return inner;
    QueryResultCache::Options o;
    o.freshnessMs = config ? m_config.freshnessMs : 2 * std::max<qint64>(localScrapeIntervalMs, 250);
    o.splitMs = m_config.splitIntervalMs;
    o.ttlMs = m_config.ttlMs;
    o.clock = m_clock;
    auto cached
        = std::make_shared<const QueryResultCache>(std::move(inner), sourceKey(name, config), m_cache.get(), o);
    QMutexLocker lock(&m_sourcesMutex);
    m_frontends.removeIf([](const Frontend& f) { return f.cache.expired(); });
    m_frontends.append({ name, cached });
    return cached;
}

CacheSnapshot CacheService::snapshot() const
{
    CacheSnapshot s;
    s.enabled = m_cache != nullptr;
    s.takenAt = QDateTime::fromMSecsSinceEpoch(m_clock->nowMs());
    s.l2State = l2StateText();
    if (!m_cache)
        return s;
    s.lookups = m_cache->stats();
    if (m_l1) {
        using Kind = QueryResultCache::EntryKind;
        static const Kind kKinds[] = { Kind::RangePiece, Kind::Instant, Kind::Other };
        const auto counts
            = m_l1->countByKind(3, [](const QByteArray& key) { return int(QueryResultCache::entryKind(key)); });
        for (const Kind kind : kKinds) {
            const auto& c = counts[size_t(kind)];
            s.l1Kinds.append({ kind, c.entries, c.bytes });
        }
        s.l1Dynamic = m_config.l1Dynamic;
        s.l1BudgetBytes = m_l1->capacityBytes();
        s.l1CeilingBytes = m_config.l1MaxBytes;
        s.l1Resizes = m_resizes.load(std::memory_order_relaxed);
        if (m_sizer) {
            const LevelStats st = m_l1->stats();
            s.l1Curve = m_sizer->curve(st.entries > 0 ? double(st.bytes) / double(st.entries) : 0.0);
        }
    }
    for (const auto& level : m_timed) {
        LevelSnapshot l;
        l.stats = level->stats();
        l.latency = level->latency();
        s.levels.append(l);
    }
    QMutexLocker lock(&m_sourcesMutex);
    for (const Frontend& f : m_frontends) {
        if (const auto cache = f.cache.lock())
            s.sources.append({ f.name, cache->stats() });
    }
    return s;
}

std::optional<qint64> CacheService::resizeL1()
{
    if (!m_l1 || !m_sizer || !m_config.l1Dynamic)
        return std::nullopt;
    const qint64 now = m_clock->nowMs();
    const qint64 last = m_lastResizeMs.load(std::memory_order_relaxed);
    if (last != 0 && now - last < kResizeIntervalMs)
        return std::nullopt;
    if (m_resizing.exchange(true)) // another lookup thread is at it
        return std::nullopt;
    std::optional<qint64> changed;
    const LevelStats st = m_l1->stats();
    // With L1 empty there is no weight to turn the curve's entries into bytes yet.
    const auto budget = st.entries > 0
        ? L1Sizer::budgetFor(m_sizer->curve(double(st.bytes) / double(st.entries)), m_sizer->options())
        : std::nullopt;
    if (budget) {
        // A decision was made: the next one waits an interval (a young curve may try again sooner).
        m_lastResizeMs.store(now, std::memory_order_relaxed);
        const qint64 current = m_l1->capacityBytes();
        // Moves under 5 % are noise in the sampled curve, not worth a walk over every shard.
        if (std::abs(*budget - current) * 20 > current) {
            const qint64 evicted = m_l1->setCapacityBytes(*budget);
            m_resizes.fetch_add(1, std::memory_order_relaxed);
            qCInfo(lcCacheService).noquote() << "L1 budget" << current << "->" << *budget
                                             << "bytes from its miss-ratio curve;" << evicted << "entries evicted";
            changed = *budget;
        }
    }
    m_resizing.store(false);
    return changed;
}

void CacheService::clear()
{
    if (m_l1)
        m_l1->clear();
    if (m_l3)
        m_l3->clear();
    if (m_l2)
        m_l2->bumpGeneration();
}

} // namespace opsdeck::cache
