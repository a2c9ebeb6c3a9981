#include "profiler/LocalProfiling.h"

#include "collect/CpuProfiler.h"
#include "collect/ProfileCollector.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QMutex>
#include <QMutexLocker>
#include <QTimer>

#include <memory>

namespace opsdeck::profiler {

FleetProfiler::LocalCollector localSnapshotFunction()
{
    struct Shared
    {
        QMutex mutex;
        collect::ProfileCollector collector;
    };
    auto shared = std::make_shared<Shared>();
    return [shared](QString*) -> std::optional<collect::ProfileSnapshot> {
        QMutexLocker lock(&shared->mutex);
        return shared->collector.snapshot();
    };
}

decltype(ProfilerServiceOptions::localCpuProfiler) localCpuProfileFunction()
{
    return [](qint64 pid, int seconds, const std::atomic_bool* cancelled,
               QString* error) -> std::optional<collect::CpuProfile> {
        const collect::PerfAccess access = collect::decidePerfAccess(collect::perfAccessInputFor(pid));
        if (!access.allowed) {
            *error = access.message;
            return std::nullopt;
        }
        // A worker thread of the pool: an event loop of its own for perf's processes.
        QEventLoop loop;
        collect::CpuProfiler profiler;
        std::optional<collect::CpuProfile> result;
        QObject::connect(
            &profiler, &collect::CpuProfiler::finished, &loop, [&](const collect::CpuProfile& profile) {
                result = profile;
                loop.quit();
            });
        QObject::connect(&profiler, &collect::CpuProfiler::failed, &loop, [&](const QString& why, const QString&) {
            *error = why;
            loop.quit();
        });
        if (!profiler.start(pid, seconds, access.userSpaceOnly, error))
            return std::nullopt;
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, &loop, [&]() {
            if (cancelled && cancelled->load()) {
                profiler.cancel();
                *error = QCoreApplication::translate("ProfilerService", "cancelled");
                loop.quit();
            }
        });
        poll.start(100);
        loop.exec();
        return result;
    };
}

} // namespace opsdeck::profiler
