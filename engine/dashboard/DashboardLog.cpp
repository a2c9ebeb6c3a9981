#include "DashboardLog.h"

namespace opsdeck::dashboard {
Q_LOGGING_CATEGORY(lcDashboard, "opsdeck.dashboard", QtInfoMsg)
} // namespace opsdeck::dashboard
