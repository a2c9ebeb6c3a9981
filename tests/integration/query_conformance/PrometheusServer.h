#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QProcess>
#include <QString>

// A real Prometheus 2.42 for reference results (TOOLCHAIN.md, "Prometheus as
// a reference in tests"): history is written into TSDB blocks with
// `promtool tsdb create-blocks-from openmetrics`, then `prometheus` serves
// them from an empty configuration on a free loopback port. Queries go
// through its HTTP API v1 (/api/v1/query, /api/v1/query_range) with
// QNetworkAccessManager. The process is killed by stop() and the destructor.
// With enableRemoteWriteReceiver() it starts with
// --web.enable-remote-write-receiver and accepts data through remoteWrite()
// instead (needed for stale markers, which promtool cannot write).
class PrometheusServer
{
public:
    explicit PrometheusServer(QString workDir);
    ~PrometheusServer();
    PrometheusServer(const PrometheusServer&) = delete;
    PrometheusServer& operator=(const PrometheusServer&) = delete;

    static bool available(); // prometheus and promtool on PATH
    // promtool tsdb create-blocks-from openmetrics FILE <workDir>/tsdb
    bool createBlocks(const QString& openMetricsFile, QString* error);
    // Call before start(): POST /api/v1/write accepts remote-write requests.
    void enableRemoteWriteReceiver() { m_remoteWriteReceiver = true; }
    // Call before start(): the configuration file's text (default "global: {}", no scrapes).
    void setConfig(const QByteArray& yaml) { m_config = yaml; }
    // Starts prometheus and waits for /-/ready.
    bool start(QString* error, int readyTimeoutMs = 90'000);
    void stop();
    QString log() const; // prometheus's stderr so far (for failure messages)
    int port() const { return m_port; } // after start()

    // Raw response bodies (error bodies too). elapsedNs: wall time of the request.
    QByteArray instant(const QString& expr, qint64 timeMs, qint64* elapsedNs = nullptr);
    QByteArray range(
        const QString& expr, qint64 startMs, qint64 endMs, qint64 stepMs, qint64* elapsedNs = nullptr);
    // Parameters are percent-encoded fully ('+' as %2B: Go's query parser reads '+' as a space).
    using Params = QList<QPair<QString, QString>>;
    QByteArray get(
        const QString& path, const Params& params, int* httpStatus = nullptr, qint64* elapsedNs = nullptr);

    // POSTs a snappy-compressed prometheus.WriteRequest to /api/v1/write; false with the reply on failure.
    bool remoteWrite(const QByteArray& snappyBody, QString* error);

    static QString seconds(qint64 ms); // "1700000000.250"

private:
    QString m_dir;
    QProcess m_process;
    QNetworkAccessManager m_network;
    int m_port = 0;
    bool m_remoteWriteReceiver = false;
    QByteArray m_config = QByteArrayLiteral("global: {}\n");
};
