#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace opsdeck::storage {
class Database;
}

// SIGKILL durability fixtures. A writer program commits through the real
// repositories and prints one line per commit after it returned; the test
// kills it mid-write and checks every printed commit is in the database.
namespace opsdeck::testsupport {

struct KilledWriter
{
    QString error; // empty when the writer ran, reported enough and died by SIGKILL
    QList<QByteArray> lines; // complete lines it printed; a torn last line is dropped
};

// Starts program with args, waits (at most stallMs without the count growing
// past the total) until it printed killAfterLines lines, SIGKILLs it and
// collects what was already in the pipe.
KilledWriter runUntilKilled(
    const QString& program, const QStringList& args, int killAfterLines, int stallMs = 60'000);

// For the writer programs, "PROGRAM DIR [full]": the database in DIR (Sync::Full
// with "full"), or null after printing the usage or the error; *exitCode is
// then 1 (usage) or 2 (storage error).
std::unique_ptr<storage::Database> openWriterDatabase(int argc, char** argv, int* exitCode);

} // namespace opsdeck::testsupport
