#include "alerts/ReadyTemplates.h"

namespace opsdeck::alerts {

namespace {

constexpr qint64 kMinute = 60'000;

AlertRule makeRule(const QString& name, const QString& expr, qint64 forMs, Severity severity,
    const QString& summary, const QString& description)
{
    AlertRule r;
    r.name = name;
    r.expr = expr;
    r.forMs = forMs;
    r.severity = severity;
    r.labels.insert(QStringLiteral("severity"), severityName(severity));
    r.annotations.insert(QStringLiteral("summary"), summary);
    r.annotations.insert(QStringLiteral("description"), description);
    return r;
}

QString number(double v)
{
    return QString::number(v, 'g', 12);
}

} // namespace

AlertRule ReadyTemplates::hostDown()
{
    return makeRule(QStringLiteral("HostDown"), QStringLiteral("up == 0"), 1 * kMinute, Severity::Critical,
        tr("Host {{ $labels.instance }} is down"),
        tr("{{ $labels.instance }} of job {{ $labels.job }} has not answered scrapes for more than a minute."));
}

AlertRule ReadyTemplates::cpuSaturation(double percent)
{
    return makeRule(QStringLiteral("HostCpuSaturation"),
        QStringLiteral("100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode=\"idle\"}[5m]))) > %1")
            .arg(number(percent)),
        10 * kMinute, Severity::Warning, tr("CPU of {{ $labels.instance }} is saturated"),
        tr("CPU busy {{ $value | printf \"%.1f\" }}% on {{ $labels.instance }} for 10 minutes."));
}

AlertRule ReadyTemplates::memoryPressure(double percent)
{
    return makeRule(QStringLiteral("HostMemoryPressure"),
        QStringLiteral("100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes) > %1")
            .arg(number(percent)),
        5 * kMinute, Severity::Warning, tr("Memory pressure on {{ $labels.instance }}"),
        tr("{{ $value | printf \"%.1f\" }}% of memory in use on {{ $labels.instance }} for 5 minutes."));
}

AlertRule ReadyTemplates::diskFilling(qint64 horizonHours)
{
    return makeRule(QStringLiteral("HostDiskFilling"),
        QStringLiteral("predict_linear(node_filesystem_avail_bytes{fstype!~\"tmpfs|ramfs|overlay|squashfs\"}[6h], "
                       "%1 * 3600) < 0 and node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.4 "
                       "and node_filesystem_readonly == 0")
            .arg(horizonHours),
        1 * 60 * kMinute, Severity::Warning,
        tr("Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} is filling up"),
        tr("At the rate of the last 6 hours, {{ $labels.mountpoint }} on {{ $labels.instance }} is full within %n "
           "hour(s).",
            nullptr, int(horizonHours)));
}

AlertRule ReadyTemplates::scrapeFailing(double failedPercent)
{
    return makeRule(QStringLiteral("ScrapeFailing"),
        QStringLiteral("100 * (1 - avg_over_time(up[10m])) > %1 and up == 1").arg(number(failedPercent)),
        5 * kMinute, Severity::Warning, tr("Scrapes of {{ $labels.instance }} keep failing"),
        tr("{{ $value | printf \"%.0f\" }}% of the scrapes of {{ $labels.instance }} (job {{ $labels.job }}) "
           "failed "
           "in the last 10 minutes."));
}

RuleGroup ReadyTemplates::sloBurnRate(const SloParameters& slo)
{
    struct Window
    {
        const char* longWindow;
        const char* shortWindow;
        double burnRate;
        qint64 forMs;
        Severity severity;
    };
    // Google SRE workbook, table 5-8 (page) and 5-9 (ticket).
    static const Window windows[] = {
        { "1h", "5m", 14.4, 2 * kMinute, Severity::Critical },
        { "6h", "30m", 6, 15 * kMinute, Severity::Critical },
        { "1d", "2h", 3, 1 * 60 * kMinute, Severity::Warning },
        { "3d", "6h", 1, 3 * 60 * kMinute, Severity::Warning },
    };
    const double budget = 1 - slo.objective;
    RuleGroup group { QStringLiteral("slo-%1").arg(slo.name), 0, {} };
    for (const Window& w : windows) {
        const QString threshold = number(w.burnRate * budget);
        const auto ratio = [&](const char* window) {
            return QString(slo.errorRatio).replace(QLatin1String("$window"), QLatin1String(window));
        };
        AlertRule r = makeRule(slo.name,
            QStringLiteral("(%1) > %2 and (%3) > %2").arg(ratio(w.longWindow), threshold, ratio(w.shortWindow)),
            w.forMs, w.severity,
            tr("Error budget of {{ $labels.job }} burning %1x too fast").arg(number(w.burnRate)),
            tr("Error ratio {{ $value | humanizePercentage }} over %1 (and %2) against an objective of %3.")
                .arg(QLatin1String(w.longWindow), QLatin1String(w.shortWindow),
                    number(slo.objective * 100) + u'%'));
        r.labels.insert(QStringLiteral("long_window"), QLatin1String(w.longWindow));
        r.labels.insert(QStringLiteral("short_window"), QLatin1String(w.shortWindow));
        group.rules.append(r);
    }
    return group;
}

QList<RuleGroup> ReadyTemplates::all()
{
    return {
        RuleGroup { QStringLiteral("host"), 0, { hostDown() } },
        RuleGroup { QStringLiteral("resources"), 0, { cpuSaturation(), memoryPressure(), diskFilling() } },
        RuleGroup { QStringLiteral("scrape"), 0, { scrapeFailing() } },
        sloBurnRate(),
    };
}

} // namespace opsdeck::alerts
