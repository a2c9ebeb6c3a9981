#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

namespace opsdeck::metrics {
class SeriesStore;
}
class PrometheusServer;
class VictoriaMetricsServer;

// Test helpers for remote write: the samples held by a receiver (Prometheus,
// VictoriaMetrics from tests/support) or by OpsDeck's store,
// as one map from series (its labels as `{a="1",b="2"}`, __name__ included)
// to (timestamp, value) pairs, stale markers left out, so two sides compare
// series by series.
namespace remotewritetest {

struct Point
{
    qint64 timestampMs = 0;
    double value = 0;
    friend bool operator==(const Point&, const Point&) = default;
};
using SeriesSamples = QMap<QString, QList<Point>>;

// Every raw sample VictoriaMetrics holds: /internal/force_flush, then /api/v1/export.
SeriesSamples victoriaMetricsSamples(VictoriaMetricsServer& vm, QString* error);

// Every raw sample Prometheus holds: an instant query of {__name__=~".+"}[range] at timeMs.
SeriesSamples prometheusSamples(PrometheusServer& prometheus, qint64 timeMs, QString* error);
// What OpsDeck's store holds, stale markers left out.
SeriesSamples storeSamples(const opsdeck::metrics::SeriesStore& store);
// "" when equal; else the first differences (at most `limit`), in words.
QString compare(const SeriesSamples& expected, const SeriesSamples& actual, int limit = 10);
qint64 sampleCount(const SeriesSamples& s);

} // namespace remotewritetest
