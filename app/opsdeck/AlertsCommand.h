#pragma once

#include <QStringList>
#include <QTextStream>

// `opsdeck alerts list [--state S] [--json] [--limit N] [--data-dir D]`:
// the stored alerts, newest first (S: open (default), firing, pending,
// resolved, nodata, error, all).
// `opsdeck alerts ack ID [--note TEXT] [--by NAME] [--data-dir D]`:
// acknowledges an open alert in the state database; a running console or
// headless engine on the same database picks it up within seconds.
// Exit 0 on success, 1 when the alert is unknown or not open or the database
// fails, 2 on a usage error. args are the arguments after "alerts".
int runAlertsCommand(const QStringList& args, QTextStream& out, QTextStream& err);
