#include "profiler/ProfilerTypes.h"

#include <QJsonArray>
#include <QJsonValue>

namespace opsdeck::profiler {

namespace {

QJsonValue optionalNumber(const std::optional<double>& value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

// The components as the snapshot's JSON writes them (same field names as GET /api/v1/profile).
QJsonArray componentsJson(const QList<collect::ComponentUse>& components)
{
    collect::ProfileSnapshot only;
    only.components = components;
    return collect::toJson(only).value(QStringLiteral("components")).toArray();
}

QJsonObject bottleneckJson(const Bottleneck& b)
{
    QJsonObject o;
    o.insert(QStringLiteral("host"), b.host);
    o.insert(QStringLiteral("resource"), b.resource);
    o.insert(QStringLiteral("severity"), severityName(b.severity));
    o.insert(QStringLiteral("score"), b.score);
    o.insert(QStringLiteral("sentence"), b.sentence);
    o.insert(QStringLiteral("evidence"), QJsonArray::fromStringList(b.evidence));
    o.insert(QStringLiteral("components"), componentsJson(b.components));
    o.insert(QStringLiteral("measure"), b.measure);
    o.insert(QStringLiteral("current"), optionalNumber(b.current));
    o.insert(QStringLiteral("since_ms"),
        b.sinceMs ? QJsonValue(static_cast<double>(*b.sinceMs)) : QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("last_week"), optionalNumber(b.lastWeek));
    return o;
}

} // namespace

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Ok:
        return QStringLiteral("ok");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Critical:
        return QStringLiteral("critical");
    }
    return QStringLiteral("ok");
}

QJsonObject toJson(const FleetSnapshot& fleet)
{
    // QJsonObject orders keys alphabetically: "bottlenecks" comes first, then
    // "deadline_ms", "elapsed_ms", "hosts", "missing", "taken_at_ms".
    QJsonArray bottlenecks;
    for (const Bottleneck& b : fleet.bottlenecks)
        bottlenecks.append(bottleneckJson(b));
    QJsonArray hosts;
    QJsonArray missing;
    for (const HostProfile& h : fleet.hosts) {
        QJsonObject o;
        o.insert(QStringLiteral("instance"), h.instance);
        o.insert(QStringLiteral("url"), h.url);
        o.insert(QStringLiteral("elapsed_ms"), static_cast<double>(h.elapsedMs));
        if (!h.reachable) {
            o.insert(QStringLiteral("error"), h.error);
            missing.append(o);
            continue;
        }
        o.insert(QStringLiteral("connect_ms"), optionalNumber(h.connectMs));
        o.insert(QStringLiteral("first_byte_ms"), optionalNumber(h.firstByteMs));
        o.insert(QStringLiteral("worst"), severityName(h.worst));
        o.insert(QStringLiteral("worst_resource"), h.worstResource);
        o.insert(QStringLiteral("snapshot"), collect::toJson(h.snapshot));
        hosts.append(o);
    }
    QJsonObject o;
    o.insert(QStringLiteral("bottlenecks"), bottlenecks);
    o.insert(QStringLiteral("hosts"), hosts);
    o.insert(QStringLiteral("missing"), missing);
    o.insert(QStringLiteral("taken_at_ms"), static_cast<double>(fleet.takenAtMs));
    o.insert(QStringLiteral("elapsed_ms"), static_cast<double>(fleet.elapsedMs));
    o.insert(QStringLiteral("deadline_ms"), fleet.deadlineMs);
    return o;
}

} // namespace opsdeck::profiler
