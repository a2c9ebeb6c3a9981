#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QProcess>
#include <QString>

namespace opsdeck::metrics {
class SeriesStore;
}
class PrometheusServer;

// Test helpers for remote write: a real VictoriaMetrics (Debian's
// victoria-metrics) on a loopback port that stays the same across restarts
// (for outages), and the samples held by a receiver or by OpsDeck's store,
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

class VictoriaMetricsServer
{
public:
    explicit VictoriaMetricsServer(QString dataDir);
    ~VictoriaMetricsServer();
    static bool available();
    // Starts on port (0 = a free one the first time) and waits for /health.
    bool start(QString* error, quint16 port = 0);
    void stop();
    quint16 port() const { return m_port; }
    QString writeUrl() const; // .../api/v1/write
    QString log() const;
    // /internal/force_flush, then every raw sample through /api/v1/export.
    SeriesSamples samples(QString* error);

private:
    QString m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};

// Every raw sample Prometheus holds: an instant query of {__name__=~".+"}[range] at timeMs.
SeriesSamples prometheusSamples(PrometheusServer& prometheus, qint64 timeMs, QString* error);
// What OpsDeck's store holds, stale markers left out.
SeriesSamples storeSamples(const opsdeck::metrics::SeriesStore& store);
// "" when equal; else the first differences (at most `limit`), in words.
QString compare(const SeriesSamples& expected, const SeriesSamples& actual, int limit = 10);
qint64 sampleCount(const SeriesSamples& s);

} // namespace remotewritetest
