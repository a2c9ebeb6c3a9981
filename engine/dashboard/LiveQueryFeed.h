#pragma once

#include "Clock.h"
#include "metrics/Labels.h"
#include "query/QuerySource.h"
#include "ServiceThread.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QVector>

#include <atomic>
#include <memory>

class QThread;

namespace opsdeck::scrape {
class ScrapeManager;
}

// The live data behind the dashboard: keeps a set of panel queries evaluated
// through a query source (the engine's local store, or any other source) on
// its own thread. A reset update carries a whole window from one range query;
// after each round of new data (followRounds: the scrape manager's
// scrapeRoundCompleted for the local store) the step boundaries not yet
// evaluated are evaluated and sent as append updates. The appends of all panels for one round go out
// in a single updated() emission. Resets are computed one panel at a time and
// sent as they are ready (alone, or with the others ready within the same
// ~100 ms), so the first panels show while the rest compute; a newer
// setQueries/setRange/refreshAll abandons the rest of a reset in progress
// (checked between panels). Never more than ~10 emissions per second, and a
// batch never holds two updates of one panel of the same kind.
//
// It must never write to the store, never block its callers (every public
// method only posts to the feed thread) and never let one panel's error or
// size affect another panel.
namespace opsdeck::dashboard {

struct LiveQuery
{
    quint64 key = 0;
    QString expr; // expr already expanded

    friend bool operator==(const LiveQuery&, const LiveQuery&) = default;
};

struct SeriesPoints
{
    QString id; // stable identity: metrics::Labels::toString() of the result series
    metrics::Labels labels;
    QVector<double> t; // seconds since epoch (double), ascending
    QVector<double> v; // NaN = gap (stale / missing)
};

struct PanelUpdate
{
    quint64 key = 0;
    bool reset = false; // true: replace everything the panel shows with `series`; false: append
    QList<SeriesPoints> series; // on append: only the new points, per series
    double windowStart = 0; // seconds; drop points older than this
    double windowEnd = 0; // seconds; time of the newest evaluation
    QString error; // parse/eval error in plain words, empty if fine
    qint64 sampleTimeMs = 0; // newest scrape timestamp included (for latency measurement)
};

struct LiveQueryFeedOptions
{
    const Clock* clock = SystemClock::instance(); // "now" for reset windows and the boundary timer
    query::QueryLimits limits { 5 * 60 * 1000, 50'000, 20'000'000 }; // per query evaluation
    int maxQueries = 64; // queries beyond this get an error update
    int maxSeriesPerPanel = 1000; // more result series: the first ones (by labels) and an error note
    int maxExprLength = 4096;
    // How long after a step boundary the feed evaluates it when no scrape
    // round has reported a later timestamp (a slow or idle target); 0 = rounds only.
    int boundaryGraceMs = 150;
    // Boundaries more than this many steps behind are not caught up one by
    // one: the panels are reset instead (after a suspend or a stalled store).
    int maxCatchUpSteps = 120;
};

class FeedWorker;
class LiveQueryFeed;

// Wires a feed over the engine's local store to the scrape manager that fills
// it: the newest scrape so far sets the first window's end, and every
// scrapeRoundCompleted drives the next boundaries (queued to the feed thread).
void followScrapeRounds(LiveQueryFeed& feed, const scrape::ScrapeManager& scrape);

class LiveQueryFeed final : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 kMinRangeMs = 60 * 1000;
    static constexpr qint64 kMaxRangeMs = 24 * 3600 * 1000;
    static constexpr qint64 kDefaultRangeMs = 15 * 60 * 1000;
    static constexpr qint64 kMaxPointsPerWindow = 3600;

    // source must outlive the feed. Without followRounds() only the boundary
    // timer and refreshAll() drive evaluation.
    explicit LiveQueryFeed(const query::QuerySource* source, QObject* parent = nullptr);
    LiveQueryFeed(
        const query::QuerySource* source, const LiveQueryFeedOptions& options, QObject* parent = nullptr);
    // Shares ownership of source (a remote data source the registry may drop meanwhile).
    LiveQueryFeed(std::shared_ptr<const query::QuerySource> source, const LiveQueryFeedOptions& options,
        QObject* parent = nullptr);
    ~LiveQueryFeed() override;

    // Evaluates new step boundaries as soon as sender's signal(newest sample
    // timestamp) reports a completed round of data. The signal may be emitted
    // on any thread; it is queued to the feed thread, never through the
    // caller's. sender must outlive the feed or disconnect first.
    template <typename Sender> void followRounds(const Sender* sender, void (Sender::*signal)(qint64))
    {
        connect(
            sender, signal, m_workerObject, [this](qint64 ts) { deliverRound(ts); }, Qt::QueuedConnection);
    }
    // Data that arrived before the feed existed (the console's first scrape
    // runs while the window is built): the first window ends on it.
    void noteNewestSample(qint64 timestampMs);

    void setQueries(const QList<LiveQuery>& queries); // replaces all; new/changed keys get a reset update
    void setRange(qint64 rangeMs); // window length (1 min .. 24 h); all panels reset
    void refreshAll(); // re-send reset updates for every query (after resume)
    qint64 stepMs() const; // current step: max(1000, range / 3600) rounded to whole seconds
    qint64 rangeMs() const;

    // max(1000, range / 3600) rounded up to whole seconds, so a window never holds more than 3601 points.
    static qint64 stepForRange(qint64 rangeMs);
    static qint64 clampRange(qint64 rangeMs);

    QThread* feedThread() const;

signals:
    void updated(const QList<opsdeck::dashboard::PanelUpdate>&
            updates); // emitted on the feed thread, at most ~10/s, batched

private:
    void deliverRound(qint64 timestampMs); // on the feed thread

    std::unique_ptr<ServiceThread<FeedWorker>> m_service;
    FeedWorker* m_worker = nullptr; // owned by m_service, lives on the feed thread
    QObject* m_workerObject = nullptr; // m_worker, for connections made in this header
    std::atomic<qint64> m_rangeMs { kDefaultRangeMs };
    std::atomic_bool m_stopping { false }; // set before the feed thread stops: aborts queries in flight
};

} // namespace opsdeck::dashboard

Q_DECLARE_METATYPE(opsdeck::dashboard::LiveQuery)
Q_DECLARE_METATYPE(opsdeck::dashboard::SeriesPoints)
Q_DECLARE_METATYPE(opsdeck::dashboard::PanelUpdate)
// QList<PanelUpdate> needs no declaration of its own in Qt 6; both are registered by LiveQueryFeed.
