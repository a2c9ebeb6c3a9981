#pragma once

#include "Ast.h"
#include "Value.h"

#include <QHash>

#include <vector>

// Aggregation operators with Prometheus 2.42 promql/engine.go aggregation()
// semantics: sum, avg (incremental mean), min/max (NaN replaced), count,
// group, stddev/stdvar (population, Welford), topk/bottomk (Go container/heap
// order), quantile (phi interpolation), count_values. Groups are kept in
// first-seen order and keyed by label hashes cached per input series; each
// group gets a dense id for the query's lifetime, so a step finds its
// accumulator by index, and accumulators are reused from step to step.
namespace opsdeck::query {

class Aggregations
{
public:
    explicit Aggregations(const Expr& node);
    // param: k or phi; stringParam: count_values label. Throws EvalError.
    // out: a buffer to fill (cleared first).
    Vector evaluate(const Vector& in, double param, const QByteArray& stringParam, Vector out = {});

private:
    struct GroupKey
    {
        metrics::Labels labels;
        size_t hash = 0;
        int id = 0; // dense, one per distinct group hash
    };
    struct GoHeap
    {
        bool reverse = false;
        std::vector<VectorElement> items;

        bool less(size_t i, size_t j) const;
        void up(size_t j);
        bool down(size_t i0, size_t n);
        void push(VectorElement e);
        void pop();
        void sortReverse();
    };
    struct Acc
    {
        metrics::Labels labels;
        size_t hash = 0;
        int id = -1;
        double value = 0;
        double mean = 0;
        double count = 0;
        GoHeap heap;
        std::vector<double> values;
    };
    const GroupKey& groupFor(const VectorElement& e);
    metrics::Labels groupingLabels(const metrics::Labels& in) const;

    const Expr& m_node;
    QHash<size_t, GroupKey> m_groupCache; // input label hash -> group
    QHash<size_t, int> m_groupIds; // group label hash -> dense id
    std::vector<int> m_slotOfGroup; // dense id -> accumulator of this step, -1 = none yet
    std::vector<Acc> m_accs; // reused across steps; the first m_used are live
};

} // namespace opsdeck::query
