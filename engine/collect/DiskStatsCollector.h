#pragma once

#include "Collector.h"

#include <QRegularExpression>

// node_exporter "diskstats": per-device I/O counters from /proc/diskstats
// (reads, bytes, times, in-flight I/Os, discards and flushes where the kernel
// has those columns), with node_exporter's default device exclusion (ram,
// loop, fd and partitions). Sectors are always 512 bytes in this file,
// whatever the device's sector size.
namespace opsdeck::collect {

class DiskStatsCollector final : public Collector
{
public:
    // node_exporter's --collector.diskstats.device-exclude default.
    static QString defaultDeviceExclude();

    explicit DiskStatsCollector(const QString& procRoot, const QString& deviceExclude = defaultDeviceExclude());
    QByteArray name() const override { return "diskstats"; }
    bool collect(QList<metrics::MetricFamily>& out, QString& error) override;

private:
    QByteArray m_path;
    QRegularExpression m_exclude;
};

} // namespace opsdeck::collect
