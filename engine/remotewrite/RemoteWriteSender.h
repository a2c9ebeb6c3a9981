#pragma once

#include "remotewrite/RemoteWriteConfig.h"
#include "remotewrite/RemoteWriteEncoder.h"
#include "remotewrite/SampleQueue.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QMutex>
#include <QObject>
#include <QString>

#include <atomic>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

class QTimer;

Q_DECLARE_LOGGING_CATEGORY(lcRemoteWrite)

namespace opsdeck {
class Clock;
}

namespace opsdeck::remotewrite {

// What one remote-write receiver has been sent, as counters anyone may read
// (the engine's /metrics exposes them as opsdeck_remote_write_*{remote=name}).
struct RemoteWriteCounters
{
    QString name;
    QString url; // scheme://host:port only (no path, no credentials)
    quint64 samplesSent = 0; // opsdeck_remote_write_samples_sent_total
    quint64 samplesFailed = 0; // opsdeck_remote_write_samples_failed_total: refused (4xx but 429), not retried
    quint64 samplesDropped = 0; // opsdeck_remote_write_samples_dropped_total: oldest, from a full buffer
    quint64 samplesRetried = 0; // opsdeck_remote_write_samples_retried_total: in requests that are retried
    qint64 samplesPending = 0; // opsdeck_remote_write_samples_pending: buffered plus in flight
    double lastSendLagSeconds
        = 0; // opsdeck_remote_write_last_send_lag_seconds: newest sample sent, age at the 2xx
    quint64 requestsSent = 0; // 2xx answers
    int lastHttpStatus = 0; // 0 = no answer (yet)
    QString lastError; // plain words; never a secret
};

// The retry arithmetic, pure so it can be tested without waiting.
namespace retry {
enum class Outcome { Sent, Retryable, Permanent };
// 2xx sent; 5xx, 429 and no answer (httpStatus 0) retryable; any other status permanent.
Outcome classify(int httpStatus);
// Delay before the next try after `attempt` failures in a row (attempt >= 1):
// min_backoff doubled per failure, at most max_backoff (as Prometheus's queue manager).
qint64 backoffMs(const QueueConfig& queue, int attempt);
// A 429/503's Retry-After in delta-seconds; nullopt when absent or not a number.
std::optional<qint64> retryAfterMs(QByteArrayView value);
} // namespace retry

// Shared by the sink (scrape thread), the sender (its own thread) and readers.
struct RemoteState
{
    RemoteState(RemoteWriteConfig c, QString safeUrl)
        : config(std::move(c))
        , queue(config.queue.capacity)
        , url(std::move(safeUrl))
    { }
    const RemoteWriteConfig config;
    SampleQueue queue;
    const QString url;
    std::atomic<quint64> sent { 0 }, failed { 0 }, dropped { 0 }, retried { 0 }, requests { 0 };
    std::atomic<qint64> inFlight { 0 };
    std::atomic<qint64> lagMs { 0 };
    std::atomic<int> lastStatus { 0 };
    std::atomic_bool wakeQueued { false };
    std::atomic<qint64> abortAtNs { std::numeric_limits<qint64>::max() }; // steady clock; transfers stop then
    mutable QMutex errorMutex;
    QString lastError;
    RemoteWriteCounters counters() const;
};

// Series labels by ref for the senders, filled by the sink on the scrape
// thread while the series are alive (refs are never reused, labels never change).
class LabelCache
{
public:
    void put(metrics::SeriesRef ref, const metrics::Labels& labels);
    metrics::Labels get(metrics::SeriesRef ref) const;

private:
    mutable QMutex m_mutex;
    std::vector<metrics::Labels> m_labels;
};

// One receiver's sender, on its own thread (ServiceThread): takes batches of
// at most max_samples_per_send from the queue when that many are waiting or
// every batch_send_deadline, encodes them, and POSTs them with libcurl
// (blocking, on this thread only, connection kept alive). A retryable
// failure keeps the batch and tries again after the backoff, forever, while
// the queue keeps filling (and drops its oldest when full); a permanent one
// drops the batch and counts it failed. It never logs a token, a password or
// the URL's path.
class RemoteWriteSender final : public QObject
{
    Q_OBJECT

public:
    RemoteWriteSender(
        std::shared_ptr<RemoteState> state, std::shared_ptr<const LabelCache> labels, const Clock* clock);
    ~RemoteWriteSender() override;

    struct PostResult
    {
        int httpStatus = 0; // 0 = no answer
        QString error; // empty on 2xx; never a secret
        QByteArray retryAfter;
    };
    // POSTs an empty WriteRequest to config's receiver on the caller's thread
    // (Settings -> Remote write -> Test): 2xx means it takes remote write at
    // that URL with these credentials. Bounded by the config's remote_timeout.
    static PostResult probe(const RemoteWriteConfig& config);

    void init();
    // More samples are waiting (queued by the sink).
    void wake();
    // Best effort until state->abortAtNs: sends what is left while the receiver answers.
    void shutdown();

private:
    void pump();
    retry::Outcome sendBatch();
    void schedulePump();

    std::shared_ptr<RemoteState> m_state;
    std::shared_ptr<const LabelCache> m_labels;
    const Clock* m_clock;
    RemoteWriteEncoder m_encoder;
    std::vector<metrics::AppendedSample> m_batch; // taken, not yet delivered
    int m_failures = 0; // in a row, for the backoff
    bool m_flushDue = false; // the deadline passed: send what is queued, even a small batch
    bool m_pumpQueued = false;
    std::optional<qint64> m_retryAfterMs; // of the last answer
    QTimer* m_deadline = nullptr;
    QTimer* m_backoff = nullptr;
    struct Curl;
    std::unique_ptr<Curl> m_curl;
};

} // namespace opsdeck::remotewrite
