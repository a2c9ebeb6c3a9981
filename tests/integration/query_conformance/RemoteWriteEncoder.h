#pragma once

#include "ConformanceDataset.h"

#include <QByteArray>
#include <QList>

// Builds the body of a Prometheus remote-write 1.0 request (POST
// /api/v1/write): a prometheus.WriteRequest protobuf (prompb/remote.proto,
// types.proto: WriteRequest{repeated TimeSeries timeseries = 1},
// TimeSeries{repeated Label labels = 1; repeated Sample samples = 2},
// Label{string name = 1; string value = 2}, Sample{double value = 1;
// int64 timestamp = 2}) in snappy's block format. Both are hand-encoded for
// this one test, with no protobuf or snappy dependency: the snappy block uses
// literal elements only, which every decoder accepts (it is just not
// compressed). Values keep their bits, so stale markers stay stale markers.
namespace RemoteWriteEncoder {

QByteArray writeRequest(const QList<ConformanceDataset::StalenessSeries>& series);
// Snappy block format (github.com/google/snappy format_description.txt):
// varint uncompressed length, then literal elements of at most 64 KiB.
QByteArray snappyLiterals(const QByteArray& data);

} // namespace RemoteWriteEncoder
