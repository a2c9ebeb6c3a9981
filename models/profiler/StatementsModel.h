#pragma once

#include "profiler/ProfilerTypes.h"

#include <QAbstractTableModel>
#include <QList>

// Top PostgreSQL statements of one database target (pg_stat_statements): query,
// calls, total and mean execution time, rows and the statement's cache hit
// ratio. The Profiler page shows two of these: by total time and by mean time.
namespace opsdeck::models {

class StatementsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        QueryColumn,
        CallsColumn,
        TotalColumn,
        MeanColumn,
        RowsColumn,
        HitRatioColumn,
        ColumnCount,
    };
    enum Role {
        SortRole = Qt::UserRole + 1,
        QueryIdRole,
    };

    explicit StatementsModel(QObject* parent = nullptr);

    void setStatements(const QList<opsdeck::profiler::StatementStat>& statements);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<opsdeck::profiler::StatementStat> m_statements;
};

} // namespace opsdeck::models
