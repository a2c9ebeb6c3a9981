#pragma once

#include "metrics/Sample.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <initializer_list>

// One source of host metrics (a /proc or /sys file or a group of them). A
// collector appends metric families and returns false with a reason when its
// source is missing or unusable; HostCollector then drops what it appended and
// reports node_scrape_collector_success{collector}=0. A collector must never
// throw, block on the network, or keep state that is unsafe to reuse after a
// failed collect().
namespace opsdeck::collect {

class Collector
{
public:
    virtual ~Collector() = default;
    // The node_exporter collector name where one exists ("cpu", "meminfo", ...).
    virtual QByteArray name() const = 0;
    virtual bool collect(QList<metrics::MetricFamily>& out, QString& error) = 0;
};

// Small builders shared by the collectors.
metrics::MetricFamily makeFamily(const QByteArray& name, metrics::MetricType type, const QByteArray& help);
void addSample(metrics::MetricFamily& family, double value, std::initializer_list<metrics::Label> labels = {});

} // namespace opsdeck::collect
