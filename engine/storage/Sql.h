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

// The id of the row an "INSERT ... RETURNING id" just added (both SQLite and
// PostgreSQL: QPSQL has no lastInsertId() for tables without OIDs); 0 when
// no row came back. Finishes the query, so a later COMMIT finds no statement open.
qint64 insertedId(QSqlQuery& query);

// Shared state (PostgreSQL): the channel every engine LISTENs on, and the
// topics a change is announced under, so the other consoles and headless
// engines on the same database reload what changed within a second instead
// of polling. notifyStateChange runs pg_notify(kStateChannel, topic) on db's
// connection: inside a transaction it is delivered on commit, otherwise at
// once. On SQLite it does nothing (one machine; other processes poll).
inline constexpr const char* kStateChannel = "opsdeck_state";
namespace topic {
inline constexpr const char* kAlerts = "alerts"; // acknowledgements
inline constexpr const char* kSilences = "silences";
inline constexpr const char* kRules = "rules";
inline constexpr const char* kDashboards = "dashboards";
} // namespace topic
void notifyStateChange(const Database& db, const char* topic);

// The failure path of every repository call: stores what as the caller's
// lastError, logs it under "opsdeck.storage" and returns false.
bool failWith(QString& lastError, const QString& what);

// "" for a null string: text columns are NOT NULL.
QString nonNull(const QString& text);
// NaN is stored as NULL (SQLite would anyway; say so), NULL read back as NaN.
QVariant realToSql(double value);
double realFromSql(const QVariant& value);

} // namespace opsdeck::storage
