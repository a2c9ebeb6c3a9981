#pragma once

#include "Clock.h"
#include "profiler/NetworkProbe.h"
#include "scrape/ScrapeTarget.h"
#include "ServiceThread.h"

#include <QList>
#include <QMutex>
#include <QObject>

#include <functional>

namespace opsdeck::metrics {
class SeriesStore;
}

// Engine -> agent network probes, kept as series so they chart and alert like
// any other: every interval it probes each enabled scrape target's base URL +
// /healthz (NetworkProbe, all targets in parallel) and appends
//
//   opsdeck_probe_duration_seconds{instance,job,phase}   resolve|connect|tls|processing|transfer
//   opsdeck_probe_success{instance,job}                  1 or 0
//   opsdeck_probe_http_status_code{instance,job}         0 when no answer
//
// as the blackbox exporter's probe_http_duration_seconds / probe_success /
// probe_http_status_code. A probe that got no answer appends no durations
// (a lost probe must not chart as 0 s); filter on success.
//
// It runs on a thread of its own (the GUI thread never waits on a probe). The
// store has one writer (the scrape thread, SeriesStore): give setWriter() a
// function that runs a job on that thread (ScrapeManager::runAfterQueuedChanges);
// without one the appends run on the probe thread, which is only right when
// nothing else writes the store (tests, a store of its own). Public methods are
// thread-safe and never block on the network.
namespace opsdeck::profiler {

class ProbeWorker;

struct TargetProbe
{
    QString instance;
    QString job;
    ProbeResult result;
    qint64 timestampMs = 0;
};

class ProbeService final
{
public:
    using TargetsFunction = std::function<QList<scrape::ScrapeTarget>()>; // called on the probe thread
    using WriterExecutor = std::function<void(std::function<void()>)>;

    ProbeService(metrics::SeriesStore* store, TargetsFunction targets, int intervalMs,
        const Clock* clock = SystemClock::instance());
    ~ProbeService();
    ProbeService(const ProbeService&) = delete;
    ProbeService& operator=(const ProbeService&) = delete;

    void setWriter(WriterExecutor writer); // before start()
    void setTimeoutMs(int ms); // per probe; default min(2 s, interval)
    void setPath(const QString& path); // default "/healthz"

    void start(); // probes at once, then every interval; intervalMs 0 = never
    void stop();
    void probeNow(); // one round now (queued)

    QList<TargetProbe> lastResults() const; // the newest result per target
    qint64 roundsCompleted() const;
    // The URL probed for a target: its scheme, host and port with the path.
    static QUrl probeUrl(const scrape::ScrapeTarget& target, const QString& path);

private:
    friend class ProbeWorker;
    void publish(const QList<TargetProbe>& results);

    metrics::SeriesStore* m_store;
    TargetsFunction m_targets;
    int m_intervalMs;
    const Clock* m_clock;
    WriterExecutor m_writer;
    int m_timeoutMs;
    QString m_path = QStringLiteral("/healthz");
    mutable QMutex m_mutex;
    QList<TargetProbe> m_last;
    qint64 m_rounds = 0;
    ServiceThread<ProbeWorker> m_thread { QStringLiteral("ProbeService") };
};

} // namespace opsdeck::profiler
