#pragma once

#include "Ast.h"
#include "Value.h"

#include <QHash>

#include <utility>

// Binary operators with Prometheus 2.42 promql/engine.go semantics:
// vectorElemBinop arithmetic/comparisons (filtering or `bool`), scalar-vector
// operations, one-to-one and many-to-one/one-to-many matching with on/ignoring
// and group_left/group_right (with the many-to-many errors Prometheus gives),
// and/or/unless set operations. The metric name is dropped as Prometheus does.
namespace opsdeck::query {

// Label work of one binary-operator node that depends only on the operands'
// labels (matching signatures, result label sets), kept for a whole range
// query so that 3600 steps do not rebuild and rehash the same label sets.
// Entries are keyed by label hash and checked by label equality.
class BinopCache
{
public:
    size_t signature(const VectorElement& e, const VectorMatching& m);
    struct Metric
    {
        metrics::Labels lhs;
        metrics::Labels rhs;
        metrics::Labels metric;
        size_t hash = 0;
    };
    // nullptr when not cached yet; store() adds (or replaces) an entry.
    const Metric* metric(const VectorElement& l, const VectorElement& r) const;
    const Metric& store(const VectorElement& l, const VectorElement& r, metrics::Labels metric);

private:
    struct Signature
    {
        metrics::Labels labels;
        size_t signature = 0;
    };
    QHash<size_t, Signature> m_signatures;
    QHash<std::pair<size_t, size_t>, Metric> m_metrics;
};

// Returns {value, keep}.
std::pair<double, bool> vectorElemBinop(BinOp op, double lhs, double rhs);
double scalarBinop(BinOp op, double lhs, double rhs); // comparisons give 0/1 (bool is mandatory there)

// Works in place on lhs (the vector is consumed).
Vector vectorScalarBinop(BinOp op, Vector lhs, double scalar, bool swap, bool returnBool);
// `out` is a buffer to fill (cleared first), so callers can hand in a recycled one.
// cache may be null (every label set is then computed afresh).
Vector vectorBinop(BinOp op, const Vector& lhs, const Vector& rhs, const VectorMatching& matching, bool returnBool,
    Vector out = {}, BinopCache* cache = nullptr);
Vector vectorAnd(const Vector& lhs, const Vector& rhs, const VectorMatching& matching, Vector out = {},
    BinopCache* cache = nullptr);
// Appends to lhs.
Vector vectorOr(Vector lhs, const Vector& rhs, const VectorMatching& matching, BinopCache* cache = nullptr);
Vector vectorUnless(const Vector& lhs, const Vector& rhs, const VectorMatching& matching, Vector out = {},
    BinopCache* cache = nullptr);

} // namespace opsdeck::query
