#include "HostCollector.h"

#include "Collector.h"
#include "CpuCollector.h"
#include "DiskStatsCollector.h"
#include "FilesystemCollector.h"
#include "LoadAvgCollector.h"
#include "MemInfoCollector.h"
#include "NetClassCollector.h"
#include "NetDevCollector.h"
#include "PressureCollector.h"
#include "StatCollector.h"
#include "TopProcessesCollector.h"
#include "UnameCollector.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QMutexLocker>

#include <algorithm>

Q_LOGGING_CATEGORY(lcCollect, "opsdeck.collect", QtInfoMsg)

namespace opsdeck::collect {

HostCollector::HostCollector(const HostPaths& paths, const HostCollectorOptions& options)
    : m_paths(paths)
{
    std::vector<std::unique_ptr<Collector>> all;
    all.push_back(std::make_unique<CpuCollector>(paths.procRoot, options.ticksPerSecond));
    all.push_back(std::make_unique<StatCollector>(paths.procRoot));
    all.push_back(std::make_unique<MemInfoCollector>(paths.procRoot));
    all.push_back(std::make_unique<LoadAvgCollector>(paths.procRoot));
    all.push_back(std::make_unique<DiskStatsCollector>(paths.procRoot));
    all.push_back(std::make_unique<NetDevCollector>(paths.procRoot));
    all.push_back(std::make_unique<NetClassCollector>(paths.sysRoot));
    all.push_back(std::make_unique<FilesystemCollector>(paths.procRoot, paths.mountsFile));
    all.push_back(std::make_unique<PressureCollector>(paths.procRoot));
    all.push_back(std::make_unique<UnameCollector>(paths.procRoot));
    if (options.topProcesses > 0)
        all.push_back(
            std::make_unique<TopProcessesCollector>(paths.procRoot, options.topProcesses, options.ticksPerSecond));
    for (auto& c : all) {
        if (!options.disabledCollectors.contains(QString::fromLatin1(c->name())))
            m_collectors.push_back(std::move(c));
    }
}

HostCollector::~HostCollector() = default;

QStringList HostCollector::collectorNames() const
{
    QStringList names;
    for (const auto& c : m_collectors)
        names.append(QString::fromLatin1(c->name()));
    return names;
}

qint64 HostCollector::lastDurationUs() const
{
    QMutexLocker lock(&m_mutex);
    return m_lastDurationUs;
}

QList<metrics::MetricFamily> HostCollector::collect()
{
    QMutexLocker lock(&m_mutex);
    QElapsedTimer total;
    total.start();

    QList<metrics::MetricFamily> out;
    out.reserve(128);
    auto success = makeFamily("node_scrape_collector_success", metrics::MetricType::Gauge,
        "node_exporter: Whether a collector succeeded.");
    auto duration = makeFamily("node_scrape_collector_duration_seconds", metrics::MetricType::Gauge,
        "node_exporter: Duration of a collector scrape.");
    for (const auto& c : m_collectors) {
        QElapsedTimer timer;
        timer.start();
        const qsizetype before = out.size();
        QString error;
        const bool ok = c->collect(out, error);
        if (!ok)
            out.resize(before); // never half a collector
        // Log changes only: a kernel without PSI must not log every second.
        const auto last = m_lastOk.constFind(c->name());
        if (!ok && (last == m_lastOk.cend() || *last))
            qCInfo(lcCollect, "collector %s skipped: %s", c->name().constData(), qPrintable(error));
        else if (ok && last != m_lastOk.cend() && !*last)
            qCInfo(lcCollect, "collector %s works again", c->name().constData());
        m_lastOk.insert(c->name(), ok);
        addSample(success, ok ? 1 : 0, { { "collector", c->name() } });
        addSample(duration, double(timer.nsecsElapsed()) / 1e9, { { "collector", c->name() } });
    }
    out.append(std::move(duration));
    out.append(std::move(success));
    std::sort(out.begin(), out.end(),
        [](const metrics::MetricFamily& a, const metrics::MetricFamily& b) { return a.name < b.name; });
    m_lastDurationUs = total.nsecsElapsed() / 1000;
    return out;
}

} // namespace opsdeck::collect
