#include "Evaluator.h"

#include "BinaryOps.h"
#include "Functions.h"
#include "Parser.h"

#include "metrics/SeriesStore.h"

#include <QHash>

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

bool hashesUnique(std::vector<size_t> hashes)
{
    std::sort(hashes.begin(), hashes.end());
    return std::adjacent_find(hashes.begin(), hashes.end()) == hashes.end();
}

} // namespace

// label_replace() of one call node: the regex is compiled once and each input
// series' result is kept, keyed by its label hash and checked by equality.
struct Evaluator::LabelReplaceCache
{
    // stringFromArg: a string argument may be parenthesised, `("dst")` is "dst".
    explicit LabelReplaceCache(const Expr& call)
        : replacer(unwrapParens(*call.args[1]).string, unwrapParens(*call.args[2]).string,
            unwrapParens(*call.args[3]).string, unwrapParens(*call.args[4]).string)
    { }
    struct Entry
    {
        Labels in;
        Labels out;
        size_t hash = 0;
        bool changed = false;
    };
    LabelReplacer replacer;
    QHash<size_t, Entry> results;
};

void Evaluator::HashSeen::reset(size_t expected)
{
    size_t size = 16;
    while (size < expected * 2)
        size *= 2;
    if (size > m_keys.size()) {
        m_keys.assign(size, 0);
        m_gen.assign(size, 0);
        m_current = 0;
        m_mask = size - 1;
    }
    if (++m_current == 0) { // wrapped: forget every old generation
        std::fill(m_gen.begin(), m_gen.end(), 0);
        m_current = 1;
    }
}

bool Evaluator::HashSeen::insert(size_t hash)
{
    size_t i = (hash ^ (hash >> 31)) * 0x9e3779b97f4a7c15ULL;
    i = (i ^ (i >> 29)) & m_mask;
    while (m_gen[i] == m_current) {
        if (m_keys[i] == hash)
            return false;
        i = (i + 1) & m_mask;
    }
    m_gen[i] = m_current;
    m_keys[i] = hash;
    return true;
}

Evaluator::Evaluator(const metrics::SeriesStore* store, const QueryLimits& limits, qint64 startMs, qint64 endMs)
    : m_store(store)
    , m_limits(limits)
    , m_startMs(startMs)
    , m_endMs(endMs)
    , m_queryStartMs(startMs)
    , m_queryEndMs(endMs)
{ }

Evaluator::~Evaluator() = default;

qint64 Evaluator::refTime(const Expr& vs, qint64 t) const
{
    qint64 base = t;
    switch (vs.at) {
    case AtKind::None:
        break;
    case AtKind::Timestamp:
        base = vs.atMs;
        break;
    case AtKind::Start:
        base = m_queryStartMs;
        break;
    case AtKind::End:
        base = m_queryEndMs;
        break;
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
            throw EvalError { QStringLiteral("query would touch too many series: %1 > limit %2")
                                  .arg(m_seriesTouched)
                                  .arg(m_limits.maxSeries) };
        const qint64 maxRef = std::max(refTime(vs, m_startMs), refTime(vs, m_endMs));
        const qint64 minRef = std::min(refTime(vs, m_startMs), refTime(vs, m_endMs));
        const qint64 lo = minRef - (isRange ? rangeMs : m_limits.lookbackMs);
        data->series.reserve(size_t(refs.size()));
        for (metrics::SeriesRef ref : refs) {
            QList<Sample> samples = m_store->read(ref, lo, maxRef);
            m_samplesLoaded += samples.size();
            if (m_samplesLoaded > m_limits.maxSamples)
                throw EvalError { QStringLiteral(
                    "query processing would load too many samples into memory in query "
                    "execution (limit %1 samples)")
                                      .arg(m_limits.maxSamples) };
            SeriesData s;
            s.samples.reserve(size_t(samples.size()));
            for (const Sample& x : samples)
                if (!isRange || !metrics::isStaleMarker(x.value))
                    s.samples.push_back(x);
            if (s.samples.empty())
                continue;
            if (isRange) {
                s.drops.resize(s.samples.size());
                s.drops[0] = 0;
                for (size_t i = 1; i < s.samples.size(); ++i)
                    s.drops[i] = s.drops[i - 1] + (s.samples[i].value < s.samples[i - 1].value ? 1 : 0);
            }
            s.labels = m_store->labels(ref);
            s.hash = labelsHash(s.labels);
            s.noName = dropMetricName(s.labels);
            s.noNameHash = labelsHash(s.noName);
            data->series.push_back(std::move(s));
        }
        std::sort(data->series.begin(), data->series.end(),
            [](const SeriesData& a, const SeriesData& b) { return a.labels < b.labels; });
        std::vector<size_t> hashes, noNameHashes;
        hashes.reserve(data->series.size());
        noNameHashes.reserve(data->series.size());
        for (const SeriesData& s : data->series) {
            hashes.push_back(s.hash);
            noNameHashes.push_back(s.noNameHash);
        }
        data->uniqueHashes = hashesUnique(std::move(hashes));
        data->uniqueNoNameHashes = hashesUnique(std::move(noNameHashes));
    }
    return *m_selectors.emplace(&vs, std::move(data)).first->second;
}

void Evaluator::addSamples(qint64 n)
{
    m_samplesLoaded += n;
    if (m_samplesLoaded > m_limits.maxSamples)
        throw EvalError { QStringLiteral("query processing would load too many samples into memory in query "
                                         "execution (limit %1 samples)")
                              .arg(m_limits.maxSamples) };
}

Evaluator::SelectorData& Evaluator::subqueryData(const Expr& sq)
{
    auto it = m_selectors.find(&sq);
    if (it != m_selectors.end())
        return *it->second;
    const qint64 step = sq.stepMs > 0 ? sq.stepMs : m_limits.subqueryStepMs;
    const qint64 refA = refTime(sq, m_startMs);
    const qint64 refB = refTime(sq, m_endMs);
    const qint64 lo = std::min(refA, refB) - sq.rangeMs;
    const qint64 hi = std::max(refA, refB);
    // engine.go: the first multiple of the step at or after start - offset - range
    // (Go's division truncates toward zero, as C++'s does).
    qint64 innerStart = step * (lo / step);
    if (innerStart < lo)
        innerStart += step;

    Evaluator child(m_store, m_limits, innerStart, std::max(innerStart, hi));
    child.m_queryStartMs = m_queryStartMs;
    child.m_queryEndMs = m_queryEndMs;
    child.m_seriesTouched = m_seriesTouched;
    child.m_samplesLoaded = m_samplesLoaded;

    auto data = std::make_unique<SelectorData>();
    QHash<size_t, size_t> index;
    qint64 points = 0;
    for (qint64 t = innerStart; t <= hi; t += step) {
        Value v = child.eval(*sq.lhs, t);
        for (VectorElement& e : v.vector) {
            auto at = index.constFind(e.hash);
            size_t i = 0;
            if (at == index.cend()) {
                i = data->series.size();
                index.insert(e.hash, i);
                SeriesData s;
                s.labels = e.labels;
                s.hash = e.hash;
                data->series.push_back(std::move(s));
            } else {
                i = *at;
            }
            data->series[i].samples.push_back({ t, e.value });
        }
        points += qint64(v.vector.size());
        child.recycle(std::move(v.vector));
        if (child.m_samplesLoaded + points > m_limits.maxSamples)
            break; // reported below
    }
    m_seriesTouched = child.m_seriesTouched;
    m_samplesLoaded = child.m_samplesLoaded;
    addSamples(points);
    for (SeriesData& s : data->series) {
        s.noName = dropMetricName(s.labels);
        s.noNameHash = labelsHash(s.noName);
        s.drops.resize(s.samples.size());
        s.drops[0] = 0;
        for (size_t i = 1; i < s.samples.size(); ++i)
            s.drops[i] = s.drops[i - 1] + (s.samples[i].value < s.samples[i - 1].value ? 1 : 0);
    }
    std::sort(data->series.begin(), data->series.end(),
        [](const SeriesData& a, const SeriesData& b) { return a.labels < b.labels; });
    std::vector<size_t> hashes, noNameHashes;
    for (const SeriesData& s : data->series) {
        hashes.push_back(s.hash);
        noNameHashes.push_back(s.noNameHash);
    }
    data->uniqueHashes = hashesUnique(std::move(hashes));
    data->uniqueNoNameHashes = hashesUnique(std::move(noNameHashes));
    return *m_selectors.emplace(&sq, std::move(data)).first->second;
}

Evaluator::SelectorData& Evaluator::rangeData(const Expr& ms, const Expr** modifiers)
{
    if (ms.kind == Expr::Kind::Subquery) {
        *modifiers = &ms;
        return subqueryData(ms);
    }
    *modifiers = ms.lhs.get();
    return selector(*ms.lhs, ms.rangeMs, true);
}

Vector Evaluator::evalVectorSelector(const Expr& vs, qint64 t)
{
    const SelectorData& data = selector(vs, 0, false);
    const qint64 ref = refTime(vs, t);
    const qint64 minTs = ref - m_limits.lookbackMs;
    Vector out = takeVector(data.series.size());
    for (const SeriesData& s : data.series) {
        auto it = std::upper_bound(
            s.samples.begin(), s.samples.end(), ref, [](qint64 v, const Sample& x) { return v < x.timestampMs; });
        if (it == s.samples.begin())
            continue;
        --it;
        if (it->timestampMs < minTs || metrics::isStaleMarker(it->value))
            continue;
        out.push_back({ s.labels, s.hash, it->value, it->timestampMs });
    }
    return out;
}

QList<ResultSeries> Evaluator::evalMatrix(const Expr& ms, qint64 t)
{
    const Expr* vs = nullptr;
    const SelectorData& data = rangeData(ms, &vs);
    const qint64 ref = refTime(*vs, t);
    QList<ResultSeries> out;
    for (const SeriesData& s : data.series) {
        auto lo = std::lower_bound(s.samples.begin(), s.samples.end(), ref - ms.rangeMs,
            [](const Sample& x, qint64 v) { return x.timestampMs < v; });
        auto hi = std::upper_bound(
            lo, s.samples.end(), ref, [](qint64 v, const Sample& x) { return v < x.timestampMs; });
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
    m_seen.reset(v.size());
    for (const VectorElement& e : v) {
        if (!m_seen.insert(e.hash))
            throw EvalError { QStringLiteral("vector cannot contain metrics with the same labelset") };
    }
}

Vector Evaluator::takeVector(size_t reserve)
{
    Vector v;
    if (!m_spare.empty()) {
        v = std::move(m_spare.back());
        m_spare.pop_back();
    }
    v.reserve(reserve);
    return v;
}

void Evaluator::recycle(Vector&& v)
{
    if (v.capacity() == 0 || m_spare.size() >= 32)
        return;
    v.clear();
    m_spare.push_back(std::move(v));
}

void Evaluator::labelReplaceCached(const Expr& call, Vector& v)
{
    auto it = m_labelReplace.find(&call);
    if (it == m_labelReplace.end())
        it = m_labelReplace.emplace(&call, std::make_unique<LabelReplaceCache>(call)).first; // throws on bad args
    LabelReplaceCache& cache = *it->second;
    for (VectorElement& e : v) {
        auto hit = cache.results.find(e.hash);
        if (hit == cache.results.end() || !(hit->in == e.labels)) {
            LabelReplaceCache::Entry entry;
            entry.in = e.labels;
            if (std::optional<Labels> replaced = cache.replacer.apply(e.labels)) {
                entry.changed = true;
                entry.out = std::move(*replaced);
                entry.hash = labelsHash(entry.out);
            }
            hit = cache.results.insert(e.hash, std::move(entry)); // a colliding hash just replaces the entry
        }
        if (hit->changed) {
            e.labels = hit->out;
            e.hash = hit->hash;
        }
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
    case Expr::Kind::Paren:
        return eval(*e.lhs, t);
    case Expr::Kind::VectorSelector:
        out.vector = evalVectorSelector(e, t);
        return out;
    case Expr::Kind::MatrixSelector:
    case Expr::Kind::Subquery:
        throw EvalError { QStringLiteral("range vector selector cannot be evaluated here") };
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
    case Expr::Kind::Call:
        return evalCall(e, t);
    case Expr::Kind::Binary:
        return evalBinary(e, t);
    case Expr::Kind::Aggregate:
        return evalAggregate(e, t);
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
        if (ms.kind != Expr::Kind::MatrixSelector && ms.kind != Expr::Kind::Subquery)
            throw EvalError { QStringLiteral("function \"%1\" needs a range vector selector").arg(name) };
        const Expr* modifiers = nullptr;
        const SelectorData& data = rangeData(ms, &modifiers);
        const Expr& vs = *modifiers;
        const qint64 ref = refTime(vs, t);
        ctx.rangeEndMs = ref;
        ctx.rangeStartMs = ref - ms.rangeMs;
        ctx.rangeMs = ms.rangeMs;
        ctx.evalTimeMs = vs.at == AtKind::None ? t : m_startMs; // 2.42 evaluates @-pinned calls once, at start
        const bool keepName = *fn == RangeFunction::LastOverTime;
        // Windows [rangeStart, ref]: while steps ascend both ends only move forward,
        // so each series' samples are walked once for the whole query.
        WindowCursor& cursor = m_windows[&ms];
        const size_t n = data.series.size();
        if (!cursor.valid || ref < cursor.lastRefMs || cursor.bounds.size() != n) {
            cursor.bounds.resize(n);
            for (size_t i = 0; i < n; ++i) {
                const std::vector<Sample>& xs = data.series[i].samples;
                auto lo = std::lower_bound(xs.begin(), xs.end(), ctx.rangeStartMs,
                    [](const Sample& x, qint64 v) { return x.timestampMs < v; });
                auto hi = std::upper_bound(
                    lo, xs.end(), ref, [](qint64 v, const Sample& x) { return v < x.timestampMs; });
                cursor.bounds[i] = { size_t(lo - xs.begin()), size_t(hi - xs.begin()) };
            }
            cursor.valid = true;
        } else {
            for (size_t i = 0; i < n; ++i) {
                const std::vector<Sample>& xs = data.series[i].samples;
                auto& [lo, hi] = cursor.bounds[i];
                while (lo < xs.size() && xs[lo].timestampMs < ctx.rangeStartMs)
                    ++lo;
                hi = std::max(hi, lo);
                while (hi < xs.size() && xs[hi].timestampMs <= ref)
                    ++hi;
            }
        }
        cursor.lastRefMs = ref;
        out.vector = takeVector(n);
        for (size_t i = 0; i < n; ++i) {
            const auto [lo, hi] = cursor.bounds[i];
            if (lo == hi)
                continue;
            const SeriesData& s = data.series[i];
            ctx.noCounterDrops = s.drops[hi - 1] == s.drops[lo];
            const std::optional<double> v
                = evalRangeFunction(*fn, std::span<const Sample>(&s.samples[lo], hi - lo), ctx);
            if (!v)
                continue;
            if (keepName)
                out.vector.push_back({ s.labels, s.hash, *v, t });
            else
                out.vector.push_back({ s.noName, s.noNameHash, *v, t });
        }
        // Distinct hashes over the whole selector mean distinct hashes in any step.
        if (!(keepName ? data.uniqueHashes : data.uniqueNoNameHashes))
            checkDuplicates(out.vector);
        return out;
    }
    if (name == u"absent_over_time") {
        const Expr& ms = unwrapParens(*e.args[0]);
        bool any = false;
        if (ms.kind == Expr::Kind::MatrixSelector || ms.kind == Expr::Kind::Subquery) {
            const Expr* modifiers = nullptr;
            const SelectorData& data = rangeData(ms, &modifiers);
            const qint64 ref = refTime(*modifiers, t);
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
            out.vector.push_back({ l, labelsHash(l), 1.0, t });
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
        out.vector.push_back({ Labels(), labelsHash(Labels()), v, t });
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
            out.vector.push_back({ l, labelsHash(l), 1.0, t });
        }
        return out;
    }
    if (name == u"histogram_quantile") {
        const double q = evalScalar(*e.args[0], t);
        Value in = eval(*e.args[1], t);
        out.vector = histogramQuantile(q, in.vector);
        recycle(std::move(in.vector));
        checkDuplicates(out.vector);
        return out;
    }
    if (name == u"label_replace") {
        out = eval(*e.args[0], t);
        out.type = ExprType::Vector;
        labelReplaceCached(e, out.vector);
        checkDuplicates(out.vector);
        return out;
    }
    if (name == u"sort" || name == u"sort_desc") {
        out = eval(*e.args[0], t);
        const bool desc = name == u"sort_desc";
        std::stable_sort(
            out.vector.begin(), out.vector.end(), [desc](const VectorElement& a, const VectorElement& b) {
                if (std::isnan(b.value) && !std::isnan(a.value))
                    return true;
                if (std::isnan(a.value))
                    return false;
                return desc ? a.value > b.value : a.value < b.value;
            });
        return out;
    }
    if (name == u"label_join") {
        out = eval(*e.args[0], t);
        out.type = ExprType::Vector;
        QList<QByteArray> sources;
        for (size_t i = 3; i < e.args.size(); ++i)
            sources.append(unwrapParens(*e.args[i]).string);
        labelJoin(out.vector, unwrapParens(*e.args[1]).string, unwrapParens(*e.args[2]).string, sources);
        checkDuplicates(out.vector);
        return out;
    }
    // abs, ceil, floor, round, clamp*, timestamp, exp, ...: vector plus scalar args.
    // timestamp() of a selector, parenthesised or not, gives the samples' own
    // times (2.42 engine.go unwraps ParenExpr before its VectorSelector check).
    const bool selectorArg = unwrapParens(*e.args[0]).kind == Expr::Kind::VectorSelector;
    out = eval(*e.args[0], t);
    if (!(name == u"timestamp" && selectorArg))
        for (VectorElement& x : out.vector)
            x.timestampMs = t;
    std::vector<double> scalars;
    for (size_t i = 1; i < e.args.size(); ++i)
        scalars.push_back(evalScalar(*e.args[i], t));
    if (!applySimpleFunction(name, out.vector, scalars))
        throw EvalError { QStringLiteral("function \"%1\" is not implemented").arg(name) };
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
        static const VectorMatching kDefaultMatching;
        const VectorMatching& matching = e.matching ? *e.matching : kDefaultMatching;
        std::unique_ptr<BinopCache>& cache = m_binops[&e];
        if (!cache)
            cache = std::make_unique<BinopCache>();
        switch (e.binOp) {
        case BinOp::And:
            out.vector = vectorAnd(lhs.vector, rhs.vector, matching, takeVector(lhs.vector.size()), cache.get());
            break;
        case BinOp::Or:
            out.vector = vectorOr(std::move(lhs.vector), rhs.vector, matching, cache.get());
            break;
        case BinOp::Unless:
            out.vector
                = vectorUnless(lhs.vector, rhs.vector, matching, takeVector(lhs.vector.size()), cache.get());
            break;
        default:
            out.vector = vectorBinop(e.binOp, lhs.vector, rhs.vector, matching, e.returnBool,
                takeVector(std::max(lhs.vector.size(), rhs.vector.size())), cache.get());
            break;
        }
    }
    recycle(std::move(lhs.vector));
    recycle(std::move(rhs.vector));
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
    Value in = eval(*e.lhs, t);
    auto it = m_aggregations.find(&e);
    if (it == m_aggregations.end())
        it = m_aggregations.emplace(&e, std::make_unique<Aggregations>(e)).first;
    Value out;
    out.vector = it->second->evaluate(in.vector, param, stringParam, takeVector(0));
    recycle(std::move(in.vector));
    return out;
}

} // namespace opsdeck::query
