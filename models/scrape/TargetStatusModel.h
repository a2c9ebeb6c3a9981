#pragma once

#include "scrape/TargetStatus.h"

#include <QAbstractTableModel>
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
    enum Column { TargetColumn, JobColumn, InstanceColumn, HealthColumn, LastScrapeColumn, DurationColumn,
                  SamplesColumn, ErrorColumn, ColumnCount };
    enum Role { KeyRole = Qt::UserRole + 1, HealthRole };

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

    scrape::ScrapeManager* m_manager = nullptr;
    QMetaObject::Connection m_connection;
    QList<scrape::TargetStatus> m_rows;
};

} // namespace opsdeck::models
