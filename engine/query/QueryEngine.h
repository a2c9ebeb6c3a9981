#pragma once

#include "metrics/Labels.h"
#include "metrics/Sample.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>

namespace opsdeck::metrics {
class SeriesStore;
}

// A PromQL subset evaluated over the series store with Prometheus 2.42
// semantics (5-minute lookback, staleness, counter resets and extrapolation in
// rate/increase, range-query step alignment). Pure reads: safe on any thread
// while the scrape thread writes. Never crashes on bad input: parse errors
// name the position and what was expected; evaluation errors are messages.
//
// The supported subset, completely (checked against a real Prometheus 2.42 by
// tests/integration/query_conformance, cases in tests/data/query/queries.txt):
// - Literals: numbers (decimal, 0x hex, exponent, Inf, NaN), strings in "", ''
//   or `` with Go escapes, `#` comments.
// - Selectors: `name{l="v", l!="v", l=~"re", l!~"re"}` (fully anchored RE2-style
//   regexes), `{__name__=~"..."}`, range selectors `x[5m]` (units ms s m h d w y,
//   combined like 1h30m), `offset d` (also negative) and `@ t`, `@ start()`,
//   `@ end()` on selectors, range selectors and subqueries.
// - Subqueries: `expr[range:step]` and `expr[range:]` on any instant-vector
//   expression, nested, with offset and @, as the argument of every range
//   function or as the whole instant query. Steps are aligned to absolute
//   multiples of the resolution; without a step the resolution is
//   QueryLimits::subqueryStepMs (1m, Prometheus's default global
//   evaluation_interval; not the range query's step). Their points count
//   towards QueryLimits::maxSamples.
// - Operators with Prometheus precedence: + - * / % ^, == != > < >= <= (with
//   `bool`), and or unless, unary minus; vector matching with on(...) /
//   ignoring(...), group_left(...) / group_right(...).
// - Aggregations, with by (...) / without (...) before or after the argument:
//   sum avg min max count group stddev stdvar topk bottomk quantile
//   count_values. topk/bottomk order each group's series by value (instant
//   queries keep that order, see QueryResultJson::sortForOutput).
// - Range functions: rate irate increase delta idelta deriv predict_linear
//   changes resets avg_over_time min_over_time max_over_time sum_over_time
//   count_over_time quantile_over_time stddev_over_time stdvar_over_time
//   last_over_time present_over_time absent_over_time.
// - Other functions: abs ceil floor round exp sqrt ln log2 log10 sgn clamp
//   clamp_min clamp_max timestamp time vector scalar absent sort sort_desc
//   histogram_quantile (classic _bucket series) label_replace label_join
//   (string arguments may be parenthesised).
// Not supported (a parse error names them): atan2, holt_winters, the date
// functions (hour minute month year day_of_* days_in_month), the trigonometric
// functions and deg rad pi, native-histogram functions, and any function not
// listed above.
namespace opsdeck::query {

struct QueryLimits
{
    qint64 lookbackMs = 5 * 60 * 1000; // instant-selector lookback delta
    qsizetype maxSeries = 200'000; // series touched by all selectors of one query
    qint64 maxSamples = 50'000'000; // samples loaded by one query (subquery results included)
    // Resolution of a subquery without a step (`x[5m:]`): Prometheus takes its
    // global evaluation_interval (default 1m), not the range query's step.
    qint64 subqueryStepMs = 60'000;
};

enum class ValueType { Scalar, Vector, Matrix, String };

struct ResultSeries
{
    metrics::Labels labels; // no __name__ after functions/aggregations that drop it, as Prometheus
    QList<metrics::Sample> points; // instant vector: exactly one point (t = evaluation time)
};

struct QueryResult
{
    bool ok = false;
    QString errorType; // as Prometheus's API: "bad_data" (parse), "execution", "timeout"
    QString error; // "1:14: parse error: unexpected \")\", expected ..." style, or evaluation message
    ValueType type = ValueType::Vector;
    QList<ResultSeries> series; // Vector or Matrix (range queries always give Matrix)
    metrics::Sample scalar; // Scalar (and String has no use here)
    QString string; // String results (instant query of a string literal)
    QStringList warnings; // the API's "warnings" field (remote sources); the local store has none
};

// The evaluator behind LocalQuerySource. Nothing outside engine/query
// constructs one: callers query through a QuerySource (QuerySource.h), so a
// remote server or a cache can stand in for the local store.
class QueryEngine
{
public:
    explicit QueryEngine(const metrics::SeriesStore* store, QueryLimits limits = {});

    // /api/v1/query: evaluates expr at timeMs. cancelled (may be null) is
    // checked before evaluation; when set the result is errorType "canceled".
    QueryResult instant(const QString& expr, qint64 timeMs, const std::atomic_bool* cancelled = nullptr) const;
    // /api/v1/query_range: evaluates at start, start+step, ..., <= end. Result
    // is a Matrix. cancelled (may be null) is checked before every step.
    QueryResult range(const QString& expr, qint64 startMs, qint64 endMs, qint64 stepMs,
        const std::atomic_bool* cancelled = nullptr) const;
    // The error of a cancelled call, as Prometheus's API words it.
    static QueryResult canceledResult();
    // Parses only; empty when valid, else the parse error text.
    static QString check(const QString& expr);

private:
    const metrics::SeriesStore* m_store;
    QueryLimits m_limits;
};

} // namespace opsdeck::query
