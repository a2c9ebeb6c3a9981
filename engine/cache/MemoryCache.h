#pragma once

#include "cache/CacheLevel.h"
#include "cache/ReplacementPolicy.h"
#include "Clock.h"

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

// L1: the in-process memory level. Bounded by bytes (key + value + a fixed
// per-entry overhead), per-entry absolute expiry, split into shards that each
// have their own std::shared_mutex and policy, so gets on different keys never
// wait for one global lock. With a policy whose hits are lock-free on the
// policy (s3fifo, sieve) a hit takes only its shard's shared lock; lru and
// tinylfu relink lists on a hit and take the shard's exclusive lock.
//
// Values are QByteArrays (implicitly shared: a hit copies a pointer and bumps a
// reference count, it never copies the bytes). Time comes from the injected
// Clock. It never computes values and never blocks on I/O.
namespace opsdeck::cache {

class MemoryCache final : public CacheLevel
{
public:
    // Map node, policy node and the two QByteArray headers, roughly.
    static constexpr qint64 kEntryOverheadBytes = 128;

    struct Options
    {
        qint64 capacityBytes = 64 * 1024 * 1024;
        int shards = 16; // rounded up to a power of two; each gets capacityBytes / shards
        PolicyKind policy = PolicyKind::S3Fifo;
        const Clock* clock = nullptr; // nullptr: the system clock
    };

    static qint64 entryWeight(const QByteArray& key, const QByteArray& value);

    explicit MemoryCache(Options options);
    ~MemoryCache() override;
    MemoryCache(const MemoryCache&) = delete;
    MemoryCache& operator=(const MemoryCache&) = delete;

    QString name() const override;
    std::optional<CachedValue> get(const QByteArray& key) override;
    std::optional<CachedValue> peek(const QByteArray& key) override;
    // An entry heavier than one shard's budget is not stored (counted as rejected).
    void put(const QByteArray& key, const CachedValue& value) override;
    void remove(const QByteArray& key) override;
    LevelStats stats() const override;

    // Drops every expired entry now (a maintenance timer may call it; gets drop them lazily anyway).
    int purgeExpired();
    void clear();
    PolicyKind policy() const { return m_options.policy; }

    // The budget now (dynamic sizing moves it; starts at Options::capacityBytes).
    qint64 capacityBytes() const { return m_capacityBytes.load(std::memory_order_relaxed); }
    // A new budget, split over the shards as at construction; shrinking evicts
    // through each shard's policy (counted as evictions). Returns the entries evicted.
    qint64 setCapacityBytes(qint64 bytes);

    struct KindCount
    {
        qint64 entries = 0;
        qint64 bytes = 0;
    };
    // Resident entries and their weight by kind; kindOf(key) returns 0..kinds-1
    // (anything else is not counted). Walks every shard under its shared lock: for
    // a page refresh, not for the lookup path.
    std::vector<KindCount> countByKind(int kinds, const std::function<int(const QByteArray&)>& kindOf) const;

private:
    struct Shard;
    Shard& shardFor(quint64 hash) const;

    Options m_options;
    std::atomic<qint64> m_capacityBytes;
    std::vector<std::unique_ptr<Shard>> m_shards;
    quint64 m_shardMask = 0;
};

} // namespace opsdeck::cache
