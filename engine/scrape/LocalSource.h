#pragma once

#include "metrics/Sample.h"
#include "ScrapeTarget.h"

#include <QList>

#include <functional>

// The embedded "local source": the in-process host collector, scraped by the
// scrape manager on its own thread like a target (job="node",
// instance=<host name>), so the console monitors its own machine when no
// targets are configured. Its collect function runs on the scrape thread and
// must never block on the network.
namespace opsdeck::scrape {

using CollectFunction = std::function<QList<metrics::MetricFamily>()>;

class LocalSource
{
public:
    // collect::HostCollector over the live /proc and /sys. Create it on the
    // thread that will call it (it keeps state between calls).
    static CollectFunction hostCollector();
    // How the local source appears in TargetStatus and in series labels.
    static ScrapeTarget describe(int intervalMs);
};

} // namespace opsdeck::scrape
