#include "PressureCollector.h"
#include "ProcFile.h"

#include <QFile>

namespace opsdeck::collect {

PressureCollector::PressureCollector(const QString& procRoot)
    : m_dir(procRoot + QStringLiteral("/pressure"))
{ }

bool PressureCollector::collect(QList<metrics::MetricFamily>& out, QString& error)
{
    struct Resource
    {
        const char* file;
        const char* someMetric;
        const char* someHelp;
        const char* fullMetric;
        const char* fullHelp;
    };
    static const Resource kResources[] = {
        { "cpu", "node_pressure_cpu_waiting_seconds_total",
            "Total time in seconds that processes have waited for CPU time",
            "node_pressure_cpu_stalled_seconds_total",
            "Total time in seconds no process could make progress due to CPU congestion" },
        { "io", "node_pressure_io_waiting_seconds_total",
            "Total time in seconds that processes have waited due to IO congestion",
            "node_pressure_io_stalled_seconds_total",
            "Total time in seconds no process could make progress due to IO congestion" },
        { "memory", "node_pressure_memory_waiting_seconds_total",
            "Total time in seconds that processes have waited for memory",
            "node_pressure_memory_stalled_seconds_total",
            "Total time in seconds no process could make progress due to memory congestion" },
    };

    int readable = 0;
    for (const Resource& r : kResources) {
        QString fileError;
        const auto text = ProcFile::read(m_dir + u'/' + QLatin1StringView(r.file), &fileError);
        if (!text) {
            if (error.isEmpty())
                error = fileError;
            continue;
        }
        ++readable;
        ProcFile::forEachLine(*text, [&](QByteArrayView line) {
            const auto fields = ProcFile::split(line);
            if (fields.size() < 2)
                return;
            const bool some = fields[0] == "some";
            if (!some && fields[0] != "full")
                return;
            for (qsizetype i = 1; i < fields.size(); ++i) {
                if (!fields[i].startsWith("total="))
                    continue;
                const auto us = ProcFile::toU64(fields[i].sliced(6));
                if (!us)
                    return;
                auto family = makeFamily(some ? r.someMetric : r.fullMetric, metrics::MetricType::Counter,
                    some ? r.someHelp : r.fullHelp);
                addSample(family, double(*us) / 1e6); // microseconds
                out.append(std::move(family));
                return;
            }
        });
    }
    if (readable == 0)
        return false;
    error.clear();
    return true;
}

} // namespace opsdeck::collect
