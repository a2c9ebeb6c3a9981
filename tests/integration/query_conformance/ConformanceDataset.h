#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QtGlobal>

// The deterministic history both Prometheus (through promtool) and OpsDeck
// (through TextImport) load for the conformance suite: OpenMetrics 1.0 text
// with seconds timestamps and a final "# EOF". Two hours at 15 s from a fixed
// start, three instances scraped at different offsets (0 s, 3 s, 7.5 s), and
// the awkward cases: counter resets (a process restart, a host reboot), a
// 10-minute gap, series that stop mid-range (promtool writes no staleness
// markers, so on both sides they stay visible for the 5-minute lookback and
// then vanish), series that start late, NaN gauge values, tiny and huge
// values, and a classic histogram with _bucket{le}, _sum and _count.
// Families are written grouped by time and grouped by series.
namespace ConformanceDataset {

inline constexpr qint64 kStartMs = 1699999200000; // 2023-11-14T22:00:00Z, a 2 h block boundary
inline constexpr qint64 kEndMs = kStartMs + 2 * 3600 * 1000;
inline constexpr qint64 kStepMs = 15'000;

QByteArray openMetrics();

// Staleness history, loaded into Prometheus through its remote-write receiver
// (promtool cannot write stale markers) and into a SeriesStore directly: series
// that go stale (value bits 0x7ff0000000000002) and stay gone, go stale and
// come back (a counter with a reset), flap every minute, carry ordinary NaN
// values beside a stale marker, and a stale marker off the 15 s grid. Times
// are offsets from a base the test picks close to "now", because Prometheus's
// head only accepts recent samples; each series is in time order.
struct StalenessSeries
{
    QList<QPair<QByteArray, QByteArray>> labels; // sorted by name, __name__ first
    QList<QPair<qint64, double>> samples; // (ms, value); stale markers as StaleNaN
};
inline constexpr qint64 kStalenessSpanMs = 50 * 60 * 1000; // last sample at base + span
QList<StalenessSeries> staleness(qint64 baseMs);

} // namespace ConformanceDataset
