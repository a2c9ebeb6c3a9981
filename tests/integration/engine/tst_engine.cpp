// The engine as the console and a headless service build it: stored targets
// are scraped, and the built-in collector stands in only while there are none.

#include "Engine.h"
#include "metrics/SeriesStore.h"
#include "scrape/ScrapeTargetRepository.h"
#include "storage/Database.h"
#include "storage/StateWriter.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;

namespace {

// What Engine's done callback reported.
struct EditResult
{
    bool called = false;
    qint64 id = 0;
    QString error;

    scrape::TargetCatalog::TargetDone callback()
    {
        return [this](qint64 gotId, const QString& gotError) {
            called = true;
            id = gotId;
            error = gotError;
        };
    }
};

scrape::ScrapeTarget deadTarget(int port)
{
    scrape::ScrapeTarget t;
    t.url = QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(port)); // nothing listens on ports 1..3
    t.job = QStringLiteral("plc-gateway");
    t.intervalMs = 250;
    t.timeoutMs = 200;
    return t;
}

QList<scrape::ScrapeTarget> storedTargets(const QString& dir)
{
    storage::Database db;
    if (!db.open(dir))
        return {};
    scrape::ScrapeTargetRepository repo(db);
    return repo.list().value_or(QList<scrape::ScrapeTarget>());
}

bool hasLocal(const scrape::ScrapeManager* manager)
{
    const auto targets = manager->targets();
    return std::any_of(targets.cbegin(), targets.cend(), [](const scrape::TargetStatus& t) { return t.local; });
}

std::optional<scrape::TargetStatus> remoteStatus(const scrape::ScrapeManager* manager, qint64 id)
{
    for (const scrape::TargetStatus& t : manager->targets()) {
        if (!t.local && t.target.id == id)
            return t;
    }
    return std::nullopt;
}

} // namespace

class TestEngine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void storedTargetsReplaceTheLocalSource()
    {
        QTemporaryDir dir;
        {
            storage::Database db;
            QVERIFY2(db.open(dir.path()), qPrintable(db.lastError()));
            scrape::ScrapeTargetRepository repo(db);
            scrape::ScrapeTarget dead;
            dead.url = QUrl(QStringLiteral("http://127.0.0.1:1/metrics")); // nothing listens on port 1
            dead.job = QStringLiteral("plc-gateway");
            dead.intervalMs = 250;
            dead.timeoutMs = 200;
            QVERIFY2(repo.add(dead), qPrintable(repo.lastError()));
            scrape::ScrapeTarget disabled = dead;
            disabled.url = QUrl(QStringLiteral("http://127.0.0.1:2/metrics"));
            disabled.enabled = false;
            QVERIFY2(repo.add(disabled), qPrintable(repo.lastError()));
        }

        Engine engine({ dir.path() });
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        auto* scrape = engine.scrapeManager();
        QTRY_COMPARE_WITH_TIMEOUT(scrape->targets().size(), 1, 2000);
        QTRY_VERIFY_WITH_TIMEOUT(scrape->targets().constFirst().health == scrape::TargetHealth::Down, 3000);
        const scrape::TargetStatus status = scrape->targets().constFirst();
        QVERIFY(!status.local);
        QCOMPARE(status.target.job, QStringLiteral("plc-gateway"));
        QVERIFY2(status.lastError.contains(QStringLiteral("refused")), qPrintable(status.lastError));

        // The failed scrape is recorded as up == 0 for that target.
        const QList<metrics::SeriesRef> up
            = engine.store()->select({ metrics::LabelMatcher(metrics::LabelMatcher::Type::Equal, "__name__", "up"),
                metrics::LabelMatcher(metrics::LabelMatcher::Type::Equal, "job", "plc-gateway") });
        QCOMPARE(up.size(), 1);
        const auto last = engine.store()->last(up.constFirst());
        QVERIFY(last);
        QCOMPARE(last->value, 0.0);
    }

    void emptyProfileMonitorsThisMachine()
    {
        QTemporaryDir dir;
        Engine engine({ dir.path() });
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(!engine.scrapeManager()->targets().isEmpty(), 2000);
        QVERIFY(engine.scrapeManager()->targets().constFirst().local);
        QTRY_VERIFY_WITH_TIMEOUT(!engine.store()
                                      ->select({ metrics::LabelMatcher(metrics::LabelMatcher::Type::Equal,
                                          "__name__", "node_cpu_seconds_total") })
                                      .isEmpty(),
            5000);
    }

    void targetManagementIsStoredAndApplied()
    {
        QTemporaryDir dir;
        qint64 id = 0;
        {
            Engine engine({ dir.path() });
            QVERIFY2(engine.start(), qPrintable(engine.errorString()));
            auto* scrape = engine.scrapeManager();
            QTRY_VERIFY_WITH_TIMEOUT(hasLocal(scrape), 2000);
            QSignalSpy edited(engine.targetCatalog(), &scrape::TargetCatalog::targetsEdited);

            // Add: stored, applied, and the built-in collector steps aside.
            EditResult add;
            scrape::ScrapeTarget target = deadTarget(1);
            target.extraLabels = { { "line", "3" } };
            engine.targetCatalog()->addTarget(target, this, add.callback());
            QVERIFY(!add.called); // stored on the writer thread, reported later
            QTRY_VERIFY_WITH_TIMEOUT(add.called, 5000);
            QVERIFY2(add.error.isEmpty(), qPrintable(add.error));
            QVERIFY(add.id > 0);
            id = add.id;
            QCOMPARE(edited.count(), 1);
            QVERIFY(remoteStatus(scrape, id));
            QVERIFY(engine.targetCatalog()->scrapeKey(id) != 0);
            QCOMPARE(engine.targetCatalog()->targets().size(), 1);
            QTRY_VERIFY_WITH_TIMEOUT(!hasLocal(scrape), 2000);
            QCOMPARE(storedTargets(dir.path()).size(), 1);
            QCOMPARE(storedTargets(dir.path()).constFirst().extraLabels.value("line"), QByteArray("3"));

            // Bad input and duplicates are refused with a reason; nothing is written.
            EditResult bad;
            scrape::ScrapeTarget tooFast = deadTarget(2);
            tooFast.intervalMs = 100;
            engine.targetCatalog()->addTarget(tooFast, this, bad.callback());
            QTRY_VERIFY(bad.called);
            QCOMPARE(bad.id, 0);
            QVERIFY2(
                bad.error.contains(QStringLiteral("interval must be at least 250 ms")), qPrintable(bad.error));
            EditResult dup;
            engine.targetCatalog()->addTarget(deadTarget(1), this, dup.callback());
            QTRY_VERIFY(dup.called);
            QCOMPARE(dup.id, 0);
            QVERIFY2(dup.error.contains(QStringLiteral("already configured")), qPrintable(dup.error));
            EditResult ftp;
            scrape::ScrapeTarget wrongScheme = deadTarget(2);
            wrongScheme.url = QUrl(QStringLiteral("ftp://127.0.0.1/metrics"));
            engine.targetCatalog()->addTarget(wrongScheme, this, ftp.callback());
            QTRY_VERIFY(ftp.called);
            QVERIFY2(ftp.error.contains(QStringLiteral("http://")), qPrintable(ftp.error));
            EditResult missing;
            scrape::ScrapeTarget ghost = deadTarget(3);
            ghost.id = 999;
            engine.targetCatalog()->updateTarget(ghost, this, missing.callback());
            QTRY_VERIFY(missing.called);
            QVERIFY2(missing.error.contains(QStringLiteral("999")), qPrintable(missing.error));
            engine.stateWriter()->waitForIdle();
            QCOMPARE(storedTargets(dir.path()).size(), 1);
            QCOMPARE(edited.count(), 1);

            // Update: stored and applied to the running scrape.
            scrape::ScrapeTarget changed = *engine.targetCatalog()->target(id);
            changed.intervalMs = 500;
            changed.job = QStringLiteral("mes-node");
            EditResult update;
            engine.targetCatalog()->updateTarget(changed, this, update.callback());
            QTRY_VERIFY_WITH_TIMEOUT(update.called, 5000);
            QVERIFY2(update.error.isEmpty(), qPrintable(update.error));
            QCOMPARE(update.id, id);
            QCOMPARE(remoteStatus(scrape, id)->target.intervalMs, 500);
            QCOMPARE(remoteStatus(scrape, id)->target.job, QStringLiteral("mes-node"));
            QCOMPARE(storedTargets(dir.path()).constFirst().intervalMs, 500);

            // A second target, then the engine goes away.
            EditResult second;
            engine.targetCatalog()->addTarget(deadTarget(2), this, second.callback());
            QTRY_VERIFY_WITH_TIMEOUT(second.called, 5000);
            QVERIFY2(second.id > id, qPrintable(second.error));
        }

        // Restart on the same data: both targets come back and are scraped.
        Engine engine({ dir.path() });
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        auto* scrape = engine.scrapeManager();
        QCOMPARE(engine.targetCatalog()->targets().size(), 2);
        QCOMPARE(engine.targetCatalog()->target(id)->job, QStringLiteral("mes-node"));
        QVERIFY(engine.targetCatalog()->scrapeKey(id) != 0);
        QTRY_COMPARE_WITH_TIMEOUT(scrape->targets().size(), 2, 2000);
        QVERIFY(!hasLocal(scrape));
        QTRY_VERIFY_WITH_TIMEOUT(remoteStatus(scrape, id)->health == scrape::TargetHealth::Down, 3000);

        // Disabling keeps the row stored but stops scraping it.
        scrape::ScrapeTarget disabled = *engine.targetCatalog()->target(id);
        disabled.enabled = false;
        EditResult disable;
        engine.targetCatalog()->updateTarget(disabled, this, disable.callback());
        QTRY_VERIFY_WITH_TIMEOUT(disable.called, 5000);
        QVERIFY2(disable.error.isEmpty(), qPrintable(disable.error));
        QCOMPARE(engine.targetCatalog()->scrapeKey(id), scrape::TargetKey(0));
        QTRY_VERIFY_WITH_TIMEOUT(!remoteStatus(scrape, id), 2000);
        QCOMPARE(storedTargets(dir.path()).size(), 2);

        // Removing every target brings this machine's collector back.
        for (const scrape::ScrapeTarget& t : engine.targetCatalog()->targets()) {
            EditResult remove;
            engine.targetCatalog()->removeTarget(t.id, this, remove.callback());
            QTRY_VERIFY_WITH_TIMEOUT(remove.called, 5000);
            QVERIFY2(remove.error.isEmpty(), qPrintable(remove.error));
        }
        QVERIFY(engine.targetCatalog()->targets().isEmpty());
        QCOMPARE(storedTargets(dir.path()).size(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(hasLocal(scrape), 2000);
        QTRY_COMPARE_WITH_TIMEOUT(scrape->targets().size(), 1, 2000);

        EditResult again;
        engine.targetCatalog()->removeTarget(id, this, again.callback());
        QTRY_VERIFY(again.called);
        QVERIFY2(again.error.contains(QString::number(id)), qPrintable(again.error));
    }

    void doneIsDroppedWhenContextIsGone()
    {
        QTemporaryDir dir;
        Engine engine({ dir.path() });
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        bool called = false;
        {
            QObject context;
            engine.targetCatalog()->addTarget(
                deadTarget(1), &context, [&called](qint64, const QString&) { called = true; });
        }
        QSignalSpy edited(engine.targetCatalog(), &scrape::TargetCatalog::targetsEdited);
        QVERIFY(edited.wait(5000)); // still stored and applied
        QVERIFY(!called);
        QCOMPARE(engine.targetCatalog()->targets().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
