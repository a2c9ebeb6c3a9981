#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

// One problem found in a configuration file (rule files, the alerting
// configuration, the capacity resources file, the engine config file), with
// where it is: "file:line:column: message". Every reader of a YAML file in
// the engine reports through it, so the CLI, the console and the logs print
// the same text. Line and column are 1-based, 0 when unknown (the text then
// leaves them out).
namespace opsdeck::config {

struct ConfigIssue
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::config::ConfigIssue)

public:
    QString file;
    int line = 0;
    int column = 0;
    // Rule files only: the group and the rule (alert name, or record name)
    // the issue is about; empty elsewhere.
    QString group;
    QString rule;
    QString message;
    bool fatal = false;

    // "file:line:column: group "g": rule "r": message", the parts that are known.
    QString toString() const;
};

// True when any issue is fatal.
bool hasFatal(const QList<ConfigIssue>& issues);

} // namespace opsdeck::config
