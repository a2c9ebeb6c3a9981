#pragma once

#include "CapacityTypes.h"

#include <QList>

// Robust seasonal anomaly detector for capacity charts and reports. Each point
// is compared with a reference (median of the same phase in previous seasons,
// or the median of a trailing window when there is no season) and scaled by a
// robust spread (1.4826 x median absolute residual of the trailing window),
// never below a floor so a flat series does not flag every tiny change.
// Causal: a point's score uses only earlier points. Pure function on a Series;
// it must never touch the store, the clock or the GUI.
namespace opsdeck::capacity {

struct AnomalyOptions
{
    int seasonLength = 0; // points per season; 0 = no season, trailing-window median
    int seasons = 4; // previous seasons whose same-phase values form the reference
    int window = 288; // trailing points for the spread (and the reference without season)
    double k = 4.0; // robust deviations at which a point is flagged (score 0.5)
    double relativeFloor = 0.02; // spread never below this fraction of |reference|
    double absoluteFloor = 1e-9; // ... nor below this
    int refractory = 0; // points after a flag during which no new flag is raised
};

struct AnomalyMark
{
    int index = 0;
    qint64 timeMs = 0;
    double value = 0.0;
    double expected = 0.0;
    double score = 0.0;
};

struct AnomalyResult
{
    QList<double> scores; // in [0,1], one per input point (0 for missing / warm-up)
    QList<double> expected; // reference value, NaN where unknown
    QList<AnomalyMark> flagged;
};

AnomalyResult detectAnomalies(const Series& series, const AnomalyOptions& options = {});

// Indexes with score >= threshold, skipping `refractory` points after each
// flag (one mark per incident instead of a run of marks).
QList<int> flagIndices(const QList<double>& scores, double threshold, int refractory);

} // namespace opsdeck::capacity
