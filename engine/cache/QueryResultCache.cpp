#include "cache/QueryResultCache.h"

#include "query/Ast.h"
#include "query/Parser.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QHash>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <thread>

namespace opsdeck::cache {

using query::QueryOptions;
using query::QueryResult;
using query::ResultSeries;

namespace {

constexpr QByteArrayView kVersion = "qrc1";
constexpr qsizetype kMaxPlainKeyBytes = 160;
constexpr char kMagic[4] = { 'Q', 'R', 'C', 1 };

qint64 floorDiv(qint64 a, qint64 b)
{
    qint64 q = a / b;
    if (a % b != 0 && ((a < 0) != (b < 0)))
        --q;
    return q;
}

qint64 floorMod(qint64 a, qint64 b)
{
    return a - floorDiv(a, b) * b;
}

bool cacheable(const QueryResult& r)
{
    return r.ok && r.warnings.isEmpty();
}

// ---- canonical expression text -------------------------------------------------------------

void quote(QByteArray& out, QByteArrayView s)
{
    out += '"';
    for (char c : s) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    out += '"';
}

QByteArray number(double d)
{
    if (std::isnan(d))
        return QByteArrayLiteral("NaN");
    if (std::isinf(d))
        return d > 0 ? QByteArrayLiteral("+Inf") : QByteArrayLiteral("-Inf");
    return QByteArray::number(d, 'g', 17);
}

void labelList(QByteArray& out, const QList<QByteArray>& labels)
{
    out += '(';
    for (qsizetype i = 0; i < labels.size(); ++i) {
        if (i)
            out += ',';
        out += labels[i];
    }
    out += ')';
}

// Prints the checked tree fully parenthesised, so precedence, redundant
// parentheses and spacing in the input do not matter; matchers are sorted
// (a selector's matchers are a set).
struct Printer
{
    QByteArray out;
    QString bypassReason;

    void matchers(const query::Expr& vs)
    {
        QList<metrics::LabelMatcher> ms = vs.matchers;
        std::sort(ms.begin(), ms.end(), [](const metrics::LabelMatcher& a, const metrics::LabelMatcher& b) {
            if (a.name() != b.name())
                return a.name() < b.name();
            if (a.type() != b.type())
                return int(a.type()) < int(b.type());
            return a.value() < b.value();
        });
        static const char* ops[] = { "=", "!=", "=~", "!~" };
        out += '{';
        for (qsizetype i = 0; i < ms.size(); ++i) {
            if (i)
                out += ',';
            out += ms[i].name();
            out += ops[int(ms[i].type())];
            quote(out, ms[i].value());
        }
        out += '}';
    }

    void modifiers(const query::Expr& vs)
    {
        if (vs.offsetMs != 0) {
            out += " offset ";
            out += QByteArray::number(vs.offsetMs);
            out += "ms";
            if (vs.offsetMs < 0 && bypassReason.isEmpty())
                bypassReason = QStringLiteral("negative-offset");
        }
        if (vs.at != query::AtKind::None) {
            // The value depends on the query's range (start()/end()) or pins a
            // time that may lie past the freshness line: never cached (#7011).
            if (vs.at == query::AtKind::Start) {
                out += " @start()";
            } else if (vs.at == query::AtKind::End) {
                out += " @end()";
            } else {
                out += " @";
                out += QByteArray::number(vs.atMs);
                out += "ms";
            }
            bypassReason = QStringLiteral("at-modifier");
        }
    }

    void print(const query::Expr& e)
    {
        using K = query::Expr::Kind;
        switch (e.kind) {
        case K::Number:
            out += number(e.number);
            break;
        case K::String:
            quote(out, e.string);
            break;
        case K::VectorSelector:
            matchers(e);
            modifiers(e);
            break;
        case K::MatrixSelector:
            matchers(*e.lhs);
            out += '[';
            out += QByteArray::number(e.rangeMs);
            out += "ms]";
            modifiers(*e.lhs);
            break;
        case K::Subquery:
            // Its steps sit on absolute multiples of the step, so each outer
            // evaluation depends on its own time only: cacheable like the rest.
            out += '(';
            print(*e.lhs);
            out += ")[";
            out += QByteArray::number(e.rangeMs);
            out += "ms:";
            if (e.stepMs > 0) {
                out += QByteArray::number(e.stepMs);
                out += "ms";
            }
            out += ']';
            modifiers(e);
            break;
        case K::Call:
            out += e.function.toUtf8();
            out += '(';
            for (size_t i = 0; i < e.args.size(); ++i) {
                if (i)
                    out += ',';
                print(*e.args[i]);
            }
            out += ')';
            break;
        case K::Aggregate:
            out += query::aggOpName(e.aggOp).toUtf8();
            if (e.without) {
                out += " without";
                labelList(out, e.grouping);
            } else if (!e.grouping.isEmpty()) {
                out += " by";
                labelList(out, e.grouping);
            }
            out += '(';
            if (e.param) {
                print(*e.param);
                out += ',';
            }
            print(*e.lhs);
            out += ')';
            break;
        case K::Binary:
            out += '(';
            print(*e.lhs);
            out += ' ';
            out += query::binOpName(e.binOp).toUtf8();
            if (e.returnBool)
                out += " bool";
            if (e.matching) {
                const query::VectorMatching& m = *e.matching;
                out += m.on ? " on" : " ignoring";
                labelList(out, m.matchingLabels);
                static const char* cards[] = { "", " group_left", " group_right", " many_to_many" };
                out += cards[int(m.card)];
                if (m.card == query::Cardinality::ManyToOne || m.card == query::Cardinality::OneToMany)
                    labelList(out, m.include);
            }
            out += ' ';
            print(*e.rhs);
            out += ')';
            break;
        case K::Unary:
            out += "(-";
            print(*e.lhs);
            out += ')';
            break;
        case K::Paren:
            print(*e.lhs);
            break;
        }
    }
};

// ---- value encoding -------------------------------------------------------------------------
// Hand-rolled and compact: LEB128 varints, zigzag for signed numbers,
// timestamps as deltas from the previous point, values as their 8-byte IEEE
// bit patterns (so NaN payloads, the staleness marker, and infinities survive).

class Writer
{
public:
    QByteArray out;
    void u(quint64 v)
    {
        while (v >= 0x80) {
            out += char(quint8(v) | 0x80);
            v >>= 7;
        }
        out += char(quint8(v));
    }
    void s(qint64 v) { u((quint64(v) << 1) ^ quint64(v >> 63)); }
    void bytes(QByteArrayView b)
    {
        u(quint64(b.size()));
        out.append(b.data(), b.size());
    }
    void str(const QString& v) { bytes(v.toUtf8()); }
    void f(double v)
    {
        const quint64 bits = std::bit_cast<quint64>(v);
        for (int i = 0; i < 8; ++i)
            out += char(quint8(bits >> (8 * i)));
    }
};

class Reader
{
public:
    explicit Reader(const QByteArray& in)
        : m_p(reinterpret_cast<const quint8*>(in.constData()))
        , m_end(m_p + in.size())
    { }
    bool ok() const { return m_ok; }
    qsizetype left() const { return m_end - m_p; }
    bool fail()
    {
        m_ok = false;
        return false;
    }
    bool skip(QByteArrayView magic)
    {
        if (left() < magic.size() || std::memcmp(m_p, magic.data(), size_t(magic.size())) != 0)
            return fail();
        m_p += magic.size();
        return true;
    }
    quint64 u()
    {
        quint64 v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_p >= m_end) {
                fail();
                return 0;
            }
            const quint8 b = *m_p++;
            v |= quint64(b & 0x7f) << shift;
            if (!(b & 0x80))
                return v;
        }
        fail();
        return 0;
    }
    qint64 s()
    {
        const quint64 v = u();
        return qint64(v >> 1) ^ -qint64(v & 1);
    }
    // A count of items each at least minBytes long: refuses counts the rest cannot hold.
    qsizetype count(qsizetype minBytes)
    {
        const quint64 n = u();
        if (!m_ok || n > quint64(left() / std::max<qsizetype>(minBytes, 1))) {
            fail();
            return 0;
        }
        return qsizetype(n);
    }
    QByteArray bytes()
    {
        const qsizetype n = count(1);
        if (!m_ok)
            return {};
        QByteArray b(reinterpret_cast<const char*>(m_p), n);
        m_p += n;
        return b;
    }
    QString str() { return QString::fromUtf8(bytes()); }
    double f()
    {
        if (left() < 8) {
            fail();
            return 0;
        }
        quint64 bits = 0;
        for (int i = 0; i < 8; ++i)
            bits |= quint64(m_p[i]) << (8 * i);
        m_p += 8;
        return std::bit_cast<double>(bits);
    }

private:
    const quint8* m_p;
    const quint8* m_end;
    bool m_ok = true;
};

// ---- merging pieces -------------------------------------------------------------------------

// Series by labels, points appended in time order (pieces are added in order).
class Merger
{
public:
    // Adds the points of series with timestamps in [lo, hi]; returns how many.
    qint64 add(const QList<ResultSeries>& series, qint64 lo, qint64 hi)
    {
        qint64 added = 0;
        for (const ResultSeries& s : series) {
            const auto first = std::lower_bound(s.points.cbegin(), s.points.cend(), lo,
                [](const metrics::Sample& p, qint64 t) { return p.timestampMs < t; });
            auto last = first;
            while (last != s.points.cend() && last->timestampMs <= hi)
                ++last;
            if (first == last)
                continue;
            auto it = m_index.constFind(s.labels);
            qsizetype i;
            if (it == m_index.cend()) {
                i = m_series.size();
                m_index.insert(s.labels, i);
                m_series.append(ResultSeries { s.labels, {} });
            } else {
                i = *it;
            }
            QList<metrics::Sample>& out = m_series[i].points;
            for (auto p = first; p != last; ++p)
                out.append(*p);
            added += last - first;
        }
        return added;
    }
    QList<ResultSeries> take()
    {
        std::sort(m_series.begin(), m_series.end(),
            [](const ResultSeries& a, const ResultSeries& b) { return a.labels < b.labels; });
        m_index.clear();
        return std::move(m_series);
    }

private:
    QHash<metrics::Labels, qsizetype> m_index;
    QList<ResultSeries> m_series;
};

} // namespace

// ---- shared state ---------------------------------------------------------------------------

struct QueryResultCache::Counters
{
    std::atomic<qint64> rangeQueries { 0 };
    std::atomic<qint64> instantQueries { 0 };
    std::atomic<qint64> piecesHit { 0 };
    std::atomic<qint64> piecesComputed { 0 };
    std::atomic<qint64> sourceCalls { 0 };
    std::atomic<qint64> bypassed { 0 };
    std::atomic<qint64> pointsFromCache { 0 };
    std::atomic<qint64> pointsFromSource { 0 };
    std::mutex reasonsMutex;
    QMap<QString, qint64> reasons;
};

// One call's view for the computations it hands to MultiLevelCache. Those may
// run later on another thread (an XFetch early refresh): they then use no
// cancel flag (the caller's may be gone) and report nothing back.
struct QueryResultCache::CallContext
{
    std::thread::id thread = std::this_thread::get_id();
    std::atomic<bool> active { true };
    const std::atomic_bool* cancelled = nullptr;
    QDeadlineTimer deadline { QDeadlineTimer::Forever };
    // Set by a computation that ran on the caller's thread during the call:
    bool computed = false;
    std::optional<QueryResult> failure;
    std::optional<Entry> entry;

    bool foreground() const { return active.load() && std::this_thread::get_id() == thread; }
    QueryOptions optionsFor(const QueryOptions& base) const
    {
        QueryOptions o = base;
        o.cancelled = nullptr;
        if (!foreground())
            return o;
        o.cancelled = cancelled;
        if (!deadline.isForever())
            o.timeoutMs = std::max<qint64>(1, deadline.remainingTime());
        return o;
    }
};

namespace {

// Marks the context inactive when the call returns, so late computations never touch the caller's flag.
struct Deactivate
{
    std::shared_ptr<void> ctx;
    std::atomic<bool>* active;
    ~Deactivate() { active->store(false); }
};

} // namespace

QueryResultCache::QueryResultCache(
    std::shared_ptr<const query::QuerySource> inner, QString sourceKey, MultiLevelCache* cache, Options options)
    : m_inner(std::move(inner))
    , m_cache(cache)
    , m_options(options)
    , m_sourceKey(std::move(sourceKey))
    , m_counters(std::make_shared<Counters>())
{
    if (!m_options.clock)
        m_options.clock = SystemClock::instance();
    m_options.freshnessMs = std::max<qint64>(0, m_options.freshnessMs);
    m_options.splitMs = std::max<qint64>(1, m_options.splitMs);
}

QString QueryResultCache::name() const
{
    return m_inner->name();
}

void QueryResultCache::setSourceKey(QString sourceKey)
{
    std::lock_guard lock(m_keyMutex);
    m_sourceKey = std::move(sourceKey);
}

QString QueryResultCache::sourceKey() const
{
    std::lock_guard lock(m_keyMutex);
    return m_sourceKey;
}

QueryResultCache::Stats QueryResultCache::stats() const
{
    Stats s;
    const Counters& c = *m_counters;
    s.rangeQueries = c.rangeQueries.load();
    s.instantQueries = c.instantQueries.load();
    s.piecesHit = c.piecesHit.load();
    s.piecesComputed = c.piecesComputed.load();
    s.sourceCalls = c.sourceCalls.load();
    s.bypassed = c.bypassed.load();
    s.pointsFromCache = c.pointsFromCache.load();
    s.pointsFromSource = c.pointsFromSource.load();
    std::lock_guard lock(m_counters->reasonsMutex);
    s.bypassReasons = c.reasons;
    return s;
}

void QueryResultCache::countBypass(const QString& reason) const
{
    m_counters->bypassed.fetch_add(1);
    std::lock_guard lock(m_counters->reasonsMutex);
    ++m_counters->reasons[reason];
}

QueryResultCache::Normalized QueryResultCache::normalize(const QString& expr)
{
    const query::ParseResult parsed = query::Parser::parse(expr);
    if (!parsed.expr)
        return { QString(), QStringLiteral("unparsed") };
    Printer printer;
    printer.print(*parsed.expr);
    return { QString::fromUtf8(printer.out), printer.bypassReason };
}

QByteArray QueryResultCache::storageKey(const QByteArray& fullKey, char kind)
{
    if (fullKey.size() <= kMaxPlainKeyBytes)
        return fullKey;
    return kVersion.toByteArray() + '#' + kind + '#'
        + QCryptographicHash::hash(fullKey, QCryptographicHash::Sha256).toHex();
}

QueryResultCache::EntryKind QueryResultCache::entryKind(const QByteArray& key)
{
    if (!key.startsWith(kVersion))
        return EntryKind::Other;
    const QByteArrayView rest = QByteArrayView(key).sliced(kVersion.size());
    if (rest.startsWith("#i#"))
        return EntryKind::Instant;
    if (rest.startsWith("#r#"))
        return EntryKind::RangePiece;
    // Plain: "qrc1|source|i|..." (the source key is name@hash; look for the marker after it).
    const qsizetype at = rest.indexOf('@');
    const QByteArrayView tail = at < 0 ? rest : rest.sliced(at);
    const qsizetype i = tail.indexOf("|i|");
    const qsizetype r = tail.indexOf("|r|");
    if (i >= 0 && (r < 0 || i < r))
        return EntryKind::Instant;
    return r >= 0 ? EntryKind::RangePiece : EntryKind::Other;
}

QByteArray QueryResultCache::encode(const Entry& entry)
{
    Writer w;
    w.out.reserve(64 + entry.fullKey.size());
    w.out.append(kMagic, sizeof kMagic);
    w.bytes(entry.fullKey);
    w.s(entry.coveredEndMs);
    const QueryResult& r = entry.result;
    w.u(r.ok ? 1 : 0);
    w.str(r.errorType);
    w.str(r.error);
    w.u(quint64(r.type));
    w.s(r.scalar.timestampMs);
    w.f(r.scalar.value);
    w.str(r.string);
    w.u(quint64(r.warnings.size()));
    for (const QString& warning : r.warnings)
        w.str(warning);
    w.u(quint64(r.series.size()));
    for (const ResultSeries& s : r.series) {
        w.u(quint64(s.labels.size()));
        for (const metrics::Label& l : s.labels) {
            w.bytes(l.name);
            w.bytes(l.value);
        }
        w.u(quint64(s.points.size()));
        qint64 previous = 0;
        for (const metrics::Sample& p : s.points) {
            w.s(p.timestampMs - previous);
            previous = p.timestampMs;
            w.f(p.value);
        }
    }
    return std::move(w.out);
}

std::optional<QueryResultCache::Entry> QueryResultCache::decode(const QByteArray& bytes)
{
    Reader rd(bytes);
    if (!rd.skip(QByteArrayView(kMagic, sizeof kMagic)))
        return std::nullopt;
    Entry e;
    e.fullKey = rd.bytes();
    e.coveredEndMs = rd.s();
    QueryResult& r = e.result;
    r.ok = rd.u() == 1;
    r.errorType = rd.str();
    r.error = rd.str();
    const quint64 type = rd.u();
    if (type > quint64(query::ValueType::String))
        return std::nullopt;
    r.type = query::ValueType(type);
    r.scalar.timestampMs = rd.s();
    r.scalar.value = rd.f();
    r.string = rd.str();
    const qsizetype warnings = rd.count(1);
    for (qsizetype i = 0; i < warnings && rd.ok(); ++i)
        r.warnings.append(rd.str());
    const qsizetype seriesCount = rd.count(2);
    r.series.reserve(seriesCount);
    for (qsizetype i = 0; i < seriesCount && rd.ok(); ++i) {
        ResultSeries s;
        const qsizetype labelCount = rd.count(2);
        QList<metrics::Label> labels;
        labels.reserve(labelCount);
        for (qsizetype j = 0; j < labelCount && rd.ok(); ++j) {
            metrics::Label l;
            l.name = rd.bytes();
            l.value = rd.bytes();
            if (!labels.isEmpty() && !(labels.constLast().name < l.name))
                return std::nullopt; // not sorted and unique: not something encode() wrote
            labels.append(std::move(l));
        }
        s.labels = metrics::Labels::fromSorted(std::move(labels));
        const qsizetype pointCount = rd.count(9);
        s.points.reserve(pointCount);
        qint64 t = 0;
        for (qsizetype j = 0; j < pointCount && rd.ok(); ++j) {
            t += rd.s();
            const double v = rd.f();
            s.points.append({ t, v });
        }
        r.series.append(std::move(s));
    }
    if (!rd.ok() || rd.left() != 0)
        return std::nullopt;
    return e;
}

// ---- calls --------------------------------------------------------------------------------------

query::QueryResult QueryResultCache::callRange(
    const QString& expr, qint64 startMs, qint64 endMs, qint64 stepMs, const QueryOptions& options) const
{
    m_counters->sourceCalls.fetch_add(1);
    return m_inner->range(expr, startMs, endMs, stepMs, options);
}

query::QueryResult QueryResultCache::callInstant(
    const QString& expr, qint64 timeMs, const QueryOptions& options) const
{
    m_counters->sourceCalls.fetch_add(1);
    return m_inner->instant(expr, timeMs, options);
}

query::QueryResult QueryResultCache::bypass(const QString& reason, const QString& expr, qint64 startMs,
    qint64 endMs, qint64 stepMs, const QueryOptions& options, bool rangeCall) const
{
    countBypass(reason);
    return rangeCall ? callRange(expr, startMs, endMs, stepMs, options) : callInstant(expr, startMs, options);
}

query::QueryResult QueryResultCache::instant(const QString& expr, qint64 timeMs, const QueryOptions& options) const
{
    m_counters->instantQueries.fetch_add(1);
    if (options.cancelled && options.cancelled->load())
        return query::QueryEngine::canceledResult();
    const Normalized n = normalize(expr);
    if (!n.bypassReason.isEmpty())
        return bypass(n.bypassReason, expr, timeMs, timeMs, 0, options, false);
    if (timeMs > m_options.clock->nowMs() - m_options.freshnessMs)
        return bypass(QStringLiteral("too-new"), expr, timeMs, timeMs, 0, options, false);

    const QByteArray fullKey = kVersion.toByteArray() + '|' + sourceKey().toUtf8() + "|i|" + n.text.toUtf8()
        + "|t=" + QByteArray::number(timeMs)
        + "|lb=" + (options.limits ? QByteArray::number(options.limits->lookbackMs) : QByteArrayLiteral("source"));
    const QByteArray key = storageKey(fullKey, 'i');

    auto ctx = std::make_shared<CallContext>();
    ctx->cancelled = options.cancelled;
    if (options.timeoutMs > 0)
        ctx->deadline = QDeadlineTimer(options.timeoutMs);
    const Deactivate deactivate { ctx, &ctx->active };
    auto counters = m_counters;
    auto inner = m_inner;
    const QueryOptions base = options;
    const std::optional<QByteArray> value = m_cache->getOrCompute(
        key,
        [ctx, counters, inner, base, expr, timeMs, fullKey]() -> std::optional<QByteArray> {
            counters->sourceCalls.fetch_add(1);
            QueryResult r = inner->instant(expr, timeMs, ctx->optionsFor(base));
            const bool fg = ctx->foreground();
            if (fg)
                ctx->computed = true;
            if (!cacheable(r)) {
                if (fg)
                    ctx->failure = std::move(r);
                return std::nullopt;
            }
            Entry e { fullKey, timeMs, std::move(r) };
            QByteArray bytes = encode(e);
            if (fg)
                ctx->entry = std::move(e);
            return bytes;
        },
        m_options.ttlMs);
    if (ctx->failure) // the source's own answer (error or warnings), not cached
        return *ctx->failure;
    if (!value)
        return bypass(QStringLiteral("shared-computation-failed"), expr, timeMs, timeMs, 0, options, false);
    if (ctx->entry) {
        m_counters->piecesComputed.fetch_add(1);
        return ctx->entry->result;
    }
    std::optional<Entry> e = decode(*value);
    if (!e) {
        m_cache->invalidate(key);
        return bypass(QStringLiteral("undecodable"), expr, timeMs, timeMs, 0, options, false);
    }
    if (e->fullKey != fullKey)
        return bypass(QStringLiteral("key-collision"), expr, timeMs, timeMs, 0, options, false);
    m_counters->piecesHit.fetch_add(1);
    return std::move(e->result);
}

query::QueryResult QueryResultCache::range(
    const QString& expr, qint64 startMs, qint64 endMs, qint64 stepMs, const QueryOptions& options) const
{
    m_counters->rangeQueries.fetch_add(1);
    if (options.cancelled && options.cancelled->load())
        return query::QueryEngine::canceledResult();
    // What the source would refuse, it refuses itself (the pieces would pass).
    if (stepMs <= 0 || endMs < startMs || (endMs - startMs) / stepMs > 11000)
        return bypass(QStringLiteral("invalid-range"), expr, startMs, endMs, stepMs, options, true);
    const Normalized n = normalize(expr);
    if (!n.bypassReason.isEmpty())
        return bypass(n.bypassReason, expr, startMs, endMs, stepMs, options, true);

    const qint64 now = m_options.clock->nowMs();
    const qint64 offset = floorMod(startMs, stepMs); // every evaluation time is = offset (mod step)
    const qint64 last = startMs + (endMs - startMs) / stepMs * stepMs;
    // The last evaluation time that may be cached.
    const qint64 cutoff = offset + floorDiv(now - m_options.freshnessMs - offset, stepMs) * stepMs;
    if (cutoff < startMs)
        return bypass(QStringLiteral("too-new"), expr, startMs, endMs, stepMs, options, true);
    const qint64 len = std::max<qint64>(1, m_options.splitMs / stepMs) * stepMs;
    const qint64 cacheLast = std::min(last, cutoff);

    const QByteArray prefix = kVersion.toByteArray() + '|' + sourceKey().toUtf8() + "|r|" + n.text.toUtf8()
        + "|step=" + QByteArray::number(stepMs) + "|len=" + QByteArray::number(len)
        + "|mod=" + QByteArray::number(offset)
        + "|lb=" + (options.limits ? QByteArray::number(options.limits->lookbackMs) : QByteArrayLiteral("source"));

    auto ctx = std::make_shared<CallContext>();
    ctx->cancelled = options.cancelled;
    if (options.timeoutMs > 0)
        ctx->deadline = QDeadlineTimer(options.timeoutMs);
    const Deactivate deactivate { ctx, &ctx->active };
    auto counters = m_counters;
    auto inner = m_inner;
    const QueryOptions base = options;

    Merger merger;
    qint64 cursor = startMs; // the next evaluation time the answer needs
    qint64 fromCache = 0;
    qint64 fromSource = 0;
    struct Extension
    {
        QByteArray key;
        Entry entry;
        qint64 p = 0;
        qint64 want = 0;
    };
    std::optional<Extension> extension;

    for (qint64 piece = floorDiv(startMs - offset, len);; ++piece) {
        const qint64 p = piece * len + offset;
        if (p > cacheLast)
            break;
        if (options.cancelled && options.cancelled->load())
            return query::QueryEngine::canceledResult();
        const qint64 want = std::min(p + len - stepMs, cutoff); // the part of this piece that may be cached
        const qint64 hi = std::min(want, last);
        const QByteArray fullKey = prefix + "|p=" + QByteArray::number(p);
        const QByteArray key = storageKey(fullKey, 'r');
        ctx->computed = false;
        ctx->failure.reset();
        ctx->entry.reset();
        const std::optional<QByteArray> value = m_cache->getOrCompute(
            key,
            [ctx, counters, inner, base, expr, p, want, stepMs, fullKey]() -> std::optional<QByteArray> {
                counters->sourceCalls.fetch_add(1);
                QueryResult r = inner->range(expr, p, want, stepMs, ctx->optionsFor(base));
                const bool fg = ctx->foreground();
                if (fg)
                    ctx->computed = true;
                if (!cacheable(r)) {
                    if (fg)
                        ctx->failure = std::move(r);
                    return std::nullopt;
                }
                Entry e { fullKey, want, std::move(r) };
                QByteArray bytes = encode(e);
                if (fg)
                    ctx->entry = std::move(e);
                return bytes;
            },
            m_options.ttlMs);
        if (ctx->failure) {
            const QueryResult& f = *ctx->failure;
            if (!f.ok) // the source's error: the whole query would meet it too
                return f;
            // Warnings: the answer comes whole from the source, warnings and all.
            return bypass(QStringLiteral("warnings"), expr, startMs, endMs, stepMs, options, true);
        }
        if (!value) // another caller's computation of this piece failed; we do not know why
            return bypass(
                QStringLiteral("shared-computation-failed"), expr, startMs, endMs, stepMs, options, true);
        std::optional<Entry> entry;
        if (ctx->entry) {
            counters->piecesComputed.fetch_add(1);
            entry = std::move(ctx->entry);
        } else {
            entry = decode(*value);
            if (!entry) {
                m_cache->invalidate(key);
                return bypass(QStringLiteral("undecodable"), expr, startMs, endMs, stepMs, options, true);
            }
            if (entry->fullKey != fullKey)
                return bypass(QStringLiteral("key-collision"), expr, startMs, endMs, stepMs, options, true);
            counters->piecesHit.fetch_add(1);
        }
        const bool computedNow = ctx->computed;
        const qint64 covered = std::min(entry->coveredEndMs, want);
        const qint64 taken = merger.add(entry->result.series, cursor, std::min(covered, hi));
        (computedNow ? fromSource : fromCache) += taken;
        if (covered >= hi) {
            cursor = hi + stepMs;
            continue;
        }
        // A cached extent that ends before what may now be cached: one call
        // below asks for everything after it; what of that is older than the
        // freshness line extends this extent and fills the later pieces.
        cursor = std::max(cursor, covered + stepMs);
        extension = Extension { key, std::move(*entry), p, hi };
        break;
    }

    if (cursor <= last) {
        if (options.cancelled && options.cancelled->load())
            return query::QueryEngine::canceledResult();
        const qint64 from = extension ? extension->entry.coveredEndMs + stepMs : cursor;
        QueryResult tail = callRange(expr, from, last, stepMs, ctx->optionsFor(base));
        if (!tail.ok)
            return tail;
        if (!tail.warnings.isEmpty())
            return bypass(QStringLiteral("warnings"), expr, startMs, endMs, stepMs, options, true);
        fromSource += merger.add(tail.series, cursor, last);
        if (extension) {
            Entry& e = extension->entry;
            Merger grown;
            grown.add(e.result.series, extension->p, e.coveredEndMs);
            grown.add(tail.series, e.coveredEndMs + stepMs, extension->want);
            e.result.series = grown.take();
            e.coveredEndMs = extension->want;
            m_cache->put(extension->key, encode(e), m_options.ttlMs);
            // The later pieces the same call answered.
            for (qint64 p = extension->p + len; p <= cacheLast; p += len) {
                Entry next;
                next.fullKey = prefix + "|p=" + QByteArray::number(p);
                next.coveredEndMs = std::min(p + len - stepMs, cacheLast);
                next.result.ok = true;
                next.result.type = query::ValueType::Matrix;
                Merger piece;
                piece.add(tail.series, p, next.coveredEndMs);
                next.result.series = piece.take();
                m_cache->put(storageKey(next.fullKey, 'r'), encode(next), m_options.ttlMs);
                counters->piecesComputed.fetch_add(1);
            }
        }
    }

    counters->pointsFromCache.fetch_add(fromCache);
    counters->pointsFromSource.fetch_add(fromSource);
    QueryResult r;
    r.ok = true;
    r.type = query::ValueType::Matrix;
    r.series = merger.take();
    return r;
}

query::SeriesResult QueryResultCache::series(
    const QStringList& selectors, qint64 startMs, qint64 endMs, const QueryOptions& options) const
{
    m_counters->sourceCalls.fetch_add(1);
    return m_inner->series(selectors, startMs, endMs, options);
}

query::LabelsResult QueryResultCache::labelNames(
    const QStringList& selectors, qint64 startMs, qint64 endMs, const QueryOptions& options) const
{
    m_counters->sourceCalls.fetch_add(1);
    return m_inner->labelNames(selectors, startMs, endMs, options);
}

query::LabelsResult QueryResultCache::labelValues(const QString& label, const QStringList& selectors,
    qint64 startMs, qint64 endMs, const QueryOptions& options) const
{
    m_counters->sourceCalls.fetch_add(1);
    return m_inner->labelValues(label, selectors, startMs, endMs, options);
}

} // namespace opsdeck::cache
