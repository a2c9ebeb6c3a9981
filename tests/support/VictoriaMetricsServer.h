#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QProcess>
#include <QString>
#include <QStringList>

// A real VictoriaMetrics (Debian's victoria-metrics, single-node) for tests
// and benchmarks: started on a loopback port that stays the same across
// restarts (for outages), with its data directory under the test's
// temporary folder, killed with the test process (PR_SET_PDEATHSIG). It takes
// remote write (writeUrl()) and the Prometheus text format with millisecond
// timestamps (importPrometheus()), and answers the Prometheus HTTP API v1 at
// url(). Search caching is off and the latency offset is 0 s, so a query
// made after flush() sees every sample accepted before it.
namespace opsdeck::metrics {
class SeriesStore;
}

class VictoriaMetricsServer
{
public:
    explicit VictoriaMetricsServer(QString dataDir);
    ~VictoriaMetricsServer();
    VictoriaMetricsServer(const VictoriaMetricsServer&) = delete;
    VictoriaMetricsServer& operator=(const VictoriaMetricsServer&) = delete;

    static bool available(); // victoria-metrics on PATH
    // Starts on port (0 = a free one the first time) and waits for /health.
    bool start(QString* error, quint16 port = 0);
    void stop();
    quint16 port() const { return m_port; }
    QString url() const; // http://127.0.0.1:<port>
    QString writeUrl() const; // .../api/v1/write
    QString log() const; // the last 4 KB of its log, for failure messages

    // POST /internal/force_flush: everything accepted so far becomes searchable.
    bool flush(QString* error);
    // POST /api/v1/import/prometheus (text format 0.0.4, timestamps in
    // milliseconds), then flush().
    bool importPrometheus(const QByteArray& text, QString* error);
    // Every sample of store (stale markers left out: the text format has no
    // word for them), in requests of a few MiB, then flush().
    bool importStore(const opsdeck::metrics::SeriesStore& store, QString* error);

    // GET url() + path with percent-encoded parameters; the raw body (error bodies too).
    using Params = QList<QPair<QString, QString>>;
    QByteArray get(const QString& path, const Params& params, int* httpStatus = nullptr, int timeoutMs = 60'000);

private:
    QString m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};
