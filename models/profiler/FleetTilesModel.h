#pragma once

#include "profiler/ProfilerTypes.h"

#include <QAbstractListModel>
#include <QList>

// The Profiler page's fleet overview: one row (a tile) per host, worst first
// (critical, warning, ok, then unreachable hosts), each with its worst resource
// and that resource's figure. A refresh with the same hosts in the same order is
// one dataChanged over all rows; a changed host list resets.
namespace opsdeck::models {

class FleetTilesModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        InstanceRole = Qt::UserRole + 1,
        SeverityRole, // int(profiler::Severity)
        SeverityWordRole, // "critical" / "warning" / "ok" / "missing"
        WorstResourceRole, // "disk:sda"; empty when none
        FigureRole, // "disk sda 88% · await 41 ms", or why the host is missing
        ReachableRole, // bool
        ErrorRole, // why the host is missing
        SentenceRole, // the host's worst bottleneck sentence; empty when none
    };

    explicit FleetTilesModel(QObject* parent = nullptr);

    void setFleet(const opsdeck::profiler::FleetSnapshot& fleet);
    const opsdeck::profiler::HostProfile* host(int row) const;
    int rowOf(const QString& instance) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Tile
    {
        opsdeck::profiler::HostProfile host;
        QString sentence;
    };
    QList<Tile> m_tiles;
};

} // namespace opsdeck::models
