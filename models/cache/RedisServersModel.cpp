#include "cache/RedisServersModel.h"

#include "format/UnitFormatter.h"
#include "redis/RedisUrl.h"
#include "style/SeverityPalette.h"

#include <QDateTime>
#include <QLocale>

#include <cmath>
#include <limits>

using opsdeck::models::UnitFormatter;
using opsdeck::redis::analytics::computeRates;
using opsdeck::redis::analytics::InfoRates;
using opsdeck::redis::analytics::RedisInfo;

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

std::optional<double> memoryShare(const RedisInfo& info)
{
    if (info.maxmemory > 0 && info.usedMemory >= 0)
        return double(info.usedMemory) / double(info.maxmemory);
    return std::nullopt;
}

QString dash()
{
    return QStringLiteral("–");
}

QString bytes(double value)
{
    return UnitFormatter(UnitFormatter::Unit::Bytes).format(value);
}

QString perSecond(double value)
{
    return RedisServersModel::tr("%1/s").arg(QLocale().toString(value, 'f', value < 10 ? 1 : 0));
}

QString percent(double ratio)
{
    return UnitFormatter(UnitFormatter::Unit::Ratio).format(ratio);
}

double sortable(double v)
{
    return std::isnan(v) ? -std::numeric_limits<double>::max() : v;
}

} // namespace

RedisHealthAssessment assessRedisHealth(const RedisInfo& info, const InfoRates* rates)
{
    RedisHealthAssessment a;
    a.health = RedisHealth::Ok;
    auto raise = [&](RedisHealth h, const QString& reason) {
        if (int(h) > int(a.health))
            a.health = h;
        a.reasons << reason;
    };
    const bool noEviction = info.maxmemoryPolicy == QLatin1String("noeviction");
    if (const auto share = memoryShare(info); share && noEviction) {
        if (*share >= 0.95)
            raise(RedisHealth::Critical,
                RedisServersModel::tr("memory %1 of maxmemory under noeviction: writes fail when it is full")
                    .arg(percent(*share)));
        else if (*share >= 0.90)
            raise(RedisHealth::Warning,
                RedisServersModel::tr("memory %1 of maxmemory under noeviction").arg(percent(*share)));
    }
    if (rates && rates->valid) {
        if (rates->evictionsPerSec > 0) {
            if (rates->hitRatio && *rates->hitRatio < 0.5)
                raise(RedisHealth::Critical,
                    RedisServersModel::tr("evicting %1 with hit ratio %2")
                        .arg(perSecond(rates->evictionsPerSec), percent(*rates->hitRatio)));
            else
                raise(RedisHealth::Warning,
                    RedisServersModel::tr("evicting %1").arg(perSecond(rates->evictionsPerSec)));
        }
        if (rates->hitRatio && *rates->hitRatio < 0.8 && !(rates->evictionsPerSec > 0 && *rates->hitRatio < 0.5))
            raise(RedisHealth::Warning,
                RedisServersModel::tr("hit ratio %1 over the last interval").arg(percent(*rates->hitRatio)));
    }
    if (info.memFragmentationRatio > 1.5 && info.memFragmentationBytes > 64 * kMiB)
        raise(RedisHealth::Warning,
            RedisServersModel::tr("fragmentation %1 (%2 wasted)")
                .arg(QLocale().toString(info.memFragmentationRatio, 'f', 2),
                    bytes(double(info.memFragmentationBytes))));
    if (info.blockedClients > 0 && info.connectedClients > 0 && info.blockedClients * 10 > info.connectedClients)
        raise(RedisHealth::Warning,
            RedisServersModel::tr("%1 of %2 clients blocked")
                .arg(QLocale().toString(info.blockedClients), QLocale().toString(info.connectedClients)));
    return a;
}

QString redisHealthWord(RedisHealth health)
{
    switch (health) {
    case RedisHealth::Pending:
        return RedisServersModel::tr("checking…");
    case RedisHealth::Ok:
        return RedisServersModel::tr("ok");
    case RedisHealth::Warning:
        return RedisServersModel::tr("warning");
    case RedisHealth::Critical:
        return RedisServersModel::tr("critical");
    case RedisHealth::Unreachable:
        return RedisServersModel::tr("unreachable");
    }
    return {};
}

RedisServersModel::RedisServersModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void RedisServersModel::setInstances(const QList<RedisInstance>& instances)
{
    // Keep what is known of instances that stay (a remove or an add must not blank the others).
    QList<Row> rows;
    for (const RedisInstance& instance : instances) {
        const int old = rowOfUrl(instance.url);
        Row row;
        if (old >= 0 && m_rows.at(old).instance == instance) {
            row = m_rows.at(old);
        } else {
            row.instance = instance;
            QString error;
            if (const auto endpoint = opsdeck::redis::parseRedisUrl(instance.url, &error))
                row.endpoint = opsdeck::redis::describe(*endpoint);
            else
                row.endpoint = instance.url;
        }
        rows << row;
    }
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

QList<RedisInstance> RedisServersModel::instances() const
{
    QList<RedisInstance> out;
    for (const Row& row : m_rows)
        out << row.instance;
    return out;
}

int RedisServersModel::rowOfUrl(const QString& url) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).instance.url == url)
            return i;
    return -1;
}

void RedisServersModel::addReading(int row, const RedisInfo& info, qint64 atMs)
{
    if (row < 0 || row >= m_rows.size())
        return;
    Row& r = m_rows[row];
    if (r.info && atMs > r.infoAtMs)
        r.rates = computeRates(*r.info, info, double(atMs - r.infoAtMs) / 1000.0);
    else
        r.rates.reset();
    r.info = info;
    r.infoAtMs = atMs;
    r.error.clear();
    r.unreachableSinceMs = 0;
    r.assessment = assessRedisHealth(info, r.rates ? &*r.rates : nullptr);
    if (r.rates && r.rates->valid && r.rates->hitRatio)
        r.history << QPointF(double(atMs) / 1000.0, *r.rates->hitRatio);
    while (!r.history.isEmpty() && r.history.first().x() < double(atMs - kHistoryMs) / 1000.0)
        r.history.removeFirst();
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void RedisServersModel::setUnreachable(int row, const QString& reason, qint64 atMs)
{
    if (row < 0 || row >= m_rows.size())
        return;
    Row& r = m_rows[row];
    if (r.unreachableSinceMs == 0)
        r.unreachableSinceMs = atMs;
    r.error = reason;
    // The next good reading starts a new interval: no rate across an outage.
    r.info.reset();
    r.rates.reset();
    r.assessment = { RedisHealth::Unreachable, { reason } };
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

RedisHealth RedisServersModel::health(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).assessment.health : RedisHealth::Pending;
}

const RedisInfo* RedisServersModel::info(int row) const
{
    if (row < 0 || row >= m_rows.size() || !m_rows.at(row).info)
        return nullptr;
    return &*m_rows.at(row).info;
}

std::optional<InfoRates> RedisServersModel::rates(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).rates : std::nullopt;
}

QList<QPointF> RedisServersModel::hitRatioHistory(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).history : QList<QPointF> {};
}

int RedisServersModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RedisServersModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(ColumnCount);
}

QVariant RedisServersModel::display(const Row& row, int column) const
{
    if (column == HealthColumn)
        return redisHealthWord(row.assessment.health);
    if (column == ServerColumn)
        return row.endpoint;
    if (column == NotesColumn) {
        if (row.assessment.health == RedisHealth::Unreachable)
            return tr("unreachable since %1: %2")
                .arg(QLocale().toString(
                         QDateTime::fromMSecsSinceEpoch(row.unreachableSinceMs).time(), QStringLiteral("HH:mm")),
                    row.error);
        QStringList notes = row.assessment.reasons;
        if (row.info)
            notes.prepend(tr("Redis %1").arg(row.info->redisVersion));
        if (row.rates && !row.rates->valid)
            notes << row.rates->problem;
        return notes.join(QStringLiteral("; "));
    }
    if (!row.info)
        return dash();
    const RedisInfo& info = *row.info;
    const bool haveRates = row.rates && row.rates->valid;
    switch (column) {
    case HitRatioColumn:
        if (haveRates && row.rates->hitRatio)
            return percent(*row.rates->hitRatio);
        if (const auto lifetime = info.lifetimeHitRatio())
            return tr("%1 (since start)").arg(percent(*lifetime));
        return dash();
    case OpsColumn:
        return haveRates ? perSecond(row.rates->opsPerSec) : dash();
    case MemoryColumn:
        if (info.usedMemory < 0)
            return dash();
        if (info.maxmemory > 0)
            return tr("%1 of %2 (%3)")
                .arg(bytes(double(info.usedMemory)), bytes(double(info.maxmemory)), percent(*memoryShare(info)));
        return tr("%1 (no limit)").arg(bytes(double(info.usedMemory)));
    case PolicyColumn:
        return info.maxmemoryPolicy.isEmpty() ? dash() : info.maxmemoryPolicy;
    case EvictionsColumn:
        return haveRates ? perSecond(row.rates->evictionsPerSec) : dash();
    case ExpirationsColumn:
        return haveRates ? perSecond(row.rates->expirationsPerSec) : dash();
    case FragmentationColumn:
        return info.memFragmentationRatio < 0 ? dash() : QLocale().toString(info.memFragmentationRatio, 'f', 2);
    case ClientsColumn:
        return tr("%1 / %2 blocked")
            .arg(QLocale().toString(info.connectedClients), QLocale().toString(info.blockedClients));
    case KeysColumn:
        return tr("%1 (%2 expiring)")
            .arg(QLocale().toString(info.totalKeys()), QLocale().toString(info.totalExpires()));
    default:
        return {};
    }
}

QVariant RedisServersModel::sortValue(const Row& row, int column) const
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (column == HealthColumn)
        return int(row.assessment.health);
    if (column == ServerColumn || column == NotesColumn || column == PolicyColumn)
        return display(row, column);
    if (!row.info)
        return sortable(nan);
    const RedisInfo& info = *row.info;
    const bool haveRates = row.rates && row.rates->valid;
    switch (column) {
    case HitRatioColumn:
        if (haveRates && row.rates->hitRatio)
            return *row.rates->hitRatio;
        return sortable(info.lifetimeHitRatio().value_or(nan));
    case OpsColumn:
        return sortable(haveRates ? row.rates->opsPerSec : nan);
    case MemoryColumn:
        return double(info.usedMemory);
    case EvictionsColumn:
        return sortable(haveRates ? row.rates->evictionsPerSec : nan);
    case ExpirationsColumn:
        return sortable(haveRates ? row.rates->expirationsPerSec : nan);
    case FragmentationColumn:
        return info.memFragmentationRatio;
    case ClientsColumn:
        return info.connectedClients;
    case KeysColumn:
        return info.totalKeys();
    default:
        return {};
    }
}

QVariant RedisServersModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(row, index.column());
    case SortRole:
        return sortValue(row, index.column());
    case HealthRole:
        return int(row.assessment.health);
    case UrlRole:
        return row.instance.url;
    case Qt::ToolTipRole:
        if (index.column() == HealthColumn || index.column() == NotesColumn)
            return row.assessment.reasons.join(QLatin1Char('\n'));
        if (index.column() == HitRatioColumn && row.info) {
            if (const auto lifetime = row.info->lifetimeHitRatio())
                return tr("since the server started: %1").arg(percent(*lifetime));
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() != HealthColumn)
            return {};
        switch (row.assessment.health) {
        case RedisHealth::Ok:
            return SeverityPalette::color(SeverityPalette::Tone::Ok);
        case RedisHealth::Warning:
            return SeverityPalette::color(SeverityPalette::Tone::Warning);
        case RedisHealth::Critical:
        case RedisHealth::Unreachable:
            return SeverityPalette::color(SeverityPalette::Tone::Critical);
        case RedisHealth::Pending:
            return SeverityPalette::color(SeverityPalette::Tone::Unknown);
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == HealthColumn || index.column() == ServerColumn || index.column() == PolicyColumn
            || index.column() == NotesColumn)
            return {};
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant RedisServersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case HealthColumn:
        return tr("Health");
    case ServerColumn:
        return tr("Server");
    case HitRatioColumn:
        return tr("Hit ratio");
    case OpsColumn:
        return tr("Ops");
    case MemoryColumn:
        return tr("Memory");
    case PolicyColumn:
        return tr("Eviction policy");
    case EvictionsColumn:
        return tr("Evictions");
    case ExpirationsColumn:
        return tr("Expirations");
    case FragmentationColumn:
        return tr("Fragmentation");
    case ClientsColumn:
        return tr("Clients");
    case KeysColumn:
        return tr("Keys");
    case NotesColumn:
        return tr("Notes");
    default:
        return {};
    }
}
