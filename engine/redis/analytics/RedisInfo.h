#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

// Parsers for what a Redis server reports about itself, as pure functions over
// the reply text: `INFO` (any sections; the "key:value" lines of src/server.c
// genRedisInfoString, "# Section" headers, CRLF or LF), the per-database
// "dbN:keys=..,expires=..,avg_ttl=.." lines, `INFO latencystats` (Redis 7.0:
// "latency_percentiles_usec_<cmd>:p50=..,p99=..,p99.9=.."), and the rates
// between two INFO readings. They never talk to a server: RedisConnection does
// the I/O, RedisInspector puts the pieces together.
namespace opsdeck::redis::analytics {

struct KeyspaceDb
{
    int db = 0;
    qint64 keys = 0;
    qint64 expires = 0;
    qint64 avgTtlMs = 0;
};

// The fields an operator needs for cache health. Counters are cumulative since
// the server started (or since CONFIG RESETSTAT). -1 marks a field the server
// did not report (an older Redis, or a section that was not asked for).
struct RedisInfo
{
    QString redisVersion;
    qint64 uptimeSeconds = -1;
    qint64 keyspaceHits = -1;
    qint64 keyspaceMisses = -1;
    qint64 evictedKeys = -1;
    qint64 expiredKeys = -1;
    qint64 totalCommandsProcessed = -1;
    qint64 usedMemory = -1;
    qint64 usedMemoryStartup = -1;
    qint64 usedMemoryPeak = -1;
    qint64 usedMemoryDataset = -1;
    qint64 maxmemory = -1; // 0 = no limit
    QString maxmemoryPolicy;
    double memFragmentationRatio = -1;
    qint64 memFragmentationBytes = -1;
    qint64 instantaneousOpsPerSec = -1;
    qint64 connectedClients = -1;
    qint64 blockedClients = -1;
    qint64 totalEvictionExceededTimeMs = -1; // 7.0
    bool activeDefragRunning = false;
    QList<KeyspaceDb> keyspace; // in db order

    // Every "key:value" line, for fields not modelled above.
    QHash<QByteArray, QByteArray> fields;

    qint64 totalKeys() const;
    qint64 totalExpires() const;
    // keyspace_hits / (hits + misses) since start; nullopt without lookups.
    std::optional<double> lifetimeHitRatio() const;
    const KeyspaceDb* db(int index) const;
};

// Never fails: unknown lines are kept in `fields`, malformed ones skipped.
// `ok` (optional) is set false when the text holds no "key:value" line at all.
RedisInfo parseInfo(const QByteArray& text, bool* ok = nullptr);

// One "dbN:keys=1,expires=0,avg_ttl=0" line (without "dbN:" handled too); nullopt when malformed.
std::optional<KeyspaceDb> parseKeyspaceLine(const QByteArray& key, const QByteArray& value);

// Server-side latency of one command, microseconds (Redis 7 latency tracking,
// percentiles set by latency-tracking-info-percentiles, default 50 99 99.9).
struct CommandLatency
{
    QString command; // lower case as Redis prints it; subcommands as "config|get"
    double p50Usec = -1;
    double p99Usec = -1;
    double p999Usec = -1;
    QHash<QString, double> percentiles; // every "pN=" pair, key without the "p": "50", "99.9"
};

// From `INFO latencystats` (or a full INFO that includes the section); sorted by p99, highest first.
QList<CommandLatency> parseLatencyStats(const QByteArray& text);

// The rates over the interval between two readings of the same server.
// Counter resets (a restart, CONFIG RESETSTAT) make a delta negative: then
// `valid` is false and `problem` says why.
struct InfoRates
{
    bool valid = false;
    QString problem;
    double seconds = 0;
    double opsPerSec = 0; // total_commands_processed delta / s
    double evictionsPerSec = 0;
    double expirationsPerSec = 0;
    qint64 hits = 0;
    qint64 misses = 0;
    std::optional<double> hitRatio; // over the interval; nullopt without lookups in it
};

InfoRates computeRates(const RedisInfo& before, const RedisInfo& after, double seconds);

} // namespace opsdeck::redis::analytics
