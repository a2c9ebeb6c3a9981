#pragma once

#include "Collector.h"

// node_exporter "loadavg": node_load1, node_load5, node_load15 from /proc/loadavg.
namespace opsdeck::collect {

class LoadAvgCollector final : public Collector
{
public:
    explicit LoadAvgCollector(const QString& procRoot);
    QByteArray name() const override { return "loadavg"; }
    bool collect(QList<metrics::MetricFamily>& out, QString& error) override;

private:
    QByteArray m_path;
};

} // namespace opsdeck::collect
