#include "BinaryOps.h"

#include <QHash>
#include <QSet>

#include <cmath>

namespace opsdeck::query {

using metrics::Label;
using metrics::Labels;

namespace {

size_t signature(const Labels& labels, const VectorMatching& m)
{
    size_t h = 0x9e3779b97f4a7c15ULL;
    for (const Label& l : labels) {
        const bool listed = m.matchingLabels.contains(l.name);
        if (m.on ? listed : (!listed && l.name != metrics::kMetricNameLabel))
            h = qHashMulti(h, l.name, l.value);
    }
    return h;
}

// Prometheus Labels.MatchLabels
Labels matchLabels(const Labels& labels, const VectorMatching& m)
{
    QList<Label> out;
    for (const Label& l : labels) {
        const bool listed = m.matchingLabels.contains(l.name);
        if (listed == m.on && (m.on || l.name != metrics::kMetricNameLabel))
            out.append(l);
    }
    return Labels::fromSorted(std::move(out));
}

bool dropsName(BinOp op)
{
    switch (op) {
    case BinOp::Add:
    case BinOp::Sub:
    case BinOp::Mul:
    case BinOp::Div:
    case BinOp::Mod:
    case BinOp::Pow:
        return true;
    default:
        return false;
    }
}

double goPow(double x, double y)
{
    return std::pow(x, y);
}

Labels resultMetric(const Labels& lhs, const Labels& rhs, BinOp op, const VectorMatching& m)
{
    QList<Label> out;
    out.reserve(lhs.size());
    for (const Label& l : lhs) {
        if (dropsName(op) && l.name == metrics::kMetricNameLabel)
            continue;
        if (m.card == Cardinality::OneToOne) {
            const bool listed = m.matchingLabels.contains(l.name);
            if (m.on ? !listed : listed)
                continue;
        }
        out.append(l);
    }
    Labels result = Labels::fromSorted(std::move(out));
    for (const QByteArray& name : m.include) {
        const QByteArray v = rhs.value(name);
        result = v.isEmpty() ? result.without(name) : result.with(name, v);
    }
    return result;
}

size_t signatureOf(const VectorElement& e, const VectorMatching& m, BinopCache* cache)
{
    return cache ? cache->signature(e, m) : signature(e.labels, m);
}

} // namespace

size_t BinopCache::signature(const VectorElement& e, const VectorMatching& m)
{
    auto it = m_signatures.find(e.hash);
    if (it == m_signatures.end() || !(it->labels == e.labels))
        it = m_signatures.insert(e.hash, Signature { e.labels, query::signature(e.labels, m) });
    return it->signature;
}

const BinopCache::Metric* BinopCache::metric(const VectorElement& l, const VectorElement& r) const
{
    const auto it = m_metrics.constFind(std::pair(l.hash, r.hash));
    if (it == m_metrics.cend() || !(it->lhs == l.labels) || !(it->rhs == r.labels))
        return nullptr;
    return &*it;
}

const BinopCache::Metric& BinopCache::store(const VectorElement& l, const VectorElement& r, Labels metric)
{
    const size_t hash = labelsHash(metric);
    return *m_metrics.insert(std::pair(l.hash, r.hash), Metric { l.labels, r.labels, std::move(metric), hash });
}

std::pair<double, bool> vectorElemBinop(BinOp op, double lhs, double rhs)
{
    switch (op) {
    case BinOp::Add:
        return { lhs + rhs, true };
    case BinOp::Sub:
        return { lhs - rhs, true };
    case BinOp::Mul:
        return { lhs * rhs, true };
    case BinOp::Div:
        return { lhs / rhs, true };
    case BinOp::Pow:
        return { goPow(lhs, rhs), true };
    case BinOp::Mod:
        return { std::fmod(lhs, rhs), true };
    case BinOp::Eql:
        return { lhs, lhs == rhs };
    case BinOp::Neq:
        return { lhs, lhs != rhs };
    case BinOp::Gtr:
        return { lhs, lhs > rhs };
    case BinOp::Lss:
        return { lhs, lhs < rhs };
    case BinOp::Gte:
        return { lhs, lhs >= rhs };
    case BinOp::Lte:
        return { lhs, lhs <= rhs };
    default:
        return { lhs, false };
    }
}

double scalarBinop(BinOp op, double lhs, double rhs)
{
    const auto [v, keep] = vectorElemBinop(op, lhs, rhs);
    if (isComparison(op))
        return keep ? 1.0 : 0.0;
    return v;
}

Vector vectorScalarBinop(BinOp op, Vector lhs, double scalar, bool swap, bool returnBool)
{
    // Kept elements are compacted to the front of lhs, in order.
    size_t kept = 0;
    const bool dropName = dropsName(op) || returnBool;
    for (VectorElement& e : lhs) {
        double lv = e.value, rv = scalar;
        if (swap)
            std::swap(lv, rv);
        auto [value, keep] = vectorElemBinop(op, lv, rv);
        if (isComparison(op) && swap)
            value = rv;
        if (returnBool) {
            value = keep ? 1.0 : 0.0;
            keep = true;
        }
        if (!keep)
            continue;
        e.value = value;
        if (dropName && e.labels.has(metrics::kMetricNameLabel)) {
            e.labels = dropMetricName(e.labels);
            e.hash = labelsHash(e.labels);
        }
        if (&lhs[kept] != &e)
            lhs[kept] = std::move(e);
        ++kept;
    }
    lhs.resize(kept);
    return lhs;
}

Vector vectorBinop(BinOp op, const Vector& lhsIn, const Vector& rhsIn, const VectorMatching& matching,
    bool returnBool, Vector out, BinopCache* cache)
{
    out.clear();
    if (lhsIn.empty() || rhsIn.empty())
        return out;
    const bool swapped = matching.card == Cardinality::OneToMany;
    const Vector& lhs = swapped ? rhsIn : lhsIn;
    const Vector& rhs = swapped ? lhsIn : rhsIn;

    QHash<size_t, const VectorElement*> rightSigs;
    rightSigs.reserve(rhs.size());
    for (const VectorElement& rs : rhs) {
        const size_t sig = signatureOf(rs, matching, cache);
        const auto it = rightSigs.constFind(sig);
        if (it != rightSigs.cend()) {
            const QString side = swapped ? QStringLiteral("left") : QStringLiteral("right");
            throw EvalError { QStringLiteral(
                "found duplicate series for the match group %1 on the %2 hand-side of the "
                "operation: [%3, %4];many-to-many matching not allowed: matching labels "
                "must be unique on one side")
                                  .arg(labelsToString(matchLabels(rs.labels, matching)), side,
                                      labelsToString(rs.labels), labelsToString((*it)->labels)) };
        }
        rightSigs.insert(sig, &rs);
    }

    QHash<size_t, QSet<size_t>> matchedSigs;
    for (const VectorElement& ls : lhs) {
        const size_t sig = signatureOf(ls, matching, cache);
        const auto found = rightSigs.constFind(sig);
        if (found == rightSigs.cend())
            continue;
        const VectorElement& rs = **found;
        double vl = ls.value, vr = rs.value;
        if (swapped)
            std::swap(vl, vr);
        auto [value, keep] = vectorElemBinop(op, vl, vr);
        if (returnBool)
            value = keep ? 1.0 : 0.0;
        else if (!keep)
            continue;
        Labels metric;
        size_t metricHash = 0;
        const BinopCache::Metric* cached = cache ? cache->metric(ls, rs) : nullptr;
        if (cached) {
            metric = cached->metric;
            metricHash = cached->hash;
        } else {
            metric = resultMetric(ls.labels, rs.labels, op, matching);
            if (returnBool)
                metric = dropMetricName(metric);
            if (cache) {
                metricHash = cache->store(ls, rs, metric).hash;
            } else {
                metricHash = labelsHash(metric);
            }
        }
        auto ms = matchedSigs.find(sig);
        if (matching.card == Cardinality::OneToOne) {
            if (ms != matchedSigs.end())
                throw EvalError { QStringLiteral("multiple matches for labels: many-to-one matching must be "
                                                 "explicit (group_left/group_right)") };
            matchedSigs.insert(sig, {});
        } else {
            if (ms == matchedSigs.end()) {
                ms = matchedSigs.insert(sig, {});
            } else if (ms->contains(metricHash)) {
                throw EvalError { QStringLiteral(
                    "multiple matches for labels: grouping labels must ensure unique matches") };
            }
            ms->insert(metricHash);
        }
        VectorElement e;
        e.labels = std::move(metric);
        e.hash = metricHash;
        e.value = value;
        e.timestampMs = ls.timestampMs;
        out.push_back(std::move(e));
    }
    return out;
}

Vector vectorAnd(
    const Vector& lhs, const Vector& rhs, const VectorMatching& matching, Vector out, BinopCache* cache)
{
    out.clear();
    if (lhs.empty() || rhs.empty())
        return out;
    QSet<size_t> rightSigs;
    for (const VectorElement& rs : rhs)
        rightSigs.insert(signatureOf(rs, matching, cache));
    for (const VectorElement& ls : lhs)
        if (rightSigs.contains(signatureOf(ls, matching, cache)))
            out.push_back(ls);
    return out;
}

Vector vectorOr(Vector lhs, const Vector& rhs, const VectorMatching& matching, BinopCache* cache)
{
    if (lhs.empty()) {
        lhs.assign(rhs.begin(), rhs.end());
        return lhs;
    }
    if (rhs.empty())
        return lhs;
    QSet<size_t> leftSigs;
    leftSigs.reserve(qsizetype(lhs.size()));
    for (const VectorElement& ls : lhs)
        leftSigs.insert(signatureOf(ls, matching, cache));
    lhs.reserve(lhs.size() + rhs.size());
    for (const VectorElement& rs : rhs)
        if (!leftSigs.contains(signatureOf(rs, matching, cache)))
            lhs.push_back(rs);
    return lhs;
}

Vector vectorUnless(
    const Vector& lhs, const Vector& rhs, const VectorMatching& matching, Vector out, BinopCache* cache)
{
    out.clear();
    if (lhs.empty() || rhs.empty()) {
        out.assign(lhs.begin(), lhs.end());
        return out;
    }
    QSet<size_t> rightSigs;
    for (const VectorElement& rs : rhs)
        rightSigs.insert(signatureOf(rs, matching, cache));
    for (const VectorElement& ls : lhs)
        if (!rightSigs.contains(signatureOf(ls, matching, cache)))
            out.push_back(ls);
    return out;
}

} // namespace opsdeck::query
