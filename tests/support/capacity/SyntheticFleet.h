#pragma once

#include "metrics/SeriesStore.h"

#include <QString>
#include <QStringList>

// Test fixture: node_exporter-like history for a fleet, deterministic (seeded),
// with the shapes capacity planning must handle: CPU with a daily season and a
// linear trend, memory growing slowly, a filesystem that fills up steadily
// (runs out inside 90 days on host 0), a flat one, and request counters.
// Samples are written straight into a SeriesStore at stepMs spacing, as the
// history loader builds it from rollups (counters cumulative).
//
// Samples sit on multiples of stepMs (as rollup buckets do) from
// endMs - days to endMs inclusive. Noise comes from raw std::mt19937 output
// (no std:: distributions, whose output differs between standard libraries),
// so the same options give the same store everywhere. The store's retention
// is not applied here: give it a policy that keeps `days` of samples.
namespace opsdeck::testsupport {

struct SyntheticFleetOptions
{
    int hosts = 3;
    qint64 endMs = 1'790'000'000'000; // 2026-09-21
    qint64 days = 30;
    qint64 stepMs = 3'600'000;
    int cpusPerHost = 4;
    quint32 seed = 42;
};

// The shapes, so tests can compute expected dates. "Days" are 86'400'000 ms
// measured from endMs; every value below is exact before noise.
namespace fleet {
inline constexpr qint64 kDayMs = 86'400'000;
inline constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

// Host 0, mountpoint "/" (fstype ext4, device /dev/sda1): fills at a constant
// rate and reaches 90 % of its size 50 days after endMs.
inline constexpr double kRootFsSizeBytes = 100.0 * kGiB;
inline constexpr double kHost0RootUsedAtEndBytes = 40.0 * kGiB;
inline constexpr double kHost0RootGrowthBytesPerDay = 1.0 * kGiB;
inline constexpr double kHost0RootDaysTo90Pct
    = (0.90 * kRootFsSizeBytes - kHost0RootUsedAtEndBytes) / kHost0RootGrowthBytesPerDay; // 50
// Other hosts' "/": 30 GiB used at endMs, growing 20 MiB/day (no run-out for years).
inline constexpr double kOtherRootUsedAtEndBytes = 30.0 * kGiB;
inline constexpr double kOtherRootGrowthBytesPerDay = 20.0 * 1024 * 1024;
inline constexpr double kFsNoiseBytes = 50.0 * 1024 * 1024; // uniform +/- on used bytes

// Host 1, mountpoint "/data" (xfs, /dev/sdb1): flat at half of its size.
inline constexpr double kDataFsSizeBytes = 500.0 * kGiB;
inline constexpr double kDataFsUsedBytes = 250.0 * kGiB;

// Every host also has a tmpfs on "/run" (must be ignored by the planner).
inline constexpr double kRunFsSizeBytes = 1.0 * kGiB;

// CPU busy cores on host h at time t:
//   base(h) + trend * (t - endMs) / day + amplitude * sin(2 pi * timeOfDay(t)) + noise,
// clamped to [0, cpus]; base(h) = kCpuBaseBusyCores + (h % kHostPattern) * kCpuBasePerHost.
// Split 70 % user, 30 % system, evenly over the CPUs; the rest is idle.
// Per-host offsets repeat every kHostPattern hosts, so a 100-host fleet
// stays inside its 4 cores and 16 GiB like the first five hosts.
inline constexpr int kHostPattern = 5;
inline constexpr double kCpuBaseBusyCores = 1.0;
inline constexpr double kCpuBasePerHost = 0.5;
inline constexpr double kCpuTrendCoresPerDay = 0.01;
inline constexpr double kCpuDailyAmplitudeCores = 0.6;
inline constexpr double kCpuNoiseCores = 0.05;

// Memory: MemTotal 16 GiB; used = kMemUsedAtEnd + (h % kHostPattern) GiB + growth * (t - endMs) / day + noise.
inline constexpr double kMemTotalBytes = 16.0 * kGiB;
inline constexpr double kMemUsedAtEndBytes = 6.0 * kGiB;
inline constexpr double kMemGrowthBytesPerDay = 20.0 * 1024 * 1024;
inline constexpr double kMemNoiseBytes = 64.0 * 1024 * 1024;

// Requests, http_requests_total{instance, job="api"}: rate in req/s
//   kReqBase * (1 + (h % kHostPattern) * 0.5) * (1 + kReqDailyAmplitude * sin(2 pi * timeOfDay(t))) + noise.
inline constexpr double kReqBasePerS = 100.0;
inline constexpr double kReqDailyAmplitude = 0.5;
inline constexpr double kReqNoisePerS = 2.0;
} // namespace fleet

// Series: node_cpu_seconds_total{instance,cpu,mode=idle|user|system},
// node_memory_MemTotal_bytes / MemAvailable_bytes{instance},
// node_filesystem_size_bytes / avail_bytes{instance,mountpoint,fstype,device},
// http_requests_total{instance,job="api"}. Instances are "host-00:9100", ...
// Returns the instance names in host order.
QStringList fillSyntheticFleet(metrics::SeriesStore& store, const SyntheticFleetOptions& options = {});

// "host-00:9100" for host 0.
QString syntheticInstance(int host);

} // namespace opsdeck::testsupport
