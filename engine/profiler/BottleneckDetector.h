#pragma once

#include "profiler/ProfilerTypes.h"

#include <QList>
#include <QString>

namespace opsdeck::query {
class QuerySource;
}

// Which (host, resource) pairs limit the fleet, ranked worst first, with a
// sentence an operator can act on. Pure functions over the fleet snapshot
// (rankBottlenecks, worstSeverity); the history step (fillHistory) reads the
// scraped series through a query::QuerySource and is kept apart so the ranking
// stays testable from data alone.
//
// Method: Brendan Gregg's USE method (utilisation, saturation, errors per
// resource; "The USE Method: Linux Performance Checklist"): saturation and
// errors rank before utilisation, because a resource at 100 % utilisation with
// no queue is busy, not a bottleneck. Pressure stall information
// (Documentation/accounting/psi.rst, Linux >= 4.20) is the primary saturation
// signal where present; the classic counters back it up.
//
// Noise: a shared machine shows short PSI spikes and a run queue above the
// CPU count for a sample or two without anyone waiting in earnest. So every
// warning needs a sustained signal (PSI avg10, which averages over 10 s) or two
// independent signals (interval PSI plus the classic counter), and utilisation
// alone never rises above Warning.
namespace opsdeck::profiler {

struct DetectorOptions
{
    // --- CPU ----------------------------------------------------------------------
    // PSI cpu "some" avg10 (share of time at least one runnable task waited for a
    // CPU). psi.rst gives no thresholds; Facebook's oomd and systemd-oomd use
    // memory pressure 10-60 % as "in trouble"; for CPU, 25 % means every fourth
    // second some task waited: Warning. 60 %: Critical (most of the time).
    double cpuPsiWarnPct = 25;
    double cpuPsiCriticalPct = 60;
    // Run queue over CPUs (USE: "saturation: run queue length > CPU count").
    // procs_running includes the running tasks, so runQueue == cpus is full
    // utilisation without a queue; 1.5x / 3x are queues, not spikes.
    double runQueuePerCpuWarn = 1.5;
    double runQueuePerCpuCritical = 3.0;
    // Utilisation (100 - idle - iowait). Alone it is only ever Warning (USE).
    double cpuUtilisationWarnPct = 90;
    // cgroup throttling (cpu.stat): a container at its quota.
    double cpuThrottledWarnPct = 20;
    double cpuThrottledCriticalPct = 50;

    // --- Memory -------------------------------------------------------------------
    // PSI memory some avg10: systemd-oomd's default ManagedOOMMemoryPressureLimit
    // is 60 % (full, over 20 s) for killing; we warn far earlier.
    double memoryPsiSomeWarnPct = 10;
    double memoryPsiFullCriticalPct = 20;
    double memoryUtilisationWarnPct = 90; // 1 - MemAvailable/MemTotal
    double memoryUtilisationCriticalPct = 97;
    // Swapping and major faults per second (vmstat si/so, pgmajfault). A
    // desktop shows tens of major faults while starting programs, so the bar is
    // high; 100 pages/s swap-in is ~400 KiB/s of pages the workload needs back.
    double swapPagesPerSecWarn = 100;
    double swapPagesPerSecCritical = 1000;
    double majorFaultsPerSecWarn = 200;
    double majorFaultsPerSecCritical = 2000;
    // pgscan_direct: allocations stall reclaiming memory themselves.
    double directScanPagesPerSecWarn = 1000;
    // Any OOM kill in the interval is Critical.

    // --- Disk ---------------------------------------------------------------------
    // PSI io full avg10: every non-idle task waited for I/O.
    double ioPsiFullWarnPct = 10;
    double ioPsiFullCriticalPct = 30;
    double ioPsiSomeWarnPct = 30;
    // Queue depth (aqu-sz) and await. A single NVMe queue of 4 at 1 ms is fine;
    // the pair (queue AND await) marks saturation (USE; iostat's guidance).
    double diskQueueWarn = 4;
    double diskQueueCritical = 16;
    double diskAwaitWarnMs = 20;
    double diskAwaitCriticalMs = 100;
    double diskUtilisationWarnPct = 90; // io_ticks; meaningless for parallel devices, so Warning at most
    // A device needs this much traffic to be named at all (ignores an idle disk's
    // single slow flush).
    double diskMinIopsForAwait = 5;

    // --- Network ------------------------------------------------------------------
    double nicDropsPerSecWarn = 10; // any sustained drop is saturation (USE)
    double nicDropsPerSecCritical = 1000;
    double nicErrorsPerSecWarn = 1;
    double nicUtilisationWarnPct = 80; // of link speed, when known
    double nicUtilisationCriticalPct = 95;
    // TCP: retransmits as a share of sent segments (> 1 % hurts throughput; RFC
    // 6298 backoff makes every retransmit a stall) and listen queue overflows.
    double tcpRetransWarnPct = 2;
    double tcpRetransCriticalPct = 10;
    double tcpMinOutSegsPerSec = 50; // below this the share is noise
    double listenOverflowsPerSecWarn = 1;
    double listenOverflowsPerSecCritical = 100;
    // Engine -> host path (HostProfile::connectMs / firstByteMs).
    double networkConnectWarnMs = 100;
    double networkConnectCriticalMs = 300;
    // Time to the answer's first byte less the snapshot interval (blackbox exporter's
    // "processing" phase): loopback and a LAN answer in a few ms; a wide or congested path,
    // or a delaying proxy, in hundreds.
    double networkFirstByteWarnMs = 150;
    double networkFirstByteCriticalMs = 400;

    // --- File descriptors -----------------------------------------------------------
    double fdUtilisationWarnPct = 80;
    double fdUtilisationCriticalPct = 95;

    // How many components a bottleneck names (worst first).
    int maxComponents = 5;
};

// Ranks (host, resource) pairs: saturation and errors first, then utilisation;
// PSI where present. Ok resources are not listed. Unreachable hosts are skipped.
QList<Bottleneck> rankBottlenecks(const QList<HostProfile>& hosts, const DetectorOptions& options = {});
// The worst severity of one host (and its resource in *resource, "" when Ok).
Severity worstSeverity(const HostProfile& host, QString* resource = nullptr);
// Severity of one host with the given options.
Severity worstSeverity(const HostProfile& host, const DetectorOptions& options, QString* resource);

// The history step: fills sinceMs / lastWeek / current / measure of each
// bottleneck from the series scraped from its host (instance label = host) and
// re-words its sentence with "since 09:12; last week at this hour: 4 %" or "no
// history a week back". since = start of the current run above the bottleneck's
// threshold within the last 24 h (1 min steps); last week = the value at now - 7 d.
// Call on a worker thread (the source may do I/O). Hosts named "this machine"
// are looked up under the embedded local source's instance, `localInstance`.
void fillHistory(QList<Bottleneck>& bottlenecks, const query::QuerySource& source, qint64 nowMs,
    const DetectorOptions& options = {}, const QString& localInstance = {});

// The PromQL expression fillHistory uses for a bottleneck's measure on a host
// (empty when the resource has no series the agent exports), and the threshold
// its value must exceed to count as "in this state". Exposed for tests.
struct HistoryMeasure
{
    QString name; // "PSI io full" (what the sentence says)
    QString expr; // rate(node_pressure_io_stalled_seconds_total{instance="X"}[1m]) * 100
    double threshold = 0;
    QString unit; // "%", "ms", "/s"
};
HistoryMeasure historyMeasure(
    const Bottleneck& bottleneck, const QString& instance, const DetectorOptions& options = {});

} // namespace opsdeck::profiler
