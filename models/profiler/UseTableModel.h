#pragma once

#include "profiler/ProfilerTypes.h"

#include <QAbstractTableModel>
#include <QList>

// One host's USE table (Brendan Gregg's USE method): a row per resource (CPU,
// memory, all-disk I/O pressure, each disk, each interface, TCP, file
// descriptors, the engine-to-host network path) with its utilisation, saturation
// and errors in words and units, and the severity the bottleneck detector gave it
// (word + colour). A figure the host does not offer reads "not available".
namespace opsdeck::models {

class UseTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        ResourceColumn,
        StatusColumn,
        UtilisationColumn,
        SaturationColumn,
        ErrorsColumn,
        ColumnCount,
    };
    enum Role {
        ResourceKeyRole = Qt::UserRole + 1, // "cpu", "disk:sda"
        SeverityRole, // int(profiler::Severity)
    };

    explicit UseTableModel(QObject* parent = nullptr);

    // The host and the fleet's bottlenecks (those of other hosts are ignored).
    void setHost(
        const opsdeck::profiler::HostProfile& host, const QList<opsdeck::profiler::Bottleneck>& bottlenecks);
    void clear();
    QString instance() const { return m_instance; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QString key;
        QString utilisation;
        QString saturation;
        QString errors;
        opsdeck::profiler::Severity severity = opsdeck::profiler::Severity::Ok;
        QString sentence;
    };
    QString m_instance;
    QList<Row> m_rows;
};

} // namespace opsdeck::models
