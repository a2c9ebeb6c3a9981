#pragma once

#include "LocalSource.h"
#include "ScrapeManager.h"
#include "ScrapeRequest.h"
#include "TargetSeries.h"
#include "TargetStatus.h"

#include <QElapsedTimer>
#include <QMap>
#include <QMutex>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>
#include <unordered_map>

class QNetworkAccessManager;

// Internal to ScrapeManager: the object that lives on the scrape thread. It
// owns the QNetworkAccessManager, one timer and one ScrapeRequest per target,
// and is the series store's only writer. Its public methods run on the scrape
// thread only (ScrapeManager queues them); it never waits for a target.
namespace opsdeck::scrape {

// State shared between ScrapeManager (any thread) and ScrapeWorker.
struct ScrapeShared
{
    mutable QMutex mutex;
    QMap<TargetKey, TargetStatus> statuses; // published copies, guarded by mutex
    QMap<TargetKey, ScrapeTarget> configured; // what ScrapeManager was told, guarded by mutex
    std::atomic<qint64> samplesIngested { 0 };
    std::atomic<qint64> scrapesTotal { 0 };
    std::atomic<double> ingestRate { 0 };
};

class ScrapeWorker final : public QObject
{
    Q_OBJECT

public:
    static constexpr TargetKey kLocalSourceKey = ~TargetKey(0);

    ScrapeWorker(metrics::SeriesStore* store, Clock* clock, const ScrapeManagerOptions& options,
        std::shared_ptr<ScrapeShared> shared);
    ~ScrapeWorker() override;

    void init();
    void shutdown();
    void addTarget(TargetKey key, const ScrapeTarget& target);
    void updateTarget(TargetKey key, const ScrapeTarget& target);
    void removeTarget(TargetKey key);
    void setLocalSourceMode(LocalSourceMode mode, int intervalMs);
    void setLocalCollector(CollectFunction collect);
    void setAppendedSamplesSink(ScrapeManager::AppendedSamplesSink sink);

    // First delay so that a target is scraped at the same phase of its
    // interval every time (hash of the URL), spreading targets like Prometheus.
    static qint64 scrapeOffsetMs(const ScrapeTarget& target, qint64 intervalMs);
    static qint64 firstDelayMs(const ScrapeTarget& target, qint64 wallNowMs);

signals:
    void statusChanged(); // coalesced: at most one per kNotifyIntervalMs
    // Samples are in the store up to timestampMs (the newest scrape timestamp
    // since the last emission). Leading edge plus trailing timer: at most one
    // per kRoundCoalesceMs, and no scrape waits longer than that for it.
    void roundCompleted(qint64 timestampMs);

private:
    struct Source
    {
        TargetKey key = 0;
        ScrapeTarget target;
        std::unique_ptr<QTimer> timer;
        std::unique_ptr<ScrapeRequest> request; // null for the local source
        std::unique_ptr<TargetSeries> series;
        TargetStatus status;
        qint64 lastTimestampMs = 0; // of the last scrape started, after alignment
    };

    // Prometheus uses 2 ms; Qt timers on a loaded machine drift a little more.
    static constexpr qint64 kTimestampToleranceMs = 10;
    qint64 scrapeTimestamp(Source& source);

    static metrics::Labels targetLabels(const ScrapeTarget& target);
    void schedule(Source& source);
    void scrape(TargetKey key);
    void onScraped(TargetKey key, qint64 timestampMs, ScrapeResult&& result);
    void collectLocal();
    void record(Source& source, qint64 timestampMs, bool ok, double durationSeconds, qint64 exposed,
        qint64 appended, const QString& error);
    void removeSource(TargetKey key);
    void applyLocalSourceMode();
    void publish(const Source& source);
    void markDirty();
    void noteAppended(qint64 timestampMs);
    void emitRoundCompleted();
    void flushAppended();
    void updateRate();

    metrics::SeriesStore* m_store;
    Clock* m_clock;
    ScrapeManagerOptions m_options;
    std::shared_ptr<ScrapeShared> m_shared;
    QNetworkAccessManager* m_nam = nullptr;
    std::unordered_map<TargetKey, std::unique_ptr<Source>> m_sources;
    LocalSourceMode m_localMode = LocalSourceMode::Off;
    int m_localIntervalMs = 1000;
    CollectFunction m_collect;
    ScrapeManager::AppendedSamplesSink m_appendedSink;
    std::vector<metrics::AppendedSample> m_appended; // the store's append log while a sink is set
    QTimer* m_notifyTimer = nullptr;
    QTimer* m_statsTimer = nullptr;
    QTimer* m_retentionTimer = nullptr;
    static constexpr int kRoundCoalesceMs = 50;
    QTimer* m_roundTimer = nullptr; // trailing edge of the roundCompleted coalescing
    QElapsedTimer m_sinceRoundEmit; // invalid until the first emission
    qint64 m_pendingRoundMs = 0; // newest appended scrape timestamp not yet announced; 0 = none
    static constexpr int kRateWindow = 6;
    qint64 m_rateWindow[kRateWindow] = {};
    qint64 m_rateTimes[kRateWindow] = {};
    int m_rateFill = 0;
    QElapsedTimer m_uptime;
    bool m_initialised = false;
};

} // namespace opsdeck::scrape
