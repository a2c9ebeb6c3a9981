#include "ScrapeLog.h"

namespace opsdeck::scrape {
Q_LOGGING_CATEGORY(lcScrape, "opsdeck.scrape", QtInfoMsg)
} // namespace opsdeck::scrape
