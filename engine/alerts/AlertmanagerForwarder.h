#pragma once

#include "alerts/AlertTypes.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QLoggingCategory>
#include <QNetworkRequest>
#include <QObject>
#include <QString>

#include <functional>

class QNetworkAccessManager;

Q_DECLARE_LOGGING_CATEGORY(lcAlertsForward)

namespace opsdeck {
class Clock;
}

// Forwards OpsDeck's alerts to external Alertmanagers (alerting.alertmanagers)
// the way Prometheus's notifier does: after each evaluation, every firing
// alert that was not sent within the resend interval (1 min), and every alert
// resolved since it was last sent, goes to each Alertmanager in one
// POST <url>/api/v2/alerts (Payloads::alertmanagerAlerts). Resolved alerts
// are resent at the same interval while the evaluator keeps them, so a lost
// request heals itself; there is no retry queue beyond that, as in
// Prometheus. Pending, NoData and Error alerts are never sent; silencing and
// routing are the Alertmanager's job. It runs beside DeliveryService on the
// alerts thread (QNetworkAccessManager, asynchronous) and must never block
// it, nor log a token or password (logs name scheme://host:port only).
namespace opsdeck::alerts {

class AlertmanagerForwarder final : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 kResendIntervalMs = 60'000; // Prometheus's --rules.alert.resend-delay
    static constexpr int kMaxBatch = 64; // Prometheus's maxBatchSize

    // clock: for due times and endsAt; null = the system clock.
    explicit AlertmanagerForwarder(QObject* parent = nullptr, const Clock* clock = nullptr);
    ~AlertmanagerForwarder() override;

    void setAlertmanagers(const QList<AlertmanagerConfig>& alertmanagers);
    void setExternalUrl(const QString& url) { m_externalUrl = url; }
    void setResendIntervalMs(qint64 ms) { m_resendMs = ms; }

    // The request for path under am's URL, with its authentication and TLS settings.
    static QNetworkRequest request(const AlertmanagerConfig& am, const QString& path);
    // GET /api/v2/status (Settings -> Alertmanagers -> Test), asynchronous:
    // done(version, "") on success, done("", why) otherwise, on context's thread.
    using ProbeDone = std::function<void(QString version, QString error)>;
    static void probe(const AlertmanagerConfig& am, QObject* context, ProbeDone done);

    // After an evaluation: sends what is due (nothing without Alertmanagers).
    void update(const QList<Alert>& alerts);

    // The choice update() makes, pure apart from the sent times it keeps:
    // the alerts due at nowMs, each marked as sent then. Alerts no longer
    // in the list are forgotten.
    QList<Alert> takeDue(const QList<Alert>& alerts, qint64 nowMs);

    struct Counters
    {
        quint64 alertsSent = 0; // alerts in requests answered 2xx
        quint64 requestsFailed = 0;
        int inFlight = 0;
    };
    Counters counters() const { return m_counters; }

signals:
    // After each request: url is scheme://host:port; httpStatus 0 = no answer.
    void requestFinished(const QString& url, int httpStatus, const QString& error);

private:
    struct Sent
    {
        qint64 lastSentMs = 0;
        qint64 resolvedAtMs = 0; // the resolve time that was sent (0 = sent as firing)
    };
    void post(const AlertmanagerConfig& am, const QByteArray& body, int alertCount);
    QNetworkAccessManager* network();

    const Clock* m_clock;
    QNetworkAccessManager* m_network = nullptr;
    QList<AlertmanagerConfig> m_alertmanagers;
    QString m_externalUrl;
    qint64 m_resendMs = kResendIntervalMs;
    QHash<qint64, Sent> m_sent; // by alert id
    Counters m_counters;
};

} // namespace opsdeck::alerts
