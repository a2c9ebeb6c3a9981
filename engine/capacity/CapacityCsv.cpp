#include "capacity/CapacityCsv.h"

#include "capacity/ResourceUrgency.h"

#include <QDateTime>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace opsdeck::capacity {

namespace {

constexpr qint64 kDayMs = 86'400'000;

double growthOf(const ResourceForecast& r)
{
    return r.growthFactor > 0 && std::isfinite(r.growthFactor) ? r.growthFactor : 1.0;
}

QString isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

QByteArray csvField(const QString& text)
{
    QByteArray bytes = text.toUtf8();
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') || bytes.contains('\r')) {
        bytes.replace('"', "\"\"");
        bytes = '"' + bytes + '"';
    }
    return bytes;
}

QString csvNumber(double v)
{
    return std::isfinite(v) ? QString::number(v, 'g', 15) : QString();
}

QString csvDays(std::optional<qint64> at, qint64 nowMs)
{
    if (!at)
        return QString();
    return QString::number(double(std::max<qint64>(0, *at - nowMs)) / double(kDayMs), 'f', 2);
}

} // namespace

QByteArray capacityCsv(const CapacityPlan& plan)
{
    const QList<int> order = resourceOrder(plan.resources, plan.toMs);
    static const char* const columns[] = { "resource", "item", "host", "status", "current_avg", "current_p95",
        "peak", "capacity", "ceiling", "headroom_pct", "growth_per_day", "time_remaining_days",
        "time_remaining_low_days", "time_remaining_high_days", "run_out", "order_by", "recommended_instances",
        "model", "backtest_mase", "backtest_smape", "unit" };
    QByteArray out;
    for (std::size_t i = 0; i < std::size(columns); ++i) {
        if (i)
            out += ',';
        out += columns[i];
    }
    out += "\r\n";
    for (int index : order) {
        const ResourceForecast& r = plan.resources.at(index);
        const bool fitted = !r.forecast.points.isEmpty();
        const QStringList fields = {
            r.definition.name,
            r.item,
            r.host,
            capacity::statusName(r.status),
            csvNumber(r.currentAvg),
            csvNumber(r.currentP95),
            csvNumber(r.peak),
            csvNumber(r.capacity),
            csvNumber(r.definition.ceiling),
            csvNumber(r.headroomPct),
            csvNumber(r.growthPerDay * growthOf(r)),
            csvDays(r.runOutMs, plan.toMs),
            csvDays(r.runOutEarliestMs, plan.toMs),
            csvDays(r.runOutLatestMs, plan.toMs),
            r.runOutMs ? isoUtc(*r.runOutMs) : QString(),
            r.orderByMs ? isoUtc(*r.orderByMs) : QString(),
            r.recommendedInstances > 0 ? QString::number(r.recommendedInstances) : QString(),
            fitted ? r.forecast.modelName : QString(),
            fitted ? csvNumber(r.forecast.mase) : QString(),
            fitted ? csvNumber(r.forecast.smape) : QString(),
            r.definition.unit,
        };
        for (int i = 0; i < fields.size(); ++i) {
            if (i)
                out += ',';
            out += csvField(fields.at(i));
        }
        out += "\r\n";
    }
    return out;
}

} // namespace opsdeck::capacity
