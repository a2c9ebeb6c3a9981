#pragma once

#include <QList>
#include <QString>

#include <cmath>

// Plain values shared by the capacity planner: a regularly sampled series and
// a forecast with its prediction intervals. Times are milliseconds since the
// Unix epoch.
namespace opsdeck::capacity {

struct Series
{
    qint64 startMs = 0;
    qint64 stepMs = 60'000;
    QList<double> values; // NaN = missing
};

struct ForecastPoint
{
    qint64 timeMs = 0;
    double value = std::nan("");
    double lower80 = std::nan(""), upper80 = std::nan("");
    double lower95 = std::nan(""), upper95 = std::nan("");
};

} // namespace opsdeck::capacity
