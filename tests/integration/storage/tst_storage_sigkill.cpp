// Integration: no committed row is lost when the writing process is killed.
// A separate writer process (storage_kill_writer) commits rows through the real
// repositories and reports each after COMMIT returns; the test SIGKILLs it in
// the middle of writing, then opens the database with the code and checks it
// is clean and holds every reported row. In WAL mode a commit is in the WAL
// file (OS page cache) when COMMIT returns, so this holds with synchronous=NORMAL;
// only a power cut could lose the latest commits (Sync::Full covers that).
#include "KilledWriter.h"
#include "scrape/ScrapeTargetRepository.h"
#include "storage/Database.h"
#include "storage/Migration.h"
#include "storage/SettingsRepository.h"

#include <QFile>
#include <QHash>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;
using namespace opsdeck::storage;
using opsdeck::scrape::ScrapeTargetRepository;

class TestStorageSigkill : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void killMidWriteLosesNoCommit_data();
    void killMidWriteLosesNoCommit();
};

void TestStorageSigkill::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(QFile::exists(QStringLiteral(WRITER_BIN)), WRITER_BIN);
}

void TestStorageSigkill::killMidWriteLosesNoCommit_data()
{
    QTest::addColumn<QString>("sync");
    QTest::addColumn<int>("killAfter"); // reported commits before the kill
    // Varying the count shifts where in its write the writer is hit.
    QTest::newRow("normal 1") << QStringLiteral("normal") << 300;
    QTest::newRow("normal 2") << QStringLiteral("normal") << 457;
    QTest::newRow("normal 3") << QStringLiteral("normal") << 613;
    QTest::newRow("normal 4") << QStringLiteral("normal") << 1009;
    QTest::newRow("normal 5") << QStringLiteral("normal") << 1500;
    QTest::newRow("full") << QStringLiteral("full") << 300;
}

void TestStorageSigkill::killMidWriteLosesNoCommit()
{
    QFETCH(QString, sync);
    QFETCH(int, killAfter);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());

    // Killed mid-write (the writer never pauses), then only complete lines count.
    const testsupport::KilledWriter run
        = testsupport::runUntilKilled(QStringLiteral(WRITER_BIN), { tmp.path(), sync }, killAfter);
    QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
    QList<qint64> targetIds;
    QHash<QString, int> settingValues;
    const QList<QByteArray>& lines = run.lines;
    for (const QByteArray& line : lines) {
        const QList<QByteArray> parts = line.split(' ');
        QVERIFY2(parts.size() == 3, line.constData());
        if (parts[0] == "T")
            targetIds.append(parts[1].toLongLong());
        else if (parts[0] == "S")
            settingValues.insert(QString::fromUtf8(parts[1]), parts[2].toInt());
        else
            QFAIL(line.constData());
    }
    QVERIFY(lines.size() >= killAfter);
    QVERIFY(!targetIds.isEmpty());
    QVERIFY(!settingValues.isEmpty());

    Database db;
    QVERIFY2(db.open(tmp.path()), qPrintable(db.lastError()));
    QCOMPARE(db.integrityCheck(), QStringLiteral("ok"));
    QCOMPARE(db.schemaVersion(), latestSchemaVersion());

    ScrapeTargetRepository targets(db);
    const auto stored = targets.list();
    QVERIFY2(stored, qPrintable(targets.lastError()));
    QSet<qint64> storedIds;
    for (const scrape::ScrapeTarget& target : *stored)
        storedIds.insert(target.id);
    for (qint64 id : std::as_const(targetIds))
        QVERIFY2(storedIds.contains(id), qPrintable(QStringLiteral("committed target %1 lost").arg(id)));
    // At most the one commit that finished but was not yet printed can be extra.
    QVERIFY(stored->size() <= targetIds.size() + 1);

    SettingsRepository settings(db);
    for (auto it = settingValues.cbegin(); it != settingValues.cend(); ++it) {
        const QVariant value = settings.get(it.key());
        QVERIFY2(
            value == QVariant(it.value()), qPrintable(QStringLiteral("committed setting %1 lost").arg(it.key())));
    }
    qInfo("%s: %lld commits reported, %lld targets stored", qPrintable(sync), qlonglong(lines.size()),
        qlonglong(stored->size()));
}

QTEST_GUILESS_MAIN(TestStorageSigkill)
#include "tst_storage_sigkill.moc"
