#include "ProfileCollector.h"
#include "ProcFile.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QSet>
#include <QSysInfo>
#include <QThread>

#include <algorithm>
#include <dirent.h>
#include <unistd.h>

namespace opsdeck::collect {

namespace {

constexpr qint64 kReuseNs = 10'000'000'000LL; // a previous read older than 10 s is not reused

QString note(const char* text)
{
    return QCoreApplication::translate("ProfileCollector", text);
}

std::optional<quint64> u64(QByteArrayView v)
{
    return ProcFile::toU64(v);
}

// "Tcp: RetransSegs ..." header line followed by a value line with the same prefix.
QHash<QByteArray, qint64> headerValuePairs(QByteArrayView text, QByteArrayView prefix)
{
    QHash<QByteArray, qint64> out;
    ProcFile::Fields header;
    bool haveHeader = false;
    ProcFile::forEachLine(text, [&](QByteArrayView line) {
        if (!line.startsWith(prefix))
            return;
        const auto fields = ProcFile::split(line);
        if (!haveHeader) {
            header = fields;
            haveHeader = true;
            return;
        }
        for (qsizetype i = 1; i < fields.size() && i < header.size(); ++i) {
            if (const auto v = ProcFile::toI64(fields[i]))
                out.insert(header[i].toByteArray(), *v);
        }
        haveHeader = false;
    });
    return out;
}

void readPressure(const QByteArray& path, std::optional<double> avg10[2], std::optional<quint64> total[2])
{
    const auto text = ProcFile::read(path, nullptr, 4096);
    if (!text)
        return;
    ProcFile::forEachLine(*text, [&](QByteArrayView line) {
        const auto fields = ProcFile::split(line);
        if (fields.isEmpty())
            return;
        const int which = fields[0] == "some" ? 0 : fields[0] == "full" ? 1 : -1;
        if (which < 0)
            return;
        for (qsizetype i = 1; i < fields.size(); ++i) {
            if (fields[i].startsWith("avg10="))
                avg10[which] = ProcFile::toDouble(fields[i].sliced(6));
            else if (fields[i].startsWith("total="))
                total[which] = ProcFile::toU64(fields[i].sliced(6));
        }
    });
}

double rate(quint64 a, quint64 b, double seconds)
{
    return b >= a && seconds > 0 ? double(b - a) / seconds : 0;
}

} // namespace

std::optional<std::pair<QString, QString>> componentFromCgroup(QByteArrayView text)
{
    QByteArrayView path;
    QByteArrayView systemdV1;
    ProcFile::forEachLine(text, [&](QByteArrayView line) {
        if (line.startsWith("0::"))
            path = line.sliced(3);
        else if (line.contains(":name=systemd:"))
            systemdV1 = line.sliced(line.indexOf(":name=systemd:") + 14);
    });
    if (path.isEmpty() || path == "/")
        path = systemdV1;
    // From the leaf up: the innermost unit or container scope names the component.
    qsizetype end = path.size();
    while (end > 0) {
        const qsizetype slash = path.lastIndexOf('/', end - 1);
        const QByteArrayView element = path.sliced(slash + 1, end - slash - 1);
        end = slash < 0 ? 0 : slash;
        if (element.isEmpty())
            continue;
        if ((element.startsWith("docker-") || element.startsWith("libpod-")) && element.endsWith(".scope"))
            return std::pair { QStringLiteral("cgroup"), QString::fromUtf8(element) };
        if (element.startsWith("cri-containerd-") || element.startsWith("crio-"))
            return std::pair { QStringLiteral("cgroup"), QString::fromUtf8(element) };
        if (element.endsWith(".service") && !element.startsWith("user@"))
            return std::pair { QStringLiteral("unit"), QString::fromUtf8(element) };
    }
    return std::nullopt;
}

ProfileCollector::ProfileCollector(HostPaths paths, ProfileCollectorOptions options)
    : m_options(options)
{
    setPaths(paths);
    m_options.topComponents = qMax(1, m_options.topComponents);
    m_options.intervalMs = qBound(1, m_options.intervalMs, 10000);
    const long ticks = ::sysconf(_SC_CLK_TCK);
    const long page = ::sysconf(_SC_PAGESIZE);
    m_ticksPerSecond = ticks > 0 ? double(ticks) : 100;
    m_pageSize = page > 0 ? double(page) : 4096;
    m_nowNs = [timer = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }()] { return timer.nsecsElapsed(); };
    m_betweenReads = [](int ms) { QThread::msleep(ulong(ms)); };
}

void ProfileCollector::setPaths(const HostPaths& paths)
{
    m_paths = paths;
    m_proc = QFile::encodeName(paths.procRoot);
    m_sys = QFile::encodeName(paths.sysRoot);
}

ProfileSnapshot ProfileCollector::snapshot(int intervalMs)
{
    const int wait = prepare(intervalMs);
    if (wait > 0)
        m_betweenReads(wait);
    return finish();
}

int ProfileCollector::prepare(int intervalMs)
{
    m_sinceStart.start();
    const int interval = intervalMs > 0 ? qBound(1, intervalMs, 10000) : m_options.intervalMs;
    if (!m_previous || m_nowNs() - m_previous->nowNs > kReuseNs || intervalMs > 0)
        m_previous = read();
    // A reused read may be only moments old; make sure the interval is long enough to mean something.
    const qint64 sinceFirstMs = (m_nowNs() - m_previous->nowNs) / 1'000'000;
    return sinceFirstMs < interval ? int(interval - sinceFirstMs) : 0;
}

ProfileSnapshot ProfileCollector::finish()
{
    if (!m_previous)
        prepare(0);
    Read second = read();
    ProfileSnapshot s = compute(*m_previous, second);
    m_previous = std::move(second);
    s.collectUs = m_sinceStart.isValid() ? m_sinceStart.nsecsElapsed() / 1000 : 0;
    return s;
}

ProfileCollector::Read ProfileCollector::read()
{
    Read r;
    r.nowNs = m_nowNs();
    if (const auto up = ProcFile::read(m_proc + "/uptime", nullptr, 256)) {
        const auto f = ProcFile::split(QByteArrayView(*up).trimmed());
        if (!f.isEmpty())
            r.uptimeSec = ProcFile::toDouble(f[0]).value_or(-1);
    }
    if (const auto stat = ProcFile::read(m_proc + "/stat")) {
        ProcFile::forEachLine(*stat, [&](QByteArrayView line) {
            if (line.startsWith("cpu ")) {
                const auto f = ProcFile::split(line);
                std::array<quint64, 8> t {};
                for (int i = 0; i < 8 && i + 1 < f.size(); ++i)
                    t[size_t(i)] = u64(f[i + 1]).value_or(0);
                r.cpuTicks = t;
            } else if (line.startsWith("cpu")) {
                ++r.cpus;
            } else if (line.startsWith("procs_running ")) {
                r.procsRunning = ProcFile::toDouble(line.sliced(14).trimmed());
            }
        });
    }
    const char* psiNames[3] = { "/pressure/cpu", "/pressure/memory", "/pressure/io" };
    for (int i = 0; i < 3; ++i)
        readPressure(m_proc + psiNames[i], r.psiAvg10[i], r.psiTotalUs[i]);

    // cgroup v2 root (unified or hybrid mount), then the v1 cpu controller.
    for (const char* file : { "/fs/cgroup/cpu.stat", "/fs/cgroup/unified/cpu.stat", "/fs/cgroup/cpu/cpu.stat",
             "/fs/cgroup/cpu,cpuacct/cpu.stat" }) {
        const auto text = ProcFile::read(m_sys + file, nullptr, 4096);
        if (!text)
            continue;
        ProcFile::forEachLine(*text, [&](QByteArrayView line) {
            const auto f = ProcFile::split(line);
            if (f.size() != 2)
                return;
            if (f[0] == "throttled_usec")
                r.throttledUs = u64(f[1]);
            else if (f[0] == "throttled_time") // v1, ns
            {
                if (const auto ns = u64(f[1]))
                    r.throttledUs = *ns / 1000;
            } else if (f[0] == "nr_throttled")
                r.throttledPeriods = u64(f[1]);
        });
        if (r.throttledUs)
            break;
    }

    if (const auto vm = ProcFile::read(m_proc + "/vmstat")) {
        ProcFile::forEachLine(*vm, [&](QByteArrayView line) {
            const auto f = ProcFile::split(line);
            if (f.size() != 2)
                return;
            if (f[0] == "pgmajfault" || f[0] == "pswpin" || f[0] == "pswpout" || f[0] == "oom_kill"
                || (f[0].startsWith("pgscan_direct") && f[0] != "pgscan_direct_throttle")) {
                if (const auto v = u64(f[1])) {
                    // Kernels before 4.x split pgscan_direct by zone; the sum is the same figure.
                    const QByteArray key = f[0].startsWith("pgscan_direct") ? "pgscan_direct" : f[0].toByteArray();
                    r.vmstat[key] += *v;
                }
            }
        });
    }

    if (const auto ds = ProcFile::read(m_proc + "/diskstats")) {
        ProcFile::forEachLine(*ds, [&](QByteArrayView line) {
            const auto f = ProcFile::split(line);
            if (f.size() < 14)
                return;
            QByteArray name = f[2].toByteArray();
            if (name.startsWith("loop") || name.startsWith("ram") || name.startsWith("zram"))
                return;
            // Whole disks are the ones /sys/block lists ('/' in a name is '!' there).
            QByteArray sysName = name;
            sysName.replace('/', '!');
            if (::access(QByteArray(m_sys + "/block/" + sysName).constData(), F_OK) != 0)
                return;
            Read::Disk d;
            d.name = name;
            d.reads = u64(f[3]).value_or(0);
            d.readSectors = u64(f[5]).value_or(0);
            d.readMs = u64(f[6]).value_or(0);
            d.writes = u64(f[7]).value_or(0);
            d.writeSectors = u64(f[9]).value_or(0);
            d.writeMs = u64(f[10]).value_or(0);
            d.ioTicksMs = u64(f[12]).value_or(0);
            d.weightedMs = u64(f[13]).value_or(0);
            r.disks.append(d);
        });
    }

    if (const auto nd = ProcFile::read(m_proc + "/net/dev")) {
        ProcFile::forEachLine(*nd, [&](QByteArrayView line) {
            const qsizetype colon = line.indexOf(':');
            if (colon < 0)
                return;
            const QByteArrayView name = line.first(colon).trimmed();
            if (name == "lo") // loopback has no link to saturate
                return;
            const auto f = ProcFile::split(line.sliced(colon + 1));
            if (f.size() < 16)
                return;
            Read::Net n;
            n.name = name.toByteArray();
            n.rxBytes = u64(f[0]).value_or(0);
            n.rxErrs = u64(f[2]).value_or(0);
            n.rxDrop = u64(f[3]).value_or(0) + u64(f[4]).value_or(0);
            n.txBytes = u64(f[8]).value_or(0);
            n.txErrs = u64(f[10]).value_or(0);
            n.txDrop = u64(f[11]).value_or(0) + u64(f[12]).value_or(0);
            r.nets.append(n);
        });
    }
    if (const auto snmp = ProcFile::read(m_proc + "/net/snmp")) {
        const auto tcp = headerValuePairs(*snmp, "Tcp:");
        auto get = [&](const char* k) -> std::optional<quint64> {
            const auto it = tcp.constFind(k);
            return it == tcp.cend() || *it < 0 ? std::nullopt : std::optional<quint64>(quint64(*it));
        };
        r.retransSegs = get("RetransSegs");
        r.outSegs = get("OutSegs");
        r.currEstab = get("CurrEstab");
    }
    if (const auto netstat = ProcFile::read(m_proc + "/net/netstat")) {
        const auto ext = headerValuePairs(*netstat, "TcpExt:");
        if (ext.contains("ListenOverflows"))
            r.listenOverflows = quint64(ext.value("ListenOverflows"));
        if (ext.contains("ListenDrops"))
            r.listenDrops = quint64(ext.value("ListenDrops"));
    }

    // Processes.
    DIR* dir = ::opendir(m_proc.constData());
    if (dir) {
        QByteArray path;
        while (const dirent* entry = ::readdir(dir)) {
            const char* name = entry->d_name;
            if (name[0] < '0' || name[0] > '9')
                continue;
            const auto pid = ProcFile::toI64(QByteArrayView(name));
            if (!pid)
                continue;
            const QByteArray base = m_proc + '/' + name;
            const auto stat = ProcFile::read(base + "/stat", nullptr, 8192);
            if (!stat)
                continue;
            const QByteArrayView text(*stat);
            const qsizetype open = text.indexOf('(');
            const qsizetype close = text.lastIndexOf(')');
            if (open < 0 || close < open)
                continue;
            const auto f = ProcFile::split(text.sliced(close + 1).trimmed());
            if (f.size() < 22) // f[0] is proc(5) field 3
                continue;
            ProcessRead p;
            p.pid = *pid;
            p.comm = text.sliced(open + 1, close - open - 1).toByteArray();
            constexpr quint64 kPfKthread = 0x00200000;
            p.kernelThread = (u64(f[6]).value_or(0) & kPfKthread) != 0;
            p.minorFaults = u64(f[7]).value_or(0);
            p.majorFaults = u64(f[9]).value_or(0);
            p.cpuTicks = u64(f[11]).value_or(0) + u64(f[12]).value_or(0);
            p.threads = int(ProcFile::toI64(f[17]).value_or(0));
            p.startTicks = u64(f[19]).value_or(0);
            p.rssPages = quint64(qMax<qint64>(0, ProcFile::toI64(f[21]).value_or(0)));
            if (const auto ss = ProcFile::read(base + "/schedstat", nullptr, 256)) {
                const auto sf = ProcFile::split(QByteArrayView(*ss).trimmed());
                if (!sf.isEmpty())
                    p.onCpuNs = u64(sf[0]);
            }
            if (!p.kernelThread) {
                if (const auto st = ProcFile::read(base + "/status", nullptr, 16384)) {
                    quint64 sum = 0;
                    int found = 0;
                    ProcFile::forEachLine(*st, [&](QByteArrayView line) {
                        if (line.startsWith("voluntary_ctxt_switches:")
                            || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            const auto v = u64(line.sliced(line.indexOf(':') + 1).trimmed());
                            sum += v.value_or(0);
                            found += v ? 1 : 0;
                        }
                    });
                    if (found == 2)
                        p.ctxSwitches = sum;
                }
                if (const auto io = ProcFile::read(base + "/io", nullptr, 4096)) {
                    ProcFile::forEachLine(*io, [&](QByteArrayView line) {
                        if (line.startsWith("read_bytes:"))
                            p.readBytes = u64(line.sliced(11).trimmed());
                        else if (line.startsWith("write_bytes:"))
                            p.writeBytes = u64(line.sliced(12).trimmed());
                    });
                }
            }
            r.processes.append(std::move(p));
        }
        ::closedir(dir);
    }
    return r;
}

ProfileCollector::Identity ProfileCollector::identify(const ProcessRead& p)
{
    if (p.kernelThread)
        return { QStringLiteral("exe"), QStringLiteral("[kernel]") };
    const auto key = qMakePair(p.pid, p.startTicks);
    if (const auto it = m_identities.constFind(key); it != m_identities.cend())
        return *it;
    const QByteArray base = m_proc + '/' + QByteArray::number(p.pid);
    Identity id;
    if (const auto cg = ProcFile::read(base + "/cgroup", nullptr, 16384)) {
        if (const auto c = componentFromCgroup(*cg)) {
            id.kind = c->first;
            id.name = c->second;
        }
    }
    if (id.kind.isEmpty()) {
        id.kind = QStringLiteral("exe");
        // The executable's name groups a program's forks and workers (stress-ng's
        // "stress-ng-cpu" workers are all /usr/bin/stress-ng) where comm differs.
        char target[4096];
        const ssize_t n = ::readlink(QByteArray(base + "/exe").constData(), target, sizeof(target) - 1);
        if (n > 0) {
            QByteArray exe(target, n);
            if (exe.endsWith(" (deleted)"))
                exe.chop(10);
            id.name = QFile::decodeName(exe.mid(exe.lastIndexOf('/') + 1));
        }
        if (id.name.isEmpty())
            id.name = QString::fromUtf8(p.comm);
    }
    m_identities.insert(key, id);
    return id;
}

ProfileSnapshot ProfileCollector::compute(const Read& a, const Read& b)
{
    ProfileSnapshot s;
    s.host = QSysInfo::machineHostName();
    s.timestampMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 intervalNs = qMax<qint64>(1, b.nowNs - a.nowNs);
    s.intervalMs = int((intervalNs + 500'000) / 1'000'000);
    const double sec = double(intervalNs) / 1e9;
    if (const auto rel = ProcFile::readLine(m_proc + "/sys/kernel/osrelease"))
        s.kernel = QString::fromUtf8(*rel);

    // CPU
    s.cpu.cpus = b.cpus;
    if (a.cpuTicks && b.cpuTicks) {
        std::array<double, 8> d {};
        double total = 0;
        for (size_t i = 0; i < 8; ++i) {
            d[i] = (*b.cpuTicks)[i] >= (*a.cpuTicks)[i] ? double((*b.cpuTicks)[i] - (*a.cpuTicks)[i]) : 0;
            total += d[i];
        }
        if (total > 0) {
            auto pct = [&](size_t i) { return 100.0 * d[i] / total; };
            s.cpu.userPct = pct(0);
            s.cpu.nicePct = pct(1);
            s.cpu.systemPct = pct(2);
            s.cpu.idlePct = pct(3);
            s.cpu.iowaitPct = pct(4);
            s.cpu.irqPct = pct(5);
            s.cpu.softirqPct = pct(6);
            s.cpu.stealPct = pct(7);
            s.cpu.utilisationPct = qMax(0.0, 100.0 - s.cpu.idlePct - s.cpu.iowaitPct);
        } else {
            s.notes << note("/proc/stat: no CPU time passed between the two reads");
        }
    } else {
        s.notes << note("/proc/stat is not readable");
    }
    s.cpu.runQueue = b.procsRunning.value_or(0);
    if (const auto la = ProcFile::read(m_proc + "/loadavg", nullptr, 256)) {
        const auto f = ProcFile::split(*la);
        if (!f.isEmpty())
            s.cpu.load1 = ProcFile::toDouble(f[0]).value_or(0);
    }
    // PSI: avg10 from the second read, interval shares from the total= counters (µs).
    auto psiInterval = [&](int res, int kind) -> std::optional<double> {
        const auto& x = a.psiTotalUs[res][kind];
        const auto& y = b.psiTotalUs[res][kind];
        if (!x || !y || *y < *x)
            return std::nullopt;
        return qMin(100.0, 100.0 * double(*y - *x) / (double(intervalNs) / 1000.0));
    };
    s.cpu.psiSomeAvg10 = b.psiAvg10[0][0];
    s.cpu.psiFullAvg10 = b.psiAvg10[0][1];
    s.cpu.psiSomeIntervalPct = psiInterval(0, 0);
    s.cpu.psiFullIntervalPct = psiInterval(0, 1);
    s.memory.psiSomeAvg10 = b.psiAvg10[1][0];
    s.memory.psiFullAvg10 = b.psiAvg10[1][1];
    s.memory.psiSomeIntervalPct = psiInterval(1, 0);
    s.memory.psiFullIntervalPct = psiInterval(1, 1);
    s.ioPsiSomeAvg10 = b.psiAvg10[2][0];
    s.ioPsiFullAvg10 = b.psiAvg10[2][1];
    s.ioPsiSomeIntervalPct = psiInterval(2, 0);
    s.ioPsiFullIntervalPct = psiInterval(2, 1);
    if (!b.psiAvg10[0][0])
        s.notes << note("no pressure stall information (/proc/pressure, Linux 4.20+ with CONFIG_PSI)");
    if (a.throttledUs && b.throttledUs && *b.throttledUs >= *a.throttledUs) {
        s.cpu.throttledPct
            = qMin(100.0, 100.0 * double(*b.throttledUs - *a.throttledUs) / (double(intervalNs) / 1000.0));
        if (a.throttledPeriods && b.throttledPeriods)
            s.cpu.throttledPeriodsPerSec = rate(*a.throttledPeriods, *b.throttledPeriods, sec);
    }

    // Memory
    if (const auto mi = ProcFile::read(m_proc + "/meminfo")) {
        QHash<QByteArray, quint64> kb;
        ProcFile::forEachLine(*mi, [&](QByteArrayView line) {
            const auto f = ProcFile::split(line);
            if (f.size() >= 2 && f[0].endsWith(':'))
                kb.insert(f[0].chopped(1).toByteArray(), u64(f[1]).value_or(0));
        });
        s.memory.totalBytes = kb.value("MemTotal") * 1024;
        s.memory.availableBytes
            = (kb.contains("MemAvailable") ? kb.value("MemAvailable") : kb.value("MemFree")) * 1024;
        s.memory.usedBytes
            = s.memory.totalBytes > s.memory.availableBytes ? s.memory.totalBytes - s.memory.availableBytes : 0;
        s.memory.utilisationPct
            = s.memory.totalBytes ? 100.0 * double(s.memory.usedBytes) / double(s.memory.totalBytes) : 0;
        s.memory.swapTotalBytes = kb.value("SwapTotal") * 1024;
        s.memory.swapFreeBytes = kb.value("SwapFree") * 1024;
    } else {
        s.notes << note("/proc/meminfo is not readable");
    }
    auto vmRate = [&](const char* k) { return rate(a.vmstat.value(k), b.vmstat.value(k), sec); };
    s.memory.majorFaultsPerSec = vmRate("pgmajfault");
    s.memory.swapInPagesPerSec = vmRate("pswpin");
    s.memory.swapOutPagesPerSec = vmRate("pswpout");
    s.memory.directScanPagesPerSec = vmRate("pgscan_direct");
    s.memory.oomKills = b.vmstat.value("oom_kill");
    s.memory.oomKillsInInterval = b.vmstat.value("oom_kill") >= a.vmstat.value("oom_kill")
        ? b.vmstat.value("oom_kill") - a.vmstat.value("oom_kill")
        : 0;

    // Disks
    for (const Read::Disk& y : b.disks) {
        const auto it = std::find_if(
            a.disks.cbegin(), a.disks.cend(), [&](const Read::Disk& x) { return x.name == y.name; });
        if (it == a.disks.cend())
            continue;
        const Read::Disk& x = *it;
        DiskUse d;
        d.device = QString::fromUtf8(y.name);
        const double ms = double(intervalNs) / 1e6;
        d.utilisationPct = qMin(100.0, 100.0 * double(y.ioTicksMs - qMin(y.ioTicksMs, x.ioTicksMs)) / ms);
        d.queueDepth = double(y.weightedMs - qMin(y.weightedMs, x.weightedMs)) / ms;
        const quint64 ios = (y.reads - qMin(y.reads, x.reads)) + (y.writes - qMin(y.writes, x.writes));
        const quint64 ioMs = (y.readMs - qMin(y.readMs, x.readMs)) + (y.writeMs - qMin(y.writeMs, x.writeMs));
        d.awaitMs = ios ? double(ioMs) / double(ios) : 0;
        d.readsPerSec = rate(x.reads, y.reads, sec);
        d.writesPerSec = rate(x.writes, y.writes, sec);
        d.readBytesPerSec = rate(x.readSectors, y.readSectors, sec) * 512;
        d.writeBytesPerSec = rate(x.writeSectors, y.writeSectors, sec) * 512;
        QByteArray sysName = y.name;
        sysName.replace('/', '!');
        if (const auto e = ProcFile::readLine(m_sys + "/block/" + sysName + "/device/ioerr_cnt")) {
            bool ok = false;
            const quint64 v = e->startsWith("0x") ? e->mid(2).toULongLong(&ok, 16) : e->toULongLong(&ok);
            if (ok)
                d.ioErrors = v;
        }
        s.disks.append(d);
    }

    // Network
    for (const Read::Net& y : b.nets) {
        const auto it
            = std::find_if(a.nets.cbegin(), a.nets.cend(), [&](const Read::Net& x) { return x.name == y.name; });
        if (it == a.nets.cend())
            continue;
        const Read::Net& x = *it;
        NetUse n;
        n.interface = QString::fromUtf8(y.name);
        n.rxBytesPerSec = rate(x.rxBytes, y.rxBytes, sec);
        n.txBytesPerSec = rate(x.txBytes, y.txBytes, sec);
        n.dropsPerSec = rate(x.rxDrop, y.rxDrop, sec) + rate(x.txDrop, y.txDrop, sec);
        n.errorsPerSec = rate(x.rxErrs, y.rxErrs, sec) + rate(x.txErrs, y.txErrs, sec);
        // Virtual NICs answer EINVAL or -1: no link speed, so no utilisation.
        if (const auto sp = ProcFile::readLine(m_sys + "/class/net/" + y.name + "/speed")) {
            const auto mbit = ProcFile::toI64(*sp);
            if (mbit && *mbit > 0) {
                n.linkBytesPerSec = double(*mbit) * 1e6 / 8;
                n.utilisationPct = 100.0 * qMax(n.rxBytesPerSec, n.txBytesPerSec) / *n.linkBytesPerSec;
            }
        }
        s.interfaces.append(n);
    }

    // TCP
    auto optRate = [&](const std::optional<quint64>& x, const std::optional<quint64>& y) {
        return x && y ? rate(*x, *y, sec) : 0.0;
    };
    s.tcp.retransSegsPerSec = optRate(a.retransSegs, b.retransSegs);
    s.tcp.outSegsPerSec = optRate(a.outSegs, b.outSegs);
    s.tcp.retransPct = s.tcp.outSegsPerSec > 0 ? 100.0 * s.tcp.retransSegsPerSec / s.tcp.outSegsPerSec : 0;
    s.tcp.listenOverflowsPerSec = optRate(a.listenOverflows, b.listenOverflows);
    s.tcp.listenDropsPerSec = optRate(a.listenDrops, b.listenDrops);
    s.tcp.currentEstablished = b.currEstab.value_or(0);
    if (!b.retransSegs)
        s.notes << note("/proc/net/snmp has no Tcp counters");

    // File descriptors
    if (const auto fnr = ProcFile::read(m_proc + "/sys/fs/file-nr", nullptr, 256)) {
        const auto f = ProcFile::split(QByteArrayView(*fnr).trimmed());
        if (f.size() >= 3) {
            s.fds.allocated = u64(f[0]).value_or(0);
            s.fds.max = u64(f[2]).value_or(0);
            s.fds.utilisationPct = s.fds.max ? 100.0 * double(s.fds.allocated) / double(s.fds.max) : 0;
        }
    }

    // Components
    QHash<QPair<qint64, quint64>, const ProcessRead*> before;
    before.reserve(a.processes.size());
    for (const ProcessRead& p : a.processes)
        before.insert(qMakePair(p.pid, p.startTicks), &p);
    struct Group
    {
        ComponentUse use;
        double topCpu = -1;
        quint64 topRss = 0;
        double readRate = 0, writeRate = 0;
        bool haveRead = false, haveWrite = false;
        int fds = 0;
        bool haveFds = false;
    };
    QHash<QString, Group> groups;
    const ProcessRead kZero;
    const double intervalSec = sec;
    QSet<QPair<qint64, quint64>> alive;
    for (const ProcessRead& p : b.processes) {
        const auto key = qMakePair(p.pid, p.startTicks);
        alive.insert(key);
        const ProcessRead* prev = before.value(key);
        if (!prev) {
            // Born during the interval: all it did was in the interval. Older ones we
            // did not see before (a fresh collector) cannot be rated.
            const double age = b.uptimeSec - double(p.startTicks) / m_ticksPerSecond;
            if (b.uptimeSec < 0 || age > intervalSec + 0.01)
                continue;
            prev = &kZero;
        }
        const Identity id = identify(p);
        Group& g = groups[id.kind + u'\n' + id.name];
        g.use.name = id.name;
        g.use.kind = id.kind;
        ++g.use.processes;
        double cpuNs = 0;
        if (p.onCpuNs && (prev == &kZero || prev->onCpuNs))
            cpuNs = double(*p.onCpuNs - qMin(*p.onCpuNs, prev->onCpuNs.value_or(0)));
        else
            cpuNs = double(p.cpuTicks - qMin(p.cpuTicks, prev->cpuTicks)) * 1e9 / m_ticksPerSecond;
        const double cpuPct = 100.0 * cpuNs / double(intervalNs);
        g.use.cpuPct += cpuPct;
        const quint64 rss = quint64(double(p.rssPages) * m_pageSize);
        g.use.rssBytes += rss;
        if (cpuPct > g.topCpu || (cpuPct == g.topCpu && rss > g.topRss)) {
            g.topCpu = cpuPct;
            g.topRss = rss;
            g.use.topPid = p.pid;
            g.use.topCommand = QString::fromUtf8(p.comm);
        }
        if (p.readBytes && (prev == &kZero || prev->readBytes)) {
            g.readRate += rate(prev->readBytes.value_or(0), *p.readBytes, sec);
            g.haveRead = true;
        }
        if (p.writeBytes && (prev == &kZero || prev->writeBytes)) {
            g.writeRate += rate(prev->writeBytes.value_or(0), *p.writeBytes, sec);
            g.haveWrite = true;
        }
        if (p.ctxSwitches && (prev == &kZero || prev->ctxSwitches))
            g.use.contextSwitchesPerSec += rate(prev->ctxSwitches.value_or(0), *p.ctxSwitches, sec);
        g.use.minorFaultsPerSec += rate(prev->minorFaults, p.minorFaults, sec);
        g.use.majorFaultsPerSec += rate(prev->majorFaults, p.majorFaults, sec);
        g.use.threads += p.threads;
        if (!p.kernelThread) {
            DIR* fdDir = ::opendir(QByteArray(m_proc + '/' + QByteArray::number(p.pid) + "/fd").constData());
            if (fdDir) {
                int n = 0;
                while (const dirent* e = ::readdir(fdDir)) {
                    if (e->d_name[0] != '.')
                        ++n;
                }
                ::closedir(fdDir);
                g.fds += n;
                g.haveFds = true;
            }
        }
    }
    // Forget identities of processes that are gone.
    for (auto it = m_identities.begin(); it != m_identities.end();) {
        if (!alive.contains(it.key()))
            it = m_identities.erase(it);
        else
            ++it;
    }
    QList<ComponentUse> all;
    all.reserve(groups.size());
    for (Group& g : groups) {
        if (g.haveRead)
            g.use.readBytesPerSec = g.readRate;
        if (g.haveWrite)
            g.use.writeBytesPerSec = g.writeRate;
        if (g.haveFds)
            g.use.openFiles = g.fds;
        all.append(std::move(g.use));
    }
    auto byName = [](const ComponentUse& x, const ComponentUse& y) { return x.name < y.name; };
    auto io = [](const ComponentUse& c) { return c.readBytesPerSec.value_or(0) + c.writeBytesPerSec.value_or(0); };
    QSet<QString> keep;
    auto pick = [&](auto key, int n) {
        QList<const ComponentUse*> order;
        for (const ComponentUse& c : std::as_const(all))
            order.append(&c);
        std::sort(order.begin(), order.end(), [&](const ComponentUse* x, const ComponentUse* y) {
            return key(*x) != key(*y) ? key(*x) > key(*y) : byName(*x, *y);
        });
        for (int i = 0; i < n && i < order.size(); ++i) {
            if (key(*order[i]) > 0)
                keep.insert(order[i]->kind + u'\n' + order[i]->name);
        }
    };
    pick([](const ComponentUse& c) { return c.cpuPct; }, m_options.topComponents);
    pick([](const ComponentUse& c) { return double(c.rssBytes); }, 5);
    pick(io, 5);
    for (const ComponentUse& c : std::as_const(all)) {
        if (keep.contains(c.kind + u'\n' + c.name))
            s.components.append(c);
    }
    std::sort(s.components.begin(), s.components.end(), [&](const ComponentUse& x, const ComponentUse& y) {
        return x.cpuPct != y.cpuPct ? x.cpuPct > y.cpuPct : byName(x, y);
    });
    if (b.processes.isEmpty())
        s.notes << note("no readable /proc/PID/stat");
    return s;
}

} // namespace opsdeck::collect
