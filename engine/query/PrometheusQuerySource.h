#pragma once

#include "QuerySource.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <mutex>

// A query source over a remote Prometheus-compatible HTTP API (Prometheus,
// VictoriaMetrics, Thanos, Mimir): /api/v1/query, /api/v1/query_range,
// /api/v1/series, /api/v1/labels and /api/v1/label/<name>/values, as GET or
// form POST, with a bearer token or basic auth and TLS (CA file, or no
// verification). Each call is one blocking libcurl transfer on the caller's
// thread (a worker thread: see QuerySource.h), so any number of threads may
// call it at once. The cancel flag is checked while waiting (the transfer is
// aborted), the timeout bounds the whole call, and a body larger than
// maxResponseBytes is refused while it is read.
//
// Failures come back as errors naming the source, never as empty data:
//   timeout      "data source mes-prom: timeout after 10 s"
//   canceled     the caller's flag was set
//   unavailable  connection refused, DNS, TLS, HTTP 5xx without an API error
//   bad_data / execution / ...  the server's own API error, passed through
//   internal     a body that is not the API's JSON, or over the size limit
// The server's "warnings" are passed on in the result.
namespace opsdeck::query {

struct RemoteSourceConfig
{
    QString name; // what the operator calls it ("mes-prom")
    QUrl url; // base URL: http://prom:9090 or https://host/prometheus
    QString type = QStringLiteral("prometheus");
    QString bearerToken; // sent as "Authorization: Bearer ..." when set
    QString basicUser; // basic auth when set
    QString basicPassword;
    QString caFile; // PEM bundle for https; empty = the system's
    bool insecureSkipVerify = false;
    qint64 timeoutMs = 10'000;
    bool post = true; // form POST (long expressions); false = GET
    qint64 maxResponseBytes = 64LL * 1024 * 1024;

    friend bool operator==(const RemoteSourceConfig&, const RemoteSourceConfig&) = default;
};

// How the last queries to a source went, for the status bar: failing after
// one that got no usable answer (errorType timeout, unavailable or internal:
// refused, TLS, HTTP 5xx, a body that is not the API's JSON or is over the
// limit), well again after the next one that got an answer (an API error
// such as bad_data is an answer: the server works). Cancelled calls and
// buildinfo (Test) change nothing.
struct SourceHealth
{
    QString name;
    bool failing = false;
    QString error; // the last failure, in the words the panel shows
    qint64 sinceMs = 0; // when it started failing (or recovered); 0 = never called
};

struct BuildInfo
{
    bool ok = false;
    QString version; // "2.42.0"; empty when a working server names none (VictoriaMetrics 1.79)
    QString error;
};

class PrometheusQuerySource final : public QuerySource
{
public:
    explicit PrometheusQuerySource(RemoteSourceConfig config);

    const RemoteSourceConfig& config() const { return m_config; }

    QString name() const override;
    QueryResult instant(const QString& expr, qint64 timeMs, const QueryOptions& options = {}) const override;
    QueryResult range(const QString& expr, qint64 startMs, qint64 endMs, qint64 stepMs,
        const QueryOptions& options = {}) const override;
    SeriesResult series(const QStringList& selectors, qint64 startMs, qint64 endMs,
        const QueryOptions& options = {}) const override;
    LabelsResult labelNames(const QStringList& selectors, qint64 startMs, qint64 endMs,
        const QueryOptions& options = {}) const override;
    LabelsResult labelValues(const QString& label, const QStringList& selectors, qint64 startMs, qint64 endMs,
        const QueryOptions& options = {}) const override;

    // GET /api/v1/status/buildinfo: the server's version, or why it failed
    // (Settings -> Data sources -> Test).
    BuildInfo buildInfo(const QueryOptions& options = {}) const;
    SourceHealth health() const;

    // The decoders behind the calls, pure (unit-tested on recorded bodies).
    // httpStatus is the response's status; name prefixes error messages.
    static QueryResult decodeQuery(const QByteArray& body, int httpStatus, const QString& name);
    static SeriesResult decodeSeries(const QByteArray& body, int httpStatus, const QString& name);
    static LabelsResult decodeLabels(const QByteArray& body, int httpStatus, const QString& name);

    struct Reply
    {
        bool transferred = false; // an HTTP answer arrived (any status)
        int httpStatus = 0;
        QByteArray body;
        QString errorType; // when !transferred: timeout, canceled, unavailable, internal
        QString error;
    };
    using Params = QList<QPair<QString, QString>>;

private:
    enum class Method { Configured, Get }; // Get: endpoints Prometheus serves by GET only
    Reply call(const QString& path, const Params& params, const QueryOptions& options,
        Method method = Method::Configured) const;
    // The decoded answer (or the transfer's failure), noted in health().
    template <typename Result>
    Result answered(const Reply& reply, Result (*decode)(const QByteArray&, int, const QString&)) const;
    void noteHealth(const QString& errorType, const QString& error) const;

    RemoteSourceConfig m_config;
    mutable std::mutex m_healthMutex;
    mutable SourceHealth m_health;
};

} // namespace opsdeck::query
