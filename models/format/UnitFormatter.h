#pragma once

#include <QList>
#include <QLocale>
#include <QString>
#include <QStringList>

// Formats metric values for people (UI.md, Visual language): bytes in IEC
// units (KiB, MiB, GiB), rates per second, durations as "3 d 4 h", "850 ms",
// "42 µs", percent with at most one decimal, plain numbers with SI k/M/G, all
// through QLocale. It also picks nice axis ticks and labels them with the same
// units, so a chart's axis and its title read alike. Pure functions of the
// value, the unit and the locale; never touches the engine.
namespace opsdeck::models {

class UnitFormatter
{
public:
    enum class Unit {
        Number, // "" : plain number, SI k/M/G
        Percent, // "percent": 0..100
        Ratio, // "ratio": 0..1, shown as percent
        Bytes, // "bytes": IEC
        BytesPerSecond, // "bytes/s"
        Seconds, // "seconds": durations
        OpsPerSecond, // "ops/s"
        Count, // "count": plain number
    };

    // Ticks and their labels for one axis range; every label uses the same unit prefix.
    struct AxisTicks
    {
        QList<double> values;
        QStringList labels;
        double step = 0;
    };

    explicit UnitFormatter(Unit unit = Unit::Number, const QLocale& locale = QLocale());

    // Panel unit names as stored in PanelDefinition::unit; unknown names are plain numbers.
    static Unit unitFromName(const QString& name);
    static QString unitName(Unit unit);

    Unit unit() const { return m_unit; }
    const QLocale& locale() const { return m_locale; }

    // One value, about three significant digits ("1.5 GiB", "42.5%", "3 d 4 h"); NaN gives "–".
    QString format(double value) const;

    // About targetCount ticks (1, 2, 2.5, 5 × 10^k in the axis' display unit) covering [min, max].
    AxisTicks axisTicks(double min, double max, int targetCount = 5) const;

    // A "nice" step (1, 2, 2.5, 5 × 10^k) of at least rawStep.
    static double niceStep(double rawStep);

private:
    struct Scale
    {
        double divisor = 1;
        QString suffix;
    };
    Scale axisScale(double maxAbs) const;
    QString number(double value, int maxDecimals, bool trimZeros = true) const;
    QString withSuffix(const QString& number, const QString& suffix) const;
    QString percentSuffix() const;
    QString formatBytes(double value, const QString& perSecond) const;
    QString formatSi(double value, const QString& perSecond) const;
    QString formatDuration(double seconds) const;
    QString formatPercent(double percent) const;

    Unit m_unit;
    QLocale m_locale;
};

} // namespace opsdeck::models
