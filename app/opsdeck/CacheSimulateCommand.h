#pragma once

#include <QStringList>

class QTextStream;

// `opsdeck cache simulate --trace FILE --size N[,N...] [--policy lru|sieve|s3fifo|tinylfu|all] [--json]`:
// replays a key trace (one key per line, blank lines skipped) through the L1
// eviction policies at each cache size (in entries) and prints the hit ratios,
// with Belady's optimum as the upper bound. args are the arguments after
// "simulate". English only, like `opsdeck query`.
//
// --json prints one object:
//   { "trace", "requests", "distinctKeys", "sizes": [N...], "policies": [name...],
//     "results": [ { "policy", "size", "hits", "hitRatio" } ] }   (belady included)
// Exit codes: 0 ok, 1 the trace cannot be read or holds no key, 2 usage error
// (missing option, bad size, unknown policy).
int runCacheSimulateCommand(const QStringList& args, QTextStream& out, QTextStream& err);
