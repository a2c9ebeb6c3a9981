#include "ScrapeTarget.h"

#include <QCoreApplication>

namespace opsdeck::scrape {

// Out of line so lupdate (which only scans .cpp files) sees the messages.
QString ScrapeTarget::validate() const
{
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return QCoreApplication::translate("opsdeck::scrape::ScrapeTarget", "URL must be http:// or https://");
    if (url.host().isEmpty())
        return QCoreApplication::translate("opsdeck::scrape::ScrapeTarget", "URL has no host");
    if (intervalMs < kMinIntervalMs)
        return QCoreApplication::translate("opsdeck::scrape::ScrapeTarget", "interval must be at least %1 ms")
            .arg(kMinIntervalMs);
    if (timeoutMs <= 0 || timeoutMs > intervalMs)
        return QCoreApplication::translate(
            "opsdeck::scrape::ScrapeTarget", "timeout must be positive and not longer than the interval");
    if (job.isEmpty())
        return QCoreApplication::translate("opsdeck::scrape::ScrapeTarget", "job must not be empty");
    return {};
}

} // namespace opsdeck::scrape
