#pragma once

#include "cache/CacheService.h"

#include <QWidget>

class QCustomPlot;
class QLabel;
class QPushButton;
class QTableView;
class QTimer;

namespace opsdeck::dashboard {
class DashboardWarmer;
}
namespace opsdeck::models {
class CacheLevelsModel;
class CacheSourcesModel;
} // namespace opsdeck::models

// The Cache page's "OpsDeck cache" tab: the state of the query-result cache
// (levels on, L2 connection), per level the hit ratio over the last interval,
// lookups/s, lookup latency, size against budget and evictions; the hit ratio
// of each level over the last 15 minutes; the lookup latency histogram; and
// per data source what its frontend answered from the cache; L1's entries by
// kind and the miss-ratio curve of its lookups with its budget marked (and the
// ceiling, when the budget follows the curve).
//
// It samples CacheService::snapshot() once a second while visible (atomic
// reads and one short lock: nothing that waits on Redis or SQLite).
class OpsDeckCacheTab final : public QWidget
{
    Q_OBJECT

public:
    // warmer may be null (no warming: the cache is off).
    OpsDeckCacheTab(opsdeck::cache::CacheService* service, const opsdeck::dashboard::DashboardWarmer* warmer,
        QWidget* parent = nullptr);

    // Takes one snapshot now (the timer calls it; tests too).
    void sample();
    QString stateText() const;

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void buildHitRatioPlot();
    void buildLatencyPlot();
    void buildCurvePlot();
    void updateCurve(const opsdeck::cache::CacheSnapshot& snapshot);
    void updatePlots();
    void clearCache();

    opsdeck::cache::CacheService* m_service;
    const opsdeck::dashboard::DashboardWarmer* m_warmer;
    QLabel* m_state = nullptr;
    QLabel* m_warmState = nullptr;
    QLabel* m_l2State = nullptr;
    QPushButton* m_clear = nullptr;
    QTableView* m_levelsView = nullptr;
    QTableView* m_sourcesView = nullptr;
    QCustomPlot* m_hitPlot = nullptr;
    QCustomPlot* m_latencyPlot = nullptr;
    QCustomPlot* m_curvePlot = nullptr;
    QLabel* m_kinds = nullptr;
    QLabel* m_sizing = nullptr;
    opsdeck::models::CacheLevelsModel* m_levels = nullptr;
    opsdeck::models::CacheSourcesModel* m_sources = nullptr;
    QTimer* m_timer = nullptr;
};
