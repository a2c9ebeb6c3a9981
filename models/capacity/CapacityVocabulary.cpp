#include "capacity/CapacityVocabulary.h"

#include "capacity/ResourceUrgency.h"
#include "format/UnitFormatter.h"
#include "style/SeverityPalette.h"

#include <QLocale>

#include <cmath>

using opsdeck::capacity::ResourceForecast;
using opsdeck::capacity::ResourceStatus;
using opsdeck::capacity::TimeRemaining;
using opsdeck::models::UnitFormatter;

namespace {

constexpr qint64 kDayMs = 24LL * 3600 * 1000;
constexpr qint64 kHourMs = 3600LL * 1000;

} // namespace

QString CapacityVocabulary::statusText(ResourceStatus status)
{
    switch (status) {
    case ResourceStatus::Red:
        return tr("Runs out");
    case ResourceStatus::Amber:
        return tr("Order soon");
    case ResourceStatus::Green:
        return tr("OK");
    case ResourceStatus::Unknown:
        break;
    }
    return tr("Unknown");
}

QColor CapacityVocabulary::statusColor(ResourceStatus status)
{
    using SeverityPalette::Tone;
    switch (status) {
    case ResourceStatus::Red:
        return SeverityPalette::color(Tone::Critical);
    case ResourceStatus::Amber:
        return SeverityPalette::color(Tone::Warning);
    case ResourceStatus::Green:
        return SeverityPalette::color(Tone::Ok);
    case ResourceStatus::Unknown:
        break;
    }
    return SeverityPalette::color(Tone::Unknown);
}

QString CapacityVocabulary::formatAmount(double value, const QString& unit)
{
    if (std::isnan(value))
        return QStringLiteral("–");
    if (unit == QLatin1String("req/s"))
        return UnitFormatter(UnitFormatter::Unit::OpsPerSecond).format(value);
    const UnitFormatter::Unit u = UnitFormatter::unitFromName(unit);
    const QString text = UnitFormatter(u).format(value);
    // Units UnitFormatter does not know ("cores") follow the number.
    if (u == UnitFormatter::Unit::Number && !unit.isEmpty())
        return tr("%1 %2").arg(text, unit);
    return text;
}

QString CapacityVocabulary::formatDuration(qint64 ms)
{
    if (ms <= 0)
        return tr("now");
    const QLocale locale;
    if (ms < 2 * kDayMs)
        return tr("%1 h").arg(locale.toString(std::max<qint64>(1, ms / kHourMs)));
    return tr("%1 d").arg(locale.toString(ms / kDayMs));
}

QString CapacityVocabulary::timeRemainingText(const ResourceForecast& r, qint64 nowMs, qint64 horizonMs)
{
    const TimeRemaining t = opsdeck::capacity::timeRemaining(r, nowMs);
    const QLocale locale;
    const QString horizon = tr("%1 d").arg(locale.toString(horizonMs / kDayMs));
    switch (t.kind) {
    case TimeRemaining::Kind::NoForecast:
        return QStringLiteral("–");
    case TimeRemaining::Kind::Beyond:
        // Only the upper 95 % bound reaches the ceiling.
        if (t.earliestMs) {
            const qint64 early = *t.earliestMs;
            if (early >= 2 * kDayMs)
                return tr("beyond %1 (%2–%3+ d)")
                    .arg(horizon, locale.toString(early / kDayMs), locale.toString(horizonMs / kDayMs));
            return tr("beyond %1 (%2 – %1+)").arg(horizon, formatDuration(early));
        }
        return tr("beyond %1").arg(horizon);
    case TimeRemaining::Kind::OverCeiling:
        return tr("now (over the ceiling)");
    case TimeRemaining::Kind::Within:
        break;
    }
    const QString value = formatDuration(t.remainingMs);
    if (t.remainingMs <= 0)
        return value;
    // The 95 % interval: the upper bound reaches the ceiling first, the lower
    // bound last (or not within the horizon).
    const qint64 early = t.earliestMs ? *t.earliestMs : t.remainingMs;
    const qint64 late = t.latestMs ? *t.latestMs : horizonMs;
    const QString lateSuffix = t.latestMs ? QString() : QStringLiteral("+");
    if (early >= 2 * kDayMs && late >= 2 * kDayMs)
        return tr("%1 (%2–%3%4 d)")
            .arg(value, locale.toString(early / kDayMs), locale.toString(late / kDayMs), lateSuffix);
    const QString earlyText = formatDuration(early), lateText = formatDuration(late) + lateSuffix;
    if (earlyText == value && lateText == value)
        return value;
    return tr("%1 (%2 – %3)").arg(value, earlyText, lateText);
}
