#pragma once

#include <QString>

class QTextStream;

namespace opsdeck::storage {
class Database;
}

// Small pieces the CLI commands share.

// Opens the state database in dir (empty = storage::Database::defaultDirectory(),
// the console's). On failure prints "opsdeck COMMAND: cannot open the state
// database: REASON" to err and returns false.
bool openStateDatabase(opsdeck::storage::Database& db, const QString& dir, const QString& command, QTextStream& err);
