// opsdeck: the console window by default; one-shot CLI subcommands when the
// first argument names one. A subcommand runs without a display (QCoreApplication).

#include "AlertsCommand.h"
#include "CacheInspectCommand.h"
#include "CacheSimulateCommand.h"
#include "Engine.h"
#include "ForecastCommand.h"
#include "HeadlessCommand.h"
#include "ImportCommand.h"
#include "MainWindow.h"
#include "ProfileCommand.h"
#include "QueryCommand.h"
#include "ReportCommand.h"
#include "RulesCommand.h"
#include "ScrapeCommand.h"
#include "settings/ConsoleSettings.h"
#include "shell/Theme.h"

#include <QApplication>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QTextStream>
#include <QTranslator>

#include <cstring>

namespace {

const char* const kUsage
    = "Usage: opsdeck [COMMAND] [OPTIONS]\n"
      "\n"
      "Without a command, opens the OpsDeck console window.\n"
      "\n"
      "Commands (run without a display):\n"
      "  scrape URL [--token-file F] [--timeout MS] [--ca-file F] [--insecure]\n"
      "        fetch one target and print its parsed series\n"
      "  query EXPR [--time T] [--start S --end E --step D] [--import FILE]\n"
      "             [--target URL ... [--scrape-for DUR] [--scrape-interval DUR]]\n"
      "        evaluate a PromQL expression; prints Prometheus API JSON\n"
      "  alerts list [--state S] [--json] [--limit N] [--data-dir D]\n"
      "        list stored alerts (S: open, firing, pending, resolved, nodata, error, all)\n"
      "  alerts ack ID [--note TEXT] [--by NAME] [--data-dir D]\n"
      "        acknowledge an open alert\n"
      "  rules check FILE...\n"
      "        check Prometheus rule files; one line per issue with file:line\n"
      "  rules import FILE [--replace] [--data-dir D]   store a rule file's groups\n"
      "  rules export FILE|- [--data-dir D]             write the stored rules as a rule file\n"
      "  import history FILE --metric NAME [--label K=V ...] [--data-dir D]\n"
      "        add history (CSV timestamp,value or OpenMetrics with timestamps)\n"
      "        to the capacity history\n"
      "  forecast QUERY --horizon DUR [--window DUR] [--step DUR] [--json] [--data-dir D]\n"
      "        forecast the query over the capacity history: model, backtest\n"
      "        error, points with 80 %/95 % intervals\n"
      "  cache simulate --trace FILE --size N[,N...] [--policy NAME|all] [--json]\n"
      "        replay a key trace through the L1 cache policies; hit ratios\n"
      "        per policy and size, with Belady's optimum\n"
      "  cache inspect redis://HOST:PORT[/db] [--password-file F] [--json]\n"
      "                [--sample-keys N] [--sample-for DURATION]\n"
      "        analyse a Redis server: hit ratio, evictions, memory, latency,\n"
      "        slow log, biggest keys, and the hit ratio at other maxmemory sizes\n"
      "  profile [--target URL ...] [--token-file F] [--json] [--deadline MS]\n"
      "          [--save-baseline NAME] [--compare BASELINE] [--data-dir D]\n"
      "        fleet snapshot of the agents: bottlenecks, hosts, regressions\n"
      "  report capacity --format pdf|html|csv --out FILE [--window 30d]\n"
      "                  [--horizon 90d] [--growth X] [--data-dir D]\n"
      "        write the capacity report\n"
      "\n"
      "  --headless --config FILE [--check]\n"
      "        run scraping, rule evaluation and notifications without a window\n"
      "        until SIGTERM (see the README for the config file)\n"
      "\n"
      "  --help       show this help\n"
      "  --version    show the version\n";

void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("OpsDeck"));
    QCoreApplication::setApplicationName(QStringLiteral("opsdeck"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OPSDECK_VERSION));
}

// The system locale picks the translation: OpsDeck's own strings (built into
// the binary by qt_add_translations) and Qt's, for standard dialog buttons.
void installTranslations(QCoreApplication& app)
{
    auto* own = new QTranslator(&app);
    if (own->load(QLocale(), QStringLiteral("opsdeck"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(own);
    auto* qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
}

} // namespace

int main(int argc, char** argv)
{
    const char* first = argc > 1 ? argv[1] : "";
    if (std::strcmp(first, "--help") == 0 || std::strcmp(first, "-h") == 0) {
        QTextStream(stdout) << kUsage;
        return 0;
    }
    if (std::strcmp(first, "--version") == 0) {
        QTextStream(stdout) << "opsdeck " << OPSDECK_VERSION << '\n';
        return 0;
    }
    if (std::strcmp(first, "scrape") == 0) {
        QCoreApplication app(argc, argv);
        setIdentity();
        return runScrapeCommand(app.arguments().mid(2));
    }
    if (std::strcmp(first, "query") == 0) {
        QCoreApplication app(argc, argv);
        setIdentity();
        return runQueryCommand(app.arguments().mid(2));
    }
    if (std::strcmp(first, "alerts") == 0 || std::strcmp(first, "rules") == 0) {
        QCoreApplication app(argc, argv);
        setIdentity();
        QTextStream out(stdout);
        QTextStream err(stderr);
        const QStringList args = app.arguments().mid(2);
        return std::strcmp(first, "alerts") == 0 ? runAlertsCommand(args, out, err)
                                                 : runRulesCommand(args, out, err);
    }
    if (std::strcmp(first, "import") == 0 || std::strcmp(first, "forecast") == 0) {
        QCoreApplication app(argc, argv);
        setIdentity();
        QTextStream out(stdout);
        QTextStream err(stderr);
        const QStringList args = app.arguments().mid(2);
        return std::strcmp(first, "import") == 0 ? runImportCommand(args, out, err)
                                                 : runForecastCommand(args, out, err);
    }
    if (std::strcmp(first, "cache") == 0) {
        QCoreApplication app(argc, argv);
        setIdentity();
        QTextStream out(stdout);
        QTextStream err(stderr);
        const QStringList args = app.arguments().mid(2);
        if (!args.isEmpty() && args.first() == QLatin1String("simulate"))
            return runCacheSimulateCommand(args.mid(1), out, err);
        if (!args.isEmpty() && args.first() == QLatin1String("inspect"))
            return runCacheInspectCommand(args.mid(1), out, err);
        err << "opsdeck cache: expected a subcommand: simulate, inspect\n\n" << kUsage;
        return 2;
    }
    if (std::strcmp(first, "profile") == 0) {
        QCoreApplication app(argc, argv);
        setIdentity();
        installTranslations(app);
        QTextStream out(stdout);
        QTextStream err(stderr);
        return runProfileCommand(app.arguments().mid(2), out, err);
    }
    if (std::strcmp(first, "report") == 0) {
        // Fonts and QPdfWriter need a QGuiApplication, but no display.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QGuiApplication app(argc, argv);
        setIdentity();
        QTextStream out(stdout);
        QTextStream err(stderr);
        return runReportCommand(app.arguments().mid(2), out, err);
    }
    if (std::strcmp(first, "--headless") == 0) {
        QCoreApplication app(argc, argv);
        setIdentity();
        return runHeadlessCommand(app.arguments().mid(2));
    }
    if (first[0] != '\0' && first[0] != '-') {
        QTextStream(stderr) << "opsdeck: unknown command '" << first << "'\n\n" << kUsage;
        return 2;
    }

    QApplication app(argc, argv);
    setIdentity();
    QApplication::setDesktopFileName(QStringLiteral("org.opsdeck.OpsDeck"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/org.opsdeck.OpsDeck.svg")));
    installTranslations(app);
    ConsoleSettings settings;
    Theme::initialize();
    Theme::apply(Theme::modeFromString(settings.theme()));
    // Settings -> State database: this computer's SQLite file, or a PostgreSQL shared with other consoles.
    opsdeck::EngineOptions options;
    QString stateError;
    const auto state = settings.stateLocation(&stateError);
    if (!state) {
        QMessageBox::critical(nullptr, QObject::tr("OpsDeck cannot start"), stateError);
        return 1;
    }
    if (state->isPostgres())
        options.state = *state;
    options.cache = settings.cacheConfig(); // Settings -> Cache
    options.profiler.databases = settings.profilerDatabaseTargets(); // Profiler -> Databases
    opsdeck::Engine engine(options);
    if (!engine.start()) {
        QMessageBox::critical(nullptr, QObject::tr("OpsDeck cannot start"), engine.errorString());
        return 1;
    }
    MainWindow window(&engine, &settings);
    window.show();
    return app.exec();
}
