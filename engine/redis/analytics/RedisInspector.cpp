#include "redis/analytics/RedisInspector.h"

#include "redis/analytics/RedisConnection.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QThread>

#include <algorithm>
#include <cmath>

namespace opsdeck::redis::analytics {

namespace {

QJsonValue optionalNumber(qint64 v)
{
    return v < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(v);
}

QJsonValue optionalRatio(const std::optional<double>& v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QJsonArray sizesJson(const QList<SizePoint>& points)
{
    QJsonArray a;
    for (const SizePoint& p : points)
        a.append(QJsonObject { { QStringLiteral("maxmemoryBytes"), p.maxmemoryBytes },
            { QStringLiteral("cacheKeys"), std::round(p.cacheKeys) },
            { QStringLiteral("hitRatio"), p.hitRatio } });
    return a;
}

struct InfoReading
{
    RedisInfo info;
    qint64 midpointMs = 0;
    qint64 monotonicMidUs = 0;
};

std::optional<InfoReading> readInfo(RedisConnection& c, QElapsedTimer& clock, QString* error)
{
    const qint64 sentUs = clock.nsecsElapsed() / 1000;
    const qint64 sentMs = QDateTime::currentMSecsSinceEpoch();
    const auto reply = c.command({ QByteArrayLiteral("INFO"), QByteArrayLiteral("everything") }, error);
    if (!reply)
        return std::nullopt;
    if (!reply->isString()) {
        *error = reply->isError() ? QString::fromUtf8(reply->text) : QStringLiteral("INFO did not answer text");
        return std::nullopt;
    }
    InfoReading r;
    bool ok = false;
    r.info = parseInfo(reply->text, &ok);
    if (!ok) {
        *error = QStringLiteral("INFO answered no field");
        return std::nullopt;
    }
    r.midpointMs = (sentMs + QDateTime::currentMSecsSinceEpoch()) / 2;
    r.monotonicMidUs = (sentUs + clock.nsecsElapsed() / 1000) / 2;
    return r;
}

} // namespace

std::optional<InspectResult> RedisInspector::run(const RedisEndpoint& endpoint, const InspectOptions& options,
    QString* error, const std::atomic_bool* stop, const std::function<void(const QString&, double)>& progress)
{
    auto report = [&](const char* stage, double f) {
        if (progress)
            progress(QLatin1String(stage), f);
    };
    InspectResult result;
    result.endpoint = describe(endpoint);
    result.startedMs = QDateTime::currentMSecsSinceEpoch();
    report("connect", 0);
    auto conn = RedisConnection::open(endpoint, error, options.timeouts);
    if (!conn)
        return std::nullopt;

    QElapsedTimer clock;
    clock.start();
    report("info", 0);
    QString why;
    const auto first = readInfo(*conn, clock, &why);
    if (!first) {
        *error = QStringLiteral("%1: INFO failed: %2").arg(hostPort(endpoint), why);
        return std::nullopt;
    }
    QThread::msleep(quint64(std::max(1, options.infoIntervalMs)));
    const auto second = readInfo(*conn, clock, &why);
    if (!second) {
        *error = QStringLiteral("%1: INFO failed: %2").arg(hostPort(endpoint), why);
        return std::nullopt;
    }
    result.first = first->info;
    result.info = second->info;
    result.intervalStartMs = first->midpointMs;
    result.intervalEndMs = second->midpointMs;
    result.rates
        = computeRates(first->info, second->info, double(second->monotonicMidUs - first->monotonicMidUs) / 1e6);
    if (!result.rates.valid)
        result.warnings << QStringLiteral("rates: %1").arg(result.rates.problem);

    report("latency", 0);
    if (const auto lat = conn->command({ QByteArrayLiteral("INFO"), QByteArrayLiteral("latencystats") }, &why)) {
        if (lat->isString())
            result.latency = parseLatencyStats(lat->text);
        if (result.latency.isEmpty())
            result.warnings << QStringLiteral("no latency percentiles (INFO latencystats needs Redis 7.0 with "
                                              "latency-tracking yes)");
    } else {
        result.warnings << QStringLiteral("INFO latencystats: %1").arg(why);
    }

    report("slowlog", 0);
    if (const auto slow = conn->command(
            { QByteArrayLiteral("SLOWLOG"), QByteArrayLiteral("GET"), QByteArray::number(options.slowlogEntries) },
            &why)) {
        QString slowError;
        result.slowlog = parseSlowLog(*slow, {}, &slowError);
        if (!slowError.isEmpty())
            result.warnings << slowError;
        if (const auto len = conn->command({ QByteArrayLiteral("SLOWLOG"), QByteArrayLiteral("LEN") }, &why);
            len && len->type == RedisValue::Type::Integer)
            result.slowlogLength = len->integer;
    } else {
        result.warnings << QStringLiteral("SLOWLOG GET: %1").arg(why);
    }

    if (options.keys.maxKeys > 0 && !conn->isBroken()) {
        report("keys", 0);
        KeySampleResult sample = sampleKeys(*conn, options.keys, stop, [&](int n, int max) {
            if (progress)
                progress(QStringLiteral("keys"), max > 0 ? double(n) / max : 1.0);
        });
        if (!sample.error.isEmpty())
            result.warnings << QStringLiteral("key sample: %1").arg(sample.error);
        if (sample.timedOut)
            result.warnings
                << QStringLiteral("key sample: stopped at the time budget after %1 keys").arg(sample.keys.size());
        result.keys = summarizeKeys(sample.keys);
        result.keySample = std::move(sample);
    }
    conn.reset();

    if (options.sampleAccesses && !(stop && stop->load())) {
        report("accesses", 0);
        AccessSampleOptions accessOptions = options.accesses;
        // At most 5 % of maxmemory (at least 256 KiB) of MONITOR output may wait in the server for us.
        if (result.info.maxmemory > 0)
            accessOptions.maxServerBufferBytes = std::min(
                accessOptions.maxServerBufferBytes, std::max<qint64>(256 * 1024, result.info.maxmemory / 20));
        AccessSampleResult accesses = sampleAccesses(endpoint, accessOptions, stop, [&](double f) {
            if (progress)
                progress(QStringLiteral("accesses"), f);
        });
        if (!accesses.error.isEmpty())
            result.warnings << QStringLiteral("access sample: %1").arg(accesses.error);
        if (accesses.countedReads == 0)
            result.warnings << QStringLiteral("access sample: no read command seen in %1 s after the warm-up; no "
                                              "miss-ratio curve")
                                   .arg(accesses.seconds, 0, 'f', 1);
        result.accesses = std::move(accesses);
    }

    result.memory = memoryModel(result.info, result.keys ? &*result.keys : nullptr);
    RecommendationInput in;
    in.info = result.info;
    in.rates = result.rates;
    in.keys = result.keys;
    if (result.accesses && result.accesses->countedReads > 0) {
        in.curve = result.accesses->curve;
        in.sampledAccesses = result.accesses->reads + result.accesses->writes;
        const qint64 current = result.info.maxmemory > 0 ? result.info.maxmemory : result.info.usedMemory;
        result.sizes = sizeTable(*in.curve, result.memory, current);
        for (const double target : { 0.8, 0.9, 0.95, 0.99 }) {
            if (const auto p = sizeForHitRatio(*in.curve, result.memory, target))
                result.targets.append(*p);
        }
    }
    in.memory = result.memory;
    in.slowlog = result.slowlog;
    in.targetHitRatio = options.targetHitRatio;
    result.recommendations = recommend(in);
    report("done", 1);
    return result;
}

QJsonObject InspectResult::toJson() const
{
    QJsonArray keyspace;
    for (const KeyspaceDb& d : info.keyspace)
        keyspace.append(QJsonObject { { QStringLiteral("db"), d.db }, { QStringLiteral("keys"), d.keys },
            { QStringLiteral("expires"), d.expires }, { QStringLiteral("avgTtlMs"), d.avgTtlMs } });
    const QJsonObject server { { QStringLiteral("redisVersion"), info.redisVersion },
        { QStringLiteral("uptimeSeconds"), optionalNumber(info.uptimeSeconds) },
        { QStringLiteral("keyspaceHits"), optionalNumber(info.keyspaceHits) },
        { QStringLiteral("keyspaceMisses"), optionalNumber(info.keyspaceMisses) },
        { QStringLiteral("lifetimeHitRatio"), optionalRatio(info.lifetimeHitRatio()) },
        { QStringLiteral("evictedKeys"), optionalNumber(info.evictedKeys) },
        { QStringLiteral("expiredKeys"), optionalNumber(info.expiredKeys) },
        { QStringLiteral("usedMemory"), optionalNumber(info.usedMemory) },
        { QStringLiteral("usedMemoryStartup"), optionalNumber(info.usedMemoryStartup) },
        { QStringLiteral("maxmemory"), optionalNumber(info.maxmemory) },
        { QStringLiteral("maxmemoryPolicy"), info.maxmemoryPolicy },
        { QStringLiteral("memFragmentationRatio"),
            info.memFragmentationRatio < 0 ? QJsonValue(QJsonValue::Null)
                                           : QJsonValue(info.memFragmentationRatio) },
        { QStringLiteral("instantaneousOpsPerSec"), optionalNumber(info.instantaneousOpsPerSec) },
        { QStringLiteral("connectedClients"), optionalNumber(info.connectedClients) },
        { QStringLiteral("blockedClients"), optionalNumber(info.blockedClients) },
        { QStringLiteral("keyspace"), keyspace } };
    const QJsonObject interval { { QStringLiteral("valid"), rates.valid },
        { QStringLiteral("problem"), rates.problem }, { QStringLiteral("startMs"), intervalStartMs },
        { QStringLiteral("endMs"), intervalEndMs }, { QStringLiteral("seconds"), rates.seconds },
        { QStringLiteral("opsPerSec"), rates.opsPerSec },
        { QStringLiteral("evictionsPerSec"), rates.evictionsPerSec },
        { QStringLiteral("expirationsPerSec"), rates.expirationsPerSec }, { QStringLiteral("hits"), rates.hits },
        { QStringLiteral("misses"), rates.misses },
        { QStringLiteral("hitRatio"), optionalRatio(rates.hitRatio) } };
    QJsonArray latencyArray;
    for (const CommandLatency& l : latency)
        latencyArray.append(
            QJsonObject { { QStringLiteral("command"), l.command }, { QStringLiteral("p50Usec"), l.p50Usec },
                { QStringLiteral("p99Usec"), l.p99Usec }, { QStringLiteral("p999Usec"), l.p999Usec } });
    QJsonArray slowArray;
    for (const SlowLogEntry& e : slowlog)
        slowArray.append(QJsonObject { { QStringLiteral("id"), e.id }, { QStringLiteral("unixTime"), e.unixTime },
            { QStringLiteral("durationUsec"), e.durationUsec }, { QStringLiteral("command"), e.command },
            { QStringLiteral("arguments"), QJsonArray::fromStringList(e.arguments) },
            { QStringLiteral("client"), e.client } });
    QJsonObject doc { { QStringLiteral("endpoint"), endpoint }, { QStringLiteral("startedMs"), startedMs },
        { QStringLiteral("server"), server }, { QStringLiteral("interval"), interval },
        { QStringLiteral("latency"), latencyArray }, { QStringLiteral("slowlog"), slowArray },
        { QStringLiteral("slowlogLength"), optionalNumber(slowlogLength) } };
    if (keys && keySample) {
        auto groups = [](const QList<KeyGroup>& list) {
            QJsonArray a;
            for (const KeyGroup& g : list)
                a.append(QJsonObject { { QStringLiteral("name"), g.name }, { QStringLiteral("keys"), g.keys },
                    { QStringLiteral("bytes"), g.bytes } });
            return a;
        };
        QJsonArray biggest;
        for (const SampledKey& k : keys->biggest)
            biggest.append(QJsonObject { { QStringLiteral("key"), displayArgument(k.key, 80) },
                { QStringLiteral("type"), k.type }, { QStringLiteral("bytes"), k.memoryBytes },
                { QStringLiteral("ttlMs"), k.ttlMs } });
        doc.insert(QStringLiteral("keySample"),
            QJsonObject { { QStringLiteral("sampledKeys"), keys->sampledKeys },
                { QStringLiteral("sampledBytes"), keys->sampledBytes },
                { QStringLiteral("averageBytes"), keys->averageBytes },
                { QStringLiteral("keysWithoutTtl"), keys->keysWithoutTtl },
                { QStringLiteral("shareWithoutTtl"), keys->shareWithoutTtl },
                { QStringLiteral("complete"), keySample->complete },
                { QStringLiteral("stopped"), keySample->stopped },
                { QStringLiteral("commands"), keySample->commands },
                { QStringLiteral("elapsedMs"), keySample->elapsedMs }, { QStringLiteral("biggest"), biggest },
                { QStringLiteral("byType"), groups(keys->byType) },
                { QStringLiteral("byPrefix"), groups(keys->byPrefix) } });
    }
    doc.insert(QStringLiteral("memoryModel"),
        QJsonObject { { QStringLiteral("bytesPerKey"), memory.bytesPerKey },
            { QStringLiteral("fixedBytes"), memory.fixedBytes },
            { QStringLiteral("sampleAverageBytes"), memory.sampleAverageBytes },
            { QStringLiteral("source"), memory.source } });
    if (accesses) {
        const MissRatioCurve& c = accesses->curve;
        // The curve, thinned to at most ~200 steps for the JSON.
        QJsonArray points;
        const size_t stride = std::max<size_t>(1, c.steps.size() / 200);
        for (size_t i = 0; i < c.steps.size(); i += stride) {
            const MissRatioPoint& p = c.steps[i];
            points.append(QJsonObject { { QStringLiteral("cacheKeys"), std::round(p.cacheKeys) },
                { QStringLiteral("bytes"), std::round(memory.bytesForKeys(p.cacheKeys)) },
                { QStringLiteral("hitRatio"), p.hitRatio } });
        }
        if (!c.steps.empty() && (c.steps.size() - 1) % stride != 0) {
            const MissRatioPoint& p = c.steps.back();
            points.append(QJsonObject { { QStringLiteral("cacheKeys"), std::round(p.cacheKeys) },
                { QStringLiteral("bytes"), std::round(memory.bytesForKeys(p.cacheKeys)) },
                { QStringLiteral("hitRatio"), p.hitRatio } });
        }
        doc.insert(QStringLiteral("accessSample"),
            QJsonObject { { QStringLiteral("seconds"), accesses->seconds },
                { QStringLiteral("countedSeconds"), accesses->countedSeconds },
                { QStringLiteral("commands"), accesses->commands }, { QStringLiteral("reads"), accesses->reads },
                { QStringLiteral("writes"), accesses->writes },
                { QStringLiteral("countedReads"), accesses->countedReads },
                { QStringLiteral("samplingRate"), c.samplingRate },
                { QStringLiteral("sampledKeys"), c.sampledKeys },
                { QStringLiteral("estimatedKeys"), std::round(c.estimatedKeys()) },
                { QStringLiteral("sampledCountedReferences"), c.sampledCountedReferences },
                { QStringLiteral("coldMisses"), std::round(c.coldMisses) },
                { QStringLiteral("truncated"), c.truncated }, { QStringLiteral("maxHitRatio"), c.maxHitRatio() },
                { QStringLiteral("stopped"), accesses->stopped },
                { QStringLiteral("bufferLimitHit"), accesses->bufferLimitHit },
                { QStringLiteral("maxServerBufferBytes"), accesses->maxServerBufferBytes },
                { QStringLiteral("curve"), points }, { QStringLiteral("sizes"), sizesJson(sizes) },
                { QStringLiteral("targets"), sizesJson(targets) } });
    }
    QJsonArray recs;
    for (const Recommendation& r : recommendations) {
        QJsonObject o { { QStringLiteral("topic"), r.topic }, { QStringLiteral("severity"), r.severity },
            { QStringLiteral("text"), r.text },
            { QStringLiteral("evidence"), QJsonArray::fromStringList(r.evidence) } };
        if (r.recommendedMaxmemory > 0) {
            o.insert(QStringLiteral("recommendedMaxmemory"), r.recommendedMaxmemory);
            o.insert(QStringLiteral("predictedHitRatio"), r.predictedHitRatio);
        }
        recs.append(o);
    }
    doc.insert(QStringLiteral("recommendations"), recs);
    doc.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(warnings));
    return doc;
}

} // namespace opsdeck::redis::analytics
