#include "capacity/CapacityResourceModel.h"

#include "alerts/AlertInboxModel.h"
#include "format/UnitFormatter.h"

#include <QDateTime>
#include <QLocale>

#include <cmath>
#include <limits>

using opsdeck::capacity::ResourceForecast;
using opsdeck::capacity::ResourceStatus;
using opsdeck::models::UnitFormatter;

namespace {

constexpr qint64 kDayMs = 24LL * 3600 * 1000;
constexpr qint64 kHourMs = 3600LL * 1000;

QString dateText(const std::optional<qint64>& ms)
{
    if (!ms)
        return QStringLiteral("–");
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(*ms).date(), QLocale::ShortFormat);
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

QString CapacityResourceModel::statusText(ResourceStatus status)
{
    switch (status) {
    case ResourceStatus::Red:
        return tr("Runs out");
    case ResourceStatus::Amber:
        return tr("Order soon");
    case ResourceStatus::Green:
        return tr("OK");
    case ResourceStatus::Unknown:
        break;
    }
    return tr("Unknown");
}

QColor CapacityResourceModel::statusColor(ResourceStatus status)
{
    using opsdeck::alerts::Severity;
    switch (status) {
    case ResourceStatus::Red:
        return AlertInboxModel::severityColor(Severity::Critical, false);
    case ResourceStatus::Amber:
        return AlertInboxModel::severityColor(Severity::Warning, false);
    case ResourceStatus::Green:
        return QColor(0x2e, 0x9d, 0x4f); // the top bar's "all well" green
    case ResourceStatus::Unknown:
        break;
    }
    return QColor(0x9e, 0x9e, 0x9e);
}

QString CapacityResourceModel::formatAmount(double value, const QString& unit)
{
    if (std::isnan(value))
        return QStringLiteral("–");
    if (unit == QLatin1String("req/s"))
        return UnitFormatter(UnitFormatter::Unit::OpsPerSecond).format(value);
    const UnitFormatter::Unit u = UnitFormatter::unitFromName(unit);
    const QString text = UnitFormatter(u).format(value);
    // Units UnitFormatter does not know ("cores") follow the number.
    if (u == UnitFormatter::Unit::Number && !unit.isEmpty())
        return tr("%1 %2").arg(text, unit);
    return text;
}

QString CapacityResourceModel::formatDuration(qint64 ms)
{
    if (ms <= 0)
        return tr("now");
    const QLocale locale;
    if (ms < 2 * kDayMs)
        return tr("%1 h").arg(locale.toString(std::max<qint64>(1, ms / kHourMs)));
    return tr("%1 d").arg(locale.toString(ms / kDayMs));
}

QString CapacityResourceModel::timeRemainingText(const ResourceForecast& r, qint64 nowMs, qint64 horizonMs)
{
    if (r.forecast.points.isEmpty())
        return QStringLiteral("–");
    const QLocale locale;
    const QString horizon = tr("%1 d").arg(locale.toString(horizonMs / kDayMs));
    const std::optional<qint64> remaining = opsdeck::capacity::timeRemainingMs(r, nowMs);
    if (!remaining) {
        // Only the upper 95 % bound reaches the ceiling.
        if (r.runOutEarliestMs) {
            const qint64 early = *r.runOutEarliestMs - nowMs;
            if (early >= 2 * kDayMs)
                return tr("beyond %1 (%2–%3+ d)")
                    .arg(horizon, locale.toString(early / kDayMs), locale.toString(horizonMs / kDayMs));
            return tr("beyond %1 (%2 – %1+)").arg(horizon, formatDuration(early));
        }
        return tr("beyond %1").arg(horizon);
    }
    // Already above the ceiling (at this what-if factor): no interval to give.
    const double current = std::isnan(r.currentP95) ? r.currentAvg : r.currentP95;
    if (current * r.growthFactor >= r.definition.ceiling * r.capacity)
        return tr("now (over the ceiling)");
    const QString value = formatDuration(*remaining);
    if (*remaining <= 0)
        return value;
    // The 95 % interval: the upper bound reaches the ceiling first, the lower
    // bound last (or not within the horizon).
    const qint64 early = r.runOutEarliestMs ? *r.runOutEarliestMs - nowMs : *remaining;
    const qint64 late = r.runOutLatestMs ? *r.runOutLatestMs - nowMs : horizonMs;
    const QString lateSuffix = r.runOutLatestMs ? QString() : QStringLiteral("+");
    if (early >= 2 * kDayMs && late >= 2 * kDayMs)
        return tr("%1 (%2–%3%4 d)")
            .arg(value, locale.toString(early / kDayMs), locale.toString(late / kDayMs), lateSuffix);
    const QString earlyText = formatDuration(early), lateText = formatDuration(late) + lateSuffix;
    if (earlyText == value && lateText == value)
        return value;
    return tr("%1 (%2 – %3)").arg(value, earlyText, lateText);
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
        return statusText(r.status);
    case ResourceColumn:
        return r.definition.name;
    case ItemColumn:
        return r.item;
    case UsageColumn:
        return tr("%1 / %2").arg(formatAmount(r.currentP95, unit), formatAmount(r.capacity, unit));
    case HeadroomColumn: {
        const double h = headroomPct(r);
        return std::isnan(h) ? QStringLiteral("–") : UnitFormatter(UnitFormatter::Unit::Percent).format(h);
    }
    case GrowthColumn: {
        if (std::isnan(r.growthPerDay))
            return QStringLiteral("–");
        const double g = r.growthPerDay * r.growthFactor;
        const QString amount = formatAmount(std::abs(g), unit);
        return g >= 0 ? tr("+%1/d").arg(amount) : tr("−%1/d").arg(amount);
    }
    case RemainingColumn:
        return timeRemainingText(r, m_nowMs, m_horizonMs);
    case RunOutColumn:
        return dateText(r.runOutMs);
    case OrderByColumn:
        return dateText(r.orderByMs);
    case RecommendedColumn:
        if (r.recommendedInstances <= 0)
            return QStringLiteral("–");
        return tr("%1 × %2").arg(locale.toString(r.recommendedInstances), formatAmount(r.capacity, unit));
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
        // As the planner orders them: the forecast's run-out, else the
        // earliest plausible one; then items that do not run out within the
        // horizon, least headroom first; items without a forecast last.
        if (r.forecast.points.isEmpty() || r.status == ResourceStatus::Unknown)
            return std::numeric_limits<double>::max();
        if (const std::optional<qint64> remaining = opsdeck::capacity::timeRemainingMs(r, m_nowMs))
            return static_cast<double>(*remaining);
        if (r.runOutEarliestMs)
            return static_cast<double>(std::max<qint64>(0, *r.runOutEarliestMs - m_nowMs));
        return 1e15 + (std::isnan(r.headroomPct) ? 1e3 : r.headroomPct);
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
            .arg(formatAmount(r.currentP95, r.definition.unit), formatAmount(r.currentAvg, r.definition.unit),
                formatAmount(r.peak, r.definition.unit), formatAmount(r.capacity, r.definition.unit));
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
            return statusColor(r->status);
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
