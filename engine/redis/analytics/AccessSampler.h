#pragma once

#include "redis/analytics/MissRatioCurve.h"
#include "redis/RedisUrl.h"

#include <QString>

#include <atomic>
#include <functional>

// A bounded sample of the key accesses a server sees, for the miss-ratio
// curve: MONITOR on a connection of its own for `durationMs`, each command
// line parsed (MonitorLine) and its keys fed, per database, to a SHARDS
// StackDistanceProfiler. Reads are counted; writes only touch recency; DEL
// removes. The first `warmupFraction` of the time only fills the LRU stack
// (nothing counted), so keys that were simply not referenced yet in the window
// are not all taken for cold misses.
//
// MONITOR costs the server a copy of every command to this client (redis.io
// warns of up to ~50 % throughput on a busy server), hence the time bound. It
// stops at the time, at maxLines, or when `stop` is set (checked at least
// every 100 ms: the socket is polled before hiredis reads it). Blocking I/O:
// run it on a worker thread.
namespace opsdeck::redis::analytics {

struct AccessSampleOptions
{
    int durationMs = 10'000;
    double samplingRate = 0.1;
    double warmupFraction = 0.3;
    qint64 maxLines = 5'000'000;
    // The sample ends when the server holds more than this of MONITOR output for us (client
    // output buffers count against maxmemory). RedisInspector sets it from maxmemory.
    qint64 maxServerBufferBytes = 8 * 1024 * 1024;
};

struct AccessSampleResult
{
    MissRatioCurve curve;
    qint64 commands = 0; // MONITOR lines parsed
    qint64 reads = 0;
    qint64 writes = 0;
    qint64 countedReads = 0; // after the warm-up
    double seconds = 0;
    double countedSeconds = 0;
    bool stopped = false;
    bool bufferLimitHit = false;
    qint64 maxServerBufferBytes = 0; // the most the server buffered for the MONITOR client (omem)
    QString error; // an error that ended the sample (what was sampled is kept)
};

AccessSampleResult sampleAccesses(const RedisEndpoint& endpoint, const AccessSampleOptions& options,
    const std::atomic_bool* stop = nullptr, const std::function<void(double)>& progress = {});

} // namespace opsdeck::redis::analytics
