#include "query/Ast.h" // same folder: allowed
#include <QString>
#include "alerts/AlertsPage.h" // a ui header: forbidden
#include "alerts/AlertInboxModel.h" // a models header: forbidden
#include "report/ReportWriter.h" // a ui/report header: forbidden
#include "Page.moc" // generated: skipped
