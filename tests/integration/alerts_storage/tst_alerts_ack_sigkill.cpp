// Integration: an acknowledgement is never lost, even when the process is
// killed right after the click. A separate process (alerts_ack_writer)
// acknowledges alerts one by one through AlertRepository and prints each id
// once acknowledge() returned true; the test SIGKILLs it at random points,
// several times on the same database, and after each kill opens the file with
// the code: it must be clean, every printed id acknowledged, and every
// acknowledgement paired with its timeline row (both or neither).
#include "alerts/AlertRepository.h"
#include "KilledWriter.h"
#include "storage/Database.h"
#include "storage/Migration.h"

#include <QFile>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;
using namespace opsdeck::storage;
using opsdeck::alerts::AlertRepository;

namespace {

constexpr int kAlerts = 12'000;
constexpr qint64 kT0 = 1'790'000'000'000;

} // namespace

class TestAlertsAckSigkill : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void killDuringAcknowledgements_data();
    void killDuringAcknowledgements();
};

void TestAlertsAckSigkill::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(QFile::exists(QStringLiteral(ACK_WRITER_BIN)), ACK_WRITER_BIN);
}

void TestAlertsAckSigkill::killDuringAcknowledgements_data()
{
    QTest::addColumn<QString>("sync");
    QTest::addColumn<int>("rounds");
    QTest::newRow("normal") << QStringLiteral("normal") << 6;
    QTest::newRow("full") << QStringLiteral("full") << 2;
}

void TestAlertsAckSigkill::killDuringAcknowledgements()
{
    QFETCH(QString, sync);
    QFETCH(int, rounds);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());

    {
        Database db;
        QVERIFY2(db.open(tmp.path()), qPrintable(db.lastError()));
        QList<alerts::Alert> seed;
        for (int i = 1; i <= kAlerts; ++i) {
            alerts::Alert a;
            a.id = i;
            a.ruleName = QStringLiteral("Rule%1").arg(i % 7);
            a.labels = metrics::Labels { { "alertname", a.ruleName.toUtf8() }, { "n", QByteArray::number(i) } };
            a.fingerprint = alerts::alertFingerprint(a.labels);
            a.state = alerts::AlertState::Firing;
            a.activeSinceMs = kT0 + i;
            a.firedAtMs = kT0 + i;
            a.value = i;
            seed.append(a);
        }
        AlertRepository repo(db);
        QVERIFY2(repo.saveAlerts(seed), qPrintable(repo.lastError()));
    }

    // Reproducible from the log: the seed is printed.
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("%s: random seed %u", qPrintable(sync), seed);
    QRandomGenerator random(seed);

    QSet<qint64> reported;
    for (int round = 0; round < rounds; ++round) {
        // Round 0 kills right after the first acknowledgement ("right after the click").
        const int killAfter = round == 0 ? 1 : random.bounded(2, 1500);
        // Killed mid-write; lines already in the pipe were acknowledged too, a torn last line is ignored.
        const testsupport::KilledWriter run
            = testsupport::runUntilKilled(QStringLiteral(ACK_WRITER_BIN), { tmp.path(), sync }, killAfter);
        QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
        const QList<QByteArray>& lines = run.lines;
        QVERIFY(lines.size() >= killAfter);
        int reportedThisRound = 0;
        for (const QByteArray& line : lines) {
            QVERIFY2(line.startsWith("A "), line.constData()); // never DONE: far fewer kills than alerts
            const qint64 id = line.mid(2).toLongLong();
            QVERIFY2(!reported.contains(id), qPrintable(QStringLiteral("alert %1 acknowledged twice").arg(id)));
            reported.insert(id);
            ++reportedThisRound;
        }

        Database db;
        QVERIFY2(db.open(tmp.path()), qPrintable(db.lastError()));
        QCOMPARE(db.integrityCheck(), QStringLiteral("ok"));
        QCOMPARE(db.schemaVersion(), latestSchemaVersion());
        AlertRepository repo(db);
        const auto all = repo.alerts({ std::nullopt, 0, 0 });
        QVERIFY2(all, qPrintable(repo.lastError()));
        QCOMPARE(all->size(), kAlerts);
        QSet<qint64> acknowledged;
        for (const alerts::Alert& a : *all) {
            if (a.ack) {
                acknowledged.insert(a.id);
                QVERIFY(a.ack->by.startsWith(QLatin1String("writer-")));
                QCOMPARE(a.ack->note, QStringLiteral("kill test"));
            }
        }
        for (qint64 id : std::as_const(reported))
            QVERIFY2(acknowledged.contains(id),
                qPrintable(QStringLiteral("reported acknowledgement of alert %1 lost "
                                          "(round %2)")
                               .arg(id)
                               .arg(round)));
        // At most the one commit per kill that finished but was not printed yet is extra.
        QVERIFY2(acknowledged.size() <= reported.size() + round + 1,
            qPrintable(
                QStringLiteral("%1 acknowledged, %2 reported").arg(acknowledged.size()).arg(reported.size())));

        // The acknowledgement and its timeline row are one transaction.
        QSqlQuery check(db.connection());
        QVERIFY(check.exec(
            QStringLiteral("SELECT count(*) FROM alerts a WHERE (a.ack_at_ms IS NOT NULL) <>"
                           " ((SELECT count(*) FROM alert_transitions t WHERE t.alert_id = a.id) = 1)")));
        QVERIFY(check.next());
        QCOMPARE(check.value(0).toInt(), 0);
        QVERIFY(check.exec(QStringLiteral("SELECT count(*) FROM alert_transitions")));
        QVERIFY(check.next());
        QCOMPARE(check.value(0).toInt(), int(acknowledged.size()));
        qInfo("%s round %d: killed after %d reported, %lld acknowledged in total", qPrintable(sync), round,
            reportedThisRound, qlonglong(acknowledged.size()));
    }
}

QTEST_GUILESS_MAIN(TestAlertsAckSigkill)
#include "tst_alerts_ack_sigkill.moc"
