#include "ScrapeClient.h"

#include "ScrapeRequest.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkProxy>

namespace opsdeck::scrape {

QNetworkAccessManager* ScrapeClient::createNetworkAccessManager(QObject* parent)
{
    auto* nam = new QNetworkAccessManager(parent);
    nam->setProxy(QNetworkProxy::NoProxy);
    nam->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
    return nam;
}

ScrapeResult ScrapeClient::scrapeOnce(const ScrapeTarget& target, const metrics::ParseLimits& limits)
{
    QObject owner;
    QNetworkAccessManager* nam = createNetworkAccessManager(&owner);
    ScrapeRequest request(nam);
    request.setTarget(target);
    request.setLimits(limits);

    ScrapeResult result;
    bool done = false;
    QEventLoop loop;
    request.start([&](ScrapeResult&& r) {
        result = std::move(r);
        done = true;
        loop.quit();
    });
    if (!done)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    return result;
}

} // namespace opsdeck::scrape
