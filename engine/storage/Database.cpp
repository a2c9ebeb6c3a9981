#include "storage/Database.h"

#include "storage/Sql.h"
#include "storage/StorageLog.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>

#include <atomic>

namespace opsdeck::storage {

Q_LOGGING_CATEGORY(lcStorage, "opsdeck.storage", QtInfoMsg)

namespace {

std::atomic<quint64> s_connectionCounter { 0 };

QString quoteSqlString(const QString& text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

} // namespace

QString describeSqlError(const QSqlError& error)
{
    QString text = error.databaseText();
    if (text.isEmpty())
        text = error.driverText();
    if (text.isEmpty())
        text = QStringLiteral("unknown error");
    const QString code = error.nativeErrorCode();
    if (!code.isEmpty()) {
        // PostgreSQL's codes are five-character SQLSTATEs; SQLite's are numbers below 10000.
        const bool sqlState = code.size() == 5;
        text += (sqlState ? QStringLiteral(" (SQLSTATE ") : QStringLiteral(" (SQLite code ")) + code
            + QLatin1Char(')');
    }
    return text;
}

QString Database::defaultDirectory()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty()) {
        qCWarning(lcStorage) << "no writable application data location";
        return {};
    }
    if (!QDir().mkpath(dir)) {
        qCWarning(lcStorage).noquote() << QStringLiteral("cannot create data directory %1").arg(dir);
        return {};
    }
    return dir;
}

Database::Database() = default;

Database::Database(Options options)
    : m_options(std::move(options))
{ }

Database::~Database()
{
    close();
}

bool Database::open(const QString& directory)
{
    close();
    if (directory.isEmpty())
        return fail(QStringLiteral("no data directory given for the database"));
    if (!QDir().mkpath(directory))
        return fail(QStringLiteral("cannot create data directory %1").arg(directory));
    return openFile(QDir(directory).filePath(QString::fromLatin1(kFileName)));
}

bool Database::openFile(const QString& filePath)
{
    return openSqlite(filePath);
}

bool Database::openLocation(const StateLocation& location)
{
    return location.isPostgres() ? openPostgres(location) : openSqlite(location.filePath);
}

bool Database::openPostgres(const StateLocation& location)
{
    close();
    m_lastError.clear();
    m_location = location;
    m_filePath = location.describe();
    m_thread = QThread::currentThread();
    m_connectionName = QStringLiteral("opsdeck.storage.%1").arg(s_connectionCounter.fetch_add(1));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connectionName);
        if (!db.isValid()) {
            const QString message = QStringLiteral("cannot open database %1: the Qt PostgreSQL driver (QPSQL) is "
                                                   "not available (Debian package libqt6sql6-psql)")
                                        .arg(m_filePath);
            close();
            return fail(message);
        }
        db.setHostName(location.host);
        db.setPort(location.port);
        db.setDatabaseName(location.database);
        db.setUserName(location.user);
        db.setPassword(location.password);
        QStringList options { QStringLiteral("connect_timeout=5") };
        if (!location.sslmode.isEmpty())
            options.append(QStringLiteral("sslmode=") + location.sslmode);
        db.setConnectOptions(options.join(QLatin1Char(';')));
        if (!db.open()) {
            const QString message
                = QStringLiteral("cannot open database %1: %2").arg(m_filePath, describeSqlError(db.lastError()));
            close();
            return fail(message);
        }
    }
    return finishOpen();
}

bool Database::openSqlite(const QString& filePath)
{
    close();
    m_lastError.clear();
    m_location = StateLocation::sqliteFile(QFileInfo(filePath).absoluteFilePath());
    m_filePath = QFileInfo(filePath).absoluteFilePath();
    m_thread = QThread::currentThread();
    if (QFileInfo(m_filePath).isDir())
        return fail(QStringLiteral("cannot open database %1: it is a directory").arg(m_filePath));

    m_connectionName = QStringLiteral("opsdeck.storage.%1").arg(s_connectionCounter.fetch_add(1));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        if (!db.isValid()) {
            const QString message = QStringLiteral("cannot open database %1: the Qt SQLite driver (QSQLITE) is "
                                                   "not available")
                                        .arg(m_filePath);
            close();
            return fail(message);
        }
        db.setDatabaseName(m_filePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(m_options.busyTimeoutMs));
        if (!db.open()) {
            const QString message
                = QStringLiteral("cannot open database %1: %2").arg(m_filePath, describeSqlError(db.lastError()));
            close();
            return fail(message);
        }
    }
    return finishOpen();
}

bool Database::finishOpen()
{
    m_open = true;
    if (!(isPostgres() ? configurePostgres() : configure()) || !migrate()) {
        const QString message = m_lastError;
        close();
        m_lastError = message;
        return false;
    }
    qCDebug(lcStorage).noquote() << QStringLiteral("opened %1 (schema version %2, connection %3)")
                                        .arg(m_filePath, QString::number(schemaVersion()), m_connectionName);
    return true;
}

std::unique_ptr<Database> Database::openForThread(const Database& other, QString* error)
{
    auto db = std::make_unique<Database>(other.m_options);
    if (other.filePath().isEmpty() || !db->openLocation(other.location())) {
        if (error)
            *error = other.filePath().isEmpty() ? QStringLiteral("the database to share was never opened")
                                                : db->lastError();
        return nullptr;
    }
    return db;
}

Database::Check Database::checkLocation(const StateLocation& location)
{
    Check check;
    if (!location.isPostgres()) {
        const QFileInfo file(location.filePath);
        check.ok = !file.isDir();
        check.text = file.exists()
            ? QStringLiteral("SQLite file %1").arg(file.absoluteFilePath())
            : QStringLiteral("SQLite file %1 (created at start)").arg(file.absoluteFilePath());
        return check;
    }
    const QString name = QStringLiteral("opsdeck.storage.check.%1").arg(s_connectionCounter.fetch_add(1));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        if (!db.isValid()) {
            check.text = QStringLiteral("the Qt PostgreSQL driver (QPSQL) is not available (Debian package "
                                        "libqt6sql6-psql)");
        } else {
            db.setHostName(location.host);
            db.setPort(location.port);
            db.setDatabaseName(location.database);
            db.setUserName(location.user);
            db.setPassword(location.password);
            QStringList options { QStringLiteral("connect_timeout=5") };
            if (!location.sslmode.isEmpty())
                options.append(QStringLiteral("sslmode=") + location.sslmode);
            db.setConnectOptions(options.join(QLatin1Char(';')));
            if (!db.open()) {
                check.text = QStringLiteral("cannot connect to %1: %2")
                                 .arg(location.describe(), describeSqlError(db.lastError()));
            } else {
                QSqlQuery query(db);
                QString server = QStringLiteral("PostgreSQL");
                if (query.exec(QStringLiteral("SHOW server_version")) && query.next())
                    server += QLatin1Char(' ') + query.value(0).toString();
                int version = 0;
                if (query.exec(QStringLiteral("SELECT to_regclass('opsdeck_schema') IS NOT NULL")) && query.next()
                    && query.value(0).toBool()
                    && query.exec(QStringLiteral("SELECT max(version) FROM opsdeck_schema")) && query.next())
                    version = query.value(0).toInt();
                check.ok = true;
                check.text = version > 0
                    ? QStringLiteral("%1, OpsDeck schema version %2").arg(server, QString::number(version))
                    : QStringLiteral("%1, no OpsDeck tables yet (created at start)").arg(server);
            }
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return check;
}

void Database::close()
{
    if (m_connectionName.isEmpty())
        return;
    if (!onOwnerThread())
        qCWarning(lcStorage).noquote()
            << QStringLiteral("database %1 closed from a thread that did not open it").arg(m_filePath);
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
    m_open = false;
}

QSqlDatabase Database::connection() const
{
    if (!m_open) {
        fail(QStringLiteral("database %1 is not open")
                 .arg(m_filePath.isEmpty() ? QStringLiteral("(none)") : m_filePath));
        return {};
    }
    if (!onOwnerThread()) {
        fail(QStringLiteral("database %1 used from a thread that did not open it; open one per thread "
                            "(Database::openForThread)")
                 .arg(m_filePath));
        return {};
    }
    return QSqlDatabase::database(m_connectionName, false);
}

bool Database::onOwnerThread() const
{
    return m_thread == QThread::currentThread();
}

bool Database::fail(const QString& what) const
{
    return failWith(m_lastError, what);
}

bool Database::exec(const QString& sql) const
{
    QSqlDatabase db = connection();
    if (!db.isValid())
        return false;
    QSqlQuery query(db);
    if (!query.exec(sql))
        return fail(
            QStringLiteral("%1: \"%2\" failed: %3").arg(m_filePath, sql, describeSqlError(query.lastError())));
    return true;
}

bool Database::configure()
{
    QSqlDatabase db = connection();
    QSqlQuery query(db);
    // SQLite opens lazily: the first read of the schema is what finds a file
    // that is not a database (or a header that is corrupt).
    if (!query.exec(QStringLiteral("SELECT count(*) FROM sqlite_schema")) || !query.next())
        return fail(QStringLiteral("cannot open database %1: it is not an SQLite database or it is corrupt: %2")
                        .arg(m_filePath, describeSqlError(query.lastError())));
    query.finish();

    if (!exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(m_options.busyTimeoutMs))
        || !exec(QStringLiteral("PRAGMA foreign_keys = ON")))
        return false;

    // Refuse a newer schema before anything (WAL switch included) touches the file.
    const int version = schemaVersion();
    const int latest = m_options.migrations.isEmpty() ? 0 : m_options.migrations.constLast().version;
    if (version < 0)
        return false;
    if (version > latest)
        return fail(QStringLiteral("database %1 has schema version %2 but this OpsDeck knows versions up to %3: "
                                   "it was written by a newer OpsDeck. It was left untouched; use that newer "
                                   "version, or move the file aside to start afresh.")
                        .arg(m_filePath, QString::number(version), QString::number(latest)));

    if (!query.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !query.next())
        return fail(
            QStringLiteral("%1: cannot switch to WAL: %2").arg(m_filePath, describeSqlError(query.lastError())));
    const QString mode = query.value(0).toString();
    query.finish();
    if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        qCWarning(lcStorage).noquote() << QStringLiteral("%1: journal mode is %2, not WAL (file system without "
                                                         "shared memory?); commits stay durable but readers "
                                                         "block writers")
                                              .arg(m_filePath, mode);

    // In WAL mode NORMAL syncs only at checkpoints: a commit is in the WAL file
    // (the OS page cache) when COMMIT returns, which a process kill cannot undo;
    // only a power cut or OS crash can drop the latest commits. FULL closes that gap.
    const char* sync = m_options.sync == Sync::Full ? "FULL" : "NORMAL";
    return exec(QStringLiteral("PRAGMA synchronous = ") + QLatin1String(sync));
}

bool Database::configurePostgres()
{
    // Notices (e.g. "relation already exists, skipping") are not errors; a
    // lock wait is bounded like SQLite's busy timeout.
    if (!exec(QStringLiteral("SET client_min_messages = warning"))
        || !exec(QStringLiteral("SET lock_timeout = %1").arg(m_options.busyTimeoutMs)))
        return false;
    const int version = schemaVersion();
    const int latest = m_options.migrations.isEmpty() ? 0 : m_options.migrations.constLast().version;
    if (version < 0)
        return false;
    if (version > latest)
        return fail(QStringLiteral("database %1 has schema version %2 but this OpsDeck knows versions up to %3: "
                                   "it was written by a newer OpsDeck. It was left untouched; use that newer "
                                   "version.")
                        .arg(m_filePath, QString::number(version), QString::number(latest)));
    return true;
}

bool Database::migrate()
{
    const QString invalid = validateMigrations(m_options.migrations);
    if (!invalid.isEmpty())
        return fail(QStringLiteral("%1: bad migration list: %2").arg(m_filePath, invalid));

    const int startVersion = schemaVersion();
    if (startVersion < 0)
        return false;
    bool backedUp = startVersion == 0; // a new file has nothing to keep

    for (const Migration& step : std::as_const(m_options.migrations)) {
        if (step.version <= startVersion)
            continue;
        if (!beginWrite())
            return false;
        // Under the write lock, so two engines starting together cannot both create it.
        if (isPostgres()
            && !exec(QStringLiteral("CREATE TABLE IF NOT EXISTS opsdeck_schema (version INTEGER NOT NULL)"))) {
            const QString message = m_lastError;
            rollback();
            return fail(message);
        }
        // Another connection may have migrated while this one waited for the lock.
        const int current = schemaVersion();
        if (current < 0) {
            rollback();
            return false;
        }
        if (current >= step.version) {
            rollback();
            continue;
        }

        // Before the first change to an existing database, keep a consistent copy of it.
        // PostgreSQL runs each step in one transaction (DDL included); its
        // backups are the server's business (pg_dump), not a file copy here.
        if (current > 0 && !backedUp && !isPostgres()) {
            const QString backup = m_filePath + QStringLiteral(".schema-v%1.bak").arg(current);
            if (!QFileInfo::exists(backup)) {
                rollback(); // VACUUM cannot run inside a transaction
                if (!exec(QStringLiteral("VACUUM INTO ") + quoteSqlString(backup)))
                    return fail(QStringLiteral("%1: cannot back up schema version %2 to %3 before migrating: %4")
                                    .arg(m_filePath, QString::number(current), backup, m_lastError));
                qCInfo(lcStorage).noquote() << QStringLiteral("backed up %1 (schema version %2) to %3")
                                                   .arg(m_filePath, QString::number(current), backup);
                backedUp = true;
                if (!beginWrite())
                    return false;
                if (schemaVersion() != current) {
                    rollback();
                    return fail(QStringLiteral("%1: schema changed by another connection during the backup; "
                                               "open it again")
                                    .arg(m_filePath));
                }
            }
            backedUp = true;
        }

        QString error;
        qsizetype failedAt = -1;
        {
            QSqlQuery query(connection());
            for (qsizetype i = 0; i < step.statements.size() && failedAt < 0; ++i) {
                const QString& statement = step.statements.at(i);
                if (!query.exec(isPostgres() ? postgresStatement(statement) : statement)) {
                    error = describeSqlError(query.lastError());
                    failedAt = i;
                }
            }
            const QStringList bump = isPostgres()
                ? QStringList { QStringLiteral("DELETE FROM opsdeck_schema"),
                      QStringLiteral("INSERT INTO opsdeck_schema (version) VALUES (%1)").arg(step.version) }
                : QStringList { QStringLiteral("PRAGMA user_version = %1").arg(step.version) };
            for (const QString& statement : bump) {
                if (failedAt < 0 && !query.exec(statement)) {
                    error = describeSqlError(query.lastError());
                    failedAt = step.statements.size();
                }
            }
        }
        if (failedAt >= 0) {
            rollback();
            return fail(QStringLiteral("%1: migration to schema version %2 (%3) failed at statement %4 of %5: %6. "
                                       "Rolled back; the database stays at version %7.")
                            .arg(m_filePath, QString::number(step.version), step.description,
                                QString::number(failedAt + 1), QString::number(step.statements.size()), error,
                                QString::number(current)));
        }
        if (!commit())
            return fail(QStringLiteral("%1: migration to schema version %2 (%3) could not commit: %4")
                            .arg(m_filePath, QString::number(step.version), step.description, m_lastError));
        qCInfo(lcStorage).noquote() << QStringLiteral("%1: migrated to schema version %2 (%3)")
                                           .arg(m_filePath, QString::number(step.version), step.description);
    }
    return true;
}

int Database::schemaVersion() const
{
    QSqlDatabase db = connection();
    if (!db.isValid())
        return -1;
    QSqlQuery query(db);
    if (isPostgres()) {
        if (!query.exec(QStringLiteral("SELECT to_regclass('opsdeck_schema') IS NOT NULL")) || !query.next()) {
            fail(QStringLiteral("%1: cannot read the schema version: %2")
                     .arg(m_filePath, describeSqlError(query.lastError())));
            return -1;
        }
        if (!query.value(0).toBool())
            return 0;
        if (!query.exec(QStringLiteral("SELECT coalesce(max(version), 0) FROM opsdeck_schema")) || !query.next()) {
            fail(QStringLiteral("%1: cannot read the schema version: %2")
                     .arg(m_filePath, describeSqlError(query.lastError())));
            return -1;
        }
        return query.value(0).toInt();
    }
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
        fail(QStringLiteral("%1: cannot read the schema version: %2")
                 .arg(m_filePath, describeSqlError(query.lastError())));
        return -1;
    }
    return query.value(0).toInt();
}

QString Database::journalMode() const
{
    QSqlDatabase db = connection();
    if (!db.isValid())
        return {};
    if (isPostgres())
        return QStringLiteral("postgresql");
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA journal_mode")) || !query.next()) {
        fail(QStringLiteral("%1: cannot read the journal mode: %2")
                 .arg(m_filePath, describeSqlError(query.lastError())));
        return {};
    }
    return query.value(0).toString().toLower();
}

QString Database::integrityCheck() const
{
    QSqlDatabase db = connection();
    if (!db.isValid())
        return m_lastError;
    if (isPostgres())
        return schemaVersion() >= 0 ? QStringLiteral("ok") : m_lastError;
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA integrity_check"))) {
        fail(QStringLiteral("%1: integrity check failed to run: %2")
                 .arg(m_filePath, describeSqlError(query.lastError())));
        return m_lastError;
    }
    QStringList findings;
    while (query.next())
        findings.append(query.value(0).toString());
    if (query.lastError().isValid()) {
        fail(QStringLiteral("%1: integrity check failed to run: %2")
                 .arg(m_filePath, describeSqlError(query.lastError())));
        return m_lastError;
    }
    return findings.join(QLatin1Char('\n'));
}

bool Database::beginWrite() const
{
    if (!isPostgres())
        return exec(QStringLiteral("BEGIN IMMEDIATE"));
    if (!exec(QStringLiteral("BEGIN")))
        return false;
    if (exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kWriteLockKey)))
        return true;
    const QString error = m_lastError;
    rollback();
    m_lastError = error;
    return false;
}

bool Database::commit() const
{
    if (exec(QStringLiteral("COMMIT")))
        return true;
    const QString error = m_lastError;
    rollback();
    m_lastError = error;
    return false;
}

void Database::rollback() const
{
    QSqlDatabase db = connection();
    if (!db.isValid())
        return;
    QSqlQuery query(db);
    // Fails harmlessly when SQLite already rolled back (e.g. after SQLITE_FULL).
    if (!query.exec(QStringLiteral("ROLLBACK")))
        qCDebug(lcStorage).noquote() << m_filePath << "rollback:" << describeSqlError(query.lastError());
}

} // namespace opsdeck::storage
