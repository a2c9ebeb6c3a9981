#pragma once

#include <QString>

#include <optional>

class QTextStream;

namespace opsdeck::storage {
class Database;
}

// Small pieces the CLI commands share.

// Opens the state database in dir (empty = storage::Database::defaultDirectory(),
// the console's). On failure prints "opsdeck COMMAND: cannot open the state
// database: REASON" to err and returns false.
bool openStateDatabase(
    opsdeck::storage::Database& db, const QString& dir, const QString& command, QTextStream& err);

// Unix seconds with an optional fraction, or RFC 3339 with a zone
// ("2023-11-14T23:12:01.5Z"), as Prometheus's parseTime; milliseconds since
// the epoch, nullopt when it is neither.
std::optional<qint64> parseTime(const QString& text);
