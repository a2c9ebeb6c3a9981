#include "QueryCommand.h"

#include <QTextStream>

int runQueryCommand(const QStringList&)
{
    QTextStream(stderr) << "opsdeck query: not available yet in this build\n";
    return 2;
}
