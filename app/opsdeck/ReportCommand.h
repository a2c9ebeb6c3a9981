#pragma once

#include <QStringList>

class QTextStream;

// `opsdeck report capacity --format pdf|html|csv --out FILE [--window 30d]
// [--horizon 90d] [--growth X] [--data-dir D]`: the capacity report from the
// stored history, without a display (needs a QGuiApplication, offscreen is
// fine). args are the arguments after "report".
int runReportCommand(const QStringList& args, QTextStream& out, QTextStream& err);
