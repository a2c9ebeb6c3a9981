#pragma once

#include "redis/analytics/RedisConnection.h"

#include <QHash>
#include <QList>
#include <QString>

#include <atomic>
#include <functional>

// A bounded sample of a database's keys, as redis-cli --memkeys and
// RedisInsight's Database Analysis do: SCAN with COUNT, then TYPE, PTTL and
// MEMORY USAGE for each key, pipelined per SCAN batch. It never blocks the
// server (SCAN is incremental, no KEYS, no DEBUG OBJECT), is rate limited in
// commands per second, stops at maxKeys, at the end of the keyspace, at the
// time budget, or when `stop` is set (checked between batches), and reports
// progress after each batch. Blocking I/O: run it on a worker thread.
//
// summarize() is the pure part: biggest keys, keys without TTL, memory by type
// and by prefix (the namespace before the first ':').
namespace opsdeck::redis::analytics {

struct SampledKey
{
    QByteArray key;
    QString type; // "string", "hash", ... ; "none" when it vanished between SCAN and TYPE
    qint64 memoryBytes = -1; // MEMORY USAGE; -1 when the key vanished
    qint64 ttlMs = -1; // PTTL: -1 no expiry, -2 gone
};

struct KeyGroup
{
    QString name; // a type, or a prefix ("(no prefix)" for keys without ':')
    qint64 keys = 0;
    qint64 bytes = 0;
};

struct KeySampleSummary
{
    qint64 sampledKeys = 0;
    qint64 sampledBytes = 0;
    qint64 keysWithoutTtl = 0;
    double averageBytes = 0;
    double shareWithoutTtl = 0; // of the sampled keys
    QList<SampledKey> biggest; // by memory, largest first
    QList<KeyGroup> byType; // by bytes, largest first
    QList<KeyGroup> byPrefix; // top prefixes by bytes
};

KeySampleSummary summarizeKeys(const QList<SampledKey>& keys, int biggest = 10, int prefixes = 15);

struct KeySampleOptions
{
    int maxKeys = 10'000;
    int scanCount = 100; // SCAN ... COUNT
    int maxCommandsPerSecond = 2000; // SCAN + 3 per key; 0 = unlimited
    int timeBudgetMs = 60'000;
};

struct KeySampleResult
{
    QList<SampledKey> keys;
    bool complete = false; // the SCAN reached cursor 0: every key was seen (up to maxKeys)
    bool stopped = false; // the stop flag ended it
    bool timedOut = false;
    qint64 commands = 0;
    qint64 elapsedMs = 0;
    QString error; // set when an I/O error ended the sample early (keys so far are kept)
};

// progress(sampled, maxKeys) after each batch.
KeySampleResult sampleKeys(RedisConnection& connection, const KeySampleOptions& options,
    const std::atomic_bool* stop = nullptr, const std::function<void(int, int)>& progress = {});

} // namespace opsdeck::redis::analytics
