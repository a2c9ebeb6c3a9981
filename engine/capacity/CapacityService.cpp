#include "CapacityService.h"

#include "ResourceFile.h"

#include "storage/Database.h"

namespace opsdeck::capacity {

CapacityService::CapacityService(QString databasePath)
    : m_databasePath(databasePath)
    , m_location(storage::StateLocation::sqliteFile(databasePath))
{ }

CapacityService::CapacityService(storage::StateLocation location)
    : m_databasePath(location.describe())
    , m_location(std::move(location))
{ }

PlanOutcome CapacityService::plan(
    const PlanRequest& request, const PlanEvents& events, const PlanCancelled& cancelled) const
{
    storage::Database database;
    if (!database.openLocation(m_location)) {
        PlanOutcome out;
        out.failure = PlanOutcome::Failure::OpenDatabase;
        out.error = database.lastError();
        return out;
    }
    return plan(database, request, events, cancelled);
}

PlanOutcome CapacityService::plan(storage::Database& database, const PlanRequest& request,
    const PlanEvents& events, const PlanCancelled& cancelled)
{
    PlanOutcome out;
    PlanOptions options;
    options.nowMs = request.nowMs;
    options.windowMs = request.windowMs;
    options.horizonMs = request.horizonMs;
    options.stepMs = request.stepMs > 0 ? request.stepMs : defaultStepForWindow(request.windowMs);
    options.growthFactor = request.growthFactor;
    if (request.resources) {
        options.resources = *request.resources;
    } else if (!request.resourcesFile.isEmpty()) {
        const ResourceFileResult file = loadResourceFile(request.resourcesFile);
        options.resources = file.resources;
        out.resourceErrors = file.errors;
    }

    out.fromMs = options.nowMs - options.windowMs;
    out.toMs = options.nowMs;
    const auto emitEvent = [&events](const PlanEvent& e) {
        if (events)
            events(e);
    };
    PlanEvent reading;
    reading.stage = PlanEvent::Stage::ReadingHistory;
    reading.fromMs = out.fromMs;
    reading.toMs = out.toMs;
    reading.stepMs = options.stepMs;
    emitEvent(reading);

    HistorySource history
        = CapacityService::history(database, { out.fromMs, out.toMs, options.stepMs }, cancelled);
    if (cancelled && cancelled()) {
        out.cancelled = true;
        return out;
    }
    if (!history.source) {
        out.failure = PlanOutcome::Failure::ReadHistory;
        out.error = history.load.error;
        return out;
    }
    out.series = history.load.seriesCount;
    out.samples = history.load.sampleCount;
    if (request.requireHistory && out.samples == 0) {
        out.failure = PlanOutcome::Failure::NoHistory;
        return out;
    }
    PlanEvent read;
    read.stage = PlanEvent::Stage::HistoryRead;
    read.series = out.series;
    read.samples = out.samples;
    emitEvent(read);

    out.plan = capacity::plan(*history.source, options, [&](int done, int total) {
        PlanEvent e;
        e.stage = PlanEvent::Stage::Forecasting;
        e.done = done;
        e.total = total;
        emitEvent(e);
        return !(cancelled && cancelled());
    });
    out.cancelled = out.plan.cancelled;
    return out;
}

HistorySource CapacityService::history(
    storage::Database& database, const HistoryWindow& window, const PlanCancelled& cancelled)
{
    HistorySource out;
    out.load = loadHistory(database, window, cancelled);
    if (out.load.store)
        out.source = std::make_unique<query::LocalQuerySource>(out.load.store.get(), query::QueryLimits {},
            QCoreApplication::translate("opsdeck::capacity::CapacityService", "capacity history"));
    return out;
}

} // namespace opsdeck::capacity
