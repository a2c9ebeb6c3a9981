#include "NodeFleetDataset.h"

#include "dashboard/PanelDefinition.h"

#include <QList>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>

namespace NodeFleetDataset {

namespace {

// splitmix64, as ConformanceDataset: the same numbers with every standard library.
struct Random
{
    std::uint64_t state;
    explicit Random(std::uint64_t seed)
        : state(seed)
    { }
    double uniform()
    {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return double((z ^ (z >> 31)) >> 11) / double(1ULL << 53);
    }
};

constexpr int kRebootingHost = 3;

QByteArray ts(qint64 ms)
{
    char buf[64];
    std::snprintf(
        buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ms / 1000), static_cast<long long>(ms % 1000));
    return buf;
}

QByteArray num(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

double round(double v, double unit)
{
    return std::round(v / unit) * unit;
}

// One series: its labels after the metric name, and how it moves.
struct Series
{
    QByteArray labels; // without braces, instance and job first
    double start = 0; // counter: value at the start; gauge: the mean
    double rate = 0; // counter: per second on average; 0 for a gauge
    double spread = 0; // gauge: relative amplitude of the walk; counter: relative rate jitter
    double unit = 1; // resolution of the value
};

struct Family
{
    QByteArray name; // sample name (counters end in _total)
    bool counter = false;
    QList<Series> series;
};

QList<Family> families(int hosts)
{
    // A deque, so that the references handed out below stay valid as families are added.
    std::deque<Family> out;
    auto family = [&out](const char* name, bool counter) -> Family& {
        out.push_back(Family { name, counter, {} });
        return out.back();
    };
    Random r(20231114);
    auto labelsFor = [](int h, const QByteArray& more) {
        QByteArray l = "instance=\"" + instance(h).toLatin1() + "\",job=\"node\"";
        return more.isEmpty() ? l : l + ',' + more;
    };
    Family& cpu = family("node_cpu_seconds_total", true);
    Family& memTotal = family("node_memory_MemTotal_bytes", false);
    Family& memAvail = family("node_memory_MemAvailable_bytes", false);
    Family& memFree = family("node_memory_MemFree_bytes", false);
    Family& memCached = family("node_memory_Cached_bytes", false);
    Family& load1 = family("node_load1", false);
    Family& load5 = family("node_load5", false);
    Family& load15 = family("node_load15", false);
    Family& ctxt = family("node_context_switches_total", true);
    Family& intr = family("node_intr_total", true);
    Family& running = family("node_procs_running", false);
    Family& blocked = family("node_procs_blocked", false);
    Family& diskRead = family("node_disk_read_bytes_total", true);
    Family& diskWritten = family("node_disk_written_bytes_total", true);
    Family& diskReads = family("node_disk_reads_completed_total", true);
    Family& diskWrites = family("node_disk_writes_completed_total", true);
    Family& diskIo = family("node_disk_io_time_seconds_total", true);
    Family& rx = family("node_network_receive_bytes_total", true);
    Family& tx = family("node_network_transmit_bytes_total", true);
    Family& rxPackets = family("node_network_receive_packets_total", true);
    Family& rxErrs = family("node_network_receive_errs_total", true);
    Family& fsSize = family("node_filesystem_size_bytes", false);
    Family& fsAvail = family("node_filesystem_avail_bytes", false);
    Family& up = family("up", false);
    for (int h = 0; h < hosts; ++h) {
        const double busy = 0.05 + 0.6 * r.uniform(); // share of a CPU outside idle
        for (const char* c : { "0", "1" }) {
            const QList<QPair<const char*, double>> modes { { "idle", 1 - busy }, { "iowait", busy * 0.1 },
                { "irq", busy * 0.01 }, { "nice", busy * 0.02 }, { "softirq", busy * 0.03 },
                { "steal", busy * 0.005 }, { "system", busy * 0.3 }, { "user", busy * 0.535 } };
            for (const auto& [mode, share] : modes)
                cpu.series.append({ labelsFor(h, QByteArray("cpu=\"") + c + "\",mode=\"" + mode + '"'),
                    round(1e5 * r.uniform() * share, 0.01), share, 0.3, 0.01 });
        }
        const double total = 4e9 * (1 + int(r.uniform() * 4));
        memTotal.series.append({ labelsFor(h, {}), total, 0, 0, 1 });
        memAvail.series.append({ labelsFor(h, {}), total * (0.2 + 0.6 * r.uniform()), 0, 0.05, 4096 });
        memFree.series.append({ labelsFor(h, {}), total * (0.05 + 0.1 * r.uniform()), 0, 0.1, 4096 });
        memCached.series.append({ labelsFor(h, {}), total * (0.1 + 0.3 * r.uniform()), 0, 0.05, 4096 });
        const double load = 4 * busy;
        load1.series.append({ labelsFor(h, {}), load, 0, 0.4, 0.01 });
        load5.series.append({ labelsFor(h, {}), load, 0, 0.2, 0.01 });
        load15.series.append({ labelsFor(h, {}), load, 0, 0.1, 0.01 });
        ctxt.series.append({ labelsFor(h, {}), round(1e9 * r.uniform(), 1), 2000 + 8000 * busy, 0.3, 1 });
        intr.series.append({ labelsFor(h, {}), round(1e9 * r.uniform(), 1), 1000 + 4000 * busy, 0.3, 1 });
        running.series.append({ labelsFor(h, {}), 1 + 4 * busy, 0, 0.5, 1 });
        blocked.series.append({ labelsFor(h, {}), 0.5, 0, 1, 1 });
        for (const char* dev : { "vda", "vdb" }) {
            const QByteArray d = QByteArray("device=\"") + dev + '"';
            const double io = r.uniform();
            diskRead.series.append({ labelsFor(h, d), round(1e11 * r.uniform(), 512), 2e5 + 4e6 * io, 0.5, 512 });
            diskWritten.series.append(
                { labelsFor(h, d), round(1e11 * r.uniform(), 512), 5e5 + 8e6 * io, 0.5, 512 });
            diskReads.series.append({ labelsFor(h, d), round(1e7 * r.uniform(), 1), 10 + 200 * io, 0.5, 1 });
            diskWrites.series.append({ labelsFor(h, d), round(1e7 * r.uniform(), 1), 20 + 400 * io, 0.5, 1 });
            diskIo.series.append(
                { labelsFor(h, d), round(1e5 * r.uniform(), 0.001), 0.01 + 0.5 * io, 0.5, 0.001 });
        }
        for (const char* dev : { "lo", "eth0" }) {
            const QByteArray d = QByteArray("device=\"") + dev + '"';
            const double net = r.uniform();
            rx.series.append({ labelsFor(h, d), round(1e12 * r.uniform(), 1), 1e5 + 5e7 * net, 0.4, 1 });
            tx.series.append({ labelsFor(h, d), round(1e12 * r.uniform(), 1), 8e4 + 3e7 * net, 0.4, 1 });
            rxPackets.series.append({ labelsFor(h, d), round(1e9 * r.uniform(), 1), 100 + 3e4 * net, 0.4, 1 });
            rxErrs.series.append({ labelsFor(h, d), round(100 * r.uniform(), 1), 0.02, 1, 1 });
        }
        const QList<QPair<QByteArray, QByteArray>> mounts { { "/dev/vda1", "/" }, { "/dev/vdb1", "/var" },
            { "tmpfs", "/run" } };
        for (const auto& [dev, mp] : mounts) {
            const QByteArray fs = "device=\"" + dev + "\",fstype=\"" + (dev == "tmpfs" ? "tmpfs" : "ext4")
                + "\",mountpoint=\"" + mp + '"';
            const double size = 1e10 * (1 + int(r.uniform() * 20));
            fsSize.series.append({ labelsFor(h, fs), size, 0, 0, 1 });
            fsAvail.series.append({ labelsFor(h, fs), size * (0.1 + 0.8 * r.uniform()), 0, 0.01, 4096 });
        }
        up.series.append({ labelsFor(h, {}), 1, 0, 0, 1 });
    }
    return QList<Family>(out.begin(), out.end());
}

} // namespace

QString instance(int host)
{
    return QStringLiteral("host-%1:9100").arg(host, 3, 10, QLatin1Char('0'));
}

QByteArray openMetrics(int hosts, qint64 spanMs)
{
    const QList<Family> all = families(hosts);
    QByteArray out;
    out.reserve(qsizetype(hosts) * 90 * (spanMs / kScrapeMs + 1) * 110);
    Random r(7);
    for (const Family& f : all) {
        const QByteArray typeName = f.counter ? f.name.chopped(6) : f.name;
        out += "# TYPE " + typeName + (f.counter ? " counter\n" : " gauge\n");
        for (const Series& s : f.series) {
            // The host number is the 4th..6th characters of the instance value.
            const int host = s.labels.mid(15, 3).toInt();
            const qint64 offsetMs = (qint64(host) * 1'370) % kScrapeMs;
            const QByteArray prefix = f.name + '{' + s.labels + "} ";
            double value = s.start;
            qint64 previousMs = 0;
            for (qint64 t = kStartMs + offsetMs; t <= kStartMs + spanMs; t += kScrapeMs) {
                if (f.counter) {
                    if (previousMs != 0) {
                        const double dt = double(t - previousMs) / 1000.0;
                        value += s.rate * dt * (1 + s.spread * (2 * r.uniform() - 1));
                    }
                    if (host == kRebootingHost && previousMs != 0 && previousMs < kStartMs + spanMs / 2
                        && t >= kStartMs + spanMs / 2)
                        value = s.rate * 7; // restarted 7 s before this scrape
                    value = round(value, s.unit);
                } else if (s.spread > 0) {
                    value = round(s.start * (1 + s.spread * (2 * r.uniform() - 1)), s.unit);
                }
                previousMs = t;
                out += prefix + num(value) + ' ' + ts(t) + '\n';
            }
        }
    }
    out += "# EOF\n";
    return out;
}

QStringList dashboardQueries()
{
    QStringList out;
    for (const opsdeck::dashboard::PanelDefinition& p : opsdeck::dashboard::defaultHostPanels())
        out.append(opsdeck::dashboard::expandHostVariable(p.query, {}));
    const QString fs = QStringLiteral("fstype!~\"tmpfs|devtmpfs|ramfs|overlay|squashfs|iso9660|nsfs|autofs\"");
    out += QStringList {
        QStringLiteral("sum by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[1m]))"),
        QStringLiteral("avg by (mode) (rate(node_cpu_seconds_total{mode!=\"idle\"}[5m]))"),
        QStringLiteral("1 - avg by (instance) (rate(node_cpu_seconds_total{mode=\"idle\"}[5m]))"),
        QStringLiteral("topk(5, sum by (instance) (rate(node_cpu_seconds_total{mode=\"user\"}[1m])))"),
        QStringLiteral("sum by (instance) (irate(node_cpu_seconds_total{mode=\"iowait\"}[1m]))"),
        QStringLiteral("count by (instance) (node_cpu_seconds_total{mode=\"idle\"})"),
        QStringLiteral("1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes"),
        QStringLiteral("sum(node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes)"),
        QStringLiteral("avg_over_time(node_memory_MemFree_bytes[5m])"),
        QStringLiteral("node_memory_Cached_bytes / node_memory_MemTotal_bytes * 100"),
        QStringLiteral("node_load1 / on (instance) count by (instance) (node_cpu_seconds_total{mode=\"idle\"})"),
        QStringLiteral("max_over_time(node_load5[10m])"),
        QStringLiteral("topk(3, node_load15)"),
        QStringLiteral("rate(node_context_switches_total[1m])"),
        QStringLiteral("sum(rate(node_intr_total[5m]))"),
        QStringLiteral("sum by (instance) (node_procs_running)"),
        QStringLiteral("max(node_procs_blocked)"),
        QStringLiteral("sum by (instance) (rate(node_disk_read_bytes_total[5m]))"),
        QStringLiteral("sum by (device) (rate(node_disk_written_bytes_total[1m]))"),
        QStringLiteral("rate(node_disk_reads_completed_total[1m]) + rate(node_disk_writes_completed_total[1m])"),
        QStringLiteral("rate(node_disk_io_time_seconds_total[1m]) * 100"),
        QStringLiteral("sum by (instance) (rate(node_network_receive_bytes_total{device!=\"lo\"}[1m]) * 8)"),
        QStringLiteral("topk(5, rate(node_network_transmit_bytes_total{device!=\"lo\"}[5m]))"),
        QStringLiteral("increase(node_network_receive_errs_total[10m])"),
        QStringLiteral("min by (instance) (node_filesystem_avail_bytes{") + fs
            + QStringLiteral("} / node_filesystem_size_bytes{") + fs + QStringLiteral("})"),
        QStringLiteral("count(up == 1)"),
    };
    return out;
}

} // namespace NodeFleetDataset
