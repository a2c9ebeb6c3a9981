// Bench child: OpsDeck's scrape manager, series store and (with
// --remote-write URL) remote write alone in a process, scraping the URLs in
// a file every second. Prints "samples N sent M pending P" every 250 ms.
// Stops on SIGTERM, when stdin closes, or after --max-seconds.
//
//   opsdeck_bench_remote_writer --targets-file FILE --job NAME [--remote-write URL] [--max-seconds 300]
#include "metrics/SeriesStore.h"
#include "remotewrite/RemoteWriteService.h"
#include "scrape/ScrapeManager.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <memory>

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
    const QCommandLineOption jobOpt(
        QStringLiteral("job"), QStringLiteral("job label"), QStringLiteral("name"), QStringLiteral("opsdeck"));
    const QCommandLineOption writeOpt(
        QStringLiteral("remote-write"), QStringLiteral("receiver"), QStringLiteral("url"));
    const QCommandLineOption maxOpt(
        QStringLiteral("max-seconds"), QStringLiteral("exit after"), QStringLiteral("s"), QStringLiteral("300"));
    parser.addOptions({ fileOpt, jobOpt, writeOpt, maxOpt });
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
    std::unique_ptr<remotewrite::RemoteWriteService> remote;
    if (parser.isSet(writeOpt)) {
        remotewrite::RemoteWriteConfig c;
        c.name = QStringLiteral("bench");
        c.url = parser.value(writeOpt);
        remote = std::make_unique<remotewrite::RemoteWriteService>(
            QList<remotewrite::RemoteWriteConfig> { c }, &store, manager);
        remote->start();
    }
    for (const QByteArray& line : file.readAll().split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        scrape::ScrapeTarget t;
        t.url = QUrl(QString::fromUtf8(line.trimmed()));
        t.job = parser.value(jobOpt);
        t.intervalMs = 1000;
        t.timeoutMs = 800;
        manager->addTarget(t);
    }
    std::printf("ready\n");
    std::fflush(stdout);

    QTimer report;
    QObject::connect(&report, &QTimer::timeout, &app, [&]() {
        qulonglong sent = 0;
        long long pending = 0;
        if (remote) {
            for (const auto& c : remote->counters()) {
                sent += c.samplesSent;
                pending += c.samplesPending;
            }
        }
        std::printf("samples %lld sent %llu pending %lld\n",
            static_cast<long long>(manager->samplesIngestedTotal()), sent, pending);
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
    remote.reset();
    delete manager;
    return rc;
}
