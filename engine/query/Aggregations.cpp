#include "Aggregations.h"

#include "Functions.h"

#include <QLocale>

#include <cmath>
#include <limits>

namespace opsdeck::query {

using metrics::Label;
using metrics::Labels;

namespace {

// strconv.FormatFloat(v, 'f', -1, 64)
QByteArray formatGoFloat(double v)
{
    if (std::isnan(v))
        return "NaN";
    if (std::isinf(v))
        return v > 0 ? "+Inf" : "-Inf";
    return QByteArray::number(v, 'f', QLocale::FloatingPointShortest);
}

} // namespace

// Go container/heap (Go 1.19 container/heap/heap.go: up, down, Push, Pop) over
// Prometheus 2.42's vectorByValueHeap / vectorByReverseValueHeap, whose Less is
// `math.IsNaN(h[i].V) || h[i].V < h[j].V` (reverse: `>`): a NaN is "less" than
// anything, even another NaN. Which of several equal (or NaN) values topk and
// bottomk keep depends on these exact swaps, so they are copied, not reinvented.
bool Aggregations::GoHeap::less(size_t i, size_t j) const
{
    const double a = items[i].value, b = items[j].value;
    if (std::isnan(a))
        return true;
    return reverse ? a > b : a < b;
}

void Aggregations::GoHeap::up(size_t j)
{
    while (j > 0) {
        const size_t i = (j - 1) / 2;
        if (!less(j, i))
            break;
        std::swap(items[i], items[j]);
        j = i;
    }
}

bool Aggregations::GoHeap::down(size_t i0, size_t n)
{
    size_t i = i0;
    while (true) {
        const size_t j1 = 2 * i + 1;
        if (j1 >= n)
            break;
        size_t j = j1;
        if (j1 + 1 < n && less(j1 + 1, j1))
            j = j1 + 1;
        if (!less(j, i))
            break;
        std::swap(items[i], items[j]);
        i = j;
    }
    return i > i0;
}

void Aggregations::GoHeap::push(VectorElement e)
{
    items.push_back(std::move(e));
    up(items.size() - 1);
}

void Aggregations::GoHeap::pop()
{
    const size_t n = items.size() - 1;
    std::swap(items[0], items[n]);
    down(0, n);
    items.pop_back();
}

// sort.Sort(sort.Reverse(heap)): Go 1.19's pdqsort is an insertion sort up
// to 12 elements (the usual topk sizes), with Less(i, j) = heap.Less(j, i).
// Larger heaps get the same comparison in a stable sort; only the order of
// the output vector can differ then, never which series are in it.
void Aggregations::GoHeap::sortReverse()
{
    const size_t n = items.size();
    if (n <= 12) {
        for (size_t i = 1; i < n; ++i)
            for (size_t j = i; j > 0 && less(j - 1, j); --j)
                std::swap(items[j], items[j - 1]);
        return;
    }
    const bool rev = reverse;
    std::stable_sort(items.begin(), items.end(), [rev](const VectorElement& x, const VectorElement& y) {
        if (std::isnan(x.value) || std::isnan(y.value))
            return !std::isnan(x.value); // NaN last, as Reverse(heap) puts it
        return rev ? x.value < y.value : x.value > y.value;
    });
}

Aggregations::Aggregations(const Expr& node)
    : m_node(node)
{ }

Labels Aggregations::groupingLabels(const Labels& in) const
{
    QList<Label> out;
    for (const Label& l : in) {
        const bool listed = m_node.grouping.contains(l.name);
        if (m_node.without) {
            if (!listed && l.name != metrics::kMetricNameLabel)
                out.append(l);
        } else if (listed) {
            out.append(l);
        }
    }
    return Labels::fromSorted(std::move(out));
}

const Aggregations::GroupKey& Aggregations::groupFor(const VectorElement& e)
{
    auto it = m_groupCache.find(e.hash);
    if (it == m_groupCache.end()) {
        GroupKey k;
        k.labels = groupingLabels(e.labels);
        k.hash = labelsHash(k.labels);
        auto id = m_groupIds.constFind(k.hash);
        if (id == m_groupIds.cend()) {
            id = m_groupIds.insert(k.hash, int(m_groupIds.size()));
            m_slotOfGroup.push_back(-1);
        }
        k.id = *id;
        it = m_groupCache.insert(e.hash, k);
    }
    return *it;
}

Vector Aggregations::evaluate(const Vector& in, double param, const QByteArray& stringParam, Vector out)
{
    out.clear();
    const AggOp op = m_node.aggOp;
    qint64 k = 0;
    if (op == AggOp::Topk || op == AggOp::Bottomk) {
        if (!(param >= -9.2e18 && param <= 9.2e18))
            throw EvalError { QStringLiteral("Scalar value %1 overflows int64").arg(param) };
        k = qint64(param);
        if (k < 1)
            return out;
    }
    if (op == AggOp::CountValues && !metrics::isValidLabelName(stringParam))
        throw EvalError { QStringLiteral("invalid label name \"%1\"").arg(QString::fromUtf8(stringParam)) };

    size_t used = 0;
    QHash<size_t, size_t> index; // count_values only: its groups depend on the values
    for (const VectorElement& e : in) {
        Labels groupLabels;
        size_t groupHash = 0;
        int groupId = -1;
        if (op == AggOp::CountValues) {
            const Labels withValue = e.labels.with(stringParam, formatGoFloat(e.value));
            QList<Label> kept;
            for (const Label& l : withValue) {
                const bool listed = m_node.grouping.contains(l.name) || (!m_node.without && l.name == stringParam);
                if (m_node.without ? (!listed && l.name != metrics::kMetricNameLabel) : listed)
                    kept.append(l);
            }
            groupLabels = Labels::fromSorted(std::move(kept));
            groupHash = labelsHash(groupLabels);
        } else {
            const GroupKey& key = groupFor(e);
            groupId = key.id;
            if (m_slotOfGroup[size_t(groupId)] < 0) { // first in this step: the labels are needed
                groupLabels = key.labels;
                groupHash = key.hash;
            }
        }
        size_t accIndex = 0;
        bool found = false;
        if (op == AggOp::CountValues) {
            const auto it = index.constFind(groupHash);
            found = it != index.cend();
            if (found)
                accIndex = *it;
        } else if (m_slotOfGroup[size_t(groupId)] >= 0) {
            found = true;
            accIndex = size_t(m_slotOfGroup[size_t(groupId)]);
        }
        if (!found) {
            if (used == m_accs.size())
                m_accs.emplace_back();
            Acc& a = m_accs[used];
            a.labels = groupLabels;
            a.hash = groupHash;
            a.id = groupId;
            a.value = e.value;
            a.mean = e.value;
            a.count = 1;
            a.heap.items.clear();
            a.values.clear();
            if (op == AggOp::Stddev || op == AggOp::Stdvar)
                a.value = 0;
            if (op == AggOp::Group)
                a.value = 1;
            if (op == AggOp::Topk || op == AggOp::Bottomk) {
                a.heap.reverse = op == AggOp::Bottomk;
                a.heap.items.push_back(e);
            }
            if (op == AggOp::Quantile)
                a.values.push_back(e.value);
            if (op == AggOp::CountValues)
                index.insert(groupHash, used);
            else
                m_slotOfGroup[size_t(groupId)] = int(used);
            ++used;
            continue;
        }
        Acc& a = m_accs[accIndex];
        switch (op) {
        case AggOp::Sum:
            a.value += e.value;
            break;
        case AggOp::Avg:
            a.count++;
            if (std::isinf(a.mean)) {
                if (std::isinf(e.value) && (a.mean > 0) == (e.value > 0))
                    break;
                if (!std::isinf(e.value) && !std::isnan(e.value))
                    break;
            }
            a.mean += e.value / a.count - a.mean / a.count;
            break;
        case AggOp::Group:
            break;
        case AggOp::Count:
        case AggOp::CountValues:
            a.count++;
            break;
        case AggOp::Max:
            if (a.value < e.value || std::isnan(a.value))
                a.value = e.value;
            break;
        case AggOp::Min:
            if (a.value > e.value || std::isnan(a.value))
                a.value = e.value;
            break;
        case AggOp::Stddev:
        case AggOp::Stdvar: {
            a.count++;
            const double delta = e.value - a.mean;
            a.mean += delta / a.count;
            a.value += delta * (e.value - a.mean);
            break;
        }
        case AggOp::Topk:
        case AggOp::Bottomk: {
            // promql/engine.go 2.42 aggregation(): a full heap pops its root and
            // pushes the new sample when the root is beaten OR is NaN (whatever
            // the new value); k == 1 replaces in place.
            GoHeap& h = a.heap;
            const double root = h.items[0].value;
            const bool beaten = op == AggOp::Topk ? root < e.value : root > e.value;
            if (qint64(h.items.size()) < k || beaten || std::isnan(root)) {
                if (qint64(h.items.size()) == k) {
                    if (k == 1) {
                        h.items[0] = e;
                        break;
                    }
                    h.pop();
                }
                h.push(e);
            }
            break;
        }
        case AggOp::Quantile:
            a.values.push_back(e.value);
            break;
        }
    }

    out.reserve(used);
    for (size_t i = 0; i < used; ++i) {
        Acc& a = m_accs[i];
        if (a.id >= 0)
            m_slotOfGroup[size_t(a.id)] = -1; // ready for the next step
        if (op == AggOp::Topk || op == AggOp::Bottomk) {
            GoHeap& h = a.heap;
            if (h.items.size() > 1)
                h.sortReverse();
            for (VectorElement& e : h.items)
                out.push_back(std::move(e));
            continue;
        }
        VectorElement e;
        e.labels = a.labels;
        e.hash = a.hash; // labelsHash(a.labels), computed when the group was first seen
        switch (op) {
        case AggOp::Avg:
            e.value = a.mean;
            break;
        case AggOp::Count:
        case AggOp::CountValues:
            e.value = a.count;
            break;
        case AggOp::Stddev:
            e.value = std::sqrt(a.value / a.count);
            break;
        case AggOp::Stdvar:
            e.value = a.value / a.count;
            break;
        case AggOp::Quantile:
            e.value = quantile(param, std::move(a.values));
            break;
        default:
            e.value = a.value;
            break;
        }
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace opsdeck::query
