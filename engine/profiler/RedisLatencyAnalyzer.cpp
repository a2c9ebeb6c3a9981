#include "profiler/RedisLatencyAnalyzer.h"

#include "redis/analytics/RedisConnection.h"
#include "redis/analytics/RedisInfo.h"
#include "redis/analytics/SlowLog.h"
#include "redis/RedisUrl.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <algorithm>

namespace opsdeck::profiler {

Q_LOGGING_CATEGORY(lcRedisLatency, "opsdeck.profiler.redis")

namespace {

using redis::analytics::RedisValue;

QString tr(const char* text)
{
    return QCoreApplication::translate("RedisLatencyAnalyzer", text);
}

double numberOf(const RedisValue& v)
{
    if (v.type == RedisValue::Type::Integer)
        return double(v.integer);
    return v.text.toDouble();
}

} // namespace

QList<QPair<QString, QPair<double, double>>> parseLatencyLatest(const RedisValue& reply)
{
    QList<QPair<QString, QPair<double, double>>> events;
    if (!reply.isArray())
        return events;
    for (const RedisValue& e : reply.elements) {
        // [event, unix time of the latest spike, latest ms, all-time max ms]
        if (!e.isArray() || e.elements.size() < 4 || !e.elements.at(0).isString())
            continue;
        events.append({ QString::fromUtf8(e.elements.at(0).text),
            { numberOf(e.elements.at(2)), numberOf(e.elements.at(3)) } });
    }
    std::stable_sort(events.begin(), events.end(),
        [](const auto& a, const auto& b) { return a.second.second > b.second.second; });
    return events;
}

RedisLatencyReport analyseRedis(const DatabaseTarget& target, int slowlogEntries)
{
    RedisLatencyReport report;
    report.target = target.name;
    if (target.type != DatabaseTarget::Redis) {
        report.error = tr("database target \"%1\" is not a Redis target").arg(target.name);
        return report;
    }
    QString error;
    auto endpoint = redis::parseRedisUrl(target.url, &error);
    if (!endpoint) {
        report.error = tr("database target \"%1\": %2").arg(target.name, error);
        return report;
    }
    const auto password = readPasswordFile(target, &error);
    if (!password) {
        report.error = error;
        return report;
    }
    if (!password->isEmpty())
        endpoint->password = *password;
    auto connection = redis::analytics::RedisConnection::open(*endpoint, &error);
    if (!connection) {
        report.error = tr("cannot connect to Redis %1: %2").arg(redis::describe(*endpoint), error);
        qCWarning(lcRedisLatency).noquote() << report.error;
        return report;
    }
    const auto run = [&](const QList<QByteArray>& args) -> std::optional<RedisValue> {
        QString e;
        auto reply = connection->command(args, &e);
        if (!reply) {
            report.error = tr("Redis %1: %2 failed: %3")
                               .arg(redis::describe(*endpoint), QString::fromUtf8(args.join(' ')), e);
            return std::nullopt;
        }
        return reply;
    };

    // Our own connection's address (CLIENT INFO, Redis 6.2+): its PING / SELECT
    // are in the slow log too when slowlog-log-slower-than is low; they are left out.
    QString ownAddress;
    const auto self = run({ "CLIENT", "INFO" });
    if (!self)
        return report;
    if (self->isString()) {
        for (const QByteArray& field : self->text.trimmed().split(' ')) {
            if (field.startsWith("addr="))
                ownAddress = QString::fromUtf8(field.mid(5));
        }
    }

    const auto slow = run({ "SLOWLOG", "GET", QByteArray::number(std::max(1, slowlogEntries)) });
    if (!slow)
        return report;
    if (slow->isError()) {
        report.notes << tr("SLOWLOG GET was refused: %1").arg(QString::fromUtf8(slow->text));
    } else {
        QList<redis::analytics::SlowLogEntry> entries = redis::analytics::parseSlowLog(*slow);
        // parseSlowLog sorts longest first; the report lists the newest first (ids grow).
        std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.id > b.id; });
        for (const auto& e : entries) {
            if (ownAddress.isEmpty() || e.client != ownAddress)
                report.slowlog.append({ e.id, e.unixTime, e.durationUsec, e.display() });
        }
    }

    const auto threshold = run({ "CONFIG", "GET", "latency-monitor-threshold" });
    if (!threshold)
        return report;
    if (threshold->isArray() && threshold->elements.size() >= 2 && numberOf(threshold->elements.at(1)) <= 0)
        report.notes << tr(
            "the latency monitor is off (latency-monitor-threshold 0), so LATENCY LATEST stays "
            "empty: CONFIG SET latency-monitor-threshold 10 (milliseconds; CONFIG REWRITE keeps it)");
    const auto latest = run({ "LATENCY", "LATEST" });
    if (!latest)
        return report;
    if (latest->isError())
        report.notes << tr("LATENCY LATEST was refused: %1").arg(QString::fromUtf8(latest->text));
    else
        report.latencyEvents = parseLatencyLatest(*latest);

    const auto info = run({ "INFO", "latencystats" });
    if (!info)
        return report;
    if (info->isString()) {
        const QList<redis::analytics::CommandLatency> stats = redis::analytics::parseLatencyStats(info->text);
        for (const auto& c : stats)
            report.commandPercentilesUs.append({ c.command, { c.p50Usec, c.p99Usec, c.p999Usec } });
        if (stats.isEmpty())
            report.notes << tr("INFO latencystats has no figures (Redis before 7.0, or latency-tracking no: "
                               "CONFIG SET latency-tracking yes)");
    }
    report.ok = true;
    return report;
}

} // namespace opsdeck::profiler
