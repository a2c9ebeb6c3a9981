#pragma once

#include "redis/analytics/KeySampler.h"
#include "redis/analytics/MissRatioCurve.h"
#include "redis/analytics/RedisInfo.h"
#include "redis/analytics/SlowLog.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// What an operator should change on a Redis used as a cache, each advice with
// the numbers it rests on. Pure: it reads the figures RedisInspector gathered
// and never talks to the server.
//
// The maxmemory advice comes from the miss-ratio curve (MissRatioCurve: SHARDS
// over LRU stack distances of a MONITOR sample), turned from keys into bytes by
// MemoryModel. Its limits are said in the advice: the curve is exact LRU while
// Redis evicts by approximated LRU (maxmemory-samples 5), and it is only as
// representative as the sampled seconds.
namespace opsdeck::redis::analytics {

// Bytes an LRU cache of N keys takes in this server: fixedBytes + N * bytesPerKey.
// bytesPerKey is what each key costs today, Redis's per-key overhead included:
// (used_memory - used_memory_startup) / keys from INFO; the key sample's mean
// MEMORY USAGE (value, key and object headers, without the main dict's
// buckets) is the fallback when INFO counts no key.
struct MemoryModel
{
    double bytesPerKey = 0;
    double fixedBytes = 0;
    double sampleAverageBytes = 0; // mean MEMORY USAGE of the key sample, for comparison
    QString source; // "info" or "key sample"

    bool isValid() const { return bytesPerKey > 0; }
    double bytesForKeys(double keys) const { return fixedBytes + keys * bytesPerKey; }
    double keysForBytes(double bytes) const;
};

MemoryModel memoryModel(const RedisInfo& info, const KeySampleSummary* keys);

// The curve in bytes: predicted hit ratio at a maxmemory.
struct SizePoint
{
    qint64 maxmemoryBytes = 0;
    double cacheKeys = 0;
    double hitRatio = 0;
};

// Hit ratio at multiples of the current maxmemory (or of used memory when there is no limit).
QList<SizePoint> sizeTable(const MissRatioCurve& curve, const MemoryModel& memory, qint64 currentBytes);
// The smallest maxmemory (rounded up to a MiB) that the curve says reaches target.
std::optional<SizePoint> sizeForHitRatio(const MissRatioCurve& curve, const MemoryModel& memory, double target);

struct Recommendation
{
    QString topic; // maxmemory, eviction-policy, activedefrag, ttl, slow-commands, memory
    QString severity; // info, warning, critical
    QString text;
    QStringList evidence;
    qint64 recommendedMaxmemory = -1; // maxmemory advice only
    double predictedHitRatio = -1;
};

struct RecommendationInput
{
    RedisInfo info;
    std::optional<InfoRates> rates;
    std::optional<KeySampleSummary> keys;
    std::optional<MissRatioCurve> curve;
    qint64 sampledAccesses = 0;
    MemoryModel memory;
    QList<SlowLogEntry> slowlog;
    double targetHitRatio = 0.9;
};

QList<Recommendation> recommend(const RecommendationInput& input);

// "256 MiB", "1.5 GiB", "512 KiB", "900 B".
QString formatBytes(double bytes);
// "71 %" (whole percent) or "71.4 %" with decimals = 1.
QString formatPercent(double ratio, int decimals = 0);
// "1,240" (C locale digits with thousands separators).
QString formatCount(double n);

} // namespace opsdeck::redis::analytics
