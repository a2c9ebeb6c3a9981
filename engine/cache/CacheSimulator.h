#pragma once

#include "cache/ReplacementPolicy.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>
#include <vector>

// Replays a key trace through the L1 policies (the same ReplacementPolicy code
// the memory cache runs, every key weighing 1) and through Belady's optimal
// offline policy, for `opsdeck cache simulate`, the tests and the bench.
// Pure calculation over data: no clock, no I/O except readTraceFile.
namespace opsdeck::cache {

// Keys as dense ids in order of first appearance.
struct KeyTrace
{
    std::vector<quint32> requests;
    qint64 distinctKeys = 0;

    // One key per line; surrounding whitespace is trimmed, empty lines are skipped.
    // nullopt with *error set when the file cannot be read.
    static std::optional<KeyTrace> readFile(const QString& path, QString* error);
    static KeyTrace fromKeys(const QList<QByteArray>& keys);
    // Ids are taken as they are (tests and benches that generate traces).
    static KeyTrace fromIds(std::vector<quint32> ids);
};

struct SimulationResult
{
    QString policy; // policyName() or "belady"
    qint64 size = 0; // cache size in entries
    qint64 requests = 0;
    qint64 hits = 0;
    double hitRatio() const { return requests > 0 ? double(hits) / double(requests) : 0.0; }
};

SimulationResult simulatePolicy(const KeyTrace& trace, PolicyKind kind, qint64 size);
// Belady's MIN (Belady, "A study of replacement algorithms for a virtual-storage
// computer", IBM Systems Journal 5(2), 1966): on a miss with a full cache, evict
// the key whose next request is farthest away, or do not keep the requested key
// when it is itself the farthest (bypass, which admission policies also may do).
// With unit sizes no policy can hit more often: an upper bound.
SimulationResult simulateBelady(const KeyTrace& trace, qint64 size);

} // namespace opsdeck::cache
