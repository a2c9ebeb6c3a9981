#pragma once

#include "format/UnitFormatter.h"

#include <qcustomplot.h>

// QCustomPlot y-axis ticks and labels from UnitFormatter, so a chart's axis
// reads like its title and the tables beside it (UI.md: axis ticks use the
// same formatting as values).
class UnitAxisTicker final : public QCPAxisTicker
{
public:
    void setFormatter(const opsdeck::models::UnitFormatter& formatter) { m_formatter = formatter; }

    void generate(const QCPRange& range, const QLocale&, QChar, int, QVector<double>& ticks,
        QVector<double>* subTicks, QVector<QString>* tickLabels) override
    {
        const auto result = m_formatter.axisTicks(range.lower, range.upper, tickCount());
        ticks = result.values;
        if (subTicks)
            subTicks->clear();
        if (tickLabels)
            *tickLabels = result.labels;
    }

private:
    opsdeck::models::UnitFormatter m_formatter;
};
