#include "RouteRegistry.h"

#include <QCryptographicHash>
#include <QHttpServer>
#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QSet>

#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcAgent)

namespace opsdeck::agent {

using StatusCode = QHttpServerResponder::StatusCode;
using Method = QHttpServerRequest::Method;

namespace {

QHttpServerResponse textResponse(const QByteArray& body, StatusCode status)
{
    return QHttpServerResponse(QByteArrayLiteral("text/plain; charset=utf-8"), body, status);
}

QByteArray methodName(Method method)
{
    switch (method) {
    case Method::Get:
        return "GET";
    case Method::Put:
        return "PUT";
    case Method::Delete:
        return "DELETE";
    case Method::Post:
        return "POST";
    case Method::Head:
        return "HEAD";
    case Method::Options:
        return "OPTIONS";
    case Method::Patch:
        return "PATCH";
    default:
        return {};
    }
}

} // namespace

RouteRegistry::RouteRegistry(const QByteArray& token)
    : m_token(token)
{ }

bool RouteRegistry::add(Route route)
{
    Q_ASSERT(!m_installed);
    if (m_installed || !route.respond)
        return false;
    for (const Route& existing : std::as_const(m_routes)) {
        if (existing.path == route.path && existing.method == route.method)
            return false;
    }
    m_routes.append(std::move(route));
    return true;
}

bool RouteRegistry::addLater(Route route, LaterHandler handler)
{
    if (!handler)
        return false;
    const QString key = laterKey(route.path, route.method);
    // The synchronous slot is never called for a later route; it keeps add()'s checks.
    route.respond = [](const QHttpServerRequest&) {
        return QHttpServerResponse(QHttpServerResponder::StatusCode::InternalServerError);
    };
    if (!add(std::move(route)))
        return false;
    m_later.insert(key, std::move(handler));
    return true;
}

QString RouteRegistry::laterKey(const QString& path, QHttpServerRequest::Method method)
{
    return path + u'\n' + QString::number(int(method));
}

void RouteRegistry::install(QHttpServer& http)
{
    Q_ASSERT(!m_installed);
    if (m_installed)
        return;
    m_installed = true;
    // One QHttpServer route per path (it stops at the first matching rule);
    // the registry picks the method itself so a wrong one gets a 405.
    QSet<QString> paths;
    for (const Route& route : std::as_const(m_routes)) {
        if (paths.contains(route.path))
            continue;
        paths.insert(route.path);
        const QString path = route.path;
        const bool later = std::any_of(m_routes.cbegin(), m_routes.cend(),
            [&](const Route& r) { return r.path == path && m_later.contains(laterKey(r.path, r.method)); });
        if (later) {
            http.route(path, [this, path](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
                dispatchLater(path, request, std::move(responder));
            });
        } else {
            http.route(path, [this, path](const QHttpServerRequest& request) { return dispatch(path, request); });
        }
    }
    http.setMissingHandler([this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        // Unknown paths answer 404 whether or not a token came with them: the
        // list of endpoints is not a secret, and no data is attached.
        count("missing", 404);
        qCDebug(lcAgent) << "404 for" << request.url().path();
        responder.write(QByteArrayLiteral("not found\n"), QByteArrayLiteral("text/plain; charset=utf-8"),
            StatusCode::NotFound);
    });
}

void RouteRegistry::count(const QByteArray& handler, int status)
{
    ++m_requests[handler + '\n' + QByteArray::number(status)];
}

std::optional<QHttpServerResponse> RouteRegistry::check(
    const QString& path, const QHttpServerRequest& request, const Route** matchOut)
{
    const Route* match = nullptr;
    QByteArrayList allowed;
    QByteArray firstHandler;
    for (const Route& route : std::as_const(m_routes)) {
        if (route.path != path)
            continue;
        if (firstHandler.isEmpty())
            firstHandler = route.handler;
        allowed.append(methodName(route.method));
        if (route.method == request.method()) {
            match = &route;
            break;
        }
    }
    if (!match) {
        count(firstHandler, 405);
        QHttpServerResponse response = textResponse("method not allowed\n", StatusCode::MethodNotAllowed);
        response.addHeader(QByteArrayLiteral("Allow"), allowed.join(", "));
        return response;
    }
    if (match->needsToken) {
        const QByteArray authorization = request.value(QByteArrayLiteral("Authorization"));
        if (!tokenMatches(authorization, m_token)) {
            count(match->handler, 401);
            qCInfo(lcAgent, "401 for %s from %s: %s", qPrintable(request.url().path()),
                qPrintable(request.remoteAddress().toString()),
                m_token.isEmpty()             ? "no token configured (--token-file)"
                    : authorization.isEmpty() ? "no Authorization header"
                                              : "wrong token");
            QHttpServerResponse response = textResponse("unauthorized\n", StatusCode::Unauthorized);
            response.addHeader(
                QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer realm=\"opsdeck-agent\""));
            return response;
        }
    }
    *matchOut = match;
    return std::nullopt;
}

QHttpServerResponse RouteRegistry::dispatch(const QString& path, const QHttpServerRequest& request)
{
    const Route* match = nullptr;
    if (auto refused = check(path, request, &match))
        return std::move(*refused);
    // Counted as a 200 before the handler runs, so /metrics includes the
    // request it is answering; moved to the real code if it was not a 200.
    const QByteArray ok = match->handler + "\n200";
    ++m_requests[ok];
    QHttpServerResponse response = match->respond(request);
    const int status = int(response.statusCode());
    if (status != 200) {
        if (--m_requests[ok] == 0)
            m_requests.remove(ok);
        count(match->handler, status);
    }
    return response;
}

void RouteRegistry::dispatchLater(
    const QString& path, const QHttpServerRequest& request, QHttpServerResponder&& responder)
{
    const Route* match = nullptr;
    if (auto refused = check(path, request, &match)) {
        refused->write(std::move(responder));
        return;
    }
    const auto later = m_later.constFind(laterKey(match->path, match->method));
    if (later != m_later.cend()) {
        (*later)(request, std::move(responder));
        return;
    }
    dispatch(path, request).write(std::move(responder));
}

bool RouteRegistry::tokenMatches(const QByteArray& authorizationHeader, const QByteArray& expectedToken)
{
    if (expectedToken.isEmpty())
        return false;
    const QByteArray header = authorizationHeader.trimmed();
    const qsizetype space = header.indexOf(' ');
    if (space <= 0 || header.first(space).toLower() != "bearer")
        return false;
    const QByteArray given = header.sliced(space + 1).trimmed();
    // Equal-length digests compared without an early exit: the time taken
    // says nothing about how much of the token was right.
    const QByteArray a = QCryptographicHash::hash(given, QCryptographicHash::Sha256);
    const QByteArray b = QCryptographicHash::hash(expectedToken, QCryptographicHash::Sha256);
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

} // namespace opsdeck::agent
