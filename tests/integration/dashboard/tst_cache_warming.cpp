// Cache warming on a real engine: with the usage history saying that a
// dashboard view is opened at about this time of day, the warmer computes its
// panels' range queries through the query-result cache, so the live feed's
// first window (the same range and step) is answered from the cache; with no
// usage history, it computes nothing.
#include "cache/CacheService.h"
#include "Clock.h"
#include "dashboard/DashboardRepository.h"
#include "dashboard/DashboardService.h"
#include "dashboard/DashboardUsage.h"
#include "dashboard/DashboardWarmer.h"
#include "dashboard/LiveQueryFeed.h"
#include "Engine.h"
#include "storage/Database.h"
#include "storage/StateWriter.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;

namespace {

constexpr qint64 kMinute = 60'000;
constexpr qint64 kDay = 24 * 60 * kMinute;

QByteArray history(qint64 nowMs)
{
    QByteArray out = "# TYPE demo_requests counter\n";
    const qint64 end = nowMs / 1000;
    for (const char* host : { "plc-1", "plc-2" }) {
        double value = 0;
        for (qint64 t = end - 100 * 60; t <= end; t += 15) {
            value += 4;
            out += QByteArray("demo_requests_total{instance=\"") + host + "\"} " + QByteArray::number(value) + " "
                + QByteArray::number(t) + "\n";
        }
    }
    return out + "# EOF\n";
}

cache::QueryResultCache::Stats localStats(const cache::CacheService& service)
{
    for (const auto& s : service.snapshot().sources) {
        if (s.source == QLatin1String("local"))
            return s.stats;
    }
    return {};
}

} // namespace

class TestCacheWarming : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Engine> m_engine;
    qint64 m_dashboardId = 0;
    qint64 m_now = 0;
    const QString m_panelQuery
        = QStringLiteral("sum by (instance) (rate(demo_requests_total{instance=~\"$host\"}[1m]))");

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_now = QDateTime::currentMSecsSinceEpoch();
        const QString file = m_dir->filePath(QStringLiteral("history.om"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(history(m_now - 2 * kMinute));
        f.close();
        EngineOptions options;
        options.dataDirectory = m_dir->path();
        options.localSource = scrape::LocalSourceMode::Off;
        options.historyFiles = { file };
        options.cache.cacheLocalSource = true;
        options.warmCache = false; // this test runs its own warmer, now rather than in 5 s
        m_engine = std::make_unique<Engine>(options);
        QVERIFY2(m_engine->start(), qPrintable(m_engine->errorString()));

        dashboard::DashboardRepository repo(*m_engine->database());
        const auto created = repo.loadOrCreateDefault();
        QVERIFY2(created, qPrintable(repo.lastError()));
        m_dashboardId = created->id;
        dashboard::PanelDefinition panel;
        panel.dashboardId = m_dashboardId;
        panel.position = -1;
        panel.title = QStringLiteral("Requests");
        panel.query = m_panelQuery;
        panel.unit = QStringLiteral("ops/s");
        QVERIFY2(repo.addPanel(panel), qPrintable(repo.lastError()));
    }

    void cleanup()
    {
        m_engine.reset();
        m_dir.reset();
    }

    void usualViewIsComputedAhead()
    {
        // The view was opened at about this time on three earlier days.
        dashboard::DashboardUsage usage(*m_engine->database());
        const dashboard::DashboardView view { m_dashboardId, QString(), 3'600'000, QStringLiteral("plc-1") };
        for (int d = 1; d <= 3; ++d)
            QVERIFY(usage.record({ m_now - d * kDay + 5 * kMinute, view }));

        dashboard::DashboardWarmer::Options o;
        o.startDelayMs = 3'600'000; // only runNow()
        dashboard::DashboardWarmer warmer(m_engine->database()->location(), m_engine->dataSourceRegistry(), o);
        warmer.start();
        warmer.runNow();
        QTRY_VERIFY_WITH_TIMEOUT(warmer.status().lastRunMs > 0, 30'000);
        const auto status = warmer.status();
        QVERIFY2(status.lastError.isEmpty(), qPrintable(status.lastError));
        QCOMPARE(status.viewsWarmed, 1);
        QVERIFY(status.queriesRun >= 1);
        QCOMPARE(status.plan.first().days, 3);
        QVERIFY2(warmer.statusText().contains(QStringLiteral("dashboard views warmed at")),
            qPrintable(warmer.statusText()));

        const auto warmed = localStats(*m_engine->cacheService());
        QVERIFY(warmed.piecesComputed > 0);
        const qint64 hitsBefore = warmed.piecesHit;

        // The feed's first window of that view: the same range and step, answered from the cache.
        const qint64 step = dashboard::LiveQueryFeed::stepForRange(3'600'000);
        const qint64 end = QDateTime::currentMSecsSinceEpoch() / step * step;
        const auto source = m_engine->querySource(QString());
        // The expression as the feed gets it: $host expanded for the view's host filter.
        dashboard::PanelDefinition panel;
        panel.id = 1;
        panel.query = m_panelQuery;
        const QString expr
            = dashboard::DashboardService::liveQueries({ panel }, QStringLiteral("plc-1")).first().expr;
        const query::QueryResult r = source->range(expr, end - 3'600'000, end, step);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.series.size(), 1);
        const auto after = localStats(*m_engine->cacheService());
        QVERIFY2(after.piecesHit > hitsBefore, qPrintable(QString::number(after.piecesHit)));
    }

    void noHistoryNothingComputed()
    {
        dashboard::DashboardWarmer::Options o;
        o.startDelayMs = 3'600'000;
        dashboard::DashboardWarmer warmer(m_engine->database()->location(), m_engine->dataSourceRegistry(), o);
        warmer.start();
        warmer.runNow();
        QTRY_VERIFY_WITH_TIMEOUT(warmer.status().lastRunMs > 0, 30'000);
        QCOMPARE(warmer.status().viewsWarmed, 0);
        QCOMPARE(warmer.status().queriesRun, 0);
        QCOMPARE(localStats(*m_engine->cacheService()).piecesComputed, 0);
        QVERIFY2(warmer.statusText().contains(QStringLiteral("nothing usually opened")),
            qPrintable(warmer.statusText()));
    }
    void viewsAreRecordedOnTheEnginesClock()
    {
        // A replayed day (tests, the headless engine under an injected clock) must
        // land its usage history on that day, not on today's wall clock.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const qint64 then = QDateTime(QDate(2026, 3, 2), QTime(7, 55), Qt::UTC).toMSecsSinceEpoch();
        ManualClock clock(then);
        EngineOptions options;
        options.dataDirectory = dir.path();
        options.localSource = scrape::LocalSourceMode::Off;
        options.clock = &clock;
        options.warmCache = false;
        Engine engine(options);
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        dashboard::DashboardRepository repo(*engine.database());
        const auto created = repo.loadOrCreateDefault();
        QVERIFY2(created, qPrintable(repo.lastError()));

        const dashboard::DashboardView view { created->id, QString(), 3'600'000, QString() };
        engine.dashboardService()->recordView(view);
        clock.advanceMs(2 * kDay);
        engine.dashboardService()->recordView(view);
        engine.stateWriter()->waitForIdle();

        const auto recorded = dashboard::DashboardUsage(*engine.database()).since(0);
        QVERIFY(recorded);
        QCOMPARE(recorded->size(), 2);
        QCOMPARE(recorded->at(0).viewedAtMs, then);
        QCOMPARE(recorded->at(1).viewedAtMs, then + 2 * kDay);
        QCOMPARE(recorded->at(0).view, view);
    }
};

QTEST_GUILESS_MAIN(TestCacheWarming)
#include "tst_cache_warming.moc"
