#include "TargetStatusSortModel.h"

#include "TargetStatusModel.h"

namespace opsdeck::models {

TargetStatusSortModel::TargetStatusSortModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(TargetStatusModel::SortRole);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setFilterKeyColumn(-1);
    setFilterRole(Qt::DisplayRole);
    setDynamicSortFilter(true);
}

bool TargetStatusSortModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const bool leftLocal = left.data(TargetStatusModel::LocalRole).toBool();
    const bool rightLocal = right.data(TargetStatusModel::LocalRole).toBool();
    if (leftLocal != rightLocal)
        return sortOrder() == Qt::AscendingOrder ? rightLocal : leftLocal;
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace opsdeck::models
