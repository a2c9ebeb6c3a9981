#pragma once

#include <QStringList>

class QTextStream;

// `opsdeck cache inspect redis://[user:password@]HOST:PORT[/db] [--password-file F] [--json]
//  [--sample-keys N] [--sample-for DURATION] [--sample-rate R] [--key-rate N] [--target-hit-ratio P]`:
// the Redis analytics of the Cache page without a display (RedisInspector):
// INFO rates over one second, latency percentiles, the slow log, a bounded key
// sample, with --sample-for a MONITOR sample of key accesses for the
// miss-ratio curve, and the recommendations. args are the arguments after
// "inspect". English only, like `opsdeck query`.
//
// Exit codes: 0 ok, 1 the server cannot be reached, refuses AUTH, or the
// password file cannot be read (the reason on stderr), 2 usage error.
int runCacheInspectCommand(const QStringList& args, QTextStream& out, QTextStream& err);
