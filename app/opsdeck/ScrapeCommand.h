#pragma once

#include <QStringList>

// `opsdeck scrape URL [--token-file F]`: prints the parsed series of one scrape.
// args are the arguments after "scrape". Returns the process exit code.
int runScrapeCommand(const QStringList& args);
