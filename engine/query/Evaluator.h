#pragma once

#include "Aggregations.h"
#include "Ast.h"
#include "BinaryOps.h"
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
// queries never re-read the store per step. Range-vector functions slide each
// series' window with two indices while steps ascend; per-step vectors come
// from a small pool of recycled buffers and per-node caches (groups,
// label_replace results) live as long as the query, because a range query of
// 3600 steps otherwise spends most of its time allocating and rehashing.
// A subquery runs its expression in a child evaluator over its own aligned
// steps (absolute multiples of its resolution, as Prometheus 2.42 evalSubquery)
// for the whole query at once; range functions then slide over the result as
// over a range selector's samples.
// Enforces QueryLimits. Throws EvalError; never touches the store for writing.
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

    // Hands a vector no longer needed back to the buffer pool (its capacity is reused by later steps).
    void recycle(Vector&& v);

private:
    struct SeriesData
    {
        metrics::Labels labels;
        size_t hash = 0;
        metrics::Labels noName; // labels without __name__, for functions that drop it
        size_t noNameHash = 0;
        std::vector<metrics::Sample> samples; // stale markers kept for instant selectors only
        // Range selectors: drops[i] = how many j in 1..i have samples[j] < samples[j-1],
        // so a window's counter resets are known without scanning it.
        std::vector<quint32> drops;
    };
    struct SelectorData
    {
        std::vector<SeriesData> series;
        // Whether every series' hash (with / without __name__) is distinct: then any
        // subset is too, and a step needs no duplicate check.
        bool uniqueHashes = true;
        bool uniqueNoNameHashes = true;
    };
    // Per range-vector call: each series' current window [lo, hi) in its samples,
    // advanced monotonically while the reference time ascends.
    struct WindowCursor
    {
        qint64 lastRefMs = 0;
        bool valid = false;
        std::vector<std::pair<size_t, size_t>> bounds;
    };
    struct LabelReplaceCache;
    // Open-addressing set of hashes reused across steps (no allocation per check).
    class HashSeen
    {
    public:
        void reset(size_t expected);
        bool insert(size_t hash); // false when already present
    private:
        std::vector<size_t> m_keys;
        std::vector<quint32> m_gen;
        quint32 m_current = 0;
        size_t m_mask = 0;
    };

    SelectorData& selector(const Expr& vs, qint64 rangeMs, bool isRange);
    // A subquery's series over every step this query needs, as a range selector's data.
    SelectorData& subqueryData(const Expr& sq);
    // The data of a MatrixSelector or Subquery node, and the node carrying its offset/@.
    SelectorData& rangeData(const Expr& ms, const Expr** modifiers);
    void addSamples(qint64 n);
    qint64 refTime(const Expr& vs, qint64 t) const;
    Vector evalVectorSelector(const Expr& vs, qint64 t);
    Value evalCall(const Expr& e, qint64 t);
    Value evalBinary(const Expr& e, qint64 t);
    Value evalAggregate(const Expr& e, qint64 t);
    double evalScalar(const Expr& e, qint64 t);
    void checkDuplicates(const Vector& v);
    Vector takeVector(size_t reserve);
    void labelReplaceCached(const Expr& call, Vector& v);

    const metrics::SeriesStore* m_store;
    QueryLimits m_limits;
    qint64 m_startMs; // the steps this evaluator runs (a subquery's own steps for its child)
    qint64 m_endMs;
    qint64 m_queryStartMs; // what @ start() / @ end() mean: always the query's
    qint64 m_queryEndMs;
    qint64 m_seriesTouched = 0;
    qint64 m_samplesLoaded = 0;
    std::unordered_map<const Expr*, std::unique_ptr<SelectorData>> m_selectors;
    std::unordered_map<const Expr*, std::unique_ptr<Aggregations>> m_aggregations;
    std::unordered_map<const Expr*, WindowCursor> m_windows;
    std::unordered_map<const Expr*, std::unique_ptr<LabelReplaceCache>> m_labelReplace;
    std::unordered_map<const Expr*, std::unique_ptr<BinopCache>> m_binops;
    std::vector<Vector> m_spare; // recycled per-step buffers
    HashSeen m_seen;
};

} // namespace opsdeck::query
