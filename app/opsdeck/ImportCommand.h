#pragma once

#include <QStringList>

class QTextStream;

// `opsdeck import history FILE --metric NAME [--label k=v ...] [--data-dir D]`:
// loads history (CSV "timestamp,value" as in NAB, or OpenMetrics / Prometheus
// text with timestamps) into the capacity history (minute and hour rollups).
// args are the arguments after "import".
int runImportCommand(const QStringList& args, QTextStream& out, QTextStream& err);
