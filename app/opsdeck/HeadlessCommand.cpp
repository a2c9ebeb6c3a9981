#include "HeadlessCommand.h"

#include "alerts/AlertService.h"
#include "alerts/RuleFile.h"
#include "Engine.h"
#include "EngineConfigFile.h"
#include "SignalWatcher.h"
#include "storage/Database.h"
#include "WebServer.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <memory>

Q_LOGGING_CATEGORY(lcHeadless, "opsdeck.headless")

int runHeadlessCommand(const QStringList& args)
{
    QTextStream err(stderr);
    QString configPath;
    bool checkOnly = false;
    QStringList historyFiles;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args.at(i);
        if (a == QLatin1String("--config") && i + 1 < args.size()) {
            configPath = args.at(++i);
        } else if (a.startsWith(QLatin1String("--config="))) {
            configPath = a.mid(9);
        } else if (a == QLatin1String("--check")) {
            checkOnly = true;
        } else if (a == QLatin1String("--import") && i + 1 < args.size()) {
            historyFiles.append(args.at(++i));
        } else {
            err << "opsdeck --headless: unexpected argument '" << a << "'\n"
                << "Usage: opsdeck --headless --config FILE [--check] [--import FILE ...]\n";
            return 2;
        }
    }
    if (configPath.isEmpty()) {
        err << "Usage: opsdeck --headless --config FILE [--check] [--import FILE ...]\n";
        return 2;
    }

    QList<opsdeck::config::ConfigIssue> issues;
    const std::optional<opsdeck::EngineConfigFile> config = opsdeck::EngineConfigFile::load(configPath, &issues);
    for (const auto& issue : std::as_const(issues))
        err << issue.toString() << '\n';
    if (!config)
        return 1;

    QList<opsdeck::alerts::RuleGroup> groups;
    bool fatal = false;
    for (const QString& file : config->ruleFiles) {
        const opsdeck::alerts::RuleFileResult rules = opsdeck::alerts::RuleFile::load(file);
        for (const auto& issue : rules.issues)
            err << issue.toString() << '\n';
        fatal = fatal || !rules.ok();
        groups += rules.groups;
    }
    if (fatal)
        return 1;
    int ruleCount = 0;
    for (const auto& g : std::as_const(groups))
        ruleCount += static_cast<int>(g.rules.size());
    const auto alerting = config->alerting.value_or(opsdeck::alerts::AlertingConfig {});
    if (checkOnly) {
        err << configPath << ": OK, " << config->targets.size() << " target(s), " << ruleCount << " rule(s) in "
            << config->ruleFiles.size() << " file(s), " << alerting.receivers.size() << " receiver(s), "
            << config->dataSources.size() << " data source(s)\n";
        return 0;
    }

    opsdeck::EngineOptions options;
    options.dataDirectory = config->dataDirectory;
    if (!config->targets.isEmpty())
        options.targets = config->targets;
    options.alerting = alerting;
    options.rollups = config->rollups;
    options.dataSources = config->dataSources;
    options.state = config->state;
    options.historyFiles = historyFiles;
    options.remoteWrite = config->remoteWrite;
    options.cache = config->cache;
    opsdeck::Engine engine(options);
    if (!engine.start()) {
        err << "opsdeck --headless: " << engine.errorString() << '\n';
        return 1;
    }
    opsdeck::AlertService* alerts = engine.alertService();
    if (!config->ruleFiles.isEmpty()) {
        alerts->setRuleGroups(groups, &engine, [](const QString& error) {
            if (!error.isEmpty())
                qCCritical(lcHeadless) << "rules not applied:" << error;
        });
    }

    // Declared after the engine: destroyed first, once its queries are done.
    std::unique_ptr<opsdeck::web::WebServer> web;
    if (config->web) {
        web = std::make_unique<opsdeck::web::WebServer>(&engine, *config->web);
        QString error;
        if (!web->start(&error)) {
            err << "opsdeck --headless: " << error << '\n';
            return 1;
        }
        // The ready line tests and scripts wait for; it names the port actually bound.
        err << QCoreApplication::translate("HeadlessCommand", "opsdeck --headless: web API listening on %1")
                   .arg(web->baseUrl())
            << '\n';
    }

    opsdeck::agent::SignalWatcher watcher;
    QObject::connect(&watcher, &opsdeck::agent::SignalWatcher::terminationRequested, &engine, [](int signal) {
        qCInfo(lcHeadless) << "signal" << signal << "received, shutting down";
        QCoreApplication::quit();
    });
    err << "opsdeck --headless: running with "
        << (options.targets ? options.targets->size() : engine.targetCatalog()->targets().size()) << " target(s), "
        << ruleCount << " rule(s), " << alerting.receivers.size() << " receiver(s); state in "
        << engine.database()->filePath() << '\n';
    err.flush();
    QCoreApplication::exec();
    // Finish what the alerts thread and the state writer were given.
    alerts->waitForIdle();
    err << "opsdeck --headless: stopped cleanly\n";
    return 0;
}
