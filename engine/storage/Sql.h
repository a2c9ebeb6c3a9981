#pragma once

#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <QVariantList>

#include <optional>

// The statement plumbing every repository shares: run a prepared statement
// with its values bound in order, open a forward-only read, record a failure,
// and the NULL conventions of the schema. Each feature's repositories use
// these on their own tables; nothing here knows a table.
namespace opsdeck::storage {

class Database;

// Prepares and runs sql on query with binds bound in order; false with
// *error set to SQLite's reason.
bool runQuery(QSqlQuery& query, const QString& sql, const QVariantList& binds, QString* error);

// A forward-only read on database's connection (valid on the thread that
// opened it); nullopt with *error set when the connection is unusable or the
// statement fails.
std::optional<QSqlQuery> selectQuery(
    const Database& database, const QString& sql, const QVariantList& binds, QString* error);

// The failure path of every repository call: stores what as the caller's
// lastError, logs it under "opsdeck.storage" and returns false.
bool failWith(QString& lastError, const QString& what);

// "" for a null string: text columns are NOT NULL.
QString nonNull(const QString& text);
// NaN is stored as NULL (SQLite would anyway; say so), NULL read back as NaN.
QVariant realToSql(double value);
double realFromSql(const QVariant& value);

} // namespace opsdeck::storage
