#pragma once

#include "Collector.h"

// node_exporter "cpu": node_cpu_seconds_total{cpu,mode} and
// node_cpu_guest_seconds_total{cpu,mode} from the per-CPU lines of /proc/stat,
// converted from USER_HZ ticks to seconds. Never reports the aggregate "cpu"
// line (Prometheus sums per-CPU series instead).
namespace opsdeck::collect {

class CpuCollector final : public Collector
{
public:
    // ticksPerSecond <= 0 means sysconf(_SC_CLK_TCK).
    explicit CpuCollector(const QString& procRoot, long ticksPerSecond = 0);
    QByteArray name() const override { return "cpu"; }
    bool collect(QList<metrics::MetricFamily>& out, QString& error) override;

private:
    QByteArray m_statPath;
    double m_ticksPerSecond;
};

} // namespace opsdeck::collect
