#pragma once

#include "ScrapeResult.h"
#include "ScrapeTarget.h"

class QNetworkAccessManager;
class QObject;

// One-shot scrapes for the CLI (`opsdeck scrape URL`) and tests: the same
// fetch + parse code path as the scrape manager (ScrapeRequest), run to
// completion. scrapeOnce spins a local event loop, so it must never be called
// on the GUI thread; the console goes through ScrapeManager instead.
namespace opsdeck::scrape {

class ScrapeClient
{
public:
    // Blocks the calling thread (running a local event loop) until the
    // scrape finished or failed; bounded by target.timeoutMs.
    static ScrapeResult scrapeOnce(const ScrapeTarget& target, const metrics::ParseLimits& limits = {});

    // A QNetworkAccessManager configured for scraping: no proxy (Prometheus
    // ignores proxy environment variables unless told otherwise), no cache,
    // no cookies. Create it in the thread that will use it.
    static QNetworkAccessManager* createNetworkAccessManager(QObject* parent);
};

} // namespace opsdeck::scrape
