// Query-result cache benchmark (issue 14, "Benchmarks", first bullet).
//
// The dashboard of tests/bench/remote_dashboard (NodeFleetDataset's 32 panels,
// "last 1 h" at a 15 s step, aligned to the step as Grafana does) over HOSTS
// node_exporter hosts, against a real Prometheus 2.42 started here (promtool
// TSDB blocks), in two arms over the same server:
//   U  PrometheusQuerySource directly (no cache anywhere in OpsDeck),
//   C  QueryResultCache (freshness 10 min, as Mimir; pieces of 15 min) over a
//      MultiLevelCache with a MemoryCache L1, in front of the same source.
// "Now" is a ManualClock inside the data (samples exist for every queried
// time, so the fresh part the cache must always ask for is real data, not an
// empty tail). After one untimed U load (the server's own warm-up, shared by
// both arms), C's cold load is timed and reported. Then BLOCKS blocks, each
// moving the clock forward by one minute: a U load, C's first load at the new
// time ("moved") and C's second load at the same time ("warm"), with the
// order of U and C alternating from block to block. Every panel of every C
// load is compared with the U load of the same block (relative 1e-6, NaN
// equal to NaN) and the test fails on a difference: a gap served from the
// cache cannot pass for a speed-up. Printed per arm: median time per load
// over the blocks, source queries per load, piece hit ratio, share of points
// served from the cache, and the ratios U/C for warm and moved. For
// reference the same loads run through a second cache with a 1 min freshness
// (Thanos's default; arm C1), to show how much of C's time is the 10 min
// fresh part it must always ask for.
//
// Then a replayed day of dashboard use through the local engine (freshness 2
// scrape intervals, 30 s): the dashboard opened at a pattern of times over 24
// hours (every 15 min in the day shifts, bursts at shift changes, sparse at
// night) with "last 1 h" (15 s step) or "last 6 h" (60 s step) ranges moving
// with the clock, by one console, then by three consoles sharing the cache.
// It prints the piece hit ratio, the share of points served from the cache
// and, beside it, the most any results cache could serve (steps asked before
// and older than the freshness line then: new data cannot come from a
// cache), and checks a sample of answers against uncached ones.
//
// HOSTS is 25 by default (about a minute); OPSDECK_BENCH_FULL=1 runs the 100
// hosts of the issue. OPSDECK_BENCH_RUNS sets the number of blocks (default 8, at most 12).
#include "cache/MemoryCache.h"
#include "cache/MultiLevelCache.h"
#include "cache/QueryResultCache.h"
#include "dashboard/LiveQueryFeed.h"
#include "metrics/SeriesStore.h"
#include "NodeFleetDataset.h"
#include "PrometheusServer.h"
#include "query/LocalQuerySource.h"
#include "query/PrometheusQuerySource.h"
#include "query/TextImport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

using namespace opsdeck;

namespace {

constexpr qint64 kMin = 60'000;
constexpr qint64 kHour = 60 * kMin;
constexpr qint64 kStepMs = 15'000;

double median(QList<double> v)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    const qsizetype n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Forwards to the source and counts the calls (the "source queries" figure of both arms).
class CountingSource final : public query::QuerySource
{
public:
    explicit CountingSource(std::shared_ptr<const query::QuerySource> inner)
        : m_inner(std::move(inner))
    { }
    QString name() const override { return m_inner->name(); }
    query::QueryResult instant(const QString& e, qint64 t, const query::QueryOptions& o = {}) const override
    {
        m_calls.fetch_add(1);
        return m_inner->instant(e, t, o);
    }
    query::QueryResult range(
        const QString& e, qint64 a, qint64 b, qint64 s, const query::QueryOptions& o = {}) const override
    {
        m_calls.fetch_add(1);
        m_points.fetch_add((b - a) / s + 1);
        return m_inner->range(e, a, b, s, o);
    }
    query::SeriesResult series(
        const QStringList& s, qint64 a, qint64 b, const query::QueryOptions& o = {}) const override
    {
        m_calls.fetch_add(1);
        return m_inner->series(s, a, b, o);
    }
    query::LabelsResult labelNames(
        const QStringList& s, qint64 a, qint64 b, const query::QueryOptions& o = {}) const override
    {
        m_calls.fetch_add(1);
        return m_inner->labelNames(s, a, b, o);
    }
    query::LabelsResult labelValues(const QString& l, const QStringList& s, qint64 a, qint64 b,
        const query::QueryOptions& o = {}) const override
    {
        m_calls.fetch_add(1);
        return m_inner->labelValues(l, s, a, b, o);
    }
    qint64 calls() const { return m_calls.load(); }
    qint64 stepsAsked() const { return m_points.load(); } // evaluation steps asked for, per series

private:
    std::shared_ptr<const query::QuerySource> m_inner;
    mutable std::atomic<qint64> m_calls { 0 };
    mutable std::atomic<qint64> m_points { 0 };
};

bool close(double a, double b)
{
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    if (a == b)
        return true;
    const double diff = std::fabs(a - b);
    return diff <= 1e-9 || diff <= 1e-6 * std::max(std::fabs(a), std::fabs(b));
}

// Empty when equal within 1e-6 relative (series by labels, same timestamps).
QString difference(const query::QueryResult& want, const query::QueryResult& got)
{
    if (!want.ok || !got.ok)
        return QStringLiteral("failed: %1 / %2").arg(want.error, got.error);
    if (!got.warnings.isEmpty() || !want.warnings.isEmpty())
        return QStringLiteral("warnings");
    if (want.series.size() != got.series.size())
        return QStringLiteral("%1 series uncached, %2 cached").arg(want.series.size()).arg(got.series.size());
    QList<query::ResultSeries> a = want.series;
    QList<query::ResultSeries> b = got.series;
    auto byLabels = [](const query::ResultSeries& x, const query::ResultSeries& y) { return x.labels < y.labels; };
    std::sort(a.begin(), a.end(), byLabels);
    std::sort(b.begin(), b.end(), byLabels);
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (!(a[i].labels == b[i].labels))
            return QStringLiteral("labels %1 vs %2")
                .arg(QString::fromUtf8(a[i].labels.toString()), QString::fromUtf8(b[i].labels.toString()));
        if (a[i].points.size() != b[i].points.size())
            return QStringLiteral("%1: %2 points uncached, %3 cached")
                .arg(QString::fromUtf8(a[i].labels.toString()))
                .arg(a[i].points.size())
                .arg(b[i].points.size());
        for (qsizetype j = 0; j < a[i].points.size(); ++j) {
            const auto& p = a[i].points[j];
            const auto& q = b[i].points[j];
            if (p.timestampMs != q.timestampMs || !close(p.value, q.value))
                return QStringLiteral("%1 at %2: %3 uncached, %4@%5 cached")
                    .arg(QString::fromUtf8(a[i].labels.toString()))
                    .arg(p.timestampMs)
                    .arg(p.value, 0, 'g', 17)
                    .arg(q.value, 0, 'g', 17)
                    .arg(q.timestampMs);
        }
    }
    return {};
}

struct Load
{
    double ms = 0;
    qint64 sourceCalls = 0;
    qint64 piecesHit = 0;
    qint64 piecesComputed = 0;
    qint64 pointsFromCache = 0;
    qint64 pointsFromSource = 0;
    QList<query::QueryResult> results;
};

// One dashboard load ending at "now" (aligned down to the step), the panels one after the other.
bool load(const query::QuerySource& source, const QStringList& panels, qint64 nowMs, qint64 spanMs, qint64 stepMs,
    QList<query::QueryResult>* results, QString* error)
{
    query::QueryOptions options;
    options.limits = dashboard::LiveQueryFeedOptions().limits;
    const qint64 end = nowMs / stepMs * stepMs;
    results->clear();
    for (const QString& expr : panels) {
        query::QueryResult r = source.range(expr, end - spanMs, end, stepMs, options);
        if (!r.ok || r.series.isEmpty()) {
            *error = expr + QStringLiteral(": ") + (r.ok ? QStringLiteral("no series") : r.error);
            return false;
        }
        results->append(std::move(r));
    }
    return true;
}

struct Arm
{
    const query::QuerySource* source = nullptr;
    const CountingSource* counter = nullptr;
    const cache::QueryResultCache* cache = nullptr;
};

bool timedLoad(const Arm& arm, const QStringList& panels, qint64 nowMs, Load* out, QString* error)
{
    const qint64 calls0 = arm.counter->calls();
    const cache::QueryResultCache::Stats s0 = arm.cache ? arm.cache->stats() : cache::QueryResultCache::Stats {};
    QElapsedTimer t;
    t.start();
    const bool ok = load(*arm.source, panels, nowMs, kHour, kStepMs, &out->results, error);
    out->ms = double(t.nsecsElapsed()) / 1e6;
    out->sourceCalls = arm.counter->calls() - calls0;
    if (arm.cache) {
        const cache::QueryResultCache::Stats s1 = arm.cache->stats();
        out->piecesHit = s1.piecesHit - s0.piecesHit;
        out->piecesComputed = s1.piecesComputed - s0.piecesComputed;
        out->pointsFromCache = s1.pointsFromCache - s0.pointsFromCache;
        out->pointsFromSource = s1.pointsFromSource - s0.pointsFromSource;
    }
    return ok;
}

double ratio(qint64 part, qint64 whole)
{
    return whole > 0 ? 100.0 * double(part) / double(whole) : 0.0;
}

void printArm(const char* name, const QList<Load>& loads)
{
    QList<double> ms;
    qint64 calls = 0, hit = 0, computed = 0, fromCache = 0, fromSource = 0;
    for (const Load& l : loads) {
        ms.append(l.ms);
        calls += l.sourceCalls;
        hit += l.piecesHit;
        computed += l.piecesComputed;
        fromCache += l.pointsFromCache;
        fromSource += l.pointsFromSource;
    }
    std::printf("BENCH query cache: %-9s median %8.1f ms per load  (%lld loads)  source queries %6.1f per load",
        name, median(ms), static_cast<long long>(loads.size()),
        double(calls) / double(std::max<qsizetype>(1, loads.size())));
    if (hit + computed > 0)
        std::printf("  piece hit ratio %5.1f %%  points from cache %5.1f %%", ratio(hit, hit + computed),
            ratio(fromCache, fromCache + fromSource));
    std::printf("\n");
}

} // namespace

class TestRemoteDashboardCacheBench : public QObject
{
    Q_OBJECT

private slots:
    void dashboardLoads();
    void replayedDay();
};

void TestRemoteDashboardCacheBench::dashboardLoads()
{
    if (!PrometheusServer::available())
        QSKIP("prometheus and promtool (Debian: prometheus) are needed");
    const bool full = qEnvironmentVariableIntValue("OPSDECK_BENCH_FULL") == 1;
    const int hosts = full ? 100 : 25;
    bool runsSet = false;
    const int runsEnv = qEnvironmentVariableIntValue("OPSDECK_BENCH_RUNS", &runsSet);
    const int blocks = runsSet && runsEnv > 0 ? std::min(runsEnv, 12) : 8;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QElapsedTimer timer;
    timer.start();

    // Samples from kStartMs for 1 h 25 min: "now" runs from 1 h 10 min to at most 1 h 22 min.
    const qint64 spanMs = kHour + 25 * kMin;
    const QByteArray data = NodeFleetDataset::openMetrics(hosts, spanMs);
    const QString file = dir.filePath(QStringLiteral("fleet.om"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(data), data.size());
    f.close();
    PrometheusServer prometheus(dir.filePath(QStringLiteral("prom")));
    QString error;
    QVERIFY2(prometheus.createBlocks(file, &error), qPrintable(error));
    QVERIFY2(prometheus.start(&error), qPrintable(error));
    const qint64 setupMs = timer.restart();

    query::RemoteSourceConfig config;
    config.name = QStringLiteral("prometheus");
    config.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(prometheus.port()));
    config.timeoutMs = 60'000;
    config.maxResponseBytes = 512LL * 1024 * 1024;
    auto remote = std::make_shared<query::PrometheusQuerySource>(config);
    auto counted = std::make_shared<CountingSource>(remote);

    ManualClock clock(NodeFleetDataset::kStartMs + kHour + 10 * kMin);
    cache::MemoryCache::Options l1Options;
    l1Options.capacityBytes = 256LL * 1024 * 1024;
    l1Options.clock = &clock;
    cache::MemoryCache l1(l1Options);
    cache::MultiLevelCache::Options levelOptions;
    levelOptions.clock = &clock;
    cache::MultiLevelCache levels({ &l1 }, levelOptions);
    cache::QueryResultCache::Options cacheOptions; // the defaults: freshness 10 min, pieces of 15 min, TTL 24 h
    cacheOptions.clock = &clock;
    const cache::QueryResultCache cached(
        counted, QStringLiteral("prometheus|%1|1").arg(config.url.toString()), &levels, cacheOptions);
    // For reference only: the same cache with Thanos's 1 min freshness (its own keys).
    cache::QueryResultCache::Options oneMinute = cacheOptions;
    oneMinute.freshnessMs = kMin;
    const cache::QueryResultCache cached1(
        counted, QStringLiteral("prometheus|%1|1|f1m").arg(config.url.toString()), &levels, oneMinute);

    const QStringList panels = NodeFleetDataset::dashboardQueries();
    QCOMPARE(panels.size(), 32);
    const Arm u { counted.get(), counted.get(), nullptr };
    const Arm c { &cached, counted.get(), &cached };
    const Arm c1 { &cached1, counted.get(), &cached1 };

    // The server's warm-up (page cache, its own query path), shared by both arms; not timed.
    QList<query::QueryResult> scratch;
    QVERIFY2(load(*counted, panels, clock.nowMs(), kHour, kStepMs, &scratch, &error), qPrintable(error));

    Load cold;
    QVERIFY2(timedLoad(c, panels, clock.nowMs(), &cold, &error), qPrintable(error));
    Load uAtCold;
    QVERIFY2(timedLoad(u, panels, clock.nowMs(), &uAtCold, &error), qPrintable(error));
    Load cold1;
    QVERIFY2(timedLoad(c1, panels, clock.nowMs(), &cold1, &error), qPrintable(error));
    int checked = 0;
    for (qsizetype i = 0; i < panels.size(); ++i) {
        for (const Load* l : { &cold, &cold1 }) {
            const QString diff = difference(uAtCold.results[i], l->results[i]);
            QVERIFY2(
                diff.isEmpty(), qPrintable(QStringLiteral("cold: ") + panels[i] + QStringLiteral(": ") + diff));
            ++checked;
        }
    }

    QList<Load> uLoads { uAtCold };
    QList<Load> moved;
    QList<Load> warm;
    QList<Load> moved1;
    QList<Load> warm1;
    for (int b = 0; b < blocks; ++b) {
        clock.advanceMs(kMin);
        const qint64 now = clock.nowMs();
        Load lu, lm, lw, lm1, lw1;
        auto cachedLoads = [&] {
            return timedLoad(c, panels, now, &lm, &error) && timedLoad(c, panels, now, &lw, &error)
                && timedLoad(c1, panels, now, &lm1, &error) && timedLoad(c1, panels, now, &lw1, &error);
        };
        if (b % 2 == 0) {
            QVERIFY2(timedLoad(u, panels, now, &lu, &error), qPrintable(error));
            QVERIFY2(cachedLoads(), qPrintable(error));
        } else {
            QVERIFY2(cachedLoads(), qPrintable(error));
            QVERIFY2(timedLoad(u, panels, now, &lu, &error), qPrintable(error));
        }
        for (qsizetype i = 0; i < panels.size(); ++i) {
            for (const Load* l : { &lm, &lw, &lm1, &lw1 }) {
                const QString diff = difference(lu.results[i], l->results[i]);
                QVERIFY2(diff.isEmpty(),
                    qPrintable(QStringLiteral("block %1, %2: %3: %4")
                                   .arg(b)
                                   .arg(l == &lm || l == &lm1 ? QStringLiteral("moved") : QStringLiteral("warm"),
                                       panels[i], diff)));
                ++checked;
            }
        }
        lu.results.clear();
        lm.results.clear();
        lw.results.clear();
        lm1.results.clear();
        lw1.results.clear();
        uLoads.append(lu);
        moved.append(lm);
        warm.append(lw);
        moved1.append(lm1);
        warm1.append(lw1);
    }

    const cache::QueryResultCache::Stats s = cached.stats();
    std::printf(
        "BENCH query cache: %d hosts (%s), Prometheus 2.42 at 127.0.0.1, set-up %lld ms; one load = 32 range "
        "queries, last 1 h at 15 s; freshness %lld min, pieces of %lld min; %d blocks of U / C moved "
        "+ C warm, alternating\n",
        hosts, full ? "OPSDECK_BENCH_FULL=1" : "default; OPSDECK_BENCH_FULL=1 for 100",
        static_cast<long long>(setupMs), static_cast<long long>(cacheOptions.freshnessMs / kMin),
        static_cast<long long>(cacheOptions.splitMs / kMin), blocks);
    printArm("U", uLoads);
    printArm("C cold", { cold });
    printArm("C moved", moved);
    printArm("C warm", warm);
    printArm("C1 cold", { cold1 });
    printArm("C1 moved", moved1);
    printArm("C1 warm", warm1);
    auto medianMs = [](const QList<Load>& loads) {
        QList<double> ms;
        for (const Load& l : loads)
            ms.append(l.ms);
        return median(ms);
    };
    const double um = medianMs(uLoads);
    std::printf(
        "BENCH query cache: U/C ratio (median time per load): warm %.1fx, moved by 1 min %.1fx, cold %.2fx "
        "(goal >= 5x warm and moved)\n",
        um / medianMs(warm), um / medianMs(moved), um / cold.ms);
    std::printf("BENCH query cache: for reference, C1 = the same cache with a 1 min freshness (Thanos's default): "
                "U/C1 warm %.1fx, moved by 1 min %.1fx, cold %.2fx\n",
        um / medianMs(warm1), um / medianMs(moved1), um / cold1.ms);
    std::printf("BENCH query cache: %d cached panel answers checked against uncached (1e-6 relative): all equal; "
                "bypassed %lld; L1 %lld entries, %.1f MiB\n",
        checked, static_cast<long long>(s.bypassed), static_cast<long long>(l1.stats().entries),
        double(l1.stats().bytes) / 1048576.0);
    std::fflush(stdout);
}

void TestRemoteDashboardCacheBench::replayedDay()
{
    // A small fleet over 30 h: 6 h of history before the day, then the day.
    const int hosts = 2;
    const qint64 spanMs = 30 * kHour;
    QElapsedTimer timer;
    timer.start();
    metrics::RetentionPolicy keep;
    keep.maxAgeMs = std::numeric_limits<qint64>::max() / 2;
    keep.maxBytes = std::numeric_limits<qint64>::max() / 2;
    metrics::SeriesStore store(keep);
    {
        const query::ImportResult imported
            = query::TextImport::importText(NodeFleetDataset::openMetrics(hosts, spanMs), &store);
        QVERIFY2(imported.ok, qPrintable(imported.error));
    }
    const qint64 importMs = timer.restart();
    auto local = std::make_shared<query::LocalQuerySource>(&store);
    const qint64 dayStart = NodeFleetDataset::kStartMs + 6 * kHour;
    const QStringList panels = NodeFleetDataset::dashboardQueries();

    // The day of one console: opening times (minutes after midnight) and the range used.
    struct Open
    {
        qint64 minute;
        bool sixHours;
    };
    QList<Open> day;
    for (qint64 m = 0; m < 6 * 60; m += 120) // night: every 2 h
        day.append({ m + 7, false });
    for (qint64 shift : { 6 * 60, 14 * 60, 22 * 60 }) { // shift changes: a burst, 1 h and 6 h views
        for (qint64 k = 0; k < 4; ++k)
            day.append({ shift - 5 + k * 2, k % 2 == 1 });
    }
    for (qint64 m = 6 * 60; m < 22 * 60; m += 15) // day shifts: the dashboard every 15 min, 6 h views hourly
        day.append({ m + 3, m % 60 == 0 });
    for (qint64 m = 22 * 60 + 30; m < 24 * 60; m += 45)
        day.append({ m, false });

    // Scenario 1: one console. Scenario 2: a control room of three consoles
    // sharing one cache (as an L2 Redis shares it), each on the same day
    // pattern 4 and 9 minutes apart.
    for (const int consoles : { 1, 3 }) {
        timer.restart();
        QList<Open> opens;
        for (int c = 0; c < consoles; ++c)
            for (const Open& o : std::as_const(day))
                opens.append({ o.minute + (c == 0 ? 0 : c == 1 ? 4 : 9), o.sixHours });
        std::stable_sort(
            opens.begin(), opens.end(), [](const Open& a, const Open& b) { return a.minute < b.minute; });

        auto counted = std::make_shared<CountingSource>(local);
        ManualClock clock(dayStart);
        cache::MemoryCache::Options l1Options;
        l1Options.capacityBytes = 256LL * 1024 * 1024;
        l1Options.clock = &clock;
        cache::MemoryCache l1(l1Options);
        cache::MultiLevelCache::Options levelOptions;
        levelOptions.clock = &clock;
        cache::MultiLevelCache levels({ &l1 }, levelOptions);
        cache::QueryResultCache::Options o;
        o.freshnessMs = 2 * NodeFleetDataset::kScrapeMs; // the local engine: 2 scrape intervals
        o.clock = &clock;
        const cache::QueryResultCache cached(counted, QStringLiteral("local|1"), &levels, o);

        // The most any results cache could serve: evaluation steps that an
        // earlier open of the same range kind asked for and that were older
        // than the freshness line then (per kind, the union of those spans).
        QList<QPair<qint64, qint64>> seen[2];
        qint64 steps = 0;
        qint64 reusableSteps = 0;

        QString error;
        int checked = 0;
        QList<query::QueryResult> results;
        for (qsizetype i = 0; i < opens.size(); ++i) {
            const Open& open = opens[i];
            clock.setNowMs(dayStart + open.minute * kMin + 17'000);
            const qint64 span = open.sixHours ? 6 * kHour : kHour;
            const qint64 step = open.sixHours ? kMin : kStepMs;
            const qint64 end = clock.nowMs() / step * step;
            QList<QPair<qint64, qint64>>& kind = seen[open.sixHours ? 1 : 0];
            steps += span / step + 1;
            for (const auto& [a, b] : std::as_const(kind)) {
                const qint64 lo = std::max(a, end - span);
                const qint64 hi = std::min(b, end);
                if (hi >= lo)
                    reusableSteps += (hi - lo) / step + 1;
            }
            // Add this open's cacheable span and merge overlapping spans.
            kind.append({ end - span, (clock.nowMs() - o.freshnessMs) / step * step });
            std::sort(kind.begin(), kind.end());
            QList<QPair<qint64, qint64>> merged;
            for (const auto& sp : std::as_const(kind)) {
                if (!merged.isEmpty() && sp.first <= merged.last().second + step)
                    merged.last().second = std::max(merged.last().second, sp.second);
                else
                    merged.append(sp);
            }
            kind = merged;

            QVERIFY2(load(cached, panels, clock.nowMs(), span, step, &results, &error), qPrintable(error));
            if (i % 10 == 0) { // a sample checked against the uncached answer
                QList<query::QueryResult> direct;
                QVERIFY2(load(*local, panels, clock.nowMs(), span, step, &direct, &error), qPrintable(error));
                for (qsizetype p = 0; p < panels.size(); p += 3) {
                    const QString diff = difference(direct[p], results[p]);
                    QVERIFY2(diff.isEmpty(), qPrintable(panels[p] + QStringLiteral(": ") + diff));
                    ++checked;
                }
            }
        }
        const cache::QueryResultCache::Stats s = cached.stats();
        std::printf("BENCH query cache day (%d console%s): %lld dashboard opens over 24 h (32 panels, last 1 h at "
                    "15 s or last 6 h at 60 s), local engine over %d hosts (import %lld ms, replay %lld ms), "
                    "freshness %lld s\n",
            consoles, consoles > 1 ? "s sharing the cache" : "", static_cast<long long>(opens.size()), hosts,
            static_cast<long long>(importMs), static_cast<long long>(timer.elapsed()),
            static_cast<long long>(o.freshnessMs / 1000));
        std::printf(
            "BENCH query cache day (%d console%s): piece hit ratio %.1f %% (%lld hit, %lld computed; goal "
            "> 90 %%), points from cache %.1f %% (at most %.1f %% of the steps asked had been asked before "
            "and were older than the freshness line), %lld source queries for %lld range queries, %d "
            "answers checked against uncached\n",
            consoles, consoles > 1 ? "s" : "", ratio(s.piecesHit, s.piecesHit + s.piecesComputed),
            static_cast<long long>(s.piecesHit), static_cast<long long>(s.piecesComputed),
            ratio(s.pointsFromCache, s.pointsFromCache + s.pointsFromSource), ratio(reusableSteps, steps),
            static_cast<long long>(counted->calls()), static_cast<long long>(s.rangeQueries), checked);
        std::fflush(stdout);
    }
}

QTEST_GUILESS_MAIN(TestRemoteDashboardCacheBench)

#include "tst_remote_dashboard_cache_bench.moc"
