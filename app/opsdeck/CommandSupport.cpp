#include "CommandSupport.h"

#include "storage/Database.h"

#include <QCoreApplication>
#include <QTextStream>

bool openStateDatabase(opsdeck::storage::Database& db, const QString& dir, const QString& command, QTextStream& err)
{
    const QString directory = dir.isEmpty() ? opsdeck::storage::Database::defaultDirectory() : dir;
    if (directory.isEmpty() || !db.open(directory)) {
        err << QCoreApplication::translate("CommandSupport", "opsdeck %1: cannot open the state database: %2")
                   .arg(command, directory.isEmpty() ? QStringLiteral("no data folder") : db.lastError())
            << '\n';
        return false;
    }
    return true;
}
