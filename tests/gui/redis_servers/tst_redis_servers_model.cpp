// RedisServersModel on recorded INFO replies (tests/data/redis, Redis 7.0.15):
// the cells of one reading and of two (rates through computeRates), the health
// words and their reasons, the unreachable state, and the hit-ratio history.

#include "cache/RedisServersModel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QFile>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

namespace analytics = opsdeck::redis::analytics;

namespace {

QByteArray fixture(const char* name)
{
    QFile f(QStringLiteral(OPSDECK_TEST_DATA "/redis/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read fixture %s", name);
    return f.readAll();
}

// A small INFO reply with the fields the health rules read.
QByteArray info(qint64 used, qint64 max, const char* policy, qint64 hits, qint64 misses, qint64 evicted,
    qint64 commands, double fragmentation = 1.1, qint64 fragmentationBytes = 1000, int blocked = 0)
{
    return QStringLiteral("# Server\r\nredis_version:7.0.15\r\nuptime_in_seconds:100\r\n"
                          "# Clients\r\nconnected_clients:10\r\nblocked_clients:%9\r\n"
                          "# Memory\r\nused_memory:%1\r\nmaxmemory:%2\r\nmaxmemory_policy:%3\r\n"
                          "mem_fragmentation_ratio:%7\r\nmem_fragmentation_bytes:%8\r\n"
                          "# Stats\r\ntotal_commands_processed:%6\r\nexpired_keys:0\r\nevicted_keys:%5\r\n"
                          "keyspace_hits:%4\r\nkeyspace_misses:%10\r\n"
                          "# Keyspace\r\ndb0:keys=10,expires=3,avg_ttl=100\r\n")
        .arg(used)
        .arg(max)
        .arg(QLatin1String(policy))
        .arg(hits)
        .arg(evicted)
        .arg(commands)
        .arg(fragmentation)
        .arg(fragmentationBytes)
        .arg(blocked)
        .arg(misses)
        .toUtf8();
}

constexpr qint64 kT0 = 1'790'000'000'000;

} // namespace

class TestRedisServersModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void cellsFromRecordedInfo();
    void health_data();
    void health();
    void unreachableAndBack();
    void keepsRowsOnAdd();

private:
    QString cell(const RedisServersModel& m, int row, int column) const
    {
        return m.data(m.index(row, column)).toString();
    }
};

void TestRedisServersModel::cellsFromRecordedInfo()
{
    RedisServersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setInstances({ { QStringLiteral("redis://:secret@127.0.0.1:6390/0"), QString() } });
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(cell(model, 0, RedisServersModel::HealthColumn), QStringLiteral("checking…"));
    // describe(): the password is never shown.
    QVERIFY(!cell(model, 0, RedisServersModel::ServerColumn).contains(QLatin1String("secret")));
    QCOMPARE(cell(model, 0, RedisServersModel::KeysColumn), QStringLiteral("–"));

    // One reading: no interval yet, so the lifetime ratio, marked as such; no rates.
    model.addReading(0, analytics::parseInfo(fixture("info-7.0-before.txt")), kT0);
    QCOMPARE(cell(model, 0, RedisServersModel::HitRatioColumn), QStringLiteral("36.7% (since start)")); // 110/300
    QCOMPARE(cell(model, 0, RedisServersModel::OpsColumn), QStringLiteral("–"));
    QCOMPARE(cell(model, 0, RedisServersModel::KeysColumn), QStringLiteral("304 (2 expiring)"));
    QCOMPARE(cell(model, 0, RedisServersModel::PolicyColumn), QStringLiteral("allkeys-lru"));
    QCOMPARE(cell(model, 0, RedisServersModel::FragmentationColumn), QStringLiteral("5.85"));
    QCOMPARE(cell(model, 0, RedisServersModel::ClientsColumn), QStringLiteral("1 / 0 blocked"));
    QVERIFY2(cell(model, 0, RedisServersModel::MemoryColumn).contains(QLatin1String(" of 4 MiB")),
        qPrintable(cell(model, 0, RedisServersModel::MemoryColumn)));
    QCOMPARE(model.health(0), RedisHealth::Ok);
    QVERIFY(model.hitRatioHistory(0).isEmpty());

    // The second reading one second later: rates over the interval.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.addReading(0, analytics::parseInfo(fixture("info-7.0-after.txt")), kT0 + 1000);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(cell(model, 0, RedisServersModel::HitRatioColumn), QStringLiteral("34.6%")); // 3117 / 9000
    QCOMPARE(model.data(model.index(0, RedisServersModel::HitRatioColumn), RedisServersModel::SortRole).toDouble(),
        3117.0 / 9000.0);
    QCOMPARE(cell(model, 0, RedisServersModel::EvictionsColumn), QStringLiteral("5111/s"));
    QCOMPARE(cell(model, 0, RedisServersModel::OpsColumn), QStringLiteral("18002/s"));
    QCOMPARE(cell(model, 0, RedisServersModel::ExpirationsColumn), QStringLiteral("0.0/s"));
    QCOMPARE(cell(model, 0, RedisServersModel::KeysColumn), QStringLiteral("4193 (0 expiring)"));
    // Evicting with a hit ratio under 50 %: critical, and the reason says so.
    QCOMPARE(model.health(0), RedisHealth::Critical);
    QCOMPARE(cell(model, 0, RedisServersModel::HealthColumn), QStringLiteral("critical"));
    QVERIFY2(cell(model, 0, RedisServersModel::NotesColumn)
                 .contains(QLatin1String("evicting 5111/s with hit ratio 34.6%")),
        qPrintable(cell(model, 0, RedisServersModel::NotesColumn)));
    QVERIFY(model.data(model.index(0, RedisServersModel::HealthColumn), Qt::ForegroundRole).isValid());
    QCOMPARE(model.hitRatioHistory(0).size(), 1);
    QCOMPARE(model.hitRatioHistory(0).first().y(), 3117.0 / 9000.0);
}

void TestRedisServersModel::health_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("after");
    QTest::addColumn<int>("health");
    QTest::addColumn<QString>("reason");
    const qint64 mib = 1024 * 1024;
    QTest::newRow("ok") << info(10 * mib, 100 * mib, "allkeys-lru", 0, 0, 0, 0)
                        << info(10 * mib, 100 * mib, "allkeys-lru", 90, 10, 0, 100) << int(RedisHealth::Ok)
                        << QString();
    QTest::newRow("low hit ratio") << info(10 * mib, 100 * mib, "allkeys-lru", 0, 0, 0, 0)
                                   << info(10 * mib, 100 * mib, "allkeys-lru", 70, 30, 0, 100)
                                   << int(RedisHealth::Warning) << QStringLiteral("hit ratio 70%");
    QTest::newRow("evicting, good ratio") << info(99 * mib, 100 * mib, "allkeys-lru", 0, 0, 0, 0)
                                          << info(99 * mib, 100 * mib, "allkeys-lru", 95, 5, 20, 100)
                                          << int(RedisHealth::Warning) << QStringLiteral("evicting 10/s");
    QTest::newRow("noeviction nearly full") << info(92 * mib, 100 * mib, "noeviction", 0, 0, 0, 0)
                                            << info(92 * mib, 100 * mib, "noeviction", 9, 1, 0, 10)
                                            << int(RedisHealth::Warning) << QStringLiteral("under noeviction");
    QTest::newRow("noeviction full") << info(96 * mib, 100 * mib, "noeviction", 0, 0, 0, 0)
                                     << info(96 * mib, 100 * mib, "noeviction", 9, 1, 0, 10)
                                     << int(RedisHealth::Critical) << QStringLiteral("writes fail");
    QTest::newRow("fragmented") << info(500 * mib, 0, "noeviction", 0, 0, 0, 0, 2.3, 600 * mib)
                                << info(500 * mib, 0, "noeviction", 9, 1, 0, 10, 2.3, 600 * mib)
                                << int(RedisHealth::Warning) << QStringLiteral("fragmentation 2.30");
    QTest::newRow("small server, high ratio is no waste")
        << info(1 * mib, 0, "noeviction", 0, 0, 0, 0, 5.8, 5 * mib)
        << info(1 * mib, 0, "noeviction", 9, 1, 0, 10, 5.8, 5 * mib) << int(RedisHealth::Ok) << QString();
    QTest::newRow("blocked clients") << info(1 * mib, 0, "noeviction", 0, 0, 0, 0, 1.1, 1000, 5)
                                     << info(1 * mib, 0, "noeviction", 9, 1, 0, 10, 1.1, 1000, 5)
                                     << int(RedisHealth::Warning) << QStringLiteral("5 of 10 clients blocked");
}

void TestRedisServersModel::health()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    QFETCH(int, health);
    QFETCH(QString, reason);
    RedisServersModel model;
    model.setInstances({ { QStringLiteral("redis://127.0.0.1:6390"), QString() } });
    model.addReading(0, analytics::parseInfo(before), kT0);
    model.addReading(0, analytics::parseInfo(after), kT0 + 2000);
    QCOMPARE(int(model.health(0)), health);
    QCOMPARE(cell(model, 0, RedisServersModel::HealthColumn), redisHealthWord(RedisHealth(health)));
    const QString notes = cell(model, 0, RedisServersModel::NotesColumn);
    if (reason.isEmpty())
        QCOMPARE(notes, QStringLiteral("Redis 7.0.15"));
    else
        QVERIFY2(notes.contains(reason), qPrintable(notes));
}

void TestRedisServersModel::unreachableAndBack()
{
    RedisServersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setInstances({ { QStringLiteral("redis://127.0.0.1:6390"), QString() } });
    model.addReading(0, analytics::parseInfo(fixture("info-7.0-before.txt")), kT0);
    const QString reason = QStringLiteral("cannot connect to 127.0.0.1:6390: Connection refused");
    model.setUnreachable(0, reason, kT0 + 2000);
    model.setUnreachable(0, reason, kT0 + 4000); // "since" stays at the first failure
    QCOMPARE(model.health(0), RedisHealth::Unreachable);
    QCOMPARE(cell(model, 0, RedisServersModel::HealthColumn), QStringLiteral("unreachable"));
    const QString since = QDateTime::fromMSecsSinceEpoch(kT0 + 2000).time().toString(QStringLiteral("HH:mm"));
    QCOMPARE(cell(model, 0, RedisServersModel::NotesColumn),
        QStringLiteral("unreachable since %1: %2").arg(since, reason));
    QCOMPARE(cell(model, 0, RedisServersModel::KeysColumn), QStringLiteral("–"));
    // Back: no rate across the outage, only the lifetime ratio until the next interval.
    model.addReading(0, analytics::parseInfo(fixture("info-7.0-after.txt")), kT0 + 6000);
    QCOMPARE(model.health(0), RedisHealth::Ok);
    QCOMPARE(cell(model, 0, RedisServersModel::OpsColumn), QStringLiteral("–"));
    QVERIFY(cell(model, 0, RedisServersModel::HitRatioColumn).endsWith(QLatin1String("(since start)")));
}

void TestRedisServersModel::keepsRowsOnAdd()
{
    RedisServersModel model;
    const RedisInstance a { QStringLiteral("redis://127.0.0.1:6390"), QString() };
    const RedisInstance b { QStringLiteral("redis://127.0.0.1:6391/2"), QStringLiteral("/tmp/pw") };
    model.setInstances({ a });
    model.addReading(0, analytics::parseInfo(fixture("info-7.0-before.txt")), kT0);
    model.setInstances({ b, a });
    QCOMPARE(model.instances(), (QList<RedisInstance> { b, a }));
    QCOMPARE(model.rowOfUrl(a.url), 1);
    QCOMPARE(cell(model, 1, RedisServersModel::KeysColumn), QStringLiteral("304 (2 expiring)"));
    QCOMPARE(model.health(0), RedisHealth::Pending);
    QCOMPARE(model.data(model.index(0, 0), RedisServersModel::UrlRole).toString(), b.url);
}

QTEST_GUILESS_MAIN(TestRedisServersModel)
#include "tst_redis_servers_model.moc"
