#pragma once

#include <QString>

#include <optional>

// Where OpsDeck's state lives: an SQLite file (the default, one machine) or a
// PostgreSQL database shared by several consoles and headless engines (issue
// 13, "Shared state for a control room"). A plain value, read from the
// headless file's `state:` section or the console's settings; Database opens
// it. The password is held in memory only, read from password_file.
namespace opsdeck::storage {

struct StateLocation
{
    enum class Driver { Sqlite, Postgresql };

    Driver driver = Driver::Sqlite;
    QString filePath; // SQLite: the database file
    // PostgreSQL (libpq names and defaults)
    QString host = QStringLiteral("127.0.0.1");
    int port = 5432;
    QString database = QStringLiteral("opsdeck");
    QString user;
    QString password;
    QString sslmode; // disable, allow, prefer, require, verify-ca, verify-full; empty = libpq's default

    static StateLocation sqliteFile(const QString& path);
    bool isPostgres() const { return driver == Driver::Postgresql; }
    // For logs and error messages: the file path, or postgresql://user@host:port/database (never the password).
    QString describe() const;
    static QString driverName(Driver driver); // "sqlite", "postgresql"
    // The password from a file (trailing whitespace dropped); nullopt with
    // *error naming the file when it cannot be read. Never logs the value.
    static std::optional<QString> readPasswordFile(const QString& path, QString* error);
};

} // namespace opsdeck::storage
