#include "LocalSource.h"

#include "collect/HostCollector.h"

#include <QSysInfo>

#include <memory>

namespace opsdeck::scrape {

CollectFunction LocalSource::hostCollector()
{
    auto collector = std::make_shared<collect::HostCollector>();
    return [collector]() { return collector->collect(); };
}

ScrapeTarget LocalSource::describe(int intervalMs)
{
    ScrapeTarget t;
    t.job = QStringLiteral("node");
    t.instance = QSysInfo::machineHostName();
    if (t.instance.isEmpty())
        t.instance = QStringLiteral("localhost");
    t.intervalMs = qMax(intervalMs, ScrapeTarget::kMinIntervalMs);
    t.timeoutMs = t.intervalMs;
    return t;
}

} // namespace opsdeck::scrape
