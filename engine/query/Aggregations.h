#pragma once

#include "Ast.h"
#include "Value.h"

#include <QHash>

// Aggregation operators with Prometheus 2.42 promql/engine.go aggregation()
// semantics: sum, avg (incremental mean), min/max (NaN replaced), count,
// group, stddev/stdvar (population, Welford), topk/bottomk (Go container/heap
// order), quantile (phi interpolation), count_values. Groups are kept in
// first-seen order and keyed by label hashes cached per input series.
namespace opsdeck::query {

class Aggregations
{
public:
    explicit Aggregations(const Expr& node);
    // param: k or phi; stringParam: count_values label. Throws EvalError.
    Vector evaluate(const Vector& in, double param, const QByteArray& stringParam);

private:
    struct GroupKey
    {
        metrics::Labels labels;
        size_t hash = 0;
    };
    const GroupKey& groupFor(const VectorElement& e);
    metrics::Labels groupingLabels(const metrics::Labels& in) const;

    const Expr& m_node;
    QHash<size_t, GroupKey> m_groupCache; // input label hash -> group
};

} // namespace opsdeck::query
