#include "StatCollector.h"
#include "ProcFile.h"

#include <QFile>

namespace opsdeck::collect {

using metrics::MetricType;

StatCollector::StatCollector(const QString& procRoot)
    : m_statPath(QFile::encodeName(procRoot + QStringLiteral("/stat")))
{ }

bool StatCollector::collect(QList<metrics::MetricFamily>& out, QString& error)
{
    const auto text = ProcFile::read(m_statPath, &error);
    if (!text)
        return false;

    struct Field
    {
        QByteArrayView key;
        const char* metric;
        MetricType type;
        const char* help;
    };
    static const Field kFields[] = {
        { "btime", "node_boot_time_seconds", MetricType::Gauge, "Node boot time, in unixtime." },
        { "ctxt", "node_context_switches_total", MetricType::Counter, "Total number of context switches." },
        { "processes", "node_forks_total", MetricType::Counter, "Total number of forks." },
        { "intr", "node_intr_total", MetricType::Counter, "Total number of interrupts serviced." },
        { "procs_running", "node_procs_running", MetricType::Gauge, "Number of processes in runnable state." },
        { "procs_blocked", "node_procs_blocked", MetricType::Gauge,
            "Number of processes blocked waiting for I/O to complete." },
    };

    const qsizetype before = out.size();
    ProcFile::forEachLine(*text, [&](QByteArrayView line) {
        const qsizetype sp = line.indexOf(' ');
        if (sp <= 0)
            return;
        const QByteArrayView key = line.first(sp);
        for (const Field& f : kFields) {
            if (key != f.key)
                continue;
            const auto fields = ProcFile::split(line);
            const auto v = fields.size() >= 2 ? ProcFile::toU64(fields[1]) : std::nullopt;
            if (!v)
                return;
            auto family = makeFamily(f.metric, f.type, f.help);
            addSample(family, double(*v));
            out.append(std::move(family));
            return;
        }
    });
    if (out.size() == before) {
        error = QStringLiteral("%1: none of btime, ctxt, processes, procs_running found")
                    .arg(QFile::decodeName(m_statPath));
        return false;
    }
    return true;
}

} // namespace opsdeck::collect
