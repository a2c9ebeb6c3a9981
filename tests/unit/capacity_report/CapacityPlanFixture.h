#pragma once

#include "capacity/CapacityPlanner.h"
#include "capacity/Forecaster.h"

#include <QtGlobal>

#include <cmath>

// A capacity plan built by hand (no planner, no database): hourly history over
// 30 days, linear forecasts 90 days ahead, one run-out inside the horizon,
// anomalies, an item without a forecast, reclaimable CPU. Shared by the report
// unit test and bench so they do not depend on the planner's implementation.
namespace opsdeck::testfixture {

inline constexpr qint64 kDay = 24LL * 3600 * 1000;
inline constexpr qint64 kEnd = 1'790'000'000'000; // 2026-09-21

inline capacity::ResourceForecast makeItem(const QString& name, capacity::ResourceKind kind, const QString& unit,
    const QString& item, const QString& host, double capacity, double start, double perDay, quint32 seed,
    qint64 endMs = kEnd, int days = 30)
{
    capacity::ResourceForecast r;
    r.definition.name = name;
    r.definition.kind = kind;
    r.definition.unit = unit;
    r.definition.ceiling = kind == capacity::ResourceKind::Cpu ? 0.85 : 0.9;
    r.item = item;
    r.host = host;
    r.capacity = capacity;
    r.history.stepMs = 3'600'000;
    const int n = days * 24;
    r.history.startMs = endMs - qint64(n - 1) * r.history.stepMs;
    quint32 state = seed * 2654435761u + 1;
    double peak = 0;
    for (int i = 0; i < n; ++i) {
        state = state * 1664525u + 1013904223u;
        const double noise = (double(state >> 8) / double(1u << 24) - 0.5) * 0.02 * capacity;
        const double daily = 0.03 * capacity * std::sin(2 * M_PI * (i % 24) / 24.0);
        double v = start + perDay * i / 24.0 + daily + noise;
        if (i == n / 3 || i == 2 * n / 3) {
            capacity::AnomalyMark a;
            a.index = i;
            a.timeMs = r.history.startMs + qint64(i) * r.history.stepMs;
            a.expected = v;
            v += 0.25 * capacity;
            a.value = v;
            a.score = 0.9;
            r.anomalies.append(a);
        }
        r.history.values.append(i == 100 ? std::nan("") : v); // one gap
        peak = std::max(peak, v);
    }
    r.peak = peak;
    r.currentAvg = r.history.values.last();
    r.currentP95 = r.currentAvg * 1.03;
    r.headroomPct = (r.definition.ceiling * capacity - r.currentP95) / capacity * 100;
    r.forecast = capacity::forecastWith(capacity::ModelKind::Linear, r.history, 90 * 24, 0);
    r.forecast.mase = 0.8;
    r.forecast.smape = 0.05;
    r.growthPerDay = perDay;
    r.growthFactor = 1.0;
    const double ceiling = r.definition.ceiling * capacity;
    r.runOutMs = capacity::timeToReach(r.forecast, ceiling);
    r.runOutEarliestMs = capacity::timeToReach(r.forecast, ceiling, capacity::ForecastBound::Upper95);
    r.runOutLatestMs = capacity::timeToReach(r.forecast, ceiling, capacity::ForecastBound::Lower95);
    if (r.runOutEarliestMs)
        r.orderByMs = *r.runOutEarliestMs - qint64(r.definition.leadTimeDays) * kDay;
    if (!r.runOutEarliestMs)
        r.status = capacity::ResourceStatus::Green;
    else if (*r.runOutEarliestMs - endMs < r.definition.leadTimeDays * kDay)
        r.status = capacity::ResourceStatus::Red;
    else
        r.status = capacity::ResourceStatus::Amber;
    r.statusReason
        = r.runOutMs ? QStringLiteral("runs out within the horizon") : QStringLiteral("no run-out in 90 d");
    r.recommendedInstances = 2;
    return r;
}

inline capacity::CapacityPlan makePlan(int hosts = 2)
{
    using capacity::ResourceKind;
    capacity::CapacityPlan plan;
    plan.generatedMs = kEnd + 60'000;
    plan.fromMs = kEnd - 30 * kDay;
    plan.toMs = kEnd;
    plan.stepMs = 3'600'000;
    plan.horizonMs = 90 * kDay;
    plan.models = { QStringLiteral("linear") };
    const double gib = 1024.0 * 1024 * 1024;
    for (int h = 0; h < hosts; ++h) {
        const QString host = hosts <= 2 ? (h == 0 ? QStringLiteral("web-1") : QStringLiteral("db-1"))
                                        : QStringLiteral("host-%1").arg(h, 3, 10, QLatin1Char('0'));
        plan.hosts << host;
        const quint32 seed = quint32(h * 10);
        plan.resources << makeItem(QStringLiteral("CPU"), ResourceKind::Cpu, QStringLiteral("cores"), host, host,
            8, 2.0 + h % 3, h % 2 == 0 ? 0.05 : 0.0, seed + 1);
        plan.resources << makeItem(QStringLiteral("Memory"), ResourceKind::Memory, QStringLiteral("bytes"), host,
            host, 64 * gib, 20 * gib, 0.1 * gib, seed + 2);
        plan.resources << makeItem(QStringLiteral("Filesystem"), ResourceKind::Filesystem, QStringLiteral("bytes"),
            host + QStringLiteral(":/var"), host, 500 * gib, 300 * gib, h % 2 == 0 ? 2.5 * gib : 0.2 * gib,
            seed + 3);
        capacity::Reclaimable rc;
        rc.host = host;
        rc.needed = 3;
        rc.reclaimable = 5;
        rc.fraction = 5.0 / 8;
        rc.monthlySavings = 120;
        rc.oversized = true;
        plan.reclaimable << rc;
    }
    // An item with too little history for a forecast.
    capacity::ResourceForecast shortItem;
    shortItem.definition.name = QStringLiteral("Requests");
    shortItem.definition.kind = ResourceKind::Requests;
    shortItem.definition.unit = QStringLiteral("req/s");
    shortItem.item = QStringLiteral("cache-9, \"edge\"");
    shortItem.host = QStringLiteral("cache-9");
    shortItem.history.startMs = kEnd - 11 * 3'600'000;
    shortItem.history.stepMs = 3'600'000;
    for (int i = 0; i < 12; ++i)
        shortItem.history.values << 100 + i;
    shortItem.problem = QStringLiteral("12 points of history; needs 48");
    plan.resources << shortItem;
    return plan;
}

} // namespace opsdeck::testfixture
