#include "capacity/ResourceFile.h"

#include "metrics/Duration.h"
#include "query/QueryEngine.h"

#include <QCoreApplication>
#include <QFile>

#include <yaml-cpp/yaml.h>

#include <cmath>

namespace opsdeck::capacity {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("opsdeck::capacity", text); // lupdate's context for this namespace
}

struct EntryReader
{
    // lupdate files the tr() calls in here under this context.
    static QString tr(const char* text)
    {
        return QCoreApplication::translate("opsdeck::capacity::EntryReader", text);
    }

    const YAML::Node& node;
    QString where; // "file:line: resource N"
    QStringList problems;

    QString text(const char* key) const { return QString::fromStdString(node[key].Scalar()); }
    bool has(const char* key) const { return node[key].IsDefined() && !node[key].IsNull(); }

    std::optional<double> number(const char* key)
    {
        if (!has(key))
            return std::nullopt;
        QString t = text(key).trimmed();
        const bool percent = t.endsWith(QLatin1Char('%'));
        if (percent)
            t.chop(1);
        bool ok = false;
        const double v = t.toDouble(&ok);
        if (!ok || !std::isfinite(v)) {
            problems << tr("%1 must be a number, not \"%2\"").arg(QLatin1String(key), text(key));
            return std::nullopt;
        }
        return percent ? v / 100.0 : v;
    }

    // Seconds from a duration ("50ms", "2h"); days when daysIfBare and the value is a bare number.
    std::optional<double> seconds(const char* key, bool daysIfBare = false)
    {
        if (!has(key))
            return std::nullopt;
        const QString t = text(key).trimmed();
        bool ok = false;
        const double bare = t.toDouble(&ok);
        if (ok && bare >= 0)
            return daysIfBare ? bare * 86400.0 : bare;
        const std::optional<qint64> ms = metrics::parseDuration(t);
        if (!ms) {
            problems << tr("%1 must be a duration such as 50ms, 2h or 30d, not \"%2\"").arg(QLatin1String(key), t);
            return std::nullopt;
        }
        return double(*ms) / 1000.0;
    }
};

void applyEntry(EntryReader& in, ResourceDefinition& def)
{
    if (in.has("name"))
        def.name = in.text("name").trimmed();
    if (in.has("usage"))
        def.usageQuery = in.text("usage").trimmed();
    if (in.has("capacity_query"))
        def.capacityQuery = in.text("capacity_query").trimmed();
    if (in.has("unit"))
        def.unit = in.text("unit").trimmed();
    if (const auto v = in.number("capacity"))
        def.fixedCapacity = *v;
    if (const auto v = in.number("ceiling"))
        def.ceiling = *v;
    if (const auto v = in.number("safety_factor"))
        def.safetyFactor = *v;
    if (const auto v = in.seconds("lead_time", true))
        def.leadTimeDays = int(std::lround(*v / 86400.0));
    if (const auto v = in.number("cost_per_hour"))
        def.costPerInstanceHour = *v;
    if (const auto v = in.seconds("mean_service"))
        def.meanServiceS = *v;
    if (const auto v = in.seconds("latency_target"))
        def.latencyTargetS = *v;
    if (const auto v = in.number("latency_percentile"))
        def.latencyPercentile = *v;

    if (def.name.isEmpty())
        in.problems << tr("a new resource needs a name");
    if (def.usageQuery.isEmpty())
        in.problems << tr("a new resource needs a usage query");
    // $range is replaced before evaluation; check the query with a stand-in.
    const auto checkQuery = [&in](const QString& field, const QString& query) {
        QString probe = query;
        probe.replace(QLatin1String("$range"), QLatin1String("5m"));
        if (const QString error = query::QueryEngine::check(probe); !error.isEmpty())
            in.problems << tr("%1: %2").arg(field, error);
    };
    if (!def.usageQuery.isEmpty())
        checkQuery(QStringLiteral("usage"), def.usageQuery);
    if (!def.capacityQuery.isEmpty())
        checkQuery(QStringLiteral("capacity_query"), def.capacityQuery);
    if (!(def.ceiling > 0 && def.ceiling <= 1))
        in.problems << tr("ceiling must be between 0 and 1 (or 1% to 100%)");
    if (!(def.safetyFactor >= 1))
        in.problems << tr("safety_factor must be at least 1");
    if (def.leadTimeDays < 0)
        in.problems << tr("lead_time must not be negative");
    if (!std::isnan(def.fixedCapacity) && !(def.fixedCapacity > 0))
        in.problems << tr("capacity must be above 0");
    if (!(def.latencyPercentile > 0 && def.latencyPercentile < 1))
        in.problems << tr("latency_percentile must be between 0 and 1 (e.g. 0.95)");
}

} // namespace

ResourceFileResult parseResourceText(const QByteArray& yaml, const QString& name)
{
    ResourceFileResult result;
    result.resources = defaultResources();
    YAML::Node root;
    try {
        root = YAML::Load(yaml.toStdString());
    } catch (const YAML::Exception& e) {
        result.readable = false;
        result.errors
            << QStringLiteral("%1:%2: %3").arg(name).arg(e.mark.line + 1).arg(QString::fromStdString(e.msg));
        return result;
    }
    const YAML::Node list = root.IsMap() ? root["resources"] : YAML::Node();
    if (!list.IsDefined() || !list.IsSequence()) {
        result.readable = false;
        result.errors << tr("%1: expected a \"resources:\" list").arg(name);
        return result;
    }
    int index = 0;
    for (const YAML::Node& node : list) {
        ++index;
        const QString where
            = QStringLiteral("%1:%2: ").arg(name).arg(node.Mark().line + 1) + tr("resource %1").arg(index);
        if (!node.IsMap()) {
            result.errors << where + QStringLiteral(": ") + tr("expected a map of fields");
            continue;
        }
        try {
            EntryReader in { node, where, {} };
            std::optional<ResourceKind> kind = ResourceKind::Custom;
            if (in.has("kind")) {
                kind = resourceKindFromName(in.text("kind").trimmed().toLower());
                if (!kind) {
                    result.errors << where + QStringLiteral(": ")
                            + tr("unknown kind \"%1\" (cpu, memory, filesystem, requests, custom)")
                                  .arg(in.text("kind"));
                    continue;
                }
            }
            qsizetype target = -1;
            if (*kind != ResourceKind::Custom) {
                for (qsizetype i = 0; i < result.resources.size(); ++i) {
                    if (result.resources.at(i).kind == *kind)
                        target = i;
                }
            }
            ResourceDefinition def = target >= 0 ? result.resources.at(target) : ResourceDefinition {};
            def.kind = *kind;
            applyEntry(in, def);
            if (!in.problems.isEmpty()) {
                for (const QString& p : std::as_const(in.problems))
                    result.errors << where + QStringLiteral(": ") + p;
                continue;
            }
            if (target >= 0)
                result.resources[target] = def;
            else
                result.resources.append(def);
        } catch (const YAML::Exception& e) {
            result.errors << where + QStringLiteral(": ") + QString::fromStdString(e.msg);
        }
    }
    return result;
}

ResourceFileResult loadResourceFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ResourceFileResult result;
        result.resources = defaultResources();
        result.readable = false;
        result.errors << tr("%1: cannot read: %2").arg(path, file.errorString());
        return result;
    }
    return parseResourceText(file.readAll(), path);
}

} // namespace opsdeck::capacity
