// Integration test of ScrapeManager::scrapeRoundCompleted with real HTTP
// targets on loopback: emitted on the scrape thread after samples are in the
// store, and coalesced to at most one per ~50 ms when many targets scrape.
#include "metrics/SeriesStore.h"
#include "scrape/ScrapeManager.h"

#include "FixtureTarget.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QMutex>
#include <QTest>
#include <QThread>

#include <memory>

using namespace opsdeck;
using namespace opsdeck::metrics;
using namespace opsdeck::scrape;

class TestScrapeRoundSignal : public QObject
{
    Q_OBJECT

private slots:
    void coalescedOnScrapeThread()
    {
        SeriesStore store;
        ScrapeManager manager(&store);
        struct Emission
        {
            qint64 timestampMs;
            qint64 elapsedMs;
            QThread* thread;
            bool inStore;
        };
        QMutex mutex;
        QList<Emission> emissions;
        QElapsedTimer clock;
        clock.start();
        // Direct: runs on the emitting thread, so the emission times are exact.
        connect(
            &manager, &ScrapeManager::scrapeRoundCompleted, this,
            [&](qint64 ts) {
                // The newest sample of `up` at ts is already readable.
                bool found = false;
                for (SeriesRef ref : store.select({ LabelMatcher(LabelMatcher::Type::Equal, "__name__", "up") })) {
                    const auto last = store.last(ref);
                    found = found || (last && last->timestampMs >= ts);
                }
                QMutexLocker lock(&mutex);
                emissions.append({ ts, clock.elapsed(), QThread::currentThread(), found });
            },
            Qt::DirectConnection);

        constexpr int kTargets = 10;
        std::vector<std::unique_ptr<FixtureTarget>> servers;
        for (int i = 0; i < kTargets; ++i) {
            servers.push_back(std::make_unique<FixtureTarget>());
            servers.back()->body = "m 1\n";
            ScrapeTarget t;
            t.url = servers.back()->url();
            t.job = QStringLiteral("app");
            t.intervalMs = 250;
            t.timeoutMs = 200;
            QVERIFY(manager.addTarget(t));
        }
        QTRY_VERIFY_WITH_TIMEOUT(manager.scrapesTotal() >= 4 * kTargets, 10'000);
        const qint64 startScrapes = manager.scrapesTotal();
        qint64 startMs = 0;
        qsizetype startCount = 0;
        {
            QMutexLocker lock(&mutex);
            startMs = clock.elapsed();
            startCount = emissions.size();
        }
        QTest::qWait(2000);
        QMutexLocker lock(&mutex);
        const qint64 spanMs = clock.elapsed() - startMs;
        const qsizetype count = emissions.size() - startCount;
        const qint64 scrapes = manager.scrapesTotal() - startScrapes;
        qInfo() << count << "emissions for" << scrapes << "scrapes in" << spanMs << "ms";
        QVERIFY(count > 0);
        QVERIFY2(count <= spanMs / 50 + 2, qPrintable(QString::number(count)));
        QVERIFY(count < scrapes);
        const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
        for (qsizetype i = 0; i < emissions.size(); ++i) {
            const Emission& e = emissions.at(i);
            QCOMPARE(e.thread, manager.scrapeThread());
            QVERIFY(e.inStore);
            QVERIFY(e.timestampMs > nowMs - 60'000 && e.timestampMs <= nowMs);
            if (i > 0) // at most one per ~50 ms (timer granularity aside)
                QVERIFY2(e.elapsedMs - emissions.at(i - 1).elapsedMs >= 45,
                    qPrintable(QStringLiteral("%1 ms apart").arg(e.elapsedMs - emissions.at(i - 1).elapsedMs)));
        }
    }
};

QTEST_GUILESS_MAIN(TestScrapeRoundSignal)
#include "tst_scrape_round_signal.moc"
