#pragma once

#include "Collector.h"

// node_exporter "pressure": PSI stall totals from /proc/pressure/{cpu,io,memory}
// (kernel >= 4.20 with CONFIG_PSI) in seconds. Fails, and so reports
// node_scrape_collector_success 0, only when none of the three files exists.
namespace opsdeck::collect {

class PressureCollector final : public Collector
{
public:
    explicit PressureCollector(const QString& procRoot);
    QByteArray name() const override { return "pressure"; }
    bool collect(QList<metrics::MetricFamily>& out, QString& error) override;

private:
    QString m_dir;
};

} // namespace opsdeck::collect
