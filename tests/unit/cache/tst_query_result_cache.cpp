// engine/cache/QueryResultCache: the query-result cache in front of the real
// evaluator (LocalQuerySource over a SeriesStore). A small counting decorator
// between the cache and the local source forwards every call and records the
// spans it was asked (instrumentation); for the failure cases it can also add
// a warning to real answers or answer "unavailable" for calls touching a
// window, as a remote Prometheus does. "Now" is a ManualClock.
#include "cache/MemoryCache.h"
#include "cache/MultiLevelCache.h"
#include "cache/QueryResultCache.h"
#include "metrics/SeriesStore.h"
#include "query/LocalQuerySource.h"

#include <QTest>

#include <bit>
#include <cmath>
#include <limits>
#include <mutex>
#include <random>
#include <thread>
#include <utility>

using namespace opsdeck;
using metrics::Labels;
using query::QueryResult;

namespace {

constexpr qint64 kS = 1000;
constexpr qint64 kMin = 60 * kS;
constexpr qint64 kHour = 60 * kMin;
constexpr qint64 kT0 = 1'700'000'000'000; // data start
constexpr qint64 kDataEnd = kT0 + 6 * kHour;
constexpr qint64 kNow = kDataEnd + 2 * kMin; // the last samples are 2 min old

struct Call
{
    QString kind;
    QString expr;
    qint64 startMs = 0;
    qint64 endMs = 0;
    qint64 stepMs = 0;
};

class CountingSource final : public query::QuerySource
{
public:
    explicit CountingSource(std::shared_ptr<const query::QuerySource> inner)
        : m_inner(std::move(inner))
    { }

    QString name() const override { return m_inner->name(); }
    QueryResult instant(const QString& expr, qint64 timeMs, const query::QueryOptions& o = {}) const override
    {
        record({ QStringLiteral("instant"), expr, timeMs, timeMs, 0 });
        return adjust(m_inner->instant(expr, timeMs, o), timeMs, timeMs);
    }
    QueryResult range(const QString& expr, qint64 startMs, qint64 endMs, qint64 stepMs,
        const query::QueryOptions& o = {}) const override
    {
        record({ QStringLiteral("range"), expr, startMs, endMs, stepMs });
        return adjust(m_inner->range(expr, startMs, endMs, stepMs, o), startMs, endMs);
    }
    query::SeriesResult series(
        const QStringList& s, qint64 a, qint64 b, const query::QueryOptions& o = {}) const override
    {
        record({ QStringLiteral("series"), s.join(u','), a, b, 0 });
        return m_inner->series(s, a, b, o);
    }
    query::LabelsResult labelNames(
        const QStringList& s, qint64 a, qint64 b, const query::QueryOptions& o = {}) const override
    {
        record({ QStringLiteral("labels"), s.join(u','), a, b, 0 });
        return m_inner->labelNames(s, a, b, o);
    }
    query::LabelsResult labelValues(const QString& l, const QStringList& s, qint64 a, qint64 b,
        const query::QueryOptions& o = {}) const override
    {
        record({ QStringLiteral("values"), l, a, b, 0 });
        return m_inner->labelValues(l, s, a, b, o);
    }

    QList<Call> takeCalls()
    {
        std::lock_guard lock(m_mutex);
        return std::exchange(m_calls, {});
    }
    // Calls whose span touches [from, to] answer "unavailable" (from > to: none).
    void failWindow(qint64 from, qint64 to)
    {
        std::lock_guard lock(m_mutex);
        m_failFrom = from;
        m_failTo = to;
    }
    // Calls whose span touches [from, to] get a warning added to the real answer.
    void warnWindow(qint64 from, qint64 to)
    {
        std::lock_guard lock(m_mutex);
        m_warnFrom = from;
        m_warnTo = to;
    }

private:
    void record(const Call& c) const
    {
        std::lock_guard lock(m_mutex);
        m_calls.append(c);
    }
    QueryResult adjust(QueryResult r, qint64 a, qint64 b) const
    {
        std::lock_guard lock(m_mutex);
        if (a <= m_failTo && b >= m_failFrom) {
            QueryResult f;
            f.errorType = QStringLiteral("unavailable");
            f.error = QStringLiteral("data source test: connection refused");
            return f;
        }
        if (r.ok && a <= m_warnTo && b >= m_warnFrom)
            r.warnings.append(QStringLiteral("partial response: store 2 unreachable"));
        return r;
    }

    std::shared_ptr<const query::QuerySource> m_inner;
    mutable std::mutex m_mutex;
    mutable QList<Call> m_calls;
    qint64 m_failFrom = 1;
    qint64 m_failTo = 0;
    qint64 m_warnFrom = 1;
    qint64 m_warnTo = 0;
};

bool sameValue(double a, double b)
{
    return std::bit_cast<quint64>(a) == std::bit_cast<quint64>(b) || (std::isnan(a) && std::isnan(b));
}

// Empty when equal (labels, order, timestamps, values bit for bit; NaN equals NaN).
QString difference(const QueryResult& want, const QueryResult& got)
{
    if (want.ok != got.ok)
        return QStringLiteral("ok %1 vs %2 (%3 / %4)")
            .arg(int(want.ok))
            .arg(int(got.ok))
            .arg(want.error, got.error);
    if (!want.ok)
        return want.errorType == got.errorType
            ? QString()
            : QStringLiteral("error %1 vs %2").arg(want.errorType, got.errorType);
    if (want.type != got.type)
        return QStringLiteral("type differs");
    if (want.warnings != got.warnings)
        return QStringLiteral("warnings differ");
    if (want.series.size() != got.series.size())
        return QStringLiteral("%1 series vs %2").arg(want.series.size()).arg(got.series.size());
    for (qsizetype i = 0; i < want.series.size(); ++i) {
        const auto& a = want.series[i];
        const auto& b = got.series[i];
        if (!(a.labels == b.labels))
            return QStringLiteral("series %1: labels %2 vs %3")
                .arg(i)
                .arg(QString::fromUtf8(a.labels.toString()), QString::fromUtf8(b.labels.toString()));
        if (a.points.size() != b.points.size())
            return QStringLiteral("%1: %2 points vs %3")
                .arg(QString::fromUtf8(a.labels.toString()))
                .arg(a.points.size())
                .arg(b.points.size());
        for (qsizetype j = 0; j < a.points.size(); ++j)
            if (a.points[j].timestampMs != b.points[j].timestampMs
                || !sameValue(a.points[j].value, b.points[j].value))
                return QStringLiteral("%1 point %2: %3@%4 vs %5@%6")
                    .arg(QString::fromUtf8(a.labels.toString()))
                    .arg(j)
                    .arg(a.points[j].value)
                    .arg(a.points[j].timestampMs)
                    .arg(b.points[j].value)
                    .arg(b.points[j].timestampMs);
    }
    if (want.type == query::ValueType::Scalar && !sameValue(want.scalar.value, got.scalar.value))
        return QStringLiteral("scalar differs");
    return {};
}

const QStringList kExprs {
    QStringLiteral("rate(requests_total[5m])"),
    QStringLiteral("sum by (job) (rate(requests_total[2m]))"),
    QStringLiteral("temperature"),
    QStringLiteral("avg_over_time(temperature[10m]) > 20"),
    QStringLiteral("topk(2, temperature)"),
    QStringLiteral("temperature offset 30m - temperature"),
    QStringLiteral("time() % 3600"),
    QStringLiteral("max_over_time(flaky[3m])"),
    QStringLiteral("increase(requests_total{job=\"api\"}[15m]) / 60"),
    QStringLiteral("count(up == 1)"),
};

} // namespace

class TestQueryResultCache : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void encodingRoundTrip();
    void undecodableBytesAreRefused();
    void normalizedExpressions();
    void randomRangesEqualUncached();
    void movingTheRangeAsksOnlyTheNewPart();
    void lateSampleInsideFreshnessIsSeen();
    void warningsAndErrorsAreNotCached();
    void pieceFailureGivesNoGap();
    void differentStepOrSourceKeyMisses();
    void rangeDependentExpressionsBypass();
    void instantQueries();
    void seriesAndLabelsPassThrough();
    void concurrentCallersAgree();

private:
    QueryResult direct(const QString& expr, qint64 start, qint64 end, qint64 step) const
    {
        return m_local->range(expr, start, end, step);
    }

    metrics::SeriesStore m_store { metrics::RetentionPolicy {
        std::numeric_limits<qint64>::max() / 2, std::numeric_limits<qint64>::max() / 2 } };
    std::shared_ptr<query::LocalQuerySource> m_local;
    std::shared_ptr<CountingSource> m_counting;
    ManualClock m_clock { kNow };
    std::unique_ptr<cache::MemoryCache> m_l1;
    std::unique_ptr<cache::MultiLevelCache> m_levels;
    std::unique_ptr<cache::QueryResultCache> m_cache;
};

void TestQueryResultCache::initTestCase()
{
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> u(0, 1);
    const QList<QByteArray> jobs { "api", "db", "web" };
    for (int s = 0; s < 6; ++s) {
        const QByteArray job = jobs[s % 3];
        const QByteArray inst = "host-" + QByteArray::number(s);
        const Labels req { { "__name__", "requests_total" }, { "job", job }, { "instance", inst } };
        const Labels temp { { "__name__", "temperature" }, { "job", job }, { "instance", inst } };
        const Labels up { { "__name__", "up" }, { "job", job }, { "instance", inst } };
        const Labels flaky { { "__name__", "flaky" }, { "instance", inst } };
        double counter = 0;
        const qint64 jitter = s * 1700;
        for (qint64 t = kT0 + jitter; t <= kDataEnd; t += 10 * kS) {
            counter += std::floor(u(rng) * 50);
            if (s == 2 && t > kT0 + 3 * kHour && t < kT0 + 3 * kHour + 11 * kS)
                counter = 3; // a counter reset
            m_store.append(req, t, counter);
            double v = 15 + 10 * std::sin(double(t - kT0) / double(kHour)) + s + u(rng);
            if (s == 1 && (t / (10 * kS)) % 97 == 0)
                v = std::numeric_limits<double>::quiet_NaN();
            if (s == 3 && (t / (10 * kS)) % 131 == 0)
                v = std::numeric_limits<double>::infinity();
            m_store.append(temp, t, v);
            m_store.append(up, t, (s == 4 && (t / kMin) % 17 == 0) ? 0 : 1);
            // flaky: present in bursts with stale markers between them.
            const qint64 phase = ((t - kT0) / (7 * kMin)) % 3;
            if (phase != 2)
                m_store.append(flaky, t, u(rng) * 100);
            else if (((t - kT0) / (10 * kS)) % 42 == 0)
                m_store.append(flaky, t, metrics::staleNaN());
        }
    }
    m_local = std::make_shared<query::LocalQuerySource>(&m_store);
}

void TestQueryResultCache::init()
{
    m_cache.reset();
    m_levels.reset();
    m_clock.setNowMs(kNow);
    m_counting = std::make_shared<CountingSource>(m_local);
    cache::MemoryCache::Options l1;
    l1.capacityBytes = 256LL * 1024 * 1024;
    l1.clock = &m_clock;
    m_l1 = std::make_unique<cache::MemoryCache>(l1);
    cache::MultiLevelCache::Options mo;
    mo.clock = &m_clock;
    mo.xfetchBeta = 0; // deterministic call counts
    m_levels = std::make_unique<cache::MultiLevelCache>(QList<cache::CacheLevel*> { m_l1.get() }, mo);
    cache::QueryResultCache::Options o;
    o.freshnessMs = 5 * kMin;
    o.splitMs = 15 * kMin;
    o.clock = &m_clock;
    m_cache = std::make_unique<cache::QueryResultCache>(m_counting, QStringLiteral("local|1"), m_levels.get(), o);
}

void TestQueryResultCache::encodingRoundTrip()
{
    cache::QueryResultCache::Entry e;
    e.fullKey = "qrc1|src|r|{__name__=\"x\"}|step=15000";
    e.coveredEndMs = -123456789;
    e.result.ok = true;
    e.result.type = query::ValueType::Matrix;
    e.result.warnings = { QStringLiteral("w1"), QStringLiteral("ünïcode") };
    const double nanPayload = std::bit_cast<double>(quint64(0x7ff8000000abcdefULL));
    e.result.series.append({ Labels { { "__name__", "x" }, { "a", "1" }, { "b", "with \"quotes\"\n" } },
        { { -5, std::numeric_limits<double>::quiet_NaN() }, { 0, metrics::staleNaN() },
            { 15000, std::numeric_limits<double>::infinity() },
            { 30000, -std::numeric_limits<double>::infinity() }, { 45000, -0.0 },
            { 1'700'000'000'000, nanPayload }, { 1'700'000'015'000, 1e-310 },
            { 1'700'000'030'000, std::numeric_limits<double>::max() } } });
    e.result.series.append({ Labels {}, {} });
    e.result.series.append({ Labels { { "z", "" } }, { { std::numeric_limits<qint64>::min() / 4, 1.5 } } });
    e.result.scalar = { 77, metrics::staleNaN() };
    e.result.string = QStringLiteral("a string");

    const QByteArray bytes = cache::QueryResultCache::encode(e);
    const auto back = cache::QueryResultCache::decode(bytes);
    QVERIFY(back);
    QCOMPARE(back->fullKey, e.fullKey);
    QCOMPARE(back->coveredEndMs, e.coveredEndMs);
    QCOMPARE(back->result.scalar.timestampMs, 77);
    QCOMPARE(std::bit_cast<quint64>(back->result.scalar.value), metrics::kStaleNaNBits);
    QCOMPARE(back->result.string, e.result.string);
    QCOMPARE(back->result.warnings, e.result.warnings);
    QCOMPARE(back->result.series.size(), 3);
    for (qsizetype i = 0; i < 3; ++i) {
        QCOMPARE(back->result.series[i].labels, e.result.series[i].labels);
        QCOMPARE(back->result.series[i].points.size(), e.result.series[i].points.size());
        for (qsizetype j = 0; j < e.result.series[i].points.size(); ++j) {
            const auto& a = e.result.series[i].points[j];
            const auto& b = back->result.series[i].points[j];
            QCOMPARE(b.timestampMs, a.timestampMs);
            QCOMPARE(std::bit_cast<quint64>(b.value), std::bit_cast<quint64>(a.value)); // NaN payloads too
        }
    }
    QVERIFY(metrics::isStaleMarker(back->result.series[0].points[1].value));

    // Compact: a range piece of 60 points costs about 10 bytes a point (delta time + 8-byte value).
    cache::QueryResultCache::Entry piece;
    piece.fullKey = "k";
    piece.result.ok = true;
    piece.result.type = query::ValueType::Matrix;
    {
        query::ResultSeries s { Labels { { "job", "api" } }, {} };
        for (int i = 0; i < 60; ++i)
            s.points.append({ kT0 + i * 15 * kS, double(i) });
        piece.result.series.append(s);
    }
    QVERIFY2(cache::QueryResultCache::encode(piece).size() < 60 * 11 + 64,
        qPrintable(QString::number(cache::QueryResultCache::encode(piece).size())));
}

void TestQueryResultCache::undecodableBytesAreRefused()
{
    cache::QueryResultCache::Entry e;
    e.fullKey = "key";
    e.result.ok = true;
    e.result.series.append({ Labels { { "a", "1" } }, { { 1, 2.0 }, { 2, 3.0 } } });
    const QByteArray bytes = cache::QueryResultCache::encode(e);
    for (qsizetype n = 0; n < bytes.size(); ++n)
        QVERIFY2(!cache::QueryResultCache::decode(bytes.left(n)), qPrintable(QString::number(n)));
    QVERIFY(!cache::QueryResultCache::decode(bytes + 'x'));
    QVERIFY(!cache::QueryResultCache::decode(QByteArray(1000, '\xff')));
    std::mt19937 rng(7);
    for (int i = 0; i < 2000; ++i) { // random corruption never crashes
        QByteArray b = bytes;
        b[qsizetype(rng() % quint32(b.size()))] = char(rng());
        (void)cache::QueryResultCache::decode(b);
    }
}

void TestQueryResultCache::normalizedExpressions()
{
    using C = cache::QueryResultCache;
    QCOMPARE(C::normalize(QStringLiteral("sum by(job)(rate(x[5m]))")).text,
        C::normalize(QStringLiteral("  sum  by (job) ( rate( x [ 5m ] ) )")).text);
    QCOMPARE(C::normalize(QStringLiteral("sum(rate(x[5m])) by (job)")).text,
        C::normalize(QStringLiteral("sum by (job) (rate(x[300s]))")).text);
    QCOMPARE(C::normalize(QStringLiteral("a + b * c")).text, C::normalize(QStringLiteral("a + (b * c)")).text);
    QVERIFY(C::normalize(QStringLiteral("a + b * c")).text != C::normalize(QStringLiteral("(a + b) * c")).text);
    QCOMPARE(C::normalize(QStringLiteral("x{a=\"1\",b=\"2\"}")).text,
        C::normalize(QStringLiteral("x{b=\"2\", a=\"1\"}")).text);
    QCOMPARE(C::normalize(QStringLiteral("x * 1e3")).text, C::normalize(QStringLiteral("x * 1000")).text);
    QVERIFY(C::normalize(QStringLiteral("x{a=\"1\"}")).text != C::normalize(QStringLiteral("x{a=~\"1\"}")).text);
    QVERIFY(C::normalize(QStringLiteral("x offset 5m")).text != C::normalize(QStringLiteral("x")).text);
    QVERIFY(
        C::normalize(QStringLiteral("sum(x)")).text != C::normalize(QStringLiteral("sum without () (x)")).text);
    QVERIFY(C::normalize(QStringLiteral("a > b")).text != C::normalize(QStringLiteral("a > bool b")).text);
    QVERIFY(C::normalize(QStringLiteral("x")).bypassReason.isEmpty());
    QCOMPARE(C::normalize(QStringLiteral("x @ start()")).bypassReason, QStringLiteral("at-modifier"));
    QCOMPARE(C::normalize(QStringLiteral("rate(x[5m] @ 1700000000)")).bypassReason, QStringLiteral("at-modifier"));
    QCOMPARE(C::normalize(QStringLiteral("x offset -5m")).bypassReason, QStringLiteral("negative-offset"));
    QCOMPARE(C::normalize(QStringLiteral("sum(")).bypassReason, QStringLiteral("unparsed"));
}

void TestQueryResultCache::randomRangesEqualUncached()
{
    std::mt19937_64 rng(2026);
    const QList<qint64> steps { 10 * kS, 15 * kS, 30 * kS, 7 * kS, kMin, 5 * kMin, 13 * kS };
    int compared = 0;
    for (int round = 0; round < 2; ++round) { // round 1: the cache is warm from round 0
        std::mt19937_64 again(2026 + 1);
        for (int i = 0; i < 60; ++i) {
            const QString expr = kExprs[qsizetype(again() % quint64(kExprs.size()))];
            const qint64 step = steps[qsizetype(again() % quint64(steps.size()))];
            // Starts from 30 min before the data to past "now"; spans up to 3 h.
            const qint64 start = kT0 - 30 * kMin + qint64(again() % quint64(6 * kHour + 40 * kMin));
            const qint64 end = start + qint64(again() % quint64(3 * kHour));
            const QueryResult want = direct(expr, start, end, step);
            const QueryResult got = m_cache->range(expr, start, end, step);
            const QString diff = difference(want, got);
            QVERIFY2(diff.isEmpty(),
                qPrintable(QStringLiteral("round %1, %2 [%3, %4] step %5: %6")
                               .arg(round)
                               .arg(expr)
                               .arg(start - kT0)
                               .arg(end - kT0)
                               .arg(step)
                               .arg(diff)));
            ++compared;
        }
        (void)rng;
    }
    const auto s = m_cache->stats();
    QCOMPARE(compared, 120);
    QVERIFY2(s.piecesHit > 0 && s.piecesComputed > 0,
        qPrintable(QStringLiteral("hit %1 computed %2").arg(s.piecesHit).arg(s.piecesComputed)));
    // The warm round asked the source only for what is newer than the freshness line,
    // extents and the pieces the first round did not cover: fewer pieces computed than hit.
    QVERIFY(s.piecesHit > s.piecesComputed / 2);
}

void TestQueryResultCache::movingTheRangeAsksOnlyTheNewPart()
{
    const QString expr = QStringLiteral("sum by (job) (rate(requests_total[5m]))");
    const qint64 step = 15 * kS;
    const qint64 freshness = m_cache->options().freshnessMs;
    auto lastHour = [&](qint64 now) {
        const qint64 end = now / step * step;
        return std::pair { end - kHour, end };
    };
    auto [a0, b0] = lastHour(m_clock.nowMs());
    QVERIFY(difference(direct(expr, a0, b0, step), m_cache->range(expr, a0, b0, step)).isEmpty());
    QList<Call> cold = m_counting->takeCalls();
    QVERIFY(cold.size() >= 5); // the pieces of one hour plus the fresh tail
    const qint64 cutoff0 = (m_clock.nowMs() - freshness) / step * step;

    // Warm, same "now": one call, for the fresh part only.
    QVERIFY(difference(direct(expr, a0, b0, step), m_cache->range(expr, a0, b0, step)).isEmpty());
    QList<Call> warm = m_counting->takeCalls();
    QCOMPARE(warm.size(), 1);
    QCOMPARE(warm[0].startMs, cutoff0 + step);
    QCOMPARE(warm[0].endMs, b0);
    QCOMPARE(warm[0].stepMs, step);

    for (int minute = 1; minute <= 5; ++minute) {
        const qint64 previousCutoff = (m_clock.nowMs() - freshness) / step * step;
        m_clock.advanceMs(kMin);
        auto [a, b] = lastHour(m_clock.nowMs());
        const QString diff = difference(direct(expr, a, b, step), m_cache->range(expr, a, b, step));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        const QList<Call> moved = m_counting->takeCalls();
        // Crossing a piece boundary may add the new piece's own lookup, but
        // nothing older than the previous freshness line is asked again.
        QVERIFY2(!moved.isEmpty() && moved.size() <= 2, qPrintable(QString::number(moved.size())));
        qint64 asked = 0;
        for (const Call& c : moved) {
            QVERIFY2(c.startMs > previousCutoff,
                qPrintable(QStringLiteral("asked from %1, cached up to %2").arg(c.startMs).arg(previousCutoff)));
            QVERIFY(c.endMs <= b);
            asked += (c.endMs - c.startMs) / step + 1;
        }
        QVERIFY2(asked <= (freshness + kMin) / step + 1, qPrintable(QString::number(asked)));
    }
}

void TestQueryResultCache::lateSampleInsideFreshnessIsSeen()
{
    metrics::SeriesStore store(metrics::RetentionPolicy {
        std::numeric_limits<qint64>::max() / 2, std::numeric_limits<qint64>::max() / 2 });
    const Labels g { { "__name__", "g" } };
    for (qint64 t = kT0; t <= kNow - 3 * kMin; t += 10 * kS)
        store.append(g, t, 1);
    auto local = std::make_shared<query::LocalQuerySource>(&store);
    cache::QueryResultCache::Options o;
    o.freshnessMs = 5 * kMin;
    o.clock = &m_clock;
    cache::QueryResultCache c(local, QStringLiteral("late"), m_levels.get(), o);
    const qint64 step = 10 * kS;
    const qint64 end = kNow / step * step;
    const QString expr = QStringLiteral("max_over_time(g[1m])");
    QueryResult first = c.range(expr, end - kHour, end, step);
    QVERIFY(first.ok);
    QCOMPARE(first.series.size(), 1);
    QCOMPARE(first.series[0].points.constLast().value, 1.0);
    store.append(g, kNow - 2 * kMin, 42); // arrives late, inside the freshness window
    const QueryResult second = c.range(expr, end - kHour, end, step);
    QVERIFY(difference(local->range(expr, end - kHour, end, step), second).isEmpty());
    bool seen = false;
    for (const auto& p : second.series[0].points)
        seen = seen || p.value == 42;
    QVERIFY(seen);
}

void TestQueryResultCache::warningsAndErrorsAreNotCached()
{
    const qint64 step = 15 * kS;
    const qint64 start = kT0 + kHour;
    const qint64 end = kT0 + 2 * kHour;
    const QString expr = QStringLiteral("rate(requests_total[5m])");
    // Warnings: the answer carries them, and nothing is cached.
    m_counting->warnWindow(kT0, kDataEnd);
    for (int i = 0; i < 2; ++i) {
        const QueryResult r = m_cache->range(expr, start, end, step);
        QVERIFY(r.ok);
        QCOMPARE(r.warnings.size(), 1);
        QVERIFY(difference(direct(expr, start, end, step), r).startsWith(QStringLiteral("warn")));
    }
    QCOMPARE(m_l1->stats().entries, 0);
    QCOMPARE(m_cache->stats().piecesHit, 0);
    QVERIFY(m_cache->stats().bypassReasons.value(QStringLiteral("warnings")) >= 2);
    m_counting->warnWindow(1, 0);

    // An evaluation error (over the sample limit) is returned and not cached.
    query::QueryOptions tight;
    tight.limits = query::QueryLimits {};
    tight.limits->maxSamples = 10;
    const QueryResult e = m_cache->range(expr, start, end, step, tight);
    QVERIFY(!e.ok);
    QCOMPARE(e.errorType, QStringLiteral("execution"));
    QCOMPARE(m_l1->stats().entries, 0);

    // A source failure: the error, never cached; afterwards the real answer.
    m_counting->failWindow(kT0, kDataEnd);
    const QueryResult down = m_cache->range(expr, start, end, step);
    QVERIFY(!down.ok);
    QCOMPARE(down.errorType, QStringLiteral("unavailable"));
    QCOMPARE(m_l1->stats().entries, 0);
    m_counting->failWindow(1, 0);
    QVERIFY(difference(direct(expr, start, end, step), m_cache->range(expr, start, end, step)).isEmpty());
    QVERIFY(m_l1->stats().entries > 0);

    // A cancelled call is cancelled and leaves nothing behind.
    std::atomic_bool cancelled { true };
    query::QueryOptions co;
    co.cancelled = &cancelled;
    const qint64 entries = m_l1->stats().entries;
    const QueryResult c = m_cache->range(expr, start - 3 * kHour, end, step, co);
    QCOMPARE(c.errorType, QStringLiteral("canceled"));
    QCOMPARE(m_l1->stats().entries, entries);
}

void TestQueryResultCache::pieceFailureGivesNoGap()
{
    const qint64 step = 15 * kS;
    const QString expr = QStringLiteral("temperature");
    const qint64 start = kT0 + 30 * kMin;
    const qint64 end = kT0 + 4 * kHour;
    // Cache the first part, then let the source fail for a window in the middle.
    QVERIFY(m_cache->range(expr, start, kT0 + 90 * kMin, step).ok);
    m_counting->failWindow(kT0 + 2 * kHour + 10 * kMin, kT0 + 2 * kHour + 11 * kMin);
    const QueryResult r = m_cache->range(expr, start, end, step);
    QVERIFY2(!r.ok, "a missing piece must not give an answer with a hole");
    QCOMPARE(r.errorType, QStringLiteral("unavailable"));
    m_counting->failWindow(1, 0);

    // A piece with warnings: the whole answer comes from the source (warnings included), complete.
    m_counting->warnWindow(kT0 + 3 * kHour + 1 * kMin, kT0 + 3 * kHour + 2 * kMin);
    const QueryResult w = m_cache->range(expr, start, end, step);
    QVERIFY(w.ok);
    QCOMPARE(w.warnings.size(), 1);
    QueryResult full = direct(expr, start, end, step);
    full.warnings = w.warnings;
    QVERIFY(difference(full, w).isEmpty());
    m_counting->warnWindow(1, 0);
    QVERIFY(difference(direct(expr, start, end, step), m_cache->range(expr, start, end, step)).isEmpty());
}

void TestQueryResultCache::differentStepOrSourceKeyMisses()
{
    const QString expr = QStringLiteral("temperature");
    const qint64 start = kT0 + kHour;
    const qint64 end = kT0 + 2 * kHour;
    QVERIFY(m_cache->range(expr, start, end, 15 * kS).ok);
    const qint64 computed = m_cache->stats().piecesComputed;
    QVERIFY(m_cache->range(expr, start, end, 15 * kS).ok);
    QCOMPARE(m_cache->stats().piecesComputed, computed); // all hits
    QVERIFY(difference(direct(expr, start, end, 30 * kS), m_cache->range(expr, start, end, 30 * kS)).isEmpty());
    const qint64 afterStep = m_cache->stats().piecesComputed;
    QVERIFY(afterStep > computed);
    // The same step at another phase (start % step) misses too.
    QVERIFY(
        difference(direct(expr, start + 5 * kS, end, 15 * kS), m_cache->range(expr, start + 5 * kS, end, 15 * kS))
            .isEmpty());
    const qint64 afterPhase = m_cache->stats().piecesComputed;
    QVERIFY(afterPhase > afterStep);
    // A whitespace variant of the expression hits.
    QVERIFY(m_cache->range(QStringLiteral(" ( temperature ) "), start, end, 15 * kS).ok);
    QCOMPARE(m_cache->stats().piecesComputed, afterPhase);
    m_cache->setSourceKey(QStringLiteral("local|2"));
    QCOMPARE(m_cache->sourceKey(), QStringLiteral("local|2"));
    QVERIFY(m_cache->range(expr, start, end, 15 * kS).ok);
    QVERIFY(m_cache->stats().piecesComputed > afterPhase);
}

void TestQueryResultCache::rangeDependentExpressionsBypass()
{
    const qint64 start = kT0 + kHour;
    const qint64 end = kT0 + 2 * kHour;
    const QStringList exprs { QStringLiteral("temperature @ start()"), QStringLiteral("temperature @ end()"),
        QStringLiteral("temperature @ 1700003600"), QStringLiteral("temperature offset -10m") };
    for (const QString& e : exprs)
        for (int i = 0; i < 2; ++i)
            QVERIFY2(difference(direct(e, start, end, 15 * kS), m_cache->range(e, start, end, 15 * kS)).isEmpty(),
                qPrintable(e));
    const auto s = m_cache->stats();
    QCOMPARE(s.bypassReasons.value(QStringLiteral("at-modifier")), 6);
    QCOMPARE(s.bypassReasons.value(QStringLiteral("negative-offset")), 2);
    QCOMPARE(s.bypassed, 8);
    QCOMPARE(m_l1->stats().entries, 0);
    QCOMPARE(m_counting->takeCalls().size(), 8);
    // Parse errors are the source's to report.
    const QueryResult bad = m_cache->range(QStringLiteral("sum("), start, end, 15 * kS);
    QVERIFY(!bad.ok);
    QCOMPARE(bad.errorType, QStringLiteral("bad_data"));
    // And a range the source refuses, it refuses.
    QVERIFY(!m_cache->range(QStringLiteral("temperature"), start, start + 12000 * kS, kS).ok);
    QCOMPARE(m_cache->stats().bypassReasons.value(QStringLiteral("invalid-range")), 1);
}

void TestQueryResultCache::instantQueries()
{
    const QString expr = QStringLiteral("sum by (job) (rate(requests_total[5m]))");
    const qint64 old = kT0 + 2 * kHour;
    const QueryResult a = m_cache->instant(expr, old);
    QVERIFY(difference(m_local->instant(expr, old), a).isEmpty());
    QCOMPARE(m_counting->takeCalls().size(), 1);
    const QueryResult b = m_cache->instant(expr, old);
    QVERIFY(difference(m_local->instant(expr, old), b).isEmpty());
    QCOMPARE(m_counting->takeCalls().size(), 0); // from the cache
    QCOMPARE(m_cache->stats().piecesHit, 1);
    // Inside the freshness window: always the source.
    const qint64 fresh = kNow - kMin;
    for (int i = 0; i < 2; ++i)
        QVERIFY(difference(m_local->instant(expr, fresh), m_cache->instant(expr, fresh)).isEmpty());
    QCOMPARE(m_counting->takeCalls().size(), 2);
    QCOMPARE(m_cache->stats().bypassReasons.value(QStringLiteral("too-new")), 2);
    // Scalars and strings round-trip too.
    QCOMPARE(m_cache->instant(QStringLiteral("1 + 2"), old).scalar.value, 3.0);
    QCOMPARE(m_cache->instant(QStringLiteral("1 + 2"), old).scalar.value, 3.0);
    QCOMPARE(m_cache->instant(QStringLiteral("\"hi\""), old).string, QStringLiteral("hi"));
    QCOMPARE(m_cache->instant(QStringLiteral("\"hi\""), old).type, query::ValueType::String);
    // Errors come back as the source gave them.
    QCOMPARE(m_cache->instant(QStringLiteral("rate(temperature)"), old).errorType, QStringLiteral("bad_data"));
}

void TestQueryResultCache::seriesAndLabelsPassThrough()
{
    const auto s = m_cache->series({ QStringLiteral("up") }, kT0, kDataEnd);
    QVERIFY(s.ok);
    QCOMPARE(s.series.size(), 6);
    QVERIFY(m_cache->labelNames({}, kT0, kDataEnd).values.contains(QStringLiteral("job")));
    QCOMPARE(m_cache->labelValues(QStringLiteral("job"), {}, kT0, kDataEnd).values.size(), 3);
    QCOMPARE(m_counting->takeCalls().size(), 3);
    QCOMPARE(m_cache->name(), m_local->name());
}

void TestQueryResultCache::concurrentCallersAgree()
{
    std::atomic<int> failures { 0 };
    QString firstFailure;
    std::mutex failureMutex;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            std::mt19937_64 rng(quint64(100 + t % 2)); // two pairs of threads ask the same queries at once
            for (int i = 0; i < 25; ++i) {
                const QString expr = kExprs[qsizetype(rng() % quint64(kExprs.size()))];
                const qint64 start = kT0 + qint64(rng() % quint64(5 * kHour)) / kMin * kMin;
                const qint64 end = start + kHour;
                const QString diff
                    = difference(direct(expr, start, end, 15 * kS), m_cache->range(expr, start, end, 15 * kS));
                if (!diff.isEmpty()) {
                    failures.fetch_add(1);
                    std::lock_guard lock(failureMutex);
                    if (firstFailure.isEmpty())
                        firstFailure = expr + QStringLiteral(": ") + diff;
                }
            }
        });
    }
    for (std::thread& th : threads)
        th.join();
    QVERIFY2(failures.load() == 0, qPrintable(firstFailure));
    QVERIFY(m_cache->stats().piecesHit > 0);
}

QTEST_GUILESS_MAIN(TestQueryResultCache)

#include "tst_query_result_cache.moc"
