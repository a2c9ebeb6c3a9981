#include "Collector.h"

namespace opsdeck::collect {

metrics::MetricFamily makeFamily(const QByteArray& name, metrics::MetricType type, const QByteArray& help)
{
    metrics::MetricFamily family;
    family.name = name;
    family.type = type;
    family.help = help;
    return family;
}

void addSample(metrics::MetricFamily& family, double value, std::initializer_list<metrics::Label> labels)
{
    QList<metrics::Label> list;
    list.reserve(qsizetype(labels.size()) + 1);
    list.append({ QByteArray(metrics::kMetricNameLabel.data(), metrics::kMetricNameLabel.size()), family.name });
    for (const metrics::Label& l : labels)
        list.append(l);
    metrics::ExposedSample sample;
    sample.labels = metrics::Labels::fromUnsorted(std::move(list));
    sample.value = value;
    family.samples.append(std::move(sample));
}

} // namespace opsdeck::collect
