#pragma once

#include "HostPaths.h"
#include "ProfileSnapshot.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>

#include <array>
#include <functional>
#include <optional>

// One host's USE profile (collect::ProfileSnapshot) from /proc and /sys, for
// opsdeck-agent's GET /api/v1/profile and for the console's embedded "this machine".
// The sources follow Brendan Gregg's USE checklist for Linux
// (brendangregg.com/USEmethod/use-linux.html): /proc/stat, loadavg, pressure/*,
// meminfo, vmstat, diskstats (+ /sys/block to tell whole disks), net/dev (+ link speed),
// net/snmp, net/netstat, sys/fs/file-nr, cgroup cpu.stat, and per process
// stat, status, io, schedstat, cgroup and fd.
//
// Rates need two reads. When the previous call's read is at most 10 s old it is the
// first read (the interval is the real time between them, so a poller calling once a
// second pays for one read per call); otherwise the call reads, sleeps intervalMs and
// reads again. Per-process CPU comes from /proc/PID/schedstat's first field (ns on CPU,
// exact) when both reads have it, else from stat utime+stime (clock ticks: at 100 Hz and
// a 25 ms interval one tick is 40 % of a core, far too coarse for a short interval).
// CPU throttling is read from the cgroup v2 mount's root cpu.stat (throttled_usec,
// nr_throttled) - inside a container that root is the container's own cgroup - or the
// cgroup v1 cpu controller's cpu.stat (throttled_time in ns); absent on a bare host root.
//
// Components group processes as Netdata's apps.plugin does: the systemd unit from the
// cgroup v2 path ("*.service", not user@*.service), a container scope (docker-, libpod-,
// cri-containerd-) as "cgroup", else the executable's name (basename of /proc/PID/exe,
// then comm), kernel threads as "[kernel]". It never writes anything and never fakes a
// figure it could not read: those stay nullopt and a note says why.
namespace opsdeck::collect {

struct ProfileCollectorOptions
{
    int topComponents = 15;
    int intervalMs = 25;
};

class ProfileCollector final
{
public:
    explicit ProfileCollector(HostPaths paths = {}, ProfileCollectorOptions options = {});

    // intervalMs <= 0 uses the options' interval when a fresh first read is needed.
    // Blocks for the interval when it has to read twice (prepare(), sleep, finish()).
    ProfileSnapshot snapshot(int intervalMs = 0);
    // The same in two steps for an event loop: prepare() makes the first read when the
    // previous one cannot be reused and returns how many ms to wait before finish().
    int prepare(int intervalMs = 0);
    ProfileSnapshot finish();

    // Test hooks: a monotonic clock in ns, and what happens between two reads of one
    // call (default: sleep the interval). Tests swap fixture roots from the latter.
    void setClock(std::function<qint64()> nowNs) { m_nowNs = std::move(nowNs); }
    void setBetweenReads(std::function<void(int intervalMs)> hook) { m_betweenReads = std::move(hook); }
    void setPaths(const HostPaths& paths);
    // Forget the previous read (the next snapshot reads twice).
    void reset() { m_previous.reset(); }

    struct ProcessRead
    {
        qint64 pid = 0;
        QByteArray comm;
        quint64 startTicks = 0;
        bool kernelThread = false;
        quint64 cpuTicks = 0;
        std::optional<quint64> onCpuNs; // schedstat field 1
        quint64 minorFaults = 0;
        quint64 majorFaults = 0;
        int threads = 0;
        quint64 rssPages = 0;
        std::optional<quint64> ctxSwitches; // status voluntary + nonvoluntary
        std::optional<quint64> readBytes;
        std::optional<quint64> writeBytes;
    };
    struct Read
    {
        qint64 nowNs = 0;
        double uptimeSec = -1;
        // /proc/stat "cpu" line: user nice system idle iowait irq softirq steal
        std::optional<std::array<quint64, 8>> cpuTicks;
        int cpus = 0;
        std::optional<double> procsRunning;
        std::optional<quint64> psiTotalUs[3][2]; // cpu, memory, io × some, full
        std::optional<double> psiAvg10[3][2];
        std::optional<quint64> throttledUs;
        std::optional<quint64> throttledPeriods;
        QHash<QByteArray, quint64> vmstat;
        struct Disk
        {
            QByteArray name;
            quint64 reads = 0, readSectors = 0, readMs = 0, writes = 0, writeSectors = 0, writeMs = 0;
            quint64 ioTicksMs = 0, weightedMs = 0;
        };
        QList<Disk> disks;
        struct Net
        {
            QByteArray name;
            quint64 rxBytes = 0, rxErrs = 0, rxDrop = 0, txBytes = 0, txErrs = 0, txDrop = 0;
        };
        QList<Net> nets;
        std::optional<quint64> retransSegs, outSegs, currEstab, listenOverflows, listenDrops;
        QList<ProcessRead> processes;
    };

private:
    Read read();
    ProfileSnapshot compute(const Read& a, const Read& b);
    struct Identity
    {
        QString kind;
        QString name;
    };
    Identity identify(const ProcessRead& p);

    HostPaths m_paths;
    QByteArray m_proc;
    QByteArray m_sys;
    ProfileCollectorOptions m_options;
    double m_ticksPerSecond = 100;
    double m_pageSize = 4096;
    std::function<qint64()> m_nowNs;
    std::function<void(int)> m_betweenReads;
    std::optional<Read> m_previous;
    QElapsedTimer m_sinceStart; // from prepare(), for collectUs
    // (pid, start ticks) -> component, so cgroup and exe are read once per process.
    QHash<QPair<qint64, quint64>, Identity> m_identities;
};

// "0::/system.slice/postgresql@15-main.service" -> ("unit", "postgresql@15-main.service"),
// container scopes -> ("cgroup", scope), else nullopt (group by executable). Pure, tested.
std::optional<std::pair<QString, QString>> componentFromCgroup(QByteArrayView procPidCgroup);

} // namespace opsdeck::collect
