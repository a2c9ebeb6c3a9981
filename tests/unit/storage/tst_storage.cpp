// Unit tests of engine/storage: connection setup, migrations, repositories.
#include "Clock.h"
#include "PostgresServer.h"
#include "scrape/ScrapeTargetRepository.h"
#include "storage/Database.h"
#include "storage/Migration.h"
#include "storage/SettingsRepository.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimeZone>
#include <QUrl>

#include <atomic>
#include <cmath>
#include <limits>

using namespace opsdeck;
using namespace opsdeck::storage;
using opsdeck::scrape::ScrapeTarget;
using opsdeck::scrape::ScrapeTargetRepository;

namespace {

// A connection that bypasses Database, to build or inspect files "by hand".
class RawConnection
{
public:
    explicit RawConnection(const QString& path)
        : m_name(QStringLiteral("raw-%1").arg(QDateTime::currentMSecsSinceEpoch() ^ quintptr(this)))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        m_ok = db.open();
    }
    ~RawConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    bool ok() const { return m_ok; }
    bool exec(const QString& sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        if (!query.exec(sql)) {
            qWarning().noquote() << sql << query.lastError().text();
            return false;
        }
        return true;
    }
    QVariant scalar(const QString& sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        if (!query.exec(sql) || !query.next()) {
            qWarning().noquote() << sql << query.lastError().text();
            return {};
        }
        return query.value(0);
    }

private:
    QString m_name;
    bool m_ok = false;
};

QVariant scalar(const Database& db, const QString& sql)
{
    QSqlQuery query(db.connection());
    if (!query.exec(sql) || !query.next()) {
        qWarning().noquote() << sql << query.lastError().text();
        return {};
    }
    return query.value(0);
}

QByteArray fileHash(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

ScrapeTarget fullTarget()
{
    ScrapeTarget t;
    t.url = QUrl(QStringLiteral("https://db-01.plant.example:9443/metrics?x=a%20b&y=%C3%A9"));
    t.job = QStringLiteral("mes-db");
    t.instance = QStringLiteral("db-01");
    t.extraLabels = metrics::Labels { { "site", "Werk Süd" }, { "rack", "r\"7\\x" }, { "env", "" } };
    t.intervalMs = 2500;
    t.timeoutMs = 2000;
    t.bearerToken = QStringLiteral("s3cr3t-tok€n");
    t.tlsCaFile = QStringLiteral("/etc/opsdeck/ca bundle.pem");
    t.tlsInsecure = true;
    t.enabled = false;
    return t;
}

void compareTargets(const ScrapeTarget& actual, const ScrapeTarget& expected)
{
    QCOMPARE(actual.id, expected.id);
    QCOMPARE(actual.url, expected.url);
    QCOMPARE(actual.url.toString(QUrl::FullyEncoded), expected.url.toString(QUrl::FullyEncoded));
    QCOMPARE(actual.job, expected.job);
    QCOMPARE(actual.instance, expected.instance);
    QCOMPARE(actual.extraLabels.toString(), expected.extraLabels.toString());
    QVERIFY(actual.extraLabels == expected.extraLabels);
    QCOMPARE(actual.intervalMs, expected.intervalMs);
    QCOMPARE(actual.timeoutMs, expected.timeoutMs);
    QCOMPARE(actual.bearerToken, expected.bearerToken);
    QCOMPARE(actual.tlsCaFile, expected.tlsCaFile);
    QCOMPARE(actual.tlsInsecure, expected.tlsInsecure);
    QCOMPARE(actual.enabled, expected.enabled);
}

// The v1 schema exactly as released, written out here (not taken from the
// code) so that editing a released migration makes this test fail.
const char* const kV1Schema[] = {
    "CREATE TABLE scrape_targets ( id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL, job TEXT NOT NULL,"
    " instance TEXT NOT NULL DEFAULT '', extra_labels TEXT NOT NULL DEFAULT '{}', interval_ms INTEGER NOT NULL,"
    " timeout_ms INTEGER NOT NULL, bearer_token_plaintext TEXT NOT NULL DEFAULT '',"
    " tls_ca_file TEXT NOT NULL DEFAULT '', tls_insecure INTEGER NOT NULL DEFAULT 0 CHECK (tls_insecure IN (0, "
    "1)),"
    " enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)), UNIQUE (job, instance, url))",
    "CREATE TABLE settings ( key TEXT PRIMARY KEY NOT NULL, type TEXT NOT NULL, value BLOB)",
};

} // namespace

class TestStorage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void defaultDirectoryIsCreated();
    void openConfiguresConnection();
    void fullSyncOption();
    void reopenKeepsData();

    void targetRoundTripsEveryField();
    void targetTimestampsFollowClock();
    void duplicateTargetRejected();
    void invalidTargetRejected();
    void missingTargetReported();

    void settingRoundTrips_data();
    void settingRoundTrips();
    void settingsOverwriteRemoveKeys();
    void unsupportedSettingRejected();

    void migratesV1Database();
    void refusesNewerDatabase();
    void failedMigrationRollsBack();
    void corruptFileReported();
    void directoryPathReported();

    void twoThreadsOwnConnections();
    void wrongThreadUseFailsCleanly();

private:
    // The state database of the running test: opsdeck.sqlite in dir, or (the
    // PostgreSQL run, OPSDECK_TEST_STATE=postgresql) this test's own database,
    // the same one on every reopen.
    bool openState(Database& db, const QString& dir);
    storage::StateLocation m_pg;
};

void TestStorage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(QStringLiteral("opsdeck-tst-storage"));
    QVERIFY(latestSchemaVersion() >= 2);
    QVERIFY(validateMigrations(schemaMigrations()).isEmpty());
}

void TestStorage::init()
{
    m_pg = {};
    if (!testsupport::testStateIsPostgres())
        return;
    if (!testsupport::PostgresServer::available())
        QSKIP("PostgreSQL 15 is not installed (/usr/lib/postgresql/15/bin; Debian package postgresql-15)");
    const QString test = QString::fromLatin1(QTest::currentTestFunction());
    static const QStringList sqliteOnly { QStringLiteral("defaultDirectoryIsCreated"),
        QStringLiteral("openConfiguresConnection"), QStringLiteral("fullSyncOption"),
        QStringLiteral("migratesV1Database"), QStringLiteral("refusesNewerDatabase"),
        QStringLiteral("failedMigrationRollsBack"), QStringLiteral("corruptFileReported"),
        QStringLiteral("directoryPathReported") };
    if (sqliteOnly.contains(test))
        QSKIP("about the SQLite file (PRAGMAs, WAL, backups, corrupt files); tst_state_postgresql covers the "
              "PostgreSQL side");
    QString error;
    testsupport::PostgresServer* server = testsupport::sharedPostgresServer(&error);
    QVERIFY2(server, qPrintable(error));
    m_pg = server->createDatabase();
    QVERIFY2(m_pg.isPostgres(), qPrintable(server->errorString()));
}

bool TestStorage::openState(Database& db, const QString& dir)
{
    return m_pg.isPostgres() ? db.openLocation(m_pg) : db.open(dir);
}

void TestStorage::defaultDirectoryIsCreated()
{
    const QString expected = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QVERIFY(expected.contains(QLatin1String(".qttest"))); // never the user's real profile
    QDir(expected).removeRecursively();
    const QString dir = Database::defaultDirectory();
    QCOMPARE(dir, expected);
    QVERIFY(QFileInfo(dir).isDir());

    Database db;
    QVERIFY2(db.open(dir), qPrintable(db.lastError()));
    QCOMPARE(db.filePath(), QDir(dir).filePath(QStringLiteral("opsdeck.sqlite")));
    db.close();
    QDir(expected).removeRecursively();
}

void TestStorage::openConfiguresConnection()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString dir = tmp.filePath(QStringLiteral("nested/data")); // created on open
    Database db;
    QVERIFY2(db.open(dir), qPrintable(db.lastError()));
    QVERIFY(db.isOpen());
    QVERIFY(QFile::exists(db.filePath()));
    QCOMPARE(db.schemaVersion(), latestSchemaVersion());
    QCOMPARE(db.journalMode(), QStringLiteral("wal"));
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA synchronous")).toInt(), 1); // NORMAL
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA busy_timeout")).toInt(), 5000);
    QCOMPARE(db.integrityCheck(), QStringLiteral("ok"));
    QVERIFY(!QFile::exists(db.filePath() + QStringLiteral(".schema-v1.bak"))); // nothing to back up when new

    // WAL for real: a committed write lands in the -wal file, not in the main file.
    SettingsRepository settings(db);
    QVERIFY(settings.set(QStringLiteral("k"), 1));
    QVERIFY(QFileInfo(db.filePath() + QStringLiteral("-wal")).size() > 0);

    Database second;
    QVERIFY2(second.open(dir), qPrintable(second.lastError()));
    QVERIFY(second.connectionName() != db.connectionName());
    QCOMPARE(SettingsRepository(second).get(QStringLiteral("k")), QVariant(1));
}

void TestStorage::fullSyncOption()
{
    QTemporaryDir tmp;
    Database::Options options;
    options.sync = Database::Sync::Full;
    options.busyTimeoutMs = 1234;
    Database db(options);
    QVERIFY2(db.open(tmp.path()), qPrintable(db.lastError()));
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA synchronous")).toInt(), 2); // FULL
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA busy_timeout")).toInt(), 1234);
}

void TestStorage::reopenKeepsData()
{
    QTemporaryDir tmp;
    ScrapeTarget target = fullTarget();
    {
        Database db;
        QVERIFY2(openState(db, tmp.path()), qPrintable(db.lastError()));
        ScrapeTargetRepository repo(db);
        const auto id = repo.add(target);
        QVERIFY2(id, qPrintable(repo.lastError()));
        target.id = *id;
        QVERIFY(SettingsRepository(db).set(QStringLiteral("theme"), QStringLiteral("dark")));
    }
    Database db;
    QVERIFY2(openState(db, tmp.path()), qPrintable(db.lastError()));
    ScrapeTargetRepository repo(db);
    const auto loaded = repo.get(target.id);
    QVERIFY2(loaded, qPrintable(repo.lastError()));
    compareTargets(*loaded, target);
    QCOMPARE(SettingsRepository(db).get(QStringLiteral("theme")), QVariant(QStringLiteral("dark")));
}

void TestStorage::targetRoundTripsEveryField()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY2(openState(db, tmp.path()), qPrintable(db.lastError()));
    ScrapeTargetRepository repo(db);

    // Defaults round-trip too (empty instance, no labels, no token).
    ScrapeTarget plain;
    plain.url = QUrl(QStringLiteral("http://localhost:9100/metrics"));
    auto plainId = repo.add(plain);
    QVERIFY2(plainId, qPrintable(repo.lastError()));
    plain.id = *plainId;

    ScrapeTarget full = fullTarget();
    full.id = 12345; // ignored by add
    auto id = repo.add(full);
    QVERIFY2(id, qPrintable(repo.lastError()));
    QVERIFY(*id > plain.id);
    full.id = *id;

    auto loaded = repo.get(full.id);
    QVERIFY2(loaded, qPrintable(repo.lastError()));
    compareTargets(*loaded, full);
    loaded = repo.get(plain.id);
    QVERIFY(loaded);
    compareTargets(*loaded, plain);
    QVERIFY(loaded->instance.isEmpty());
    QVERIFY(loaded->extraLabels.isEmpty());

    // The token is stored in the clearly named plaintext column (until QtKeychain).
    QCOMPARE(
        scalar(db, QStringLiteral("SELECT bearer_token_plaintext FROM scrape_targets WHERE id = %1").arg(full.id))
            .toString(),
        full.bearerToken);

    auto all = repo.list();
    QVERIFY2(all, qPrintable(repo.lastError()));
    QCOMPARE(all->size(), 2);
    compareTargets(all->at(0), plain);
    compareTargets(all->at(1), full);

    // Change every field.
    ScrapeTarget changed;
    changed.id = full.id;
    changed.url = QUrl(QStringLiteral("http://10.0.0.7:9200/probe"));
    changed.job = QStringLiteral("cache");
    changed.instance = QString();
    changed.extraLabels = metrics::Labels { { "tier", "l2" } };
    changed.intervalMs = 250;
    changed.timeoutMs = 250;
    changed.bearerToken = QString();
    changed.tlsCaFile = QString();
    changed.tlsInsecure = false;
    changed.enabled = true;
    QVERIFY2(repo.update(changed), qPrintable(repo.lastError()));
    loaded = repo.get(changed.id);
    QVERIFY(loaded);
    compareTargets(*loaded, changed);
    compareTargets(*repo.get(plain.id), plain); // the other row untouched

    QVERIFY2(repo.remove(plain.id), qPrintable(repo.lastError()));
    QVERIFY(!repo.get(plain.id));
    QVERIFY(repo.lastError().contains(QLatin1String("no scrape target with id")));
    QCOMPARE(repo.list()->size(), 1);
}

void TestStorage::targetTimestampsFollowClock()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY(openState(db, tmp.path()));
    ManualClock clock(1'700'000'000'000);
    ScrapeTargetRepository repo(db, &clock);
    ScrapeTarget target = fullTarget();
    target.id = *repo.add(target);
    clock.advanceMs(60'000);
    target.enabled = true;
    QVERIFY(repo.update(target));
    const QString where = QStringLiteral(" FROM scrape_targets WHERE id = %1").arg(target.id);
    QCOMPARE(scalar(db, QStringLiteral("SELECT created_ms") + where).toLongLong(), 1'700'000'000'000);
    QCOMPARE(scalar(db, QStringLiteral("SELECT updated_ms") + where).toLongLong(), 1'700'000'060'000);

    SettingsRepository settings(db, &clock);
    QVERIFY(settings.set(QStringLiteral("a"), true));
    QCOMPARE(scalar(db, QStringLiteral("SELECT updated_ms FROM settings WHERE key = 'a'")).toLongLong(),
        1'700'000'060'000);
}

void TestStorage::duplicateTargetRejected()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY(openState(db, tmp.path()));
    ScrapeTargetRepository repo(db);
    ScrapeTarget target;
    target.url = QUrl(QStringLiteral("http://node-3:9100/metrics"));
    const auto first = repo.add(target);
    QVERIFY(first);

    QVERIFY(!repo.add(target));
    QVERIFY2(repo.lastError().contains(QLatin1String("already exists")), qPrintable(repo.lastError()));
    QVERIFY2(repo.lastError().contains(QLatin1String("http://node-3:9100/metrics")), qPrintable(repo.lastError()));

    // Same URL and job, instance spelled out as the URL's host:port: the same series source.
    ScrapeTarget explicitInstance = target;
    explicitInstance.instance = QStringLiteral("node-3:9100");
    QVERIFY(!repo.add(explicitInstance));
    QVERIFY(repo.lastError().contains(QLatin1String("already exists")));

    // Another job or another instance name is a different target.
    ScrapeTarget otherJob = target;
    otherJob.job = QStringLiteral("node");
    const auto second = repo.add(otherJob);
    QVERIFY2(second, qPrintable(repo.lastError()));
    ScrapeTarget otherInstance = target;
    otherInstance.instance = QStringLiteral("node-3-alias");
    QVERIFY2(repo.add(otherInstance), qPrintable(repo.lastError()));

    // Updating one into another is refused too, and leaves the row as it was.
    otherJob.id = *second;
    otherJob.job = target.job;
    QVERIFY(!repo.update(otherJob));
    QVERIFY(repo.lastError().contains(QLatin1String("already exists")));
    QCOMPARE(repo.get(*second)->job, QStringLiteral("node"));
    // Saving a target unchanged is not a duplicate of itself.
    ScrapeTarget same = *repo.get(*first);
    QVERIFY2(repo.update(same), qPrintable(repo.lastError()));
    QCOMPARE(repo.list()->size(), 3);
}

void TestStorage::invalidTargetRejected()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY(openState(db, tmp.path()));
    ScrapeTargetRepository repo(db);
    ScrapeTarget target;
    target.url = QUrl(QStringLiteral("http://node:9100/metrics"));
    target.intervalMs = 100;
    QVERIFY(!repo.add(target));
    QVERIFY2(repo.lastError().contains(QLatin1String("interval")), qPrintable(repo.lastError()));
    target.intervalMs = 1000;
    target.url = QUrl(QStringLiteral("ftp://node/metrics"));
    QVERIFY(!repo.add(target));
    QVERIFY(repo.lastError().contains(QLatin1String("http")));
    QCOMPARE(repo.list()->size(), 0);
}

void TestStorage::missingTargetReported()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY(openState(db, tmp.path()));
    ScrapeTargetRepository repo(db);
    QVERIFY(!repo.get(42));
    QVERIFY(repo.lastError().contains(QLatin1String("42")));
    ScrapeTarget target;
    target.url = QUrl(QStringLiteral("http://node:9100/metrics"));
    target.id = 42;
    QVERIFY(!repo.update(target));
    QVERIFY2(repo.lastError().contains(QLatin1String("no scrape target")), qPrintable(repo.lastError()));
    target.id = 0;
    QVERIFY(!repo.update(target));
    QVERIFY(!repo.remove(42));
    QVERIFY(repo.lastError().contains(QLatin1String("no scrape target")));
    QCOMPARE(repo.list()->size(), 0);
}

void TestStorage::settingRoundTrips_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::newRow("int") << QVariant(-42);
    QTest::newRow("int max") << QVariant(std::numeric_limits<int>::max());
    QTest::newRow("int64") << QVariant(qint64(-9'000'000'000'000'000'001));
    QTest::newRow("double") << QVariant(0.1);
    QTest::newRow("double tiny") << QVariant(4.9406564584124654e-324);
    QTest::newRow("double big") << QVariant(-1.7976931348623157e308);
    QTest::newRow("double inf") << QVariant(std::numeric_limits<double>::infinity());
    QTest::newRow("double -inf") << QVariant(-std::numeric_limits<double>::infinity());
    QTest::newRow("bool true") << QVariant(true);
    QTest::newRow("bool false") << QVariant(false);
    QTest::newRow("string") << QVariant(QStringLiteral("Grüße, \"quoted\"\n'x' \u00e9 \U0001F600"));
    QTest::newRow("string empty") << QVariant(QString());
    QTest::newRow("string numeric") << QVariant(QStringLiteral("0042"));
    QTest::newRow("stringlist") << QVariant(
        QStringList { QStringLiteral("a,b"), QString(), QStringLiteral("[\"]") });
    QTest::newRow("stringlist empty") << QVariant(QStringList {});
    QTest::newRow("bytes") << QVariant(QByteArray("\x00\x01\xff\xfe text \x00", 12));
    QTest::newRow("bytes empty") << QVariant(QByteArray());
    QTest::newRow("datetime utc") << QVariant(
        QDateTime(QDate(2024, 2, 29), QTime(23, 59, 58, 123), QTimeZone::utc()));
    QTest::newRow("datetime offset") << QVariant(QDateTime(QDate(2023, 7, 1), QTime(8, 0), QTimeZone(7200)));
    QTest::newRow("url") << QVariant(QUrl(QStringLiteral("redis://user@cache:6379/0?x=%2F")));
}

void TestStorage::settingRoundTrips()
{
    QFETCH(QVariant, value);
    QTemporaryDir tmp;
    {
        Database db;
        QVERIFY(openState(db, tmp.path()));
        SettingsRepository settings(db);
        QVERIFY2(settings.set(QStringLiteral("key"), value), qPrintable(settings.lastError()));
        const QVariant back = settings.get(QStringLiteral("key"));
        QCOMPARE(back.metaType(), value.metaType());
        QCOMPARE(back, value);
    }
    // And from a fresh connection, i.e. from the file.
    Database db;
    QVERIFY(openState(db, tmp.path()));
    const QVariant back = SettingsRepository(db).get(QStringLiteral("key"), QStringLiteral("default"));
    QCOMPARE(back.metaType(), value.metaType());
    QCOMPARE(back, value);
    if (value.metaType().id() == QMetaType::QDateTime)
        QCOMPARE(back.toDateTime().offsetFromUtc(), value.toDateTime().offsetFromUtc());
}

void TestStorage::settingsOverwriteRemoveKeys()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY(openState(db, tmp.path()));
    SettingsRepository settings(db);

    QCOMPARE(settings.get(QStringLiteral("absent"), 7), QVariant(7));
    QVERIFY(settings.lastError().isEmpty());
    QVERIFY(!settings.find(QStringLiteral("absent")));
    QVERIFY(!settings.contains(QStringLiteral("absent")));

    const double nan = std::numeric_limits<double>::quiet_NaN();
    QVERIFY(settings.set(QStringLiteral("nan"), nan));
    QVERIFY(std::isnan(settings.get(QStringLiteral("nan")).toDouble()));

    QVERIFY(settings.set(QStringLiteral("b"), 1));
    QVERIFY(settings.set(QStringLiteral("b"), QStringLiteral("one"))); // type changes with the value
    QCOMPARE(settings.get(QStringLiteral("b")), QVariant(QStringLiteral("one")));
    QVERIFY(settings.set(QStringLiteral("a"), 2.5));
    QVERIFY(settings.keys());
    QCOMPARE(*settings.keys(), (QStringList { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("nan") }));
    QVERIFY(settings.remove(QStringLiteral("b")));
    QVERIFY(settings.remove(QStringLiteral("b"))); // idempotent
    QVERIFY(!settings.contains(QStringLiteral("b")));
    QCOMPARE(settings.keys()->size(), 2);

    // A row damaged outside the code is reported, and the default returned.
    QVERIFY(db.exec(QStringLiteral("UPDATE settings SET value = 'x' WHERE key = 'a'")));
    QCOMPARE(settings.get(QStringLiteral("a"), -1), QVariant(-1));
    QVERIFY2(settings.lastError().contains(QLatin1String("\"a\"")), qPrintable(settings.lastError()));
}

void TestStorage::unsupportedSettingRejected()
{
    QTemporaryDir tmp;
    Database db;
    QVERIFY(openState(db, tmp.path()));
    SettingsRepository settings(db);
    QVERIFY(!settings.set(QStringLiteral("map"), QVariantMap { { QStringLiteral("a"), 1 } }));
    QVERIFY2(settings.lastError().contains(QLatin1String("not supported")), qPrintable(settings.lastError()));
    QVERIFY(!settings.set(QStringLiteral("null"), QVariant()));
    QVERIFY(!settings.set(QString(), 1));
    QVERIFY(settings.keys()->isEmpty());
    QVERIFY(SettingsRepository::isSupportedType(QMetaType::fromType<QStringList>()));
    QVERIFY(!SettingsRepository::isSupportedType(QMetaType::fromType<QVariantMap>()));
}

void TestStorage::migratesV1Database()
{
    QTemporaryDir tmp;
    const QString path = tmp.filePath(QStringLiteral("opsdeck.sqlite"));
    {
        RawConnection raw(path);
        QVERIFY(raw.ok());
        for (const char* sql : kV1Schema)
            QVERIFY(raw.exec(QString::fromLatin1(sql)));
        QVERIFY(raw.exec(QStringLiteral(
            "INSERT INTO scrape_targets (url, job, instance, extra_labels, interval_ms, timeout_ms, "
            "bearer_token_plaintext, tls_ca_file, tls_insecure, enabled) VALUES ('https://old:9100/metrics', "
            "'legacy', 'old-1', '{\"site\":\"A\"}', 5000, 4000, 'tok', '/ca.pem', 1, 0)")));
        QVERIFY(raw.exec(QStringLiteral("INSERT INTO settings VALUES ('count', 'int', '17')")));
        QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = 1")));
    }

    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.lastError()));
    QCOMPARE(db.schemaVersion(), latestSchemaVersion());
    QCOMPARE(db.integrityCheck(), QStringLiteral("ok"));

    ScrapeTargetRepository repo(db);
    const auto targets = repo.list();
    QVERIFY2(targets, qPrintable(repo.lastError()));
    QCOMPARE(targets->size(), 1);
    const ScrapeTarget& t = targets->first();
    QCOMPARE(t.url, QUrl(QStringLiteral("https://old:9100/metrics")));
    QCOMPARE(t.job, QStringLiteral("legacy"));
    QCOMPARE(t.instance, QStringLiteral("old-1"));
    QCOMPARE(t.extraLabels.value("site"), QByteArray("A"));
    QCOMPARE(t.intervalMs, 5000);
    QCOMPARE(t.timeoutMs, 4000);
    QCOMPARE(t.bearerToken, QStringLiteral("tok"));
    QCOMPARE(t.tlsCaFile, QStringLiteral("/ca.pem"));
    QVERIFY(t.tlsInsecure);
    QVERIFY(!t.enabled);
    // New v2 columns exist, 0 for rows from before.
    QCOMPARE(scalar(db, QStringLiteral("SELECT created_ms FROM scrape_targets")).toLongLong(), 0);
    QCOMPARE(SettingsRepository(db).get(QStringLiteral("count")), QVariant(17));
    // Rows keep working after the migration.
    ScrapeTarget added = t;
    added.instance = QStringLiteral("old-2");
    QVERIFY2(repo.add(added), qPrintable(repo.lastError()));

    // The pre-migration file is kept as a consistent backup.
    const QString backup = path + QStringLiteral(".schema-v1.bak");
    QVERIFY(QFile::exists(backup));
    RawConnection old(backup);
    QCOMPARE(old.scalar(QStringLiteral("PRAGMA user_version")).toInt(), 1);
    QCOMPARE(old.scalar(QStringLiteral("SELECT count(*) FROM scrape_targets")).toInt(), 1);
}

void TestStorage::refusesNewerDatabase()
{
    QTemporaryDir tmp;
    const QString path = tmp.filePath(QStringLiteral("opsdeck.sqlite"));
    const int newer = latestSchemaVersion() + 1;
    {
        Database db;
        QVERIFY(db.open(tmp.path()));
        QVERIFY(SettingsRepository(db).set(QStringLiteral("keep"), QStringLiteral("me")));
        QVERIFY(db.exec(QStringLiteral("PRAGMA user_version = %1").arg(newer)));
    }
    const QByteArray before = fileHash(path);
    QVERIFY(!before.isEmpty());

    Database db;
    QVERIFY(!db.open(tmp.path()));
    QVERIFY(!db.isOpen());
    QVERIFY2(db.lastError().contains(QLatin1String("newer")), qPrintable(db.lastError()));
    QVERIFY(db.lastError().contains(path));
    QVERIFY(db.lastError().contains(QString::number(newer)));
    QCOMPARE(fileHash(path), before); // untouched

    RawConnection raw(path);
    QCOMPARE(raw.scalar(QStringLiteral("SELECT value FROM settings WHERE key = 'keep'")).toString(),
        QStringLiteral("me"));
}

void TestStorage::failedMigrationRollsBack()
{
    QTemporaryDir tmp;
    {
        Database db;
        QVERIFY(db.open(tmp.path()));
        QVERIFY(SettingsRepository(db).set(QStringLiteral("keep"), 1));
    }
    Database::Options options;
    const int next = latestSchemaVersion() + 1;
    options.migrations.append(Migration { next, QStringLiteral("broken step"),
        { QStringLiteral("CREATE TABLE half_done (x INTEGER)"),
            QStringLiteral("INSERT INTO no_such_table VALUES (1)") } });
    {
        Database db(options);
        QVERIFY(!db.open(tmp.path()));
        const QString error = db.lastError();
        QVERIFY2(error.contains(QStringLiteral("schema version %1").arg(next)), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("broken step")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("statement 2 of 2")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("no such table: no_such_table")), qPrintable(error));
    }
    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.lastError()));
    QCOMPARE(db.schemaVersion(), latestSchemaVersion());
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'")).toInt(), 0);
    QCOMPARE(SettingsRepository(db).get(QStringLiteral("keep")), QVariant(1));

    // A list with a gap is refused before anything runs.
    Database::Options gap;
    gap.migrations.append(Migration { next + 1, QStringLiteral("gap"), { QStringLiteral("SELECT 1") } });
    Database bad(gap);
    QVERIFY(!bad.open(tmp.path()));
    QVERIFY2(bad.lastError().contains(QLatin1String("migration")), qPrintable(bad.lastError()));
}

void TestStorage::corruptFileReported()
{
    QTemporaryDir tmp;
    const QString path = tmp.filePath(QStringLiteral("opsdeck.sqlite"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray junk("This is not a database, it is an operator's shopping list.\n");
        while (junk.size() < 8192)
            junk += junk;
        file.write(junk);
    }
    const QByteArray before = fileHash(path);
    Database db;
    QVERIFY(!db.open(tmp.path()));
    QVERIFY(!db.isOpen());
    QVERIFY2(db.lastError().contains(path), qPrintable(db.lastError()));
    QVERIFY2(db.lastError().contains(QLatin1String("not an SQLite database")), qPrintable(db.lastError()));
    QCOMPARE(fileHash(path), before);

    // Repositories over a database that failed to open report, not crash.
    ScrapeTargetRepository repo(db);
    QVERIFY(!repo.list());
    QVERIFY(repo.lastError().contains(QLatin1String("not open")));
    SettingsRepository settings(db);
    QVERIFY(!settings.set(QStringLiteral("x"), 1));
    QCOMPARE(settings.get(QStringLiteral("x"), 5), QVariant(5));
}

void TestStorage::directoryPathReported()
{
    QTemporaryDir tmp;
    QVERIFY(QDir(tmp.path()).mkdir(QStringLiteral("opsdeck.sqlite")));
    Database db;
    QVERIFY(!db.open(tmp.path()));
    QVERIFY2(db.lastError().contains(tmp.filePath(QStringLiteral("opsdeck.sqlite"))), qPrintable(db.lastError()));
}

void TestStorage::twoThreadsOwnConnections()
{
    QTemporaryDir tmp;
    Database main;
    QVERIFY2(openState(main, tmp.path()), qPrintable(main.lastError()));

    constexpr int kThreads = 2;
    constexpr int kRows = 150;
    QString errors[kThreads];
    int seen[kThreads] = {};
    QString connectionNames[kThreads];
    std::atomic<int> ready { 0 };

    QList<QThread*> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.append(QThread::create([&, t] {
            QString error;
            auto db = Database::openForThread(main, &error);
            if (!db) {
                errors[t] = error;
                return;
            }
            connectionNames[t] = db->connectionName();
            // Start together so the writers really contend for the lock.
            ready.fetch_add(1);
            while (ready.load() < kThreads)
                QThread::yieldCurrentThread();
            ScrapeTargetRepository targets(*db);
            SettingsRepository settings(*db);
            for (int i = 0; i < kRows; ++i) {
                ScrapeTarget target;
                target.url = QUrl(QStringLiteral("http://host-%1-%2:9100/metrics").arg(t).arg(i));
                if (!targets.add(target)) {
                    errors[t] = targets.lastError();
                    return;
                }
                if (!settings.set(QStringLiteral("thread-%1").arg(t), i)) {
                    errors[t] = settings.lastError();
                    return;
                }
                if (settings.get(QStringLiteral("thread-%1").arg(t)) != QVariant(i)) {
                    errors[t] = QStringLiteral("read back wrong value at %1").arg(i);
                    return;
                }
            }
            const auto all = targets.list();
            seen[t] = all ? int(all->size()) : -1;
        }));
    }
    for (QThread* thread : std::as_const(threads))
        thread->start();
    for (QThread* thread : std::as_const(threads)) {
        QVERIFY(thread->wait(60'000));
        delete thread;
    }
    for (int t = 0; t < kThreads; ++t) {
        QVERIFY2(errors[t].isEmpty(), qPrintable(errors[t]));
        QVERIFY(seen[t] >= kRows);
        QVERIFY(connectionNames[t] != main.connectionName());
    }
    QVERIFY(connectionNames[0] != connectionNames[1]);

    const auto all = ScrapeTargetRepository(main).list();
    QVERIFY(all);
    QCOMPARE(all->size(), kThreads * kRows);
    SettingsRepository settings(main);
    QCOMPARE(settings.get(QStringLiteral("thread-0")), QVariant(kRows - 1));
    QCOMPARE(settings.get(QStringLiteral("thread-1")), QVariant(kRows - 1));
    QCOMPARE(main.integrityCheck(), QStringLiteral("ok"));
}

void TestStorage::wrongThreadUseFailsCleanly()
{
    QTemporaryDir tmp;
    Database main;
    QVERIFY(openState(main, tmp.path()));
    ScrapeTargetRepository repo(main);
    bool listed = true;
    QString error;
    QThread* thread = QThread::create([&] {
        listed = repo.list().has_value();
        error = repo.lastError();
    });
    thread->start();
    QVERIFY(thread->wait(10'000));
    delete thread;
    QVERIFY(!listed);
    QVERIFY2(error.contains(QLatin1String("thread")), qPrintable(error));
    QVERIFY(repo.list()); // still fine on its own thread
}

QTEST_GUILESS_MAIN(TestStorage)
#include "tst_storage.moc"
