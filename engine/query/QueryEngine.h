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
namespace opsdeck::query {

struct QueryLimits
{
    qint64 lookbackMs = 5 * 60 * 1000; // instant-selector lookback delta
    qsizetype maxSeries = 200'000; // series touched by all selectors of one query
    qint64 maxSamples = 50'000'000; // samples loaded by one query
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
