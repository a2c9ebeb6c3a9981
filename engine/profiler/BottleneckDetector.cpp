#include "profiler/BottleneckDetector.h"

#include "profiler/FleetProfiler.h"
#include "profiler/ProfilerFormat.h"
#include "query/QuerySource.h"

#include <QCoreApplication>
#include <QDateTime>

#include <algorithm>
#include <cmath>

namespace opsdeck::profiler {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Bottleneck", text);
}

// What kind of signal raised a resource: errors and saturation rank before
// utilisation (USE method).
enum class Kind {
    Utilisation = 1,
    Saturation = 2,
    Errors = 3,
};

struct Finding
{
    QString resource;
    QString label; // "disk sda" as the sentence names it
    Severity severity = Severity::Ok;
    Kind kind = Kind::Utilisation;
    double ratio = 0; // the strongest signal over its warning threshold
    QStringList evidence;
    QString measure;
    std::optional<double> current;

    // One signal: value against its warning / critical thresholds (critical <= 0: none).
    // Adds its evidence when it crosses the warning threshold.
    bool signal(Kind signalKind, double value, double warn, double critical, const QString& text,
        Severity cap = Severity::Critical, const QString& measureName = {})
    {
        if (!(value >= warn) || warn <= 0)
            return false;
        Severity s = (critical > 0 && value >= critical) ? Severity::Critical : Severity::Warning;
        if (static_cast<int>(s) > static_cast<int>(cap))
            s = cap;
        raise(s, signalKind, value / warn, measureName, value);
        evidence.append(text);
        return true;
    }
    void raise(Severity s, Kind signalKind, double signalRatio, const QString& measureName = {},
        std::optional<double> value = {})
    {
        const auto key = [](Severity sev, Kind k) { return static_cast<int>(sev) * 10 + static_cast<int>(k); };
        if (key(s, signalKind) > key(severity, kind)
            || (key(s, signalKind) == key(severity, kind) && signalRatio > ratio)) {
            if (!measureName.isEmpty()) {
                measure = measureName;
                current = value;
            }
        }
        if (key(s, signalKind) > key(severity, kind)) {
            severity = s;
            kind = signalKind;
            ratio = signalRatio;
        } else if (key(s, signalKind) == key(severity, kind)) {
            ratio = std::max(ratio, signalRatio);
        }
        if (measure.isEmpty() && !measureName.isEmpty()) {
            measure = measureName;
            current = value;
        }
    }
    double score() const
    {
        return static_cast<int>(severity) * 1000.0 + static_cast<int>(kind) * 100.0 + std::min(ratio, 9.9) * 10.0;
    }
};

QString stateWord(const Finding& f)
{
    switch (f.kind) {
    case Kind::Errors:
        return tr("shows errors");
    case Kind::Saturation:
        return tr("saturated");
    case Kind::Utilisation:
        break;
    }
    return tr("busy");
}

double readWrite(const collect::ComponentUse& c)
{
    return c.readBytesPerSec.value_or(0) + c.writeBytesPerSec.value_or(0);
}

QList<collect::ComponentUse> topComponents(const collect::ProfileSnapshot& s, const QString& resource, int max)
{
    QList<collect::ComponentUse> list = s.components;
    if (resource == QLatin1String("cpu")) {
        std::stable_sort(
            list.begin(), list.end(), [](const auto& a, const auto& b) { return a.cpuPct > b.cpuPct; });
        list.erase(
            std::remove_if(list.begin(), list.end(), [](const auto& c) { return c.cpuPct <= 0; }), list.end());
    } else if (resource == QLatin1String("memory")) {
        std::stable_sort(
            list.begin(), list.end(), [](const auto& a, const auto& b) { return a.rssBytes > b.rssBytes; });
    } else if (resource.startsWith(QLatin1String("disk"))) {
        std::stable_sort(
            list.begin(), list.end(), [](const auto& a, const auto& b) { return readWrite(a) > readWrite(b); });
        list.erase(
            std::remove_if(list.begin(), list.end(), [](const auto& c) { return readWrite(c) <= 0; }), list.end());
    } else {
        // net, tcp, fds, network: who holds most open files (sockets among them), as a hint.
        std::stable_sort(list.begin(), list.end(),
            [](const auto& a, const auto& b) { return a.openFiles.value_or(-1) > b.openFiles.value_or(-1); });
        list.erase(
            std::remove_if(list.begin(), list.end(), [](const auto& c) { return !c.openFiles; }), list.end());
    }
    if (list.size() > max)
        list.resize(std::max(0, max));
    return list;
}

QString who(const collect::ComponentUse& c)
{
    return tr("%1 (pid %2)").arg(c.name).arg(c.topPid);
}

QString componentPhrase(
    const QString& resource, const QList<collect::ComponentUse>& top, const collect::ProfileSnapshot& s)
{
    if (top.isEmpty())
        return {};
    const collect::ComponentUse& c = top.constFirst();
    if (resource == QLatin1String("cpu"))
        return tr("%1 uses %2 CPU").arg(who(c), formatPercent(c.cpuPct));
    if (resource == QLatin1String("memory")) {
        QString phrase = tr("%1 holds %2").arg(who(c), formatBytes(static_cast<double>(c.rssBytes)));
        const auto faulter = std::max_element(s.components.cbegin(), s.components.cend(),
            [](const auto& a, const auto& b) { return a.majorFaultsPerSec < b.majorFaultsPerSec; });
        if (faulter != s.components.cend() && faulter->majorFaultsPerSec >= 1)
            phrase += tr(", %1 faults %2 pages/s").arg(who(*faulter), formatNumber(faulter->majorFaultsPerSec));
        return phrase;
    }
    if (resource.startsWith(QLatin1String("disk"))) {
        const double reads = c.readBytesPerSec.value_or(0);
        const double writes = c.writeBytesPerSec.value_or(0);
        return writes >= reads ? tr("%1 writes %2/s").arg(who(c), formatBytes(writes))
                               : tr("%1 reads %2/s").arg(who(c), formatBytes(reads));
    }
    return tr("%1 has the most open files (%2)").arg(who(c)).arg(c.openFiles.value_or(0));
}

void checkCpu(const HostProfile& h, const DetectorOptions& o, QList<Finding>& out)
{
    const collect::CpuUse& c = h.snapshot.cpu;
    Finding f;
    f.resource = QStringLiteral("cpu");
    f.label = tr("CPU");
    const int cpus = std::max(1, c.cpus);
    const double queue = c.runQueue / cpus;
    if (c.psiSomeAvg10) {
        // Sustained: avg10 averages over 10 s, so a one-second spike cannot raise it far.
        f.signal(Kind::Saturation, *c.psiSomeAvg10, o.cpuPsiWarnPct, o.cpuPsiCriticalPct,
            tr("PSI cpu some %1").arg(formatPercent(*c.psiSomeAvg10)), Severity::Critical, tr("PSI cpu some"));
        // Fast: the interval's stall share, only with a run queue beside it (two signals).
        if (c.psiSomeIntervalPct && *c.psiSomeIntervalPct >= o.cpuPsiWarnPct && queue >= o.runQueuePerCpuWarn
            && f.severity == Severity::Ok) {
            f.raise(Severity::Warning, Kind::Saturation, *c.psiSomeIntervalPct / o.cpuPsiWarnPct,
                tr("PSI cpu some"), *c.psiSomeIntervalPct);
            f.evidence.append(tr("PSI cpu some %1 over the last %2 ms")
                                  .arg(formatPercent(*c.psiSomeIntervalPct))
                                  .arg(h.snapshot.intervalMs));
        }
    } else if (c.utilisationPct >= o.cpuUtilisationWarnPct) {
        // No PSI (kernel < 4.20): the run queue with a busy CPU.
        f.signal(Kind::Saturation, queue, o.runQueuePerCpuWarn, o.runQueuePerCpuCritical,
            tr("run queue %1 on %2 CPUs").arg(formatNumber(c.runQueue)).arg(cpus), Severity::Critical,
            tr("run queue per CPU"));
    }
    if (c.throttledPct)
        f.signal(Kind::Saturation, *c.throttledPct, o.cpuThrottledWarnPct, o.cpuThrottledCriticalPct,
            tr("throttled %1 of the time").arg(formatPercent(*c.throttledPct)));
    if (f.severity != Severity::Ok) {
        if (c.psiSomeAvg10 && queue > 1)
            f.evidence.append(tr("run queue %1 on %2 CPUs").arg(formatNumber(c.runQueue)).arg(cpus));
        f.evidence.append(tr("utilisation %1").arg(formatPercent(c.utilisationPct)));
        if (c.stealPct >= 10)
            f.evidence.append(tr("steal %1").arg(formatPercent(c.stealPct)));
        out.append(f);
    }
}

void checkMemory(const HostProfile& h, const DetectorOptions& o, QList<Finding>& out)
{
    const collect::MemoryUse& m = h.snapshot.memory;
    Finding f;
    f.resource = QStringLiteral("memory");
    f.label = tr("memory");
    if (m.oomKillsInInterval > 0) {
        f.raise(Severity::Critical, Kind::Errors, 10, tr("OOM kills"), static_cast<double>(m.oomKillsInInterval));
        f.evidence.append(QCoreApplication::translate(
            "Bottleneck", "%n OOM kill(s)", nullptr, static_cast<int>(m.oomKillsInInterval)));
    }
    bool pressure = false;
    if (m.psiFullAvg10)
        pressure |= f.signal(Kind::Saturation, *m.psiFullAvg10, o.memoryPsiFullCriticalPct,
            o.memoryPsiFullCriticalPct, tr("PSI memory full %1").arg(formatPercent(*m.psiFullAvg10)),
            Severity::Critical, tr("PSI memory full"));
    if (m.psiSomeAvg10)
        pressure |= f.signal(Kind::Saturation, *m.psiSomeAvg10, o.memoryPsiSomeWarnPct, 0,
            tr("PSI memory some %1").arg(formatPercent(*m.psiSomeAvg10)), Severity::Warning,
            tr("PSI memory some"));
    const double swap = m.swapInPagesPerSec + m.swapOutPagesPerSec;
    f.signal(Kind::Saturation, swap, o.swapPagesPerSecWarn, o.swapPagesPerSecCritical,
        tr("swapping %1 pages/s").arg(formatNumber(swap)));
    // Major faults alone happen when programs start (their binaries are read in);
    // Critical only with memory pressure beside them, or without PSI to say otherwise.
    const bool corroborated = pressure || !m.psiSomeAvg10;
    f.signal(Kind::Saturation, m.majorFaultsPerSec, o.majorFaultsPerSecWarn, o.majorFaultsPerSecCritical,
        tr("%1 major faults/s").arg(formatNumber(m.majorFaultsPerSec)),
        corroborated ? Severity::Critical : Severity::Warning);
    f.signal(Kind::Saturation, m.directScanPagesPerSec, o.directScanPagesPerSecWarn, 0,
        tr("direct reclaim scans %1 pages/s").arg(formatNumber(m.directScanPagesPerSec)), Severity::Warning);
    // Utilisation: Critical only when it comes with a saturation signal.
    f.signal(Kind::Utilisation, m.utilisationPct, o.memoryUtilisationWarnPct, o.memoryUtilisationCriticalPct,
        tr("%1 used (%2 of %3)")
            .arg(formatPercent(m.utilisationPct), formatBytes(static_cast<double>(m.usedBytes)),
                formatBytes(static_cast<double>(m.totalBytes))),
        f.severity == Severity::Ok ? Severity::Warning : Severity::Critical, tr("memory used"));
    if (f.severity != Severity::Ok)
        out.append(f);
}

void checkDisks(const HostProfile& h, const DetectorOptions& o, QList<Finding>& out)
{
    const collect::ProfileSnapshot& s = h.snapshot;
    // Host-wide I/O pressure is charged to the busiest disk.
    qsizetype busiest = -1;
    for (qsizetype i = 0; i < s.disks.size(); ++i) {
        const auto& d = s.disks.at(i);
        if (busiest < 0 || d.utilisationPct > s.disks.at(busiest).utilisationPct
            || (d.utilisationPct == s.disks.at(busiest).utilisationPct
                && d.queueDepth > s.disks.at(busiest).queueDepth))
            busiest = i;
    }
    const auto pressure = [&](Finding& f) {
        if (s.ioPsiFullAvg10)
            f.signal(Kind::Saturation, *s.ioPsiFullAvg10, o.ioPsiFullWarnPct, o.ioPsiFullCriticalPct,
                tr("PSI io full %1").arg(formatPercent(*s.ioPsiFullAvg10)), Severity::Critical, tr("PSI io full"));
        if (s.ioPsiSomeAvg10)
            f.signal(Kind::Saturation, *s.ioPsiSomeAvg10, o.ioPsiSomeWarnPct, 0,
                tr("PSI io some %1").arg(formatPercent(*s.ioPsiSomeAvg10)), Severity::Warning, tr("PSI io some"));
    };
    if (busiest < 0) {
        Finding f;
        f.resource = QStringLiteral("disk");
        f.label = tr("disk I/O");
        pressure(f);
        if (f.severity != Severity::Ok)
            out.append(f);
        return;
    }
    for (qsizetype i = 0; i < s.disks.size(); ++i) {
        const collect::DiskUse& d = s.disks.at(i);
        Finding f;
        f.resource = QStringLiteral("disk:") + d.device;
        f.label = tr("disk %1").arg(d.device);
        if (i == busiest)
            pressure(f);
        const double iops = d.readsPerSec + d.writesPerSec;
        if (iops >= o.diskMinIopsForAwait) {
            // Queue and await together: a deep queue served fast is a parallel device at work.
            if (d.queueDepth >= o.diskQueueWarn && d.awaitMs >= o.diskAwaitWarnMs) {
                const bool critical = d.queueDepth >= o.diskQueueCritical && d.awaitMs >= o.diskAwaitCriticalMs;
                f.raise(critical ? Severity::Critical : Severity::Warning, Kind::Saturation,
                    std::max(d.queueDepth / o.diskQueueWarn, d.awaitMs / o.diskAwaitWarnMs), tr("await"),
                    d.awaitMs);
            }
            if (d.utilisationPct >= o.diskUtilisationWarnPct && d.awaitMs >= o.diskAwaitWarnMs)
                f.raise(Severity::Warning, Kind::Utilisation, d.utilisationPct / o.diskUtilisationWarnPct,
                    tr("disk utilisation"), d.utilisationPct);
        }
        if (d.ioErrors && *d.ioErrors > 0) {
            f.raise(Severity::Warning, Kind::Errors, 1);
            f.evidence.append(tr("%1 I/O errors since boot").arg(*d.ioErrors));
        }
        if (f.severity == Severity::Ok)
            continue;
        f.evidence.append(tr("await %1").arg(formatMs(d.awaitMs)));
        f.evidence.append(tr("queue %1").arg(formatNumber(d.queueDepth)));
        f.evidence.append(tr("utilisation %1").arg(formatPercent(d.utilisationPct)));
        out.append(f);
    }
}

void checkNetwork(const HostProfile& h, const DetectorOptions& o, QList<Finding>& out)
{
    const collect::ProfileSnapshot& s = h.snapshot;
    for (const collect::NetUse& n : s.interfaces) {
        Finding f;
        f.resource = QStringLiteral("net:") + n.interface;
        f.label = tr("network interface %1").arg(n.interface);
        f.signal(Kind::Saturation, n.dropsPerSec, o.nicDropsPerSecWarn, o.nicDropsPerSecCritical,
            tr("%1 drops/s").arg(formatNumber(n.dropsPerSec)), Severity::Critical, tr("drops/s"));
        f.signal(Kind::Errors, n.errorsPerSec, o.nicErrorsPerSecWarn, 0,
            tr("%1 errors/s").arg(formatNumber(n.errorsPerSec)), Severity::Warning);
        if (n.utilisationPct)
            f.signal(Kind::Utilisation, *n.utilisationPct, o.nicUtilisationWarnPct, o.nicUtilisationCriticalPct,
                tr("%1 of the link").arg(formatPercent(*n.utilisationPct)), Severity::Critical,
                tr("link utilisation"));
        if (f.severity == Severity::Ok)
            continue;
        f.evidence.append(tr("in %1/s, out %2/s").arg(formatBytes(n.rxBytesPerSec), formatBytes(n.txBytesPerSec)));
        out.append(f);
    }
    const collect::TcpUse& t = s.tcp;
    Finding f;
    f.resource = QStringLiteral("tcp");
    f.label = tr("TCP");
    if (t.outSegsPerSec >= o.tcpMinOutSegsPerSec)
        f.signal(Kind::Errors, t.retransPct, o.tcpRetransWarnPct, o.tcpRetransCriticalPct,
            tr("retransmits %1 of segments").arg(formatPercent(t.retransPct)), Severity::Critical,
            tr("retransmits"));
    f.signal(Kind::Saturation, t.listenOverflowsPerSec, o.listenOverflowsPerSecWarn,
        o.listenOverflowsPerSecCritical,
        tr("listen queue overflows %1/s").arg(formatNumber(t.listenOverflowsPerSec)));
    if (f.severity != Severity::Ok)
        out.append(f);

    if (h.connectMs) {
        Finding path;
        path.resource = QStringLiteral("network");
        path.label = tr("network path");
        path.signal(Kind::Saturation, *h.connectMs, o.networkConnectWarnMs, o.networkConnectCriticalMs,
            tr("TCP connect %1").arg(formatMs(*h.connectMs)), Severity::Critical, tr("connect time"));
        if (path.severity != Severity::Ok)
            out.append(path);
    }
    // The answer's first byte, less the agent's own wait between its two reads: what
    // is left is the path (both ways) and the agent's queue. A local agent answers in
    // a few ms; hundreds of ms point at the network (or a proxy) between.
    if (h.firstByteMs) {
        const double pathMs = std::max(0.0, *h.firstByteMs - double(std::max(0, h.snapshot.intervalMs)));
        Finding path;
        path.resource = QStringLiteral("network");
        path.label = tr("network path");
        path.signal(Kind::Saturation, pathMs, o.networkFirstByteWarnMs, o.networkFirstByteCriticalMs,
            tr("first byte after %1").arg(formatMs(*h.firstByteMs)), Severity::Critical, tr("time to first byte"));
        const bool named = std::any_of(out.cbegin(), out.cend(),
            [](const Finding& other) { return other.resource == QLatin1String("network"); });
        if (path.severity != Severity::Ok && !named)
            out.append(path);
    }
}

void checkFds(const HostProfile& h, const DetectorOptions& o, QList<Finding>& out)
{
    const collect::FdUse& fd = h.snapshot.fds;
    if (fd.max == 0)
        return;
    Finding f;
    f.resource = QStringLiteral("fds");
    f.label = tr("file descriptors");
    f.signal(Kind::Saturation, fd.utilisationPct, o.fdUtilisationWarnPct, o.fdUtilisationCriticalPct,
        tr("%1 of %2 open (%3)").arg(fd.allocated).arg(fd.max).arg(formatPercent(fd.utilisationPct)),
        Severity::Critical, tr("file descriptors used"));
    if (f.severity != Severity::Ok)
        out.append(f);
}

QList<Bottleneck> hostBottlenecks(const HostProfile& h, const DetectorOptions& o)
{
    QList<Bottleneck> result;
    if (!h.reachable)
        return result;
    QList<Finding> findings;
    checkCpu(h, o, findings);
    checkMemory(h, o, findings);
    checkDisks(h, o, findings);
    checkNetwork(h, o, findings);
    checkFds(h, o, findings);
    for (const Finding& f : findings) {
        Bottleneck b;
        b.host = h.instance;
        b.resource = f.resource;
        b.severity = f.severity;
        b.score = f.score();
        b.evidence = f.evidence;
        b.measure = f.measure;
        b.current = f.current;
        b.components = topComponents(h.snapshot, f.resource, o.maxComponents);
        b.sentence
            = tr("%1: %2 %3 — %4").arg(h.instance, f.label, stateWord(f), f.evidence.join(QStringLiteral(", ")));
        const QString phrase = componentPhrase(f.resource, b.components, h.snapshot);
        if (!phrase.isEmpty())
            b.sentence += QStringLiteral("; ") + phrase;
        result.append(b);
    }
    return result;
}

bool worse(const Bottleneck& a, const Bottleneck& b)
{
    if (a.score != b.score)
        return a.score > b.score;
    if (a.host != b.host)
        return a.host < b.host;
    return a.resource < b.resource;
}

QString instanceOf(const QString& host, const QString& localInstance)
{
    return host == kLocalHostName && !localInstance.isEmpty() ? localInstance : host;
}

QString quoted(const QString& text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

QString formatIn(double value, const QString& unit)
{
    if (unit == QLatin1String("%"))
        return formatPercent(value);
    if (unit == QLatin1String("ms"))
        return formatMs(value);
    return formatNumber(value) + unit;
}

} // namespace

QList<Bottleneck> rankBottlenecks(const QList<HostProfile>& hosts, const DetectorOptions& options)
{
    QList<Bottleneck> all;
    for (const HostProfile& h : hosts)
        all.append(hostBottlenecks(h, options));
    std::stable_sort(all.begin(), all.end(), worse);
    return all;
}

Severity worstSeverity(const HostProfile& host, const DetectorOptions& options, QString* resource)
{
    QList<Bottleneck> list = hostBottlenecks(host, options);
    std::stable_sort(list.begin(), list.end(), worse);
    if (resource)
        *resource = list.isEmpty() ? QString() : list.constFirst().resource;
    return list.isEmpty() ? Severity::Ok : list.constFirst().severity;
}

Severity worstSeverity(const HostProfile& host, QString* resource)
{
    return worstSeverity(host, DetectorOptions {}, resource);
}

HistoryMeasure historyMeasure(const Bottleneck& b, const QString& instance, const DetectorOptions& o)
{
    HistoryMeasure m;
    const QString sel = QStringLiteral("instance=%1").arg(quoted(instance));
    m.unit = QStringLiteral("%");
    if (b.resource == QLatin1String("cpu")) {
        if (b.measure == tr("run queue per CPU")) {
            m.name = b.measure;
            m.unit = QString();
            m.expr
                = QStringLiteral("sum(node_procs_running{%1}) / count(node_cpu_seconds_total{%1,mode=\"idle\"})")
                      .arg(sel);
            m.threshold = o.runQueuePerCpuWarn;
        } else {
            m.name = tr("PSI cpu some");
            m.expr = QStringLiteral("rate(node_pressure_cpu_waiting_seconds_total{%1}[1m]) * 100").arg(sel);
            m.threshold = o.cpuPsiWarnPct;
        }
    } else if (b.resource == QLatin1String("memory")) {
        if (b.measure == tr("memory used")) {
            m.name = b.measure;
            m.expr
                = QStringLiteral("(1 - node_memory_MemAvailable_bytes{%1} / node_memory_MemTotal_bytes{%1}) * 100")
                      .arg(sel);
            m.threshold = o.memoryUtilisationWarnPct;
        } else if (b.measure == tr("PSI memory full")) {
            m.name = b.measure;
            m.expr = QStringLiteral("rate(node_pressure_memory_stalled_seconds_total{%1}[1m]) * 100").arg(sel);
            m.threshold = o.memoryPsiFullCriticalPct;
        } else {
            m.name = tr("PSI memory some");
            m.expr = QStringLiteral("rate(node_pressure_memory_waiting_seconds_total{%1}[1m]) * 100").arg(sel);
            m.threshold = o.memoryPsiSomeWarnPct;
        }
    } else if (b.resource.startsWith(QLatin1String("disk"))) {
        const QString device = b.resource.section(QLatin1Char(':'), 1);
        if (b.measure == tr("PSI io some")) {
            m.name = b.measure;
            m.expr = QStringLiteral("rate(node_pressure_io_waiting_seconds_total{%1}[1m]) * 100").arg(sel);
            m.threshold = o.ioPsiSomeWarnPct;
        } else if (b.measure == tr("PSI io full") || device.isEmpty()) {
            m.name = tr("PSI io full");
            m.expr = QStringLiteral("rate(node_pressure_io_stalled_seconds_total{%1}[1m]) * 100").arg(sel);
            m.threshold = o.ioPsiFullWarnPct;
        } else {
            m.name = tr("disk utilisation");
            m.expr = QStringLiteral("rate(node_disk_io_time_seconds_total{%1,device=%2}[1m]) * 100")
                         .arg(sel, quoted(device));
            m.threshold = o.diskUtilisationWarnPct;
        }
    } else if (b.resource.startsWith(QLatin1String("net:"))) {
        const QString device = quoted(b.resource.section(QLatin1Char(':'), 1));
        m.name = tr("drops/s");
        m.unit = tr("/s");
        m.expr = QStringLiteral("rate(node_network_receive_drop_total{%1,device=%2}[1m]) + "
                                "rate(node_network_transmit_drop_total{%1,device=%2}[1m])")
                     .arg(sel, device);
        m.threshold = o.nicDropsPerSecWarn;
    }
    // tcp, fds, network: the agent exports no series for them (yet): no history.
    return m;
}

void fillHistory(QList<Bottleneck>& bottlenecks, const query::QuerySource& source, qint64 nowMs,
    const DetectorOptions& options, const QString& localInstance)
{
    constexpr qint64 kDay = 24LL * 3600 * 1000;
    constexpr qint64 kWeek = 7 * kDay;
    constexpr qint64 kStep = 60'000;
    for (Bottleneck& b : bottlenecks) {
        const HistoryMeasure m = historyMeasure(b, instanceOf(b.host, localInstance), options);
        if (m.expr.isEmpty())
            continue;
        b.measure = m.name;
        QStringList parts;
        const query::QueryResult range = source.range(m.expr, nowMs - kDay, nowMs, kStep);
        if (range.ok && !range.series.isEmpty()) {
            // The series with the latest point (one per instance/device after the selector).
            const QList<metrics::Sample>& points = range.series.constFirst().points;
            if (!points.isEmpty()) {
                if (!b.current)
                    b.current = points.constLast().value;
                qsizetype i = points.size() - 1;
                if (points.at(i).value >= m.threshold) {
                    while (i > 0 && points.at(i - 1).value >= m.threshold
                        && points.at(i).timestampMs - points.at(i - 1).timestampMs <= 2 * kStep)
                        --i;
                    b.sinceMs = points.at(i).timestampMs;
                }
            }
        }
        if (b.sinceMs) {
            const QString time = QDateTime::fromMSecsSinceEpoch(*b.sinceMs).toString(QStringLiteral("HH:mm"));
            parts.append(*b.sinceMs <= nowMs - kDay + kStep ? tr("for more than 24 h") : tr("since %1").arg(time));
        }
        const query::QueryResult week = source.instant(m.expr, nowMs - kWeek);
        if (week.ok && !week.series.isEmpty() && !week.series.constFirst().points.isEmpty()) {
            b.lastWeek = week.series.constFirst().points.constFirst().value;
            parts.append(tr("last week at this hour: %1").arg(formatIn(*b.lastWeek, m.unit)));
        } else {
            parts.append(tr("no history a week back"));
        }
        b.sentence += QStringLiteral("; ") + parts.join(QStringLiteral("; "));
    }
}

} // namespace opsdeck::profiler
