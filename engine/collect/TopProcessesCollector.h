#pragma once

#include "Collector.h"

#include <QHash>

// The busiest processes of the host (our own metric names, node_exporter has
// none): the union of the top N by CPU time since the previous collect(), by
// resident memory, and by storage I/O since the previous collect(), each as
// opsdeck_process_*{pid,comm}. The first collect() ranks by totals since
// process start. Reads /proc/[pid]/stat and /proc/[pid]/io only; io of other
// users' processes is unreadable without CAP_SYS_PTRACE and then simply absent.
// Keeps the previous totals between calls, so one instance must not be shared
// by two unrelated schedules (HostCollector serialises calls).
namespace opsdeck::collect {

class TopProcessesCollector final : public Collector
{
public:
    // ticksPerSecond/pageSize <= 0 mean sysconf(_SC_CLK_TCK)/sysconf(_SC_PAGESIZE).
    TopProcessesCollector(const QString& procRoot, int topN = 10, long ticksPerSecond = 0, long pageSize = 0);
    QByteArray name() const override { return "topprocesses"; }
    bool collect(QList<metrics::MetricFamily>& out, QString& error) override;

    // How many /proc/[pid] entries the last collect() read.
    int lastProcessCount() const { return m_lastProcessCount; }

private:
    struct Previous
    {
        quint64 startTicks = 0;
        quint64 cpuTicks = 0;
        quint64 ioBytes = 0;
    };

    QByteArray m_procRoot;
    int m_topN;
    double m_ticksPerSecond;
    double m_pageSize;
    QHash<qint64, Previous> m_previous;
    int m_lastProcessCount = 0;
};

} // namespace opsdeck::collect
