#pragma once

#include <QLoggingCategory>

// Logging category of the scrape feature: "opsdeck.scrape".
namespace opsdeck::scrape {
Q_DECLARE_LOGGING_CATEGORY(lcScrape)
} // namespace opsdeck::scrape
