#include "query/Ast.h" // same folder: allowed
#include <QString>
#include "alerts/AlertsPage.h" // a ui header: forbidden
#include "alerts/AlertInboxModel.h" // a models header: forbidden
#include "ReportWriter.h" // a report/ header: forbidden
#include "RouteRegistry.h" // an agent/ header: forbidden
#include "PrometheusApi.h" // a web/ header: forbidden
#include "Page.moc" // generated: skipped
