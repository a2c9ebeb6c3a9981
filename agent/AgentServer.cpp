#include "AgentServer.h"
#include "ProfileRoutes.h"

#include "collect/Collector.h"
#include "collect/ProcFile.h"
#include "EngineInfo.h"
#include "metrics/ExpositionEncoder.h"

#include <QDateTime>
#include <QFile>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSysInfo>
#include <QTcpServer>

#include <unistd.h>

Q_LOGGING_CATEGORY(lcAgent, "opsdeck.agent", QtInfoMsg)

namespace opsdeck::agent {

using StatusCode = QHttpServerResponder::StatusCode;

namespace {

QHttpServerResponse textResponse(const QByteArray& body, StatusCode status)
{
    return QHttpServerResponse(QByteArrayLiteral("text/plain; charset=utf-8"), body, status);
}

std::optional<QSslKey> loadKey(const QByteArray& pem)
{
    for (const auto algorithm : { QSsl::Rsa, QSsl::Ec, QSsl::Dsa }) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return std::nullopt;
}

} // namespace

AgentServer::AgentServer(const AgentConfig& config, QObject* parent)
    : QObject(parent)
    , m_config(config)
    , m_routes(config.token)
    , m_host(config.paths, collect::HostCollectorOptions { config.topProcesses, {}, 0 })
{
    m_uptime.start();
    m_startTimeMs = QDateTime::currentMSecsSinceEpoch();

    m_routes.add({ QStringLiteral("/metrics"), QHttpServerRequest::Method::Get, "metrics", m_config.metricsAuth,
        [this](const QHttpServerRequest& r) { return handleMetrics(r); } });
    m_routes.add({ QStringLiteral("/healthz"), QHttpServerRequest::Method::Get, "healthz", false,
        [this](const QHttpServerRequest& r) { return handleHealth(r); } });
    m_routes.add({ QStringLiteral("/api/v1/info"), QHttpServerRequest::Method::Get, "info", true,
        [this](const QHttpServerRequest& r) { return handleInfo(r); } });
    m_profile = std::make_unique<ProfileRoutes>(m_config.paths, m_routes);
}

AgentServer::~AgentServer() = default;

std::optional<QSslConfiguration> AgentServer::serverTlsConfiguration(
    const QString& certFile, const QString& keyFile, QString* error)
{
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(certFile, QSsl::Pem);
    if (chain.isEmpty()) {
        *error = tr("no PEM certificate in %1").arg(certFile);
        return std::nullopt;
    }
    QFile file(keyFile);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("cannot read TLS key %1: %2").arg(keyFile, file.errorString());
        return std::nullopt;
    }
    const auto key = loadKey(file.readAll());
    if (!key) {
        *error = tr("no unencrypted PEM private key (RSA, EC or DSA) in %1").arg(keyFile);
        return std::nullopt;
    }
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setLocalCertificateChain(chain);
    ssl.setPrivateKey(*key);
    ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    return ssl;
}

bool AgentServer::start(QString* error)
{
    if (isTls() || !m_config.tlsKeyFile.isEmpty()) {
        if (m_config.tlsCertFile.isEmpty() || m_config.tlsKeyFile.isEmpty()) {
            *error = tr("--tls-cert and --tls-key must be given together");
            return false;
        }
        const std::optional<QSslConfiguration> ssl
            = serverTlsConfiguration(m_config.tlsCertFile, m_config.tlsKeyFile, error);
        if (!ssl)
            return false;
        auto* server = new GuardedSslServer(m_config.limits, this);
        server->setSslConfiguration(*ssl);
        connect(server, &GuardedSslServer::requestRejected, this,
            [this](int status, const QByteArray&) { ++m_rejectedRequests[status]; });
        m_listener = server;
    } else {
        auto* server = new GuardedTcpServer(m_config.limits, this);
        connect(server, &GuardedTcpServer::requestRejected, this,
            [this](int status, const QByteArray&) { ++m_rejectedRequests[status]; });
        m_listener = server;
    }
    if (!m_listener->listen(m_config.address, m_config.port)) {
        *error = tr("cannot listen on %1:%2: %3")
                     .arg(m_config.address.toString())
                     .arg(m_config.port)
                     .arg(m_listener->errorString());
        delete m_listener;
        m_listener = nullptr;
        return false;
    }
    m_routes.install(m_http);
    m_http.bind(m_listener);
    return true;
}

QHostAddress AgentServer::serverAddress() const
{
    return m_listener ? m_listener->serverAddress() : QHostAddress();
}

quint16 AgentServer::serverPort() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

QHttpServerResponse AgentServer::handleMetrics(const QHttpServerRequest&)
{
    if (!m_cacheAge.isValid() || m_cacheAge.elapsed() >= m_config.cacheMs) {
        QElapsedTimer timer;
        timer.start();
        m_cachedHostBody = metrics::ExpositionEncoder::encode(m_host.collect());
        m_lastCollectUs = timer.nsecsElapsed() / 1000;
        m_cacheAge.start();
        ++m_collects;
    }
    ++m_scrapes;
    QByteArray body = m_cachedHostBody + selfMetrics();
    for (const auto& section : m_metricsSections)
        body += section();
    return QHttpServerResponse(QByteArray(metrics::kPrometheusTextContentType), body);
}

void AgentServer::addMetricsSection(std::function<QByteArray()> section)
{
    m_metricsSections.append(std::move(section));
}

QHttpServerResponse AgentServer::handleHealth(const QHttpServerRequest&)
{
    return textResponse("ok\n", StatusCode::Ok);
}

QHttpServerResponse AgentServer::handleInfo(const QHttpServerRequest&)
{
    QJsonObject info {
        { QStringLiteral("host"), QSysInfo::machineHostName() },
        { QStringLiteral("version"), engineVersion() },
        { QStringLiteral("uptime_seconds"), double(m_uptime.elapsed()) / 1000.0 },
        { QStringLiteral("collectors"), QJsonArray::fromStringList(m_host.collectorNames()) },
        { QStringLiteral("kernel"), QSysInfo::kernelVersion() },
        { QStringLiteral("tls"), isTls() },
        { QStringLiteral("metrics_auth"), m_config.metricsAuth },
    };
    return QHttpServerResponse(info);
}

QByteArray AgentServer::selfMetrics() const
{
    using collect::addSample;
    using collect::makeFamily;
    using metrics::MetricType;
    QList<metrics::MetricFamily> families;

    auto info = makeFamily("opsdeck_agent_build_info", MetricType::Gauge,
        "A metric with a constant '1' value labeled by the agent's version.");
    addSample(info, 1, { { "version", engineVersion().toUtf8() } });
    families.append(info);

    auto scrapes = makeFamily("opsdeck_agent_scrapes_total", MetricType::Counter,
        "Requests to /metrics answered with data since the agent started.");
    addSample(scrapes, double(m_scrapes));
    families.append(scrapes);

    auto collects = makeFamily("opsdeck_agent_collects_total", MetricType::Counter,
        "Host collections run (scrapes within the cache window share one).");
    addSample(collects, double(m_collects));
    families.append(collects);

    auto duration = makeFamily("opsdeck_agent_collect_duration_seconds", MetricType::Gauge,
        "Wall time of the last host collection and encoding.");
    addSample(duration, double(m_lastCollectUs) / 1e6);
    families.append(duration);

    auto requests = makeFamily("opsdeck_agent_http_requests_total", MetricType::Counter,
        "HTTP requests answered, by handler and status code.");
    for (auto it = m_routes.requestCounts().cbegin(); it != m_routes.requestCounts().cend(); ++it) {
        const QList<QByteArray> parts = it.key().split('\n');
        addSample(requests, double(it.value()), { { "handler", parts.value(0) }, { "code", parts.value(1) } });
    }
    families.append(requests);

    auto rejected = makeFamily("opsdeck_agent_rejected_requests_total", MetricType::Counter,
        "Requests refused before routing (size limits, connection limit), by status code.");
    for (auto it = m_rejectedRequests.cbegin(); it != m_rejectedRequests.cend(); ++it)
        addSample(rejected, double(it.value()), { { "code", QByteArray::number(it.key()) } });
    if (!rejected.samples.isEmpty())
        families.append(rejected);

    auto start = makeFamily("opsdeck_agent_start_time_seconds", MetricType::Gauge,
        "Start time of the agent since unix epoch in seconds.");
    addSample(start, double(m_startTimeMs) / 1000.0);
    families.append(start);

    // The agent's own cost, with the names Prometheus client libraries use.
    if (const auto stat = collect::ProcFile::read(QByteArrayLiteral("/proc/self/stat"))) {
        const qsizetype close = stat->lastIndexOf(')');
        const auto fields = collect::ProcFile::split(QByteArrayView(*stat).sliced(close + 1).trimmed());
        if (close > 0 && fields.size() > 21) {
            const double ticks = double(::sysconf(_SC_CLK_TCK));
            const double cpu = double(collect::ProcFile::toU64(fields[11]).value_or(0)
                                   + collect::ProcFile::toU64(fields[12]).value_or(0))
                / ticks;
            auto cpuFamily = makeFamily("process_cpu_seconds_total", MetricType::Counter,
                "Total user and system CPU time spent in seconds.");
            addSample(cpuFamily, cpu);
            families.append(cpuFamily);
            auto rss
                = makeFamily("process_resident_memory_bytes", MetricType::Gauge, "Resident memory size in bytes.");
            addSample(
                rss, double(collect::ProcFile::toI64(fields[21]).value_or(0)) * double(::sysconf(_SC_PAGESIZE)));
            families.append(rss);
        }
    }
    return metrics::ExpositionEncoder::encode(families);
}

} // namespace opsdeck::agent
