#include "capacity/CapacityResourceModel.h"

#include "capacity/CapacityVocabulary.h"
#include "capacity/ResourceUrgency.h"
#include "format/UnitFormatter.h"

#include <QDateTime>
#include <QLocale>

#include <cmath>
#include <limits>

using opsdeck::capacity::ResourceForecast;
using opsdeck::capacity::ResourceStatus;
using opsdeck::models::UnitFormatter;

namespace {

QString dateText(const std::optional<qint64>& ms)
{
    if (!ms)
        return QStringLiteral("–");
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(*ms).date(), QLocale::ShortFormat);
}

QString amountText(double value, const QString& unit)
{
    return CapacityVocabulary::formatAmount(value, unit);
}

double orNaN(const std::optional<qint64>& v)
{
    return v ? static_cast<double>(*v) : std::numeric_limits<double>::quiet_NaN();
}

// Sort key that puts NaN last in ascending order.
double sortable(double v)
{
    return std::isnan(v) ? std::numeric_limits<double>::max() : v;
}

// Headroom below the ceiling at the current p95, with the what-if factor
// applied to the demand (the planner's headroomPct is for ×1).
double headroomPct(const ResourceForecast& r)
{
    if (r.growthFactor == 1.0 || !(r.capacity > 0) || std::isnan(r.currentP95))
        return r.headroomPct;
    return (r.definition.ceiling * r.capacity - r.currentP95 * r.growthFactor) / r.capacity * 100.0;
}

} // namespace

CapacityResourceModel::CapacityResourceModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

QString CapacityResourceModel::keyOf(const ResourceForecast& resource)
{
    return resource.definition.name + QLatin1Char('\n') + resource.item;
}

void CapacityResourceModel::setResources(const QList<ResourceForecast>& resources, qint64 nowMs, qint64 horizonMs)
{
    m_nowMs = nowMs;
    m_horizonMs = horizonMs;
    // Same items (a what-if or a refresh of the same window): update in place.
    bool sameItems = resources.size() == m_rows.size() && !m_rows.isEmpty();
    QHash<QString, int> incoming;
    if (sameItems) {
        for (int i = 0; i < resources.size(); ++i)
            incoming.insert(keyOf(resources.at(i)), i);
        for (const ResourceForecast& r : std::as_const(m_rows)) {
            if (!incoming.contains(keyOf(r))) {
                sameItems = false;
                break;
            }
        }
    }
    if (sameItems) {
        for (ResourceForecast& r : m_rows)
            r = resources.at(incoming.value(keyOf(r)));
        emit dataChanged(index(0, 0), index(static_cast<int>(m_rows.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = resources;
    endResetModel();
}

void CapacityResourceModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

const ResourceForecast* CapacityResourceModel::resourceAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int CapacityResourceModel::rowOfKey(const QString& key) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (keyOf(m_rows.at(i)) == key)
            return i;
    }
    return -1;
}

int CapacityResourceModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int CapacityResourceModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CapacityResourceModel::display(const ResourceForecast& r, int column) const
{
    const QLocale locale;
    const QString unit = r.definition.unit;
    switch (column) {
    case StatusColumn:
        return CapacityVocabulary::statusText(r.status);
    case ResourceColumn:
        return r.definition.name;
    case ItemColumn:
        return r.item;
    case UsageColumn:
        return tr("%1 / %2").arg(amountText(r.currentP95, unit), amountText(r.capacity, unit));
    case HeadroomColumn: {
        const double h = headroomPct(r);
        return std::isnan(h) ? QStringLiteral("–") : UnitFormatter(UnitFormatter::Unit::Percent).format(h);
    }
    case GrowthColumn: {
        if (std::isnan(r.growthPerDay))
            return QStringLiteral("–");
        const double g = r.growthPerDay * r.growthFactor;
        const QString amount = amountText(std::abs(g), unit);
        return g >= 0 ? tr("+%1/d").arg(amount) : tr("−%1/d").arg(amount);
    }
    case RemainingColumn:
        return CapacityVocabulary::timeRemainingText(r, m_nowMs, m_horizonMs);
    case RunOutColumn:
        return dateText(r.runOutMs);
    case OrderByColumn:
        return dateText(r.orderByMs);
    case RecommendedColumn:
        if (r.recommendedInstances <= 0)
            return QStringLiteral("–");
        return tr("%1 × %2").arg(locale.toString(r.recommendedInstances), amountText(r.capacity, unit));
    case ModelColumn:
        return r.forecast.points.isEmpty() ? QStringLiteral("–") : r.forecast.modelName;
    case MaseColumn:
        return std::isnan(r.forecast.mase) ? QStringLiteral("–") : locale.toString(r.forecast.mase, 'f', 2);
    default:
        break;
    }
    return {};
}

QVariant CapacityResourceModel::sortValue(const ResourceForecast& r, int column) const
{
    switch (column) {
    case StatusColumn:
        return static_cast<int>(r.status); // Red, Amber, Green, Unknown
    case UsageColumn:
        return sortable(r.capacity > 0 ? r.currentP95 / r.capacity : std::nan(""));
    case HeadroomColumn:
        return sortable(headroomPct(r));
    case GrowthColumn:
        return sortable(r.growthPerDay * r.growthFactor);
    case RemainingColumn: {
        // The planner's order (capacity::sortResources), as a number.
        return opsdeck::capacity::urgencyKey(r, m_nowMs);
    }
    case RunOutColumn:
        return sortable(orNaN(r.runOutMs));
    case OrderByColumn:
        return sortable(orNaN(r.orderByMs));
    case RecommendedColumn:
        return r.recommendedInstances;
    case MaseColumn:
        return sortable(r.forecast.mase);
    default:
        return display(r, column);
    }
}

QString CapacityResourceModel::toolTip(const ResourceForecast& r, int column) const
{
    if (!r.problem.isEmpty())
        return r.problem;
    switch (column) {
    case UsageColumn:
        return tr("p95 over the last day: %1; average %2; peak over the window %3; capacity %4")
            .arg(amountText(r.currentP95, r.definition.unit), amountText(r.currentAvg, r.definition.unit),
                amountText(r.peak, r.definition.unit), amountText(r.capacity, r.definition.unit));
    case HeadroomColumn:
        return r.growthFactor != 1.0
            ? tr("Room left below the %1 ceiling at the current p95 with demand ×%2")
                  .arg(UnitFormatter(UnitFormatter::Unit::Percent).format(r.definition.ceiling * 100),
                      QLocale().toString(r.growthFactor, 'g', 3))
            : tr("Room left below the %1 ceiling at the current p95")
                  .arg(UnitFormatter(UnitFormatter::Unit::Percent).format(r.definition.ceiling * 100));
    case GrowthColumn:
        return r.growthFactor != 1.0 ? tr("Forecast slope with the what-if growth ×%1 applied")
                                           .arg(QLocale().toString(r.growthFactor, 'g', 3))
                                     : tr("Forecast slope");
    case RemainingColumn:
        return tr("Until the forecast reaches the ceiling; in brackets the 95 % interval");
    case OrderByColumn:
        return tr("Earliest plausible run-out minus the procurement lead time (%1 d)")
            .arg(r.definition.leadTimeDays);
    case MaseColumn:
        return tr("Backtest error against a seasonal naive forecast (below 1 beats it); sMAPE %1")
            .arg(std::isnan(r.forecast.smape)
                    ? QStringLiteral("–")
                    : UnitFormatter(UnitFormatter::Unit::Percent).format(r.forecast.smape));
    default:
        return r.statusReason;
    }
}

QVariant CapacityResourceModel::data(const QModelIndex& index, int role) const
{
    const ResourceForecast* r = resourceAt(index.row());
    if (!r || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return display(*r, index.column());
    case Qt::DecorationRole:
        if (index.column() == StatusColumn)
            return CapacityVocabulary::statusColor(r->status);
        break;
    case Qt::ToolTipRole:
        return toolTip(*r, index.column());
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case UsageColumn:
        case HeadroomColumn:
        case GrowthColumn:
        case RecommendedColumn:
        case MaseColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            break;
        }
        break;
    case SortRole:
        return sortValue(*r, index.column());
    case StatusRole:
        return static_cast<int>(r->status);
    case RemainingMsRole: {
        const std::optional<qint64> remaining = opsdeck::capacity::timeRemainingMs(*r, m_nowMs);
        return remaining ? QVariant::fromValue(*remaining) : QVariant();
    }
    case KeyRole:
        return keyOf(*r);
    default:
        break;
    }
    return {};
}

QVariant CapacityResourceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section == RemainingColumn)
        return tr("Time until the forecast reaches the ceiling, with the 95 % interval");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StatusColumn:
        return tr("Status");
    case ResourceColumn:
        return tr("Resource");
    case ItemColumn:
        return tr("Item");
    case UsageColumn:
        return tr("Current p95 / capacity");
    case HeadroomColumn:
        return tr("Headroom");
    case GrowthColumn:
        return tr("Growth per day");
    case RemainingColumn:
        return tr("Time remaining");
    case RunOutColumn:
        return tr("Run-out date");
    case OrderByColumn:
        return tr("Order by");
    case RecommendedColumn:
        return tr("Recommended size");
    case ModelColumn:
        return tr("Model");
    case MaseColumn:
        return tr("MASE");
    default:
        break;
    }
    return {};
}
