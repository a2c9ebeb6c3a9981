// INFO, latencystats and rates: text formats of Redis 7.0 src/server.c.
#include "redis/analytics/RedisInfo.h"

#include <algorithm>

namespace opsdeck::redis::analytics {

namespace {

qint64 toInt(const QByteArray& value, qint64 fallback = -1)
{
    bool ok = false;
    const qint64 n = value.trimmed().toLongLong(&ok);
    return ok ? n : fallback;
}

double toDouble(const QByteArray& value, double fallback = -1)
{
    bool ok = false;
    const double d = value.trimmed().toDouble(&ok);
    return ok ? d : fallback;
}

// Lines of a reply, CRLF or LF, without the line ends.
QList<QByteArray> replyLines(const QByteArray& text)
{
    QList<QByteArray> lines = text.split('\n');
    for (QByteArray& line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    return lines;
}

} // namespace

qint64 RedisInfo::totalKeys() const
{
    qint64 n = 0;
    for (const KeyspaceDb& d : keyspace)
        n += d.keys;
    return n;
}

qint64 RedisInfo::totalExpires() const
{
    qint64 n = 0;
    for (const KeyspaceDb& d : keyspace)
        n += d.expires;
    return n;
}

std::optional<double> RedisInfo::lifetimeHitRatio() const
{
    if (keyspaceHits < 0 || keyspaceMisses < 0 || keyspaceHits + keyspaceMisses == 0)
        return std::nullopt;
    return double(keyspaceHits) / double(keyspaceHits + keyspaceMisses);
}

const KeyspaceDb* RedisInfo::db(int index) const
{
    for (const KeyspaceDb& d : keyspace) {
        if (d.db == index)
            return &d;
    }
    return nullptr;
}

std::optional<KeyspaceDb> parseKeyspaceLine(const QByteArray& key, const QByteArray& value)
{
    if (!key.startsWith("db"))
        return std::nullopt;
    bool ok = false;
    KeyspaceDb db;
    db.db = key.mid(2).toInt(&ok);
    if (!ok || db.db < 0)
        return std::nullopt;
    bool sawKeys = false;
    for (const QByteArray& pair : value.split(',')) {
        const qsizetype eq = pair.indexOf('=');
        if (eq <= 0)
            return std::nullopt;
        const QByteArray name = pair.left(eq);
        const qint64 n = toInt(pair.mid(eq + 1), -1);
        if (n < 0)
            return std::nullopt;
        if (name == "keys") {
            db.keys = n;
            sawKeys = true;
        } else if (name == "expires") {
            db.expires = n;
        } else if (name == "avg_ttl") {
            db.avgTtlMs = n;
        }
    }
    if (!sawKeys)
        return std::nullopt;
    return db;
}

RedisInfo parseInfo(const QByteArray& text, bool* ok)
{
    RedisInfo info;
    for (const QByteArray& line : replyLines(text)) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray key = line.left(colon);
        const QByteArray value = line.mid(colon + 1);
        info.fields.insert(key, value);
        if (key.startsWith("db")) {
            if (const auto db = parseKeyspaceLine(key, value))
                info.keyspace.append(*db);
        }
    }
    auto integer = [&info](const char* name) { return toInt(info.fields.value(name), -1); };
    info.redisVersion = QString::fromLatin1(info.fields.value("redis_version"));
    info.uptimeSeconds = integer("uptime_in_seconds");
    info.keyspaceHits = integer("keyspace_hits");
    info.keyspaceMisses = integer("keyspace_misses");
    info.evictedKeys = integer("evicted_keys");
    info.expiredKeys = integer("expired_keys");
    info.totalCommandsProcessed = integer("total_commands_processed");
    info.usedMemory = integer("used_memory");
    info.usedMemoryStartup = integer("used_memory_startup");
    info.usedMemoryPeak = integer("used_memory_peak");
    info.usedMemoryDataset = integer("used_memory_dataset");
    info.maxmemory = integer("maxmemory");
    info.maxmemoryPolicy = QString::fromLatin1(info.fields.value("maxmemory_policy"));
    info.memFragmentationRatio = toDouble(info.fields.value("mem_fragmentation_ratio"), -1);
    info.memFragmentationBytes = integer("mem_fragmentation_bytes");
    info.instantaneousOpsPerSec = integer("instantaneous_ops_per_sec");
    info.connectedClients = integer("connected_clients");
    info.blockedClients = integer("blocked_clients");
    info.totalEvictionExceededTimeMs = integer("total_eviction_exceeded_time");
    info.activeDefragRunning = integer("active_defrag_running") > 0;
    std::sort(info.keyspace.begin(), info.keyspace.end(),
        [](const KeyspaceDb& a, const KeyspaceDb& b) { return a.db < b.db; });
    if (ok)
        *ok = !info.fields.isEmpty();
    return info;
}

QList<CommandLatency> parseLatencyStats(const QByteArray& text)
{
    static const QByteArray kPrefix = "latency_percentiles_usec_";
    QList<CommandLatency> result;
    for (const QByteArray& line : replyLines(text)) {
        if (!line.startsWith(kPrefix))
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= kPrefix.size())
            continue;
        CommandLatency latency;
        latency.command = QString::fromUtf8(line.mid(kPrefix.size(), colon - kPrefix.size()));
        for (const QByteArray& pair : line.mid(colon + 1).split(',')) {
            const qsizetype eq = pair.indexOf('=');
            if (eq < 2 || pair.at(0) != 'p')
                continue;
            const double v = toDouble(pair.mid(eq + 1), -1);
            if (v < 0)
                continue;
            const QString pct = QString::fromLatin1(pair.mid(1, eq - 1));
            latency.percentiles.insert(pct, v);
            if (pct == QLatin1String("50"))
                latency.p50Usec = v;
            else if (pct == QLatin1String("99"))
                latency.p99Usec = v;
            else if (pct == QLatin1String("99.9"))
                latency.p999Usec = v;
        }
        if (!latency.percentiles.isEmpty())
            result.append(latency);
    }
    std::stable_sort(result.begin(), result.end(),
        [](const CommandLatency& a, const CommandLatency& b) { return a.p99Usec > b.p99Usec; });
    return result;
}

InfoRates computeRates(const RedisInfo& before, const RedisInfo& after, double seconds)
{
    InfoRates rates;
    rates.seconds = seconds;
    if (seconds <= 0) {
        rates.problem = QStringLiteral("the two INFO readings are not apart in time");
        return rates;
    }
    if (before.uptimeSeconds >= 0 && after.uptimeSeconds >= 0 && after.uptimeSeconds < before.uptimeSeconds) {
        rates.problem = QStringLiteral("the server restarted between the two INFO readings");
        return rates;
    }
    auto delta = [&](qint64 a, qint64 b, const char* name, qint64* out) {
        if (a < 0 || b < 0) {
            rates.problem = QStringLiteral("INFO did not report %1").arg(QLatin1String(name));
            return false;
        }
        if (b < a) {
            rates.problem
                = QStringLiteral("%1 went backwards (CONFIG RESETSTAT or a restart)").arg(QLatin1String(name));
            return false;
        }
        *out = b - a;
        return true;
    };
    qint64 commands = 0, evicted = 0, expired = 0;
    if (!delta(before.keyspaceHits, after.keyspaceHits, "keyspace_hits", &rates.hits)
        || !delta(before.keyspaceMisses, after.keyspaceMisses, "keyspace_misses", &rates.misses)
        || !delta(before.evictedKeys, after.evictedKeys, "evicted_keys", &evicted)
        || !delta(before.expiredKeys, after.expiredKeys, "expired_keys", &expired)
        || !delta(
            before.totalCommandsProcessed, after.totalCommandsProcessed, "total_commands_processed", &commands))
        return rates;
    // The second INFO is itself a processed command only after it ran, so the
    // delta counts the first INFO: one command, negligible next to any load.
    rates.opsPerSec = double(commands) / seconds;
    rates.evictionsPerSec = double(evicted) / seconds;
    rates.expirationsPerSec = double(expired) / seconds;
    if (rates.hits + rates.misses > 0)
        rates.hitRatio = double(rates.hits) / double(rates.hits + rates.misses);
    rates.valid = true;
    return rates;
}

} // namespace opsdeck::redis::analytics
