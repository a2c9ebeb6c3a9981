#include "NetClassCollector.h"
#include "ProcFile.h"

#include <QDir>
#include <QFile>

namespace opsdeck::collect {

using metrics::MetricType;

NetClassCollector::NetClassCollector(const QString& sysRoot)
    : m_netDir(sysRoot + QStringLiteral("/class/net"))
{ }

bool NetClassCollector::collect(QList<metrics::MetricFamily>& out, QString& error)
{
    const QDir dir(m_netDir);
    if (!dir.exists()) {
        error = QStringLiteral("%1: no such directory").arg(m_netDir);
        return false;
    }
    auto info = makeFamily("node_network_info", MetricType::Gauge,
        "Non-numeric data from /sys/class/net/<iface>, value is always 1.");
    auto up = makeFamily("node_network_up", MetricType::Gauge, "Value is 1 if operstate is 'up', 0 otherwise.");
    auto carrier = makeFamily("node_network_carrier", MetricType::Gauge, "Network device property: carrier");
    auto carrierChanges = makeFamily("node_network_carrier_changes_total", MetricType::Counter,
        "Network device property: carrier_changes_total");
    auto carrierUp = makeFamily("node_network_carrier_up_changes_total", MetricType::Counter,
        "Network device property: carrier_up_changes_total");
    auto carrierDown = makeFamily("node_network_carrier_down_changes_total", MetricType::Counter,
        "Network device property: carrier_down_changes_total");
    auto txQueue = makeFamily(
        "node_network_transmit_queue_length", MetricType::Gauge, "Network device property: transmit_queue_length");
    auto mtu = makeFamily("node_network_mtu_bytes", MetricType::Gauge, "Network device property: mtu_bytes");
    auto speed = makeFamily("node_network_speed_bytes", MetricType::Gauge, "Network device property: speed_bytes");

    // Entries are symlinks into /sys/devices; QDir lists them with System.
    const QStringList devices = dir.entryList(QDir::Dirs | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString& dev : devices) {
        const QByteArray base = QFile::encodeName(m_netDir + u'/' + dev) + '/';
        const QByteArray device = dev.toUtf8();
        const auto operstate = ProcFile::readLine(base + "operstate");
        if (!operstate)
            continue; // not an interface directory (e.g. bonding_masters)
        addSample(info, 1,
            { { "device", device }, { "address", ProcFile::readLine(base + "address").value_or(QByteArray()) },
                { "broadcast", ProcFile::readLine(base + "broadcast").value_or(QByteArray()) },
                { "duplex", ProcFile::readLine(base + "duplex").value_or(QByteArray()) },
                { "ifalias", ProcFile::readLine(base + "ifalias").value_or(QByteArray()) },
                { "operstate", *operstate } });
        addSample(up, *operstate == "up" ? 1 : 0, { { "device", device } });
        if (const auto v = ProcFile::readLine(base + "carrier"); v && ProcFile::toU64(*v))
            addSample(carrier, double(*ProcFile::toU64(*v)), { { "device", device } });
        if (const auto v = ProcFile::readLine(base + "carrier_changes"); v && ProcFile::toU64(*v))
            addSample(carrierChanges, double(*ProcFile::toU64(*v)), { { "device", device } });
        auto counter = [&](metrics::MetricFamily& family, const char* file) {
            if (const auto v = ProcFile::readLine(base + file); v && ProcFile::toU64(*v))
                addSample(family, double(*ProcFile::toU64(*v)), { { "device", device } });
        };
        counter(carrierUp, "carrier_up_count");
        counter(carrierDown, "carrier_down_count");
        counter(txQueue, "tx_queue_len");
        counter(mtu, "mtu");
        if (const auto v = ProcFile::readLine(base + "speed"); v) {
            const auto mbits = ProcFile::toI64(*v);
            if (mbits && *mbits >= 0)
                addSample(speed, double(*mbits) * 125000.0, { { "device", device } }); // Mbit/s -> bytes/s
        }
    }
    if (info.samples.isEmpty()) {
        error = QStringLiteral("%1: no interfaces").arg(m_netDir);
        return false;
    }
    for (auto* f : { &info, &up, &carrier, &carrierChanges, &carrierUp, &carrierDown, &txQueue, &mtu, &speed }) {
        if (!f->samples.isEmpty())
            out.append(std::move(*f));
    }
    return true;
}

} // namespace opsdeck::collect
