#pragma once

#include <QLoggingCategory>

// Logging category of the dashboard feature: "opsdeck.dashboard".
namespace opsdeck::dashboard {
Q_DECLARE_LOGGING_CATEGORY(lcDashboard)
} // namespace opsdeck::dashboard
