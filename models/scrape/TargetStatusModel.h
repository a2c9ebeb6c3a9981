#pragma once

#include "scrape/TargetStatus.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QList>

namespace opsdeck::scrape {
class ScrapeManager;
}

// One row per scrape target (and the embedded local source) with its health,
// last scrape and last error, refreshed from ScrapeManager::targets()
// snapshots when the manager signals a change. Never touches the scrape thread.
namespace opsdeck::models {

class TargetStatusModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    // New columns go at the end so existing column numbers stay; views reorder visually.
    enum Column {
        TargetColumn,
        JobColumn,
        InstanceColumn,
        HealthColumn,
        LastScrapeColumn,
        DurationColumn,
        SamplesColumn,
        ErrorColumn,
        LabelsColumn,
        IntervalColumn,
        ColumnCount
    };
    enum Role {
        KeyRole = Qt::UserRole + 1, // scrape manager key (quint64)
        HealthRole, // int(scrape::TargetHealth)
        TargetIdRole, // repository id (qint64); 0 for the built-in collector
        LocalRole, // bool: the built-in collector for this machine
        HealthColorRole, // QColor: up green, down red, unknown grey (severity colours, health only)
        SortRole, // raw value for sorting (numbers for numeric columns)
    };

    // The colours of HealthColorRole (also the health column's text colour and decoration).
    static QColor healthColor(scrape::TargetHealth health);

    explicit TargetStatusModel(QObject* parent = nullptr);

    // Follows the manager's targetsChanged(); null detaches.
    void setScrapeManager(scrape::ScrapeManager* manager);
    // Replaces the rows with a snapshot; emits row inserts/removes and one
    // dataChanged for the rows that stayed.
    void setTargets(const QList<scrape::TargetStatus>& targets);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void refresh();
    static QString formatLabels(const metrics::Labels& labels);
    static QString formatInterval(int ms);
    static QVariant sortValue(const scrape::TargetStatus& t, Column column);

    scrape::ScrapeManager* m_manager = nullptr;
    QMetaObject::Connection m_connection;
    QList<scrape::TargetStatus> m_rows;
};

} // namespace opsdeck::models
