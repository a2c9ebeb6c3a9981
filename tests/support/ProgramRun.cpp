#include "ProgramRun.h"

#include <QProcess>

namespace opsdeck::testsupport {

ProgramResult runProgram(
    const QString& program, const QStringList& args, int timeoutMs, const QProcessEnvironment& env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    ProgramResult r;
    if (!p.waitForStarted(10'000)) {
        r.err = QStringLiteral("cannot start %1: %2").arg(program, p.errorString()).toUtf8();
        return r;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.timedOut = true;
    }
    r.exitCode = !r.timedOut && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    if (r.timedOut)
        r.err += "\n(timed out)";
    return r;
}

} // namespace opsdeck::testsupport
