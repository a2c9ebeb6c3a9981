#pragma once

#include "metrics/SeriesStore.h"

#include <QByteArray>
#include <QMap>
#include <QPair>
#include <QString>

// The headless engine's own metrics, served on the web API's /metrics in the
// text format 0.0.4 with opsdeck_ names: ingest and scrape counters, the
// series store, rule evaluation, alerts, notifications and the web API's own
// requests. The figures are copied from the services' counters and snapshots
// by the web server on its thread; encode() is a pure function.
namespace opsdeck::web {

struct EngineFigures
{
    QString version;
    double startTimeSeconds = 0;
    // scrape
    qint64 samplesIngestedTotal = 0;
    qint64 scrapesTotal = 0;
    double ingestSamplesPerSecond = 0;
    int targetsUp = 0;
    int targetsDown = 0;
    int targetsUnknown = 0;
    // storage
    metrics::StoreStats store;
    // rules and alerts
    int rules = 0;
    quint64 ruleEvaluationsTotal = 0;
    double ruleEvaluationSecondsTotal = 0;
    int alertsFiring = 0;
    int alertsPending = 0;
    QMap<QString, quint64> notificationsByStatus; // "sent", "failed", ... -> records since start
    // web API
    QMap<QPair<QByteArray, int>, quint64> httpRequests; // (handler, code) -> answers
    QMap<QByteArray, QPair<quint64, double>> httpDurations; // handler -> (count, seconds)
};

class EngineMetrics
{
public:
    static QByteArray encode(const EngineFigures& figures);
};

} // namespace opsdeck::web
