#pragma once

#include "Collector.h"

// node_exporter "uname": node_uname_info{sysname,release,version,machine,
// nodename,domainname} 1. Reads procRoot/sys/kernel/* so fixtures can stand
// in for the host; only "machine" comes from uname(2) (it has no /proc file).
namespace opsdeck::collect {

class UnameCollector final : public Collector
{
public:
    explicit UnameCollector(const QString& procRoot);
    QByteArray name() const override { return "uname"; }
    bool collect(QList<metrics::MetricFamily>& out, QString& error) override;

private:
    QByteArray m_kernelDir;
    QByteArray m_machine;
};

} // namespace opsdeck::collect
