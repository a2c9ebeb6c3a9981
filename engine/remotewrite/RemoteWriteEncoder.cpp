#include "remotewrite/RemoteWriteEncoder.h"

#include "remote.pb.h"

#include <snappy.h>

#include <limits>
#include <unordered_map>

namespace opsdeck::remotewrite {

struct RemoteWriteEncoder::Impl
{
    prometheus::WriteRequest request;
    std::unordered_map<metrics::SeriesRef, prometheus::TimeSeries*> byRef;

    void setLabels(prometheus::TimeSeries* ts, const metrics::Labels& labels)
    {
        for (const metrics::Label& l : labels) {
            prometheus::Label* out = ts->add_labels();
            out->set_name(l.name.constData(), std::size_t(l.name.size()));
            out->set_value(l.value.constData(), std::size_t(l.value.size()));
        }
    }
    QByteArray serialise()
    {
        QByteArray out;
        out.resize(qsizetype(request.ByteSizeLong()));
        request.SerializeWithCachedSizesToArray(reinterpret_cast<std::uint8_t*>(out.data()));
        return out;
    }
};

RemoteWriteEncoder::RemoteWriteEncoder()
    : d(std::make_unique<Impl>())
{ }

RemoteWriteEncoder::~RemoteWriteEncoder() = default;

QByteArray RemoteWriteEncoder::encode(const std::vector<metrics::AppendedSample>& batch, const LabelsOf& labelsOf)
{
    d->request.Clear();
    d->byRef.clear();
    for (const metrics::AppendedSample& s : batch) {
        auto [it, added] = d->byRef.try_emplace(s.ref, nullptr);
        if (added) {
            const metrics::Labels labels = labelsOf(s.ref);
            if (!labels.isEmpty()) {
                it->second = d->request.add_timeseries();
                d->setLabels(it->second, labels);
            }
        }
        if (!it->second)
            continue;
        prometheus::Sample* out = it->second->add_samples();
        out->set_value(s.value);
        out->set_timestamp(s.timestampMs);
    }
    return d->serialise();
}

QByteArray RemoteWriteEncoder::encode(const QList<Series>& series)
{
    d->request.Clear();
    for (const Series& s : series) {
        prometheus::TimeSeries* ts = d->request.add_timeseries();
        d->setLabels(ts, s.labels);
        for (const metrics::Sample& sample : s.samples) {
            prometheus::Sample* out = ts->add_samples();
            out->set_value(sample.value);
            out->set_timestamp(sample.timestampMs);
        }
    }
    return d->serialise();
}

QByteArray RemoteWriteEncoder::compress(QByteArrayView raw)
{
    QByteArray out;
    out.resize(qsizetype(snappy::MaxCompressedLength(std::size_t(raw.size()))));
    std::size_t length = 0;
    snappy::RawCompress(raw.data(), std::size_t(raw.size()), out.data(), &length);
    out.resize(qsizetype(length));
    return out;
}

std::optional<QByteArray> RemoteWriteEncoder::uncompress(QByteArrayView compressed)
{
    std::size_t length = 0;
    if (!snappy::GetUncompressedLength(compressed.data(), std::size_t(compressed.size()), &length)
        || length > std::size_t(std::numeric_limits<int>::max()))
        return std::nullopt;
    QByteArray out;
    out.resize(qsizetype(length));
    if (!snappy::RawUncompress(compressed.data(), std::size_t(compressed.size()), out.data()))
        return std::nullopt;
    return out;
}

} // namespace opsdeck::remotewrite
