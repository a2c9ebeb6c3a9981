#pragma once

#include "Collector.h"

// node_exporter "netclass" (the cheap part): link state, carrier, MTU, speed
// and node_network_info from /sys/class/net/<iface>. Never reports a negative
// speed (virtual NICs answer -1; node_exporter passes that on as -125000).
namespace opsdeck::collect {

class NetClassCollector final : public Collector
{
public:
    explicit NetClassCollector(const QString& sysRoot);
    QByteArray name() const override { return "netclass"; }
    bool collect(QList<metrics::MetricFamily>& out, QString& error) override;

private:
    QString m_netDir;
};

} // namespace opsdeck::collect
