#pragma once

#include <QElapsedTimer>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

class QSslSocket;
class QTimer;

// One network probe, as the Prometheus blackbox exporter's http and tcp
// probers measure it: the phases of probe_http_duration_seconds{phase} —
// resolve (name lookup), connect (TCP handshake), tls (handshake, https only),
// processing (request written -> first byte of the answer) and transfer
// (first byte -> last byte) — plus the status code; or, in TCP mode
// (host:port), the connect time alone. It uses QSslSocket directly, not
// QNetworkAccessManager, so that each phase is seen.
//
// Asynchronous: probe() returns at once and finished() is emitted exactly once
// per probe, on the probe's thread; nothing blocks. One probe at a time per
// object. The timeout covers the whole probe; a timed-out probe names the
// phase it was in. ok follows the blackbox exporter's default: a 2xx answer
// (HTTP) or an established connection (TCP). It never follows redirects.
namespace opsdeck::profiler {

struct ProbeRequest
{
    QUrl url; // http(s)://host:port/path; for tcpOnly only host and port count
    bool tcpOnly = false;
    int timeoutMs = 2000;
    QString bearerToken; // sent when set (HTTP)
    QString tlsCaFile; // PEM; empty = system CAs
    bool tlsInsecure = false;
};

struct ProbePhases
{
    double resolve = 0; // seconds
    double connect = 0;
    double tls = 0;
    double processing = 0;
    double transfer = 0;
};

struct ProbeResult
{
    QString target; // what was probed ("http://h:p/healthz" or "h:p")
    bool ok = false;
    QString error; // why not ok (refused, timeout in phase X, status 503, ...)
    bool tcpOnly = false;
    int statusCode = 0; // 0 when no answer (or TCP)
    ProbePhases phases;
    double totalSeconds = 0;
};

class NetworkProbe final : public QObject
{
    Q_OBJECT

public:
    explicit NetworkProbe(QObject* parent = nullptr);
    ~NetworkProbe() override;

    // "http(s)://host:port[/path]" -> HTTP (path "/healthz" when empty);
    // "host:port" (or "[v6]:port") -> TCP only. nullopt with *error otherwise.
    static std::optional<ProbeRequest> parseTarget(const QString& text, int timeoutMs, QString* error);
    // "resolve", "connect", "tls", "processing", "transfer": the label values, in order.
    static const QStringList& phaseNames();
    static double phase(const ProbePhases& phases, int index); // in phaseNames() order

    void probe(const ProbeRequest& request);
    void abort(); // no finished() for an aborted probe
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void finished(const opsdeck::profiler::ProbeResult& result);

private:
    enum class Stage {
        Resolve,
        Connect,
        Tls,
        Processing,
        Transfer,
    };
    void connectTo(const QString& host);
    void onConnected();
    void onEncrypted();
    void sendRequest();
    void onReadyRead();
    void onDisconnected();
    void onError();
    void onTimeout();
    bool responseComplete() const;
    void finish(bool ok, const QString& error);
    double lap(); // seconds since the previous lap
    QString stageName() const;

    ProbeRequest m_request;
    ProbeResult m_result;
    Stage m_stage = Stage::Resolve;
    bool m_running = false;
    int m_lookupId = -1;
    QSslSocket* m_socket = nullptr;
    QTimer* m_timeout = nullptr;
    QElapsedTimer m_clock;
    qint64 m_lapNs = 0;
    QByteArray m_response;
    qsizetype m_headerEnd = -1;
    qint64 m_contentLength = -1;
    bool m_chunked = false;
};

} // namespace opsdeck::profiler

Q_DECLARE_METATYPE(opsdeck::profiler::ProbeResult)
