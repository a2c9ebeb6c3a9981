#pragma once

#include "alerts/AlertTypes.h"

#include <QByteArray>
#include <QList>

// /api/v1/alerts and /api/v1/rules in Prometheus 2.42's JSON shapes
// (web/api/v1 AlertDiscovery, RuleDiscovery) from the alert service's
// snapshots: alerting rules only (OpsDeck has no recording rules), alerts in
// pending or firing state, times in RFC 3339, the value as Go's %e. Pure
// functions over copies; the caller takes the snapshots on the service's
// owner thread.
namespace opsdeck::web {

class AlertsApi
{
public:
    static QByteArray alertsJson(const QList<alerts::Alert>& alerts);
    static QByteArray rulesJson(const QList<alerts::RuleGroup>& groups, const QList<alerts::Alert>& alerts);
    // strconv.FormatFloat(v, 'e', -1, 64): "1e+00", "2.5e-01", "NaN", "+Inf".
    static QByteArray formatAlertValue(double v);
};

} // namespace opsdeck::web
