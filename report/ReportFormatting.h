#pragma once

#include "capacity/CapacityPlanner.h"
#include "format/UnitFormatter.h"

#include <QColor>
#include <QString>

// Number, date and colour helpers shared by the forecast chart painter and
// the report document. Words that the Capacity page also shows (status, time
// remaining) come from CapacityVocabulary instead, so page and paper agree.
namespace opsdeck::report {

// Chart palette (Okabe-Ito, readable by colour-blind readers); severity colours only for status.
inline const QColor kSeriesHue(0, 114, 178);
inline const QColor kCeilingColor(68, 68, 68);
inline const QColor kRunOutColor(213, 94, 0);
inline const QColor kAnomalyColor(204, 121, 167);
inline const QColor kGridColor(225, 225, 225);
inline const QColor kTextColor(40, 40, 40);
inline const QColor kMutedText(110, 110, 110);

inline constexpr qint64 kHourMs = 3'600'000;
inline constexpr qint64 kDayMs = 24 * kHourMs;

// A value in the resource's unit: IEC bytes, "/s" rates, otherwise the unit's name after the number.
QString formatValue(double value, const QString& unit);
QString formatDuration(qint64 ms); // "3 d 4 h" (UnitFormatter seconds)
QString formatPercent(double percent);
QString dateText(qint64 ms); // "21 Sep 2026", UTC
QString dateTimeText(qint64 ms); // "21 Sep 2026 14:00 UTC"
double growthOf(const capacity::ResourceForecast& r); // the what-if factor, 1 when unset
double ceilingValue(const capacity::ResourceForecast& r);
// UnitFormatter's unit for a resource unit ("req/s" is a rate, "cores" a plain number).
models::UnitFormatter::Unit formatterUnit(const QString& unit);

} // namespace opsdeck::report
