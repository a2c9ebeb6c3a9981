#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// One host's profile at one moment, as opsdeck-agent's GET /api/v1/profile
// returns it and as the console's embedded collector produces it for the local
// machine: per resource the USE figures (utilisation, saturation, errors; Brendan
// Gregg, "The USE Method: Linux Performance Checklist", brendangregg.com/USEmethod/
// use-linux.html) and per component (systemd unit, cgroup or executable, grouped as
// Netdata's apps.plugin groups processes) what it consumes. Rates are per second
// between two reads `intervalMs` apart. A figure the kernel does not offer (PSI on an
// old kernel, link speed of a virtual NIC, another user's /proc/PID/io) is absent
// (nullopt), never 0: the bottleneck ranking must not read "unknown" as "idle".
// This is the wire contract between agent and console: field names in toJson() are
// snake_case and only ever added to, never renamed.
namespace opsdeck::collect {

struct CpuUse
{
    int cpus = 0;
    // Shares of all CPUs' time over the interval, 0..100 each (sum 100).
    double userPct = 0;
    double nicePct = 0;
    double systemPct = 0;
    double iowaitPct = 0;
    double irqPct = 0;
    double softirqPct = 0;
    double stealPct = 0;
    double idlePct = 0;
    double utilisationPct = 0; // 100 - idle - iowait
    double runQueue = 0; // runnable tasks (procs_running of /proc/stat), saturation when > cpus
    double load1 = 0;
    std::optional<double> psiSomeAvg10; // /proc/pressure/cpu, percent
    std::optional<double> psiFullAvg10;
    // The same stall shares over this snapshot's interval, from the total= counters (µs): they
    // follow a fault within a second where avg10 lags ~10 s behind it and decays as slowly.
    std::optional<double> psiSomeIntervalPct;
    std::optional<double> psiFullIntervalPct;
    std::optional<double> throttledPct; // cgroup cpu.stat throttled_usec over the interval, percent
    std::optional<double> throttledPeriodsPerSec;
};

struct MemoryUse
{
    quint64 totalBytes = 0;
    quint64 availableBytes = 0;
    quint64 usedBytes = 0; // total - available
    double utilisationPct = 0;
    quint64 swapTotalBytes = 0;
    quint64 swapFreeBytes = 0;
    std::optional<double> psiSomeAvg10; // /proc/pressure/memory
    std::optional<double> psiFullAvg10;
    std::optional<double> psiSomeIntervalPct; // over the interval, as in CpuUse
    std::optional<double> psiFullIntervalPct;
    double majorFaultsPerSec = 0; // pgmajfault
    double swapInPagesPerSec = 0; // pswpin
    double swapOutPagesPerSec = 0; // pswpout
    double directScanPagesPerSec = 0; // pgscan_direct
    quint64 oomKills = 0; // oom_kill since boot
    quint64 oomKillsInInterval = 0;
};

struct DiskUse
{
    QString device; // "sda", "nvme0n1", "vda" (whole disks, not partitions)
    double utilisationPct = 0; // io_ticks delta / interval
    double awaitMs = 0; // (read+write ms) / (reads+writes) in the interval
    double queueDepth = 0; // weighted time in queue delta / interval (aqu-sz)
    double readsPerSec = 0;
    double writesPerSec = 0;
    double readBytesPerSec = 0;
    double writeBytesPerSec = 0;
    std::optional<quint64> ioErrors; // /sys/block/X/device/ioerr_cnt when present
};

struct NetUse
{
    QString interface;
    double rxBytesPerSec = 0;
    double txBytesPerSec = 0;
    std::optional<double> linkBytesPerSec; // /sys/class/net/X/speed (Mbit/s) as bytes/s
    std::optional<double> utilisationPct; // max(rx, tx) over link speed
    double dropsPerSec = 0; // rx + tx drop + fifo
    double errorsPerSec = 0; // rx + tx errs
};

struct TcpUse
{
    double retransSegsPerSec = 0; // /proc/net/snmp Tcp RetransSegs
    double outSegsPerSec = 0;
    double retransPct = 0; // retrans / out segments in the interval
    double listenOverflowsPerSec = 0; // /proc/net/netstat TcpExt ListenOverflows
    double listenDropsPerSec = 0;
    quint64 currentEstablished = 0;
};

struct FdUse
{
    quint64 allocated = 0; // /proc/sys/fs/file-nr
    quint64 max = 0;
    double utilisationPct = 0;
};

struct ComponentUse
{
    QString name; // "postgresql@15-main.service", "docker-1234.scope", "stress-ng"
    QString kind; // "unit", "cgroup" or "exe"
    int processes = 0;
    qint64 topPid = 0; // the process of the group using most CPU (then RSS)
    QString topCommand; // its comm
    double cpuPct = 0; // percent of one core, as top shows it (may exceed 100)
    quint64 rssBytes = 0;
    std::optional<double> readBytesPerSec; // /proc/PID/io read_bytes; absent when unreadable
    std::optional<double> writeBytesPerSec;
    double contextSwitchesPerSec = 0; // voluntary + involuntary
    double minorFaultsPerSec = 0; // /proc/PID/stat minflt
    double majorFaultsPerSec = 0; // majflt
    int threads = 0;
    std::optional<int> openFiles; // entries of /proc/PID/fd; absent when unreadable
};

struct ProfileSnapshot
{
    QString host; // hostname of the machine
    qint64 timestampMs = 0; // wall clock at the second read
    int intervalMs = 0; // between the two reads
    qint64 collectUs = 0; // how long the whole snapshot took on the host
    QString kernel; // uname release, for "PSI needs 4.20" kinds of notes
    CpuUse cpu;
    MemoryUse memory;
    std::optional<double> ioPsiSomeAvg10; // /proc/pressure/io
    std::optional<double> ioPsiFullAvg10;
    std::optional<double> ioPsiSomeIntervalPct; // over the interval, as in CpuUse
    std::optional<double> ioPsiFullIntervalPct;
    QList<DiskUse> disks;
    QList<NetUse> interfaces;
    TcpUse tcp;
    FdUse fds;
    QList<ComponentUse> components; // sorted by cpuPct, descending
    QStringList notes; // what could not be read and why, in plain words
};

QJsonObject toJson(const ProfileSnapshot& snapshot);
// nullopt with a reason in *error when `json` is not a snapshot (missing "cpu"/"memory"
// objects, wrong types). Unknown fields are ignored; absent optional figures stay nullopt.
std::optional<ProfileSnapshot> profileSnapshotFromJson(const QJsonObject& json, QString* error = nullptr);

// An on-CPU profile: stacks folded as in Brendan Gregg's FlameGraph format, one line per
// unique stack, "root;caller;...;leaf count", root first.
struct CpuProfile
{
    qint64 pid = 0; // 0 = the whole host
    int frequencyHz = 99;
    double seconds = 0; // how long it sampled
    quint64 samples = 0;
    quint64 lostSamples = 0;
    bool truncated = false; // stopped at the memory bound
    QString event; // "cpu-clock", "cycles"
    QByteArray folded;
};

QJsonObject toJson(const CpuProfile& profile);
std::optional<CpuProfile> cpuProfileFromJson(const QJsonObject& json, QString* error = nullptr);

} // namespace opsdeck::collect
