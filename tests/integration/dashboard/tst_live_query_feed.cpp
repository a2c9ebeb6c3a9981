// Integration tests of engine/dashboard/LiveQueryFeed on its own thread over a
// real SeriesStore and ScrapeManager. The deterministic cases write the store
// from the test thread (its single writer, the manager scrapes nothing) and
// announce rounds through ScrapeManager::scrapeRoundCompleted with a
// ManualClock; the live cases run the manager's local source for real.
#include "Clock.h"
#include "dashboard/LiveQueryFeed.h"
#include "dashboard/PanelDefinition.h"
#include "metrics/SeriesStore.h"
#include "query/LocalQuerySource.h"
#include "scrape/LocalSource.h"
#include "scrape/ScrapeManager.h"

#include <QDateTime>
#include <QSet>
#include <QTest>

#include <atomic>
#include <cmath>
#include <memory>

using namespace opsdeck;
using namespace opsdeck::dashboard;
using namespace opsdeck::metrics;
using namespace opsdeck::scrape;
using opsdeck::query::LocalQuerySource;

namespace {

constexpr int kWaitMs = 10'000;
constexpr qint64 kT0 = 1'700'000'000'000; // a whole second
const Labels kA { { "__name__", "test_counter_total" }, { "instance", "a" }, { "job", "j" } };
const Labels kB { { "__name__", "test_counter_total" }, { "instance", "b" }, { "job", "j" } };

// Receives batches on the test thread (queued from the feed thread).
class Batches : public QObject
{
public:
    explicit Batches(LiveQueryFeed* feed)
    {
        connect(feed, &LiveQueryFeed::updated, this, [this](const QList<PanelUpdate>& updates) {
            QVERIFY(QThread::currentThread() == thread());
            got.append(updates);
        });
    }
    QList<QList<PanelUpdate>> got;

    // The next batch, waiting for it.
    QList<PanelUpdate> take()
    {
        if (!QTest::qWaitFor([this]() { return !got.isEmpty(); }, kWaitMs)) {
            QTest::qFail("no update batch arrived", __FILE__, __LINE__);
            return {};
        }
        return got.takeFirst();
    }

    // The reset of every given panel. Resets come panel by panel as each is
    // ready (several per batch when ready within the same ~100 ms), so they may
    // span batches; each panel's reset must come exactly once, and nothing else
    // may come in between.
    QList<PanelUpdate> takeResets(const QList<quint64>& keys)
    {
        QList<PanelUpdate> out;
        QSet<quint64> missing(keys.cbegin(), keys.cend());
        while (!missing.isEmpty()) {
            const QList<PanelUpdate> batch = take();
            if (batch.isEmpty())
                return out; // take() failed the test already
            for (const PanelUpdate& u : batch) {
                if (!u.reset || !missing.remove(u.key)) {
                    QTest::qFail(
                        qPrintable(QStringLiteral("unexpected %1 update for panel %2")
                                       .arg(u.reset ? QStringLiteral("second reset") : QStringLiteral("append"))
                                       .arg(u.key)),
                        __FILE__, __LINE__);
                    return out;
                }
                out.append(u);
            }
        }
        return out;
    }
};

const PanelUpdate* find(const QList<PanelUpdate>& batch, quint64 key)
{
    for (const PanelUpdate& u : batch)
        if (u.key == key)
            return &u;
    return nullptr;
}

const SeriesPoints* series(const PanelUpdate& u, const Labels& labels)
{
    const QString id = QString::fromUtf8(labels.toString());
    for (const SeriesPoints& s : u.series)
        if (s.id == id)
            return &s;
    return nullptr;
}

// Enough history that a reset of kSlowPanels panels takes a while: 400
// counters over 1 h at 10 s.
constexpr int kSlowPanels = 64;
void writeManyCounters(SeriesStore& store)
{
    for (int i = 0; i < 400; ++i) {
        const SeriesRef ref = store.getOrCreate(Labels { { "__name__", "many_total" },
            { "i", QByteArray::number(i % 40) }, { "j", QByteArray::number(i / 40) } });
        for (qint64 t = kT0 - 3600'000; t <= kT0; t += 10'000)
            store.append(ref, t, double(t - kT0 + 3600'000) / 1000.0 * (i + 1));
    }
}
// One panel per key, each a 1 h rate over every counter, labelled gen=<gen> when given.
QList<LiveQuery> slowQueries(const QString& gen)
{
    QList<LiveQuery> out;
    for (int k = 1; k <= kSlowPanels; ++k) {
        QString expr = QStringLiteral("sum by (i) (rate(many_total[1m])) * %1").arg(k);
        if (!gen.isEmpty())
            expr = QStringLiteral("label_replace(%1, \"gen\", \"%2\", \"\", \"\")").arg(expr, gen);
        out.append({ quint64(k), expr });
    }
    return out;
}

// One test's world: a store written by the test, a manager that only relays rounds, a feed.
struct Rig
{
    ManualClock clock { kT0 };
    SeriesStore store;
    LocalQuerySource source { &store };
    std::unique_ptr<ScrapeManager> manager;
    std::unique_ptr<LiveQueryFeed> feed;
    std::unique_ptr<Batches> batches;

    Rig()
    {
        ScrapeManagerOptions options;
        options.retentionIntervalMs = 0; // the test thread is the store's only writer
        manager = std::make_unique<ScrapeManager>(&store, options, &clock);
        LiveQueryFeedOptions feedOptions;
        feedOptions.clock = &clock;
        feedOptions.boundaryGraceMs = 0; // rounds only: nothing depends on real time
        feed = std::make_unique<LiveQueryFeed>(&source, feedOptions);
        followScrapeRounds(*feed, *manager);
        batches = std::make_unique<Batches>(feed.get());
    }

    // Counter a: one per second, value = seconds since kT0 - 600 (so rate = 1/s).
    void writeA(qint64 fromMs, qint64 toMs)
    {
        for (qint64 t = fromMs; t <= toMs; t += 1000)
            QVERIFY(store.append(kA, t, double(t - (kT0 - 600'000)) / 1000.0));
    }
    void writeB(qint64 fromMs, qint64 toMs)
    {
        for (qint64 t = fromMs; t <= toMs; t += 1000)
            QVERIFY(store.append(kB, t, 5.0));
    }
    // What the scrape thread does after appending: the clock moves on, the round is announced.
    void round(qint64 timestampMs)
    {
        clock.setNowMs(timestampMs + 30);
        emit manager->scrapeRoundCompleted(timestampMs);
    }
};

} // namespace

class TestLiveQueryFeed : public QObject
{
    Q_OBJECT

private slots:
    void resetHasOnePointPerStep()
    {
        Rig rig;
        rig.writeA(kT0 - 300'000, kT0);
        rig.feed->setRange(60'000);
        QCOMPARE(rig.feed->stepMs(), 1000);
        rig.feed->setQueries({ { 1, QStringLiteral("test_counter_total") },
            { 2, QStringLiteral("rate(test_counter_total[10s])") } });
        const QList<PanelUpdate> batch = rig.batches->takeResets({ 1, 2 });
        QCOMPARE(batch.size(), 2); // both panels' resets, each once
        for (quint64 key : { 1, 2 }) {
            const PanelUpdate* u = find(batch, key);
            QVERIFY(u);
            QVERIFY(u->reset);
            QVERIFY2(u->error.isEmpty(), qPrintable(u->error));
            QCOMPARE(u->windowEnd, kT0 / 1000.0);
            QCOMPARE(u->windowStart, kT0 / 1000.0 - 60);
            QCOMPARE(u->series.size(), 1);
            const SeriesPoints& s = u->series.constFirst();
            QCOMPARE(s.t.size(), 61); // 60 s window, 1 s step, both ends
            QCOMPARE(s.v.size(), 61);
            QCOMPARE(s.t.constFirst(), kT0 / 1000.0 - 60);
            QCOMPARE(s.t.constLast(), kT0 / 1000.0);
            for (qsizetype i = 1; i < s.t.size(); ++i)
                QCOMPARE(s.t.at(i) - s.t.at(i - 1), 1.0);
        }
        const SeriesPoints* raw = series(*find(batch, 1), kA);
        QVERIFY(raw);
        QCOMPARE(raw->labels, kA);
        QCOMPARE(raw->v.constLast(), 600.0);
        QCOMPARE(raw->v.constFirst(), 540.0);
        const SeriesPoints& rate = find(batch, 2)->series.constFirst();
        QVERIFY(!rate.labels.has("__name__")); // rate() drops the name, as Prometheus
        for (double v : rate.v)
            QCOMPARE(v, 1.0);
    }

    void roundsAppendNewPoints()
    {
        Rig rig;
        rig.writeA(kT0 - 120'000, kT0);
        rig.feed->setRange(60'000);
        rig.feed->setQueries({ { 1, QStringLiteral("test_counter_total") },
            { 2, QStringLiteral("rate(test_counter_total[10s])") } });
        QCOMPARE(rig.batches->takeResets({ 1, 2 }).size(), 2);

        // A scrape at T0+1 s: the boundary T0+1 s is complete.
        rig.writeA(kT0 + 1000, kT0 + 1000);
        rig.round(kT0 + 1000);
        QList<PanelUpdate> batch = rig.batches->take();
        QCOMPARE(batch.size(), 2);
        for (const PanelUpdate& u : batch) {
            QVERIFY(!u.reset);
            QCOMPARE(u.windowEnd, kT0 / 1000.0 + 1);
            QCOMPARE(u.windowStart, kT0 / 1000.0 + 1 - 60);
            QCOMPARE(u.sampleTimeMs, kT0 + 1000);
            QCOMPARE(u.series.size(), 1);
            QCOMPARE(u.series.constFirst().t, QVector<double>({ kT0 / 1000.0 + 1 }));
        }
        QCOMPARE(series(*find(batch, 1), kA)->v, QVector<double>({ 601.0 }));

        // Another scrape within the same step brings no new boundary: nothing is sent.
        rig.round(kT0 + 1700);
        QTest::qWait(300);
        QVERIFY(rig.batches->got.isEmpty());

        // A late round covering three boundaries: three points in one batch.
        rig.writeA(kT0 + 2000, kT0 + 4000);
        rig.round(kT0 + 4000);
        batch = rig.batches->take();
        QCOMPARE(batch.size(), 2);
        QCOMPARE(series(*find(batch, 1), kA)->t,
            QVector<double>({ kT0 / 1000.0 + 2, kT0 / 1000.0 + 3, kT0 / 1000.0 + 4 }));
        QCOMPARE(series(*find(batch, 1), kA)->v, QVector<double>({ 602.0, 603.0, 604.0 }));
        QCOMPARE(find(batch, 2)->series.constFirst().v, QVector<double>({ 1.0, 1.0, 1.0 }));
        QCOMPARE(find(batch, 1)->sampleTimeMs, kT0 + 4000);
        // A round past the boundary: its own samples are not in the point at T0+5 s.
        rig.writeA(kT0 + 5000, kT0 + 5000);
        rig.round(kT0 + 5000);
        QCOMPARE(rig.batches->take().constFirst().sampleTimeMs, kT0 + 5000);
        rig.writeA(kT0 + 6000, kT0 + 6000);
        rig.round(kT0 + 6300);
        batch = rig.batches->take();
        QCOMPARE(batch.constFirst().sampleTimeMs, kT0 + 5000);
        QCOMPARE(series(*find(batch, 1), kA)->v, QVector<double>({ 606.0 }));

        // Rounds faster than ~10 batches/s are merged: two boundaries, one batch.
        rig.writeA(kT0 + 7000, kT0 + 8000);
        rig.round(kT0 + 7000);
        rig.round(kT0 + 8000);
        batch = rig.batches->take();
        QCOMPARE(series(*find(batch, 1), kA)->v, QVector<double>({ 607.0, 608.0 }));
        QTest::qWait(300);
        QVERIFY(rig.batches->got.isEmpty());
    }

    void removedQueryStopsAndBadQueryIsIsolated()
    {
        Rig rig;
        rig.writeA(kT0 - 120'000, kT0);
        rig.feed->setRange(60'000);
        rig.feed->setQueries({ { 1, QStringLiteral("test_counter_total") }, { 2, QStringLiteral("up") } });
        QCOMPARE(rig.batches->takeResets({ 1, 2 }).size(), 2);

        // Key 2 goes, key 3 is broken, key 1 is unchanged: only key 3 gets a (reset) update.
        rig.feed->setQueries({ { 1, QStringLiteral("test_counter_total") },
            { 3, QStringLiteral("sum(rate(test_counter_total[1m])") } });
        QList<PanelUpdate> batch = rig.batches->take();
        QCOMPARE(batch.size(), 1);
        const PanelUpdate* bad = find(batch, 3);
        QVERIFY(bad);
        QVERIFY(bad->reset);
        QVERIFY(bad->series.isEmpty());
        QVERIFY2(bad->error.contains(QStringLiteral("parse error")), qPrintable(bad->error));

        rig.writeA(kT0 + 1000, kT0 + 1000);
        rig.round(kT0 + 1000);
        batch = rig.batches->take();
        QCOMPARE(batch.size(), 1); // neither the removed nor the broken query
        QCOMPARE(batch.constFirst().key, 1);
        QVERIFY(batch.constFirst().error.isEmpty());
        QCOMPARE(series(batch.constFirst(), kA)->v, QVector<double>({ 601.0 }));

        // An evaluation error (not a parse error) is reported per panel too.
        rig.feed->setQueries({ { 1, QStringLiteral("test_counter_total") },
            { 4, QStringLiteral("label_replace(test_counter_total, \"1bad\", \"x\", \"\", \"\")") } });
        batch = rig.batches->take();
        QCOMPARE(batch.size(), 1);
        QVERIFY(!find(batch, 4)->error.isEmpty());
        rig.writeA(kT0 + 2000, kT0 + 2000);
        rig.round(kT0 + 2000);
        batch = rig.batches->take();
        QCOMPARE(batch.size(), 2);
        QVERIFY(find(batch, 1)->error.isEmpty());
        QCOMPARE(series(*find(batch, 1), kA)->v, QVector<double>({ 602.0 }));
        QVERIFY(!find(batch, 4)->error.isEmpty());
    }

    void changedQueryAndSetRangeReset()
    {
        Rig rig;
        rig.writeA(kT0 - 300'000, kT0);
        rig.feed->setRange(60'000);
        rig.feed->setQueries({ { 1, QStringLiteral("test_counter_total") }, { 2, QStringLiteral("up") } });
        QCOMPARE(rig.batches->takeResets({ 1, 2 }).size(), 2);

        // Same key, new expression: that panel alone is reset.
        rig.feed->setQueries({ { 1, QStringLiteral("test_counter_total * 2") }, { 2, QStringLiteral("up") } });
        QList<PanelUpdate> batch = rig.batches->take();
        QCOMPARE(batch.size(), 1);
        QVERIFY(batch.constFirst().reset);
        QCOMPARE(batch.constFirst().series.constFirst().v.constLast(), 1200.0);

        // A new range resets every panel with the new step: 2 min at 1 s.
        rig.feed->setRange(120'000);
        batch = rig.batches->takeResets({ 1, 2 });
        QCOMPARE(batch.size(), 2);
        for (const PanelUpdate& u : batch) {
            QVERIFY(u.reset);
            QCOMPARE(u.windowStart, u.windowEnd - 120);
        }
        QCOMPARE(find(batch, 1)->series.constFirst().t.size(), 121);
        QVERIFY(find(batch, 2)->series.isEmpty()); // no `up` in this store, and no error

        // Clamped to 1 min .. 24 h; a day is 3600 steps of 24 s.
        rig.feed->setRange(10);
        QCOMPARE(rig.feed->rangeMs(), LiveQueryFeed::kMinRangeMs);
        rig.batches->takeResets({ 1, 2 });
        rig.feed->setRange(100LL * 24 * 3600 * 1000);
        QCOMPARE(rig.feed->rangeMs(), LiveQueryFeed::kMaxRangeMs);
        QCOMPARE(rig.feed->stepMs(), 24'000);
        batch = rig.batches->takeResets({ 1, 2 });
        const SeriesPoints& day = find(batch, 1)->series.constFirst();
        QVERIFY(day.t.size() <= 3601);
        QCOMPARE(day.t.at(1) - day.t.at(0), 24.0);

        // refreshAll: every panel again.
        rig.feed->refreshAll();
        batch = rig.batches->takeResets({ 1, 2 });
        QCOMPARE(batch.size(), 2);
        QVERIFY(batch.at(0).reset && batch.at(1).reset);
        QTest::qWait(300);
        QVERIFY(rig.batches->got.isEmpty()); // and nothing more
    }

    // A reset of many slow panels is under way when the range changes: the
    // panels not computed yet are abandoned (never sent for the old window),
    // and every panel gets the new window.
    void newRangeAbandonsResetInProgress()
    {
        Rig rig;
        writeManyCounters(rig.store);
        rig.feed->setRange(3600'000);
        rig.feed->setQueries(slowQueries(QString()));
        // Sent as soon as it is ready, before the rest is computed.
        const QList<PanelUpdate> first = rig.batches->take();
        QCOMPARE(first.size(), 1);
        QVERIFY(first.constFirst().reset);
        QCOMPARE(first.constFirst().windowEnd - first.constFirst().windowStart, 3600.0);
        rig.feed->setRange(1800'000);

        int oldWindow = 0;
        QSet<quint64> newWindow;
        while (newWindow.size() < kSlowPanels) {
            const QList<PanelUpdate> batch = rig.batches->take();
            QVERIFY(!batch.isEmpty());
            for (const PanelUpdate& u : batch) {
                QVERIFY(u.reset);
                QVERIFY2(u.error.isEmpty(), qPrintable(u.error));
                if (u.windowEnd - u.windowStart == 3600.0) {
                    QVERIFY2(newWindow.isEmpty(), "a panel for the old window came after the new window's");
                    ++oldWindow;
                } else {
                    QCOMPARE(u.windowEnd - u.windowStart, 1800.0);
                    QVERIFY(!newWindow.contains(u.key));
                    newWindow.insert(u.key);
                    QCOMPARE(u.series.size(), 40);
                }
            }
        }
        qInfo() << "old-window panels sent after the range changed:" << oldWindow << "of" << kSlowPanels - 1;
        QVERIFY2(1 + oldWindow < kSlowPanels / 2, "the old reset was not abandoned");
        QTest::qWait(300);
        QVERIFY(rig.batches->got.isEmpty());
    }

    // The same for a new host filter: new expressions for every panel mid-reset.
    void newQueriesAbandonResetInProgress()
    {
        Rig rig;
        writeManyCounters(rig.store);
        rig.feed->setRange(3600'000);
        rig.feed->setQueries(slowQueries(QStringLiteral("old")));
        QCOMPARE(rig.batches->take().size(), 1);
        rig.feed->setQueries(slowQueries(QStringLiteral("new")));

        int oldQueries = 0;
        QSet<quint64> newQueries;
        while (newQueries.size() < kSlowPanels) {
            const QList<PanelUpdate> batch = rig.batches->take();
            QVERIFY(!batch.isEmpty());
            for (const PanelUpdate& u : batch) {
                QVERIFY(u.reset);
                QVERIFY(!u.series.isEmpty());
                const QByteArray gen = u.series.constFirst().labels.value("gen");
                if (gen == "old") {
                    QVERIFY2(newQueries.isEmpty(), "a panel of the old queries came after the new ones'");
                    ++oldQueries;
                } else {
                    QCOMPARE(gen, QByteArray("new"));
                    QVERIFY(!newQueries.contains(u.key));
                    newQueries.insert(u.key);
                }
            }
        }
        qInfo() << "old-query panels sent after the queries changed:" << oldQueries << "of" << kSlowPanels - 1;
        QVERIFY2(1 + oldQueries < kSlowPanels / 2, "the old reset was not abandoned");
    }

    void boundariesFollowTheScrapePhase()
    {
        // Scrapes land 400 ms past each second. Until the first round the feed
        // guesses whole seconds; the first round moves the boundaries onto the
        // scrapes, so each round's samples show at once instead of up to a step later.
        Rig rig;
        for (qint64 t = kT0 - 120'000 + 400; t <= kT0 + 400; t += 1000)
            QVERIFY(rig.store.append(kA, t, 1.0));
        rig.feed->setRange(60'000);
        rig.feed->setQueries({ { 1, QStringLiteral("test_counter_total") } });
        QCOMPARE(rig.batches->takeResets({ 1 }).size(), 1);

        QVERIFY(rig.store.append(kA, kT0 + 1400, 2.0));
        rig.round(kT0 + 1400);
        const QList<PanelUpdate> reset = rig.batches->takeResets({ 1 });
        QCOMPARE(reset.size(), 1);
        QCOMPARE(reset.constFirst().windowEnd, (kT0 + 1400) / 1000.0);
        QCOMPARE(reset.constFirst().series.constFirst().v.constLast(), 2.0); // the round's own sample

        QVERIFY(rig.store.append(kA, kT0 + 2400, 3.0));
        rig.round(kT0 + 2400);
        const QList<PanelUpdate> batch = rig.batches->take();
        QCOMPARE(batch.size(), 1);
        QVERIFY(!batch.constFirst().reset);
        QCOMPARE(batch.constFirst().series.constFirst().t, QVector<double>({ (kT0 + 2400) / 1000.0 }));
        QCOMPARE(batch.constFirst().series.constFirst().v, QVector<double>({ 3.0 }));
    }

    void staleSeriesGetNaN()
    {
        Rig rig;
        rig.writeA(kT0 - 120'000, kT0);
        rig.writeB(kT0 - 120'000, kT0);
        rig.feed->setRange(60'000);
        rig.feed->setQueries({ { 1, QStringLiteral("test_counter_total") } });
        QCOMPARE(rig.batches->take().constFirst().series.size(), 2);

        // b's target stops answering: the scrape writes its stale marker.
        rig.writeA(kT0 + 1000, kT0 + 1000);
        rig.store.markStale(rig.store.getOrCreate(kB), kT0 + 1000);
        rig.round(kT0 + 1000);
        QList<PanelUpdate> batch = rig.batches->take();
        const SeriesPoints* b = series(batch.constFirst(), kB);
        QVERIFY(b);
        QCOMPARE(b->t, QVector<double>({ kT0 / 1000.0 + 1 }));
        QVERIFY(std::isnan(b->v.constFirst()));
        QCOMPARE(series(batch.constFirst(), kA)->v, QVector<double>({ 601.0 }));

        // Once ended, a gone series gets nothing more.
        rig.writeA(kT0 + 2000, kT0 + 2000);
        rig.round(kT0 + 2000);
        batch = rig.batches->take();
        QVERIFY(!series(batch.constFirst(), kB));
        QVERIFY(series(batch.constFirst(), kA));

        // It comes back: points again, after the gap.
        rig.writeA(kT0 + 3000, kT0 + 3000);
        rig.writeB(kT0 + 3000, kT0 + 3000);
        rig.round(kT0 + 3000);
        batch = rig.batches->take();
        QCOMPARE(series(batch.constFirst(), kB)->v, QVector<double>({ 5.0 }));

        // A reset draws the gap as one NaN between the two runs of b.
        rig.feed->refreshAll();
        batch = rig.batches->take();
        const SeriesPoints* bb = series(batch.constFirst(), kB);
        QVERIFY(bb);
        // T0-57 s .. T0, one NaN for +1 s and +2 s (nothing is looked up past a stale marker), +3 s.
        QCOMPARE(bb->t.size(), 58 + 1 + 1);
        QCOMPARE(bb->v.at(bb->v.size() - 3), 5.0);
        QCOMPARE(bb->t.at(bb->t.size() - 2), kT0 / 1000.0 + 1);
        QVERIFY(std::isnan(bb->v.at(bb->v.size() - 2)));
        QCOMPARE(bb->t.constLast(), kT0 / 1000.0 + 3);
        QCOMPARE(bb->v.constLast(), 5.0);
    }

    void manySeriesAreCapped()
    {
        ManualClock clock(kT0);
        SeriesStore store;
        for (int i = 0; i < 30; ++i)
            store.append(Labels { { "__name__", "m" }, { "i", QByteArray::number(i) } }, kT0, i);
        LiveQueryFeedOptions options;
        options.clock = &clock;
        options.boundaryGraceMs = 0;
        options.maxSeriesPerPanel = 10;
        const LocalQuerySource source(&store);
        LiveQueryFeed feed(&source, options);
        Batches batches(&feed);
        feed.setQueries({ { 7, QStringLiteral("m") } });
        const QList<PanelUpdate> batch = batches.take();
        QCOMPARE(batch.constFirst().series.size(), 10);
        QVERIFY2(batch.constFirst().error.contains(QStringLiteral("30")), qPrintable(batch.constFirst().error));
    }

    // The real thing: the manager's local source with a known counter, real time.
    void liveLocalSourceCounter()
    {
        SeriesStore store;
        ScrapeManagerOptions options;
        options.localSource = LocalSourceMode::On;
        options.localIntervalMs = 250;
        std::atomic<int> calls { 0 };
        options.localCollector = [&calls]() {
            MetricFamily f;
            f.name = "test_ticks_total";
            f.type = MetricType::Counter;
            f.samples.append(ExposedSample { Labels { { "__name__", "test_ticks_total" } }, double(++calls), {} });
            return QList<MetricFamily> { f };
        };
        ScrapeManager manager(&store, options);
        const LocalQuerySource source(&store);
        LiveQueryFeed feed(&source);
        followScrapeRounds(feed, manager);
        Batches batches(&feed);
        feed.setRange(60'000);
        feed.setQueries({ { 1, QStringLiteral("test_ticks_total") } });
        // Appends arrive and the counter grows by ~4 per 1 s step (250 ms interval).
        QList<double> values;
        QList<qint64> latencies;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&]() {
                while (!batches.got.isEmpty()) {
                    const QList<PanelUpdate> batch = batches.got.takeFirst();
                    const PanelUpdate* u = find(batch, 1);
                    if (!u || u->reset || u->series.isEmpty())
                        continue;
                    latencies.append(QDateTime::currentMSecsSinceEpoch() - u->sampleTimeMs);
                    for (double v : u->series.constFirst().v)
                        if (!std::isnan(v))
                            values.append(v);
                }
                return values.size() >= 3;
            }(),
            kWaitMs);
        for (qsizetype i = 1; i < values.size(); ++i)
            QVERIFY2(values.at(i) > values.at(i - 1),
                qPrintable(QStringLiteral("%1 then %2").arg(values.at(i - 1)).arg(values.at(i))));
        qInfo() << "sample-to-receive latency (ms) for 250 ms scrapes and 1 s steps:" << latencies;
    }

    // Every default host panel evaluates to data over the real local collector.
    void defaultPanelsOverRealCollector()
    {
        SeriesStore store;
        ScrapeManagerOptions options;
        options.localSource = LocalSourceMode::On;
        options.localIntervalMs = 250;
        ScrapeManager manager(&store, options);
        const LocalQuerySource source(&store);
        LiveQueryFeed feed(&source);
        followScrapeRounds(feed, manager);
        Batches batches(&feed);
        feed.setRange(60'000);
        const QString instance = LocalSource::describe(250).instance;
        const QList<PanelDefinition> panels = defaultHostPanels();
        QList<LiveQuery> queries;
        for (int i = 0; i < panels.size(); ++i) {
            queries.append({ quint64(i), expandHostVariable(panels.at(i).query, QString()) });
            queries.append({ quint64(100 + i), expandHostVariable(panels.at(i).query, instance) });
        }
        feed.setQueries(queries);
        // Rates need two scrapes in their window: wait until every panel has series.
        QHash<quint64, QString> errors;
        QHash<quint64, int> seriesCount;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&]() {
                while (!batches.got.isEmpty()) {
                    for (const PanelUpdate& u : batches.got.takeFirst()) {
                        errors[u.key] = u.error;
                        int n = 0;
                        for (const SeriesPoints& s : u.series)
                            for (double v : s.v)
                                n += std::isfinite(v) ? 1 : 0;
                        if (n > 0)
                            seriesCount[u.key] = int(u.series.size());
                    }
                }
                return seriesCount.size() == queries.size();
            }(),
            15'000);
        for (const LiveQuery& q : queries) {
            QVERIFY2(
                errors.value(q.key).isEmpty(), qPrintable(q.expr + QStringLiteral(": ") + errors.value(q.key)));
            QVERIFY2(seriesCount.value(q.key) >= 1, qPrintable(q.expr));
        }
        qInfo() << "series per default panel (all hosts):" << seriesCount.value(0) << seriesCount.value(1)
                << seriesCount.value(2) << seriesCount.value(3) << seriesCount.value(4) << seriesCount.value(5);
        // Load: the three averages; memory: used and available.
        QCOMPARE(seriesCount.value(2), 3);
        QCOMPARE(seriesCount.value(1), 2);
    }
};

QTEST_GUILESS_MAIN(TestLiveQueryFeed)
#include "tst_live_query_feed.moc"
