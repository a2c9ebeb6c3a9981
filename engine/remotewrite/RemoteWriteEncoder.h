#pragma once

#include "metrics/Sample.h"
#include "metrics/SeriesStore.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

// The body of a Prometheus remote-write 1.0 request: a prometheus.WriteRequest
// (prompb, remote.proto in this folder, serialised by Debian's libprotobuf)
// compressed in snappy's block format (libsnappy), to be POSTed with
// Content-Encoding: snappy, Content-Type: application/x-protobuf and
// X-Prometheus-Remote-Write-Version: 0.1.0. Values keep their bits, so stale
// markers stay Prometheus stale markers. One encoder reuses its message
// between requests (protobuf keeps the cleared objects), so a steady stream
// allocates little; it is not thread-safe: one per sender thread.
namespace opsdeck::remotewrite {

class RemoteWriteEncoder
{
public:
    RemoteWriteEncoder();
    ~RemoteWriteEncoder();
    RemoteWriteEncoder(const RemoteWriteEncoder&) = delete;
    RemoteWriteEncoder& operator=(const RemoteWriteEncoder&) = delete;

    using LabelsOf = std::function<metrics::Labels(metrics::SeriesRef)>;
    // The serialised (uncompressed) WriteRequest for a batch: one TimeSeries
    // per series in order of first appearance, its samples in batch order.
    // labelsOf(ref) gives the series' labels, __name__ included; series
    // without labels (gone from the store) are left out.
    QByteArray encode(const std::vector<metrics::AppendedSample>& batch, const LabelsOf& labelsOf);

    struct Series
    {
        metrics::Labels labels; // __name__ included
        QList<metrics::Sample> samples; // in time order
    };
    QByteArray encode(const QList<Series>& series);

    // Snappy block format (not the framing format), as remote write wants it.
    static QByteArray compress(QByteArrayView raw);
    static std::optional<QByteArray> uncompress(QByteArrayView compressed);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace opsdeck::remotewrite
