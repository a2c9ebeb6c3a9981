#pragma once

#include "capacity/CapacityPlanner.h"

#include <QFrame>

class QCustomPlot;
class QLabel;
class QStackedLayout;

// One resource's forecast on the Capacity page: the history, the forecast
// (dashed) with its 95 % and 80 % bands, the ceiling, the run-out marker and
// anomaly marks, on a date axis and a value axis in the resource's unit.
// Values (history and forecast) are multiplied by the what-if growth factor,
// as the planner computes dates and sizing with them.
class ForecastChart final : public QFrame
{
    Q_OBJECT

public:
    explicit ForecastChart(QWidget* parent = nullptr);

    void setResource(const opsdeck::capacity::ResourceForecast& resource, qint64 nowMs);
    void clear(const QString& message);

    QCustomPlot* plot() const { return m_plot; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyColours();

    QLabel* m_title;
    QLabel* m_message;
    QStackedLayout* m_stack;
    QCustomPlot* m_plot;
};
