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
    case BinOp::Pow: return true;
    default: return false;
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

} // namespace

std::pair<double, bool> vectorElemBinop(BinOp op, double lhs, double rhs)
{
    switch (op) {
    case BinOp::Add: return {lhs + rhs, true};
    case BinOp::Sub: return {lhs - rhs, true};
    case BinOp::Mul: return {lhs * rhs, true};
    case BinOp::Div: return {lhs / rhs, true};
    case BinOp::Pow: return {goPow(lhs, rhs), true};
    case BinOp::Mod: return {std::fmod(lhs, rhs), true};
    case BinOp::Eql: return {lhs, lhs == rhs};
    case BinOp::Neq: return {lhs, lhs != rhs};
    case BinOp::Gtr: return {lhs, lhs > rhs};
    case BinOp::Lss: return {lhs, lhs < rhs};
    case BinOp::Gte: return {lhs, lhs >= rhs};
    case BinOp::Lte: return {lhs, lhs <= rhs};
    default: return {lhs, false};
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
    Vector out;
    out.reserve(lhs.size());
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
        out.push_back(std::move(e));
    }
    return out;
}

Vector vectorBinop(BinOp op, const Vector& lhsIn, const Vector& rhsIn, const VectorMatching& matching, bool returnBool)
{
    if (lhsIn.empty() || rhsIn.empty())
        return {};
    const bool swapped = matching.card == Cardinality::OneToMany;
    const Vector& lhs = swapped ? rhsIn : lhsIn;
    const Vector& rhs = swapped ? lhsIn : rhsIn;

    QHash<size_t, const VectorElement*> rightSigs;
    rightSigs.reserve(rhs.size());
    for (const VectorElement& rs : rhs) {
        const size_t sig = signature(rs.labels, matching);
        const auto it = rightSigs.constFind(sig);
        if (it != rightSigs.cend()) {
            const QString side = swapped ? QStringLiteral("left") : QStringLiteral("right");
            throw EvalError{QStringLiteral("found duplicate series for the match group %1 on the %2 hand-side of the "
                                           "operation: [%3, %4];many-to-many matching not allowed: matching labels "
                                           "must be unique on one side")
                                .arg(labelsToString(matchLabels(rs.labels, matching)), side,
                                     labelsToString(rs.labels), labelsToString((*it)->labels))};
        }
        rightSigs.insert(sig, &rs);
    }

    QHash<size_t, QSet<size_t>> matchedSigs;
    Vector out;
    for (const VectorElement& ls : lhs) {
        const size_t sig = signature(ls.labels, matching);
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
        Labels metric = resultMetric(ls.labels, rs.labels, op, matching);
        if (returnBool)
            metric = dropMetricName(metric);
        const size_t metricHash = labelsHash(metric);
        auto ms = matchedSigs.find(sig);
        if (matching.card == Cardinality::OneToOne) {
            if (ms != matchedSigs.end())
                throw EvalError{QStringLiteral(
                    "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)")};
            matchedSigs.insert(sig, {});
        } else {
            if (ms == matchedSigs.end()) {
                ms = matchedSigs.insert(sig, {});
            } else if (ms->contains(metricHash)) {
                throw EvalError{QStringLiteral("multiple matches for labels: grouping labels must ensure unique matches")};
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

Vector vectorAnd(const Vector& lhs, const Vector& rhs, const VectorMatching& matching)
{
    if (lhs.empty() || rhs.empty())
        return {};
    QSet<size_t> rightSigs;
    for (const VectorElement& rs : rhs)
        rightSigs.insert(signature(rs.labels, matching));
    Vector out;
    for (const VectorElement& ls : lhs)
        if (rightSigs.contains(signature(ls.labels, matching)))
            out.push_back(ls);
    return out;
}

Vector vectorOr(const Vector& lhs, const Vector& rhs, const VectorMatching& matching)
{
    if (lhs.empty())
        return rhs;
    if (rhs.empty())
        return lhs;
    QSet<size_t> leftSigs;
    Vector out = lhs;
    for (const VectorElement& ls : lhs)
        leftSigs.insert(signature(ls.labels, matching));
    for (const VectorElement& rs : rhs)
        if (!leftSigs.contains(signature(rs.labels, matching)))
            out.push_back(rs);
    return out;
}

Vector vectorUnless(const Vector& lhs, const Vector& rhs, const VectorMatching& matching)
{
    if (lhs.empty() || rhs.empty())
        return lhs;
    QSet<size_t> rightSigs;
    for (const VectorElement& rs : rhs)
        rightSigs.insert(signature(rs.labels, matching));
    Vector out;
    for (const VectorElement& ls : lhs)
        if (!rightSigs.contains(signature(ls.labels, matching)))
            out.push_back(ls);
    return out;
}

} // namespace opsdeck::query
