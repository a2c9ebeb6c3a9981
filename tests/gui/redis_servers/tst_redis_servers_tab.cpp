// RedisServersTab against a real redis-server (tests/support/RedisServer):
// SET/GET through it, add it to the tab, and the row shows the server's own
// figures (keys and hit ratio against INFO, memory against maxmemory) and a
// health word; the interval hit ratio follows a 90 % workload; a second
// instance on a port where nothing listens turns "unreachable" within seconds
// while the GUI thread keeps turning; Test reports the version or the reason;
// Analyse completes (recommendations or "nothing to recommend", the key
// sample's count against DBSIZE) and Cancel ends a running analysis.

#include "cache/RedisServersTab.h"

#include "format/UnitFormatter.h"
#include "redis/analytics/RedisConnection.h"
#include "redis/analytics/RedisInfo.h"
#include "redis/RedisUrl.h"
#include "RedisServer.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLocale>
#include <QPixmap>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTcpServer>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>

#include <memory>

namespace analytics = opsdeck::redis::analytics;
using opsdeck::testsupport::RedisServer;

namespace {

int freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort(); // closed when it goes out of scope: nothing listens there
}

} // namespace

class TestRedisServersTab : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void rowShowsTheServersFigures();
    void unreachableDoesNotFreeze();
    void testButton();
    void analyseAndCancel();

private:
    analytics::RedisInfo serverInfo();
    QString cell(int row, int column) const
    {
        return m_tab->model()->data(m_tab->model()->index(row, column)).toString();
    }
    void command(const QList<QByteArray>& args);

    std::unique_ptr<RedisServer> m_redis;
    std::unique_ptr<analytics::RedisConnection> m_client;
    std::unique_ptr<RedisServersTab> m_tab;
    QTimer m_workload;
    qint64 m_gets = 0;
};

void TestRedisServersTab::initTestCase()
{
    QLocale::setDefault(QLocale::c());
    if (!RedisServer::available())
        QFAIL("redis-server and redis-cli are needed (scripts/dev deps installs them)");
    m_redis = std::make_unique<RedisServer>(QStringList { QStringLiteral("--maxmemory"), QStringLiteral("8mb"),
        QStringLiteral("--maxmemory-policy"), QStringLiteral("allkeys-lru") });
    QVERIFY2(m_redis->start(), qPrintable(m_redis->errorString()));
    QString error;
    const auto endpoint = opsdeck::redis::parseRedisUrl(m_redis->url(), &error);
    QVERIFY2(endpoint, qPrintable(error));
    m_client = analytics::RedisConnection::open(*endpoint, &error);
    QVERIFY2(m_client, qPrintable(error));

    // 20 plain keys, 5 with a TTL; 25 hits and 3 misses.
    for (int i = 0; i < 20; ++i)
        command({ "SET", "plain:" + QByteArray::number(i), QByteArray(100, 'x') });
    for (int i = 0; i < 5; ++i)
        command({ "SET", "session:" + QByteArray::number(i), "v", "EX", "3600" });
    for (int i = 0; i < 25; ++i)
        command({ "GET", "plain:" + QByteArray::number(i % 20) });
    for (int i = 0; i < 3; ++i)
        command({ "GET", "missing:" + QByteArray::number(i) });

    m_tab = std::make_unique<RedisServersTab>();
    m_tab->resize(1200, 800);
    m_tab->show();
}

void TestRedisServersTab::cleanupTestCase()
{
    m_workload.stop();
    m_tab.reset();
    m_client.reset();
    m_redis.reset();
}

void TestRedisServersTab::command(const QList<QByteArray>& args)
{
    QString error;
    const auto reply = m_client->command(args, &error);
    QVERIFY2(reply && !reply->isError(), qPrintable(reply ? QString::fromUtf8(reply->text) : error));
}

analytics::RedisInfo TestRedisServersTab::serverInfo()
{
    QString error;
    const auto reply = m_client->command({ "INFO" }, &error);
    if (!reply)
        qFatal("INFO failed: %s", qPrintable(error));
    return analytics::parseInfo(reply->text);
}

void TestRedisServersTab::rowShowsTheServersFigures()
{
    QSignalSpy changed(m_tab.get(), &RedisServersTab::instancesChanged);
    QString error;
    QVERIFY(!m_tab->addInstance({ QStringLiteral("http://127.0.0.1:1"), QString() }, &error));
    QVERIFY2(error.contains(QLatin1String("redis")), qPrintable(error));
    QVERIFY(!m_tab->addInstance({ m_redis->url(), QStringLiteral("/nonexistent/password") }, &error));
    QCOMPARE(changed.size(), 0);

    m_tab->setPollIntervalMs(500); // the tab's default is 2 s; the test need not wait that long
    QVERIFY2(m_tab->addInstance({ m_redis->url(), QString() }, &error), qPrintable(error));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_tab->instances().size(), 1);
    QVERIFY(!m_tab->addInstance({ m_redis->url(), QString() }, &error)); // no duplicates
    QTRY_COMPARE_WITH_TIMEOUT(m_tab->model()->health(0), RedisHealth::Ok, 5000);

    // Against the server's own INFO (the tab's polls add no lookups).
    const analytics::RedisInfo info = serverInfo();
    QCOMPARE(info.keyspaceHits, qint64(25));
    QCOMPARE(info.keyspaceMisses, qint64(3));
    QCOMPARE(cell(0, RedisServersModel::KeysColumn),
        QStringLiteral("%1 (%2 expiring)").arg(info.totalKeys()).arg(info.totalExpires()));
    QCOMPARE(cell(0, RedisServersModel::KeysColumn), QStringLiteral("25 (5 expiring)"));
    const QString lifetime = opsdeck::models::UnitFormatter(opsdeck::models::UnitFormatter::Unit::Ratio)
                                 .format(*info.lifetimeHitRatio());
    QCOMPARE(lifetime, QStringLiteral("89.3%")); // 25 / 28
    QTRY_COMPARE(cell(0, RedisServersModel::HitRatioColumn), QStringLiteral("%1 (since start)").arg(lifetime));
    QCOMPARE(cell(0, RedisServersModel::HealthColumn), QStringLiteral("ok"));
    QCOMPARE(cell(0, RedisServersModel::PolicyColumn), QStringLiteral("allkeys-lru"));
    QVERIFY2(cell(0, RedisServersModel::MemoryColumn).contains(QLatin1String(" of 8 MiB")),
        qPrintable(cell(0, RedisServersModel::MemoryColumn)));
    QVERIFY(cell(0, RedisServersModel::NotesColumn).startsWith(QStringLiteral("Redis ") + info.redisVersion));

    // A live workload of 9 hits and 1 miss per tick: the interval ratio follows it.
    connect(&m_workload, &QTimer::timeout, this, [this] {
        for (int i = 0; i < 9; ++i)
            command({ "GET", "plain:" + QByteArray::number(m_gets++ % 20) });
        command({ "GET", "absent" });
    });
    m_workload.start(20);
    auto intervalRatio = [this]() -> double {
        if (cell(0, RedisServersModel::HitRatioColumn).contains(QLatin1String("since start")))
            return -1;
        return m_tab->model()
            ->data(m_tab->model()->index(0, RedisServersModel::HitRatioColumn), RedisServersModel::SortRole)
            .toDouble();
    };
    QTRY_VERIFY_WITH_TIMEOUT(std::abs(intervalRatio() - 0.9) < 0.02, 10000);
    QVERIFY(m_tab->model()->rates(0) && m_tab->model()->rates(0)->opsPerSec > 10);
    QTRY_VERIFY(!m_tab->model()->hitRatioHistory(0).isEmpty());
}

void TestRedisServersTab::unreachableDoesNotFreeze()
{
    const int port = freePort();
    const QString url = QStringLiteral("redis://127.0.0.1:%1").arg(port);
    QString error;
    QVERIFY2(m_tab->addInstance({ url, QString() }, &error), qPrintable(error));
    const int row = m_tab->model()->rowOfUrl(url);
    QCOMPARE(row, 1);

    // The GUI thread keeps turning: the longest gap between 10 ms ticks.
    QElapsedTimer sinceTick;
    sinceTick.start();
    qint64 longestGap = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&] { longestGap = std::max(longestGap, sinceTick.restart()); });
    ticker.start(10);
    QElapsedTimer took;
    took.start();
    QTRY_COMPARE_WITH_TIMEOUT(m_tab->model()->health(row), RedisHealth::Unreachable, 5000);
    qInfo("unreachable shown after %lld ms; longest GUI gap %lld ms", took.elapsed(), longestGap);
    QVERIFY2(longestGap < 300, qPrintable(QStringLiteral("the GUI thread stalled for %1 ms").arg(longestGap)));
    QCOMPARE(cell(row, RedisServersModel::HealthColumn), QStringLiteral("unreachable"));
    const QString notes = cell(row, RedisServersModel::NotesColumn);
    QVERIFY2(notes.startsWith(QLatin1String("unreachable since ")), qPrintable(notes));
    QVERIFY2(notes.contains(QString::number(port)), qPrintable(notes));

    // A server that accepts the connection and never answers (the kernel
    // completes the handshake of a listening socket nobody reads): the poll
    // waits for its command timeout, on a worker, so the GUI keeps turning.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    silent.pauseAccepting();
    const QString silentUrl = QStringLiteral("redis://127.0.0.1:%1").arg(silent.serverPort());
    QVERIFY2(m_tab->addInstance({ silentUrl, QString() }, &error), qPrintable(error));
    longestGap = 0;
    sinceTick.restart();
    took.restart();
    QTRY_COMPARE_WITH_TIMEOUT(
        m_tab->model()->health(m_tab->model()->rowOfUrl(silentUrl)), RedisHealth::Unreachable, 8000);
    qInfo("silent server unreachable after %lld ms: %s; longest GUI gap %lld ms", took.elapsed(),
        qPrintable(cell(m_tab->model()->rowOfUrl(silentUrl), RedisServersModel::NotesColumn)), longestGap);
    QVERIFY2(longestGap < 300, qPrintable(QStringLiteral("the GUI thread stalled for %1 ms").arg(longestGap)));
    m_tab->removeInstance(silentUrl);
    QCOMPARE(m_tab->instances().size(), 2);

    // The other server is untouched.
    QCOMPARE(m_tab->model()->health(0), RedisHealth::Ok);
}

void TestRedisServersTab::testButton()
{
    auto* table = m_tab->findChild<QTableView*>(QStringLiteral("redisServersTable"));
    auto* test = m_tab->findChild<QPushButton*>(QStringLiteral("redisTestButton"));
    QVERIFY(table && test);
    QSignalSpy finished(m_tab.get(), &RedisServersTab::testFinished);

    QVERIFY(m_tab->selectInstance(m_redis->url()));
    QCOMPARE(table->selectionModel()->selectedRows().size(), 1);
    QTRY_VERIFY(test->isEnabled());
    QTest::mouseClick(test, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    QVERIFY(finished.at(0).at(0).toBool());
    const QString ok = finished.at(0).at(1).toString();
    QVERIFY2(
        ok.contains(QStringLiteral("Redis ") + serverInfo().redisVersion) && ok.contains(QLatin1String("8 MiB")),
        qPrintable(ok));

    m_tab->testInstance(m_tab->instances().at(1));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 5000);
    QVERIFY(!finished.at(1).at(0).toBool());
    QVERIFY2(finished.at(1).at(1).toString().contains(QLatin1String("cannot connect")),
        qPrintable(finished.at(1).at(1).toString()));
}

void TestRedisServersTab::analyseAndCancel()
{
    auto* table = m_tab->findChild<QTableView*>(QStringLiteral("redisServersTable"));
    auto* analyse = m_tab->findChild<QPushButton*>(QStringLiteral("redisAnalyseButton"));
    auto* cancel = m_tab->findChild<QPushButton*>(QStringLiteral("redisCancelButton"));
    auto* progress = m_tab->findChild<QProgressBar*>();
    auto* report = m_tab->findChild<QTextBrowser*>(QStringLiteral("redisAnalysisReport"));
    QVERIFY(table && analyse && cancel && progress && report);
    QSignalSpy finished(m_tab.get(), &RedisServersTab::analysisFinished);

    QVERIFY(m_tab->selectInstance(m_redis->url()));
    QTRY_VERIFY(analyse->isEnabled());
    QTest::mouseClick(analyse, Qt::LeftButton);
    QVERIFY(m_tab->isAnalysing());
    QVERIFY(progress->isVisible());
    QVERIFY(!analyse->isEnabled());
    // The polls keep coming while it runs (its own pool, not the GUI thread).
    QTRY_VERIFY_WITH_TIMEOUT(progress->value() > 0, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QVERIFY(finished.at(0).at(0).toBool());
    const QString text = report->toPlainText();
    qInfo("%s", qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("Recommendations")), qPrintable(text));
    const qsizetype recs = text.indexOf(QLatin1String("Recommendations"));
    const QString afterRecs = text.mid(recs, text.indexOf(QLatin1String("Latency percentiles")) - recs);
    QVERIFY2(afterRecs.contains(QLatin1String("Nothing to recommend"))
            || afterRecs.contains(QLatin1String("info ")) || afterRecs.contains(QLatin1String("warning "))
            || afterRecs.contains(QLatin1String("critical ")),
        qPrintable(afterRecs));
    // The key sample saw every key of this small server.
    const analytics::RedisInfo info = serverInfo();
    QVERIFY2(text.contains(QStringLiteral("%1 keys sampled").arg(info.totalKeys())), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("keys without TTL: 20")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("Latency percentiles")) && text.contains(QLatin1String("get")),
        qPrintable(text));
    QVERIFY(!m_tab->isAnalysing());
    QVERIFY(analyse->isEnabled());
    // To look at the tab: OPSDECK_SCREENSHOT_DIR=/tmp/shots ctest -R tst_redis_servers_tab
    if (const QString dir = qEnvironmentVariable("OPSDECK_SCREENSHOT_DIR"); !dir.isEmpty())
        QVERIFY(m_tab->grab().save(dir + QStringLiteral("/redis-servers-tab.png")));

    // Cancel: the stop flag ends the MONITOR sample early.
    QTest::mouseClick(analyse, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(progress->value() >= 460, 20000); // in the access sample
    QElapsedTimer took;
    took.start();
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 3000);
    qInfo("cancel took %lld ms", took.elapsed());
    QVERIFY2(report->toPlainText().contains(QLatin1String("Cancelled")), qPrintable(report->toPlainText()));
}

QTEST_MAIN(TestRedisServersTab)
#include "tst_redis_servers_tab.moc"
