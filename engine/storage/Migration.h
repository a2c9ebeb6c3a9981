#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// One forward step of the SQLite schema, and the ordered list of all steps.
// Step N takes a database from schema version N-1 (PRAGMA user_version) to N;
// Database applies each step in its own transaction and bumps user_version in
// that same transaction. Steps are append-only: a released step must never be
// edited or removed, because databases in the field have already run it.
namespace opsdeck::storage {

struct Migration
{
    int version = 0; // user_version after this step; steps are numbered 1, 2, 3, ...
    QString description; // for logs and error messages
    QStringList statements; // one SQL statement each (QSqlQuery runs only the first of several)
};

// The schema this build knows, oldest first.
const QList<Migration>& schemaMigrations();
// The version a database has after all of schemaMigrations().
int latestSchemaVersion();

// Empty when the list is usable (versions 1..N in order, each with statements).
QString validateMigrations(const QList<Migration>& migrations);

} // namespace opsdeck::storage
