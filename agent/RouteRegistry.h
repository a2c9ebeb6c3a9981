#pragma once

#include <QByteArray>
#include <QHash>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

class QHttpServer;

// The agent's HTTP routes, added by each feature (metrics, health, info, and
// whatever comes next) without touching the others. The registry owns what
// every route shares: the method check (405 with Allow), the bearer-token
// check (401 with WWW-Authenticate, constant-time), the 404 for unknown paths
// and the per-handler request counts behind opsdeck_agent_http_requests_total.
// A handler only ever sees a request that passed those checks; it must never
// check the token itself.
namespace opsdeck::agent {

struct Route
{
    QString path; // exact path, e.g. "/api/v1/info"
    QHttpServerRequest::Method method = QHttpServerRequest::Method::Get;
    QByteArray handler; // the `handler` label in the agent's self-metrics
    bool needsToken = false;
    std::function<QHttpServerResponse(const QHttpServerRequest&)> respond;
};

// A handler that answers later (a CPU profile): it keeps the responder and writes once
// (or drops it when the client is gone), and counts its own answer with count().
using LaterHandler = std::function<void(const QHttpServerRequest&, QHttpServerResponder&&)>;

class RouteRegistry final
{
public:
    // An empty token makes every needsToken route answer 401.
    explicit RouteRegistry(const QByteArray& token);

    // Before install(); a second route for the same path and method is refused.
    bool add(Route route);
    // The same for a route that answers later; route.respond stays empty.
    bool addLater(Route route, LaterHandler handler);
    // Routes every registered path on `http`, plus the 404 handler. Once.
    void install(QHttpServer& http);

    // Counts an answer for the self-metrics (handlers count their 200s through
    // the registry automatically; this is for answers given elsewhere).
    void count(const QByteArray& handler, int status);
    // "handler\ncode" -> answers given.
    const QHash<QByteArray, quint64>& requestCounts() const { return m_requests; }

    // "Bearer <token>" check in constant time (compares SHA-256 digests).
    static bool tokenMatches(const QByteArray& authorizationHeader, const QByteArray& expectedToken);

private:
    QHttpServerResponse dispatch(const QString& path, const QHttpServerRequest& request);
    // For paths with a later route (addLater): the same checks, then the deferred handler.
    void dispatchLater(const QString& path, const QHttpServerRequest& request, QHttpServerResponder&& responder);
    // The checks dispatch() makes; nullopt when `*match` may run.
    std::optional<QHttpServerResponse> check(
        const QString& path, const QHttpServerRequest& request, const Route** match);

    QByteArray m_token;
    QList<Route> m_routes;
    QHash<QString, LaterHandler> m_later; // by laterKey(path, method)
    static QString laterKey(const QString& path, QHttpServerRequest::Method method);
    bool m_installed = false;
    QHash<QByteArray, quint64> m_requests;
};

} // namespace opsdeck::agent
