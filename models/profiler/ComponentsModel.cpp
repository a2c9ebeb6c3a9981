#include "profiler/ComponentsModel.h"

#include "profiler/ProfilerVocabulary.h"

#include <algorithm>

namespace opsdeck::models {

using namespace opsdeck::models::profiler;

ComponentsModel::ComponentsModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void ComponentsModel::setComponents(const QList<opsdeck::collect::ComponentUse>& components)
{
    const bool sameRows = components.size() == m_components.size()
        && std::equal(components.cbegin(), components.cend(), m_components.cbegin(),
            [](const auto& a, const auto& b) { return a.name == b.name && a.kind == b.kind; });
    if (sameRows) {
        m_components = components;
        if (!m_components.isEmpty())
            emit dataChanged(index(0, 0), index(int(m_components.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_components = components;
    endResetModel();
}

int ComponentsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_components.size());
}

int ComponentsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ComponentsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& c = m_components[index.row()];
    if (role == PidRole)
        return c.topPid;
    if (role == NameRole)
        return c.name;
    if (role == Qt::ToolTipRole)
        return tr("%1: top process %2 (pid %3)").arg(c.name, c.topCommand, QString::number(c.topPid));
    if (role == Qt::TextAlignmentRole)
        return index.column() <= KindColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                            : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    const bool sort = role == SortRole;
    if (!sort && role != Qt::DisplayRole)
        return {};
    const auto optional = [sort](const std::optional<double>& v, auto format) -> QVariant {
        if (sort)
            return v ? *v : -1.0;
        return v ? format(*v) : tr("not readable");
    };
    switch (index.column()) {
    case NameColumn:
        return c.name;
    case KindColumn:
        if (sort)
            return c.kind;
        if (c.kind == u"unit")
            return tr("systemd unit");
        if (c.kind == u"cgroup")
            return tr("cgroup");
        return tr("executable");
    case ProcessesColumn:
        return sort ? QVariant(c.processes) : QVariant(QString::number(c.processes));
    case CpuColumn:
        return sort ? QVariant(c.cpuPct) : QVariant(percent(c.cpuPct));
    case RssColumn:
        return sort ? QVariant(double(c.rssBytes)) : QVariant(bytes(double(c.rssBytes)));
    case ReadColumn:
        return optional(c.readBytesPerSec, bytesPerSecond);
    case WriteColumn:
        return optional(c.writeBytesPerSec, bytesPerSecond);
    case ContextSwitchesColumn:
        return sort ? QVariant(c.contextSwitchesPerSec)
                    : QVariant(tr("%1/s").arg(number(c.contextSwitchesPerSec)));
    case ThreadsColumn:
        return sort ? QVariant(c.threads) : QVariant(QString::number(c.threads));
    case OpenFilesColumn:
        if (sort)
            return c.openFiles ? *c.openFiles : -1;
        return c.openFiles ? QString::number(*c.openFiles) : tr("not readable");
    default:
        return {};
    }
}

QVariant ComponentsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Component");
    case KindColumn:
        return tr("Kind");
    case ProcessesColumn:
        return tr("Processes");
    case CpuColumn:
        return tr("CPU");
    case RssColumn:
        return tr("RSS");
    case ReadColumn:
        return tr("Read");
    case WriteColumn:
        return tr("Write");
    case ContextSwitchesColumn:
        return tr("Context switches");
    case ThreadsColumn:
        return tr("Threads");
    case OpenFilesColumn:
        return tr("Open files");
    default:
        return {};
    }
}

} // namespace opsdeck::models
