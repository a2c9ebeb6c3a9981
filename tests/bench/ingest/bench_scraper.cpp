// Bench child: OpsDeck's scrape manager and series store alone in a process,
// scraping the URLs listed in a file every second. Prints "ready", then
// "samples N scrapes M" every 250 ms. Stops on SIGTERM, when stdin closes, or
// after --max-seconds.
//
//   opsdeck_bench_scraper --targets-file FILE [--interval-ms 1000] [--max-seconds 300]
#include "metrics/SeriesStore.h"
#include "scrape/ScrapeManager.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QMap>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <cstdio>

#include <sys/prctl.h>
#include <unistd.h>

using namespace opsdeck;

namespace {
void onSignal(int)
{
    QCoreApplication::quit();
}
} // namespace

int main(int argc, char** argv)
{
    prctl(PR_SET_PDEATHSIG, SIGTERM); // never outlive the bench
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("opsdeck.scrape.info=false\nopsdeck.scrape.warning=false"));
    QCommandLineParser parser;
    const QCommandLineOption fileOpt(
        QStringLiteral("targets-file"), QStringLiteral("URLs"), QStringLiteral("file"));
    const QCommandLineOption intervalOpt(
        QStringLiteral("interval-ms"), QStringLiteral("interval"), QStringLiteral("ms"), QStringLiteral("1000"));
    const QCommandLineOption maxOpt(
        QStringLiteral("max-seconds"), QStringLiteral("exit after"), QStringLiteral("s"), QStringLiteral("300"));
    parser.addOptions({ fileOpt, intervalOpt, maxOpt });
    parser.process(app);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);

    QFile file(parser.value(fileOpt));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read targets file\n");
        return 1;
    }
    metrics::SeriesStore store;
    auto* manager = new scrape::ScrapeManager(&store);
    const int interval = parser.value(intervalOpt).toInt();
    for (const QByteArray& line : file.readAll().split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        scrape::ScrapeTarget t;
        t.url = QUrl(QString::fromUtf8(line.trimmed()));
        t.job = QStringLiteral("bench");
        t.intervalMs = interval;
        t.timeoutMs = qMin(800, interval);
        manager->addTarget(t);
    }
    std::printf("ready\n");
    std::fflush(stdout);

    QTimer report;
    QObject::connect(&report, &QTimer::timeout, &app, [manager]() {
        std::printf("samples %lld scrapes %lld\n", static_cast<long long>(manager->samplesIngestedTotal()),
            static_cast<long long>(manager->scrapesTotal()));
        std::fflush(stdout);
    });
    report.start(250);

    QSocketNotifier stdinClosed(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&stdinClosed, &QSocketNotifier::activated, &app, [&]() {
        char buf[256];
        if (::read(STDIN_FILENO, buf, sizeof buf) <= 0)
            QCoreApplication::quit();
    });
    QTimer::singleShot(parser.value(maxOpt).toInt() * 1000, &app, &QCoreApplication::quit);
    const int rc = app.exec();
    // Summary on stderr: failures by error, so a starved run is visible.
    QMap<QString, qint64> errors;
    qint64 scrapes = 0;
    qint64 failures = 0;
    for (const scrape::TargetStatus& st : manager->targets()) {
        scrapes += st.scrapesTotal;
        failures += st.failuresTotal;
        if (!st.lastError.isEmpty())
            ++errors[st.lastError];
    }
    std::fprintf(
        stderr, "scrapes %lld failures %lld\n", static_cast<long long>(scrapes), static_cast<long long>(failures));
    for (auto it = errors.cbegin(); it != errors.cend(); ++it)
        std::fprintf(stderr, "  %lld targets last failed with: %s\n", static_cast<long long>(it.value()),
            qPrintable(it.key()));
    delete manager;
    return rc;
}
