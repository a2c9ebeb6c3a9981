#include "ReportFormatting.h"

#include <QDateTime>
#include <QLocale>

#include <cmath>

namespace opsdeck::report {

using models::UnitFormatter;

namespace {

QDateTime utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

} // namespace

UnitFormatter::Unit formatterUnit(const QString& unit)
{
    if (unit == QLatin1String("req/s"))
        return UnitFormatter::Unit::OpsPerSecond;
    return UnitFormatter::unitFromName(unit);
}

QString formatValue(double value, const QString& unit)
{
    const UnitFormatter::Unit u = formatterUnit(unit);
    QString text = UnitFormatter(u).format(value);
    if (u == UnitFormatter::Unit::Number && !unit.isEmpty() && std::isfinite(value))
        text += QLatin1Char(' ') + unit;
    return text;
}

QString formatDuration(qint64 ms)
{
    return UnitFormatter(UnitFormatter::Unit::Seconds).format(double(ms) / 1000.0);
}

QString formatPercent(double percent)
{
    return UnitFormatter(UnitFormatter::Unit::Percent).format(percent);
}

QString dateText(qint64 ms)
{
    return QLocale().toString(utc(ms).date(), QStringLiteral("d MMM yyyy"));
}

QString dateTimeText(qint64 ms)
{
    return QLocale().toString(utc(ms), QStringLiteral("d MMM yyyy HH:mm")) + QStringLiteral(" UTC");
}

double growthOf(const capacity::ResourceForecast& r)
{
    return r.growthFactor > 0 && std::isfinite(r.growthFactor) ? r.growthFactor : 1.0;
}

double ceilingValue(const capacity::ResourceForecast& r)
{
    return r.definition.ceiling * r.capacity;
}

} // namespace opsdeck::report
