#pragma once

#include "storage/Migration.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <memory>

class QSqlError;
class QThread;

// One SQLite connection (Qt driver QSQLITE) to OpsDeck's state database,
// configured for WAL, NORMAL (or FULL) sync, foreign keys and a busy timeout,
// and migrated forward to the schema this build knows on open.
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
    // Call on the worker thread: a new connection to the same file with the same options.
    // Null on failure, with the reason in *error when given.
    static std::unique_ptr<Database> openForThread(const Database& other, QString* error = nullptr);
    void close();

    bool isOpen() const { return m_open; }
    QString filePath() const { return m_filePath; }
    QString connectionName() const { return m_connectionName; }
    // Why the last open or call failed, naming the file and the SQLite error.
    QString lastError() const { return m_lastError; }

    // The connection, valid only on the opening thread (invalid elsewhere, with lastError set).
    QSqlDatabase connection() const;

    int schemaVersion() const; // PRAGMA user_version, -1 on error
    QString journalMode() const; // "wal" when open
    // PRAGMA integrity_check: "ok", or SQLite's findings / the error.
    QString integrityCheck() const;

    // Write transactions for repositories. BEGIN IMMEDIATE takes the write lock
    // up front (waiting up to the busy timeout), so a read-then-write sequence
    // cannot fail with SQLITE_BUSY half way.
    bool beginWrite() const;
    bool commit() const;
    void rollback() const;

    // Runs one statement without results; false with lastError set on failure.
    bool exec(const QString& sql) const;

private:
    bool configure();
    bool migrate();
    bool fail(const QString& what) const;
    bool onOwnerThread() const;

    Options m_options;
    QString m_filePath;
    QString m_connectionName;
    QThread* m_thread = nullptr;
    bool m_open = false;
    mutable QString m_lastError;
};

// "SQLite's message (code N)" for logs and lastError() texts.
QString describeSqlError(const QSqlError& error);

} // namespace opsdeck::storage
