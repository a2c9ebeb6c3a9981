#pragma once

#include "Clock.h"
#include "LocalSource.h"
#include "metrics/ExpositionParser.h"
#include "ScrapeTarget.h"
#include "ServiceThread.h"
#include "TargetStatus.h"

#include <QList>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QThread;

namespace opsdeck::metrics {
class SeriesStore;
struct AppendedSample;
} // namespace opsdeck::metrics

// The scrape manager: pulls every target on its interval (default 1 s, down
// to 250 ms) with a per-target timeout, parses, and appends samples plus the
// report series `up`, `scrape_duration_seconds`, `scrape_samples_scraped` to
// the series store, writing staleness markers when series disappear, a
// scrape fails or a target is removed (Prometheus semantics). In embedded
// mode it also runs the local host collector as job="node".
//
// All network I/O, parsing and store appends run on the manager's own
// thread, which is the store's single writer: nothing else may write to that
// store. Every public method is thread-safe and returns immediately; the
// manager never blocks the caller's (GUI) thread on a socket. The UI reads
// targets() snapshots after the coalesced targetsChanged() signal.
namespace opsdeck::scrape {

enum class LocalSourceMode {
    Off,
    On,
    WhenNoTargets, // the console default: monitor this machine until targets are configured
};

struct ScrapeManagerOptions
{
    metrics::ParseLimits limits;
    LocalSourceMode localSource = LocalSourceMode::Off;
    int localIntervalMs = 1000;
    // The local source's collect function, called on the scrape thread;
    // empty = collect::HostCollector over the live /proc and /sys.
    CollectFunction localCollector;
    // How often the scrape thread applies the store's retention policy; 0 = never.
    int retentionIntervalMs = 30'000;
};

class ScrapeWorker;
struct ScrapeShared;

class ScrapeManager final : public QObject
{
    Q_OBJECT

public:
    // store and clock must outlive the manager. Starts the scrape thread.
    explicit ScrapeManager(metrics::SeriesStore* store, const ScrapeManagerOptions& options = {},
        Clock* clock = SystemClock::instance(), QObject* parent = nullptr);
    // Stops the scrape thread; in-flight scrapes are aborted.
    ~ScrapeManager() override;

    // Returns the new target's key, or 0 with *error set when the target is
    // invalid (ScrapeTarget::validate()).
    TargetKey addTarget(const ScrapeTarget& target, QString* error = nullptr);
    // Replaces a target's settings. When job, instance or extra labels
    // change, its old series are marked stale.
    bool updateTarget(TargetKey key, const ScrapeTarget& target, QString* error = nullptr);
    // Stops scraping the target and marks all its series stale.
    bool removeTarget(TargetKey key);
    // Reconciles with a complete list (config load): targets with the same
    // URL, job and instance keep their key and series; others are added or
    // removed. Returns one key per input target (0 for an invalid one).
    QList<TargetKey> setTargets(const QList<ScrapeTarget>& targets);

    void setLocalSourceMode(LocalSourceMode mode, int intervalMs = 1000);
    // Replaces the local source's collect function (tests, or a collector
    // with custom HostPaths). It is called on the scrape thread.
    void setLocalCollector(CollectFunction collect);

    // Receives every sample appended to the store by scraping (report series
    // and stale markers included), in append order, once per round (and
    // when a target goes away), on the scrape thread and before
    // scrapeRoundCompleted: what remote write forwards, without reading the
    // store back. The sink may take the samples (swap the vector). Empty = off.
    using AppendedSamplesSink = std::function<void(std::vector<metrics::AppendedSample>& samples)>;
    void setAppendedSamplesSink(AppendedSamplesSink sink);
    // Runs fn on the scrape thread once it has applied every change queued
    // before this call (a new sink above, targets): the point after which
    // no sample reaches the sink it replaced.
    void runAfterQueuedChanges(std::function<void()> fn);

    // Snapshot for the UI, ordered by key (local source last).
    QList<TargetStatus> targets() const;
    std::optional<TargetStatus> target(TargetKey key) const;
    // Samples appended to the store (report series included) since start.
    qint64 samplesIngestedTotal() const;
    // Samples per second over the last few seconds.
    double ingestRate() const;
    qint64 scrapesTotal() const;
    QThread* scrapeThread() const;

signals:
    // Coalesced: at most ~10 per second, emitted on the manager's thread.
    void targetsChanged();
    // A scrape's samples (or the local collector's) are in the store, with
    // timestampMs the newest scrape timestamp appended since the last
    // emission. Emitted on the scrape thread; a burst of scrapes within
    // ~50 ms gives one emission, and no scrape waits more than 50 ms for it.
    void scrapeRoundCompleted(qint64 timestampMs);

private:
    std::shared_ptr<ScrapeShared> m_shared;
    std::unique_ptr<ServiceThread<ScrapeWorker>> m_service;
    ScrapeWorker* m_worker = nullptr; // owned by m_service, lives on the scrape thread
    TargetKey m_nextKey = 1; // guarded by m_shared->mutex
};

} // namespace opsdeck::scrape
