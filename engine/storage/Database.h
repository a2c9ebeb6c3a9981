#pragma once

#include "storage/Migration.h"
#include "storage/StateLocation.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <memory>

class QSqlError;
class QThread;

// One connection to OpsDeck's state database, migrated forward to the schema
// this build knows on open: SQLite (Qt driver QSQLITE, the default),
// configured for WAL, NORMAL (or FULL) sync, foreign keys and a busy timeout;
// or PostgreSQL (QPSQL), shared by several consoles and headless engines.
// Both run the same migrations (PostgreSQL gets their types translated, see
// postgresStatement()) and the repositories' SQL is written for both. On
// PostgreSQL the schema version lives in the table opsdeck_schema, and a
// write transaction takes one transaction-scoped advisory lock, so writers
// are serialised across engines as BEGIN IMMEDIATE serialises them in SQLite.
//
// Qt SQL connections belong to the thread that opened them: a Database is
// opened, used and destroyed on one thread. A worker thread opens its own
// Database on the same file (openForThread or openFile(other.filePath())).
// Connection names are unique per object, so any number may coexist.
//
// It must never silently lose or overwrite data: a database newer than this
// build, a failed migration, or a file that is not a database is refused with
// an error that names the file, and nothing is changed.
namespace opsdeck::storage {

class Database final
{
public:
    enum class Sync {
        Normal, // WAL + NORMAL: committed rows survive a process kill; a power cut may drop the last commits
        Full, // fsync on every commit: also survives a power cut, slower
    };

    struct Options
    {
        Sync sync = Sync::Normal;
        int busyTimeoutMs = 5000;
        QList<Migration> migrations = schemaMigrations(); // replaced only by tests
    };

    static constexpr const char* kFileName = "opsdeck.sqlite";

    // QStandardPaths::AppDataLocation, created if missing; empty when it cannot be created.
    static QString defaultDirectory();

    Database();
    explicit Database(Options options);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Opens (creating if needed) <directory>/opsdeck.sqlite; creates the directory.
    bool open(const QString& directory);
    bool openFile(const QString& filePath);
    // An SQLite file or a PostgreSQL database.
    bool openLocation(const StateLocation& location);
    // Call on the worker thread: a new connection to the same file with the same options.
    // Null on failure, with the reason in *error when given.
    static std::unique_ptr<Database> openForThread(const Database& other, QString* error = nullptr);
    void close();

    // Connects to location without changing anything (no migration) and says
    // what is there: "PostgreSQL 15.5, OpsDeck schema version 7" or why it
    // failed, naming the server. Blocks up to the connect timeout (5 s): call
    // it off the GUI thread. The Settings page's Test.
    struct Check
    {
        bool ok = false;
        QString text;
    };
    static Check checkLocation(const StateLocation& location);

    bool isOpen() const { return m_open; }
    // The SQLite file, or postgresql://user@host:port/database (for messages).
    QString filePath() const { return m_filePath; }
    const StateLocation& location() const { return m_location; }
    bool isPostgres() const { return m_location.isPostgres(); }
    QString connectionName() const { return m_connectionName; }
    // Why the last open or call failed, naming the file and the SQLite error.
    QString lastError() const { return m_lastError; }

    // The connection, valid only on the opening thread (invalid elsewhere, with lastError set).
    QSqlDatabase connection() const;

    int schemaVersion() const; // PRAGMA user_version (PostgreSQL: opsdeck_schema), -1 on error
    QString journalMode() const; // "wal" when open (PostgreSQL: "postgresql")
    // PRAGMA integrity_check: "ok", or SQLite's findings / the error. PostgreSQL
    // keeps its own consistency: "ok" when the server answers and the schema
    // table reads, else the error.
    QString integrityCheck() const;

    // Write transactions for repositories. BEGIN IMMEDIATE takes the write lock
    // up front (waiting up to the busy timeout), so a read-then-write sequence
    // cannot fail with SQLITE_BUSY half way. PostgreSQL: BEGIN and
    // pg_advisory_xact_lock(kWriteLockKey) (waiting up to lock_timeout = the busy timeout).
    bool beginWrite() const;
    bool commit() const;
    void rollback() const;

    // Runs one statement without results; false with lastError set on failure.
    bool exec(const QString& sql) const;

    // Advisory lock keys (PostgreSQL): every write transaction, and the
    // notification leader's session lock (alerts/LeaderElection).
    static constexpr qint64 kWriteLockKey = 0x4f70734465636b01; // "OpsDeck" 01
    static constexpr qint64 kLeaderLockKey = 0x4f70734465636b02;

private:
    bool openSqlite(const QString& filePath);
    bool openPostgres(const StateLocation& location);
    // After the driver opened: settings for the driver, migrations, the log line.
    bool finishOpen();
    bool configure();
    bool configurePostgres();
    bool migrate();
    bool fail(const QString& what) const;
    bool onOwnerThread() const;

    Options m_options;
    StateLocation m_location;
    QString m_filePath;
    QString m_connectionName;
    QThread* m_thread = nullptr;
    bool m_open = false;
    mutable QString m_lastError;
};

// "the database's message (SQLite code N / SQLSTATE X)" for logs and lastError() texts.
QString describeSqlError(const QSqlError& error);

} // namespace opsdeck::storage
