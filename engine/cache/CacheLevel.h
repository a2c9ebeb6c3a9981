#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <optional>

// One level of the multi-level cache (DESIGN.md, engine/cache): L1 memory,
// L2 Redis, L3 the state database. MultiLevelCache asks the levels in order,
// fastest first, and fills the faster ones with what a slower one had; the
// levels themselves know nothing of each other, of computing values, of
// single-flight or of early refresh.
//
// A level must be safe to call from several threads at once, must never block
// for long (a level over the network answers a miss rather than wait on a dead
// server), and must never return an entry past its expiresAtMs.
namespace opsdeck::cache {

struct CachedValue
{
    QByteArray value;
    qint64 expiresAtMs = 0; // absolute, ms since the epoch on the cache's clock; 0 = no expiry
    qint64 computeMs = 0; // how long computing it took: XFetch's delta, carried by every level
};

// Counters for the Cache page and `opsdeck cache` (monotonic except bytes/entries).
struct LevelStats
{
    QString level;
    qint64 hits = 0;
    qint64 misses = 0;
    qint64 evictions = 0; // resident entries pushed out to make room
    qint64 rejected = 0; // new entries the policy did not admit, or heavier than the budget
    qint64 expirations = 0; // entries dropped because their TTL ran out
    qint64 bytes = 0; // weight of the resident entries
    qint64 entries = 0;
    qint64 capacityBytes = 0;
    double hitRatio() const { return hits + misses > 0 ? double(hits) / double(hits + misses) : 0.0; }
};

class CacheLevel
{
public:
    virtual ~CacheLevel() = default;
    virtual QString name() const = 0; // "L1 memory", "L2 Redis", "L3 database"
    virtual std::optional<CachedValue> get(const QByteArray& key) = 0;
    // Like get, but counts nothing and leaves the policy alone (single-flight's re-check).
    virtual std::optional<CachedValue> peek(const QByteArray& key) { return get(key); }
    virtual void put(const QByteArray& key, const CachedValue& value) = 0;
    virtual void remove(const QByteArray& key) = 0;
    virtual LevelStats stats() const = 0;
};

} // namespace opsdeck::cache
