#include "LiveQueryFeed.h"

#include "DashboardLog.h"
#include "scrape/ScrapeManager.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QMap>
#include <QSet>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <optional>

namespace opsdeck::dashboard {

namespace {

constexpr int kMinEmitIntervalMs = 100; // updated() at most ~10 per second
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QString feedTr(const char* text)
{
    return QCoreApplication::translate("opsdeck::dashboard::LiveQueryFeed", text);
}

double seconds(qint64 ms)
{
    return double(ms) / 1000.0;
}

qint64 floorTo(qint64 ms, qint64 step)
{
    return ms >= 0 ? ms / step * step : -((-ms + step - 1) / step) * step;
}

// One result series with its points on the step grid, ascending.
struct EvaluatedSeries
{
    metrics::Labels labels;
    QList<metrics::Sample> points;
};

// Walks a series' points alongside the step grid (both ascending).
class PointCursor
{
public:
    explicit PointCursor(const EvaluatedSeries* s)
        : m_points(s ? &s->points : nullptr)
    { }
    // The value at t, if the series has a point there.
    std::optional<double> at(qint64 t)
    {
        if (!m_points)
            return std::nullopt;
        while (m_i < m_points->size() && m_points->at(m_i).timestampMs < t)
            ++m_i;
        if (m_i < m_points->size() && m_points->at(m_i).timestampMs == t)
            return m_points->at(m_i).value;
        return std::nullopt;
    }

private:
    const QList<metrics::Sample>* m_points;
    qsizetype m_i = 0;
};

} // namespace

// Lives on the feed thread; every member is touched only there.
class FeedWorker final : public QObject
{
public:
    FeedWorker(std::shared_ptr<const query::QuerySource> source, const LiveQueryFeedOptions& options,
        LiveQueryFeed* feed, const std::atomic_bool* stopping);

    void init();
    void shutdown();
    void setQueries(const QList<LiveQuery>& queries);
    void setRange(qint64 rangeMs);
    void refreshAll();
    void onRound(qint64 timestampMs);

private:
    struct QueryState
    {
        QString expr;
        QString parseError; // fixed for the expr: such a query is never evaluated
        bool overLimit = false; // beyond maxQueries: never evaluated
        QSet<QString> live; // series with a value at the newest evaluated boundary
    };

    void schedule();
    void flush();
    // Resets are computed one panel per event-loop turn, so a newer call
    // (setQueries/setRange/refreshAll) is seen between two panels.
    void resetNext();
    // Every update goes out through here: queued, and emitted at most ~10 times per second.
    void deliver(QList<PanelUpdate> updates);
    void emitOutbox();
    // Forgets updates not yet emitted for the given keys (all when keys is null).
    void dropUnsent(const QSet<quint64>* keys);
    void armBoundaryTimer();
    qint64 boundaryAtOrBefore(qint64 ms) const { return floorTo(ms - m_phaseMs, m_stepMs) + m_phaseMs; }

public:
    void setPhaseFrom(qint64 scrapeTimestampMs);

private:
    PanelUpdate resetUpdate(quint64 key, QueryState& state);
    PanelUpdate appendUpdate(quint64 key, QueryState& state, qint64 firstMs, qint64 lastMs);
    // Evaluates [firstMs, lastMs] on the step grid; false with *error set on failure.
    bool evaluate(
        const QString& expr, qint64 firstMs, qint64 lastMs, QList<EvaluatedSeries>* out, QString* error) const;
    QString limitSeries(QList<EvaluatedSeries>& series, const QSet<QString>& keep) const;
    qint64 includedSampleMs(qint64 boundaryMs);
    void fillWindow(PanelUpdate& update) const;

    std::shared_ptr<const query::QuerySource> m_source;
    LiveQueryFeedOptions m_options;
    LiveQueryFeed* m_feed;
    query::QueryOptions m_queryOptions; // the feed's own limits per evaluation
    QMap<quint64, QueryState> m_queries; // ordered by key, so batches are in a stable order
    QSet<quint64> m_pendingReset;
    bool m_resetAll = false;
    qint64 m_rangeMs = LiveQueryFeed::kDefaultRangeMs;
    qint64 m_stepMs = LiveQueryFeed::stepForRange(LiveQueryFeed::kDefaultRangeMs);
    qint64 m_lastEvalMs = 0; // newest evaluated step boundary, shared by every panel; 0 = none yet
    // Step boundaries sit at phase + k·step. The phase follows the scrapes' own
    // timestamps, so a round's samples are on screen as soon as the round ends
    // instead of waiting for the next whole second (sample-to-screen latency,
    // cold start to first chart).
    qint64 m_phaseMs = 0;
    bool m_phaseKnown = false;
    qint64 m_newestRoundMs = 0;
    qint64 m_advanceToMs = 0; // newest time known to be complete (a round's timestamp), 0 = none
    std::deque<qint64> m_rounds; // round timestamps not yet covered by an evaluated boundary
    qint64 m_includedMs = 0; // newest round timestamp covered so far
    QTimer* m_flushTimer = nullptr;
    QTimer* m_boundaryTimer = nullptr;
    QTimer* m_resetTimer = nullptr; // zero-interval: the next panel of a reset
    QTimer* m_emitTimer = nullptr; // the rate limit's end for updates in m_outbox
    QList<PanelUpdate> m_outbox; // ready, not yet emitted
    bool m_flushAfterEmit = false; // appends are waiting in m_outbox: evaluate more after they went
    QElapsedTimer m_sinceEmit;
    QElapsedTimer m_resetCost; // since the current all-panel reset began
    int m_resetCount = 0;
};

FeedWorker::FeedWorker(std::shared_ptr<const query::QuerySource> source, const LiveQueryFeedOptions& options,
    LiveQueryFeed* feed, const std::atomic_bool* stopping)
    : m_source(std::move(source))
    , m_options(options)
    , m_feed(feed)
{
    m_queryOptions.limits = options.limits;
    m_queryOptions.cancelled = stopping;
    if (!m_options.clock)
        m_options.clock = SystemClock::instance();
}

void FeedWorker::init()
{
    m_flushTimer = new QTimer(this);
    m_flushTimer->setSingleShot(true);
    connect(m_flushTimer, &QTimer::timeout, this, [this]() { flush(); });
    m_boundaryTimer = new QTimer(this);
    m_boundaryTimer->setSingleShot(true);
    m_boundaryTimer->setTimerType(Qt::PreciseTimer);
    connect(m_boundaryTimer, &QTimer::timeout, this, [this]() {
        // No round said so, but the boundary is grace ms in the past: show it.
        m_advanceToMs = std::max(m_advanceToMs, m_options.clock->nowMs() - m_options.boundaryGraceMs);
        flush();
    });
    m_resetTimer = new QTimer(this);
    m_resetTimer->setSingleShot(true);
    connect(m_resetTimer, &QTimer::timeout, this, [this]() { resetNext(); });
    m_emitTimer = new QTimer(this);
    m_emitTimer->setSingleShot(true);
    connect(m_emitTimer, &QTimer::timeout, this, [this]() { emitOutbox(); });
}

void FeedWorker::shutdown()
{
    delete m_flushTimer;
    delete m_boundaryTimer;
    delete m_resetTimer;
    delete m_emitTimer;
    m_flushTimer = m_boundaryTimer = m_resetTimer = m_emitTimer = nullptr;
}

void FeedWorker::setQueries(const QList<LiveQuery>& queries)
{
    QMap<quint64, QueryState> next;
    int accepted = 0;
    for (const LiveQuery& q : queries) {
        if (next.contains(q.key))
            continue; // the first of a duplicated key wins
        auto it = m_queries.find(q.key);
        QueryState state;
        if (it != m_queries.end() && it->expr == q.expr) {
            state = *it; // unchanged: keeps its series, no reset
        } else {
            state.expr = q.expr;
            if (q.expr.trimmed().isEmpty())
                state.parseError
                    = feedTr(QT_TRANSLATE_NOOP("opsdeck::dashboard::LiveQueryFeed", "The query is empty."));
            else if (q.expr.size() > m_options.maxExprLength)
                state.parseError = feedTr(QT_TRANSLATE_NOOP("opsdeck::dashboard::LiveQueryFeed",
                                              "The query is longer than %1 characters."))
                                       .arg(m_options.maxExprLength);
            else
                state.parseError = query::QueryEngine::check(q.expr);
            m_pendingReset.insert(q.key);
        }
        const bool overLimit = ++accepted > m_options.maxQueries;
        if (overLimit != state.overLimit) {
            state.overLimit = overLimit;
            m_pendingReset.insert(q.key);
        }
        next.insert(q.key, std::move(state));
    }
    // Removed keys simply stop: nothing more is evaluated or sent for them.
    QSet<quint64> stale;
    for (auto it = m_queries.cbegin(); it != m_queries.cend(); ++it)
        if (!next.contains(it.key()))
            stale.insert(it.key());
    for (auto it = m_pendingReset.begin(); it != m_pendingReset.end();) {
        if (next.contains(*it))
            ++it;
        else
            it = m_pendingReset.erase(it);
    }
    // Updates computed for a removed or changed query are not sent any more.
    stale.unite(m_pendingReset);
    dropUnsent(&stale);
    m_queries = std::move(next);
    schedule();
}

void FeedWorker::setRange(qint64 rangeMs)
{
    m_rangeMs = LiveQueryFeed::clampRange(rangeMs);
    m_stepMs = LiveQueryFeed::stepForRange(m_rangeMs);
    if (m_phaseKnown)
        m_phaseMs = m_newestRoundMs % m_stepMs;
    // Abandons a reset in progress: the remaining panels are not computed for the old window.
    m_resetAll = true;
    dropUnsent(nullptr);
    schedule();
}

void FeedWorker::refreshAll()
{
    m_resetAll = true;
    dropUnsent(nullptr);
    schedule();
}

void FeedWorker::onRound(qint64 timestampMs)
{
    if (timestampMs <= m_includedMs)
        return;
    m_rounds.push_back(timestampMs);
    if (m_rounds.size() > 4096)
        m_rounds.pop_front(); // nothing evaluates (no queries, clock far behind): keep it bounded
    m_advanceToMs = std::max(m_advanceToMs, timestampMs);
    m_newestRoundMs = std::max(m_newestRoundMs, timestampMs);
    if (!m_phaseKnown) {
        const qint64 guessed = m_phaseMs;
        setPhaseFrom(timestampMs);
        if (m_lastEvalMs != 0 && m_phaseMs != guessed)
            m_resetAll = true; // the window so far was anchored on a guess; this early it is cheap to redo
    }
    // Only a new step boundary brings new points; rounds within a step cost nothing.
    if (m_lastEvalMs == 0 || boundaryAtOrBefore(timestampMs) > m_lastEvalMs || m_resetAll
        || !m_pendingReset.isEmpty())
        schedule();
}

void FeedWorker::schedule()
{
    if (!m_flushTimer || m_flushTimer->isActive())
        return;
    const qint64 since = m_sinceEmit.isValid() ? m_sinceEmit.elapsed() : kMinEmitIntervalMs;
    m_flushTimer->start(int(std::max<qint64>(0, kMinEmitIntervalMs - since)));
}

void FeedWorker::setPhaseFrom(qint64 scrapeTimestampMs)
{
    if (scrapeTimestampMs <= 0)
        return;
    m_phaseKnown = true;
    m_newestRoundMs = std::max(m_newestRoundMs, scrapeTimestampMs);
    m_phaseMs = scrapeTimestampMs % m_stepMs;
}

qint64 FeedWorker::includedSampleMs(qint64 boundaryMs)
{
    while (!m_rounds.empty() && m_rounds.front() <= boundaryMs) {
        m_includedMs = std::max(m_includedMs, m_rounds.front());
        m_rounds.pop_front();
    }
    return m_includedMs;
}

void FeedWorker::fillWindow(PanelUpdate& update) const
{
    update.windowEnd = seconds(m_lastEvalMs);
    update.windowStart = seconds(m_lastEvalMs - m_rangeMs);
}

void FeedWorker::flush()
{
    if (std::any_of(m_outbox.cbegin(), m_outbox.cend(), [](const PanelUpdate& u) { return !u.reset; })) {
        // Appends not emitted yet: the next ones follow in a later batch, so a batch
        // never carries two appends of one panel.
        m_flushAfterEmit = true;
        armBoundaryTimer();
        return;
    }
    QElapsedTimer cost;
    cost.start();
    QList<PanelUpdate> batch;
    const qint64 step = m_stepMs;
    bool resetAll = m_resetAll;
    m_resetAll = false;

    const qint64 now = m_options.clock->nowMs();
    if (m_lastEvalMs == 0 || resetAll) {
        // Anchor the window on the newest complete step boundary.
        m_lastEvalMs = boundaryAtOrBefore(std::max(now, m_advanceToMs));
        resetAll = true;
    } else if (m_advanceToMs > 0) {
        const qint64 target = boundaryAtOrBefore(m_advanceToMs);
        if (target > m_lastEvalMs) {
            const qint64 steps = (target - m_lastEvalMs) / step;
            if (steps > m_options.maxCatchUpSteps) {
                // After a suspend or a long stall: one window beats thousands of appends.
                qCDebug(lcDashboard) << "feed is" << steps << "steps behind, resetting every panel";
                m_lastEvalMs = target;
                resetAll = true;
            } else {
                const qint64 first = m_lastEvalMs + step;
                m_lastEvalMs = target;
                const qint64 sampleMs = includedSampleMs(target);
                for (auto it = m_queries.begin(); it != m_queries.end(); ++it) {
                    if (m_pendingReset.contains(it.key()) || !it->parseError.isEmpty() || it->overLimit)
                        continue;
                    PanelUpdate u = appendUpdate(it.key(), *it, first, target);
                    u.sampleTimeMs = sampleMs;
                    batch.append(std::move(u));
                }
            }
        }
    }

    if (resetAll) {
        // A new window for every panel: whatever was computed for the old one is not sent.
        m_outbox.clear();
        batch.clear();
        for (auto it = m_queries.begin(); it != m_queries.end(); ++it)
            m_pendingReset.insert(it.key());
        m_resetCost.start();
        m_resetCount = 0;
    }
    if (!batch.isEmpty()) {
        qCDebug(lcDashboard) << "appended to" << batch.size() << "panels in" << cost.elapsed() << "ms";
        deliver(std::move(batch));
    }
    if (!m_pendingReset.isEmpty() && m_resetTimer && !m_resetTimer->isActive())
        m_resetTimer->start(0);
    armBoundaryTimer();
}

void FeedWorker::resetNext()
{
    // setRange/refreshAll came in: flush() anchors the new window and starts over.
    if (m_resetAll || m_pendingReset.isEmpty())
        return;
    auto it = m_queries.begin();
    while (it != m_queries.end() && !m_pendingReset.contains(it.key()))
        ++it;
    if (it == m_queries.end()) {
        m_pendingReset.clear();
        return;
    }
    m_pendingReset.remove(it.key());
    QElapsedTimer cost;
    cost.start();
    PanelUpdate u = resetUpdate(it.key(), *it);
    u.sampleTimeMs = includedSampleMs(m_lastEvalMs);
    ++m_resetCount;
    qCDebug(lcDashboard) << "reset panel" << it.key() << "in" << cost.elapsed() << "ms";
    if (m_pendingReset.isEmpty() && m_resetCost.isValid())
        qCDebug(lcDashboard) << "reset" << m_resetCount << "panels in" << m_resetCost.elapsed() << "ms";
    deliver({ std::move(u) });
    if (!m_pendingReset.isEmpty())
        m_resetTimer->start(0);
}

void FeedWorker::deliver(QList<PanelUpdate> updates)
{
    m_outbox.append(std::move(updates));
    const qint64 since = m_sinceEmit.isValid() ? m_sinceEmit.elapsed() : kMinEmitIntervalMs;
    if (since >= kMinEmitIntervalMs)
        emitOutbox();
    else if (m_emitTimer && !m_emitTimer->isActive())
        m_emitTimer->start(int(kMinEmitIntervalMs - since));
}

void FeedWorker::emitOutbox()
{
    if (m_emitTimer)
        m_emitTimer->stop();
    if (!m_outbox.isEmpty()) {
        QList<PanelUpdate> batch;
        batch.swap(m_outbox);
        m_sinceEmit.start();
        emit m_feed->updated(batch);
    }
    if (m_flushAfterEmit) {
        m_flushAfterEmit = false;
        schedule();
    }
}

void FeedWorker::dropUnsent(const QSet<quint64>* keys)
{
    if (!keys) {
        m_outbox.clear();
        return;
    }
    m_outbox.removeIf([keys](const PanelUpdate& u) { return keys->contains(u.key); });
}

void FeedWorker::armBoundaryTimer()
{
    if (!m_boundaryTimer || m_options.boundaryGraceMs <= 0 || m_lastEvalMs == 0 || m_queries.isEmpty()) {
        if (m_boundaryTimer)
            m_boundaryTimer->stop();
        return;
    }
    const qint64 due = m_lastEvalMs + m_stepMs + m_options.boundaryGraceMs;
    const qint64 delay
        = std::clamp<qint64>(due - m_options.clock->nowMs(), 10, m_stepMs + m_options.boundaryGraceMs);
    m_boundaryTimer->start(int(delay));
}

bool FeedWorker::evaluate(
    const QString& expr, qint64 firstMs, qint64 lastMs, QList<EvaluatedSeries>* out, QString* error) const
{
    // One instant query per boundary when only one is due (each tick), a range query otherwise.
    const query::QueryResult result = firstMs == lastMs
        ? m_source->instant(expr, firstMs, m_queryOptions)
        : m_source->range(expr, firstMs, lastMs, m_stepMs, m_queryOptions);
    if (!result.ok) {
        *error = result.error;
        return false;
    }
    switch (result.type) {
    case query::ValueType::Scalar: {
        EvaluatedSeries s;
        s.points.append({ firstMs, result.scalar.value });
        out->append(std::move(s));
        return true;
    }
    case query::ValueType::String:
        *error = feedTr(QT_TRANSLATE_NOOP(
            "opsdeck::dashboard::LiveQueryFeed", "The query gives a string, not numbers to plot."));
        return false;
    case query::ValueType::Vector:
    case query::ValueType::Matrix:
        break;
    }
    out->reserve(result.series.size());
    for (const query::ResultSeries& rs : result.series) {
        EvaluatedSeries s;
        s.labels = rs.labels;
        s.points = rs.points;
        if (firstMs == lastMs) {
            for (metrics::Sample& p : s.points)
                p.timestampMs = firstMs; // an instant vector's point is at the evaluation time
        }
        out->append(std::move(s));
    }
    return true;
}

QString FeedWorker::limitSeries(QList<EvaluatedSeries>& series, const QSet<QString>& keep) const
{
    const qsizetype max = m_options.maxSeriesPerPanel;
    if (series.size() <= max)
        return {};
    const qsizetype total = series.size();
    // Series already on screen first, then by labels, so the same ones stay.
    std::stable_sort(series.begin(), series.end(), [&keep](const EvaluatedSeries& a, const EvaluatedSeries& b) {
        const bool ka = keep.contains(QString::fromUtf8(a.labels.toString()));
        const bool kb = keep.contains(QString::fromUtf8(b.labels.toString()));
        if (ka != kb)
            return ka;
        return a.labels < b.labels;
    });
    series.resize(max);
    return feedTr(QT_TRANSLATE_NOOP("opsdeck::dashboard::LiveQueryFeed",
                      "Showing %1 of %2 series; narrow the query to see the rest."))
        .arg(max)
        .arg(total);
}

PanelUpdate FeedWorker::resetUpdate(quint64 key, QueryState& state)
{
    PanelUpdate u;
    u.key = key;
    u.reset = true;
    fillWindow(u);
    state.live.clear();
    if (!state.parseError.isEmpty()) {
        u.error = state.parseError;
        return u;
    }
    if (state.overLimit) {
        u.error = feedTr(QT_TRANSLATE_NOOP(
                             "opsdeck::dashboard::LiveQueryFeed", "Too many panels: at most %1 are updated live."))
                      .arg(m_options.maxQueries);
        return u;
    }
    const qint64 end = m_lastEvalMs;
    const qint64 start = end - (m_rangeMs / m_stepMs) * m_stepMs;
    QList<EvaluatedSeries> evaluated;
    if (!evaluate(state.expr, start, end, &evaluated, &u.error))
        return u;
    u.error = limitSeries(evaluated, {});
    std::sort(evaluated.begin(), evaluated.end(),
        [](const EvaluatedSeries& a, const EvaluatedSeries& b) { return a.labels < b.labels; });
    for (const EvaluatedSeries& s : std::as_const(evaluated)) {
        SeriesPoints points;
        points.id = QString::fromUtf8(s.labels.toString());
        points.labels = s.labels;
        points.t.reserve(s.points.size() + 8);
        points.v.reserve(s.points.size() + 8);
        bool present = false;
        PointCursor cursor(&s);
        for (qint64 t = start; t <= end; t += m_stepMs) {
            if (const std::optional<double> value = cursor.at(t)) {
                points.t.append(seconds(t));
                points.v.append(*value);
                present = true;
            } else if (present) {
                // One NaN per gap, so a plot breaks the line instead of bridging it.
                points.t.append(seconds(t));
                points.v.append(kNaN);
                present = false;
            }
        }
        if (present)
            state.live.insert(points.id);
        if (!points.t.isEmpty())
            u.series.append(std::move(points));
    }
    return u;
}

PanelUpdate FeedWorker::appendUpdate(quint64 key, QueryState& state, qint64 firstMs, qint64 lastMs)
{
    PanelUpdate u;
    u.key = key;
    fillWindow(u);
    QList<EvaluatedSeries> evaluated;
    if (!evaluate(state.expr, firstMs, lastMs, &evaluated, &u.error))
        return u; // the panel keeps what it shows and says why nothing new came
    u.error = limitSeries(evaluated, state.live);

    QHash<QString, qsizetype> index; // series id -> position in u.series
    QHash<QString, const EvaluatedSeries*> byId;
    for (const EvaluatedSeries& s : std::as_const(evaluated))
        byId.insert(QString::fromUtf8(s.labels.toString()), &s);
    // Every id that may get a point: on screen before, or in the result.
    QList<QString> ids(state.live.cbegin(), state.live.cend());
    for (auto it = byId.cbegin(); it != byId.cend(); ++it) {
        if (!state.live.contains(it.key()))
            ids.append(it.key());
    }
    std::sort(ids.begin(), ids.end());

    auto pointsFor = [&](const QString& id, const metrics::Labels& labels) -> SeriesPoints& {
        auto it = index.constFind(id);
        if (it != index.cend())
            return u.series[*it];
        SeriesPoints p;
        p.id = id;
        p.labels = labels;
        index.insert(id, u.series.size());
        u.series.append(std::move(p));
        return u.series.last();
    };
    for (const QString& id : std::as_const(ids)) {
        const EvaluatedSeries* s = byId.value(id, nullptr);
        bool live = state.live.contains(id);
        PointCursor cursor(s);
        for (qint64 t = firstMs; t <= lastMs; t += m_stepMs) {
            if (const std::optional<double> value = cursor.at(t)) {
                SeriesPoints& p = pointsFor(id, s->labels);
                p.t.append(seconds(t));
                p.v.append(*value);
                live = true;
            } else if (live) {
                // Gone (stale or filtered out): a NaN ends its line here.
                SeriesPoints& p = pointsFor(id, s ? s->labels : metrics::Labels());
                p.t.append(seconds(t));
                p.v.append(kNaN);
                live = false;
            }
        }
        if (live)
            state.live.insert(id);
        else
            state.live.remove(id);
    }
    return u;
}

// --- LiveQueryFeed: the thread-safe front, all work is queued to the worker ---

LiveQueryFeed::LiveQueryFeed(const query::QuerySource* source, QObject* parent)
    : LiveQueryFeed(source, LiveQueryFeedOptions {}, parent)
{ }

LiveQueryFeed::LiveQueryFeed(
    const query::QuerySource* source, const LiveQueryFeedOptions& options, QObject* parent)
    : LiveQueryFeed(
        std::shared_ptr<const query::QuerySource>(source, [](const query::QuerySource*) {}), options, parent)
{ }

LiveQueryFeed::LiveQueryFeed(
    std::shared_ptr<const query::QuerySource> source, const LiveQueryFeedOptions& options, QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<PanelUpdate>();
    qRegisterMetaType<QList<PanelUpdate>>();
    qRegisterMetaType<LiveQuery>();
    m_service = std::make_unique<ServiceThread<FeedWorker>>(QStringLiteral("opsdeck-dashboard"));
    m_worker = m_service->adopt(
        new FeedWorker(std::move(source), options, this, &m_stopping), [](FeedWorker& w) { w.shutdown(); });
    m_workerObject = m_worker;
    // init() runs on the new thread before its event loop, so it precedes every queued call.
    m_service->start([](FeedWorker& w) { w.init(); });
}

void LiveQueryFeed::noteNewestSample(qint64 timestampMs)
{
    if (timestampMs > 0)
        QMetaObject::invokeMethod(
            m_worker, [w = m_worker, timestampMs]() { w->setPhaseFrom(timestampMs); }, Qt::QueuedConnection);
}

void LiveQueryFeed::deliverRound(qint64 timestampMs)
{
    m_worker->onRound(timestampMs);
}

void followScrapeRounds(LiveQueryFeed& feed, const scrape::ScrapeManager& scrape)
{
    qint64 newest = 0;
    for (const scrape::TargetStatus& t : scrape.targets())
        newest = std::max(newest, t.lastScrapeMs);
    feed.noteNewestSample(newest);
    feed.followRounds(&scrape, &scrape::ScrapeManager::scrapeRoundCompleted);
}

LiveQueryFeed::~LiveQueryFeed()
{
    // A remote query in flight is aborted, so closing a dashboard never waits for a slow server.
    m_stopping.store(true);
    m_service->stop();
}

QThread* LiveQueryFeed::feedThread() const
{
    return m_service->thread();
}

void LiveQueryFeed::setQueries(const QList<LiveQuery>& queries)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, queries]() { w->setQueries(queries); }, Qt::QueuedConnection);
}

void LiveQueryFeed::setRange(qint64 rangeMs)
{
    const qint64 clamped = clampRange(rangeMs);
    m_rangeMs = clamped;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, clamped]() { w->setRange(clamped); }, Qt::QueuedConnection);
}

void LiveQueryFeed::refreshAll()
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker]() { w->refreshAll(); }, Qt::QueuedConnection);
}

qint64 LiveQueryFeed::stepMs() const
{
    return stepForRange(m_rangeMs.load());
}

qint64 LiveQueryFeed::rangeMs() const
{
    return m_rangeMs.load();
}

qint64 LiveQueryFeed::stepForRange(qint64 rangeMs)
{
    const qint64 range = clampRange(rangeMs);
    const qint64 raw = std::max<qint64>(1000, (range + kMaxPointsPerWindow - 1) / kMaxPointsPerWindow);
    return (raw + 999) / 1000 * 1000;
}

qint64 LiveQueryFeed::clampRange(qint64 rangeMs)
{
    return std::clamp(rangeMs, kMinRangeMs, kMaxRangeMs);
}

} // namespace opsdeck::dashboard
