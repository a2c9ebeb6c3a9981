#pragma once

#include "HostPaths.h"
#include "metrics/Sample.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QStringList>

#include <memory>
#include <vector>

// All host collectors behind one call, shared by the console's embedded mode
// (called from the scrape manager thread) and opsdeck-agent. collect() returns
// node_exporter-compatible families sorted by name plus
// node_scrape_collector_{success,duration_seconds}{collector}; a collector
// whose source is missing is skipped and reported with success 0. It must
// never throw or crash on odd /proc contents, and it must stay cheap enough to
// run every second (a few milliseconds on a typical host; see the bench).
// collect() is thread-safe (serialised by a mutex).
namespace opsdeck::collect {

class Collector;

struct HostCollectorOptions
{
    int topProcesses = 10; // N of each "top" list; 0 disables the process collector
    QStringList disabledCollectors; // by name(), e.g. "filesystem"
    long ticksPerSecond = 0; // 0: sysconf(_SC_CLK_TCK)
};

class HostCollector
{
public:
    explicit HostCollector(const HostPaths& paths = {}, const HostCollectorOptions& options = {});
    ~HostCollector();
    HostCollector(const HostCollector&) = delete;
    HostCollector& operator=(const HostCollector&) = delete;

    QList<metrics::MetricFamily> collect();
    QStringList collectorNames() const;
    const HostPaths& paths() const { return m_paths; }
    // Wall time of the last collect() in microseconds.
    qint64 lastDurationUs() const;

private:
    HostPaths m_paths;
    std::vector<std::unique_ptr<Collector>> m_collectors;
    mutable QMutex m_mutex;
    qint64 m_lastDurationUs = 0;
    QHash<QByteArray, bool> m_lastOk; // per collector, to log failures once
};

} // namespace opsdeck::collect
