#pragma once

#include "Labels.h"

#include <QtGlobal>

#include <bit>
#include <cstdint>
#include <optional>

// Samples and metric families as they flow from a parser or collector into the
// series store and out of an encoder.
namespace opsdeck::metrics {

struct Sample
{
    qint64 timestampMs = 0;
    double value = 0;
};

// Prometheus's staleness marker: a NaN with this exact bit pattern
// (prometheus/model/value.StaleNaN). Written when a series disappears from its
// target, so queries stop returning it instead of showing it flat.
inline constexpr std::uint64_t kStaleNaNBits = 0x7ff0000000000002ULL;
inline double staleNaN()
{
    return std::bit_cast<double>(kStaleNaNBits);
}
inline bool isStaleMarker(double v)
{
    return std::bit_cast<std::uint64_t>(v) == kStaleNaNBits;
}

enum class MetricType {
    Untyped, // "untyped" in 0.0.4, "unknown" in OpenMetrics
    Counter,
    Gauge,
    Histogram,
    GaugeHistogram,
    Summary,
    Info,
    StateSet,
};

QByteArray metricTypeName(MetricType type); // as written in "# TYPE" of format 0.0.4

struct ExposedSample
{
    Labels labels; // includes __name__, e.g. "http_requests_total" or "x_bucket" with le
    double value = 0;
    std::optional<qint64> timestampMs; // OpenMetrics seconds are converted to ms
};

struct MetricFamily
{
    QByteArray name; // family name, e.g. "http_request_duration_seconds" for _bucket/_sum/_count
    MetricType type = MetricType::Untyped;
    QByteArray help;
    QByteArray unit; // OpenMetrics "# UNIT"
    QList<ExposedSample> samples;
};

} // namespace opsdeck::metrics
