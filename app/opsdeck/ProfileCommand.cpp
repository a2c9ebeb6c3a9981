#include "ProfileCommand.h"

#include "CommandSupport.h"
#include "profiler/ProfilerFormat.h"
#include "profiler/ProfilerService.h"
#include "scrape/ScrapeTargetRepository.h"
#include "storage/Database.h"
#include "storage/StateWriter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <memory>

using namespace opsdeck;

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ProfileCommand", text);
}

const char* const kHelp = "Usage: opsdeck profile [--target URL ...] [--token-file F] [--json] [--deadline MS]\n"
                          "                       [--save-baseline NAME] [--compare BASELINE] [--samples N]\n"
                          "                       [--data-dir DIR]\n"
                          "\n"
                          "Asks every opsdeck-agent for its profile (GET /api/v1/profile) at once and\n"
                          "prints the bottlenecks, worst first, then one line per host. A host that has\n"
                          "not answered within the deadline is listed as missing, never waited for.\n"
                          "\n"
                          "  --target URL         an agent (its base URL or its /metrics URL); repeatable.\n"
                          "                       Without it: the stored targets of the state database.\n"
                          "  --token-file F       bearer token for every --target (the file's first line)\n"
                          "  --deadline MS        how long to wait for the hosts (default 400)\n"
                          "  --json               the fleet snapshot as JSON: bottlenecks, hosts, missing\n"
                          "  --save-baseline NAME store the fleet and its samples as a baseline\n"
                          "  --compare BASELINE   report what got worse since the baseline\n"
                          "                       (Mann-Whitney U, p < 0.05, and more than 10 %)\n"
                          "  --samples N          snapshots a second apart for baselines (default 5)\n"
                          "  --data-dir DIR       the state database's folder (default: the console's)\n"
                          "\n"
                          "Exit status: 0 every host answered, 1 a host is missing or the state\n"
                          "database or baseline failed, 2 usage error.\n";

QString hostLine(const profiler::HostProfile& h)
{
    if (!h.reachable)
        return tr("%1  missing: %2").arg(h.instance, h.error);
    const collect::ProfileSnapshot& s = h.snapshot;
    QString line
        = tr("%1  %2%3  cpu %4, memory %5")
              .arg(h.instance, profiler::severityName(h.worst),
                  h.worstResource.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(h.worstResource),
                  profiler::formatPercent(s.cpu.utilisationPct), profiler::formatPercent(s.memory.utilisationPct));
    if (s.cpu.psiSomeAvg10)
        line += tr(", PSI cpu %1").arg(profiler::formatPercent(*s.cpu.psiSomeAvg10));
    if (s.ioPsiFullAvg10)
        line += tr(", PSI io full %1").arg(profiler::formatPercent(*s.ioPsiFullAvg10));
    line += tr(", answered in %1 ms").arg(h.elapsedMs);
    return line;
}

QJsonObject regressionJson(const profiler::RegressionReport& r)
{
    QJsonArray worse;
    for (const profiler::RegressionFinding& f : r.worse)
        worse.append(QJsonObject { { QStringLiteral("host"), f.host }, { QStringLiteral("subject"), f.subject },
            { QStringLiteral("measure"), f.measure }, { QStringLiteral("baseline"), f.baseline },
            { QStringLiteral("current"), f.current }, { QStringLiteral("p_value"), f.pValue },
            { QStringLiteral("test"), f.test }, { QStringLiteral("sentence"), f.sentence } });
    return QJsonObject { { QStringLiteral("baseline"), r.baseline },
        { QStringLiteral("baseline_taken_at_ms"), static_cast<double>(r.baselineTakenAtMs) },
        { QStringLiteral("compared_at_ms"), static_cast<double>(r.comparedAtMs) },
        { QStringLiteral("worse"), worse }, { QStringLiteral("notes"), QJsonArray::fromStringList(r.notes) } };
}

} // namespace

int runProfileCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    const QCommandLineOption targetOpt(QStringLiteral("target"), QString(), QStringLiteral("URL"));
    const QCommandLineOption tokenOpt(QStringLiteral("token-file"), QString(), QStringLiteral("F"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"));
    const QCommandLineOption deadlineOpt(QStringLiteral("deadline"), QString(), QStringLiteral("MS"));
    const QCommandLineOption saveOpt(QStringLiteral("save-baseline"), QString(), QStringLiteral("NAME"));
    const QCommandLineOption compareOpt(QStringLiteral("compare"), QString(), QStringLiteral("BASELINE"));
    const QCommandLineOption samplesOpt(QStringLiteral("samples"), QString(), QStringLiteral("N"));
    const QCommandLineOption dataDirOpt(QStringLiteral("data-dir"), QString(), QStringLiteral("DIR"));
    const QCommandLineOption helpOpt(QStringList { QStringLiteral("h"), QStringLiteral("help") });
    parser.addOptions(
        { targetOpt, tokenOpt, jsonOpt, deadlineOpt, saveOpt, compareOpt, samplesOpt, dataDirOpt, helpOpt });
    if (!parser.parse(QStringList { QStringLiteral("opsdeck profile") } + args)) {
        err << "opsdeck profile: " << parser.errorText() << "\n\n" << kHelp;
        return 2;
    }
    if (parser.isSet(helpOpt)) {
        out << kHelp;
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << "opsdeck profile: unexpected argument '" << parser.positionalArguments().first() << "'\n\n"
            << kHelp;
        return 2;
    }
    profiler::ProfilerServiceOptions options;
    if (parser.isSet(deadlineOpt)) {
        bool ok = false;
        options.deadlineMs = parser.value(deadlineOpt).toInt(&ok);
        if (!ok || options.deadlineMs < 1 || options.deadlineMs > 600'000) {
            err << "opsdeck profile: --deadline needs milliseconds between 1 and 600000\n";
            return 2;
        }
    }
    if (parser.isSet(samplesOpt)) {
        bool ok = false;
        options.comparisonSnapshots = parser.value(samplesOpt).toInt(&ok);
        if (!ok || options.comparisonSnapshots < 1 || options.comparisonSnapshots > 600) {
            err << "opsdeck profile: --samples needs a count between 1 and 600\n";
            return 2;
        }
    }
    QString token;
    if (parser.isSet(tokenOpt)) {
        QFile file(parser.value(tokenOpt));
        if (!file.open(QIODevice::ReadOnly)) {
            err << "opsdeck profile: cannot read the token file " << file.fileName() << ": " << file.errorString()
                << '\n';
            return 2;
        }
        token = QString::fromUtf8(file.readLine()).trimmed();
    }
    for (const QString& text : parser.values(targetOpt)) {
        const QUrl url = QUrl::fromUserInput(text);
        if (!url.isValid() || url.host().isEmpty()) {
            err << "opsdeck profile: not a URL: " << text << '\n';
            return 2;
        }
        profiler::FleetTarget t;
        t.url = url;
        t.instance = url.authority();
        t.bearerToken = token;
        options.targets.append(t);
    }

    const bool needDatabase = options.targets.isEmpty() || parser.isSet(saveOpt) || parser.isSet(compareOpt);
    storage::Database db;
    std::unique_ptr<storage::StateWriter> writer;
    if (needDatabase) {
        if (!openStateDatabase(db, parser.value(dataDirOpt), QStringLiteral("profile"), err))
            return 1;
        if (options.targets.isEmpty()) {
            scrape::ScrapeTargetRepository repo(db);
            const auto stored = repo.list();
            if (!stored) {
                err << "opsdeck profile: " << repo.lastError() << '\n';
                return 1;
            }
            for (const scrape::ScrapeTarget& t : *stored)
                if (t.enabled)
                    options.targets.append(profiler::fleetTarget(t));
            if (options.targets.isEmpty()) {
                err << "opsdeck profile: no targets: the state database in " << db.filePath()
                    << " has no enabled scrape targets; name agents with --target URL\n";
                return 1;
            }
        }
        writer = std::make_unique<storage::StateWriter>(db);
        if (!writer->isOpen()) {
            err << "opsdeck profile: " << writer->errorString() << '\n';
            return 1;
        }
        options.stateWriter = writer.get();
    }

    auto service = std::make_unique<profiler::ProfilerService>(options);
    QEventLoop loop;
    profiler::FleetSnapshot fleet;
    std::optional<profiler::RegressionReport> regression;
    bool saved = false;
    const QString saveName = parser.value(saveOpt);
    const QString compareName = parser.value(compareOpt);
    const auto next = [&]() {
        if (!saveName.isEmpty() && !saved) {
            service->saveBaseline(saveName);
            return;
        }
        if (!compareName.isEmpty() && !regression) {
            service->compareWith(compareName);
            return;
        }
        loop.quit();
    };
    bool saveFailed = false;
    QObject::connect(
        service.get(), &profiler::ProfilerService::fleetUpdated, &loop, [&](const profiler::FleetSnapshot& f) {
            fleet = f;
            next();
        });
    QObject::connect(
        service.get(), &profiler::ProfilerService::baselinesChanged, &loop, [&](const QStringList& names) {
            saved = true;
            saveFailed = !names.contains(saveName);
            next();
        });
    QObject::connect(service.get(), &profiler::ProfilerService::regressionReady, &loop,
        [&](const profiler::RegressionReport& r) {
            regression = r;
            next();
        });
    QTimer::singleShot(0, service.get(), &profiler::ProfilerService::refresh);
    loop.exec();
    service.reset();
    writer.reset();

    bool missing = false;
    int reachable = 0;
    for (const profiler::HostProfile& h : std::as_const(fleet.hosts)) {
        missing |= !h.reachable;
        reachable += h.reachable ? 1 : 0;
    }
    const bool compareFailed = regression && regression->baselineTakenAtMs == 0 && !regression->notes.isEmpty();

    if (parser.isSet(jsonOpt)) {
        QJsonObject json = profiler::toJson(fleet);
        if (!saveName.isEmpty())
            json.insert(QStringLiteral("saved_baseline"), saveFailed ? QJsonValue() : QJsonValue(saveName));
        if (regression)
            json.insert(QStringLiteral("regressions"), regressionJson(*regression));
        out << QJsonDocument(json).toJson(QJsonDocument::Indented);
    } else {
        if (fleet.bottlenecks.isEmpty())
            out << QCoreApplication::translate(
                "ProfileCommand", "No bottleneck: all %n host(s) ok", nullptr, reachable)
                << '\n';
        for (const profiler::Bottleneck& b : std::as_const(fleet.bottlenecks))
            out << profiler::severityName(b.severity) << ": " << b.sentence << '\n';
        out << '\n';
        for (const profiler::HostProfile& h : std::as_const(fleet.hosts))
            out << hostLine(h) << '\n';
        if (!saveName.isEmpty() && !saveFailed)
            out << '\n' << tr("Baseline \"%1\" saved.").arg(saveName) << '\n';
        if (regression) {
            out << '\n';
            if (regression->worse.isEmpty() && !compareFailed)
                out << tr("No regression against \"%1\".").arg(regression->baseline) << '\n';
            for (const profiler::RegressionFinding& f : std::as_const(regression->worse))
                out << f.sentence << '\n';
            for (const QString& note : std::as_const(regression->notes))
                out << tr("note: %1").arg(note) << '\n';
        }
    }
    out.flush();
    if (saveFailed)
        err << "opsdeck profile: could not store baseline \"" << saveName << "\"\n";
    if (compareFailed)
        err << "opsdeck profile: " << regression->notes.join(QStringLiteral("; ")) << '\n';
    return missing || saveFailed || compareFailed ? 1 : 0;
}
