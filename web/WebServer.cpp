#include "WebServer.h"

#include "AgentServer.h"
#include "alerts/AlertService.h"
#include "AlertsApi.h"
#include "Engine.h"
#include "EngineInfo.h"
#include "EngineMetrics.h"
#include "metrics/ExpositionEncoder.h"
#include "metrics/SeriesStore.h"
#include "query/QueryResultJson.h"
#include "RequestGuard.h"
#include "RouteRegistry.h"
#include "scrape/ScrapeManager.h"

#include <QDateTime>
#include <QFuture>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QLoggingCategory>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

Q_LOGGING_CATEGORY(lcWeb, "opsdeck.web", QtInfoMsg)

namespace opsdeck::web {

using Method = QHttpServerRequest::Method;

namespace {

// Large enough for any expression a dashboard sends; a parameter beyond
// ApiLimits::maxParameterBytes is a 400, a body beyond maxBodyBytes a 413.
agent::RequestLimits requestLimits()
{
    agent::RequestLimits limits;
    limits.maxRequestLineBytes = 512 * 1024;
    limits.maxHeaderBytes = 640 * 1024;
    limits.maxBodyBytes = 1024 * 1024;
    return limits;
}

ApiLimits apiLimits(const WebConfig& config)
{
    ApiLimits limits;
    limits.maxSamples = config.maxSamples;
    return limits;
}

ApiResponse text(int status, const QByteArray& body)
{
    ApiResponse r;
    r.status = status;
    r.contentType = QByteArrayLiteral("text/plain; charset=utf-8");
    r.body = body;
    return r;
}

} // namespace

struct WebServer::Incoming
{
    Method method = Method::Get;
    QByteArray query; // percent-encoded
    QByteArray form; // an x-www-form-urlencoded POST body
    QByteArray authorization;

    static Incoming from(const QHttpServerRequest& request)
    {
        Incoming in;
        in.method = request.method();
        in.query = request.url().query(QUrl::FullyEncoded).toUtf8();
        in.authorization = request.value(QByteArrayLiteral("Authorization"));
        if (in.method == Method::Post
            && request.value(QByteArrayLiteral("Content-Type"))
                   .toLower()
                   .startsWith("application/x-www-form-urlencoded"))
            in.form = request.body();
        return in;
    }
    ApiRequest params() const { return ApiRequest::parse(query, form); }
};

WebServer::WebServer(Engine* engine, const WebConfig& config, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
    , m_config(config)
    , m_api(engine->querySource(), apiLimits(config))
{
    m_pool.setObjectName(QStringLiteral("opsdeck-web"));
    m_pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    m_startMs = QDateTime::currentMSecsSinceEpoch();
    if (AlertService* alerts = m_engine->alertService())
        connect(alerts, &AlertService::notificationRecorded, this,
            [this](const alerts::NotificationRecord& record) { ++m_notifications[record.status]; });
    addRoutes();
}

WebServer::~WebServer()
{
    // Running queries use the engine's query source and count into this object.
    m_pool.waitForDone();
}

bool WebServer::start(QString* error)
{
    QHostAddress address;
    if (m_config.host == QLatin1String("localhost"))
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(m_config.host)) {
        *error = tr("web: \"%1\" is not an IP address to listen on").arg(m_config.host);
        return false;
    }
    const agent::RequestLimits limits = requestLimits();
    if (!m_config.tlsCertFile.isEmpty()) {
        // QSslServer (Qt 6.4's QtNetwork) is a QTcpServer that QHttpServer binds like any other.
        const std::optional<QSslConfiguration> ssl
            = agent::AgentServer::serverTlsConfiguration(m_config.tlsCertFile, m_config.tlsKeyFile, error);
        if (!ssl)
            return false;
        auto* server = new agent::GuardedSslServer(limits, this);
        server->setSslConfiguration(*ssl);
        m_listener = server;
    } else {
        m_listener = new agent::GuardedTcpServer(limits, this);
    }
    if (!m_listener->listen(address, m_config.port)) {
        *error = tr("web: cannot listen on %1:%2: %3")
                     .arg(m_config.host)
                     .arg(m_config.port)
                     .arg(m_listener->errorString());
        delete m_listener;
        m_listener = nullptr;
        return false;
    }
    m_http.bind(m_listener);
    qCInfo(lcWeb).noquote() << "Prometheus HTTP API on" << baseUrl()
                            << (m_config.bearerToken.isEmpty() ? "without a token" : "with a bearer token");
    return true;
}

QString WebServer::baseUrl() const
{
    QString host = m_listener ? m_listener->serverAddress().toString() : m_config.host;
    if (host.contains(u':'))
        host = u'[' + host + u']';
    return (m_config.tlsCertFile.isEmpty() ? QStringLiteral("http://") : QStringLiteral("https://")) + host + u':'
        + QString::number(port());
}

quint16 WebServer::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

bool WebServer::authorized(const QByteArray& authorization) const
{
    return m_config.bearerToken.isEmpty()
        || agent::RouteRegistry::tokenMatches(authorization, m_config.bearerToken);
}

QHttpServerResponse WebServer::answer(
    const QByteArray& handler, const ApiResponse& response, const QElapsedTimer& timer)
{
    {
        const QMutexLocker lock(&m_countsMutex);
        ++m_requests[{ handler, response.status }];
        auto& d = m_durations[handler];
        ++d.first;
        d.second += double(timer.nsecsElapsed()) / 1e9;
    }
    QHttpServerResponse r(
        response.contentType, response.body, static_cast<QHttpServerResponder::StatusCode>(response.status));
    if (response.status == 401)
        r.addHeader(QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer realm=\"opsdeck\""));
    return r;
}

void WebServer::addRoutes()
{
    using Handler = std::function<ApiResponse(const ApiRequest&, qint64 nowMs)>;
    // A data endpoint: checks on the pool, evaluation on the pool, answer as a future.
    const auto async = [this](const QString& path, const QByteArray& handler, bool postToo, Handler run) {
        m_http.route(path, [this, handler, postToo, run](const QHttpServerRequest& request) {
            QElapsedTimer timer;
            timer.start();
            Incoming in = Incoming::from(request);
            return QtConcurrent::run(&m_pool, [this, handler, postToo, run, in = std::move(in), timer] {
                if (in.method != Method::Get && !(postToo && in.method == Method::Post))
                    return answer(handler, text(405, "method not allowed\n"), timer);
                if (!authorized(in.authorization))
                    return answer(handler, text(401, "unauthorized\n"), timer);
                return answer(handler, run(in.params(), QDateTime::currentMSecsSinceEpoch()), timer);
            });
        });
    };
    async(QStringLiteral("/api/v1/query"), "query", true,
        [this](const ApiRequest& r, qint64 now) { return m_api.query(r, now); });
    async(QStringLiteral("/api/v1/query_range"), "query_range", true,
        [this](const ApiRequest& r, qint64) { return m_api.queryRange(r); });
    async(QStringLiteral("/api/v1/series"), "series", true,
        [this](const ApiRequest& r, qint64 now) { return m_api.series(r, now); });
    async(QStringLiteral("/api/v1/labels"), "labels", true,
        [this](const ApiRequest& r, qint64 now) { return m_api.labels(r, now); });
    async(QStringLiteral("/federate"), "federate", false,
        [this](const ApiRequest& r, qint64 now) { return m_api.federate(r, now); });
    m_http.route(QStringLiteral("/api/v1/label/<arg>/values"),
        [this](const QString& name, const QHttpServerRequest& request) {
            QElapsedTimer timer;
            timer.start();
            Incoming in = Incoming::from(request);
            return QtConcurrent::run(&m_pool, [this, name, in = std::move(in), timer] {
                if (in.method != Method::Get)
                    return answer("label_values", text(405, "method not allowed\n"), timer);
                if (!authorized(in.authorization))
                    return answer("label_values", text(401, "unauthorized\n"), timer);
                return answer("label_values",
                    m_api.labelValues(name, in.params(), QDateTime::currentMSecsSinceEpoch()), timer);
            });
        });

    // Cheap answers from snapshots, on the owner thread.
    using Sync = std::function<ApiResponse()>;
    const auto sync = [this](const QString& path, const QByteArray& handler, bool needsToken, Sync run) {
        m_http.route(path, [this, handler, needsToken, run](const QHttpServerRequest& request) {
            QElapsedTimer timer;
            timer.start();
            if (request.method() != Method::Get && request.method() != Method::Head)
                return answer(handler, text(405, "method not allowed\n"), timer);
            if (needsToken && !authorized(request.value(QByteArrayLiteral("Authorization"))))
                return answer(handler, text(401, "unauthorized\n"), timer);
            return answer(handler, run(), timer);
        });
    };
    sync(QStringLiteral("/-/healthy"), "healthy", false, [] { return text(200, "OpsDeck is Healthy.\n"); });
    sync(QStringLiteral("/-/ready"), "ready", false, [] { return text(200, "OpsDeck is Ready.\n"); });
    sync(QStringLiteral("/api/v1/status/buildinfo"), "buildinfo", true, [] {
        ApiResponse r;
        r.body = QByteArrayLiteral("{\"status\":\"success\",\"data\":{\"version\":")
            + query::QueryResultJson::quoted(engineVersion().toUtf8())
            + QByteArrayLiteral(",\"revision\":\"\",\"branch\":\"\",\"buildUser\":\"\",\"buildDate\":\"\","
                                "\"goVersion\":\"\"}}");
        return r;
    });
    sync(QStringLiteral("/api/v1/alerts"), "alerts", true, [this] {
        ApiResponse r;
        const AlertService* alerts = m_engine->alertService();
        r.body = AlertsApi::alertsJson(alerts ? alerts->alerts() : QList<alerts::Alert> {});
        return r;
    });
    sync(QStringLiteral("/api/v1/rules"), "rules", true, [this] {
        ApiResponse r;
        const AlertService* alerts = m_engine->alertService();
        r.body
            = alerts ? AlertsApi::rulesJson(alerts->ruleGroups(), alerts->alerts()) : AlertsApi::rulesJson({}, {});
        return r;
    });
    sync(QStringLiteral("/metrics"), "metrics", true, [this] {
        ApiResponse r;
        r.contentType = metrics::kPrometheusTextContentType;
        r.body = figures();
        return r;
    });

    m_http.setMissingHandler([this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        {
            const QMutexLocker lock(&m_countsMutex);
            ++m_requests[{ QByteArrayLiteral("missing"), 404 }];
        }
        qCDebug(lcWeb) << "404 for" << request.url().path();
        responder.write(QByteArrayLiteral("404 page not found\n"), QByteArrayLiteral("text/plain; charset=utf-8"),
            QHttpServerResponder::StatusCode::NotFound);
    });
}

QByteArray WebServer::figures() const
{
    EngineFigures x;
    x.version = engineVersion();
    x.startTimeSeconds = double(m_startMs) / 1000.0;
    if (const scrape::ScrapeManager* scrape = m_engine->scrapeManager()) {
        x.samplesIngestedTotal = scrape->samplesIngestedTotal();
        x.scrapesTotal = scrape->scrapesTotal();
        x.ingestSamplesPerSecond = scrape->ingestRate();
        for (const scrape::TargetStatus& t : scrape->targets()) {
            switch (t.health) {
            case scrape::TargetHealth::Up:
                ++x.targetsUp;
                break;
            case scrape::TargetHealth::Down:
                ++x.targetsDown;
                break;
            case scrape::TargetHealth::Unknown:
                ++x.targetsUnknown;
                break;
            }
        }
    }
    if (const metrics::SeriesStore* store = m_engine->store())
        x.store = store->stats();
    if (const AlertService* alerts = m_engine->alertService()) {
        for (const alerts::RuleGroup& g : alerts->ruleGroups())
            x.rules += int(g.rules.size());
        x.ruleEvaluationsTotal = alerts->evaluationsTotal();
        x.ruleEvaluationSecondsTotal = alerts->evaluationSecondsTotal();
        for (const alerts::Alert& a : alerts->alerts()) {
            x.alertsFiring += a.state == alerts::AlertState::Firing ? 1 : 0;
            x.alertsPending += a.state == alerts::AlertState::Pending ? 1 : 0;
        }
    }
    x.notificationsByStatus = m_notifications;
    {
        const QMutexLocker lock(&m_countsMutex);
        x.httpRequests = m_requests;
        x.httpDurations = m_durations;
    }
    return EngineMetrics::encode(x);
}

} // namespace opsdeck::web
