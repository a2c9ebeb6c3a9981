#pragma once

#include "collect/ProfileSnapshot.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

// What the profiler hands to the Profiler page and to `opsdeck profile`: the
// fleet snapshot (one collect::ProfileSnapshot per host, or why the host is
// missing), the bottlenecks ranked worst first with their sentence and evidence,
// the database analyses, and the regression verdicts against a baseline. Plain
// values, copied across threads; the engine fills them, views only read them.
namespace opsdeck::profiler {

enum class Severity {
    Ok = 0,
    Warning = 1,
    Critical = 2,
};

struct Bottleneck
{
    QString host; // the host's instance ("mes-db-1:9110"; "this machine" for the embedded collector)
    QString resource; // "cpu", "memory", "disk:sda", "net:eth0", "tcp", "fds", "network" (engine -> host path)
    Severity severity = Severity::Ok;
    double score = 0; // the ranking key: saturation and errors weigh before utilisation
    QString sentence; // "mes-db-1: disk sda saturated — PSI io full 38 %, await 41 ms, ..."
    QStringList evidence; // the figures the sentence quotes, one per entry
    QList<collect::ComponentUse> components; // who consumes the resource, worst first
    QString measure; // the figure "since" and "last week" speak of ("PSI io full")
    std::optional<double> current;
    std::optional<qint64> sinceMs; // when the figure last crossed into this severity
    std::optional<double> lastWeek; // the same figure at the same hour a week ago
};

struct HostProfile
{
    QString instance;
    QString url; // what was asked; empty for the embedded collector
    bool reachable = false;
    QString error; // why it is missing (timeout, 401, refused), when !reachable
    qint64 elapsedMs = 0;
    // The network path from the engine to the host, from this fetch (absent for "this machine"):
    // TCP connect and time to the first byte of the answer after the request was sent, as the
    // blackbox exporter's connect / processing phases. The detector names a slow path as resource "network".
    std::optional<double> connectMs;
    std::optional<double> firstByteMs;
    collect::ProfileSnapshot snapshot;
    Severity worst = Severity::Ok;
    QString worstResource;
};

struct FleetSnapshot
{
    qint64 takenAtMs = 0;
    qint64 elapsedMs = 0; // the whole fleet, deadline included
    int deadlineMs = 0;
    QList<HostProfile> hosts; // worst first
    QList<Bottleneck> bottlenecks; // ranked, worst first; Ok ones are not listed
};

// PostgreSQL analysis of one database target (pg_stat_statements 1.10,
// pg_stat_activity, pg_stat_database).
struct StatementStat
{
    QString queryId;
    QString query;
    double calls = 0;
    double totalMs = 0;
    double meanMs = 0;
    double rows = 0;
    double sharedHit = 0;
    double sharedRead = 0;
    std::optional<double> hitRatio; // hit / (hit + read); absent without block access
};

struct ActivityRow
{
    qint64 pid = 0;
    QString state; // "active", "idle in transaction"
    QString waitEventType; // Lock, IO, LWLock, ...
    QString waitEvent;
    double transactionSeconds = 0; // now - xact_start
    QString query;
};

struct PostgresReport
{
    QString target; // the database target's name
    bool ok = false;
    QString error;
    QList<StatementStat> byTotalTime; // top N by total_exec_time
    QList<StatementStat> byMeanTime; // top N by mean_exec_time
    QList<ActivityRow> waiting; // sessions with a wait event, longest transaction first
    QList<ActivityRow> longTransactions; // open longer than the threshold
    std::optional<double> hitRatio; // pg_stat_database blks_hit / (hit + read)
    quint64 deadlocks = 0;
    QStringList notes; // "pg_stat_statements is not installed: ..."
};

struct RedisSlowEntry
{
    qint64 id = 0;
    qint64 timestampS = 0;
    qint64 durationUs = 0;
    QString command;
};

struct RedisLatencyReport
{
    QString target;
    bool ok = false;
    QString error;
    QList<RedisSlowEntry> slowlog; // newest first
    // LATENCY LATEST: event -> latest / max ms; INFO latencystats: command -> p50/p99/p99.9 µs.
    QList<QPair<QString, QPair<double, double>>> latencyEvents;
    QList<QPair<QString, QList<double>>> commandPercentilesUs;
    QStringList notes;
};

struct RegressionFinding
{
    QString host;
    QString subject; // component name or resource
    QString measure; // "CPU per request", "latency p95", "RSS growth"
    double baseline = 0;
    double current = 0;
    double pValue = 1;
    QString test; // "Mann-Whitney U (two-sided)"
    QString sentence;
};

struct RegressionReport
{
    QString baseline;
    qint64 baselineTakenAtMs = 0;
    qint64 comparedAtMs = 0;
    QList<RegressionFinding> worse;
    QStringList notes; // "too few samples for ..."
};

// JSON for `opsdeck profile --json`: bottlenecks first, then hosts.
QJsonObject toJson(const FleetSnapshot& fleet);
QString severityName(Severity severity); // "ok", "warning", "critical" (not translated: JSON, CLI)

} // namespace opsdeck::profiler

Q_DECLARE_METATYPE(opsdeck::profiler::FleetSnapshot)
Q_DECLARE_METATYPE(opsdeck::profiler::PostgresReport)
Q_DECLARE_METATYPE(opsdeck::profiler::RedisLatencyReport)
Q_DECLARE_METATYPE(opsdeck::profiler::RegressionReport)
Q_DECLARE_METATYPE(opsdeck::collect::CpuProfile)
