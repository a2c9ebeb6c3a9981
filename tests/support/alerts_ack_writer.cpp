// Test helper for tst_alerts_ack_sigkill: opens the database in the directory
// given as argv[1] and acknowledges its open, unacknowledged alerts one by one
// (lowest id first) through AlertRepository::acknowledge(), as fast as it can.
// After each acknowledge() returned true it prints and flushes
//   A <id>
// and after the last one "DONE". Exit code 2 on any storage error (message on
// stderr). The test kills it with SIGKILL somewhere in between.
#include "alerts/AlertRepository.h"
#include "KilledWriter.h"
#include "storage/Database.h"

#include <QCoreApplication>
#include <QDateTime>

#include <algorithm>
#include <cstdio>

using namespace opsdeck;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int exitCode = 0;
    const auto database = testsupport::openWriterDatabase(argc, argv, &exitCode);
    if (!database)
        return exitCode;
    storage::Database& db = *database;
    alerts::AlertRepository repo(db);
    const auto open = repo.openAlerts();
    if (!open) {
        std::fprintf(stderr, "%s\n", qPrintable(repo.lastError()));
        return 2;
    }
    QList<qint64> ids;
    for (const alerts::Alert& a : *open) {
        if (!a.ack)
            ids.append(a.id);
    }
    std::sort(ids.begin(), ids.end());
    std::setvbuf(stdout, nullptr, _IOLBF, 0);

    const QString by = QStringLiteral("writer-%1").arg(QCoreApplication::applicationPid());
    for (qint64 id : std::as_const(ids)) {
        const alerts::Acknowledgement ack { by, QDateTime::currentMSecsSinceEpoch(), QStringLiteral("kill test") };
        if (!repo.acknowledge(id, ack)) {
            std::fprintf(stderr, "%s\n", qPrintable(repo.lastError()));
            return 2;
        }
        std::printf("A %lld\n", static_cast<long long>(id));
        std::fflush(stdout);
    }
    std::printf("DONE\n");
    return 0;
}
