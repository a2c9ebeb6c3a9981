#pragma once

#include <QStringList>

class QTextStream;

// `opsdeck forecast QUERY --horizon DUR [--window DUR] [--step DUR] [--end TIME]
// [--json] [--data-dir D]`: forecasts every series the query returns over the
// stored capacity history; prints the chosen model, its backtest error and the
// points with 80 %/95 % intervals. args are the arguments after "forecast".
//
// The window ends at --end (unix seconds or RFC 3339) or, by default, at the
// newest stored rollup of the step's resolution (so imported history from
// years ago forecasts without extra options). --window defaults to 7d; --step
// to capacity::defaultStepForWindow (1m up to 2 days, else 1h).
//
// --json prints one object (field names are stable; times are RFC 3339 UTC
// strings with a unix-seconds twin; NaN is null):
//   { "query", "from", "to", "stepSeconds", "horizonSeconds",
//     "series": [ { "labels": {name: value}, "model", "seasonSteps",
//                   "seasonSeconds", "mase", "smape", "historyPoints",
//                   "scores": [ {"model", "mase", "smape"} ],
//                   "points": [ {"time", "timestamp", "value", "lower80",
//                                "upper80", "lower95", "upper95"} ],
//                   "error" (only when the series could not be forecast) } ] }
// Exit codes: 0 ok, 1 no history / bad query / database error (message on
// stderr), 2 usage error.
int runForecastCommand(const QStringList& args, QTextStream& out, QTextStream& err);
