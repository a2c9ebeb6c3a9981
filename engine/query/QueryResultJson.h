#pragma once

#include "QueryEngine.h"
#include "QuerySource.h"

#include <QByteArray>
#include <QString>

// Writes a QueryResult as the body of Prometheus's HTTP API v1 responses
// (/api/v1/query and /api/v1/query_range, Prometheus 2.42 web/api/v1):
//   {"status":"success","data":{"resultType":"vector","result":[{"metric":{...},"value":[t,"v"]}]}}
//   {"status":"success","data":{"resultType":"scalar","result":[t,"v"]}}   (string: [t,"text"])
//   {"status":"error","errorType":"bad_data","error":"..."}
// and of /api/v1/series ({"status":"success","data":[{"__name__":"up",...}]}),
// /api/v1/labels and /api/v1/label/<name>/values ({"status":"success","data":["a","b"]}).
// Values and timestamps are formatted byte for byte as Prometheus does, so
// output can be diffed against a real server. Pure functions; no I/O.
namespace opsdeck::query {

class QueryResultJson
{
public:
    // The whole response body (success or error), without a trailing newline.
    static QByteArray toJson(const QueryResult& result);
    static QByteArray toJson(const SeriesResult& result);
    static QByteArray toJson(const LabelsResult& result);
    static QByteArray errorJson(const QString& errorType, const QString& error);

    // Prometheus marshalValue: strconv.FormatFloat(v, 'f', -1, 64), or 'e'
    // when |v| < 1e-6 or >= 1e21; "NaN", "+Inf", "-Inf".
    static QByteArray formatValue(double v);
    // Prometheus marshalTimestamp: seconds with the milliseconds as exactly
    // three decimals when not whole ("1700000000", "1700000000.250").
    static QByteArray formatTimestamp(qint64 ms);
    // Orders series by label set as Prometheus's labels.Compare (range
    // queries come back in this order; the CLI uses it for instant ones too).
    static void sortByLabels(QList<ResultSeries>& series);
    // The order the CLI and the HTTP API print: by label set, except an
    // instant query whose outermost operation orders by value (sort,
    // sort_desc, topk, bottomk): that keeps the evaluation order, as Prometheus.
    static void sortForOutput(QueryResult& result, const QString& expr, bool isRange);
    // Whether expr's outermost operation (parentheses aside) orders its result by value.
    static bool ordersByValue(const QString& expr);
    // A label set as a JSON object: {"__name__":"up","job":"api"}.
    static QByteArray labelsJson(const metrics::Labels& labels);
    // A JSON string literal (quotes included) for UTF-8 bytes.
    static QByteArray quoted(QByteArrayView utf8);
};

} // namespace opsdeck::query
