#pragma once

#include "storage/StateLocation.h"

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace opsdeck::storage {
class Database;
}

// Test fixture: a real PostgreSQL 15 from Debian (postgresql-15), initialised
// with initdb in a temporary directory and started with pg_ctl on a free
// loopback port, as an unprivileged user when the test runs as root (the
// server refuses root): the owner of the directory is "nobody" then. Trust
// authentication on 127.0.0.1 only; fsync off (test data). Stopped (fast
// shutdown) and removed by the destructor.
//
//     PostgresServer pg;
//     if (!pg.available()) QSKIP(...);
//     QVERIFY2(pg.start(), qPrintable(pg.errorString()));
//     const storage::StateLocation state = pg.createDatabase();
namespace opsdeck::testsupport {

class PostgresServer final
{
public:
    PostgresServer();
    ~PostgresServer();
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    // initdb and pg_ctl are installed (else the test skips, saying so).
    static bool available();
    static QString binDirectory(); // /usr/lib/postgresql/15/bin

    // Before start(): shared_preload_libraries = pg_stat_statements (the
    // profiler's statement statistics; CREATE EXTENSION is still the test's).
    void setPreloadStatStatements(bool on) { m_preloadStatStatements = on; }
    // Before start(): this role must give its password (scram-sha-256) on
    // 127.0.0.1; every other role stays on trust.
    void requirePasswordFor(const QString& role) { m_passwordRoles.append(role); }

    bool start();
    void stop();
    bool isRunning() const { return m_running; }
    QString errorString() const { return m_error; }
    int port() const { return m_port; }

    // A new, empty database on this server (opsdeck_test_N) for the superuser "opsdeck";
    // driver postgresql, host 127.0.0.1. An invalid (sqlite) location with errorString() on failure.
    storage::StateLocation createDatabase();

private:
    bool run(const QStringList& command, int timeoutMs, QString* output = nullptr);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_dataDir;
    int m_port = 0;
    int m_databases = 0;
    bool m_running = false;
    bool m_preloadStatStatements = false;
    QStringList m_passwordRoles;
    QString m_error;
};

// Repository suites run against both drivers: ctest registers them a second
// time with OPSDECK_TEST_STATE=postgresql. True in that run.
bool testStateIsPostgres();
// One server per test process, started on first use and stopped when the
// QCoreApplication goes away; null (with *error) when it cannot start.
PostgresServer* sharedPostgresServer(QString* error);
// The database a repository test opens: SQLite in directory, or (PostgreSQL
// run) a fresh database on the shared server. False with *error.
bool openTestState(storage::Database& db, const QString& directory, QString* error);

} // namespace opsdeck::testsupport
