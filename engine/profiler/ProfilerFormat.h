#pragma once

#include <QString>

// Figures as people read them in the bottleneck sentences and `opsdeck profile`:
// IEC bytes ("180 MiB"), percent ("38 %"), milliseconds ("41 ms"), plain numbers.
namespace opsdeck::profiler {

QString formatBytes(double bytes); // 1536 -> "1.5 KiB"
QString formatPercent(double percent); // 38.2 -> "38 %", 3.07 -> "3.1 %"
QString formatMs(double ms); // 41.2 -> "41 ms", 0.42 -> "0.42 ms", 2500 -> "2.5 s"
QString formatNumber(double value); // 12 -> "12", 1.25 -> "1.2", 0.034 -> "0.03"

} // namespace opsdeck::profiler
