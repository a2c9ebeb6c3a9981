#pragma once

#include "capacity/CapacityPlanner.h"

#include <QColor>
#include <QCoreApplication>
#include <QString>

// The words (and the status colour) for capacity, shared by the Capacity
// page (CapacityResourceModel, ForecastChart, the detail panel) and the PDF
// and HTML reports, so the screen and the paper never disagree. The status
// words are the operator's: "Runs out", "Order soon", "OK", "Unknown". The
// rules behind the time remaining and the order of resources are in
// engine/capacity/ResourceUrgency; the CSV writes capacity::statusName's
// machine words instead (a column for scripts).
class CapacityVocabulary final
{
    Q_DECLARE_TR_FUNCTIONS(CapacityVocabulary)

public:
    static QString statusText(opsdeck::capacity::ResourceStatus status);
    // SeverityPalette: red = critical, amber = warning, green = ok.
    static QColor statusColor(opsdeck::capacity::ResourceStatus status);
    // A value in the resource's unit ("41.2 GiB", "3.2 cores", "850/s"), "–" for none.
    static QString formatAmount(double value, const QString& unit);
    // "41 d", "18 h", "now".
    static QString formatDuration(qint64 ms);
    // "41 d (33–52 d)", "beyond 90 d", "now (over the ceiling)", or "–" without a forecast.
    static QString timeRemainingText(
        const opsdeck::capacity::ResourceForecast& resource, qint64 nowMs, qint64 horizonMs);
};
