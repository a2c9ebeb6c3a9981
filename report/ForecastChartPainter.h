#pragma once

#include "capacity/CapacityPlanner.h"

#include <QtGlobal>

class QImage;
class QPainter;
class QRectF;

// One resource's forecast chart, drawn with QPainter for the PDF and HTML
// reports: history, forecast line, 80/95 % band, ceiling line, run-out
// marker, anomaly marks, time and value axes formatted for people. The
// Capacity page draws the same chart with QCustomPlot (ui/capacity/
// ForecastChart), which is a QWidget and so cannot run in `opsdeck report`.
// QtGui only and thread-safe (QPainter on a QImage or a QPdfWriter).
namespace opsdeck::report {

void paintForecastChart(QPainter& painter, const QRectF& rect, const capacity::ResourceForecast& resource);
QImage renderForecastChart(const capacity::ResourceForecast& resource, int width, int height, qreal dpr = 2.0);

} // namespace opsdeck::report
