#include "TargetStatusModel.h"

#include "scrape/ScrapeManager.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QLocale>

namespace opsdeck::models {

using scrape::TargetHealth;

TargetStatusModel::TargetStatusModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

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
    if (role == TargetIdRole)
        return t.local ? qint64(0) : t.target.id;
    if (role == LocalRole)
        return t.local;
    if (role == HealthColorRole)
        return healthColor(t.health);
    if (index.column() == HealthColumn) {
        // Colour plus the text: never colour alone (UI.md).
        if (role == Qt::ForegroundRole && t.health != TargetHealth::Unknown)
            return QBrush(healthColor(t.health));
        if (role == Qt::DecorationRole)
            return healthColor(t.health);
    }
    if (role == SortRole)
        return sortValue(t, Column(index.column()));
    if (role == Qt::ToolTipRole && index.column() == HealthColumn && !t.lastError.isEmpty())
        return t.lastError;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (Column(index.column())) {
    case TargetColumn:
        return t.local ? tr("this machine (built-in collector)") : t.target.url.toString();
    case JobColumn:
        return t.target.job;
    case InstanceColumn:
        return t.target.effectiveInstance();
    case HealthColumn:
        switch (t.health) {
        case TargetHealth::Up:
            return tr("up");
        case TargetHealth::Down:
            return tr("down");
        case TargetHealth::Unknown:
            return tr("waiting for first scrape");
        }
        return {};
    case LastScrapeColumn:
        return t.lastScrapeMs == 0
            ? QString()
            : QLocale().toString(QDateTime::fromMSecsSinceEpoch(t.lastScrapeMs).time(), QLocale::LongFormat);
    case DurationColumn:
        return t.lastScrapeMs == 0 ? QString()
                                   : tr("%1 ms").arg(QLocale().toString(t.lastDurationSeconds * 1000.0, 'f', 1));
    case SamplesColumn:
        return t.lastScrapeMs == 0 ? QVariant() : QVariant(t.lastSamples);
    case ErrorColumn:
        return t.lastError;
    case LabelsColumn:
        return formatLabels(t.target.extraLabels);
    case IntervalColumn:
        return formatInterval(t.target.intervalMs);
    case ColumnCount:
        break;
    }
    return {};
}

QColor TargetStatusModel::healthColor(TargetHealth health)
{
    switch (health) {
    case TargetHealth::Up:
        return QColor(0x2e, 0x7d, 0x32);
    case TargetHealth::Down:
        return QColor(0xc6, 0x28, 0x28);
    case TargetHealth::Unknown:
        break;
    }
    return QColor(0x9e, 0x9e, 0x9e);
}

QString TargetStatusModel::formatLabels(const metrics::Labels& labels)
{
    QStringList parts;
    for (const metrics::Label& label : labels)
        parts.append(QString::fromUtf8(label.name) + QLatin1Char('=') + QString::fromUtf8(label.value));
    return parts.join(QStringLiteral(", "));
}

QString TargetStatusModel::formatInterval(int ms)
{
    if (ms % 1000 == 0)
        return tr("%1 s").arg(ms / 1000);
    if (ms > 1000)
        return tr("%1 s").arg(QLocale().toString(ms / 1000.0, 'f', 2));
    return tr("%1 ms").arg(ms);
}

QVariant TargetStatusModel::sortValue(const scrape::TargetStatus& t, Column column)
{
    switch (column) {
    case HealthColumn: {
        // Down first when sorted ascending: the row that needs the operator.
        switch (t.health) {
        case TargetHealth::Down:
            return 0;
        case TargetHealth::Unknown:
            return 1;
        case TargetHealth::Up:
            return 2;
        }
        return 3;
    }
    case LastScrapeColumn:
        return t.lastScrapeMs;
    case DurationColumn:
        return t.lastDurationSeconds;
    case SamplesColumn:
        return t.lastSamples;
    case IntervalColumn:
        return t.target.intervalMs;
    case TargetColumn:
        return t.local ? QString() : t.target.url.toString();
    case JobColumn:
        return t.target.job;
    case InstanceColumn:
        return t.target.effectiveInstance();
    case ErrorColumn:
        return t.lastError;
    case LabelsColumn:
        return formatLabels(t.target.extraLabels);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant TargetStatusModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TargetColumn:
        return tr("Target");
    case JobColumn:
        return tr("Job");
    case InstanceColumn:
        return tr("Instance");
    case HealthColumn:
        return tr("Health");
    case LastScrapeColumn:
        return tr("Last scrape");
    case DurationColumn:
        return tr("Duration");
    case SamplesColumn:
        return tr("Samples");
    case ErrorColumn:
        return tr("Last error");
    case LabelsColumn:
        return tr("Labels");
    case IntervalColumn:
        return tr("Interval");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace opsdeck::models
