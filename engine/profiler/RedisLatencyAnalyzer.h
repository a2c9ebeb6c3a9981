#pragma once

#include "profiler/ProfilerConfig.h"
#include "profiler/ProfilerTypes.h"

#include "redis/analytics/RedisValue.h"

// The Redis latency analysis of one database target for the Profiler page:
// SLOWLOG GET (newest first), LATENCY LATEST (event -> latest / max ms) and
// INFO latencystats (Redis 7: per-command p50/p99/p99.9 in µs). It reuses the
// Cache page's blocking connection (redis/analytics/RedisConnection), so it
// must run on a worker thread, never on the GUI thread. It only reads; when
// the latency monitor is off (latency-monitor-threshold 0) the report says so
// with the CONFIG SET that turns it on instead of changing the server.
namespace opsdeck::profiler {

RedisLatencyReport analyseRedis(const DatabaseTarget& target, int slowlogEntries = 32);

// The pure part, for tests over recorded replies (INFO latencystats is
// redis::analytics::parseLatencyStats):
// LATENCY LATEST: [[event, unix time, latest ms, max ms], ...] -> event -> (latest, max).
QList<QPair<QString, QPair<double, double>>> parseLatencyLatest(const redis::analytics::RedisValue& reply);

} // namespace opsdeck::profiler
