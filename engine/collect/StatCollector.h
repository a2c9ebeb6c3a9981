#pragma once

#include "Collector.h"

// node_exporter "stat": boot time, context switches, forks, interrupts and
// running/blocked process counts from /proc/stat. Never reports CPU time
// (CpuCollector owns that).
namespace opsdeck::collect {

class StatCollector final : public Collector
{
public:
    explicit StatCollector(const QString& procRoot);
    QByteArray name() const override { return "stat"; }
    bool collect(QList<metrics::MetricFamily>& out, QString& error) override;

private:
    QByteArray m_statPath;
};

} // namespace opsdeck::collect
