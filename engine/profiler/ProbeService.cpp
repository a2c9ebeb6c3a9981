#include "profiler/ProbeService.h"

#include "metrics/Labels.h"
#include "metrics/SeriesStore.h"

#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <vector>

namespace opsdeck::profiler {

Q_LOGGING_CATEGORY(lcProbeService, "opsdeck.profiler.probes")

// Lives on the probe thread: the interval timer and one NetworkProbe per target in flight.
class ProbeWorker final : public QObject
{
public:
    explicit ProbeWorker(ProbeService* owner)
        : m_owner(owner)
    { }

    void init()
    {
        m_timer = new QTimer(this);
        m_timer->setTimerType(Qt::CoarseTimer);
        connect(m_timer, &QTimer::timeout, this, [this] { round(); });
        if (m_owner->m_intervalMs > 0) {
            m_timer->start(m_owner->m_intervalMs);
            round();
        }
    }

    void round()
    {
        if (m_inFlight > 0)
            return; // the previous round is still waiting for a probe (timeout > interval)
        const QList<scrape::ScrapeTarget> targets
            = m_owner->m_targets ? m_owner->m_targets() : QList<scrape::ScrapeTarget> {};
        m_results.clear();
        for (const scrape::ScrapeTarget& t : targets) {
            if (!t.enabled || !t.url.isValid())
                continue;
            ProbeRequest request;
            request.url = ProbeService::probeUrl(t, m_owner->m_path);
            request.timeoutMs = m_owner->m_timeoutMs;
            request.bearerToken = t.bearerToken;
            request.tlsCaFile = t.tlsCaFile;
            request.tlsInsecure = t.tlsInsecure;
            auto* probe = new NetworkProbe(this);
            ++m_inFlight;
            const QString instance = t.effectiveInstance();
            const QString job = t.job;
            connect(probe, &NetworkProbe::finished, this, [this, probe, instance, job](const ProbeResult& r) {
                m_results.append({ instance, job, r, m_owner->m_clock->nowMs() });
                probe->deleteLater();
                if (--m_inFlight == 0)
                    m_owner->publish(m_results);
            });
            probe->probe(request);
        }
        if (m_inFlight == 0)
            m_owner->publish(m_results);
    }

private:
    ProbeService* m_owner;
    QTimer* m_timer = nullptr;
    int m_inFlight = 0;
    QList<TargetProbe> m_results;
};

namespace {

void appendResults(metrics::SeriesStore* store, const QList<TargetProbe>& results)
{
    static const QByteArray duration = "opsdeck_probe_duration_seconds";
    static const QByteArray success = "opsdeck_probe_success";
    static const QByteArray status = "opsdeck_probe_http_status_code";
    for (const TargetProbe& p : results) {
        const QByteArray instance = p.instance.toUtf8();
        const QByteArray job = p.job.toUtf8();
        const auto labels = [&](const QByteArray& name) {
            return metrics::Labels { { metrics::kMetricNameLabel.toByteArray(), name }, { "instance", instance },
                { "job", job } };
        };
        store->append(labels(success), p.timestampMs, p.result.ok ? 1.0 : 0.0);
        store->append(labels(status), p.timestampMs, double(p.result.statusCode));
        const bool measured = p.result.statusCode > 0 || (p.result.tcpOnly && p.result.ok);
        if (!measured)
            continue;
        const QStringList& phases = NetworkProbe::phaseNames();
        const int count = p.result.tcpOnly ? 2 : int(phases.size()); // TCP: resolve and connect
        for (int i = 0; i < count; ++i) {
            store->append(labels(duration).with("phase", phases.at(i).toUtf8()), p.timestampMs,
                NetworkProbe::phase(p.result.phases, i));
        }
    }
}

} // namespace

ProbeService::ProbeService(
    metrics::SeriesStore* store, TargetsFunction targets, int intervalMs, const Clock* clock)
    : m_store(store)
    , m_targets(std::move(targets))
    , m_intervalMs(std::max(0, intervalMs))
    , m_clock(clock ? clock : SystemClock::instance())
    , m_timeoutMs(m_intervalMs > 0 ? std::min(2000, m_intervalMs) : 2000)
{ }

ProbeService::~ProbeService()
{
    stop();
}

void ProbeService::setWriter(WriterExecutor writer)
{
    m_writer = std::move(writer);
}

void ProbeService::setTimeoutMs(int ms)
{
    m_timeoutMs = std::max(1, ms);
}

void ProbeService::setPath(const QString& path)
{
    m_path = path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path;
}

QUrl ProbeService::probeUrl(const scrape::ScrapeTarget& target, const QString& path)
{
    QUrl url;
    url.setScheme(target.url.scheme());
    url.setHost(target.url.host());
    url.setPort(target.url.port());
    url.setPath(path);
    return url;
}

void ProbeService::start()
{
    if (m_thread.isRunning())
        return;
    m_thread.start(new ProbeWorker(this), [](ProbeWorker& w) { w.init(); });
}

void ProbeService::stop()
{
    m_thread.stop();
}

void ProbeService::probeNow()
{
    if (m_thread.isRunning())
        m_thread.post([](ProbeWorker& w) { w.round(); });
}

QList<TargetProbe> ProbeService::lastResults() const
{
    QMutexLocker lock(&m_mutex);
    return m_last;
}

qint64 ProbeService::roundsCompleted() const
{
    QMutexLocker lock(&m_mutex);
    return m_rounds;
}

void ProbeService::publish(const QList<TargetProbe>& results)
{
    if (m_store && !results.isEmpty()) {
        if (m_writer) {
            metrics::SeriesStore* store = m_store;
            m_writer([store, results] { appendResults(store, results); });
        } else {
            appendResults(m_store, results);
        }
    }
    for (const TargetProbe& p : results) {
        if (!p.result.ok)
            qCDebug(lcProbeService).noquote() << p.instance << p.result.error;
    }
    QMutexLocker lock(&m_mutex);
    m_last = results;
    ++m_rounds;
}

} // namespace opsdeck::profiler
