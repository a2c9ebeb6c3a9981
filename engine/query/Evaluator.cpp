#include "Evaluator.h"

#include "BinaryOps.h"
#include "Functions.h"
#include "Parser.h"

#include "metrics/SeriesStore.h"

#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>

namespace opsdeck::query {

using metrics::Labels;
using metrics::Sample;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const Expr& unwrapParens(const Expr& e)
{
    const Expr* p = &e;
    while (p->kind == Expr::Kind::Paren)
        p = p->lhs.get();
    return *p;
}

// createLabelsForAbsentFunction
Labels absentLabels(const Expr& arg)
{
    const Expr* vs = nullptr;
    if (arg.kind == Expr::Kind::VectorSelector)
        vs = &arg;
    else if (arg.kind == Expr::Kind::MatrixSelector)
        vs = arg.lhs.get();
    if (!vs)
        return {};
    Labels m;
    QList<QByteArray> empty;
    for (const metrics::LabelMatcher& ma : vs->matchers) {
        if (ma.name() == metrics::kMetricNameLabel)
            continue;
        if (ma.type() == metrics::LabelMatcher::Type::Equal && !m.has(ma.name()))
            m = m.with(ma.name(), ma.value());
        else
            empty.append(ma.name());
    }
    for (const QByteArray& n : empty)
        m = m.without(n);
    return m;
}

} // namespace

Evaluator::Evaluator(const metrics::SeriesStore* store, const QueryLimits& limits, qint64 startMs, qint64 endMs)
    : m_store(store)
    , m_limits(limits)
    , m_startMs(startMs)
    , m_endMs(endMs)
{
}

Evaluator::~Evaluator() = default;

qint64 Evaluator::refTime(const Expr& vs, qint64 t) const
{
    qint64 base = t;
    switch (vs.at) {
    case AtKind::None: break;
    case AtKind::Timestamp: base = vs.atMs; break;
    case AtKind::Start: base = m_startMs; break;
    case AtKind::End: base = m_endMs; break;
    }
    return base - vs.offsetMs;
}

Evaluator::SelectorData& Evaluator::selector(const Expr& vs, qint64 rangeMs, bool isRange)
{
    auto it = m_selectors.find(&vs);
    if (it != m_selectors.end())
        return *it->second;
    auto data = std::make_unique<SelectorData>();
    if (m_store) {
        const QList<metrics::SeriesRef> refs = m_store->select(vs.matchers);
        m_seriesTouched += refs.size();
        if (m_seriesTouched > m_limits.maxSeries)
            throw EvalError{QStringLiteral("query would touch too many series: %1 > limit %2")
                                .arg(m_seriesTouched).arg(m_limits.maxSeries)};
        const qint64 maxRef = std::max(refTime(vs, m_startMs), refTime(vs, m_endMs));
        const qint64 minRef = std::min(refTime(vs, m_startMs), refTime(vs, m_endMs));
        const qint64 lo = minRef - (isRange ? rangeMs : m_limits.lookbackMs);
        data->series.reserve(size_t(refs.size()));
        for (metrics::SeriesRef ref : refs) {
            QList<Sample> samples = m_store->read(ref, lo, maxRef);
            m_samplesLoaded += samples.size();
            if (m_samplesLoaded > m_limits.maxSamples)
                throw EvalError{QStringLiteral("query processing would load too many samples into memory in query "
                                               "execution (limit %1 samples)")
                                    .arg(m_limits.maxSamples)};
            SeriesData s;
            s.samples.reserve(size_t(samples.size()));
            for (const Sample& x : samples)
                if (!isRange || !metrics::isStaleMarker(x.value))
                    s.samples.push_back(x);
            if (s.samples.empty())
                continue;
            s.labels = m_store->labels(ref);
            s.hash = labelsHash(s.labels);
            s.noName = dropMetricName(s.labels);
            s.noNameHash = labelsHash(s.noName);
            data->series.push_back(std::move(s));
        }
        std::sort(data->series.begin(), data->series.end(),
                  [](const SeriesData& a, const SeriesData& b) { return a.labels < b.labels; });
    }
    return *m_selectors.emplace(&vs, std::move(data)).first->second;
}

Vector Evaluator::evalVectorSelector(const Expr& vs, qint64 t)
{
    const SelectorData& data = selector(vs, 0, false);
    const qint64 ref = refTime(vs, t);
    const qint64 minTs = ref - m_limits.lookbackMs;
    Vector out;
    out.reserve(data.series.size());
    for (const SeriesData& s : data.series) {
        auto it = std::upper_bound(s.samples.begin(), s.samples.end(), ref,
                                   [](qint64 v, const Sample& x) { return v < x.timestampMs; });
        if (it == s.samples.begin())
            continue;
        --it;
        if (it->timestampMs < minTs || metrics::isStaleMarker(it->value))
            continue;
        out.push_back({s.labels, s.hash, it->value, it->timestampMs});
    }
    return out;
}

QList<ResultSeries> Evaluator::evalMatrix(const Expr& ms, qint64 t)
{
    const Expr& vs = *ms.lhs;
    const SelectorData& data = selector(vs, ms.rangeMs, true);
    const qint64 ref = refTime(vs, t);
    QList<ResultSeries> out;
    for (const SeriesData& s : data.series) {
        auto lo = std::lower_bound(s.samples.begin(), s.samples.end(), ref - ms.rangeMs,
                                   [](const Sample& x, qint64 v) { return x.timestampMs < v; });
        auto hi = std::upper_bound(lo, s.samples.end(), ref, [](qint64 v, const Sample& x) { return v < x.timestampMs; });
        if (lo == hi)
            continue;
        ResultSeries r;
        r.labels = s.labels;
        r.points = QList<Sample>(lo, hi);
        out.append(std::move(r));
    }
    return out;
}

void Evaluator::checkDuplicates(const Vector& v)
{
    if (v.size() < 2)
        return;
    QSet<size_t> seen;
    seen.reserve(qsizetype(v.size()));
    for (const VectorElement& e : v) {
        if (seen.contains(e.hash))
            throw EvalError{QStringLiteral("vector cannot contain metrics with the same labelset")};
        seen.insert(e.hash);
    }
}

double Evaluator::evalScalar(const Expr& e, qint64 t)
{
    const Value v = eval(e, t);
    return v.scalar;
}

Evaluator::Value Evaluator::eval(const Expr& e, qint64 t)
{
    Value out;
    switch (e.kind) {
    case Expr::Kind::Number:
        out.type = ExprType::Scalar;
        out.scalar = e.number;
        return out;
    case Expr::Kind::String:
        out.type = ExprType::String;
        out.string = e.string;
        return out;
    case Expr::Kind::Paren: return eval(*e.lhs, t);
    case Expr::Kind::VectorSelector:
        out.vector = evalVectorSelector(e, t);
        return out;
    case Expr::Kind::MatrixSelector:
        throw EvalError{QStringLiteral("range vector selector cannot be evaluated here")};
    case Expr::Kind::Unary: {
        out = eval(*e.lhs, t);
        if (out.type == ExprType::Scalar) {
            out.scalar = -out.scalar;
            return out;
        }
        for (VectorElement& x : out.vector) {
            x.value = -x.value;
            if (x.labels.has(metrics::kMetricNameLabel)) {
                x.labels = dropMetricName(x.labels);
                x.hash = labelsHash(x.labels);
            }
        }
        checkDuplicates(out.vector);
        return out;
    }
    case Expr::Kind::Call: return evalCall(e, t);
    case Expr::Kind::Binary: return evalBinary(e, t);
    case Expr::Kind::Aggregate: return evalAggregate(e, t);
    }
    return out;
}

Evaluator::Value Evaluator::evalCall(const Expr& e, qint64 t)
{
    Value out;
    const QString& name = e.function;
    if (const std::optional<RangeFunction> fn = rangeFunctionFromName(name)) {
        const bool scalarFirst = *fn == RangeFunction::QuantileOverTime;
        const Expr& ms = unwrapParens(*e.args[scalarFirst ? 1 : 0]);
        RangeContext ctx;
        if (*fn == RangeFunction::QuantileOverTime)
            ctx.scalarArg = evalScalar(*e.args[0], t);
        else if (*fn == RangeFunction::PredictLinear)
            ctx.scalarArg = evalScalar(*e.args[1], t);
        if (ms.kind != Expr::Kind::MatrixSelector)
            throw EvalError{QStringLiteral("function \"%1\" needs a range vector selector").arg(name)};
        const Expr& vs = *ms.lhs;
        const SelectorData& data = selector(vs, ms.rangeMs, true);
        const qint64 ref = refTime(vs, t);
        ctx.rangeEndMs = ref;
        ctx.rangeStartMs = ref - ms.rangeMs;
        ctx.rangeMs = ms.rangeMs;
        ctx.evalTimeMs = vs.at == AtKind::None ? t : m_startMs; // 2.42 evaluates @-pinned calls once, at start
        const bool keepName = *fn == RangeFunction::LastOverTime;
        out.vector.reserve(data.series.size());
        for (const SeriesData& s : data.series) {
            auto lo = std::lower_bound(s.samples.begin(), s.samples.end(), ctx.rangeStartMs,
                                       [](const Sample& x, qint64 v) { return x.timestampMs < v; });
            auto hi = std::upper_bound(lo, s.samples.end(), ref,
                                       [](qint64 v, const Sample& x) { return v < x.timestampMs; });
            if (lo == hi)
                continue;
            const std::optional<double> v = evalRangeFunction(*fn, std::span<const Sample>(&*lo, size_t(hi - lo)), ctx);
            if (!v)
                continue;
            if (keepName)
                out.vector.push_back({s.labels, s.hash, *v, t});
            else
                out.vector.push_back({s.noName, s.noNameHash, *v, t});
        }
        checkDuplicates(out.vector);
        return out;
    }
    if (name == u"absent_over_time") {
        const Expr& ms = unwrapParens(*e.args[0]);
        bool any = false;
        if (ms.kind == Expr::Kind::MatrixSelector) {
            const SelectorData& data = selector(*ms.lhs, ms.rangeMs, true);
            const qint64 ref = refTime(*ms.lhs, t);
            for (const SeriesData& s : data.series) {
                auto lo = std::lower_bound(s.samples.begin(), s.samples.end(), ref - ms.rangeMs,
                                           [](const Sample& x, qint64 v) { return x.timestampMs < v; });
                if (lo != s.samples.end() && lo->timestampMs <= ref) {
                    any = true;
                    break;
                }
            }
        }
        if (!any) {
            const Labels l = absentLabels(*e.args[0]);
            out.vector.push_back({l, labelsHash(l), 1.0, t});
        }
        return out;
    }
    if (name == u"time") {
        out.type = ExprType::Scalar;
        out.scalar = double(t) / 1000.0;
        return out;
    }
    if (name == u"vector") {
        const double v = evalScalar(*e.args[0], t);
        out.vector.push_back({Labels(), labelsHash(Labels()), v, t});
        return out;
    }
    if (name == u"scalar") {
        const Value v = eval(*e.args[0], t);
        out.type = ExprType::Scalar;
        out.scalar = v.vector.size() == 1 ? v.vector[0].value : kNaN;
        return out;
    }
    if (name == u"absent") {
        const Value v = eval(*e.args[0], t);
        if (v.vector.empty()) {
            const Labels l = absentLabels(*e.args[0]);
            out.vector.push_back({l, labelsHash(l), 1.0, t});
        }
        return out;
    }
    if (name == u"histogram_quantile") {
        const double q = evalScalar(*e.args[0], t);
        out.vector = histogramQuantile(q, eval(*e.args[1], t).vector);
        checkDuplicates(out.vector);
        return out;
    }
    if (name == u"label_replace") {
        const Value v = eval(*e.args[0], t);
        out.vector = labelReplace(v.vector, e.args[1]->string, e.args[2]->string, e.args[3]->string,
                                  e.args[4]->string);
        checkDuplicates(out.vector);
        return out;
    }
    if (name == u"sort" || name == u"sort_desc") {
        out = eval(*e.args[0], t);
        const bool desc = name == u"sort_desc";
        std::stable_sort(out.vector.begin(), out.vector.end(), [desc](const VectorElement& a, const VectorElement& b) {
            if (std::isnan(b.value) && !std::isnan(a.value))
                return true;
            if (std::isnan(a.value))
                return false;
            return desc ? a.value > b.value : a.value < b.value;
        });
        return out;
    }
    // abs, ceil, floor, round, clamp*, timestamp, exp, ...: vector plus scalar args
    const bool selectorArg = e.args[0]->kind == Expr::Kind::VectorSelector;
    out = eval(*e.args[0], t);
    if (!(name == u"timestamp" && selectorArg))
        for (VectorElement& x : out.vector)
            x.timestampMs = t;
    std::vector<double> scalars;
    for (size_t i = 1; i < e.args.size(); ++i)
        scalars.push_back(evalScalar(*e.args[i], t));
    if (!applySimpleFunction(name, out.vector, scalars))
        throw EvalError{QStringLiteral("function \"%1\" is not implemented").arg(name)};
    checkDuplicates(out.vector);
    return out;
}

Evaluator::Value Evaluator::evalBinary(const Expr& e, qint64 t)
{
    Value lhs = eval(*e.lhs, t);
    Value rhs = eval(*e.rhs, t);
    Value out;
    if (lhs.type == ExprType::Scalar && rhs.type == ExprType::Scalar) {
        out.type = ExprType::Scalar;
        out.scalar = scalarBinop(e.binOp, lhs.scalar, rhs.scalar);
        return out;
    }
    if (lhs.type == ExprType::Scalar) {
        out.vector = vectorScalarBinop(e.binOp, std::move(rhs.vector), lhs.scalar, true, e.returnBool);
    } else if (rhs.type == ExprType::Scalar) {
        out.vector = vectorScalarBinop(e.binOp, std::move(lhs.vector), rhs.scalar, false, e.returnBool);
    } else {
        const VectorMatching matching = e.matching.value_or(VectorMatching{});
        switch (e.binOp) {
        case BinOp::And: out.vector = vectorAnd(lhs.vector, rhs.vector, matching); break;
        case BinOp::Or: out.vector = vectorOr(lhs.vector, rhs.vector, matching); break;
        case BinOp::Unless: out.vector = vectorUnless(lhs.vector, rhs.vector, matching); break;
        default: out.vector = vectorBinop(e.binOp, lhs.vector, rhs.vector, matching, e.returnBool); break;
        }
    }
    checkDuplicates(out.vector);
    return out;
}

Evaluator::Value Evaluator::evalAggregate(const Expr& e, qint64 t)
{
    double param = 0;
    QByteArray stringParam;
    if (e.param) {
        const Value p = eval(*e.param, t);
        param = p.scalar;
        stringParam = p.string;
    }
    const Value in = eval(*e.lhs, t);
    auto it = m_aggregations.find(&e);
    if (it == m_aggregations.end())
        it = m_aggregations.emplace(&e, std::make_unique<Aggregations>(e)).first;
    Value out;
    out.vector = it->second->evaluate(in.vector, param, stringParam);
    return out;
}

} // namespace opsdeck::query
