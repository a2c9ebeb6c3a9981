#include "cache/MemoryCache.h"

#include <QHash>

#include <atomic>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace opsdeck::cache {

namespace {

quint64 keyHash(const QByteArray& key)
{
    return quint64(qHash(key, size_t(0x5bd1e995)));
}

} // namespace

struct alignas(64) MemoryCache::Shard
{
    struct Entry
    {
        QByteArray key; // the full key: a hash collision is a miss, never a wrong value
        CachedValue value;
        qint64 weight = 0;
    };

    mutable std::shared_mutex mutex;
    std::unordered_map<quint64, Entry> map;
    std::unique_ptr<ReplacementPolicy> policy;
    std::vector<quint64> evicted; // scratch, under the exclusive lock
    bool sharedHits = false;

    std::atomic<qint64> hits { 0 };
    std::atomic<qint64> misses { 0 };
    std::atomic<qint64> evictions { 0 };
    std::atomic<qint64> rejected { 0 };
    std::atomic<qint64> expirations { 0 };

    static bool expired(const CachedValue& v, qint64 now) { return v.expiresAtMs != 0 && v.expiresAtMs <= now; }

    void eraseLocked(std::unordered_map<quint64, Entry>::iterator it)
    {
        policy->remove(it->first);
        map.erase(it);
    }

    // Exclusive-lock path: hits of relinking policies, and expired entries.
    std::optional<CachedValue> getExclusive(quint64 h, const QByteArray& key, qint64 now)
    {
        std::unique_lock lock(mutex);
        const auto it = map.find(h);
        if (it == map.end() || it->second.key != key) {
            misses.fetch_add(1, std::memory_order_relaxed);
            return std::nullopt;
        }
        if (expired(it->second.value, now)) {
            eraseLocked(it);
            expirations.fetch_add(1, std::memory_order_relaxed);
            misses.fetch_add(1, std::memory_order_relaxed);
            return std::nullopt;
        }
        policy->hit(h);
        hits.fetch_add(1, std::memory_order_relaxed);
        return it->second.value;
    }
};

qint64 MemoryCache::entryWeight(const QByteArray& key, const QByteArray& value)
{
    return key.size() + value.size() + kEntryOverheadBytes;
}

MemoryCache::MemoryCache(Options options)
    : m_options(options)
    , m_capacityBytes(options.capacityBytes)
{
    if (!m_options.clock)
        m_options.clock = SystemClock::instance();
    int shards = 1;
    while (shards < std::max(1, m_options.shards))
        shards <<= 1;
    m_options.shards = shards;
    m_shardMask = quint64(shards - 1);
    const qint64 perShard = std::max<qint64>(1, m_options.capacityBytes / shards);
    for (int i = 0; i < shards; ++i) {
        auto shard = std::make_unique<Shard>();
        shard->policy = ReplacementPolicy::create(m_options.policy, perShard);
        shard->sharedHits = shard->policy->concurrentHits();
        m_shards.push_back(std::move(shard));
    }
}

MemoryCache::~MemoryCache() = default;

MemoryCache::Shard& MemoryCache::shardFor(quint64 hash) const
{
    // The high bits pick the shard; the map inside uses all of them.
    return *m_shards[size_t((hash >> 40) & m_shardMask)];
}

QString MemoryCache::name() const
{
    return QStringLiteral("L1 memory");
}

std::optional<CachedValue> MemoryCache::get(const QByteArray& key)
{
    const quint64 h = keyHash(key);
    Shard& s = shardFor(h);
    const qint64 now = m_options.clock->nowMs();
    if (!s.sharedHits)
        return s.getExclusive(h, key, now);
    {
        std::shared_lock lock(s.mutex);
        const auto it = s.map.find(h);
        if (it == s.map.end() || it->second.key != key) {
            s.misses.fetch_add(1, std::memory_order_relaxed);
            return std::nullopt;
        }
        if (!Shard::expired(it->second.value, now)) {
            s.policy->hit(h);
            s.hits.fetch_add(1, std::memory_order_relaxed);
            return it->second.value;
        }
    }
    return s.getExclusive(h, key, now); // expired: drop it under the exclusive lock
}

std::optional<CachedValue> MemoryCache::peek(const QByteArray& key)
{
    const quint64 h = keyHash(key);
    const Shard& s = shardFor(h);
    const qint64 now = m_options.clock->nowMs();
    std::shared_lock lock(s.mutex);
    const auto it = s.map.find(h);
    if (it == s.map.end() || it->second.key != key || Shard::expired(it->second.value, now))
        return std::nullopt;
    return it->second.value;
}

void MemoryCache::put(const QByteArray& key, const CachedValue& value)
{
    const quint64 h = keyHash(key);
    Shard& s = shardFor(h);
    const qint64 weight = entryWeight(key, value.value);
    std::unique_lock lock(s.mutex);
    s.evicted.clear();
    auto it = s.map.find(h);
    if (it != s.map.end()) {
        it->second.key = key;
        it->second.value = value;
        it->second.weight = weight;
        s.policy->update(h, weight, &s.evicted);
    } else {
        s.policy->insert(h, weight, &s.evicted);
        s.map.emplace(h, Shard::Entry { key, value, weight });
    }
    for (const quint64 gone : s.evicted) {
        s.map.erase(gone);
        (gone == h ? s.rejected : s.evictions).fetch_add(1, std::memory_order_relaxed);
    }
}

void MemoryCache::remove(const QByteArray& key)
{
    const quint64 h = keyHash(key);
    Shard& s = shardFor(h);
    std::unique_lock lock(s.mutex);
    const auto it = s.map.find(h);
    if (it != s.map.end() && it->second.key == key)
        s.eraseLocked(it);
}

LevelStats MemoryCache::stats() const
{
    LevelStats st;
    st.level = name();
    st.capacityBytes = capacityBytes();
    for (const auto& s : m_shards) {
        st.hits += s->hits.load(std::memory_order_relaxed);
        st.misses += s->misses.load(std::memory_order_relaxed);
        st.evictions += s->evictions.load(std::memory_order_relaxed);
        st.rejected += s->rejected.load(std::memory_order_relaxed);
        st.expirations += s->expirations.load(std::memory_order_relaxed);
        std::shared_lock lock(s->mutex);
        st.bytes += s->policy->weight();
        st.entries += qint64(s->map.size());
    }
    return st;
}

int MemoryCache::purgeExpired()
{
    const qint64 now = m_options.clock->nowMs();
    int dropped = 0;
    for (const auto& s : m_shards) {
        std::unique_lock lock(s->mutex);
        int here = 0;
        for (auto it = s->map.begin(); it != s->map.end();) {
            if (Shard::expired(it->second.value, now)) {
                s->policy->remove(it->first);
                it = s->map.erase(it);
                ++here;
            } else {
                ++it;
            }
        }
        s->expirations.fetch_add(here, std::memory_order_relaxed);
        dropped += here;
    }
    return dropped;
}

qint64 MemoryCache::setCapacityBytes(qint64 bytes)
{
    bytes = std::max<qint64>(1, bytes);
    m_capacityBytes.store(bytes, std::memory_order_relaxed);
    const qint64 perShard = std::max<qint64>(1, bytes / qint64(m_shards.size()));
    qint64 evicted = 0;
    for (const auto& s : m_shards) {
        std::unique_lock lock(s->mutex);
        s->evicted.clear();
        s->policy->setCapacity(perShard, &s->evicted);
        for (const quint64 gone : s->evicted)
            s->map.erase(gone);
        s->evictions.fetch_add(qint64(s->evicted.size()), std::memory_order_relaxed);
        evicted += qint64(s->evicted.size());
    }
    return evicted;
}

std::vector<MemoryCache::KindCount> MemoryCache::countByKind(
    int kinds, const std::function<int(const QByteArray&)>& kindOf) const
{
    std::vector<KindCount> counts(size_t(std::max(0, kinds)));
    for (const auto& s : m_shards) {
        std::shared_lock lock(s->mutex);
        for (const auto& [h, entry] : s->map) {
            const int kind = kindOf(entry.key);
            if (kind < 0 || kind >= kinds)
                continue;
            ++counts[size_t(kind)].entries;
            counts[size_t(kind)].bytes += entry.weight;
        }
    }
    return counts;
}

void MemoryCache::clear()
{
    for (const auto& s : m_shards) {
        std::unique_lock lock(s->mutex);
        for (const auto& [h, entry] : s->map)
            s->policy->remove(h);
        s->map.clear();
    }
}

} // namespace opsdeck::cache
