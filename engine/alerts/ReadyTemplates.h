#pragma once

#include "alerts/AlertTypes.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

// Ready-made alert rules an operator can add with one click: host down, CPU
// saturation, memory pressure, disk filling (predict_linear), scrape failing,
// and the SLO multi-window multi-burn-rate alerts of Google's SRE workbook
// (ch. 5, "Alerting on SLOs": 1h/5m at 14.4x and 6h/30m at 6x page, 1d/2h at
// 3x and 3d/6h at 1x open a ticket). Metric names are node_exporter's (which
// the OpsDeck agent also exposes). Every expression stays inside the PromQL
// subset QueryEngine::check accepts; this class only builds values, it never
// evaluates or stores anything.
namespace opsdeck::alerts {

struct SloParameters
{
    QString name = QStringLiteral("ErrorBudgetBurn"); // alertname of the four burn-rate rules
    // Error ratio over a window; "$window" is replaced by 5m, 30m, 1h, 2h, 6h, 1d, 3d.
    QString errorRatio = QStringLiteral("sum by (job) (rate(http_requests_total{code=~\"5..\"}[$window])) / sum "
                                        "by (job) (rate(http_requests_total[$window]))");
    double objective = 0.999; // e.g. 99.9 % of requests succeed
};

class ReadyTemplates
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::alerts::ReadyTemplates)

public:
    // Every template, one group per topic ("host", "resources", "scrape", "slo").
    static QList<RuleGroup> all();

    static AlertRule hostDown();
    static AlertRule cpuSaturation(double percent = 90);
    static AlertRule memoryPressure(double percent = 90);
    static AlertRule diskFilling(qint64 horizonHours = 24);
    static AlertRule scrapeFailing(double failedPercent = 10);
    // The four burn-rate rules for one SLO.
    static RuleGroup sloBurnRate(const SloParameters& slo = {});
};

} // namespace opsdeck::alerts
