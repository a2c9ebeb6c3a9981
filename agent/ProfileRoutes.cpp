#include "ProfileRoutes.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QUrlQuery>

#include <limits>

Q_DECLARE_LOGGING_CATEGORY(lcAgent)

namespace opsdeck::agent {

using StatusCode = QHttpServerResponder::StatusCode;

namespace {

QJsonObject error(const QString& message, const QString& reason = {})
{
    QJsonObject o { { QStringLiteral("error"), message } };
    if (!reason.isEmpty())
        o.insert(QStringLiteral("reason"), reason);
    return o;
}

// An integer query parameter within [lo, hi], `fallback` when absent; nullopt when bad.
std::optional<qint64> intParam(const QUrlQuery& query, const QString& key, qint64 fallback, qint64 lo, qint64 hi)
{
    if (!query.hasQueryItem(key))
        return fallback;
    bool ok = false;
    const qint64 v = query.queryItemValue(key).toLongLong(&ok);
    if (!ok || v < lo || v > hi)
        return std::nullopt;
    return v;
}

} // namespace

ProfileRoutes::ProfileRoutes(const collect::HostPaths& paths, RouteRegistry& routes, QObject* parent)
    : QObject(parent)
    , m_paths(paths)
    , m_routes(routes)
    , m_collector(paths)
{
    routes.addLater({ QStringLiteral("/api/v1/profile"), QHttpServerRequest::Method::Get, "profile", true, {} },
        [this](const QHttpServerRequest& r, QHttpServerResponder&& responder) {
            handleSnapshot(r, std::move(responder));
        });
    m_secondRead.setSingleShot(true);
    connect(&m_secondRead, &QTimer::timeout, this, &ProfileRoutes::answerSnapshots);
    routes.addLater(
        { QStringLiteral("/api/v1/profile/cpu"), QHttpServerRequest::Method::Post, "profile_cpu", true, {} },
        [this](const QHttpServerRequest& r, QHttpServerResponder&& responder) {
            handleCpu(r, std::move(responder));
        });

    connect(&m_profiler, &collect::CpuProfiler::finished, this, [this](const collect::CpuProfile& profile) {
        qCInfo(lcAgent, "CPU profile done: %llu samples, %lld bytes folded%s", qulonglong(profile.samples),
            qlonglong(profile.folded.size()), profile.truncated ? " (truncated)" : "");
        answer(collect::toJson(profile), StatusCode::Ok);
    });
    connect(
        &m_profiler, &collect::CpuProfiler::failed, this, [this](const QString& why, const QString& perfOutput) {
            qCWarning(lcAgent, "CPU profile failed: %s: %s", qPrintable(why), qPrintable(perfOutput.left(500)));
            QJsonObject body = error(why);
            body.insert(QStringLiteral("perf_output"), perfOutput);
            const bool denied = perfOutput.contains(QLatin1StringView("perf_event_paranoid"))
                || perfOutput.contains(QLatin1StringView("Permission denied"))
                || perfOutput.contains(QLatin1StringView("Operation not permitted"));
            if (denied) {
                body.insert(QStringLiteral("reason"), QStringLiteral("perf_event_paranoid"));
                body.insert(QStringLiteral("error"),
                    tr("the kernel refused perf_event_open although the agent expected it to be allowed; perf "
                       "said: %1")
                        .arg(perfOutput.left(400)));
            }
            answer(body, denied ? StatusCode::Forbidden : StatusCode::InternalServerError);
        });
}

ProfileRoutes::~ProfileRoutes() = default;

void ProfileRoutes::handleSnapshot(const QHttpServerRequest& request, QHttpServerResponder&& responder)
{
    const auto interval = intParam(request.query(), QStringLiteral("interval_ms"), 0, 10, 1000);
    if (!interval) {
        m_routes.count("profile", 400);
        responder.write(QJsonDocument(error(tr("interval_ms must be a whole number from 10 to 1000"))),
            StatusCode::BadRequest);
        return;
    }
    // The wait between the two reads runs on the event loop, not in a sleep: /metrics and
    // other requests keep being answered. Requests arriving meanwhile share the snapshot.
    Waiting w { std::make_unique<QHttpServerResponder>(std::move(responder)), {} };
    w.socket = w.responder->socket();
    m_waitingSnapshots.push_back(std::move(w));
    if (m_secondRead.isActive())
        return;
    const int wait = m_collector.prepare(int(*interval));
    if (wait <= 0)
        answerSnapshots();
    else
        m_secondRead.start(wait);
}

void ProfileRoutes::answerSnapshots()
{
    const collect::ProfileSnapshot snapshot = m_collector.finish();
    const QJsonDocument body(collect::toJson(snapshot));
    std::vector<Waiting> waiting = std::move(m_waitingSnapshots);
    m_waitingSnapshots.clear();
    for (Waiting& w : waiting) {
        if (!w.socket || w.socket->state() != QAbstractSocket::ConnectedState)
            continue;
        m_routes.count("profile", 200);
        w.responder->write(body, StatusCode::Ok);
    }
}

void ProfileRoutes::handleCpu(const QHttpServerRequest& request, QHttpServerResponder&& responder)
{
    auto refuse = [&](const QJsonObject& body, StatusCode status) {
        m_routes.count("profile_cpu", int(status));
        responder.write(QJsonDocument(body), status);
    };
    const QUrlQuery query = request.query();
    const auto pid = intParam(query, QStringLiteral("pid"), 0, 0, std::numeric_limits<int>::max());
    if (!pid)
        return refuse(error(tr("pid must be a process id, or 0 for the whole host")), StatusCode::BadRequest);
    const auto seconds = intParam(query, QStringLiteral("seconds"), 10, 1, 60);
    if (!seconds)
        return refuse(error(tr("seconds must be a whole number from 1 to 60")), StatusCode::BadRequest);
    if (m_profiler.isRunning() || m_pending)
        return refuse(error(tr("a CPU profile is already running")), StatusCode::Conflict);

    const collect::PerfAccess access
        = collect::decidePerfAccess(collect::perfAccessInputFor(*pid, m_paths.procRoot));
    if (access.pidMissing)
        return refuse(error(access.message), StatusCode::NotFound);
    if (!access.allowed) {
        qCInfo(lcAgent, "CPU profile refused (%s): %s", qPrintable(access.reason), qPrintable(access.message));
        return refuse(error(access.message, access.reason), StatusCode::Forbidden);
    }
    QString why;
    if (!m_profiler.start(*pid, int(*seconds), access.userSpaceOnly, &why))
        return refuse(error(why, QStringLiteral("no_perf")), StatusCode::InternalServerError);
    m_pending = std::make_unique<QHttpServerResponder>(std::move(responder));
    m_pendingSocket = m_pending->socket();
    if (m_pendingSocket) {
        connect(m_pendingSocket.data(), &QAbstractSocket::disconnected, this, [this] {
            if (!m_pending)
                return;
            qCInfo(lcAgent, "CPU profile client went away: perf stopped");
            m_profiler.cancel();
            m_routes.count("profile_cpu", 499);
            m_pending.reset();
        });
    }
}

void ProfileRoutes::answer(const QJsonObject& body, StatusCode status)
{
    if (!m_pending)
        return;
    m_routes.count("profile_cpu", int(status));
    if (m_pendingSocket && m_pendingSocket->state() == QAbstractSocket::ConnectedState)
        m_pending->write(QJsonDocument(body), status);
    m_pending.reset();
}

} // namespace opsdeck::agent
