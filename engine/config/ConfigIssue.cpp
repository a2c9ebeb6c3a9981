#include "config/ConfigIssue.h"

#include <algorithm>

namespace opsdeck::config {

QString ConfigIssue::toString() const
{
    QString out = file;
    if (line > 0) {
        out += u':' + QString::number(line);
        if (column > 0)
            out += u':' + QString::number(column);
    }
    out += QLatin1String(": ");
    if (!group.isEmpty())
        out += tr("group \"%1\": ").arg(group);
    if (!rule.isEmpty())
        out += tr("rule \"%1\": ").arg(rule);
    out += message;
    return out;
}

bool hasFatal(const QList<ConfigIssue>& issues)
{
    return std::any_of(issues.cbegin(), issues.cend(), [](const ConfigIssue& i) { return i.fatal; });
}

} // namespace opsdeck::config
