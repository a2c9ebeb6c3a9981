#include "LoadAvgCollector.h"
#include "ProcFile.h"

#include <QFile>

namespace opsdeck::collect {

LoadAvgCollector::LoadAvgCollector(const QString& procRoot)
    : m_path(QFile::encodeName(procRoot + QStringLiteral("/loadavg")))
{ }

bool LoadAvgCollector::collect(QList<metrics::MetricFamily>& out, QString& error)
{
    const auto text = ProcFile::read(m_path, &error);
    if (!text)
        return false;
    const auto fields = ProcFile::split(QByteArrayView(*text).trimmed());
    std::optional<double> loads[3];
    for (int i = 0; i < 3; ++i)
        loads[i] = fields.size() > i ? ProcFile::toDouble(fields[i]) : std::nullopt;
    if (!loads[0] || !loads[1] || !loads[2]) {
        error = QStringLiteral("%1: expected three load averages").arg(QFile::decodeName(m_path));
        return false;
    }
    static const char* const kNames[] = { "node_load1", "node_load5", "node_load15" };
    static const char* const kHelp[] = { "1m load average.", "5m load average.", "15m load average." };
    for (int i = 0; i < 3; ++i) {
        auto family = makeFamily(kNames[i], metrics::MetricType::Gauge, kHelp[i]);
        addSample(family, *loads[i]);
        out.append(std::move(family));
    }
    return true;
}

} // namespace opsdeck::collect
