#include "capacity/CapacityPlanner.h"

#include "capacity/ResourceUrgency.h"
#include "query/QuerySource.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QLoggingCategory>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>

Q_LOGGING_CATEGORY(lcPlanner, "opsdeck.capacity.planner")

namespace opsdeck::capacity {

namespace {

constexpr qint64 kDayMs = 86'400'000;
constexpr qint64 kMinuteMs = 60'000;
// A 90-day horizon at minute steps would be 129,600 points per item; past
// this many steps the forecast runs on a coarser step (a divisor of a day, so
// daily seasons stay whole).
constexpr int kMaxForecastSteps = 6000;

QString tr(const char* text)
{
    return QCoreApplication::translate("opsdeck::capacity", text); // lupdate's context for this namespace
}

QString formatRangeDuration(qint64 ms)
{
    if (ms % 3'600'000 == 0)
        return QString::number(ms / 3'600'000) + QLatin1Char('h');
    if (ms % kMinuteMs == 0)
        return QString::number(ms / kMinuteMs) + QLatin1Char('m');
    return QString::number(std::max<qint64>(1, ms / 1000)) + QLatin1Char('s');
}

QString isoDate(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd"));
}

QString days(qint64 ms)
{
    return QString::number(std::max<qint64>(0, ms) / double(kDayMs), 'f', ms < 10 * kDayMs ? 1 : 0);
}

metrics::Labels withoutName(const metrics::Labels& labels)
{
    return labels.without(metrics::kMetricNameLabel);
}

bool containsAll(const metrics::Labels& haystack, const metrics::Labels& needles)
{
    for (const metrics::Label& l : needles) {
        if (haystack.value(l.name) != l.value)
            return false;
    }
    return true;
}

// Nearest-rank percentile of the finite values (NaN when none).
double percentile(QList<double> values, double p)
{
    values.removeIf([](double v) { return !std::isfinite(v); });
    if (values.isEmpty())
        return std::nan("");
    std::sort(values.begin(), values.end());
    const qsizetype rank
        = std::clamp<qsizetype>(qsizetype(std::ceil(p * double(values.size()))), 1, values.size());
    return values.at(rank - 1);
}

// Averages k consecutive points (NaN-aware) so a long horizon forecasts on a coarser step.
Series downsample(const Series& s, int k)
{
    if (k <= 1)
        return s;
    Series out;
    out.startMs = s.startMs;
    out.stepMs = s.stepMs * k;
    for (qsizetype i = 0; i < s.values.size(); i += k) {
        double sum = 0;
        int n = 0;
        for (qsizetype j = i; j < std::min(s.values.size(), i + k); ++j) {
            if (std::isfinite(s.values.at(j))) {
                sum += s.values.at(j);
                ++n;
            }
        }
        out.values.append(n > 0 ? sum / n : std::nan(""));
    }
    return out;
}

int forecastStepFactor(qint64 stepMs, qint64 horizonMs)
{
    if (stepMs <= 0)
        return 1;
    const qint64 steps = horizonMs / stepMs;
    if (steps <= kMaxForecastSteps)
        return 1;
    static const int factors[] = { 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1440 };
    for (int k : factors) {
        if ((kDayMs % (stepMs * k)) == 0 && steps / k <= kMaxForecastSteps)
            return k;
    }
    return int(
        std::min<qint64>(std::numeric_limits<int>::max(), (steps + kMaxForecastSteps - 1) / kMaxForecastSteps));
}

QString itemName(const ResourceDefinition& def, const metrics::Labels& labels)
{
    const QString instance = QString::fromUtf8(labels.value("instance"));
    const QString mountpoint = QString::fromUtf8(labels.value("mountpoint"));
    if (!instance.isEmpty()) {
        if (!mountpoint.isEmpty())
            return instance + QLatin1Char(':') + mountpoint;
        return instance;
    }
    if (!mountpoint.isEmpty())
        return mountpoint;
    const metrics::Labels rest = withoutName(labels);
    if (rest.isEmpty())
        return def.name;
    return QString::fromUtf8(rest.toString());
}

// The capacity series for a usage series: same labels (metric name aside),
// else one whose labels are all on the usage series (e.g. {instance} for
// {instance, job}), else the only capacity series there is.
double matchCapacity(const metrics::Labels& usage, const QList<std::pair<metrics::Labels, double>>& capacities)
{
    const metrics::Labels key = withoutName(usage);
    for (const auto& [labels, value] : capacities) {
        if (labels == key)
            return value;
    }
    const std::pair<metrics::Labels, double>* best = nullptr;
    for (const auto& c : capacities) {
        if (containsAll(key, c.first) && (!best || c.first.size() > best->first.size()))
            best = &c;
    }
    if (best)
        return best->second;
    if (capacities.size() == 1 && capacities.first().first.isEmpty())
        return capacities.first().second;
    return std::nan("");
}

double forecastMax(const ForecastResult& f, ForecastBound bound)
{
    double m = std::nan("");
    for (const ForecastPoint& p : f.points) {
        double v = p.value;
        if (bound == ForecastBound::Upper95)
            v = p.upper95;
        if (std::isfinite(v) && !(v <= m))
            m = v;
    }
    return m;
}

void computeReclaimable(CapacityPlan& plan)
{
    QList<HostUsage> hosts;
    double ceiling = kDefaultCeiling, safety = 1.0;
    for (const ResourceForecast& r : std::as_const(plan.resources)) {
        if (r.definition.kind != ResourceKind::Cpu || !(r.capacity > 0))
            continue;
        double peak = r.peak;
        const double fmax = forecastMax(r.forecast, ForecastBound::Value);
        if (std::isfinite(fmax) && !(fmax <= peak))
            peak = fmax;
        if (!std::isfinite(peak))
            continue;
        ceiling = r.definition.ceiling;
        safety = r.definition.safetyFactor;
        hosts.append(HostUsage { r.host.isEmpty() ? r.item : r.host, r.capacity, peak * r.growthFactor,
            r.definition.costPerInstanceHour });
    }
    plan.reclaimable = reclaimableCapacity(hosts, ceiling, safety);
}

} // namespace

QString resourceKindName(ResourceKind kind)
{
    switch (kind) {
    case ResourceKind::Cpu:
        return QStringLiteral("cpu");
    case ResourceKind::Memory:
        return QStringLiteral("memory");
    case ResourceKind::Filesystem:
        return QStringLiteral("filesystem");
    case ResourceKind::Requests:
        return QStringLiteral("requests");
    case ResourceKind::Custom:
        return QStringLiteral("custom");
    }
    return QStringLiteral("custom");
}

std::optional<ResourceKind> resourceKindFromName(const QString& name)
{
    for (ResourceKind k : { ResourceKind::Cpu, ResourceKind::Memory, ResourceKind::Filesystem,
             ResourceKind::Requests, ResourceKind::Custom }) {
        if (resourceKindName(k).compare(name, Qt::CaseInsensitive) == 0)
            return k;
    }
    return std::nullopt;
}

QString statusName(ResourceStatus status)
{
    switch (status) {
    case ResourceStatus::Red:
        return QStringLiteral("red");
    case ResourceStatus::Amber:
        return QStringLiteral("amber");
    case ResourceStatus::Green:
        return QStringLiteral("green");
    case ResourceStatus::Unknown:
        return QStringLiteral("unknown");
    }
    return QStringLiteral("unknown");
}

QList<ResourceDefinition> defaultResources()
{
    QList<ResourceDefinition> out;

    ResourceDefinition cpu;
    cpu.name = tr("CPU");
    cpu.kind = ResourceKind::Cpu;
    cpu.usageQuery = QStringLiteral("sum by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[$range]))");
    cpu.capacityQuery = QStringLiteral("count by (instance) (node_cpu_seconds_total{mode=\"idle\"})");
    cpu.unit = QStringLiteral("cores");
    cpu.ceiling = 0.85;
    out.append(cpu);

    ResourceDefinition mem;
    mem.name = tr("Memory");
    mem.kind = ResourceKind::Memory;
    mem.usageQuery = QStringLiteral("node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes");
    mem.capacityQuery = QStringLiteral("node_memory_MemTotal_bytes");
    mem.unit = QStringLiteral("bytes");
    mem.ceiling = 0.90;
    out.append(mem);

    // Real filesystems only: node_exporter also reports tmpfs, overlay, ... mounts.
    const QString realFs = QStringLiteral("fstype!~\"tmpfs|ramfs|devtmpfs|squashfs|overlay|nsfs|proc|sysfs\"");
    ResourceDefinition fs;
    fs.name = tr("Filesystem");
    fs.kind = ResourceKind::Filesystem;
    fs.usageQuery = QStringLiteral("node_filesystem_size_bytes{%1} - node_filesystem_avail_bytes{%1}").arg(realFs);
    fs.capacityQuery = QStringLiteral("node_filesystem_size_bytes{%1}").arg(realFs);
    fs.unit = QStringLiteral("bytes");
    fs.ceiling = 0.90;
    out.append(fs);

    ResourceDefinition req;
    req.name = tr("Requests");
    req.kind = ResourceKind::Requests;
    req.usageQuery = QStringLiteral("sum by (instance) (rate(http_requests_total[$range]))");
    req.unit = QStringLiteral("req/s");
    out.append(req);
    return out;
}

std::optional<qint64> timeRemainingMs(const ResourceForecast& resource, qint64 nowMs)
{
    if (!resource.runOutMs)
        return std::nullopt;
    return std::max<qint64>(0, *resource.runOutMs - nowMs);
}

void applyWhatIf(ResourceForecast& r, double growthFactor, qint64 nowMs, int amberDays)
{
    const ResourceDefinition& def = r.definition;
    const double g = growthFactor > 0 ? growthFactor : 1.0;
    r.growthFactor = g;
    r.runOutMs.reset();
    r.runOutEarliestMs.reset();
    r.runOutLatestMs.reset();
    r.orderByMs.reset();
    r.recommendedInstances = 0;
    r.monthlyCostNow = 0.0;
    r.monthlyCostAtHorizon = 0.0;
    r.latencyServers = -1;
    r.latencyPercentileS = std::nan("");

    const bool hasForecast = !r.forecast.points.isEmpty();
    // Peak demand for sizing: the upper 95 % bound over the horizon (unscaled; sizing applies g).
    double peakDemand = hasForecast ? forecastMax(r.forecast, ForecastBound::Upper95) : r.peak;
    if (!std::isfinite(peakDemand))
        peakDemand = r.peak;

    if (r.capacity > 0 && std::isfinite(peakDemand)) {
        const SizingResult horizon = sizeForPeak(SizingRequest {
            std::max(0.0, peakDemand), r.capacity, def.ceiling, def.safetyFactor, g, def.costPerInstanceHour });
        r.recommendedInstances = horizon.instances;
        r.monthlyCostAtHorizon = horizon.monthlyCost;
        if (std::isfinite(r.peak)) {
            const SizingResult now = sizeForPeak(SizingRequest {
                std::max(0.0, r.peak), r.capacity, def.ceiling, def.safetyFactor, 1.0, def.costPerInstanceHour });
            r.monthlyCostNow = now.monthlyCost;
        }
    }
    if (def.kind == ResourceKind::Requests && def.latencyTargetS > 0 && def.meanServiceS > 0
        && std::isfinite(peakDemand)) {
        const LatencySizingResult lat = sizeForLatency(LatencySizingRequest { std::max(0.0, peakDemand),
            def.meanServiceS, def.latencyPercentile, def.latencyTargetS, g, def.costPerInstanceHour });
        r.latencyServers = lat.servers;
        r.latencyPercentileS = lat.servers > 0 ? lat.percentileS : std::nan("");
        if (!(r.capacity > 0) && lat.servers > 0) {
            r.recommendedInstances = lat.servers;
            r.monthlyCostAtHorizon = lat.monthlyCost;
        }
    }

    if (!hasForecast) {
        r.status = ResourceStatus::Unknown;
        r.statusReason = r.problem.isEmpty() ? tr("no forecast") : r.problem;
        return;
    }
    if (!(r.capacity > 0)) {
        r.status = ResourceStatus::Unknown;
        if (r.problem.isEmpty())
            r.problem = tr("no capacity set");
        r.statusReason = r.problem;
        return;
    }

    // Scaling the forecast by g is the same as dividing the limit by g.
    const double limit = def.ceiling * r.capacity;
    const double scaledLimit = limit / g;
    r.runOutMs = timeToReach(r.forecast, scaledLimit, ForecastBound::Value);
    r.runOutEarliestMs = timeToReach(r.forecast, scaledLimit, ForecastBound::Upper95);
    r.runOutLatestMs = timeToReach(r.forecast, scaledLimit, ForecastBound::Lower95);
    if (!r.runOutEarliestMs && r.runOutMs)
        r.runOutEarliestMs = r.runOutMs;
    const qint64 leadMs = qint64(def.leadTimeDays) * kDayMs;
    if (r.runOutEarliestMs)
        r.orderByMs = *r.runOutEarliestMs - leadMs;

    const double ceilingPct = def.ceiling * 100.0;
    const double current = std::isfinite(r.currentP95) ? r.currentP95 : r.currentAvg;
    if (std::isfinite(current) && current * g >= limit) {
        r.status = ResourceStatus::Red;
        r.statusReason = tr("already at %1 % of capacity, above the %2 % ceiling")
                             .arg(QString::number(current * g / r.capacity * 100.0, 'f', 0),
                                 QString::number(ceilingPct, 'f', 0));
        return;
    }
    if (!r.runOutMs && !r.runOutEarliestMs) {
        r.status = ResourceStatus::Green;
        r.statusReason
            = tr("does not reach the %1 % ceiling within the %2 d horizon")
                  .arg(QString::number(ceilingPct, 'f', 0), days(r.forecast.points.last().timeMs - nowMs));
        return;
    }
    const qint64 runOut = r.runOutMs ? *r.runOutMs : *r.runOutEarliestMs;
    const QString when = r.runOutMs
        ? tr("reaches the %1 % ceiling in %2 d (%3)")
              .arg(QString::number(ceilingPct, 'f', 0), days(runOut - nowMs), isoDate(runOut))
        : tr("may reach the %1 % ceiling in %2 d (upper 95 % bound, %3)")
              .arg(QString::number(ceilingPct, 'f', 0), days(runOut - nowMs), isoDate(runOut));
    // Red needs the forecast itself inside the lead time; when only the upper
    // 95 % bound gets there (wide bands, daily peaks) the item is Amber at
    // most: order soon, not "runs out".
    if (r.runOutMs && *r.runOutMs - leadMs <= nowMs) {
        r.status = ResourceStatus::Red;
        r.statusReason = tr("%1, inside the %2 d lead time: order now").arg(when).arg(def.leadTimeDays);
    } else if (*r.runOutEarliestMs - nowMs <= leadMs + qint64(amberDays) * kDayMs) {
        r.status = ResourceStatus::Amber;
        r.statusReason = tr("%1; order by %2").arg(when, isoDate(*r.orderByMs));
    } else {
        r.status = ResourceStatus::Green;
        r.statusReason = tr("%1; order by %2").arg(when, isoDate(*r.orderByMs));
    }
}

void applyWhatIf(CapacityPlan& plan, double growthFactor, int amberDays)
{
    plan.growthFactor = growthFactor > 0 ? growthFactor : 1.0;
    for (ResourceForecast& r : plan.resources)
        applyWhatIf(r, plan.growthFactor, plan.toMs, amberDays);
    sortResources(plan.resources, plan.toMs);
    computeReclaimable(plan);
}

CapacityPlan plan(const query::QuerySource& history, const PlanOptions& options, const PlanProgress& progress)
{
    CapacityPlan out;
    const qint64 step = options.stepMs > 0 ? options.stepMs : 3'600'000;
    out.generatedMs = options.nowMs;
    out.toMs = options.nowMs;
    out.fromMs = options.nowMs - std::max<qint64>(step, options.windowMs);
    out.stepMs = step;
    out.horizonMs = options.horizonMs;
    out.growthFactor = options.growthFactor > 0 ? options.growthFactor : 1.0;

    // Evaluate on the step grid, where the history's samples sit.
    const qint64 start = ((out.fromMs + step - 1) / step) * step;
    const qint64 end = (out.toMs / step) * step;
    if (end < start) {
        out.warnings << tr("the window is shorter than one step");
        return out;
    }
    if (const query::LabelsResult names = history.labelNames({}, start, end); names.ok && names.values.isEmpty()) {
        out.warnings << tr("no capacity history between %1 and %2")
                            .arg(QDateTime::fromMSecsSinceEpoch(out.fromMs, Qt::UTC).toString(Qt::ISODate),
                                QDateTime::fromMSecsSinceEpoch(out.toMs, Qt::UTC).toString(Qt::ISODate));
        return out;
    }

    const qsizetype gridSize = qsizetype((end - start) / step) + 1;
    const QString range = formatRangeDuration(std::max<qint64>(5 * kMinuteMs, 3 * step));
    const QList<ResourceDefinition> resources
        = options.resources.isEmpty() ? defaultResources() : options.resources;
    const int k = forecastStepFactor(step, options.horizonMs);
    const int horizonSteps
        = int(std::min<qint64>(std::numeric_limits<int>::max(), options.horizonMs / (step * k)));

    // Queries first (cheap), so progress knows the number of items.
    QList<ResourceForecast> items;
    for (const ResourceDefinition& def : resources) {
        QString usageQuery = def.usageQuery;
        usageQuery.replace(QLatin1String("$range"), range);
        const query::QueryResult usage = history.range(usageQuery, start, end, step);
        if (!usage.ok) {
            out.warnings << tr("%1: the usage query failed: %2").arg(def.name, usage.error);
            qCWarning(lcPlanner) << def.name << "usage query failed:" << usage.error;
            continue;
        }
        if (usage.series.isEmpty()) {
            out.warnings << tr("%1: no data for %2 in the window").arg(def.name, usageQuery);
            continue;
        }
        QList<std::pair<metrics::Labels, double>> capacities;
        bool capacityFailed = false;
        if (!def.capacityQuery.isEmpty()) {
            QString capacityQuery = def.capacityQuery;
            capacityQuery.replace(QLatin1String("$range"), range);
            // The last value in the window: the end of the window may fall in a gap.
            const query::QueryResult cap = history.range(capacityQuery, start, end, step);
            if (!cap.ok) {
                out.warnings << tr("%1: the capacity query failed: %2").arg(def.name, cap.error);
                capacityFailed = true;
            } else {
                for (const query::ResultSeries& s : cap.series) {
                    for (qsizetype i = s.points.size() - 1; i >= 0; --i) {
                        if (std::isfinite(s.points.at(i).value)) {
                            capacities.append({ withoutName(s.labels), s.points.at(i).value });
                            break;
                        }
                    }
                }
            }
        }
        for (const query::ResultSeries& s : usage.series) {
            ResourceForecast r;
            r.definition = def;
            r.labels = s.labels;
            r.item = itemName(def, s.labels);
            r.host = QString::fromUtf8(s.labels.value("instance"));
            r.history.startMs = start;
            r.history.stepMs = step;
            r.history.values = QList<double>(gridSize, std::nan(""));
            for (const metrics::Sample& p : s.points) {
                const qint64 idx = (p.timestampMs - start) / step;
                if (idx >= 0 && idx < gridSize && (p.timestampMs - start) % step == 0 && std::isfinite(p.value))
                    r.history.values[idx] = p.value;
            }
            if (def.capacityQuery.isEmpty())
                r.capacity = def.fixedCapacity;
            else if (!capacityFailed)
                r.capacity = matchCapacity(s.labels, capacities);
            if (!(r.capacity > 0)) {
                r.capacity = std::nan("");
                r.problem
                    = def.capacityQuery.isEmpty() ? tr("no capacity set") : tr("no capacity found for this item");
            }
            items.append(r);
        }
    }

    const int total = int(items.size());
    int done = 0;
    QSet<QString> hosts, models;
    for (ResourceForecast& r : items) {
        const QList<double>& v = r.history.values;
        // Current figures: the last day of the window.
        const qint64 lastDayFrom = end - kDayMs;
        QList<double> lastDay;
        double peak = std::nan("");
        for (qsizetype i = 0; i < v.size(); ++i) {
            if (!std::isfinite(v.at(i)))
                continue;
            if (!(v.at(i) <= peak))
                peak = v.at(i);
            if (start + i * step > lastDayFrom)
                lastDay.append(v.at(i));
        }
        r.peak = peak;
        if (!lastDay.isEmpty()) {
            double sum = 0;
            for (double x : std::as_const(lastDay))
                sum += x;
            r.currentAvg = sum / double(lastDay.size());
            r.currentP95 = percentile(lastDay, 0.95);
        }
        if (r.capacity > 0 && std::isfinite(r.currentP95))
            r.headroomPct = (r.definition.ceiling * r.capacity - r.currentP95) / r.capacity * 100.0;

        // Forecast from the last known point: trailing gaps would otherwise be
        // filled flat and shift the forecast's start.
        Series fitSeries = r.history;
        while (!fitSeries.values.isEmpty() && !std::isfinite(fitSeries.values.last()))
            fitSeries.values.removeLast();
        const qsizetype known = std::count_if(
            fitSeries.values.cbegin(), fitSeries.values.cend(), [](double x) { return std::isfinite(x); });
        fitSeries = downsample(fitSeries, k);
        r.forecast = forecast(fitSeries, horizonSteps, options.forecast);
        if (r.forecast.points.isEmpty()) {
            const QString why = tr("%1 points of history; a forecast needs at least 8 at a %2 step")
                                    .arg(known)
                                    .arg(formatRangeDuration(fitSeries.stepMs));
            r.problem = r.problem.isEmpty() ? why : r.problem + QStringLiteral("; ") + why;
        } else {
            const ForecastPoint& first = r.forecast.points.first();
            const ForecastPoint& last = r.forecast.points.last();
            if (last.timeMs > first.timeMs)
                r.growthPerDay
                    = (last.value - first.value) / (double(last.timeMs - first.timeMs) / double(kDayMs));
            models.insert(r.forecast.modelName);
        }
        AnomalyOptions ao;
        ao.seasonLength = r.forecast.seasonSteps * k;
        ao.refractory = std::max(1, ao.seasonLength / 4);
        r.anomalies = detectAnomalies(r.history, ao).flagged;
        if (!r.host.isEmpty())
            hosts.insert(r.host);
        out.resources.append(r);
        ++done;
        if (progress && !progress(done, total)) {
            out.cancelled = true;
            break;
        }
    }
    out.hosts = QStringList(hosts.cbegin(), hosts.cend());
    out.hosts.sort();
    out.models = QStringList(models.cbegin(), models.cend());
    out.models.sort();
    applyWhatIf(out, out.growthFactor, options.amberDays);
    qCDebug(lcPlanner) << "plan:" << out.resources.size() << "items," << out.warnings.size() << "warnings"
                       << (out.cancelled ? "(cancelled)" : "");
    return out;
}

} // namespace opsdeck::capacity
