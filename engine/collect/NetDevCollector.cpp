#include "NetDevCollector.h"
#include "ProcFile.h"

#include <QFile>

namespace opsdeck::collect {

NetDevCollector::NetDevCollector(const QString& procRoot, const QString& deviceExclude)
    : m_path(QFile::encodeName(procRoot + QStringLiteral("/net/dev")))
    , m_exclude(deviceExclude)
{ }

bool NetDevCollector::collect(QList<metrics::MetricFamily>& out, QString& error)
{
    const auto text = ProcFile::read(m_path, &error);
    if (!text)
        return false;

    // Column order of /proc/net/dev (net/core/net-procfs.c, dev_seq_printf_stats).
    static const char* const kColumns[] = {
        "receive_bytes",
        "receive_packets",
        "receive_errs",
        "receive_drop",
        "receive_fifo",
        "receive_frame",
        "receive_compressed",
        "receive_multicast",
        "transmit_bytes",
        "transmit_packets",
        "transmit_errs",
        "transmit_drop",
        "transmit_fifo",
        "transmit_colls",
        "transmit_carrier",
        "transmit_compressed",
    };
    constexpr qsizetype kColumnCount = 16;
    QList<metrics::MetricFamily> families;
    families.reserve(kColumnCount);
    for (const char* c : kColumns) {
        const QByteArray stat(c);
        families.append(makeFamily("node_network_" + stat + "_total", metrics::MetricType::Counter,
            "Network device statistic " + stat + '.'));
    }

    bool sawDevice = false;
    ProcFile::forEachLine(*text, [&](QByteArrayView line) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return; // the two header lines have '|' instead
        const QByteArray device = line.first(colon).trimmed().toByteArray();
        const auto fields = ProcFile::split(line.sliced(colon + 1));
        if (device.isEmpty() || device.contains('|') || fields.size() < kColumnCount)
            return;
        QVarLengthArray<double, kColumnCount> values;
        for (qsizetype i = 0; i < kColumnCount; ++i) {
            const auto v = ProcFile::toU64(fields[i]);
            if (!v)
                return; // a damaged line reports nothing rather than a misaligned half
            values.append(double(*v));
        }
        sawDevice = true;
        if (m_exclude.isValid() && !m_exclude.pattern().isEmpty()
            && m_exclude.match(QString::fromUtf8(device)).hasMatch())
            return;
        for (qsizetype i = 0; i < kColumnCount; ++i)
            addSample(families[i], values[i], { { "device", device } });
    });
    if (!sawDevice) {
        error = QStringLiteral("%1: no interface lines").arg(QFile::decodeName(m_path));
        return false;
    }
    for (auto& f : families) {
        if (!f.samples.isEmpty())
            out.append(std::move(f));
    }
    return true;
}

} // namespace opsdeck::collect
