#pragma once

#include "alerts/AlertTypes.h"
#include "alerts/SmtpSender.h"

#include <QHash>
#include <QList>
#include <QLoggingCategory>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QUrl>

#include <atomic>
#include <map>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

Q_DECLARE_LOGGING_CATEGORY(lcAlertsDelivery)

namespace opsdeck {
class Clock;
}

// Delivers Notifications to receivers (webhook, Slack, PagerDuty, SMS gateway
// over HTTP with QNetworkAccessManager; email over SMTP with libcurl on its own
// QThreadPool) and reports every attempt as a NotificationRecord. Retries with
// exponential backoff and jitter; 429 honours Retry-After (seconds or HTTP
// date); other 4xx fail at once; 5xx, timeouts and connection errors are
// retried up to RetryPolicy::maxAttempts. Deliveries to one receiver for one
// group go out in order (a resolve never overtakes its trigger); everything
// else runs side by side, so a slow or failing receiver never holds up another.
// The owner moves it to its own thread (or creates it there); it must never
// block that thread, and must never log or report a secret (routing keys,
// passwords, Authorization headers, URL paths and query strings): logs name
// the receiver and scheme://host:port only.
namespace opsdeck::alerts {

struct RetryPolicy
{
    int maxAttempts = 5;
    qint64 initialBackoffMs = 500;
    qint64 maxBackoffMs = 60'000;
    qint64 timeoutMs = 10'000; // per attempt: no answer within it = a retryable failure
};

// The retry arithmetic, pure so it can be tested without waiting.
namespace retry {

enum class Outcome { Sent, Retryable, Permanent };

// httpStatus 0 = no HTTP answer (network error): retryable.
Outcome classifyHttpStatus(int httpStatus);
// Delay before attempt `attempt + 1` after `attempt` failed (attempt >= 1):
// "equal jitter": half of min(max, initial * 2^(attempt-1)) fixed, the other
// half scaled by jitter01 in [0, 1].
qint64 backoffMs(const RetryPolicy& policy, int attempt, double jitter01);
// Retry-After: delta-seconds or an HTTP-date (IMF-fixdate, RFC 850, asctime);
// nullopt when unparsable. A date in the past gives 0.
std::optional<qint64> parseRetryAfterMs(QByteArrayView value, qint64 nowMs);
// A server's Retry-After wins over the backoff (capped at kMaxRetryAfterMs).
qint64 nextDelayMs(const RetryPolicy& policy, int attempt, double jitter01, std::optional<qint64> retryAfterMs);
inline constexpr qint64 kMaxRetryAfterMs = 3600'000;

} // namespace retry

class DeliveryService : public QObject
{
    Q_OBJECT

public:
    // clock: for record times and Retry-After dates; null = the system clock.
    explicit DeliveryService(QObject* parent = nullptr, const Clock* clock = nullptr);
    ~DeliveryService() override;

    void setReceivers(const QList<ReceiverConfig>& receivers);
    void setExternalUrl(const QString& url);
    void setRetryPolicy(const RetryPolicy& policy);
    // Extra CA bundle (PEM) for SMTP TLS, e.g. a private relay's CA.
    void setSmtpCaFile(const QString& path);
    // Deliveries not finished yet (sent or failed).
    int pendingCount() const;

    // Queued from other threads; returns at once.
    Q_INVOKABLE void deliver(const opsdeck::alerts::Notification& notification);

    // Everything that could carry a secret of `receiver` replaced by "***".
    static QString redact(QString text, const ReceiverConfig& receiver);
    // scheme://host:port, the only form of a receiver URL that is logged.
    static QString safeUrl(const QUrl& url);

signals:
    // After each attempt (status "retrying", "sent", "failed"), or once with
    // "suppressed"/"failed" when nothing could be sent. id stays 0.
    void recordChanged(const opsdeck::alerts::NotificationRecord& record);

private:
    struct HttpRequest
    {
        QUrl url;
        QByteArray body;
        QByteArray contentType;
        QList<QPair<QByteArray, QByteArray>> headers;
        bool done = false;
    };
    struct Job
    {
        quint64 serial = 0;
        QString queueKey;
        ReceiverConfig receiver;
        QList<HttpRequest> requests; // HTTP receivers; SMS: one per recipient
        QByteArray email; // email receivers
        NotificationRecord record;
        // Current attempt.
        int inFlight = 0;
        retry::Outcome worst = retry::Outcome::Sent;
        std::optional<qint64> retryAfterMs;
        QString lastError;
    };

    bool buildJob(Job& job, const Notification& notification, QString* error) const;
    void startAttempt(quint64 serial);
    void onReplyFinished(quint64 serial, int index, QNetworkReply* reply);
    void onSmtpFinished(quint64 serial, const SmtpResult& result);
    void finishAttempt(Job& job);
    void finishJob(quint64 serial);
    void note(Job& job, retry::Outcome outcome, const QString& error, int httpStatus);
    qint64 nowMs() const;
    QNetworkAccessManager* network();

    const Clock* m_clock;
    QNetworkAccessManager* m_network = nullptr;
    QHash<QString, ReceiverConfig> m_receivers;
    QString m_externalUrl;
    RetryPolicy m_policy;
    QString m_smtpCaFile;
    std::map<quint64, std::unique_ptr<Job>> m_jobs;
    QHash<QString, QList<quint64>> m_queues; // receiver + group key -> jobs in order
    quint64 m_nextSerial = 1;
    std::atomic_bool m_shuttingDown { false };
    QThreadPool m_smtpPool; // last member: destroyed (and waited for) first
};

} // namespace opsdeck::alerts
