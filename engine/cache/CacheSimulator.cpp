#include "cache/CacheSimulator.h"

#include <QFile>
#include <QHash>

#include <set>
#include <unordered_map>

namespace opsdeck::cache {

std::optional<KeyTrace> KeyTrace::readFile(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    KeyTrace trace;
    std::unordered_map<QByteArray, quint32> ids;
    while (!file.atEnd()) {
        const QByteArray key = file.readLine().trimmed();
        if (key.isEmpty())
            continue;
        const auto it = ids.try_emplace(key, quint32(ids.size())).first;
        trace.requests.push_back(it->second);
    }
    if (file.error() != QFileDevice::NoError) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    trace.distinctKeys = qint64(ids.size());
    return trace;
}

KeyTrace KeyTrace::fromKeys(const QList<QByteArray>& keys)
{
    KeyTrace trace;
    std::unordered_map<QByteArray, quint32> ids;
    for (const QByteArray& key : keys) {
        const auto it = ids.try_emplace(key, quint32(ids.size())).first;
        trace.requests.push_back(it->second);
    }
    trace.distinctKeys = qint64(ids.size());
    return trace;
}

KeyTrace KeyTrace::fromIds(std::vector<quint32> ids)
{
    KeyTrace trace;
    quint32 highest = 0;
    for (const quint32 id : ids)
        highest = std::max(highest, id);
    std::vector<bool> seen(size_t(highest) + 1);
    for (const quint32 id : ids) {
        if (!seen[id]) {
            seen[id] = true;
            ++trace.distinctKeys;
        }
    }
    trace.requests = std::move(ids);
    return trace;
}

SimulationResult simulatePolicy(const KeyTrace& trace, PolicyKind kind, qint64 size)
{
    SimulationResult result { policyName(kind), size, qint64(trace.requests.size()), 0 };
    const auto policy = ReplacementPolicy::create(kind, size);
    quint32 highest = 0;
    for (const quint32 id : trace.requests)
        highest = std::max(highest, id);
    std::vector<bool> resident(trace.requests.empty() ? 0 : size_t(highest) + 1);
    std::vector<quint64> evicted;
    for (const quint32 id : trace.requests) {
        if (resident[id]) {
            ++result.hits;
            policy->hit(id);
            continue;
        }
        evicted.clear();
        policy->insert(id, 1, &evicted);
        resident[id] = true;
        for (const quint64 gone : evicted)
            resident[size_t(gone)] = false;
    }
    return result;
}

SimulationResult simulateBelady(const KeyTrace& trace, qint64 size)
{
    const qint64 n = qint64(trace.requests.size());
    SimulationResult result { QStringLiteral("belady"), size, n, 0 };
    if (n == 0 || size <= 0)
        return result;
    quint32 highest = 0;
    for (const quint32 id : trace.requests)
        highest = std::max(highest, id);

    // nextUse[i]: the index of the next request for the same key, n for never.
    std::vector<qint64> nextUse(static_cast<size_t>(n));
    std::vector<qint64> seenAt(size_t(highest) + 1, n);
    for (qint64 i = n - 1; i >= 0; --i) {
        const quint32 id = trace.requests[size_t(i)];
        nextUse[size_t(i)] = seenAt[id];
        seenAt[id] = i;
    }

    std::set<std::pair<qint64, quint32>> resident; // by next use
    std::vector<qint64> residentNext(size_t(highest) + 1, -1);
    for (qint64 i = 0; i < n; ++i) {
        const quint32 id = trace.requests[size_t(i)];
        const qint64 next = nextUse[size_t(i)];
        if (residentNext[id] >= 0) {
            ++result.hits;
            resident.erase({ residentNext[id], id });
        } else if (qint64(resident.size()) >= size) {
            const auto farthest = std::prev(resident.end());
            if (farthest->first <= next)
                continue; // bypass: keeping it would cost a hit elsewhere
            residentNext[farthest->second] = -1;
            resident.erase(farthest);
        }
        if (next == n) { // never asked again: keep nothing
            residentNext[id] = -1;
            continue;
        }
        resident.insert({ next, id });
        residentNext[id] = next;
    }
    return result;
}

} // namespace opsdeck::cache
