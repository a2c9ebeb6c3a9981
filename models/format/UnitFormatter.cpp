#include "format/UnitFormatter.h"

#include <QtMath>

#include <array>
#include <cmath>

namespace opsdeck::models {

namespace {

// Digits after the decimal point for about three significant digits.
int significantDecimals(double a)
{
    if (a >= 100 || a == 0)
        return 0;
    if (a >= 10)
        return 1;
    if (a >= 1)
        return 2;
    // Small fractions keep three significant digits ("0.00123"), capped.
    return std::min(6, 2 - int(std::floor(std::log10(a))));
}

double roundTo(double v, int decimals)
{
    const double f = std::pow(10.0, decimals);
    return std::round(v * f) / f;
}

} // namespace

UnitFormatter::UnitFormatter(Unit unit, const QLocale& locale)
    : m_unit(unit)
    , m_locale(locale)
{
    // Scaled values stay below ~1024, where "1,000 B" only adds noise.
    m_locale.setNumberOptions(m_locale.numberOptions() | QLocale::OmitGroupSeparator);
}

UnitFormatter::Unit UnitFormatter::unitFromName(const QString& name)
{
    if (name == QLatin1String("percent"))
        return Unit::Percent;
    if (name == QLatin1String("ratio"))
        return Unit::Ratio;
    if (name == QLatin1String("bytes"))
        return Unit::Bytes;
    if (name == QLatin1String("bytes/s"))
        return Unit::BytesPerSecond;
    if (name == QLatin1String("seconds"))
        return Unit::Seconds;
    if (name == QLatin1String("ops/s"))
        return Unit::OpsPerSecond;
    if (name == QLatin1String("count"))
        return Unit::Count;
    return Unit::Number;
}

QString UnitFormatter::unitName(Unit unit)
{
    switch (unit) {
    case Unit::Percent:
        return QStringLiteral("percent");
    case Unit::Ratio:
        return QStringLiteral("ratio");
    case Unit::Bytes:
        return QStringLiteral("bytes");
    case Unit::BytesPerSecond:
        return QStringLiteral("bytes/s");
    case Unit::Seconds:
        return QStringLiteral("seconds");
    case Unit::OpsPerSecond:
        return QStringLiteral("ops/s");
    case Unit::Count:
        return QStringLiteral("count");
    case Unit::Number:
        break;
    }
    return QString();
}

QString UnitFormatter::number(double value, int maxDecimals, bool trimZeros) const
{
    if (value == 0)
        value = 0; // no "-0"
    QString s = m_locale.toString(value, 'f', maxDecimals);
    if (trimZeros && maxDecimals > 0) {
        const QString zero = m_locale.zeroDigit();
        const QString point = m_locale.decimalPoint();
        while (s.endsWith(zero))
            s.chop(zero.size());
        if (s.endsWith(point))
            s.chop(point.size());
    }
    return s;
}

QString UnitFormatter::withSuffix(const QString& num, const QString& suffix) const
{
    return suffix.isEmpty() ? num : num + QLatin1Char(' ') + suffix;
}

QString UnitFormatter::percentSuffix() const
{
    // English and East Asian conventions write "42.5%"; most European ones "42,5 %".
    switch (m_locale.language()) {
    case QLocale::C:
    case QLocale::English:
    case QLocale::Chinese:
    case QLocale::Japanese:
    case QLocale::Korean:
        return QStringLiteral("%");
    default:
        return QStringLiteral("\u00a0%");
    }
}

QString UnitFormatter::formatPercent(double percent) const
{
    return number(roundTo(percent, 1), 1) + percentSuffix();
}

QString UnitFormatter::formatSi(double value, const QString& perSecond) const
{
    static const std::array<const char*, 5> prefixes = { "", "k", "M", "G", "T" };
    const double a = std::abs(value);
    std::size_t k = 0;
    while (k + 1 < prefixes.size() && a >= std::pow(1000.0, double(k + 1)))
        ++k;
    double scaled = a / std::pow(1000.0, double(k));
    int decimals = significantDecimals(scaled);
    // 999.96 rounds to "1000": show "1k" instead.
    if (roundTo(scaled, decimals) >= 1000 && k + 1 < prefixes.size()) {
        ++k;
        scaled = a / std::pow(1000.0, double(k));
        decimals = significantDecimals(scaled);
    }
    const double shown = value < 0 ? -scaled : scaled;
    return number(roundTo(shown, decimals), decimals) + QLatin1String(prefixes[k]) + perSecond;
}

QString UnitFormatter::formatBytes(double value, const QString& perSecond) const
{
    static const std::array<const char*, 7> units = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    const double a = std::abs(value);
    std::size_t k = 0;
    while (k + 1 < units.size() && a >= std::pow(1024.0, double(k + 1)))
        ++k;
    double scaled = a / std::pow(1024.0, double(k));
    int decimals = k == 0 && scaled >= 1 ? 0 : significantDecimals(scaled);
    if (roundTo(scaled, decimals) >= 1024 && k + 1 < units.size()) {
        ++k;
        scaled = a / std::pow(1024.0, double(k));
        decimals = significantDecimals(scaled);
    }
    const double shown = value < 0 ? -scaled : scaled;
    return withSuffix(number(roundTo(shown, decimals), decimals), QLatin1String(units[k]) + perSecond);
}

QString UnitFormatter::formatDuration(double seconds) const
{
    const QString sign = seconds < 0 ? m_locale.negativeSign() : QString();
    const double a = std::abs(seconds);
    const auto two = [&](qint64 big, const char* bigUnit, qint64 small, const char* smallUnit) {
        QString s = sign + m_locale.toString(big) + QLatin1Char(' ') + QLatin1String(bigUnit);
        if (small > 0)
            s += QLatin1Char(' ') + m_locale.toString(small) + QLatin1Char(' ') + QLatin1String(smallUnit);
        return s;
    };
    const auto split
        = [&](double total, double bigSize, double smallSize, const char* bigUnit, const char* smallUnit) {
              qint64 big = qint64(std::floor(total / bigSize));
              qint64 small = qint64(std::round((total - double(big) * bigSize) / smallSize));
              if (small * smallSize >= bigSize) {
                  ++big;
                  small = 0;
              }
              return two(big, bigUnit, small, smallUnit);
          };
    if (a == 0)
        return QStringLiteral("0 s");
    if (a >= 86400)
        return split(a, 86400, 3600, "d", "h");
    if (a >= 3600 - 0.5)
        return split(a, 3600, 60, "h", "min");
    if (a >= 60 - 0.005)
        return split(a, 60, 1, "min", "s");
    struct Small
    {
        double size;
        const char* unit;
    };
    static const std::array<Small, 4> smalls
        = { { { 1, "s" }, { 1e-3, "ms" }, { 1e-6, "\u00b5s" }, { 1e-9, "ns" } } };
    for (std::size_t i = 0; i < smalls.size(); ++i) {
        const double scaled = a / smalls[i].size;
        if (scaled >= 1 || i + 1 == smalls.size()) {
            int decimals = significantDecimals(scaled);
            double shown = roundTo(scaled, decimals);
            if (shown >= 1000 && i > 0) { // 999.7 ms -> "1 s"
                return withSuffix(
                    sign + number(roundTo(a / smalls[i - 1].size, 2), 2), QString::fromUtf8(smalls[i - 1].unit));
            }
            return withSuffix(sign + number(shown, decimals), QString::fromUtf8(smalls[i].unit));
        }
    }
    return QString();
}

QString UnitFormatter::format(double value) const
{
    if (std::isnan(value))
        return QStringLiteral("\u2013");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("\u221e") : QStringLiteral("-\u221e");
    switch (m_unit) {
    case Unit::Number:
    case Unit::Count:
        return formatSi(value, QString());
    case Unit::OpsPerSecond:
        return formatSi(value, QStringLiteral("/s"));
    case Unit::Bytes:
        return formatBytes(value, QString());
    case Unit::BytesPerSecond:
        return formatBytes(value, QStringLiteral("/s"));
    case Unit::Seconds:
        return formatDuration(value);
    case Unit::Percent:
        return formatPercent(value);
    case Unit::Ratio:
        return formatPercent(value * 100);
    }
    return QString();
}

double UnitFormatter::niceStep(double rawStep)
{
    if (!(rawStep > 0) || !std::isfinite(rawStep))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(rawStep)));
    const double f = rawStep / magnitude;
    double nice = 10;
    if (f <= 1 + 1e-9)
        nice = 1;
    else if (f <= 2 + 1e-9)
        nice = 2;
    else if (f <= 2.5 + 1e-9)
        nice = 2.5;
    else if (f <= 5 + 1e-9)
        nice = 5;
    return nice * magnitude;
}

UnitFormatter::Scale UnitFormatter::axisScale(double maxAbs) const
{
    switch (m_unit) {
    case Unit::Bytes:
    case Unit::BytesPerSecond: {
        static const std::array<const char*, 7> units = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
        std::size_t k = 0;
        while (k + 1 < units.size() && maxAbs >= std::pow(1024.0, double(k + 1)))
            ++k;
        const QString per = m_unit == Unit::BytesPerSecond ? QStringLiteral("/s") : QString();
        return { std::pow(1024.0, double(k)), QLatin1Char(' ') + QLatin1String(units[k]) + per };
    }
    case Unit::Number:
    case Unit::Count:
    case Unit::OpsPerSecond: {
        static const std::array<const char*, 5> prefixes = { "", "k", "M", "G", "T" };
        std::size_t k = 0;
        while (k + 1 < prefixes.size() && maxAbs >= std::pow(1000.0, double(k + 1)))
            ++k;
        const QString per = m_unit == Unit::OpsPerSecond ? QStringLiteral("/s") : QString();
        return { std::pow(1000.0, double(k)), QLatin1String(prefixes[k]) + per };
    }
    case Unit::Percent:
        return { 1, percentSuffix() };
    case Unit::Ratio:
        return { 0.01, percentSuffix() };
    case Unit::Seconds:
        // Twice the unit before switching, so a 90 s axis reads "30 s, 60 s, 90 s".
        if (maxAbs >= 2 * 86400)
            return { 86400, QStringLiteral(" d") };
        if (maxAbs >= 2 * 3600)
            return { 3600, QStringLiteral(" h") };
        if (maxAbs >= 2 * 60)
            return { 60, QStringLiteral(" min") };
        if (maxAbs >= 1 || maxAbs == 0)
            return { 1, QStringLiteral(" s") };
        if (maxAbs >= 1e-3)
            return { 1e-3, QStringLiteral(" ms") };
        if (maxAbs >= 1e-6)
            return { 1e-6, QStringLiteral(" \u00b5s") };
        return { 1e-9, QStringLiteral(" ns") };
    }
    return {};
}

UnitFormatter::AxisTicks UnitFormatter::axisTicks(double min, double max, int targetCount) const
{
    AxisTicks result;
    if (!std::isfinite(min) || !std::isfinite(max) || min > max)
        return result;
    if (max == min) {
        const double pad = max == 0 ? 1 : std::abs(max) * 0.05;
        min -= pad;
        max += pad;
    }
    const Scale scale = axisScale(std::max(std::abs(min), std::abs(max)));
    const double smin = min / scale.divisor;
    const double smax = max / scale.divisor;
    const double step = niceStep((smax - smin) / std::max(1, targetCount));
    int decimals = 0;
    while (decimals < 6) {
        const double s = step * std::pow(10.0, decimals);
        if (std::abs(s - std::round(s)) < 1e-6 * std::max(1.0, s))
            break;
        ++decimals;
    }
    const double first = std::ceil(smin / step - 1e-9) * step;
    for (int i = 0; i < 1000; ++i) {
        double v = first + i * step;
        if (v > smax + step * 1e-9)
            break;
        if (std::abs(v) < step * 1e-9)
            v = 0;
        result.values.append(v * scale.divisor);
        result.labels.append(number(v, decimals, false) + scale.suffix);
    }
    result.step = step * scale.divisor;
    return result;
}

} // namespace opsdeck::models
