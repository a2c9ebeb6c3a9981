#pragma once

#include "profiler/ProfilerService.h"

// The embedded "this machine" host: collect::ProfileCollector for the snapshot
// (one collector shared by every call, so its previous read is reused) and
// collect::CpuProfiler (perf) for CPU profiles, as blocking functions for the
// ProfilerService's worker threads.
namespace opsdeck::profiler {

FleetProfiler::LocalCollector localSnapshotFunction();
decltype(ProfilerServiceOptions::localCpuProfiler) localCpuProfileFunction();

} // namespace opsdeck::profiler
