#include "cache/CacheLevelsModel.h"

#include "format/UnitFormatter.h"

#include <QStringList>

namespace opsdeck::models {

namespace {

QString nanoseconds(qint64 ns)
{
    if (ns <= 0)
        return QStringLiteral("–");
    return UnitFormatter(UnitFormatter::Unit::Seconds).format(double(ns) / 1e9);
}

QString bytes(qint64 n)
{
    return UnitFormatter(UnitFormatter::Unit::Bytes).format(double(n));
}

QString perSecond(double rate)
{
    return UnitFormatter(UnitFormatter::Unit::OpsPerSecond).format(rate);
}

QString count(qint64 n)
{
    return QLocale().toString(n);
}

} // namespace

CacheLevelsModel::CacheLevelsModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

QList<CacheLevelRates> CacheLevelsModel::ratesBetween(
    const cache::CacheSnapshot& before, const cache::CacheSnapshot& after)
{
    QList<CacheLevelRates> out;
    const double seconds = before.takenAt.isValid() && after.takenAt.isValid()
        ? double(before.takenAt.msecsTo(after.takenAt)) / 1000.0
        : 0.0;
    for (const cache::LevelSnapshot& now : after.levels) {
        CacheLevelRates r;
        r.level = now.stats.level;
        r.intervalSeconds = seconds;
        const cache::LevelStats* then = nullptr;
        for (const cache::LevelSnapshot& old : before.levels) {
            if (old.stats.level == now.stats.level)
                then = &old.stats;
        }
        if (then && seconds > 0) {
            const qint64 hits = now.stats.hits - then->hits;
            const qint64 misses = now.stats.misses - then->misses;
            if (hits + misses > 0)
                r.hitRatio = double(hits) / double(hits + misses);
            r.lookupsPerSecond = double(hits + misses) / seconds;
            r.evictionsPerSecond = double(now.stats.evictions - then->evictions) / seconds;
            r.expirationsPerSecond = double(now.stats.expirations - then->expirations) / seconds;
        }
        out.append(r);
    }
    return out;
}

void CacheLevelsModel::setSnapshot(const cache::CacheSnapshot& snapshot)
{
    const bool sameRows = snapshot.levels.size() == m_current.levels.size();
    if (!sameRows)
        beginResetModel();
    m_previous = m_current;
    m_current = snapshot;
    m_rates = ratesBetween(m_previous, m_current);
    if (!sameRows)
        endResetModel();
    else if (!m_current.levels.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int CacheLevelsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_current.levels.size());
}

int CacheLevelsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CacheLevelsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_current.levels.size())
        return {};
    const cache::LevelSnapshot& level = m_current.levels.at(index.row());
    const cache::LevelStats& s = level.stats;
    const CacheLevelRates rates = index.row() < m_rates.size() ? m_rates.at(index.row()) : CacheLevelRates {};
    if (role == Qt::TextAlignmentRole && index.column() != Level)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == HitRatio)
        return tr("Over the last %1 s; %2 since start (%3 hits, %4 misses)")
            .arg(QString::number(rates.intervalSeconds, 'f', 0),
                UnitFormatter(UnitFormatter::Unit::Ratio).format(s.hitRatio()), count(s.hits), count(s.misses));
    if (role == Qt::ToolTipRole && index.column() == Evictions)
        return tr("%1 evicted, %2 not admitted since start").arg(count(s.evictions), count(s.rejected));
    if (role != Qt::DisplayRole)
        return {};
    // A level that keeps no account of its size (Redis: the server keeps it) shows a dash.
    const bool unaccounted = s.capacityBytes <= 0 && s.bytes <= 0 && s.entries <= 0;
    switch (index.column()) {
    case Level:
        return s.level;
    case HitRatio:
        if (rates.hitRatio)
            return UnitFormatter(UnitFormatter::Unit::Ratio).format(*rates.hitRatio);
        // Idle this second: the ratio since start, said as such.
        return s.hits + s.misses > 0
            ? tr("idle (%1 since start)").arg(UnitFormatter(UnitFormatter::Unit::Ratio).format(s.hitRatio()))
            : tr("no lookups");
    case Lookups:
        return perSecond(rates.lookupsPerSecond);
    case LatencyP50:
        return nanoseconds(level.latency.quantileNs(0.5));
    case LatencyP99:
        return nanoseconds(level.latency.quantileNs(0.99));
    case Size:
        if (unaccounted)
            return QStringLiteral("–");
        return s.capacityBytes > 0 ? tr("%1 of %2").arg(bytes(s.bytes), bytes(s.capacityBytes)) : bytes(s.bytes);
    case Entries:
        if (unaccounted)
            return QStringLiteral("–");
        return count(s.entries);
    case Evictions:
        return perSecond(rates.evictionsPerSecond);
    case Expirations:
        return perSecond(rates.expirationsPerSecond);
    default:
        return {};
    }
}

QVariant CacheLevelsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Level:
        return tr("Level");
    case HitRatio:
        return tr("Hit ratio");
    case Lookups:
        return tr("Lookups/s");
    case LatencyP50:
        return tr("Lookup p50");
    case LatencyP99:
        return tr("Lookup p99");
    case Size:
        return tr("Size");
    case Entries:
        return tr("Entries");
    case Evictions:
        return tr("Evictions/s");
    case Expirations:
        return tr("Expirations/s");
    default:
        return {};
    }
}

CacheSourcesModel::CacheSourcesModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void CacheSourcesModel::setSources(const QList<cache::SourceCacheSnapshot>& sources)
{
    beginResetModel();
    m_sources = sources;
    endResetModel();
}

int CacheSourcesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_sources.size());
}

int CacheSourcesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CacheSourcesModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_sources.size())
        return {};
    const cache::SourceCacheSnapshot& row = m_sources.at(index.row());
    const auto& s = row.stats;
    if (role == Qt::TextAlignmentRole && index.column() != Source)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Bypassed) {
        QStringList reasons;
        for (auto it = s.bypassReasons.cbegin(); it != s.bypassReasons.cend(); ++it)
            reasons.append(tr("%1: %2").arg(it.key(), count(it.value())));
        return reasons.isEmpty() ? QVariant() : QVariant(reasons.join(QLatin1Char('\n')));
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Source:
        return row.source;
    case RangeQueries:
        return count(s.rangeQueries);
    case PiecesHit:
        return tr("%1 (%2)").arg(
            count(s.piecesHit), UnitFormatter(UnitFormatter::Unit::Ratio).format(s.pieceHitRatio()));
    case PiecesComputed:
        return count(s.piecesComputed);
    case SourceCalls:
        return count(s.sourceCalls);
    case Bypassed:
        return count(s.bypassed);
    default:
        return {};
    }
}

QVariant CacheSourcesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Source:
        return tr("Data source");
    case RangeQueries:
        return tr("Range queries");
    case PiecesHit:
        return tr("Pieces from cache");
    case PiecesComputed:
        return tr("Pieces computed");
    case SourceCalls:
        return tr("Calls to the source");
    case Bypassed:
        return tr("Not cacheable");
    default:
        return {};
    }
}

} // namespace opsdeck::models
