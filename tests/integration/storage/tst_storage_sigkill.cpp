// Integration: no committed row is lost when the writing process is killed.
// A separate writer process (storage_kill_writer) commits rows through the real
// repositories and reports each after COMMIT returns; the test SIGKILLs it in
// the middle of writing, then opens the database with the code and checks it
// is clean and holds every reported row. In WAL mode a commit is in the WAL
// file (OS page cache) when COMMIT returns, so this holds with synchronous=NORMAL;
// only a power cut could lose the latest commits (Sync::Full covers that).
#include "storage/Database.h"
#include "storage/Migration.h"
#include "scrape/ScrapeTargetRepository.h"
#include "storage/SettingsRepository.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/types.h>

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

    QProcess writer;
    writer.setProcessChannelMode(QProcess::SeparateChannels);
    writer.start(QStringLiteral(WRITER_BIN), { tmp.path(), sync });
    QVERIFY2(writer.waitForStarted(10'000), qPrintable(writer.errorString()));

    QByteArray output;
    auto completeLines = [&output] { return output.count('\n'); };
    QElapsedTimer timer;
    timer.start();
    while (completeLines() < killAfter) {
        if (writer.state() != QProcess::Running || timer.elapsed() > 60'000)
            QFAIL(qPrintable(QStringLiteral("writer stopped or stalled after %1 commits: %2")
                                 .arg(completeLines())
                                 .arg(QString::fromLocal8Bit(writer.readAllStandardError()))));
        writer.waitForReadyRead(1000);
        output += writer.readAllStandardOutput();
    }
    // Mid-write: the writer never pauses, so it is inside some transaction (or
    // its commit) almost all of the time.
    QCOMPARE(::kill(pid_t(writer.processId()), SIGKILL), 0);
    QVERIFY(writer.waitForFinished(10'000));
    QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
    output += writer.readAllStandardOutput(); // lines already in the pipe were committed too

    // Only complete lines count; a torn last line is ignored.
    QList<qint64> targetIds;
    QHash<QString, int> settingValues;
    const QList<QByteArray> lines = output.left(output.lastIndexOf('\n')).split('\n');
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
