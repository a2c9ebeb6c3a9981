#include "DiskStatsCollector.h"
#include "ProcFile.h"

#include <QFile>

namespace opsdeck::collect {

using metrics::MetricType;

QString DiskStatsCollector::defaultDeviceExclude()
{
    return QStringLiteral("^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$");
}

DiskStatsCollector::DiskStatsCollector(const QString& procRoot, const QString& deviceExclude)
    : m_path(QFile::encodeName(procRoot + QStringLiteral("/diskstats")))
    , m_exclude(deviceExclude)
{ }

bool DiskStatsCollector::collect(QList<metrics::MetricFamily>& out, QString& error)
{
    const auto text = ProcFile::read(m_path, &error);
    if (!text)
        return false;

    // Columns after "major minor name" (Documentation/admin-guide/iostats.rst),
    // with node_exporter's names, units and HELP texts.
    struct Column
    {
        const char* name;
        MetricType type;
        double multiplier;
        double divisor; // division keeps ms -> s exact where the decimal is representable
        const char* help;
    };
    static const Column kColumns[] = {
        { "node_disk_reads_completed_total", MetricType::Counter, 1, 1,
            "The total number of reads completed successfully." },
        { "node_disk_reads_merged_total", MetricType::Counter, 1, 1, "The total number of reads merged." },
        { "node_disk_read_bytes_total", MetricType::Counter, 512, 1,
            "The total number of bytes read successfully." },
        { "node_disk_read_time_seconds_total", MetricType::Counter, 1, 1000,
            "The total number of seconds spent by all reads." },
        { "node_disk_writes_completed_total", MetricType::Counter, 1, 1,
            "The total number of writes completed successfully." },
        { "node_disk_writes_merged_total", MetricType::Counter, 1, 1, "The number of writes merged." },
        { "node_disk_written_bytes_total", MetricType::Counter, 512, 1,
            "The total number of bytes written successfully." },
        { "node_disk_write_time_seconds_total", MetricType::Counter, 1, 1000,
            "This is the total number of seconds spent by all writes." },
        { "node_disk_io_now", MetricType::Gauge, 1, 1, "The number of I/Os currently in progress." },
        { "node_disk_io_time_seconds_total", MetricType::Counter, 1, 1000, "Total seconds spent doing I/Os." },
        { "node_disk_io_time_weighted_seconds_total", MetricType::Counter, 1, 1000,
            "The weighted # of seconds spent doing I/Os." },
        { "node_disk_discards_completed_total", MetricType::Counter, 1, 1,
            "The total number of discards completed successfully." },
        { "node_disk_discards_merged_total", MetricType::Counter, 1, 1, "The total number of discards merged." },
        { "node_disk_discarded_sectors_total", MetricType::Counter, 1, 1,
            "The total number of sectors discarded successfully." },
        { "node_disk_discard_time_seconds_total", MetricType::Counter, 1, 1000,
            "This is the total number of seconds spent by all discards." },
        { "node_disk_flush_requests_total", MetricType::Counter, 1, 1,
            "The total number of flush requests completed successfully" },
        { "node_disk_flush_requests_time_seconds_total", MetricType::Counter, 1, 1000,
            "This is the total number of seconds spent by all flush requests." },
    };
    constexpr qsizetype kColumnCount = sizeof(kColumns) / sizeof(kColumns[0]);

    QList<metrics::MetricFamily> families;
    families.reserve(kColumnCount);
    for (const Column& c : kColumns)
        families.append(makeFamily(c.name, c.type, c.help));

    bool sawLine = false;
    ProcFile::forEachLine(*text, [&](QByteArrayView line) {
        const auto fields = ProcFile::split(line);
        if (fields.size() < 3 + 11) // before 4.18 the kernel wrote 11 columns; fewer is a damaged line
            return;
        sawLine = true;
        const QByteArray device = fields[2].toByteArray();
        if (m_exclude.isValid() && !m_exclude.pattern().isEmpty()
            && m_exclude.match(QString::fromUtf8(device)).hasMatch())
            return;
        QVarLengthArray<double, kColumnCount> values;
        for (qsizetype i = 0; i < kColumnCount && 3 + i < fields.size(); ++i) {
            const auto v = ProcFile::toU64(fields[3 + i]);
            if (!v)
                break;
            values.append(double(*v) * kColumns[i].multiplier / kColumns[i].divisor);
        }
        if (values.size() < 11)
            return;
        for (qsizetype i = 0; i < values.size(); ++i)
            addSample(families[i], values[i], { { "device", device } });
    });
    if (!sawLine) {
        error = QStringLiteral("%1: no device lines").arg(QFile::decodeName(m_path));
        return false;
    }
    for (auto& f : families) {
        if (!f.samples.isEmpty())
            out.append(std::move(f));
    }
    return true;
}

} // namespace opsdeck::collect
