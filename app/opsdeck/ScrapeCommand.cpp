#include "ScrapeCommand.h"

int runScrapeCommand(const QStringList&)
{
    return 2; // replaced by the scrape feature
}
