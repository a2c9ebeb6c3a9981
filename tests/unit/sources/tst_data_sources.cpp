// Unit: DataSourceRegistry (lookup by name, the local source, a missing name
// as an error source, replacement keeping unchanged sources), validation in
// the operator's words, DataSourceRepository on a real state database (save,
// rename, remove, survives reopening) and DataSourceCatalog (file sources
// shadow stored ones and cannot be edited; an edit reaches the registry only
// once it is stored).
#include "metrics/SeriesStore.h"
#include "PostgresServer.h"
#include "query/DataSourceRegistry.h"
#include "query/LocalQuerySource.h"
#include "sources/DataSourceCatalog.h"
#include "sources/DataSourceRepository.h"
#include "storage/Database.h"
#include "storage/StateWriter.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;
using query::DataSourceRegistry;
using query::RemoteSourceConfig;

namespace {

RemoteSourceConfig remote(const QString& name, const QString& url = QStringLiteral("http://127.0.0.1:9"))
{
    RemoteSourceConfig c;
    c.name = name;
    c.url = QUrl(url);
    return c;
}

} // namespace

class TestDataSources : public QObject
{
    Q_OBJECT

private:
    // The state database of the running test: opsdeck.sqlite in dir, or (the
    // PostgreSQL run, OPSDECK_TEST_STATE=postgresql) this test's own database.
    storage::StateLocation m_pg;
    bool openState(storage::Database& db, const QString& dir)
    {
        return m_pg.isPostgres() ? db.openLocation(m_pg) : db.open(dir);
    }

private slots:
    void init()
    {
        m_pg = {};
        if (!testsupport::testStateIsPostgres())
            return;
        if (!testsupport::PostgresServer::available())
            QSKIP("PostgreSQL 15 is not installed (/usr/lib/postgresql/15/bin; Debian package postgresql-15)");
        QString error;
        testsupport::PostgresServer* server = testsupport::sharedPostgresServer(&error);
        QVERIFY2(server, qPrintable(error));
        m_pg = server->createDatabase();
        QVERIFY2(m_pg.isPostgres(), qPrintable(server->errorString()));
    }

    void registryLooksUpByName()
    {
        metrics::SeriesStore store;
        const query::LocalQuerySource local(&store);
        DataSourceRegistry registry(&local);
        QCOMPARE(registry.source({}).get(), &local);
        QCOMPARE(registry.source(QStringLiteral("local")).get(), &local);
        QVERIFY(!registry.source(QStringLiteral("mes-prom")));

        registry.setRemoteSources({ remote(QStringLiteral("mes-prom")), remote(QStringLiteral("vm")) });
        QCOMPARE(registry.names(), (QStringList { QStringLiteral("mes-prom"), QStringLiteral("vm") }));
        const auto prom = registry.source(QStringLiteral("mes-prom"));
        QVERIFY(prom);
        QCOMPARE(prom->name(), QStringLiteral("mes-prom"));
        QVERIFY(registry.remoteConfig(QStringLiteral("vm")));
        QVERIFY(!registry.remoteConfig({}));

        // An unchanged source keeps its object; a changed one is new; a
        // removed one lives on for whoever still holds it.
        const auto vm = registry.source(QStringLiteral("vm"));
        registry.setRemoteSources({ remote(QStringLiteral("mes-prom")),
            remote(QStringLiteral("vm"), QStringLiteral("http://127.0.0.1:10")) });
        QCOMPARE(registry.source(QStringLiteral("mes-prom")).get(), prom.get());
        QVERIFY(registry.source(QStringLiteral("vm")).get() != vm.get());
        registry.setRemoteSources({});
        QVERIFY(!registry.source(QStringLiteral("mes-prom")));
        QCOMPARE(prom->name(), QStringLiteral("mes-prom"));
    }

    void missingNameIsAnError()
    {
        DataSourceRegistry registry(nullptr);
        const auto missing = registry.resolve(QStringLiteral("gone"));
        QVERIFY(missing);
        const query::QueryResult r = missing->instant(QStringLiteral("up"), 0);
        QVERIFY(!r.ok);
        QCOMPARE(r.errorType, QStringLiteral("unavailable"));
        QCOMPARE(r.error, QStringLiteral("data source gone is not configured"));
        QVERIFY(!missing->series({ QStringLiteral("up") }, 0, 1).ok);
        QVERIFY(!missing->labelValues(QStringLiteral("job"), {}, 0, 1).ok);
    }

    void validate_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("part"); // empty: valid
        QTest::newRow("ok") << "mes-prom"
                            << "https://prom:9090/prometheus"
                            << "";
        QTest::newRow("empty name") << ""
                                    << "http://h:1"
                                    << "needs a name";
        QTest::newRow("local") << "local"
                               << "http://h:1"
                               << "own data";
        QTest::newRow("spaces") << " p"
                                << "http://h:1"
                                << "space";
        QTest::newRow("scheme") << "p"
                                << "ftp://h:1"
                                << "http://";
        QTest::newRow("no host") << "p"
                                 << "http://"
                                 << "with a host";
    }
    void validate()
    {
        QFETCH(QString, name);
        QFETCH(QString, url);
        QFETCH(QString, part);
        const QString problem = DataSourceRegistry::validate(remote(name, url));
        if (part.isEmpty())
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        else
            QVERIFY2(problem.contains(part), qPrintable(problem));
    }

    void repositoryStoresAndRenames()
    {
        QTemporaryDir dir;
        {
            storage::Database db;
            QVERIFY2(openState(db, dir.path()), qPrintable(db.lastError()));
            sources::DataSourceRepository repo(db);
            RemoteSourceConfig c = remote(QStringLiteral("mes-prom"), QStringLiteral("https://prom:9090"));
            c.bearerToken = QStringLiteral("t0ken");
            c.caFile = QStringLiteral("/etc/ca.pem");
            c.timeoutMs = 2500;
            c.post = false;
            QVERIFY2(repo.save(c), qPrintable(repo.lastError()));
            QVERIFY2(repo.save(remote(QStringLiteral("vm"))), qPrintable(repo.lastError()));
            // A rename onto a taken name is refused and changes nothing.
            QVERIFY(!repo.save(remote(QStringLiteral("vm")), QStringLiteral("mes-prom")));
            QVERIFY(repo.lastError().contains(QStringLiteral("exists")));
            // An invalid source is never stored.
            QVERIFY(!repo.save(remote(QStringLiteral("bad"), QStringLiteral("ftp://x"))));
            RemoteSourceConfig renamed = c;
            renamed.name = QStringLiteral("plant-prom");
            QVERIFY2(repo.save(renamed, QStringLiteral("mes-prom")), qPrintable(repo.lastError()));
            QVERIFY(!repo.remove(QStringLiteral("mes-prom")));
        }
        storage::Database db;
        QVERIFY(openState(db, dir.path()));
        sources::DataSourceRepository repo(db);
        const auto list = repo.list();
        QVERIFY2(list, qPrintable(repo.lastError()));
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(0).name, QStringLiteral("plant-prom"));
        QCOMPARE(list->at(0).bearerToken, QStringLiteral("t0ken"));
        QCOMPARE(list->at(0).caFile, QStringLiteral("/etc/ca.pem"));
        QCOMPARE(list->at(0).timeoutMs, 2500);
        QVERIFY(!list->at(0).post);
        QCOMPARE(list->at(0).url, QUrl(QStringLiteral("https://prom:9090")));
        QCOMPARE(list->at(1).name, QStringLiteral("vm"));
        QVERIFY(repo.remove(QStringLiteral("vm")));
        QCOMPARE(repo.list()->size(), 1);
    }

    void catalogStoresThenApplies()
    {
        QTemporaryDir dir;
        storage::Database db;
        QVERIFY(openState(db, dir.path()));
        storage::StateWriter writer(db);
        QVERIFY(writer.isOpen());
        DataSourceRegistry registry(nullptr);
        sources::DataSourceCatalog catalog(&registry, &writer);
        catalog.setInitial({ remote(QStringLiteral("file-prom")) },
            { remote(QStringLiteral("file-prom"), QStringLiteral("http://shadowed:1")),
                remote(QStringLiteral("stored")) });
        QCOMPARE(catalog.sources().size(), 2);
        QVERIFY(catalog.sources().at(0).fromFile);
        QCOMPARE(
            registry.remoteConfig(QStringLiteral("file-prom"))->url, QUrl(QStringLiteral("http://127.0.0.1:9")));

        // The file's source is not the console's to change.
        QVERIFY(catalog.check(remote(QStringLiteral("file-prom"))).contains(QStringLiteral("config file")));
        QString error = QStringLiteral("pending");
        catalog.remove(QStringLiteral("file-prom"), this, [&](QString e) { error = e; });
        QTRY_VERIFY(error != QStringLiteral("pending"));
        QVERIFY(error.contains(QStringLiteral("config file")));

        QSignalSpy edited(&catalog, &sources::DataSourceCatalog::sourcesEdited);
        error = QStringLiteral("pending");
        catalog.save(remote(QStringLiteral("vm"), QStringLiteral("http://vm:8428")), {}, this,
            [&](QString e) { error = e; });
        QVERIFY(!registry.source(QStringLiteral("vm"))); // not before it is stored
        QTRY_VERIFY(error != QStringLiteral("pending"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(edited.size(), 1);
        QVERIFY(registry.source(QStringLiteral("vm")));
        QVERIFY(catalog.check(remote(QStringLiteral("vm"))).contains(QStringLiteral("already exists")));

        error = QStringLiteral("pending");
        catalog.remove(QStringLiteral("vm"), this, [&](QString e) { error = e; });
        QTRY_VERIFY(error != QStringLiteral("pending"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(!registry.source(QStringLiteral("vm")));
        writer.waitForIdle();
        sources::DataSourceRepository repo(db);
        QCOMPARE(repo.list()->size(), 0); // "stored" was never written: only setInitial saw it
    }
};

QTEST_GUILESS_MAIN(TestDataSources)
#include "tst_data_sources.moc"
