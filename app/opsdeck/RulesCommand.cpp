// `opsdeck rules ...`: rule files checked, imported into and exported from
// OpsDeck's state database. Thin: parsing and writing are alerts::RuleFile's,
// storage is alerts::RuleGroupRepository's.
#include "RulesCommand.h"

#include "CommandSupport.h"

#include "alerts/RuleFile.h"
#include "alerts/RuleGroupRepository.h"
#include "storage/Database.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

#include <algorithm>
#include <optional>

using opsdeck::alerts::RuleFile;
using opsdeck::alerts::RuleFileResult;
using opsdeck::alerts::RuleGroup;
using opsdeck::config::ConfigIssue;

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(RulesCommand)
};

const char* const kUsage = "Usage: opsdeck rules check FILE...\n"
                           "       opsdeck rules import FILE [--data-dir DIR] [--replace]\n"
                           "       opsdeck rules export FILE|- [--data-dir DIR]\n";

int usage(QTextStream& err, const QString& problem)
{
    if (!problem.isEmpty())
        err << "opsdeck rules: " << problem << '\n';
    err << kUsage;
    err.flush();
    return 2;
}

int ruleCount(const QList<RuleGroup>& groups)
{
    int n = 0;
    for (const RuleGroup& g : groups)
        n += int(g.rules.size());
    return n;
}

int check(const QStringList& files, QTextStream& out)
{
    int exitCode = 0;
    for (const QString& file : files) {
        const RuleFileResult result = RuleFile::load(file);
        for (const ConfigIssue& issue : result.issues)
            out << issue.toString() << '\n';
        if (!result.ok())
            out << Tr::tr("%1: FAILED: the file cannot be used (%n issue(s))", nullptr, int(result.issues.size()))
                       .arg(file)
                << '\n';
        else
            out << Tr::tr("%1: %2 alerting rule(s) in %3 group(s) loaded, %4 issue(s)")
                       .arg(file)
                       .arg(ruleCount(result.groups))
                       .arg(result.groups.size())
                       .arg(result.issues.size())
                << '\n';
        if (!result.issues.isEmpty())
            exitCode = 1;
    }
    out.flush();
    return exitCode;
}

// FILE plus "--data-dir D" / "--replace" in any order.
struct StoreArgs
{
    QString file;
    QString dataDir;
    bool replace = false;
};

std::optional<StoreArgs> parseStoreArgs(const QStringList& args, bool allowReplace, QString* problem)
{
    StoreArgs a;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& arg = args[i];
        if (arg == QLatin1String("--data-dir")) {
            if (i + 1 >= args.size()) {
                *problem = Tr::tr("--data-dir needs a directory");
                return std::nullopt;
            }
            a.dataDir = args[++i];
        } else if (arg.startsWith(QLatin1String("--data-dir="))) {
            a.dataDir = arg.mid(11);
        } else if (allowReplace && arg == QLatin1String("--replace")) {
            a.replace = true;
        } else if (arg.startsWith(QLatin1String("--")) || !a.file.isEmpty()) {
            *problem = Tr::tr("unexpected argument \"%1\"").arg(arg);
            return std::nullopt;
        } else {
            a.file = arg;
        }
    }
    if (a.file.isEmpty()) {
        *problem = Tr::tr("no file given");
        return std::nullopt;
    }
    if (a.dataDir.isEmpty())
        a.dataDir = opsdeck::storage::Database::defaultDirectory();
    return a;
}

int import(const StoreArgs& a, QTextStream& out, QTextStream& err)
{
    const RuleFileResult result = RuleFile::load(a.file);
    for (const ConfigIssue& issue : result.issues)
        err << issue.toString() << '\n';
    if (!result.ok()) {
        err << Tr::tr("opsdeck rules: %1 not imported: fix the errors above").arg(a.file) << '\n';
        return 1;
    }
    opsdeck::storage::Database db;
    if (!openStateDatabase(db, a.dataDir, QStringLiteral("rules"), err))
        return 1;
    opsdeck::alerts::RuleGroupRepository repo(db);
    QList<RuleGroup> groups;
    if (!a.replace) {
        const auto stored = repo.ruleGroups();
        if (!stored) {
            err << Tr::tr("opsdeck rules: cannot read the stored rules: %1").arg(repo.lastError()) << '\n';
            return 1;
        }
        groups = *stored;
    }
    // Groups of the same name are replaced in place; new ones are appended.
    for (const RuleGroup& g : result.groups) {
        const auto it
            = std::find_if(groups.begin(), groups.end(), [&g](const RuleGroup& s) { return s.name == g.name; });
        if (it != groups.end())
            *it = g;
        else
            groups.append(g);
    }
    if (!repo.saveRuleGroups(groups)) {
        err << Tr::tr("opsdeck rules: cannot store the rules: %1").arg(repo.lastError()) << '\n';
        return 1;
    }
    out << Tr::tr("%1: imported %2 alerting rule(s) in %3 group(s) into %4; %5 rule(s) or field(s) skipped")
               .arg(a.file)
               .arg(ruleCount(result.groups))
               .arg(result.groups.size())
               .arg(db.filePath())
               .arg(result.issues.size())
        << '\n';
    return 0;
}

int exportRules(const StoreArgs& a, QTextStream& out, QTextStream& err)
{
    opsdeck::storage::Database db;
    if (!openStateDatabase(db, a.dataDir, QStringLiteral("rules"), err))
        return 1;
    opsdeck::alerts::RuleGroupRepository repo(db);
    const auto groups = repo.ruleGroups();
    if (!groups) {
        err << Tr::tr("opsdeck rules: cannot read the stored rules: %1").arg(repo.lastError()) << '\n';
        return 1;
    }
    const QByteArray yaml = RuleFile::write(*groups);
    if (a.file == QLatin1String("-")) {
        out << QString::fromUtf8(yaml);
        out.flush();
        return 0;
    }
    // All or nothing: a half-written rule file would be worse than none.
    QSaveFile file(a.file);
    if (!file.open(QIODevice::WriteOnly) || file.write(yaml) != yaml.size() || !file.commit()) {
        err << Tr::tr("opsdeck rules: cannot write %1: %2").arg(a.file, file.errorString()) << '\n';
        return 1;
    }
    err << Tr::tr("%1: exported %2 alerting rule(s) in %3 group(s)")
               .arg(a.file)
               .arg(ruleCount(*groups))
               .arg(groups->size())
        << '\n';
    return 0;
}

} // namespace

int runRulesCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    if (args.isEmpty())
        return usage(err, {});
    const QString command = args.first();
    const QStringList rest = args.mid(1);
    if (command == QLatin1String("check")) {
        if (rest.isEmpty())
            return usage(err, Tr::tr("no file given"));
        return check(rest, out);
    }
    if (command == QLatin1String("import") || command == QLatin1String("export")) {
        QString problem;
        const auto a = parseStoreArgs(rest, command == QLatin1String("import"), &problem);
        if (!a)
            return usage(err, problem);
        const int code = command == QLatin1String("import") ? import(*a, out, err) : exportRules(*a, out, err);
        out.flush();
        err.flush();
        return code;
    }
    if (command == QLatin1String("--help") || command == QLatin1String("-h")) {
        out << kUsage;
        return 0;
    }
    return usage(err, Tr::tr("unknown rules command \"%1\"").arg(command));
}
