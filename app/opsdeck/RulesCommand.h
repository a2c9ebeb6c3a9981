#pragma once

#include <QStringList>
#include <QTextStream>

// `opsdeck rules check FILE...`: reads Prometheus rule files as OpsDeck would
// and prints one line per issue ("file:line:column: rule "x": message") plus
// a summary per file; exit 0 when there is no issue, 1 when there is any, 2
// on a usage error.
// `opsdeck rules import FILE [--data-dir D] [--replace]`: stores the file's
// groups (replacing groups of the same name, or all with --replace); skipped
// rules are reported on err; exit 1 and nothing stored when the file has a
// fatal issue.
// `opsdeck rules export FILE|- [--data-dir D]`: writes the stored groups as a
// rule file that `promtool check rules` accepts.
// args are the arguments after "rules".
int runRulesCommand(const QStringList& args, QTextStream& out, QTextStream& err);
