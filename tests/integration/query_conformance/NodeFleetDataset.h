#pragma once

#include <QByteArray>
#include <QStringList>
#include <QtGlobal>

// A fleet of node_exporter hosts for dashboard comparisons and the remote
// dashboard benchmark: per host 2 CPUs × 8 modes of node_cpu_seconds_total,
// memory, load, context switches, processes, 2 disks, 2 network devices
// (lo and eth0) and 3 filesystems (one tmpfs the dashboards leave out), plus
// `up`, scraped every 15 s from a fixed start, each host at its own offset
// inside the interval. Host 3 reboots half-way (its counters restart from
// near zero). Values come from a fixed pseudo-random sequence, rounded as
// /proc gives them (CPU seconds to 10 ms, bytes to whole numbers), so every
// side stores them exactly. OpenMetrics 1.0 text, seconds timestamps, "# EOF":
// promtool and TextImport read it as it is.
namespace NodeFleetDataset {

inline constexpr qint64 kStartMs = 1699999200000; // 2023-11-14T22:00:00Z, a 2 h block boundary
inline constexpr qint64 kScrapeMs = 15'000;

QByteArray openMetrics(int hosts, qint64 spanMs);
QString instance(int host); // "host-007:9100"

// The 32 panel expressions of the benchmark dashboard: the default host
// panels (dashboard::defaultHostPanels(), $host = every host) first, then
// the rest of a node_exporter overview (rates, sums and averages by
// instance, topk, ratios, *_over_time), all over the series above.
QStringList dashboardQueries();

} // namespace NodeFleetDataset
