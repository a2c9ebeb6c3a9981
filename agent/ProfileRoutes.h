#pragma once

#include "collect/CpuProfiler.h"
#include "collect/HostPaths.h"
#include "collect/ProfileCollector.h"
#include "RouteRegistry.h"

#include <QHttpServerResponder>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>

#include <QTimer>

#include <memory>
#include <vector>

// The agent's profile endpoints (bearer token required, JSON):
//   GET  /api/v1/profile[?interval_ms=N]       one collect::ProfileSnapshot (USE figures, components)
//   POST /api/v1/profile/cpu?pid=P&seconds=S   a 99 Hz on-CPU profile, folded stacks (collect::CpuProfile)
// The CPU profile answers when perf is done, through a kept responder: the event loop
// (and /metrics) keeps running meanwhile. One profile at a time (409); a client that goes
// away stops perf. Where the kernel will not allow it the answer is 403 with a reason and
// what to do, decided before perf starts (collect::decidePerfAccess).
namespace opsdeck::agent {

class ProfileRoutes final : public QObject
{
    Q_OBJECT

public:
    ProfileRoutes(const collect::HostPaths& paths, RouteRegistry& routes, QObject* parent = nullptr);
    ~ProfileRoutes() override;

private:
    void handleSnapshot(const QHttpServerRequest& request, QHttpServerResponder&& responder);
    void answerSnapshots();
    void handleCpu(const QHttpServerRequest& request, QHttpServerResponder&& responder);
    void answer(const QJsonObject& body, QHttpServerResponder::StatusCode status);

    collect::HostPaths m_paths;
    RouteRegistry& m_routes;
    collect::ProfileCollector m_collector;
    collect::CpuProfiler m_profiler;
    // GET requests waiting for the second read; they share one snapshot.
    struct Waiting
    {
        std::unique_ptr<QHttpServerResponder> responder;
        QPointer<QTcpSocket> socket;
    };
    std::vector<Waiting> m_waitingSnapshots;
    QTimer m_secondRead;
    std::unique_ptr<QHttpServerResponder> m_pending;
    QPointer<QTcpSocket> m_pendingSocket;
};

} // namespace opsdeck::agent
