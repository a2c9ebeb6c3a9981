// The engine as the console and a headless service build it: stored targets
// are scraped, and the built-in collector stands in only while there are none.

#include "Engine.h"
#include "metrics/SeriesStore.h"
#include "storage/Database.h"
#include "storage/ScrapeTargetRepository.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;

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
            storage::ScrapeTargetRepository repo(db);
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

        Engine engine({dir.path()});
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        auto* scrape = engine.scrapeManager();
        QTRY_COMPARE_WITH_TIMEOUT(scrape->targets().size(), 1, 2000);
        QTRY_VERIFY_WITH_TIMEOUT(scrape->targets().constFirst().health == scrape::TargetHealth::Down, 3000);
        const scrape::TargetStatus status = scrape->targets().constFirst();
        QVERIFY(!status.local);
        QCOMPARE(status.target.job, QStringLiteral("plc-gateway"));
        QVERIFY2(status.lastError.contains(QStringLiteral("refused")), qPrintable(status.lastError));

        // The failed scrape is recorded as up == 0 for that target.
        const QList<metrics::SeriesRef> up = engine.store()->select(
            {metrics::LabelMatcher(metrics::LabelMatcher::Type::Equal, "__name__", "up"),
             metrics::LabelMatcher(metrics::LabelMatcher::Type::Equal, "job", "plc-gateway")});
        QCOMPARE(up.size(), 1);
        const auto last = engine.store()->last(up.constFirst());
        QVERIFY(last);
        QCOMPARE(last->value, 0.0);
    }

    void emptyProfileMonitorsThisMachine()
    {
        QTemporaryDir dir;
        Engine engine({dir.path()});
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(!engine.scrapeManager()->targets().isEmpty(), 2000);
        QVERIFY(engine.scrapeManager()->targets().constFirst().local);
        QTRY_VERIFY_WITH_TIMEOUT(
            !engine.store()
                 ->select({metrics::LabelMatcher(metrics::LabelMatcher::Type::Equal, "__name__",
                                                 "node_cpu_seconds_total")})
                 .isEmpty(),
            5000);
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
