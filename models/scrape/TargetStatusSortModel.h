#pragma once

#include <QSortFilterProxyModel>

// Sorting and text filtering for the Agents table over TargetStatusModel:
// numeric columns sort by value (TargetStatusModel::SortRole), health sorts
// down-first, and the filter matches any column, case-insensitively. The
// built-in collector's row always stays below the configured targets.
namespace opsdeck::models {

class TargetStatusSortModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit TargetStatusSortModel(QObject* parent = nullptr);

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;
};

} // namespace opsdeck::models
