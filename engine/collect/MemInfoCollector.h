#pragma once

#include "Collector.h"

// node_exporter "meminfo": one gauge per /proc/meminfo field, named as
// node_exporter names them (Active(anon) -> node_memory_Active_anon_bytes,
// kB values in bytes, unitless counts such as HugePages_Total without _bytes).
// Never invents fields the kernel did not report.
namespace opsdeck::collect {

class MemInfoCollector final : public Collector
{
public:
    explicit MemInfoCollector(const QString& procRoot);
    QByteArray name() const override { return "meminfo"; }
    bool collect(QList<metrics::MetricFamily>& out, QString& error) override;

private:
    QByteArray m_path;
};

} // namespace opsdeck::collect
