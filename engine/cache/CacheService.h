#pragma once

#include "cache/CacheConfig.h"
#include "cache/CacheLevel.h"
#include "cache/L1Sizer.h"
#include "cache/MultiLevelCache.h"
#include "cache/QueryResultCache.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QMutex>
#include <QString>

#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace opsdeck {
class Clock;
}
namespace opsdeck::query {
class QuerySource;
struct RemoteSourceConfig;
} // namespace opsdeck::query

// The cache feature's one service (DESIGN.md: the UI and the CLI both call
// it): it builds the configured levels (L1 MemoryCache, L2 Redis, L3
// DatabaseCacheLevel), the MultiLevelCache over them, and the query-result
// caches the data-source registry hands out in front of its sources
// (decorate()). The Cache page reads snapshot(): per level the counters, the
// lookup latency histogram and the state of L2; per data source the
// frontend's counters.
//
// Thread-safe: lookups come from any worker thread; snapshot() from the GUI
// thread costs a few atomic reads and one short lock.
namespace opsdeck::cache {

class MemoryCache;
class DatabaseCacheLevel;
class RedisCacheLevel;

// Lookup latency of one level, in log2 buckets of nanoseconds: bucket i counts
// lookups that took [2^i, 2^(i+1)) ns (bucket 0 also holds 0-1 ns).
struct LatencyHistogram
{
    static constexpr int kBuckets = 40;
    std::array<qint64, kBuckets> counts {};
    qint64 total() const;
    // The upper bound of the bucket holding quantile q (0..1), in ns; 0 when empty.
    qint64 quantileNs(double q) const;
};

struct LevelSnapshot
{
    LevelStats stats;
    LatencyHistogram latency;
};

struct SourceCacheSnapshot
{
    QString source; // the data source's name ("local" for this engine)
    QueryResultCache::Stats stats;
};

struct EntryKindCount
{
    QueryResultCache::EntryKind kind = QueryResultCache::EntryKind::Other;
    qint64 entries = 0;
    qint64 bytes = 0;
};

struct CacheSnapshot
{
    bool enabled = false;
    QDateTime takenAt;
    QList<LevelSnapshot> levels; // fastest first
    MultiLevelCache::Stats lookups;
    QList<SourceCacheSnapshot> sources;
    QString l2State; // what the page shows beside L2 ("off" when no Redis URL is set)
    // L1: its entries by kind, the miss-ratio curve of its lookups (measured
    // online), the budget now and the configured ceiling (cache.l1.max_size).
    QList<EntryKindCount> l1Kinds;
    L1Curve l1Curve;
    bool l1Dynamic = false;
    qint64 l1BudgetBytes = 0;
    qint64 l1CeilingBytes = 0;
    qint64 l1Resizes = 0;
};

class CacheService final
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::cache::CacheService)

public:
    // l3File: the SQLite file for L3 (empty: no L3). clock may be null (system clock).
    CacheService(CacheConfig config, QString l3File, const Clock* clock);
    ~CacheService();
    CacheService(const CacheService&) = delete;
    CacheService& operator=(const CacheService&) = delete;

    const CacheConfig& config() const { return m_config; }
    bool enabled() const { return m_cache != nullptr; }
    MultiLevelCache* cache() const { return m_cache.get(); }

    // The data-source registry's decorator (DataSourceRegistry::setDecorator):
    // a QueryResultCache in front of a remote source (config non-null), and in
    // front of the local one when local_source is on; else inner itself.
    // localScrapeIntervalMs sets the local source's freshness (2 intervals).
    std::shared_ptr<const query::QuerySource> decorate(std::shared_ptr<const query::QuerySource> inner,
        const QString& name, const query::RemoteSourceConfig* config, qint64 localScrapeIntervalMs = 1000);

    CacheSnapshot snapshot() const;
    // Drops every entry of L1 and L3 and, through a new L2 generation, what
    // every console sharing the Redis holds (the page's Clear button).
    void clear();
    // "L2 Redis: connected to 127.0.0.1:6379", "... unreachable since 10:42, retrying", "... off".
    QString l2StateText() const;

    // Dynamic sizing: sets L1's budget to what its miss-ratio curve calls for
    // (L1Sizer::budgetFor), at most once per kResizeIntervalMs. Lookups call it
    // on their own every few thousand L1 lookups; tests call it directly.
    // Returns the budget when it changed.
    std::optional<qint64> resizeL1();
    static constexpr qint64 kResizeIntervalMs = 30'000;

    // A key identifying a remote source's configuration: a change of URL,
    // credentials or options gives a new key, so no entry from before is used.
    static QString sourceKey(const QString& name, const query::RemoteSourceConfig* config);

private:
    class TimedLevel;

    CacheConfig m_config;
    const Clock* m_clock;
    std::unique_ptr<MemoryCache> m_l1;
    std::unique_ptr<L1Sizer> m_sizer; // with L1: its lookups' miss-ratio curve
    std::atomic<bool> m_resizing { false };
    std::atomic<qint64> m_lastResizeMs { 0 };
    std::atomic<qint64> m_resizes { 0 };
    std::unique_ptr<RedisCacheLevel> m_l2;
    QString m_l2Problem; // why L2 is off although a URL is set
    std::unique_ptr<DatabaseCacheLevel> m_l3;
    std::vector<std::unique_ptr<TimedLevel>> m_timed; // fastest first; what m_cache asks
    std::unique_ptr<MultiLevelCache> m_cache;

    mutable QMutex m_sourcesMutex;
    struct Frontend
    {
        QString name;
        std::weak_ptr<const QueryResultCache> cache;
    };
    QList<Frontend> m_frontends;
};

} // namespace opsdeck::cache
