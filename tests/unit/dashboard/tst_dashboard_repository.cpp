// Unit tests of engine/dashboard/DashboardRepository over a temporary database:
// the default dashboard, panel edits that survive a reopen, refused input.
#include "dashboard/DashboardRepository.h"
#include "dashboard/PanelDefinition.h"
#include "PostgresServer.h"
#include "storage/Database.h"
#include "storage/Migration.h"

#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace opsdeck;
using namespace opsdeck::dashboard;
using namespace opsdeck::storage;

namespace {

QList<qint64> idsOf(const QList<PanelDefinition>& panels)
{
    QList<qint64> ids;
    for (const PanelDefinition& p : panels)
        ids.append(p.id);
    return ids;
}

void verifyDensePositions(const DashboardDefinition& d)
{
    for (int i = 0; i < d.panels.size(); ++i)
        QCOMPARE(d.panels.at(i).position, i);
}

PanelDefinition panel(qint64 dashboardId, const QString& title, const QString& query, int position = -1)
{
    PanelDefinition p;
    p.dashboardId = dashboardId;
    p.title = title;
    p.query = query;
    p.unit = QStringLiteral("count");
    p.legend = QStringLiteral("{{instance}}");
    p.position = position;
    return p;
}

} // namespace

class TestDashboardRepository : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;

    storage::StateLocation m_location; // PostgreSQL run: this test's database

    void reopen()
    {
        m_db.reset();
        m_db = std::make_unique<Database>();
        QString error;
        if (m_location.isPostgres())
            QVERIFY2(m_db->openLocation(m_location), qPrintable(m_db->lastError()));
        else
            QVERIFY2(testsupport::openTestState(*m_db, m_dir.path(), &error), qPrintable(error));
        m_location = m_db->location();
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        QVERIFY(m_dir.isValid());
        if (testsupport::testStateIsPostgres() && !testsupport::PostgresServer::available())
            QSKIP("PostgreSQL 15 is not installed (/usr/lib/postgresql/15/bin; Debian package postgresql-15)");
        QFile::remove(m_dir.filePath(QString::fromLatin1(Database::kFileName)));
        m_location = {};
        reopen();
    }

    void cleanup() { m_db.reset(); }

    void migrationCreatesTables()
    {
        QVERIFY(latestSchemaVersion() >= 3);
        QCOMPARE(m_db->schemaVersion(), latestSchemaVersion());
        QSqlQuery q(m_db->connection());
        QVERIFY(q.exec(m_db->isPostgres()
                ? QStringLiteral("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                                 " AND table_name LIKE 'dashboard%' ORDER BY table_name")
                : QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'dashboard%'"
                                 " ORDER BY name")));
        QStringList tables;
        while (q.next())
            tables.append(q.value(0).toString());
        QCOMPARE(tables,
            QStringList({ QStringLiteral("dashboard_panels"), QStringLiteral("dashboard_views"),
                QStringLiteral("dashboards") }));
    }

    void defaultIsCreatedOnce()
    {
        DashboardRepository repo(*m_db);
        QCOMPARE(repo.list()->size(), 0);
        const auto first = repo.loadOrCreateDefault();
        QVERIFY2(first, qPrintable(repo.lastError()));
        QVERIFY(first->id > 0);
        QCOMPARE(first->name, QStringLiteral("Hosts"));
        QCOMPARE(first->panels.size(), defaultHostPanels().size());
        verifyDensePositions(*first);
        for (int i = 0; i < first->panels.size(); ++i) {
            const PanelDefinition& p = first->panels.at(i);
            QVERIFY(p.id > 0);
            QCOMPARE(p.dashboardId, first->id);
            QCOMPARE(p.title, defaultHostPanels().at(i).title);
            QCOMPARE(p.query, defaultHostPanels().at(i).query);
            QCOMPARE(p.unit, defaultHostPanels().at(i).unit);
            QCOMPARE(p.legend, defaultHostPanels().at(i).legend);
        }

        const auto second = repo.loadOrCreateDefault();
        QVERIFY(second);
        QCOMPARE(second->id, first->id);
        QCOMPARE(idsOf(second->panels), idsOf(first->panels));

        reopen();
        DashboardRepository again(*m_db);
        const auto third = again.loadOrCreateDefault();
        QVERIFY(third);
        QCOMPARE(third->id, first->id);
        QCOMPARE(idsOf(third->panels), idsOf(first->panels));
        QCOMPARE(again.list()->size(), 1);
    }

    void editsPersistAcrossReopen()
    {
        qint64 dashboardId = 0;
        QList<qint64> order;
        qint64 added = 0;
        qint64 inserted = 0;
        {
            DashboardRepository repo(*m_db);
            const auto d = repo.loadOrCreateDefault();
            QVERIFY(d);
            dashboardId = d->id;
            order = idsOf(d->panels);

            // Appended at the end.
            const auto id
                = repo.addPanel(panel(dashboardId, QStringLiteral("Targets up"), QStringLiteral("sum(up)")));
            QVERIFY2(id, qPrintable(repo.lastError()));
            added = *id;
            order.append(added);
            // Inserted at position 1: the others move down.
            const auto id2 = repo.addPanel(
                panel(dashboardId, QStringLiteral("Scrape time"), QStringLiteral("scrape_duration_seconds"), 1));
            QVERIFY2(id2, qPrintable(repo.lastError()));
            inserted = *id2;
            order.insert(1, inserted);

            PanelDefinition changed = panel(dashboardId, QStringLiteral("Targets down"),
                QStringLiteral("count(up{instance=~\"$host\"} == 0)"));
            changed.id = added;
            changed.unit = QString();
            changed.legend = QString();
            QVERIFY2(repo.updatePanel(changed), qPrintable(repo.lastError()));

            QVERIFY2(repo.removePanel(order.at(0)), qPrintable(repo.lastError()));
            order.removeFirst();

            std::reverse(order.begin(), order.end());
            QVERIFY2(repo.reorder(dashboardId, order), qPrintable(repo.lastError()));
        }
        reopen();
        DashboardRepository repo(*m_db);
        const auto all = repo.list();
        QVERIFY2(all, qPrintable(repo.lastError()));
        QCOMPARE(all->size(), 1);
        const DashboardDefinition& d = all->constFirst();
        QCOMPARE(d.id, dashboardId);
        QCOMPARE(idsOf(d.panels), order);
        verifyDensePositions(d);
        const PanelDefinition& first = d.panels.constFirst();
        QCOMPARE(first.id, added);
        QCOMPARE(first.title, QStringLiteral("Targets down"));
        QCOMPARE(first.query, QStringLiteral("count(up{instance=~\"$host\"} == 0)"));
        QCOMPARE(first.unit, QString());
        QCOMPARE(first.legend, QString());
        QCOMPARE(d.panels.size(), defaultHostPanels().size() + 1);
        // The inserted one sits where the reversal put it.
        QCOMPARE(d.panels.at(order.indexOf(inserted)).title, QStringLiteral("Scrape time"));
    }

    void badInputIsRefused_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("unit");
        QTest::addColumn<QString>("errorPart");
        QTest::newRow("empty title") << QString() << QStringLiteral("up") << QString() << QStringLiteral("title");
        QTest::newRow("blank title") << QStringLiteral("   ") << QStringLiteral("up") << QString()
                                     << QStringLiteral("title");
        QTest::newRow("empty query") << QStringLiteral("T") << QString() << QString() << QStringLiteral("query");
        QTest::newRow("query does not parse")
            << QStringLiteral("T") << QStringLiteral("sum(rate(up[1m])") << QString() << QStringLiteral("parse");
        QTest::newRow("unknown unit") << QStringLiteral("T") << QStringLiteral("up") << QStringLiteral("furlongs")
                                      << QStringLiteral("furlongs");
    }

    void badInputIsRefused()
    {
        QFETCH(QString, title);
        QFETCH(QString, query);
        QFETCH(QString, unit);
        QFETCH(QString, errorPart);
        DashboardRepository repo(*m_db);
        const auto d = repo.loadOrCreateDefault();
        QVERIFY(d);
        PanelDefinition p = panel(d->id, title, query);
        p.unit = unit;
        QVERIFY(!repo.addPanel(p));
        QVERIFY2(repo.lastError().contains(errorPart), qPrintable(repo.lastError()));

        PanelDefinition existing = d->panels.constFirst();
        existing.title = title;
        existing.query = query;
        existing.unit = unit;
        QVERIFY(!repo.updatePanel(existing));
        QVERIFY2(repo.lastError().contains(errorPart), qPrintable(repo.lastError()));

        // Nothing changed.
        const auto after = repo.loadOrCreateDefault();
        QCOMPARE(idsOf(after->panels), idsOf(d->panels));
        QCOMPARE(after->panels.constFirst().title, d->panels.constFirst().title);
        QCOMPARE(after->panels.constFirst().query, d->panels.constFirst().query);
    }

    void badIdsAreRefused()
    {
        DashboardRepository repo(*m_db);
        const auto d = repo.loadOrCreateDefault();
        QVERIFY(d);
        const QList<qint64> ids = idsOf(d->panels);

        QVERIFY(!repo.addPanel(panel(d->id + 100, QStringLiteral("T"), QStringLiteral("up"))));
        QVERIFY2(repo.lastError().contains(QStringLiteral("no dashboard")), qPrintable(repo.lastError()));

        PanelDefinition unsaved = panel(d->id, QStringLiteral("T"), QStringLiteral("up"));
        QVERIFY(!repo.updatePanel(unsaved));
        QVERIFY(!repo.lastError().isEmpty());
        unsaved.id = 999'999;
        QVERIFY(!repo.updatePanel(unsaved));
        QVERIFY2(repo.lastError().contains(QStringLiteral("no panel")), qPrintable(repo.lastError()));

        QVERIFY(!repo.removePanel(999'999));
        QVERIFY2(repo.lastError().contains(QStringLiteral("no panel")), qPrintable(repo.lastError()));

        // A reorder must name each panel exactly once.
        QVERIFY(!repo.reorder(d->id, ids.mid(1)));
        QVERIFY(!repo.lastError().isEmpty());
        QList<qint64> duplicated = ids;
        duplicated[1] = duplicated[0];
        QVERIFY(!repo.reorder(d->id, duplicated));
        QList<qint64> foreign = ids;
        foreign[0] = 999'999;
        QVERIFY(!repo.reorder(d->id, foreign));

        const auto after = repo.list();
        QVERIFY(after);
        QCOMPARE(idsOf(after->constFirst().panels), ids);
        verifyDensePositions(after->constFirst());

        // And a valid call clears the error.
        QVERIFY(repo.reorder(d->id, ids));
        QVERIFY(repo.lastError().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDashboardRepository)
#include "tst_dashboard_repository.moc"
