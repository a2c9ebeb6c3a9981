#pragma once

#include <QStringList>

// `opsdeck query EXPR [--time T] [--start S --end E --step D] [--import FILE]
// [--target URL ... --scrape-for DUR]`: evaluates a PromQL-subset expression
// and prints Prometheus API-shaped JSON. args are the arguments after "query".
int runQueryCommand(const QStringList& args);
