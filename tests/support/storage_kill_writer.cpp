// Test helper for tst_storage_sigkill: opens the database in the directory given
// as argv[1] and commits rows as fast as it can, one transaction each, through
// the real repositories. After each commit returns it prints and flushes
//   T <id>        a scrape target with that id (url http://w-<n>:9100/metrics)
//   S <key> <n>   a setting key = n (int)
// It runs until killed. Exit code 2 on any storage error (message on stderr).
#include "KilledWriter.h"
#include "scrape/ScrapeTargetRepository.h"
#include "storage/Database.h"
#include "storage/SettingsRepository.h"

#include <QCoreApplication>
#include <QUrl>

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
    scrape::ScrapeTargetRepository targets(db);
    storage::SettingsRepository settings(db);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);

    for (qint64 n = 0;; ++n) {
        if (n % 3 == 2) {
            const QString key = QStringLiteral("writer-%1").arg(n);
            if (!settings.set(key, int(n))) {
                std::fprintf(stderr, "%s\n", qPrintable(settings.lastError()));
                return 2;
            }
            std::printf("S %s %lld\n", qPrintable(key), static_cast<long long>(n));
        } else {
            scrape::ScrapeTarget target;
            target.url = QUrl(QStringLiteral("http://w-%1:9100/metrics").arg(n));
            target.extraLabels = metrics::Labels { { "n", QByteArray::number(n) } };
            const auto id = targets.add(target);
            if (!id) {
                std::fprintf(stderr, "%s\n", qPrintable(targets.lastError()));
                return 2;
            }
            std::printf("T %lld %lld\n", static_cast<long long>(*id), static_cast<long long>(n));
        }
        std::fflush(stdout);
    }
}
