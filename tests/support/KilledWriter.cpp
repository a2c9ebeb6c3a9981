#include "KilledWriter.h"

#include "storage/Database.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>

#include <csignal>
#include <cstdio>
#include <sys/types.h>

namespace opsdeck::testsupport {

KilledWriter runUntilKilled(const QString& program, const QStringList& args, int killAfterLines, int stallMs)
{
    KilledWriter result;
    QProcess writer;
    writer.setProcessChannelMode(QProcess::SeparateChannels);
    writer.start(program, args);
    if (!writer.waitForStarted(10'000)) {
        result.error = writer.errorString();
        return result;
    }
    QByteArray output;
    QElapsedTimer timer;
    timer.start();
    while (output.count('\n') < killAfterLines) {
        if (writer.state() != QProcess::Running || timer.elapsed() > stallMs) {
            result.error = QStringLiteral("writer stopped or stalled after %1 commits: %2")
                               .arg(output.count('\n'))
                               .arg(QString::fromLocal8Bit(writer.readAllStandardError()));
            writer.kill();
            writer.waitForFinished(10'000);
            return result;
        }
        writer.waitForReadyRead(1000);
        output += writer.readAllStandardOutput();
    }
    // Mid-write: the writer never pauses, so it is inside some transaction (or
    // its commit) almost all of the time.
    if (::kill(pid_t(writer.processId()), SIGKILL) != 0) {
        result.error = QStringLiteral("kill(SIGKILL) failed");
        return result;
    }
    if (!writer.waitForFinished(10'000)) {
        result.error = QStringLiteral("writer did not die within 10 s of SIGKILL");
        return result;
    }
    if (writer.exitStatus() != QProcess::CrashExit) {
        result.error = QStringLiteral("writer exited normally (code %1) instead of being killed: %2")
                           .arg(writer.exitCode())
                           .arg(QString::fromLocal8Bit(writer.readAllStandardError()));
        return result;
    }
    output += writer.readAllStandardOutput(); // lines already in the pipe were committed too
    // Only complete lines count; a torn last line is ignored.
    result.lines = output.left(output.lastIndexOf('\n')).split('\n');
    return result;
}

std::unique_ptr<storage::Database> openWriterDatabase(int argc, char** argv, int* exitCode)
{
    if (argc < 2) {
        std::fprintf(
            stderr, "usage: %s DIR [full]\n", qPrintable(QFileInfo(QString::fromLocal8Bit(argv[0])).fileName()));
        *exitCode = 1;
        return nullptr;
    }
    storage::Database::Options options;
    if (argc > 2 && QByteArray(argv[2]) == "full")
        options.sync = storage::Database::Sync::Full;
    auto db = std::make_unique<storage::Database>(options);
    if (!db->open(QString::fromLocal8Bit(argv[1]))) {
        std::fprintf(stderr, "%s\n", qPrintable(db->lastError()));
        *exitCode = 2;
        return nullptr;
    }
    *exitCode = 0;
    return db;
}

} // namespace opsdeck::testsupport
