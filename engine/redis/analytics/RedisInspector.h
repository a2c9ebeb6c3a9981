#pragma once

#include "redis/analytics/AccessSampler.h"
#include "redis/analytics/KeySampler.h"
#include "redis/analytics/Recommendations.h"
#include "redis/analytics/RedisConnection.h"
#include "redis/analytics/RedisInfo.h"
#include "redis/analytics/SlowLog.h"
#include "redis/RedisUrl.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>

// One analysis of a Redis server used as a cache, for `opsdeck cache inspect`
// and (later) the Cache page's Redis tab: connect (AUTH, SELECT), INFO twice
// `infoIntervalMs` apart (rates over the interval: ops/s, evictions/s,
// expirations/s, hit ratio), INFO latencystats, SLOWLOG GET, a bounded key
// sample (SCAN + MEMORY USAGE), optionally a MONITOR sample of key accesses
// for the miss-ratio curve, then the recommendations. Every step is bounded in
// time; a step that fails (an old Redis without latencystats, MEMORY refused
// by ACL) becomes a warning and the others still run. Only failing to connect
// or to authenticate fails the whole run.
//
// Blocking: run() is for a worker thread. `stop` ends the key and access
// samples early; `progress(stage, fraction)` reports where it is.
namespace opsdeck::redis::analytics {

struct InspectOptions
{
    int infoIntervalMs = 1000;
    int slowlogEntries = 10;
    KeySampleOptions keys; // maxKeys 0: no key sample
    AccessSampleOptions accesses;
    bool sampleAccesses = false; // MONITOR for accesses.durationMs
    double targetHitRatio = 0.9;
    RedisTimeouts timeouts;
};

struct InspectResult
{
    QString endpoint; // describe(): no password
    qint64 startedMs = 0; // unix ms
    RedisInfo first;
    RedisInfo info; // the second reading, the one shown
    InfoRates rates;
    qint64 intervalStartMs = 0; // unix ms, the midpoints of the two INFO round trips
    qint64 intervalEndMs = 0;
    QList<CommandLatency> latency;
    QList<SlowLogEntry> slowlog;
    qint64 slowlogLength = -1;
    std::optional<KeySampleResult> keySample;
    std::optional<KeySampleSummary> keys;
    std::optional<AccessSampleResult> accesses;
    MemoryModel memory;
    QList<SizePoint> sizes; // hit ratio at multiples of maxmemory (with an access sample)
    QList<SizePoint> targets; // maxmemory for 80/90/95/99 % where the curve reaches them
    QList<Recommendation> recommendations;
    QStringList warnings;

    QJsonObject toJson() const;
};

class RedisInspector final
{
public:
    // nullopt with *error ("cannot connect to HOST:PORT: Connection refused",
    // "HOST:PORT: AUTH failed: WRONGPASS ...") when the server cannot be used at all.
    static std::optional<InspectResult> run(const RedisEndpoint& endpoint, const InspectOptions& options,
        QString* error, const std::atomic_bool* stop = nullptr,
        const std::function<void(const QString&, double)>& progress = {});
};

} // namespace opsdeck::redis::analytics
