#include "profiler/ProfilerFormat.h"

#include <QLocale>

#include <cmath>

namespace opsdeck::profiler {

namespace {

QString number(double value, int decimals)
{
    return QString::number(value, 'f', decimals);
}

int decimalsFor(double value)
{
    const double a = std::fabs(value);
    if (a >= 10 || a == 0)
        return 0;
    if (a >= 1)
        return 1;
    return 2;
}

} // namespace

QString formatBytes(double bytes)
{
    static const char* const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
    int unit = 0;
    double value = bytes;
    while (std::fabs(value) >= 1024 && unit < 5) {
        value /= 1024;
        ++unit;
    }
    const int decimals = unit == 0 ? 0 : (std::fabs(value) >= 10 ? 0 : 1);
    return number(value, decimals) + QLatin1Char(' ') + QLatin1String(units[unit]);
}

QString formatPercent(double percent)
{
    return number(percent, std::fabs(percent) >= 10 || percent == 0 ? 0 : 1) + QStringLiteral(" %");
}

QString formatMs(double ms)
{
    if (std::fabs(ms) >= 1000)
        return number(ms / 1000, std::fabs(ms) >= 10'000 ? 0 : 1) + QStringLiteral(" s");
    return number(ms, decimalsFor(ms)) + QStringLiteral(" ms");
}

QString formatNumber(double value)
{
    return number(value, decimalsFor(value));
}

} // namespace opsdeck::profiler
