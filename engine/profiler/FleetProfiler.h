#pragma once

#include "profiler/BottleneckDetector.h"
#include "profiler/ProfilerTypes.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace opsdeck::scrape {
struct ScrapeTarget;
}

// One fleet snapshot: GET <agent base>/api/v1/profile on every target at once
// over one QNetworkAccessManager (HTTP/1.1, no thread per request), with one
// deadline for all; a host that has not answered by then is listed as missing
// with the reason, never waited for. The embedded local machine is profiled
// in-process by a callback on a worker thread.
namespace opsdeck::profiler {

struct FleetTarget
{
    QString instance; // the host's name in the snapshot ("mes-db-1:9110")
    QUrl url; // the agent's base URL or its /metrics URL (the path is dropped)
    QString bearerToken;
    QString tlsCaFile;
    bool tlsInsecure = false;
};

// A stored scrape target as a fleet target (its instance, its URL without path, token, TLS).
FleetTarget fleetTarget(const scrape::ScrapeTarget& target);
// The URL asked: scheme://host:port/api/v1/profile.
QUrl profileUrl(const QUrl& targetUrl);

inline constexpr int kDefaultFleetDeadlineMs = 400;
inline const QString kLocalHostName = QStringLiteral("this machine");

// Lives on one thread with an event loop (the profiler's ServiceThread or the
// CLI's main thread). collect() may be called again while a collection runs;
// each gets its own callback.
class FleetProfiler final : public QObject
{
    Q_OBJECT

public:
    // Profiles the local machine when set (runs on a worker thread, must be thread-safe).
    using LocalCollector = std::function<std::optional<collect::ProfileSnapshot>(QString* error)>;

    explicit FleetProfiler(QObject* parent = nullptr);
    ~FleetProfiler() override;

    using Done = std::function<void(FleetSnapshot)>;
    // Asks every target; `done` runs on this object's thread with the hosts (worst
    // first after ranking) and the ranked bottlenecks, at the latest at the deadline
    // (plus the local collector's own time).
    void collect(const QList<FleetTarget>& targets, int deadlineMs, const LocalCollector& local, Done done);

    QNetworkAccessManager* network() const { return m_network; }
    void setDetectorOptions(const DetectorOptions& options) { m_detector = options; }

private:
    QNetworkAccessManager* m_network = nullptr;
    DetectorOptions m_detector;
};

} // namespace opsdeck::profiler
