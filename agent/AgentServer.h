#pragma once

#include "collect/HostCollector.h"
#include "RequestGuard.h"
#include "RouteRegistry.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QHttpServer>
#include <QObject>
#include <QSslConfiguration>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QHttpServerRequest;
class QHttpServerResponse;
class QTcpServer;

namespace opsdeck::agent {
class ProfileRoutes;
}

// opsdeck-agent's HTTP side: GET /metrics (Prometheus text format 0.0.4 from
// HostCollector plus the agent's own opsdeck_agent_* series), GET /healthz,
// and the bearer-token protected JSON control API under /api/v1/. Collects on
// demand and reuses the result for cacheMs so simultaneous scrapers do not
// double the cost. Its routes live in a RouteRegistry: a feature adds its own
// through routes() before start(), and the registry does the method and token
// checks for all of them. It must never answer /api/* (or /metrics with
// metricsAuth) without the token, and never compares tokens in variable time.
namespace opsdeck::agent {

struct AgentConfig
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 9110;
    QByteArray token; // empty: /api/* always answers 401
    bool metricsAuth = false; // require the token on /metrics too
    QString tlsCertFile; // both set: HTTPS via QSslServer
    QString tlsKeyFile;
    collect::HostPaths paths;
    int topProcesses = 10;
    int cacheMs = 200;
    RequestLimits limits;
};

class AgentServer final : public QObject
{
    Q_OBJECT

public:
    explicit AgentServer(const AgentConfig& config, QObject* parent = nullptr);
    ~AgentServer() override;

    // Binds the listening socket; false with a reason in *error.
    bool start(QString* error);
    // The server side of TLS from PEM files (certificate chain, unencrypted
    // RSA/EC/DSA key), shared with the engine's web API; nullopt with *error.
    static std::optional<QSslConfiguration> serverTlsConfiguration(
        const QString& certFile, const QString& keyFile, QString* error);
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    bool isTls() const { return !m_config.tlsCertFile.isEmpty(); }
    // Where features add their routes; only before start().
    RouteRegistry& routes() { return m_routes; }
    // Exposition text (0.0.4) appended to every /metrics answer, called on the
    // server's thread per scrape (a feature's own series, e.g. PeerProber's).
    void addMetricsSection(std::function<QByteArray()> section);

private:
    QHttpServerResponse handleMetrics(const QHttpServerRequest& request);
    QHttpServerResponse handleHealth(const QHttpServerRequest& request);
    QHttpServerResponse handleInfo(const QHttpServerRequest& request);
    QByteArray selfMetrics() const;

    AgentConfig m_config;
    QHttpServer m_http;
    RouteRegistry m_routes;
    QList<std::function<QByteArray()>> m_metricsSections;
    QTcpServer* m_listener = nullptr; // owned by m_http after bind()
    collect::HostCollector m_host;
    std::unique_ptr<ProfileRoutes> m_profile; // GET /api/v1/profile, POST /api/v1/profile/cpu
    QElapsedTimer m_uptime;
    qint64 m_startTimeMs = 0;

    QByteArray m_cachedHostBody;
    QElapsedTimer m_cacheAge;
    qint64 m_lastCollectUs = 0;

    quint64 m_scrapes = 0;
    quint64 m_collects = 0;
    QHash<int, quint64> m_rejectedRequests; // by status, from RequestGuard
};

} // namespace opsdeck::agent
