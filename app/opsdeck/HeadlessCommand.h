#pragma once

#include <QStringList>

// `opsdeck --headless --config FILE [--check]`: the same engine as the
// console (scraping, rule evaluation, notifications, the same SQLite state)
// without a display, until SIGTERM or SIGINT, then a clean shutdown that
// finishes every pending state write. The config file's rule_files replace
// the stored rules; its targets (when it lists any) are scraped instead of
// the stored ones, which stay untouched. --check only validates the file and
// its rule files. Exit 0 after a clean shutdown (or a clean check), 1 when the
// config or a rule file has a fatal issue or the engine cannot start, 2 on a
// usage error. args are the arguments after "--headless".
int runHeadlessCommand(const QStringList& args);
