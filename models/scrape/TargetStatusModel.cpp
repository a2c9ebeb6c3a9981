#include "TargetStatusModel.h"

#include "scrape/ScrapeManager.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QLocale>

namespace opsdeck::models {

using scrape::TargetHealth;

TargetStatusModel::TargetStatusModel(QObject* parent) : QAbstractTableModel(parent) {}

void TargetStatusModel::setScrapeManager(scrape::ScrapeManager* manager)
{
    disconnect(m_connection);
    m_manager = manager;
    if (m_manager) {
        // targetsChanged() comes from the scrape thread: queued to ours.
        m_connection = connect(m_manager, &scrape::ScrapeManager::targetsChanged, this,
                               &TargetStatusModel::refresh, Qt::QueuedConnection);
        refresh();
    } else {
        setTargets({});
    }
}

void TargetStatusModel::refresh()
{
    if (m_manager)
        setTargets(m_manager->targets());
}

void TargetStatusModel::setTargets(const QList<scrape::TargetStatus>& targets)
{
    // Rows are keyed by TargetKey and snapshots come ordered by key, so a
    // common prefix stays; the tail is removed or inserted.
    const int common = int(std::min(m_rows.size(), targets.size()));
    int same = 0;
    while (same < common && m_rows.at(same).key == targets.at(same).key)
        ++same;
    if (same < m_rows.size()) {
        beginRemoveRows({}, same, int(m_rows.size()) - 1);
        m_rows.resize(same);
        endRemoveRows();
    }
    for (int i = 0; i < same; ++i)
        m_rows[i] = targets.at(i);
    if (same > 0)
        emit dataChanged(index(0, 0), index(same - 1, ColumnCount - 1));
    if (same < targets.size()) {
        beginInsertRows({}, same, int(targets.size()) - 1);
        m_rows.append(targets.mid(same));
        endInsertRows();
    }
}

int TargetStatusModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TargetStatusModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TargetStatusModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const scrape::TargetStatus& t = m_rows.at(index.row());
    if (role == KeyRole)
        return t.key;
    if (role == HealthRole)
        return int(t.health);
    if (role == Qt::ForegroundRole && index.column() == HealthColumn) {
        switch (t.health) {
        case TargetHealth::Up: return QBrush(QColor(0x2e, 0x7d, 0x32));
        case TargetHealth::Down: return QBrush(QColor(0xc6, 0x28, 0x28));
        case TargetHealth::Unknown: return {};
        }
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (Column(index.column())) {
    case TargetColumn: return t.local ? tr("this machine (built-in collector)") : t.target.url.toString();
    case JobColumn: return t.target.job;
    case InstanceColumn: return t.target.effectiveInstance();
    case HealthColumn:
        switch (t.health) {
        case TargetHealth::Up: return tr("up");
        case TargetHealth::Down: return tr("down");
        case TargetHealth::Unknown: return tr("waiting for first scrape");
        }
        return {};
    case LastScrapeColumn:
        return t.lastScrapeMs == 0 ? QString()
                                   : QLocale().toString(QDateTime::fromMSecsSinceEpoch(t.lastScrapeMs).time(),
                                                        QLocale::LongFormat);
    case DurationColumn:
        return t.lastScrapeMs == 0 ? QString() : tr("%1 ms").arg(t.lastDurationSeconds * 1000.0, 0, 'f', 1);
    case SamplesColumn: return t.lastScrapeMs == 0 ? QVariant() : QVariant(t.lastSamples);
    case ErrorColumn: return t.lastError;
    case ColumnCount: break;
    }
    return {};
}

QVariant TargetStatusModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TargetColumn: return tr("Target");
    case JobColumn: return tr("Job");
    case InstanceColumn: return tr("Instance");
    case HealthColumn: return tr("Health");
    case LastScrapeColumn: return tr("Last scrape");
    case DurationColumn: return tr("Duration");
    case SamplesColumn: return tr("Samples");
    case ErrorColumn: return tr("Last error");
    case ColumnCount: break;
    }
    return {};
}

} // namespace opsdeck::models
