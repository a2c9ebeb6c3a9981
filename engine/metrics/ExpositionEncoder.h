#pragma once

#include "Sample.h"

#include <QByteArray>
#include <QList>

// Encoder for the Prometheus text exposition format 0.0.4. What it writes
// passes `promtool check metrics` (tested) and round-trips through
// ExpositionParser.
namespace opsdeck::metrics {

inline constexpr const char* kPrometheusTextContentType = "text/plain; version=0.0.4; charset=utf-8";

class ExpositionEncoder
{
public:
    static QByteArray encode(const QList<MetricFamily>& families);
    static void encodeFamily(const MetricFamily& family, QByteArray& out);
    // Go-compatible float formatting: "NaN", "+Inf", "-Inf", shortest round-trip otherwise.
    static QByteArray formatValue(double value);
};

} // namespace opsdeck::metrics
