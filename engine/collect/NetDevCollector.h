#pragma once

#include "Collector.h"

#include <QRegularExpression>

// node_exporter "netdev": the 16 per-interface counters of /proc/net/dev as
// node_network_{receive,transmit}_*_total{device}. Excludes "lo" by default,
// as Debian's prometheus-node-exporter does.
namespace opsdeck::collect {

class NetDevCollector final : public Collector
{
public:
    static QString defaultDeviceExclude() { return QStringLiteral("^lo$"); }

    explicit NetDevCollector(const QString& procRoot, const QString& deviceExclude = defaultDeviceExclude());
    QByteArray name() const override { return "netdev"; }
    bool collect(QList<metrics::MetricFamily>& out, QString& error) override;

private:
    QByteArray m_path;
    QRegularExpression m_exclude;
};

} // namespace opsdeck::collect
