#pragma once

#include "profiler/ProfilerConfig.h"
#include "profiler/ProfilerTypes.h"

// The PostgreSQL analysis of one database target for the Profiler page and
// `opsdeck profile`: pg_stat_statements 1.10 (top statements by total and by
// mean execution time, calls, rows, shared blocks hit/read -> hit ratio per
// statement), pg_stat_activity (wait events, long transactions) and
// pg_stat_database (the database's hit ratio, deadlocks).
//
// It blocks (a QtSql QPSQL connection of its own, named per call and removed
// after, so it may run on any worker thread) and must never be called on the
// GUI thread. It only reads: no statement it runs changes the server. What the
// server lacks (pg_stat_statements not preloaded or the extension not
// created, a role without pg_read_all_stats) becomes a note with the exact fix,
// not an error; a refused connection or a wrong password is the report's error.
namespace opsdeck::profiler {

struct PostgresOptions
{
    int topN = 10;
    double longTransactionSeconds = 60; // pg_stat_activity rows open longer than this
    int connectTimeoutSeconds = 5;
};

PostgresReport analysePostgres(const DatabaseTarget& target, const PostgresOptions& options = {});

} // namespace opsdeck::profiler
