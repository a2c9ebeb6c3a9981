#pragma once

#include "cache/ReplacementPolicy.h"
#include "config/ConfigIssue.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace YAML {
class Node;
}

// The `cache:` section of the engine config file, and the console's Settings ->
// Cache, which store the same fields:
//
//   cache:
//     enabled: true                # default true: query results of the data sources are cached
//     l1:                          # in-process memory
//       enabled: true              # default true
//       max_size: 256MiB           # bytes of keys and values; KiB, MiB, GiB (or kB, MB, GB); default 256MiB
//       policy: s3fifo             # lru | sieve | s3fifo (default) | tinylfu
//       dynamic: true              # the budget follows the measured miss-ratio curve, max_size the ceiling;
//                                  # default true (false: always max_size)
//     l2:                          # Redis, shared by the consoles and engines that name the same server
//       url: redis://cache.plant-a:6379/2   # redis://[user:password@]host:port[/db]; absent = L2 off
//       password_file: secrets/redis.password
//       timeout: 50ms              # a lookup waits at most this long for Redis; default 50ms
//     l3:                          # the state database (SQLite file; a separate one with PostgreSQL state)
//       enabled: true              # default true
//       max_size: 1GiB             # default 1GiB
//     ttl: 24h                     # how long a cached piece of a range query lives; default 24h
//     ttl_jitter: 0.1              # each entry expires up to this fraction of its TTL earlier; default 0.1
//     freshness: 10m               # remote sources: results newer than now - freshness are never cached
//                                  # (late samples still arrive); default 10m, as Mimir's query-frontend
//     split_interval: 15m          # range queries are cached in pieces of this length; default 15m
//     local_source: false          # also cache this engine's own store (freshness: 2 scrape intervals); default
//     false
//
// Parsing reads the password file; nothing here logs the password.
namespace opsdeck::cache {

struct CacheConfig
{
    bool enabled = true;

    bool l1Enabled = true;
    qint64 l1MaxBytes = 256LL * 1024 * 1024;
    PolicyKind l1Policy = PolicyKind::S3Fifo;
    bool l1Dynamic = true;

    QString l2Url; // empty = no L2
    QString l2PasswordFile; // absolute; empty = the URL's password, if any
    qint64 l2TimeoutMs = 50;

    bool l3Enabled = true;
    qint64 l3MaxBytes = 1024LL * 1024 * 1024;

    qint64 ttlMs = 24LL * 3600 * 1000;
    double ttlJitter = 0.1;
    qint64 freshnessMs = 10LL * 60 * 1000;
    qint64 splitIntervalMs = 15LL * 60 * 1000;
    bool cacheLocalSource = false;

    friend bool operator==(const CacheConfig&, const CacheConfig&) = default;
};

class CacheConfigFile
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::cache::CacheConfigFile)

public:
    // The section's node inside the file named fileName (relative paths are
    // resolved against its folder); nullopt when a fatal issue was found
    // (*issues, may be null, gets every issue).
    static std::optional<CacheConfig> parseNode(
        const YAML::Node& node, const QString& fileName, QList<config::ConfigIssue>* issues);
    // "256MiB", "1GiB", "512MB", "64kB" or a bare number of bytes; nullopt when it is none of them.
    static std::optional<qint64> parseSize(const QString& text);
    // The shortest exact form parseSize reads back ("256MiB", "1536KiB", "1000").
    static QString formatSize(qint64 bytes);
};

} // namespace opsdeck::cache
