#include "redis/analytics/Recommendations.h"

#include <QLocale>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace opsdeck::redis::analytics {

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

qint64 roundUpMiB(double bytes)
{
    return qint64(std::ceil(bytes / kMiB)) * qint64(kMiB);
}

// Commands that walk a whole key or keyspace, with what to use instead.
QString betterCommand(const QString& command)
{
    static const QHash<QString, QString> alternatives {
        { QStringLiteral("KEYS"), QStringLiteral("SCAN with MATCH and COUNT") },
        { QStringLiteral("SMEMBERS"), QStringLiteral("SSCAN") },
        { QStringLiteral("HGETALL"), QStringLiteral("HSCAN, or HMGET of the fields needed") },
        { QStringLiteral("LRANGE"), QStringLiteral("smaller LRANGE pages") },
        { QStringLiteral("ZRANGE"), QStringLiteral("ZSCAN, or a LIMIT") },
        { QStringLiteral("ZRANGEBYSCORE"), QStringLiteral("a LIMIT") },
        { QStringLiteral("SORT"), QStringLiteral("a sorted set kept up to date") },
        { QStringLiteral("SUNION"), QStringLiteral("SSCAN over the sets") },
        { QStringLiteral("SINTER"), QStringLiteral("SINTERCARD or smaller sets") },
        { QStringLiteral("FLUSHALL"), QStringLiteral("FLUSHALL ASYNC") },
        { QStringLiteral("FLUSHDB"), QStringLiteral("FLUSHDB ASYNC") },
        { QStringLiteral("DEL"), QStringLiteral("UNLINK for big keys") },
    };
    return alternatives.value(command);
}

Recommendation advice(QString topic, QString severity, QString text, QStringList evidence)
{
    Recommendation r;
    r.topic = std::move(topic);
    r.severity = std::move(severity);
    r.text = std::move(text);
    r.evidence = std::move(evidence);
    return r;
}

} // namespace

QString formatBytes(double bytes)
{
    const char* units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
    int u = 0;
    while (std::abs(bytes) >= 1024.0 && u < 4) {
        bytes /= 1024.0;
        ++u;
    }
    const int decimals = u == 0 || std::abs(bytes) >= 100 || std::abs(bytes - std::round(bytes)) < 0.05 ? 0 : 1;
    return QStringLiteral("%1 %2").arg(QString::number(bytes, 'f', decimals), QLatin1String(units[u]));
}

QString formatPercent(double ratio, int decimals)
{
    return QStringLiteral("%1 %").arg(QString::number(ratio * 100.0, 'f', decimals));
}

QString formatCount(double n)
{
    QLocale english(QLocale::English);
    return english.toString(qint64(std::llround(n)));
}

double MemoryModel::keysForBytes(double bytes) const
{
    return bytesPerKey > 0 ? std::max(0.0, (bytes - fixedBytes) / bytesPerKey) : 0.0;
}

MemoryModel memoryModel(const RedisInfo& info, const KeySampleSummary* keys)
{
    MemoryModel m;
    if (keys && keys->sampledKeys > 0)
        m.sampleAverageBytes = keys->averageBytes;
    m.fixedBytes = info.usedMemoryStartup > 0 ? double(info.usedMemoryStartup) : 0.0;
    const qint64 total = info.totalKeys();
    if (total > 0 && info.usedMemory > 0 && double(info.usedMemory) > m.fixedBytes) {
        m.bytesPerKey = (double(info.usedMemory) - m.fixedBytes) / double(total);
        m.source = QStringLiteral("info");
    } else if (m.sampleAverageBytes > 0) {
        m.bytesPerKey = m.sampleAverageBytes;
        m.source = QStringLiteral("key sample");
    }
    return m;
}

QList<SizePoint> sizeTable(const MissRatioCurve& curve, const MemoryModel& memory, qint64 currentBytes)
{
    QList<SizePoint> table;
    if (!memory.isValid() || currentBytes <= 0)
        return table;
    for (const double factor : { 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 8.0 }) {
        SizePoint p;
        p.maxmemoryBytes = qint64(double(currentBytes) * factor);
        p.cacheKeys = memory.keysForBytes(double(p.maxmemoryBytes));
        p.hitRatio = curve.hitRatioAt(p.cacheKeys);
        table.append(p);
    }
    return table;
}

std::optional<SizePoint> sizeForHitRatio(const MissRatioCurve& curve, const MemoryModel& memory, double target)
{
    if (!memory.isValid())
        return std::nullopt;
    const auto keys = curve.keysForHitRatio(target);
    if (!keys)
        return std::nullopt;
    SizePoint p;
    p.maxmemoryBytes = roundUpMiB(memory.bytesForKeys(*keys));
    p.cacheKeys = memory.keysForBytes(double(p.maxmemoryBytes));
    p.hitRatio = curve.hitRatioAt(p.cacheKeys);
    return p;
}

QList<Recommendation> recommend(const RecommendationInput& in)
{
    QList<Recommendation> out;
    const RedisInfo& info = in.info;
    const bool limited = info.maxmemory > 0;
    const double fill = limited && info.usedMemory >= 0 ? double(info.usedMemory) / double(info.maxmemory) : 0.0;
    const QString policy = info.maxmemoryPolicy;
    const bool allkeys = policy.startsWith(QLatin1String("allkeys-"));
    const bool volatilePolicy = policy.startsWith(QLatin1String("volatile-"));
    const qint64 keys = info.totalKeys();
    const double expiringShare = keys > 0 ? double(info.totalExpires()) / double(keys) : 0.0;

    // maxmemory from the miss-ratio curve.
    if (in.rates && in.rates->valid && in.rates->hitRatio && limited) {
        const double hit = *in.rates->hitRatio;
        const double evictions = in.rates->evictionsPerSec;
        const QString now
            = QStringLiteral("evictions %1/s with hit ratio %2").arg(formatCount(evictions), formatPercent(hit));
        Recommendation r;
        r.topic = QStringLiteral("maxmemory");
        r.evidence << QStringLiteral("hit ratio %1 over %2 s (keyspace_hits/misses deltas)")
                          .arg(formatPercent(hit, 1), QString::number(in.rates->seconds, 'f', 1))
                   << QStringLiteral("evicted_keys %1/s, used_memory %2 of maxmemory %3 (%4)")
                          .arg(formatCount(evictions), formatBytes(double(info.usedMemory)),
                              formatBytes(double(info.maxmemory)), policy);
        const bool pressure = evictions > 0 || fill >= 0.95;
        if (in.curve && !in.curve->isEmpty() && in.memory.isValid() && pressure && hit < in.targetHitRatio) {
            const MissRatioCurve& c = *in.curve;
            const QString method
                = QStringLiteral("miss-ratio curve from a sample of %1 key accesses (SHARDS rate %2, exact-LRU "
                                 "model; Redis evicts by approximated LRU, maxmemory-samples 5)")
                      .arg(formatCount(double(in.sampledAccesses)), QString::number(c.samplingRate));
            const double atCurrent = c.hitRatioAt(in.memory.keysForBytes(double(info.maxmemory)));
            r.evidence << method
                       << QStringLiteral("%1 per key (%2); the curve gives %3 at the current size, the server "
                                         "measures %4%5")
                              .arg(formatBytes(in.memory.bytesPerKey), in.memory.source, formatPercent(atCurrent),
                                  formatPercent(hit),
                                  atCurrent > hit + 0.03
                                      ? QStringLiteral(": approximated LRU hits less than exact LRU, so read the "
                                                       "estimate as an upper bound")
                                      : QString());
            if (const auto size = sizeForHitRatio(c, in.memory, in.targetHitRatio)) {
                r.severity = evictions > 0 ? QStringLiteral("warning") : QStringLiteral("info");
                r.recommendedMaxmemory = size->maxmemoryBytes;
                r.predictedHitRatio = size->hitRatio;
                r.text
                    = QStringLiteral("%1: raising maxmemory from %2 to %3 is estimated to reach %4 (%5)")
                          .arg(now, formatBytes(double(info.maxmemory)), formatBytes(double(size->maxmemoryBytes)),
                              formatPercent(in.targetHitRatio), method);
            } else {
                r.severity = QStringLiteral("info");
                const double top = c.maxHitRatio();
                const double topKeys = c.steps.empty() ? 0.0 : c.steps.back().cacheKeys;
                r.text = QStringLiteral(
                    "%1: the sampled accesses do not reach %2 at any size; the curve levels off at "
                    "%3 from %4 (keys first seen in the sample count as misses; sample longer "
                    "with --sample-for)")
                             .arg(now, formatPercent(in.targetHitRatio), formatPercent(top),
                                 formatBytes(in.memory.bytesForKeys(topKeys)));
                if (top > hit + 0.02) {
                    r.recommendedMaxmemory = roundUpMiB(in.memory.bytesForKeys(topKeys));
                    r.predictedHitRatio = top;
                }
            }
            out.append(r);
        } else if (pressure && hit < in.targetHitRatio) {
            r.severity = QStringLiteral("warning");
            r.text = QStringLiteral("%1: more memory would raise the hit ratio; run with --sample-for 10s to "
                                    "estimate how much (miss-ratio curve from sampled accesses)")
                         .arg(now);
            out.append(r);
        }
    }

    // Eviction policy.
    if (limited && policy == QLatin1String("noeviction") && fill >= 0.9) {
        out.append(advice(QStringLiteral("eviction-policy"), QStringLiteral("critical"),
            QStringLiteral("maxmemory-policy noeviction with memory %1 full: writes fail with OOM once it is "
                           "reached; for a cache use allkeys-lru (or allkeys-lfu)")
                .arg(formatPercent(fill)),
            { QStringLiteral("used_memory %1, maxmemory %2")
                    .arg(formatBytes(double(info.usedMemory)), formatBytes(double(info.maxmemory))) }));
    }
    if (limited && volatilePolicy && keys > 0 && expiringShare < 0.5) {
        out.append(advice(QStringLiteral("eviction-policy"), QStringLiteral("warning"),
            QStringLiteral(
                "maxmemory-policy %1 evicts only keys with a TTL, and only %2 of the keys have one: when "
                "they run out writes fail with OOM; use allkeys-lru, or set TTLs")
                .arg(policy, formatPercent(expiringShare, expiringShare < 0.1 ? 1 : 0)),
            { QStringLiteral("%1 of %2 keys expire (INFO keyspace)")
                    .arg(formatCount(double(info.totalExpires())), formatCount(double(keys))) }));
    }
    if (!limited) {
        out.append(advice(QStringLiteral("maxmemory"), QStringLiteral("info"),
            QStringLiteral("no maxmemory set: Redis grows until the machine runs out of memory; set maxmemory "
                           "and allkeys-lru for a cache"),
            { QStringLiteral("maxmemory 0, used_memory %1").arg(formatBytes(double(info.usedMemory))) }));
    }

    // Keys without TTL while only volatile keys can be evicted.
    if (in.keys && in.keys->sampledKeys > 0 && !allkeys && in.keys->shareWithoutTtl > 0.5) {
        out.append(advice(QStringLiteral("ttl"), QStringLiteral("warning"),
            QStringLiteral("no TTL on %1 of keys with allkeys-* off (maxmemory-policy %2): those keys are never "
                           "evicted; give them a TTL or use allkeys-lru")
                .arg(formatPercent(in.keys->shareWithoutTtl), policy.isEmpty() ? QStringLiteral("?") : policy),
            { QStringLiteral("%1 of %2 sampled keys have no TTL")
                    .arg(formatCount(double(in.keys->keysWithoutTtl)),
                        formatCount(double(in.keys->sampledKeys))) }));
    }

    // Fragmentation: Redis's own defaults start active defrag above 10 % and 100 MB of fragmentation.
    if (info.memFragmentationRatio > 1.5) {
        const double fragBytes = info.memFragmentationBytes >= 0 ? double(info.memFragmentationBytes) : 0.0;
        const QString evidence = QStringLiteral("mem_fragmentation_ratio %1, %2 fragmented, used_memory %3")
                                     .arg(QString::number(info.memFragmentationRatio, 'f', 2),
                                         formatBytes(fragBytes), formatBytes(double(info.usedMemory)));
        if (fragBytes >= 100.0 * kMiB)
            out.append(advice(QStringLiteral("activedefrag"), QStringLiteral("warning"),
                QStringLiteral("fragmentation %1: activedefrag yes (CONFIG SET activedefrag yes) would return "
                               "about %2 to the system")
                    .arg(QString::number(info.memFragmentationRatio, 'f', 1), formatBytes(fragBytes)),
                { evidence }));
        else
            out.append(advice(QStringLiteral("activedefrag"), QStringLiteral("info"),
                QStringLiteral(
                    "fragmentation %1, but only %2: too little to be worth active defrag (Redis ignores "
                    "less than 100 MB)")
                    .arg(QString::number(info.memFragmentationRatio, 'f', 1), formatBytes(fragBytes)),
                { evidence }));
    }

    // Slow commands: those that walk a whole key or keyspace.
    QSet<QString> named;
    for (const SlowLogEntry& e : in.slowlog) {
        const QString better = betterCommand(e.command);
        if (better.isEmpty() || named.contains(e.command))
            continue;
        named.insert(e.command);
        out.append(advice(QStringLiteral("slow-commands"),
            e.durationUsec >= 10'000 ? QStringLiteral("warning") : QStringLiteral("info"),
            QStringLiteral("%1 took %2 µs (slow log): it blocks the server while it walks everything; use %3")
                .arg(e.command, formatCount(double(e.durationUsec)), better),
            { QStringLiteral("slow log #%1: %2").arg(e.id).arg(e.display()) }));
    }
    return out;
}

} // namespace opsdeck::redis::analytics
