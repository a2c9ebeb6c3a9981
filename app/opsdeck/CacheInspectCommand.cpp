// `opsdeck cache inspect`: RedisInspector's analysis as text or JSON.
#include "CacheInspectCommand.h"

#include "metrics/Duration.h"
#include "redis/analytics/RedisInspector.h"
#include "redis/RedisUrl.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QTextStream>

#include <cmath>

using namespace opsdeck;
using namespace opsdeck::redis::analytics;

namespace {

const char* const kUsage
    = "Usage: opsdeck cache inspect redis://[user:password@]HOST:PORT[/db] [--password-file F]\n"
      "       [--json] [--sample-keys N] [--sample-for DURATION] [--sample-rate R]\n"
      "       [--key-rate N] [--target-hit-ratio P]\n";

int usageError(QTextStream& err, const QString& message)
{
    err << "opsdeck cache inspect: " << message << '\n' << kUsage;
    err.flush();
    return 2;
}

QString orDash(qint64 v)
{
    return v < 0 ? QStringLiteral("-") : formatCount(double(v));
}

QString ratioOrDash(const std::optional<double>& v)
{
    return v ? formatPercent(*v, 1) : QStringLiteral("-");
}

void printText(const InspectResult& r, QTextStream& out)
{
    const RedisInfo& i = r.info;
    out << "Redis " << i.redisVersion << " at " << r.endpoint << ", up " << orDash(i.uptimeSeconds) << " s\n\n";
    out << "Over " << QString::number(r.rates.seconds, 'f', 1) << " s:\n";
    if (r.rates.valid) {
        out << "  hit ratio          " << ratioOrDash(r.rates.hitRatio) << "  ("
            << formatCount(double(r.rates.hits)) << " hits, " << formatCount(double(r.rates.misses))
            << " misses)\n";
        out << "  ops/s              " << formatCount(r.rates.opsPerSec) << '\n';
        out << "  evictions/s        " << formatCount(r.rates.evictionsPerSec) << '\n';
        out << "  expirations/s      " << formatCount(r.rates.expirationsPerSec) << '\n';
    } else {
        out << "  (no rates: " << r.rates.problem << ")\n";
    }
    out << "  lifetime hit ratio " << ratioOrDash(i.lifetimeHitRatio()) << '\n';
    out << "Memory: used " << formatBytes(double(i.usedMemory)) << " of maxmemory "
        << (i.maxmemory > 0 ? formatBytes(double(i.maxmemory)) : QStringLiteral("unlimited")) << ", policy "
        << i.maxmemoryPolicy << ", fragmentation " << QString::number(i.memFragmentationRatio, 'f', 2) << '\n';
    out << "Clients: " << orDash(i.connectedClients) << " connected, " << orDash(i.blockedClients) << " blocked\n";
    for (const KeyspaceDb& d : i.keyspace)
        out << "db" << d.db << ": " << formatCount(double(d.keys)) << " keys, " << formatCount(double(d.expires))
            << " expiring, avg TTL " << formatCount(double(d.avgTtlMs)) << " ms\n";

    if (!r.latency.isEmpty()) {
        out << QStringLiteral("\nServer-side latency (µs)   p50       p99     p99.9\n");
        for (qsizetype n = 0; n < std::min<qsizetype>(8, r.latency.size()); ++n) {
            const CommandLatency& l = r.latency[n];
            out << "  " << l.command.leftJustified(20) << QString::number(l.p50Usec, 'f', 1).rightJustified(9)
                << QString::number(l.p99Usec, 'f', 1).rightJustified(10)
                << QString::number(l.p999Usec, 'f', 1).rightJustified(10) << '\n';
        }
    }
    if (!r.slowlog.isEmpty()) {
        out << "\nSlow log (" << orDash(r.slowlogLength) << " entries; longest first):\n";
        for (qsizetype n = 0; n < std::min<qsizetype>(5, r.slowlog.size()); ++n) {
            const SlowLogEntry& e = r.slowlog[n];
            out << "  " << QString::number(e.durationUsec).rightJustified(9) << QStringLiteral(" µs  ")
                << e.display() << '\n';
        }
    }
    if (r.keys && r.keySample) {
        const KeySampleSummary& k = *r.keys;
        out << "\nKey sample: " << formatCount(double(k.sampledKeys)) << " keys"
            << (r.keySample->complete ? " (the whole keyspace)" : "") << ", "
            << formatBytes(double(k.sampledBytes)) << ", mean " << formatBytes(k.averageBytes) << ", "
            << formatPercent(k.shareWithoutTtl, 1) << " without TTL\n";
        for (const KeyGroup& g : k.byType)
            out << "  type " << g.name.leftJustified(12) << formatCount(double(g.keys)).rightJustified(9)
                << " keys " << formatBytes(double(g.bytes)).rightJustified(10) << '\n';
        for (qsizetype n = 0; n < std::min<qsizetype>(5, k.byPrefix.size()); ++n)
            out << "  prefix " << k.byPrefix[n].name.leftJustified(10)
                << formatCount(double(k.byPrefix[n].keys)).rightJustified(9) << " keys "
                << formatBytes(double(k.byPrefix[n].bytes)).rightJustified(10) << '\n';
        for (qsizetype n = 0; n < std::min<qsizetype>(5, k.biggest.size()); ++n)
            out << "  big " << displayArgument(k.biggest[n].key, 40).leftJustified(42) << k.biggest[n].type << ' '
                << formatBytes(double(k.biggest[n].memoryBytes)) << '\n';
    }
    if (r.accesses) {
        const AccessSampleResult& a = *r.accesses;
        out << "\nAccess sample: " << formatCount(double(a.commands)) << " commands in "
            << QString::number(a.seconds, 'f', 1) << " s (" << formatCount(double(a.reads))
            << " reads), SHARDS rate " << a.curve.samplingRate << ", about "
            << formatCount(a.curve.estimatedKeys()) << " distinct keys\n";
        if (!r.sizes.isEmpty()) {
            out << "  predicted hit ratio (exact LRU) by maxmemory:\n";
            for (const SizePoint& p : r.sizes)
                out << "    " << formatBytes(double(p.maxmemoryBytes)).rightJustified(10) << "  "
                    << formatPercent(p.hitRatio, 1) << '\n';
        }
        for (const SizePoint& p : r.targets)
            out << "  " << formatPercent(p.hitRatio) << " needs about " << formatBytes(double(p.maxmemoryBytes))
                << '\n';
    }
    out << "\nRecommendations:\n";
    if (r.recommendations.isEmpty())
        out << "  none\n";
    for (const Recommendation& rec : r.recommendations) {
        out << "  [" << rec.severity << "] " << rec.text << '\n';
        for (const QString& e : rec.evidence)
            out << "      - " << e << '\n';
    }
    for (const QString& w : r.warnings)
        out << "warning: " << w << '\n';
}

} // namespace

int runCacheInspectCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    const QCommandLineOption passwordOpt(QStringLiteral("password-file"),
        QStringLiteral("Read the password from this file (trimmed)."), QStringLiteral("file"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Print JSON."));
    const QCommandLineOption keysOpt(QStringLiteral("sample-keys"),
        QStringLiteral("Keys to sample with SCAN + MEMORY USAGE (0: none)."), QStringLiteral("n"),
        QStringLiteral("1000"));
    const QCommandLineOption forOpt(QStringLiteral("sample-for"),
        QStringLiteral("Sample key accesses with MONITOR for this long (e.g. 10s) for the miss-ratio curve."),
        QStringLiteral("duration"));
    const QCommandLineOption rateOpt(QStringLiteral("sample-rate"),
        QStringLiteral("SHARDS spatial sampling rate of keys, 0 < R <= 1."), QStringLiteral("r"),
        QStringLiteral("0.1"));
    const QCommandLineOption keyRateOpt(QStringLiteral("key-rate"),
        QStringLiteral("Commands per second the key sample may send (0: unlimited)."), QStringLiteral("n"),
        QStringLiteral("2000"));
    const QCommandLineOption targetOpt(QStringLiteral("target-hit-ratio"),
        QStringLiteral("Hit ratio the maxmemory advice aims at, in % (default 90)."), QStringLiteral("p"),
        QStringLiteral("90"));
    const QCommandLineOption helpOpt(
        QStringList { QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show this help."));
    parser.addOptions({ passwordOpt, jsonOpt, keysOpt, forOpt, rateOpt, keyRateOpt, targetOpt, helpOpt });

    if (!parser.parse(QStringList { QStringLiteral("opsdeck cache inspect") } + args))
        return usageError(err, parser.errorText());
    if (parser.isSet(helpOpt)) {
        out << kUsage << "\nAnalyses a Redis server used as a cache: hit ratio, ops, evictions and expirations\n"
            << "per second over one second, memory, latency percentiles, the slow log, a key sample,\n"
            << "and with --sample-for the hit ratio predicted at other maxmemory sizes.\n\n"
            << parser.helpText().section(QLatin1Char('\n'), 2);
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usageError(err, QStringLiteral("missing the Redis URL"));
    if (positional.size() > 1)
        return usageError(err, QStringLiteral("unexpected argument '%1'").arg(positional.at(1)));

    QString error;
    auto endpoint = redis::parseRedisUrl(positional.first(), &error);
    if (!endpoint)
        return usageError(err, error);

    InspectOptions options;
    bool ok = false;
    options.keys.maxKeys = parser.value(keysOpt).toInt(&ok);
    if (!ok || options.keys.maxKeys < 0 || options.keys.maxKeys > 10'000'000)
        return usageError(
            err, QStringLiteral("--sample-keys: '%1' is not a number of keys").arg(parser.value(keysOpt)));
    options.keys.maxCommandsPerSecond = parser.value(keyRateOpt).toInt(&ok);
    if (!ok || options.keys.maxCommandsPerSecond < 0)
        return usageError(err,
            QStringLiteral("--key-rate: '%1' is not a number of commands per second")
                .arg(parser.value(keyRateOpt)));
    options.accesses.samplingRate = parser.value(rateOpt).toDouble(&ok);
    if (!ok || !(options.accesses.samplingRate > 0) || options.accesses.samplingRate > 1)
        return usageError(err, QStringLiteral("--sample-rate: '%1' is not in (0, 1]").arg(parser.value(rateOpt)));
    const double target = parser.value(targetOpt).toDouble(&ok);
    if (!ok || !(target > 0) || target >= 100)
        return usageError(err,
            QStringLiteral("--target-hit-ratio: '%1' is not a percentage below 100").arg(parser.value(targetOpt)));
    options.targetHitRatio = target / 100.0;
    if (parser.isSet(forOpt)) {
        const auto ms = metrics::parseDuration(parser.value(forOpt).trimmed());
        if (!ms || *ms <= 0 || *ms > 3'600'000)
            return usageError(err,
                QStringLiteral("--sample-for: '%1' is not a duration up to 1h (e.g. 10s)")
                    .arg(parser.value(forOpt)));
        options.sampleAccesses = true;
        options.accesses.durationMs = int(*ms);
    }
    if (parser.isSet(passwordOpt)) {
        const auto password = redis::readRedisPasswordFile(parser.value(passwordOpt), &error);
        if (!password) {
            err << "opsdeck cache inspect: " << error << '\n';
            return 1;
        }
        endpoint->password = *password;
    }

    const auto result = RedisInspector::run(*endpoint, options, &error);
    if (!result) {
        err << "opsdeck cache inspect: " << error << '\n';
        return 1;
    }
    if (parser.isSet(jsonOpt))
        out << QJsonDocument(result->toJson()).toJson(QJsonDocument::Indented);
    else
        printText(*result, out);
    return 0;
}
