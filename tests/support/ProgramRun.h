#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// Test fixture: runs a program (usually OPSDECK_BIN) to the end and returns
// its exit code and output. A program that does not finish in time is killed
// and reported with exitCode -1 and timedOut set; one that cannot start has
// exitCode -1 and the reason in err.
namespace opsdeck::testsupport {

struct ProgramResult
{
    int exitCode = -1;
    bool timedOut = false;
    QByteArray out;
    QByteArray err;
};

ProgramResult runProgram(const QString& program, const QStringList& args, int timeoutMs = 60'000,
    const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());

} // namespace opsdeck::testsupport
