#include "redis/analytics/KeySampler.h"

#include <QElapsedTimer>
#include <QSet>
#include <QThread>

#include <algorithm>

namespace opsdeck::redis::analytics {

namespace {

QList<KeyGroup> sortedGroups(const QHash<QString, KeyGroup>& groups, int limit)
{
    QList<KeyGroup> list = groups.values();
    std::sort(list.begin(), list.end(), [](const KeyGroup& a, const KeyGroup& b) {
        return a.bytes != b.bytes ? a.bytes > b.bytes : a.name < b.name;
    });
    if (limit > 0 && list.size() > limit)
        list.resize(limit);
    return list;
}

} // namespace

KeySampleSummary summarizeKeys(const QList<SampledKey>& keys, int biggest, int prefixes)
{
    KeySampleSummary s;
    QHash<QString, KeyGroup> byType, byPrefix;
    QList<SampledKey> live;
    for (const SampledKey& k : keys) {
        if (k.memoryBytes < 0 || k.ttlMs == -2)
            continue; // gone between SCAN and the look-ups
        live.append(k);
        ++s.sampledKeys;
        s.sampledBytes += k.memoryBytes;
        if (k.ttlMs == -1)
            ++s.keysWithoutTtl;
        KeyGroup& t = byType[k.type];
        t.name = k.type;
        ++t.keys;
        t.bytes += k.memoryBytes;
        const qsizetype colon = k.key.indexOf(':');
        const QString prefix
            = colon > 0 ? QString::fromUtf8(k.key.left(colon)) + QLatin1Char(':') : QStringLiteral("(no prefix)");
        KeyGroup& p = byPrefix[prefix];
        p.name = prefix;
        ++p.keys;
        p.bytes += k.memoryBytes;
    }
    if (s.sampledKeys > 0) {
        s.averageBytes = double(s.sampledBytes) / double(s.sampledKeys);
        s.shareWithoutTtl = double(s.keysWithoutTtl) / double(s.sampledKeys);
    }
    std::sort(live.begin(), live.end(), [](const SampledKey& a, const SampledKey& b) {
        return a.memoryBytes != b.memoryBytes ? a.memoryBytes > b.memoryBytes : a.key < b.key;
    });
    s.biggest = live.mid(0, biggest);
    s.byType = sortedGroups(byType, 0);
    s.byPrefix = sortedGroups(byPrefix, prefixes);
    return s;
}

KeySampleResult sampleKeys(RedisConnection& connection, const KeySampleOptions& options,
    const std::atomic_bool* stop, const std::function<void(int, int)>& progress)
{
    KeySampleResult result;
    QElapsedTimer clock;
    clock.start();
    QSet<QByteArray> seen; // SCAN may return a key more than once
    QByteArray cursor = "0";
    // The rate limit as a schedule: command n may start at n / rate seconds.
    // Sleeps in slices of at most 100 ms so a stop request is seen soon.
    auto pace = [&](qint64 commandsSoFar) {
        if (options.maxCommandsPerSecond <= 0)
            return;
        const qint64 dueMs = commandsSoFar * 1000 / options.maxCommandsPerSecond;
        for (qint64 wait = dueMs - clock.elapsed(); wait > 0 && !(stop && stop->load());
             wait = dueMs - clock.elapsed())
            QThread::msleep(quint64(std::min<qint64>(wait, 100)));
    };
    QString error;
    while (result.keys.size() < options.maxKeys) {
        if (stop && stop->load()) {
            result.stopped = true;
            break;
        }
        if (clock.elapsed() > options.timeBudgetMs) {
            result.timedOut = true;
            break;
        }
        pace(result.commands);
        const auto scan = connection.command({ QByteArrayLiteral("SCAN"), cursor, QByteArrayLiteral("COUNT"),
                                                 QByteArray::number(std::max(1, options.scanCount)) },
            &error);
        ++result.commands;
        if (!scan) {
            result.error = QStringLiteral("SCAN failed: %1").arg(error);
            break;
        }
        if (scan->isError() || !scan->isArray() || scan->elements.size() != 2 || !scan->elements[1].isArray()) {
            result.error
                = QStringLiteral("SCAN failed: %1")
                      .arg(scan->isError() ? QString::fromUtf8(scan->text) : QStringLiteral("unexpected reply"));
            break;
        }
        cursor = scan->elements[0].text;
        QList<QByteArray> batch;
        for (const RedisValue& k : scan->elements[1].elements) {
            if (result.keys.size() + batch.size() >= options.maxKeys)
                break;
            if (!seen.contains(k.text)) {
                seen.insert(k.text);
                batch.append(k.text);
            }
        }
        if (!batch.isEmpty()) {
            pace(result.commands + 3 * batch.size());
            for (const QByteArray& key : std::as_const(batch)) {
                connection.append({ QByteArrayLiteral("TYPE"), key }, &error);
                connection.append({ QByteArrayLiteral("PTTL"), key }, &error);
                connection.append({ QByteArrayLiteral("MEMORY"), QByteArrayLiteral("USAGE"), key }, &error);
            }
            result.commands += 3 * batch.size();
            for (const QByteArray& key : std::as_const(batch)) {
                SampledKey sk;
                sk.key = key;
                const auto type = connection.readReply(&error);
                const auto ttl = type ? connection.readReply(&error) : std::nullopt;
                const auto mem = ttl ? connection.readReply(&error) : std::nullopt;
                if (!mem) {
                    result.error = QStringLiteral("TYPE/PTTL/MEMORY USAGE failed: %1").arg(error);
                    break;
                }
                if (mem->isError()) {
                    result.error = QStringLiteral("MEMORY USAGE failed: %1").arg(QString::fromUtf8(mem->text));
                    break;
                }
                sk.type = QString::fromUtf8(type->text);
                sk.ttlMs = ttl->type == RedisValue::Type::Integer ? ttl->integer : -1;
                sk.memoryBytes = mem->type == RedisValue::Type::Integer ? mem->integer : -1;
                result.keys.append(sk);
            }
            if (!result.error.isEmpty())
                break;
        }
        if (progress)
            progress(int(result.keys.size()), options.maxKeys);
        if (cursor == "0") {
            result.complete = true;
            break;
        }
    }
    result.elapsedMs = clock.elapsed();
    return result;
}

} // namespace opsdeck::redis::analytics
