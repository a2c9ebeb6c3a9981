#pragma once

#include "alerts/AlertTypes.h"
#include "cache/CacheConfig.h"
#include "capacity/RollupWriter.h"
#include "config/ConfigIssue.h"
#include "profiler/ProfilerConfig.h"
#include "query/PrometheusQuerySource.h"
#include "remotewrite/RemoteWriteConfig.h"
#include "scrape/ScrapeTarget.h"
#include "storage/StateLocation.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The engine config file, given to `opsdeck --headless --config FILE` (YAML):
//
//   data_directory: /var/lib/opsdeck      # optional; relative to this file
//   targets:
//     - url: http://plc-gw-1:9100/metrics # or host:port
//       job: node                         # default "opsdeck"
//       instance: plc-gw-1                # default host:port
//       interval: 5s                      # default 1s, at least 250ms
//       timeout: 4s                       # default 800ms, at most the interval
//       token_file: secrets/agent.token   # bearer token, relative to this file
//       ca_file: certs/plant-ca.pem
//       insecure: false
//       labels: {site: plant-a}
//   rule_files: [rules/*.yml]             # relative to this file; globs in the file name
//   alerting: { receivers, route, inhibit_rules, escalations, external_url }
//                                         # as AlertingConfigFile (engine/alerts)
//   capacity:                             # optional; capacity history rollups
//     rollups: true                       # default true
//     minute_retention: 90d               # days (d), weeks (w) or years (y); default 90d
//     hour_retention: 2y                  # default 730d
//   data_sources:                         # optional; remote Prometheus-compatible servers
//     - name: mes-prom                    # what dashboards, rule groups and --source call it
//       url: https://prom.plant-a:9090    # the API's base URL
//       type: prometheus                  # the only type (Prometheus, VictoriaMetrics, Thanos, Mimir)
//       bearer_token_file: secrets/prom.token   # or basic_auth: {username, password_file}
//       ca_file: certs/plant-ca.pem       # or insecure: true
//       timeout: 10s                      # per call; default 10s
//       method: POST                      # POST (default) or GET
//   web:                                  # optional; serves the Prometheus HTTP API (web/WebServer)
//     listen: 127.0.0.1:9099              # host:port; port 0 picks a free port (the ready line names it)
//     bearer_token_file: secrets/api.token # optional; then every endpoint but /-/healthy and /-/ready
//                                         # needs "Authorization: Bearer <token>"
//     tls_cert_file: certs/opsdeck.pem    # optional, together with tls_key_file: HTTPS
//     tls_key_file: certs/opsdeck-key.pem
//     max_samples: 50000000               # samples one query may load (Prometheus --query.max-samples)
//   remote_write:                         # optional; Prometheus remote write 1.0 of everything scraped
//     - url: https://mimir.example/api/v1/push   # required
//       name: mimir                       # default host:port
//       remote_timeout: 30s
//       bearer_token_file: secrets/mimir.token   # or bearer_token, or basic_auth {username, password[_file]}
//       ca_file: certs/plant-ca.pem
//       insecure: false
//       queue: {capacity: 10000000, max_samples_per_send: 5000, batch_send_deadline: 5s,
//               min_backoff: 30ms, max_backoff: 5s}
//       write_relabel: [{action: drop, regex: 'go_.*'}]   # keep|drop by metric name, in order
//                                         # as RemoteWriteConfigFile (engine/remotewrite)
//   cache:                                # optional; the query-result cache (L1 memory, L2 Redis, L3 SQLite)
//     l1: {max_size: 256MiB, policy: s3fifo}
//     l2: {url: redis://cache.plant-a:6379/2, password_file: secrets/redis.password}
//     freshness: 10m                      # as CacheConfigFile (engine/cache/CacheConfig.h)
//   profiler:                             # optional; as ProfilerConfigFile (engine/profiler/ProfilerConfig.h)
//     deadline: 400ms                     # fleet snapshot deadline per host
//     probe_interval: 10s                 # engine -> agent network probes; 0 = off
//     databases:                          # PostgreSQL / Redis targets for the database analysis
//       - {name: mes-db, type: postgresql, host: db-1, port: 5432, database: mes, user: opsdeck,
//          password_file: secrets/mes-db.password, sslmode: prefer}
//       - {name: sessions, type: redis, url: redis://cache-1:6379, password_file: secrets/redis.password}
//   state:                                # optional; where the state database lives
//     driver: postgresql                  # sqlite (default: opsdeck.sqlite in data_directory) or postgresql
//     host: db.plant-a                    # postgresql only; default 127.0.0.1
//     port: 5432                          # default 5432
//     database: opsdeck                   # default opsdeck
//     user: opsdeck                       # required for postgresql
//     password_file: secrets/pg.password  # optional (trust, peer or .pgpass otherwise)
//     sslmode: verify-full                # libpq's sslmode; default libpq's (prefer)
//
// Parsing reads the token files and expands rule_files globs, so a config that
// parses has everything the headless engine needs; rule files themselves are
// read with RuleFile::load by the caller. Every issue names file:line:column.
// It sits at engine/ root beside Engine because it assembles the sections of
// several features (scrape targets, alerting, capacity); the YAML helpers are
// config::YamlReader's. It must never log a token's value.
namespace opsdeck {

// The `web:` section: where the Prometheus HTTP API listens and how it is protected.
struct WebConfig
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 9099; // 0 = a free port
    QByteArray bearerToken; // empty = no token needed; never logged
    QString tlsCertFile; // absolute; both or neither
    QString tlsKeyFile;
    qint64 maxSamples = 50'000'000;
};

struct EngineConfigFile
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::EngineConfigFile)

public:
    QString filePath; // absolute
    QString dataDirectory; // absolute; empty = the default location (storage::Database::defaultDirectory())
    QList<scrape::ScrapeTarget> targets;
    QStringList ruleFiles; // absolute paths, globs expanded (sorted within a glob), in file order
    std::optional<alerts::AlertingConfig> alerting; // nullopt when the file has no alerting section
    capacity::RollupOptions rollups; // defaults unless the file has a capacity section
    QList<query::RemoteSourceConfig> dataSources; // in file order, names unique
    std::optional<WebConfig> web; // nullopt when the file has no web section
    QList<remotewrite::RemoteWriteConfig> remoteWrite; // empty without a remote_write section
    // nullopt when the file has no state section (SQLite in dataDirectory); a
    // postgresql one is shared with the other engines and consoles that name it.
    std::optional<storage::StateLocation> state;
    cache::CacheConfig cache; // defaults unless the file has a cache section
    profiler::ProfilerConfig profiler; // defaults unless the file has a profiler section

    // nullopt when any fatal issue was found; *issues (may be null) gets every issue.
    static std::optional<EngineConfigFile> parse(
        const QByteArray& yaml, const QString& filePath, QList<config::ConfigIssue>* issues);
    static std::optional<EngineConfigFile> load(const QString& path, QList<config::ConfigIssue>* issues);
};

} // namespace opsdeck
