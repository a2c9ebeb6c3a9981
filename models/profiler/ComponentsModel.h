#pragma once

#include "collect/ProfileSnapshot.h"

#include <QAbstractTableModel>
#include <QList>

// One host's components (systemd unit, cgroup or executable, grouped as
// Netdata's apps.plugin does) and what each consumes. Display text is formatted
// (IEC bytes, percent); SortRole gives the raw figure so ComponentsSortModel
// sorts numbers as numbers, with "not readable" figures last.
namespace opsdeck::models {

class ComponentsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        KindColumn,
        ProcessesColumn,
        CpuColumn,
        RssColumn,
        ReadColumn,
        WriteColumn,
        ContextSwitchesColumn,
        ThreadsColumn,
        OpenFilesColumn,
        ColumnCount,
    };
    enum Role {
        SortRole = Qt::UserRole + 1,
        PidRole, // qint64: the component's top process
        NameRole,
    };

    explicit ComponentsModel(QObject* parent = nullptr);

    void setComponents(const QList<opsdeck::collect::ComponentUse>& components);
    const QList<opsdeck::collect::ComponentUse>& components() const { return m_components; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<opsdeck::collect::ComponentUse> m_components;
};

} // namespace opsdeck::models
