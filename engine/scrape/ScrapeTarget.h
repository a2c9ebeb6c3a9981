#pragma once

#include "metrics/Labels.h"

#include <QString>
#include <QUrl>

// One place to pull metrics from: an opsdeck-agent, a node_exporter or any
// Prometheus-format endpoint. Persisted by scrape/ScrapeTargetRepository.
namespace opsdeck::scrape {

struct ScrapeTarget
{
    qint64 id = 0; // repository id; 0 until saved
    QUrl url; // http(s)://host:port/metrics
    QString job = QStringLiteral("opsdeck");
    QString instance; // defaults to url's host:port when empty (see effectiveInstance)
    metrics::Labels extraLabels; // added to every series of this target (no __name__)
    int intervalMs = 1000; // default 1 s, at least 250 ms
    int timeoutMs = 800; // at most intervalMs
    QString bearerToken; // sent as "Authorization: Bearer ..." when set
    QString tlsCaFile; // PEM CA bundle to verify the target against; empty = system CAs
    bool tlsInsecure = false; // skip certificate verification (self-signed labs)
    bool enabled = true;

    static constexpr int kMinIntervalMs = 250;

    QString effectiveInstance() const
    {
        if (!instance.isEmpty())
            return instance;
        const int port = url.port(url.scheme() == QLatin1String("https") ? 443 : 80);
        return url.host() + QLatin1Char(':') + QString::number(port);
    }
    // Empty when valid, else what is wrong in the operator's words.
    QString validate() const;
};

} // namespace opsdeck::scrape
