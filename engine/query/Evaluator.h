#pragma once

#include "Aggregations.h"
#include "Ast.h"
#include "QueryEngine.h"
#include "Value.h"

#include <memory>
#include <unordered_map>
#include <vector>

namespace opsdeck::metrics {
class SeriesStore;
}

// Evaluates a checked AST at one step with Prometheus 2.42 promql/engine.go
// semantics. Each selector reads its series from the store ONCE per query
// (the whole [start - range/lookback - offset, end - offset] window), hashes
// their labels once, and later steps only binary-search that data, so range
// queries never re-read the store per step. Enforces QueryLimits. Throws
// EvalError; never touches the store for writing.
namespace opsdeck::query {

class Evaluator
{
public:
    Evaluator(const metrics::SeriesStore* store, const QueryLimits& limits, qint64 startMs, qint64 endMs);
    ~Evaluator();

    struct Value
    {
        ExprType type = ExprType::Vector;
        double scalar = 0;
        Vector vector;
        QByteArray string;
    };
    Value eval(const Expr& e, qint64 t);

    // A range selector at the top of an instant query: raw samples in (t-range, t].
    QList<ResultSeries> evalMatrix(const Expr& matrixSelector, qint64 t);

private:
    struct SeriesData
    {
        metrics::Labels labels;
        size_t hash = 0;
        metrics::Labels noName; // labels without __name__, for functions that drop it
        size_t noNameHash = 0;
        std::vector<metrics::Sample> samples; // stale markers kept for instant selectors only
    };
    struct SelectorData
    {
        std::vector<SeriesData> series;
    };

    SelectorData& selector(const Expr& vs, qint64 rangeMs, bool isRange);
    qint64 refTime(const Expr& vs, qint64 t) const;
    Vector evalVectorSelector(const Expr& vs, qint64 t);
    Value evalCall(const Expr& e, qint64 t);
    Value evalBinary(const Expr& e, qint64 t);
    Value evalAggregate(const Expr& e, qint64 t);
    double evalScalar(const Expr& e, qint64 t);
    static void checkDuplicates(const Vector& v);

    const metrics::SeriesStore* m_store;
    QueryLimits m_limits;
    qint64 m_startMs;
    qint64 m_endMs;
    qint64 m_seriesTouched = 0;
    qint64 m_samplesLoaded = 0;
    std::unordered_map<const Expr*, std::unique_ptr<SelectorData>> m_selectors;
    std::unordered_map<const Expr*, std::unique_ptr<Aggregations>> m_aggregations;
};

} // namespace opsdeck::query
