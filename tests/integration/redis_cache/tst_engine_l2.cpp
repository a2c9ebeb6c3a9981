// Two engines ("two consoles") with the query-result cache in front of the
// same data and one real redis-server as L2: what one computes, the other
// reads from L2 (its own L1 and L3 are empty); Clear in one moves the L2
// generation, so neither finds the old entries; with Redis killed, queries go
// on from L1/L3 and the source, and the state says L2 is unreachable.
#include "cache/CacheService.h"
#include "Engine.h"
#include "query/QuerySource.h"
#include "RedisServer.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;
using opsdeck::testsupport::RedisServer;

namespace {

QByteArray history(qint64 nowMs)
{
    QByteArray out = "# TYPE demo_requests counter\n";
    const qint64 end = nowMs / 1000;
    for (const char* host : { "plc-1", "plc-2", "plc-3" }) {
        double value = 0;
        for (qint64 t = end - 100 * 60; t <= end; t += 15) {
            value += 2;
            out += QByteArray("demo_requests_total{instance=\"") + host + "\"} " + QByteArray::number(value) + " "
                + QByteArray::number(t) + "\n";
        }
    }
    return out + "# EOF\n";
}

cache::LevelStats levelStats(const cache::CacheService& s, const QString& name)
{
    for (const auto& l : s.snapshot().levels) {
        if (l.stats.level == name)
            return l.stats;
    }
    return {};
}

} // namespace

class TestEngineL2 : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_history;

    std::unique_ptr<Engine> engine(const QString& name, const QString& redisUrl)
    {
        EngineOptions o;
        o.dataDirectory = m_dir.filePath(name);
        o.localSource = scrape::LocalSourceMode::Off;
        o.historyFiles = { m_history };
        o.cache.cacheLocalSource = true;
        o.cache.l2Url = redisUrl;
        o.warmCache = false;
        auto e = std::make_unique<Engine>(o);
        if (!e->start())
            qWarning() << e->errorString();
        return e;
    }

private slots:
    void initTestCase()
    {
        if (!RedisServer::available())
            QFAIL("redis-server is not installed (scripts/dev deps installs it)");
        QVERIFY(m_dir.isValid());
        m_history = m_dir.filePath(QStringLiteral("history.om"));
        QFile f(m_history);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(history(QDateTime::currentMSecsSinceEpoch() - 60'000));
    }

    void sharedThroughRedis()
    {
        RedisServer redis;
        QVERIFY2(redis.start(), qPrintable(redis.errorString()));
        auto a = engine(QStringLiteral("a"), redis.url());
        auto b = engine(QStringLiteral("b"), redis.url());
        QVERIFY(a->cacheService() && b->cacheService());
        QTRY_VERIFY_WITH_TIMEOUT(a->cacheService()->l2StateText().contains(QStringLiteral("connected")), 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(b->cacheService()->l2StateText().contains(QStringLiteral("connected")), 10'000);

        const QString expr = QStringLiteral("sum by (instance) (rate(demo_requests_total[1m]))");
        const qint64 end = (QDateTime::currentMSecsSinceEpoch() - 20 * 60'000) / 15'000 * 15'000;
        const qint64 start = end - 60 * 60'000;
        const auto ra = a->querySource(QString())->range(expr, start, end, 15'000);
        QVERIFY2(ra.ok, qPrintable(ra.error));
        QCOMPARE(ra.series.size(), 3);
        // Puts are fire-and-forget: wait until Redis holds them.
        QTRY_VERIFY_WITH_TIMEOUT(redis.cli({ QStringLiteral("DBSIZE") }).trimmed().toInt() >= 4, 5'000);

        const auto rb = b->querySource(QString())->range(expr, start, end, 15'000);
        QVERIFY2(rb.ok, qPrintable(rb.error));
        QCOMPARE(rb.series.size(), ra.series.size());
        for (int i = 0; i < ra.series.size(); ++i) {
            QCOMPARE(rb.series[i].labels, ra.series[i].labels);
            QCOMPARE(rb.series[i].points.size(), ra.series[i].points.size());
            for (int j = 0; j < ra.series[i].points.size(); ++j)
                QCOMPARE(rb.series[i].points[j].value, ra.series[i].points[j].value);
        }
        const auto l2 = levelStats(*b->cacheService(), QStringLiteral("L2 Redis"));
        QVERIFY2(l2.level == QLatin1String("L2 Redis"), "b has no L2 level");
        QVERIFY2(l2.hits >= 4, qPrintable(QString::number(l2.hits)));

        // Clear in b: its L1 and L3 empty, and a new L2 generation, so the old entries
        // are found by neither console: b computes again.
        const auto computed = [](const Engine& e) {
            for (const auto& s : e.cacheService()->snapshot().sources) {
                if (s.source == QLatin1String("local"))
                    return s.stats.piecesComputed;
            }
            return qint64(-1);
        };
        const qint64 before = computed(*b);
        b->cacheService()->clear();
        QTRY_VERIFY_WITH_TIMEOUT(
            redis.cli({ QStringLiteral("GET"), QStringLiteral("opsdeck:v1:gen") }).trimmed().toInt() >= 1, 5'000);
        QTRY_VERIFY_WITH_TIMEOUT(b->cacheService()->l2StateText().contains(QStringLiteral("connected")), 10'000);
        QTest::qWait(2'500); // the generation poll (2 s) tells b's L2 level
        const auto again = b->querySource(QString())->range(expr, start, end, 15'000);
        QVERIFY2(again.ok, qPrintable(again.error));
        QVERIFY2(computed(*b) > before, qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(computed(*b))));
    }

    void redisKilledQueriesGoOn()
    {
        RedisServer redis;
        QVERIFY2(redis.start(), qPrintable(redis.errorString()));
        auto a = engine(QStringLiteral("c"), redis.url());
        QTRY_VERIFY_WITH_TIMEOUT(a->cacheService()->l2StateText().contains(QStringLiteral("connected")), 10'000);
        redis.kill();
        QTRY_VERIFY_WITH_TIMEOUT(a->cacheService()->l2StateText().contains(QStringLiteral("unreachable")), 15'000);
        const QString expr = QStringLiteral("max(demo_requests_total)");
        const qint64 end = (QDateTime::currentMSecsSinceEpoch() - 20 * 60'000) / 15'000 * 15'000;
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < 5; ++i) {
            const auto r
                = a->querySource(QString())->range(expr, end - 3'600'000 - i * 60'000, end - i * 60'000, 15'000);
            QVERIFY2(r.ok, qPrintable(r.error));
            QCOMPARE(r.series.size(), 1);
        }
        qInfo() << "5 range queries with Redis down took" << t.elapsed()
                << "ms; state:" << a->cacheService()->l2StateText();
        QVERIFY(a->cacheService()->snapshot().l2State.contains(QStringLiteral("unreachable")));
    }
};

QTEST_GUILESS_MAIN(TestEngineL2)
#include "tst_engine_l2.moc"
