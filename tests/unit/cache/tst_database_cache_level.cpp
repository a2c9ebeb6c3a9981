// L3 over the state database: entries survive a reopen, expire on the
// injected clock, stay inside the byte budget (oldest first), fill L1 through
// MultiLevelCache, and the table comes from the schema migrations.
#include "cache/DatabaseCacheLevel.h"
#include "cache/MemoryCache.h"
#include "cache/MultiLevelCache.h"
#include "Clock.h"
#include "storage/Database.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;
using namespace opsdeck::cache;

class TestDatabaseCacheLevel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void survivesAReopen();
    void expiresOnTheInjectedClock();
    void staysWithinItsBudget();
    void replaceKeepsOneRow();
    void fillsL1ThroughTheLookup();
    void tableComesFromTheMigrations();
    void unopenableFileIsReported();

private:
    QString file() const { return m_dir->filePath(QStringLiteral("opsdeck.sqlite")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestDatabaseCacheLevel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestDatabaseCacheLevel::survivesAReopen()
{
    {
        DatabaseCacheLevel l3(file());
        QVERIFY2(l3.isOpen(), qPrintable(l3.lastError()));
        l3.put("k1", CachedValue { "v1", 0, 40 });
        l3.put("k2", CachedValue { QByteArray(1000, 'x'), 0, 0 });
        l3.flush();
        QCOMPARE(l3.stats().entries, 2);
    }
    DatabaseCacheLevel again(file());
    QVERIFY(again.isOpen());
    const auto v = again.get("k1");
    QVERIFY(v);
    QCOMPARE(v->value, QByteArray("v1"));
    QCOMPARE(v->computeMs, 40);
    QCOMPARE(again.get("k2")->value.size(), 1000);
    QVERIFY(!again.get("k3"));
    const LevelStats s = again.stats();
    QCOMPARE(s.entries, 2);
    QCOMPARE(s.bytes, 2 + 2 + 2 + 1000);
    QCOMPARE(s.hits, 2);
    QCOMPARE(s.misses, 1);
}

void TestDatabaseCacheLevel::expiresOnTheInjectedClock()
{
    ManualClock clock(10'000);
    DatabaseCacheLevel l3(file(), DatabaseCacheLevel::Options { 1 << 20, 100, &clock });
    l3.put("k", CachedValue { "v", 15'000, 1 });
    QVERIFY(l3.get("k"));
    clock.setNowMs(15'000);
    QVERIFY(!l3.get("k"));
    l3.flush();
    QCOMPARE(l3.stats().expirations, 1);
    QCOMPARE(l3.stats().entries, 0); // the expired row was deleted
}

void TestDatabaseCacheLevel::staysWithinItsBudget()
{
    ManualClock clock(0);
    DatabaseCacheLevel l3(file(), DatabaseCacheLevel::Options { 10 * 1024, 1000, &clock });
    for (int i = 0; i < 30; ++i) {
        clock.advanceMs(1);
        l3.put("key" + QByteArray::number(i + 10), CachedValue { QByteArray(1019, 'v'), 0, 0 }); // 1024 B rows
        if (i % 7 == 0)
            l3.flush();
    }
    l3.flush();
    const LevelStats s = l3.stats();
    QCOMPARE(s.entries, 10);
    QCOMPARE(s.bytes, 10 * 1024);
    QCOMPARE(s.evictions, 20);
    QVERIFY(!l3.get("key10")); // oldest went first
    QVERIFY(l3.get("key39"));
}

void TestDatabaseCacheLevel::replaceKeepsOneRow()
{
    DatabaseCacheLevel l3(file());
    l3.put("k", CachedValue { "short", 0, 0 });
    l3.put("k", CachedValue { "a longer value", 0, 0 });
    QCOMPARE(l3.get("k")->value, QByteArray("a longer value"));
    QCOMPARE(l3.stats().entries, 1);
    QCOMPARE(l3.stats().bytes, 1 + 14);
    l3.remove("k");
    QVERIFY(!l3.get("k"));
    QCOMPARE(l3.stats().bytes, 0);
}

void TestDatabaseCacheLevel::fillsL1ThroughTheLookup()
{
    {
        DatabaseCacheLevel l3(file());
        l3.put("plan", CachedValue { "capacity plan", 0, 900 });
    } // as after a restart: only L3 has it
    MemoryCache::Options o;
    o.capacityBytes = 1 << 20;
    MemoryCache l1(o);
    DatabaseCacheLevel l3(file());
    MultiLevelCache cache({ &l1, &l3 });
    int computed = 0;
    const auto v = cache.getOrCompute("plan", [&] {
        ++computed;
        return std::optional<QByteArray>("recomputed");
    });
    QCOMPARE(*v, QByteArray("capacity plan"));
    QCOMPARE(computed, 0);
    QCOMPARE(l1.peek("plan")->computeMs, 900);
    // A miss everywhere is computed once and written to L3 as well.
    QCOMPARE(*cache.getOrCompute("new",
                 [&] {
                     ++computed;
                     return std::optional<QByteArray>("fresh");
                 }),
        QByteArray("fresh"));
    l3.flush();
    QCOMPARE(l3.get("new")->value, QByteArray("fresh"));
    QCOMPARE(computed, 1);
}

void TestDatabaseCacheLevel::tableComesFromTheMigrations()
{
    storage::Database db;
    QVERIFY(db.open(m_dir->path()));
    QCOMPARE(db.schemaVersion(), storage::latestSchemaVersion());
    QSqlQuery q(db.connection());
    QVERIFY(
        q.exec(QStringLiteral("SELECT key, value, expires_at_ms, compute_ms, stored_at_ms FROM cache_entries")));
}

void TestDatabaseCacheLevel::unopenableFileIsReported()
{
    const QString dirAsFile = m_dir->path(); // a directory is not a database file
    DatabaseCacheLevel l3(dirAsFile);
    QVERIFY(!l3.isOpen());
    QVERIFY(!l3.lastError().isEmpty());
    l3.put("k", CachedValue { "v", 0, 0 });
    QVERIFY(!l3.get("k"));
}

QTEST_GUILESS_MAIN(TestDatabaseCacheLevel)
#include "tst_database_cache_level.moc"
