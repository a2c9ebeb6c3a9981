#include "alerts/AlertmanagerForwarder.h"

#include "alerts/DeliveryService.h"
#include "alerts/Payloads.h"
#include "Clock.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QUrl>

#include <algorithm>
#include <limits>

Q_LOGGING_CATEGORY(lcAlertsForward, "opsdeck.alerts.forward")

namespace opsdeck::alerts {

AlertmanagerForwarder::AlertmanagerForwarder(QObject* parent, const Clock* clock)
    : QObject(parent)
    , m_clock(clock ? clock : SystemClock::instance())
{ }

AlertmanagerForwarder::~AlertmanagerForwarder() = default;

void AlertmanagerForwarder::setAlertmanagers(const QList<AlertmanagerConfig>& alertmanagers)
{
    m_alertmanagers = alertmanagers;
}

QNetworkAccessManager* AlertmanagerForwarder::network()
{
    if (!m_network)
        m_network = new QNetworkAccessManager(this); // created on the thread that uses it
    return m_network;
}

QList<Alert> AlertmanagerForwarder::takeDue(const QList<Alert>& alerts, qint64 nowMs)
{
    QList<Alert> due;
    QSet<qint64> present;
    for (const Alert& a : alerts) {
        present.insert(a.id);
        const bool resolved = a.state == AlertState::Resolved;
        if (a.state != AlertState::Firing && !resolved)
            continue;
        auto it = m_sent.find(a.id);
        // A resolve is only news to an Alertmanager that heard of the alert.
        if (resolved && it == m_sent.end())
            continue;
        const bool newlyResolved = resolved && it != m_sent.end() && it->resolvedAtMs != a.resolvedAtMs;
        if (it != m_sent.end() && !newlyResolved && nowMs < it->lastSentMs + m_resendMs)
            continue;
        Sent& sent = m_sent[a.id];
        sent.lastSentMs = nowMs;
        sent.resolvedAtMs = resolved ? a.resolvedAtMs : 0;
        due.append(a);
    }
    for (auto it = m_sent.begin(); it != m_sent.end();) {
        if (!present.contains(it.key()))
            it = m_sent.erase(it);
        else
            ++it;
    }
    return due;
}

void AlertmanagerForwarder::update(const QList<Alert>& alerts)
{
    if (m_alertmanagers.isEmpty())
        return;
    const qint64 now = m_clock->nowMs();
    const QList<Alert> due = takeDue(alerts, now);
    for (qsizetype from = 0; from < due.size(); from += kMaxBatch) {
        const QList<Alert> batch = due.mid(from, kMaxBatch);
        const QByteArray body
            = QJsonDocument(Payloads::alertmanagerAlerts(batch, m_externalUrl, now, 4 * m_resendMs))
                  .toJson(QJsonDocument::Compact);
        for (const AlertmanagerConfig& am : std::as_const(m_alertmanagers))
            post(am, body, int(batch.size()));
    }
}

QNetworkRequest AlertmanagerForwarder::request(const AlertmanagerConfig& am, const QString& path)
{
    const QUrl url(am.url + path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("OpsDeck"));
    request.setTransferTimeout(int(std::min<qint64>(am.timeoutMs, std::numeric_limits<int>::max())));
    if (!am.bearerToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + am.bearerToken.toUtf8());
    else if (!am.basicAuthUser.isEmpty() || !am.basicAuthPassword.isEmpty())
        request.setRawHeader(
            "Authorization", "Basic " + (am.basicAuthUser + u':' + am.basicAuthPassword).toUtf8().toBase64());
    if (url.scheme() == QLatin1String("https")) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        if (!am.caFile.isEmpty())
            ssl.addCaCertificates(QSslCertificate::fromPath(am.caFile));
        if (am.insecure)
            ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        request.setSslConfiguration(ssl);
    }
    return request;
}

void AlertmanagerForwarder::probe(const AlertmanagerConfig& am, QObject* context, ProbeDone done)
{
    auto* network = new QNetworkAccessManager(context); // one per test: it goes with its answer
    QNetworkReply* reply = network->get(request(am, QStringLiteral("/api/v2/status")));
    QObject::connect(reply, &QNetworkReply::finished, context, [network, reply, done = std::move(done)] {
        network->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status < 200 || status >= 300) {
            done({}, status > 0 ? QStringLiteral("HTTP %1").arg(status) : reply->errorString());
            return;
        }
        const QJsonObject info = QJsonDocument::fromJson(reply->readAll()).object();
        const QString version
            = info.value(QLatin1String("versionInfo")).toObject().value(QLatin1String("version")).toString();
        if (version.isEmpty())
            done({}, QStringLiteral("the answer is not an Alertmanager's /api/v2/status"));
        else
            done(version, {});
    });
}

void AlertmanagerForwarder::post(const AlertmanagerConfig& am, const QByteArray& body, int alertCount)
{
    QNetworkRequest request = AlertmanagerForwarder::request(am, QStringLiteral("/api/v2/alerts"));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    const QUrl url = request.url();
    ++m_counters.inFlight;
    QNetworkReply* reply = network()->post(request, body);
    const QString safe = DeliveryService::safeUrl(url);
    connect(reply, &QNetworkReply::finished, this, [this, reply, safe, alertCount] {
        reply->deleteLater();
        --m_counters.inFlight;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QString error;
        if (status >= 200 && status < 300) {
            m_counters.alertsSent += quint64(alertCount);
        } else {
            ++m_counters.requestsFailed;
            error = status > 0 ? QStringLiteral("HTTP %1").arg(status) : reply->errorString();
            qCWarning(lcAlertsForward).noquote()
                << "Alertmanager" << safe << "did not take" << alertCount << "alerts:" << error;
        }
        emit requestFinished(safe, status, error);
    });
}

} // namespace opsdeck::alerts
