#pragma once

#include "ApiRequest.h"

#include <QByteArray>

namespace opsdeck::query {
class QuerySource;
}

// The data endpoints of Prometheus's HTTP API v1 (Prometheus 2.42
// web/api/v1/api.go and web/federate.go) over a query::QuerySource:
// /api/v1/query, query_range, series, labels, label/<name>/values and
// /federate. Parameters are checked with Prometheus's error messages, errors
// get its errorType and HTTP status (bad_data 400, execution 422, canceled and
// timeout 503, internal 500), and bodies are encoded by query::QueryResultJson.
// Every call evaluates synchronously on the caller's thread: the web server
// calls it on a worker, never on the GUI thread. It holds no state besides its
// limits, so any number of threads may call it at once. It never constructs a
// QueryEngine: every query goes through the source.
namespace opsdeck::web {

struct ApiResponse
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
};

struct ApiLimits
{
    qint64 maxSamples = 50'000'000; // per query, as --query.max-samples
    qint64 maxRangePoints = 11'000; // per series of a range query
    qsizetype maxParameterBytes = 256 * 1024; // one parameter's value (an expression, a match[])
    qint64 federationLookbackMs = 5 * 60 * 1000;
};

class PrometheusApi
{
public:
    // source must outlive the API object.
    PrometheusApi(const query::QuerySource* source, ApiLimits limits);

    // nowMs: the default evaluation time (and end of the default ranges).
    ApiResponse query(const ApiRequest& request, qint64 nowMs) const;
    ApiResponse queryRange(const ApiRequest& request) const;
    ApiResponse series(const ApiRequest& request, qint64 nowMs) const;
    ApiResponse labels(const ApiRequest& request, qint64 nowMs) const;
    ApiResponse labelValues(const QString& name, const ApiRequest& request, qint64 nowMs) const;
    // Text format 0.0.4: the newest sample of every series matched by a
    // match[] selector, with its timestamp; stale series are left out.
    ApiResponse federate(const ApiRequest& request, qint64 nowMs) const;

    static ApiResponse error(const QString& errorType, const QString& message);
    // Prometheus's HTTP status for an errorType.
    static int httpStatus(const QString& errorType);

private:
    std::optional<ApiResponse> checkSize(const ApiRequest& request) const;

    const query::QuerySource* m_source;
    ApiLimits m_limits;
};

} // namespace opsdeck::web
