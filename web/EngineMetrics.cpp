#include "EngineMetrics.h"

#include "metrics/ExpositionEncoder.h"

namespace opsdeck::web {

namespace {

using metrics::ExposedSample;
using metrics::Label;
using metrics::Labels;
using metrics::MetricFamily;
using metrics::MetricType;

MetricFamily family(const char* name, MetricType type, const char* help)
{
    MetricFamily f;
    f.name = name;
    f.type = type;
    f.help = help;
    return f;
}

ExposedSample sample(const QByteArray& name, double value, QList<Label> labels = {})
{
    labels.append({ QByteArrayLiteral("__name__"), name });
    return ExposedSample { Labels::fromUnsorted(labels), value, std::nullopt };
}

MetricFamily single(const char* name, MetricType type, const char* help, double value)
{
    MetricFamily f = family(name, type, help);
    f.samples.append(sample(QByteArray(name), value));
    return f;
}

} // namespace

QByteArray EngineMetrics::encode(const EngineFigures& x)
{
    QList<MetricFamily> out;

    MetricFamily build = family("opsdeck_build_info", MetricType::Gauge, "OpsDeck version, always 1.");
    build.samples.append(sample("opsdeck_build_info", 1, { { "version", x.version.toUtf8() } }));
    out.append(build);
    out.append(single("opsdeck_start_time_seconds", MetricType::Gauge,
        "Start time of the engine since the Unix epoch in seconds.", x.startTimeSeconds));

    out.append(single("opsdeck_ingest_samples_total", MetricType::Counter,
        "Samples appended to the series store by scrapes since start.", double(x.samplesIngestedTotal)));
    out.append(single("opsdeck_ingest_samples_per_second", MetricType::Gauge,
        "Samples appended per second over the last few seconds.", x.ingestSamplesPerSecond));
    out.append(single(
        "opsdeck_scrapes_total", MetricType::Counter, "Scrapes finished since start.", double(x.scrapesTotal)));
    MetricFamily targets = family("opsdeck_scrape_targets", MetricType::Gauge, "Scrape targets by health.");
    targets.samples.append(sample("opsdeck_scrape_targets", x.targetsUp, { { "health", "up" } }));
    targets.samples.append(sample("opsdeck_scrape_targets", x.targetsDown, { { "health", "down" } }));
    targets.samples.append(sample("opsdeck_scrape_targets", x.targetsUnknown, { { "health", "unknown" } }));
    out.append(targets);

    out.append(single(
        "opsdeck_storage_series", MetricType::Gauge, "Series in the series store.", double(x.store.seriesCount)));
    out.append(single("opsdeck_storage_samples", MetricType::Gauge, "Samples held in the series store.",
        double(x.store.sampleCount)));
    MetricFamily bytes
        = family("opsdeck_storage_bytes", MetricType::Gauge, "Memory used by samples in the series store.");
    bytes.samples.append(
        sample("opsdeck_storage_bytes", double(x.store.compressedBytes), { { "part", "chunks" } }));
    bytes.samples.append(sample("opsdeck_storage_bytes", double(x.store.headBytes), { { "part", "head" } }));
    out.append(bytes);
    out.append(single("opsdeck_storage_samples_appended_total", MetricType::Counter,
        "Samples ever appended to the series store.", double(x.store.appendedTotal)));
    out.append(single("opsdeck_storage_out_of_order_samples_total", MetricType::Counter,
        "Samples rejected as older than their series' newest.", double(x.store.outOfOrderTotal)));

    out.append(single("opsdeck_rules", MetricType::Gauge, "Alerting rules loaded.", x.rules));
    out.append(single("opsdeck_rule_evaluations_total", MetricType::Counter, "Rule evaluation rounds since start.",
        double(x.ruleEvaluationsTotal)));
    out.append(single("opsdeck_rule_evaluation_seconds_total", MetricType::Counter,
        "Time spent in rule evaluation rounds.", x.ruleEvaluationSecondsTotal));
    MetricFamily alerts = family("opsdeck_alerts", MetricType::Gauge, "Open alerts by state.");
    alerts.samples.append(sample("opsdeck_alerts", x.alertsFiring, { { "state", "firing" } }));
    alerts.samples.append(sample("opsdeck_alerts", x.alertsPending, { { "state", "pending" } }));
    out.append(alerts);
    MetricFamily notifications = family("opsdeck_notifications_total", MetricType::Counter,
        "Notification outcomes recorded since start, by status (sent, failed, retrying, suppressed).");
    for (auto it = x.notificationsByStatus.cbegin(); it != x.notificationsByStatus.cend(); ++it)
        notifications.samples.append(
            sample("opsdeck_notifications_total", double(it.value()), { { "status", it.key().toUtf8() } }));
    out.append(notifications);

    MetricFamily requests
        = family("opsdeck_web_requests_total", MetricType::Counter, "Web API answers by handler and HTTP status.");
    for (auto it = x.httpRequests.cbegin(); it != x.httpRequests.cend(); ++it)
        requests.samples.append(sample("opsdeck_web_requests_total", double(it.value()),
            { { "handler", it.key().first }, { "code", QByteArray::number(it.key().second) } }));
    out.append(requests);
    MetricFamily durations = family("opsdeck_web_request_duration_seconds", MetricType::Summary,
        "Time to answer web API requests, by handler.");
    for (auto it = x.httpDurations.cbegin(); it != x.httpDurations.cend(); ++it) {
        durations.samples.append(
            sample("opsdeck_web_request_duration_seconds_sum", it.value().second, { { "handler", it.key() } }));
        durations.samples.append(sample(
            "opsdeck_web_request_duration_seconds_count", double(it.value().first), { { "handler", it.key() } }));
    }
    out.append(durations);
    return metrics::ExpositionEncoder::encode(out);
}

} // namespace opsdeck::web
