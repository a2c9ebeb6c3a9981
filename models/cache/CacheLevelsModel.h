#pragma once

#include "cache/CacheService.h"

#include <QAbstractTableModel>
#include <QList>

#include <optional>

// The Cache page's level table (OpsDeck cache tab): one row per level of the
// query-result cache, fastest first, with the rates of the last interval
// between two snapshots (hit ratio, lookups/s, evictions/s) beside the
// lifetime counters, the lookup latency quantiles, and size against budget.
// A ratio over the last interval, not over the lifetime: a lifetime ratio
// hides a drop (cache-facts.md, pain point 9).
namespace opsdeck::models {

struct CacheLevelRates
{
    QString level;
    double intervalSeconds = 0;
    std::optional<double> hitRatio; // nullopt: no lookup in the interval
    double lookupsPerSecond = 0;
    double evictionsPerSecond = 0;
    double expirationsPerSecond = 0;
};

class CacheLevelsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Level,
        HitRatio,
        Lookups,
        LatencyP50,
        LatencyP99,
        Size,
        Entries,
        Evictions,
        Expirations,
        ColumnCount
    };

    explicit CacheLevelsModel(QObject* parent = nullptr);

    // The newest snapshot; rates come from the difference to the previous one.
    void setSnapshot(const cache::CacheSnapshot& snapshot);
    const QList<CacheLevelRates>& rates() const { return m_rates; }
    const cache::CacheSnapshot& snapshot() const { return m_current; }

    // Pure: the rates of each level between two snapshots (levels matched by name).
    static QList<CacheLevelRates> ratesBetween(
        const cache::CacheSnapshot& before, const cache::CacheSnapshot& after);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    cache::CacheSnapshot m_previous;
    cache::CacheSnapshot m_current;
    QList<CacheLevelRates> m_rates;
};

// One row per data source with a query-result cache in front of it.
class CacheSourcesModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Source, RangeQueries, PiecesHit, PiecesComputed, SourceCalls, Bypassed, ColumnCount };

    explicit CacheSourcesModel(QObject* parent = nullptr);
    void setSources(const QList<cache::SourceCacheSnapshot>& sources);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<cache::SourceCacheSnapshot> m_sources;
};

} // namespace opsdeck::models
