#include "ProfileSnapshot.h"

#include <QJsonArray>
#include <QJsonValue>

namespace opsdeck::collect {

namespace {

// Writing and reading go through the same field tables below, so a field cannot be
// written under one name and read under another.
class Writer
{
public:
    void num(const char* key, double v) { m_o.insert(QLatin1StringView(key), v); }
    void num(const char* key, const std::optional<double>& v)
    {
        if (v)
            num(key, *v);
    }
    void num(const char* key, const std::optional<int>& v)
    {
        if (v)
            num(key, double(*v));
    }
    void num(const char* key, const std::optional<quint64>& v)
    {
        if (v)
            num(key, double(*v));
    }
    void text(const char* key, const QString& v) { m_o.insert(QLatin1StringView(key), v); }
    void object(const char* key, const QJsonObject& v) { m_o.insert(QLatin1StringView(key), v); }
    void array(const char* key, const QJsonArray& v) { m_o.insert(QLatin1StringView(key), v); }
    QJsonObject take() { return std::move(m_o); }

private:
    QJsonObject m_o;
};

class Reader
{
public:
    explicit Reader(const QJsonObject& o)
        : m_o(o)
    { }
    template <typename T> void num(const char* key, T& out) const
    {
        const QJsonValue v = m_o.value(QLatin1StringView(key));
        if (v.isDouble())
            out = T(v.toDouble());
    }
    template <typename T> void num(const char* key, std::optional<T>& out) const
    {
        const QJsonValue v = m_o.value(QLatin1StringView(key));
        if (v.isDouble())
            out = T(v.toDouble());
    }
    void text(const char* key, QString& out) const { out = m_o.value(QLatin1StringView(key)).toString(); }
    QJsonObject object(const char* key) const { return m_o.value(QLatin1StringView(key)).toObject(); }
    QJsonArray array(const char* key) const { return m_o.value(QLatin1StringView(key)).toArray(); }

private:
    const QJsonObject& m_o;
};

template <typename IO, typename Cpu> void cpuFields(IO& io, Cpu& c)
{
    io.num("cpus", c.cpus);
    io.num("user_pct", c.userPct);
    io.num("nice_pct", c.nicePct);
    io.num("system_pct", c.systemPct);
    io.num("iowait_pct", c.iowaitPct);
    io.num("irq_pct", c.irqPct);
    io.num("softirq_pct", c.softirqPct);
    io.num("steal_pct", c.stealPct);
    io.num("idle_pct", c.idlePct);
    io.num("utilisation_pct", c.utilisationPct);
    io.num("run_queue", c.runQueue);
    io.num("load1", c.load1);
    io.num("psi_some_avg10", c.psiSomeAvg10);
    io.num("psi_full_avg10", c.psiFullAvg10);
    io.num("psi_some_interval_pct", c.psiSomeIntervalPct);
    io.num("psi_full_interval_pct", c.psiFullIntervalPct);
    io.num("throttled_pct", c.throttledPct);
    io.num("throttled_periods_per_sec", c.throttledPeriodsPerSec);
}

template <typename IO, typename Mem> void memoryFields(IO& io, Mem& m)
{
    io.num("total_bytes", m.totalBytes);
    io.num("available_bytes", m.availableBytes);
    io.num("used_bytes", m.usedBytes);
    io.num("utilisation_pct", m.utilisationPct);
    io.num("swap_total_bytes", m.swapTotalBytes);
    io.num("swap_free_bytes", m.swapFreeBytes);
    io.num("psi_some_avg10", m.psiSomeAvg10);
    io.num("psi_full_avg10", m.psiFullAvg10);
    io.num("psi_some_interval_pct", m.psiSomeIntervalPct);
    io.num("psi_full_interval_pct", m.psiFullIntervalPct);
    io.num("major_faults_per_sec", m.majorFaultsPerSec);
    io.num("swap_in_pages_per_sec", m.swapInPagesPerSec);
    io.num("swap_out_pages_per_sec", m.swapOutPagesPerSec);
    io.num("direct_scan_pages_per_sec", m.directScanPagesPerSec);
    io.num("oom_kills", m.oomKills);
    io.num("oom_kills_in_interval", m.oomKillsInInterval);
}

template <typename IO, typename Disk> void diskFields(IO& io, Disk& d)
{
    io.text("device", d.device);
    io.num("utilisation_pct", d.utilisationPct);
    io.num("await_ms", d.awaitMs);
    io.num("queue_depth", d.queueDepth);
    io.num("reads_per_sec", d.readsPerSec);
    io.num("writes_per_sec", d.writesPerSec);
    io.num("read_bytes_per_sec", d.readBytesPerSec);
    io.num("write_bytes_per_sec", d.writeBytesPerSec);
    io.num("io_errors", d.ioErrors);
}

template <typename IO, typename Net> void netFields(IO& io, Net& n)
{
    io.text("interface", n.interface);
    io.num("rx_bytes_per_sec", n.rxBytesPerSec);
    io.num("tx_bytes_per_sec", n.txBytesPerSec);
    io.num("link_bytes_per_sec", n.linkBytesPerSec);
    io.num("utilisation_pct", n.utilisationPct);
    io.num("drops_per_sec", n.dropsPerSec);
    io.num("errors_per_sec", n.errorsPerSec);
}

template <typename IO, typename Tcp> void tcpFields(IO& io, Tcp& t)
{
    io.num("retrans_segs_per_sec", t.retransSegsPerSec);
    io.num("out_segs_per_sec", t.outSegsPerSec);
    io.num("retrans_pct", t.retransPct);
    io.num("listen_overflows_per_sec", t.listenOverflowsPerSec);
    io.num("listen_drops_per_sec", t.listenDropsPerSec);
    io.num("current_established", t.currentEstablished);
}

template <typename IO, typename Fd> void fdFields(IO& io, Fd& f)
{
    io.num("allocated", f.allocated);
    io.num("max", f.max);
    io.num("utilisation_pct", f.utilisationPct);
}

template <typename IO, typename Comp> void componentFields(IO& io, Comp& c)
{
    io.text("name", c.name);
    io.text("kind", c.kind);
    io.num("processes", c.processes);
    io.num("top_pid", c.topPid);
    io.text("top_command", c.topCommand);
    io.num("cpu_pct", c.cpuPct);
    io.num("rss_bytes", c.rssBytes);
    io.num("read_bytes_per_sec", c.readBytesPerSec);
    io.num("write_bytes_per_sec", c.writeBytesPerSec);
    io.num("context_switches_per_sec", c.contextSwitchesPerSec);
    io.num("minor_faults_per_sec", c.minorFaultsPerSec);
    io.num("major_faults_per_sec", c.majorFaultsPerSec);
    io.num("threads", c.threads);
    io.num("open_files", c.openFiles);
}

template <typename IO, typename P> void profileFields(IO& io, P& p)
{
    io.num("pid", p.pid);
    io.num("frequency_hz", p.frequencyHz);
    io.num("seconds", p.seconds);
    io.num("samples", p.samples);
    io.num("lost_samples", p.lostSamples);
    io.text("event", p.event);
}

template <typename T, typename Fields> QJsonObject write(const T& value, Fields fields)
{
    Writer w;
    fields(w, value);
    return w.take();
}

template <typename T, typename Fields> T read(const QJsonObject& o, Fields fields)
{
    T value;
    Reader r(o);
    fields(r, value);
    return value;
}

template <typename T, typename Fields> QJsonArray writeList(const QList<T>& list, Fields fields)
{
    QJsonArray a;
    for (const T& item : list)
        a.append(write(item, fields));
    return a;
}

template <typename T, typename Fields> QList<T> readList(const QJsonArray& a, Fields fields)
{
    QList<T> list;
    list.reserve(a.size());
    for (const QJsonValue& v : a)
        if (v.isObject())
            list.append(read<T>(v.toObject(), fields));
    return list;
}

// The field table of a struct as a callable for write()/read()/writeList()/readList().
#define OPSDECK_FIELDS(fn) [](auto& fieldIo, auto& value) { fn(fieldIo, value); }

} // namespace

QJsonObject toJson(const ProfileSnapshot& s)
{
    Writer w;
    w.text("host", s.host);
    w.num("timestamp_ms", double(s.timestampMs));
    w.num("interval_ms", s.intervalMs);
    w.num("collect_us", double(s.collectUs));
    w.text("kernel", s.kernel);
    w.object("cpu", write(s.cpu, OPSDECK_FIELDS(cpuFields)));
    w.object("memory", write(s.memory, OPSDECK_FIELDS(memoryFields)));
    QJsonObject io;
    if (s.ioPsiSomeAvg10)
        io.insert(QLatin1StringView("psi_some_avg10"), *s.ioPsiSomeAvg10);
    if (s.ioPsiFullAvg10)
        io.insert(QLatin1StringView("psi_full_avg10"), *s.ioPsiFullAvg10);
    if (s.ioPsiSomeIntervalPct)
        io.insert(QLatin1StringView("psi_some_interval_pct"), *s.ioPsiSomeIntervalPct);
    if (s.ioPsiFullIntervalPct)
        io.insert(QLatin1StringView("psi_full_interval_pct"), *s.ioPsiFullIntervalPct);
    w.object("io", io);
    w.array("disks", writeList(s.disks, OPSDECK_FIELDS(diskFields)));
    w.array("interfaces", writeList(s.interfaces, OPSDECK_FIELDS(netFields)));
    w.object("tcp", write(s.tcp, OPSDECK_FIELDS(tcpFields)));
    w.object("fds", write(s.fds, OPSDECK_FIELDS(fdFields)));
    w.array("components", writeList(s.components, OPSDECK_FIELDS(componentFields)));
    w.array("notes", QJsonArray::fromStringList(s.notes));
    return w.take();
}

std::optional<ProfileSnapshot> profileSnapshotFromJson(const QJsonObject& json, QString* error)
{
    if (!json.value(QLatin1StringView("cpu")).isObject() || !json.value(QLatin1StringView("memory")).isObject()) {
        if (error)
            *error = QStringLiteral("not a profile snapshot: no \"cpu\" and \"memory\" objects");
        return std::nullopt;
    }
    ProfileSnapshot s;
    const Reader r(json);
    r.text("host", s.host);
    r.num("timestamp_ms", s.timestampMs);
    r.num("interval_ms", s.intervalMs);
    r.num("collect_us", s.collectUs);
    r.text("kernel", s.kernel);
    s.cpu = read<CpuUse>(r.object("cpu"), OPSDECK_FIELDS(cpuFields));
    s.memory = read<MemoryUse>(r.object("memory"), OPSDECK_FIELDS(memoryFields));
    const QJsonObject io = r.object("io");
    const Reader ior(io);
    ior.num("psi_some_avg10", s.ioPsiSomeAvg10);
    ior.num("psi_full_avg10", s.ioPsiFullAvg10);
    ior.num("psi_some_interval_pct", s.ioPsiSomeIntervalPct);
    ior.num("psi_full_interval_pct", s.ioPsiFullIntervalPct);
    s.disks = readList<DiskUse>(r.array("disks"), OPSDECK_FIELDS(diskFields));
    s.interfaces = readList<NetUse>(r.array("interfaces"), OPSDECK_FIELDS(netFields));
    s.tcp = read<TcpUse>(r.object("tcp"), OPSDECK_FIELDS(tcpFields));
    s.fds = read<FdUse>(r.object("fds"), OPSDECK_FIELDS(fdFields));
    s.components = readList<ComponentUse>(r.array("components"), OPSDECK_FIELDS(componentFields));
    for (const QJsonValue& v : r.array("notes"))
        s.notes.append(v.toString());
    return s;
}

QJsonObject toJson(const CpuProfile& p)
{
    QJsonObject o = write(p, OPSDECK_FIELDS(profileFields));
    o.insert(QLatin1StringView("truncated"), p.truncated);
    o.insert(QLatin1StringView("folded"), QString::fromUtf8(p.folded));
    return o;
}

std::optional<CpuProfile> cpuProfileFromJson(const QJsonObject& json, QString* error)
{
    if (!json.value(QLatin1StringView("folded")).isString()) {
        if (error)
            *error = QStringLiteral("not a CPU profile: no \"folded\" text");
        return std::nullopt;
    }
    CpuProfile p = read<CpuProfile>(json, OPSDECK_FIELDS(profileFields));
    p.truncated = json.value(QLatin1StringView("truncated")).toBool();
    p.folded = json.value(QLatin1StringView("folded")).toString().toUtf8();
    return p;
}

#undef OPSDECK_FIELDS

} // namespace opsdeck::collect
