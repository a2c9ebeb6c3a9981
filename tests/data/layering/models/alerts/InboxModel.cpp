#include "AlertInboxModel.h" // same folder: allowed
#include "alerts/AlertTypes.h" // models -> engine: allowed
#include "shell/Theme.h" // models -> ui: forbidden
#include "ReportWriter.h" // models -> report: forbidden
