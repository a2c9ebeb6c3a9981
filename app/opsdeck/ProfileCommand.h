#pragma once

#include <QStringList>
#include <QTextStream>

// `opsdeck profile [--target URL ...] [--token-file F] [--json] [--deadline MS]
//                  [--save-baseline NAME] [--compare BASELINE] [--samples N] [--data-dir DIR]`:
// one fleet snapshot (GET /api/v1/profile of every agent at once, within the
// deadline), the bottlenecks ranked worst first, one line per host; with
// --save-baseline / --compare, a baseline in the state database and the
// regressions against one. Exit 0 when every host answered, 1 when a host is
// missing or the state database / a baseline fails, 2 on a usage error.
// args are the arguments after "profile".
int runProfileCommand(const QStringList& args, QTextStream& out, QTextStream& err);
