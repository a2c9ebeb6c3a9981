#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QProcess>
#include <QString>
#include <QStringList>

// `opsdeck --headless --config FILE [--import FILE]` as a child process for
// the web API tests and benchmark: it writes the config (with a `web:` section
// on port 0), starts the built binary, waits for the ready line on stderr
// ("web API listening on http://127.0.0.1:PORT") and reads the port from it.
// stop() sends SIGTERM and waits; the destructor stops it, and a test process
// that dies takes the server with it (PR_SET_PDEATHSIG).
class HeadlessProcess
{
public:
    explicit HeadlessProcess(QString workDir);
    ~HeadlessProcess();
    HeadlessProcess(const HeadlessProcess&) = delete;
    HeadlessProcess& operator=(const HeadlessProcess&) = delete;

    // configYaml: the whole file (data_directory is added); importFile may be empty.
    bool start(const QByteArray& configYaml, const QString& importFile, QString* error, int timeoutMs = 120'000);
    int stop(); // exit code, -1 when it did not exit normally
    QString baseUrl() const { return m_baseUrl; } // "http://127.0.0.1:PORT"
    int port() const { return m_port; }
    QString log() const; // stderr so far

private:
    QString m_dir;
    QProcess m_process;
    QByteArray m_stderr;
    QString m_baseUrl;
    int m_port = 0;
};

namespace RecentDataset {

// OpenMetrics history ending at endMs (seconds timestamps, 15 s apart, one hour):
// web_requests_total{instance="host-NN",job="web",code} counters for
// `instances` hosts and codes 200/500, and web_temperature_celsius{instance,job}
// gauges. Recent, so Prometheus's head and OpsDeck's retention both keep it.
QByteArray openMetrics(qint64 endMs, int instances);
inline constexpr qint64 kSpanMs = 3600 * 1000;
inline constexpr qint64 kStepMs = 15'000;

} // namespace RecentDataset

// One HTTP request, waited for in a local event loop (bounded by a 120 s transfer timeout).
struct HttpReply
{
    int status = 0; // 0: no HTTP answer
    QByteArray body;
    QByteArray contentType;
    qint64 elapsedNs = 0;
};
HttpReply httpRequest(QNetworkAccessManager& network, const QByteArray& method, const QByteArray& encodedUrl,
    const QByteArray& body = {}, const QList<QPair<QByteArray, QByteArray>>& headers = {});
