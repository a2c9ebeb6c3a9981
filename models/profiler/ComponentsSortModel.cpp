#include "profiler/ComponentsSortModel.h"

#include "profiler/ComponentsModel.h"

namespace opsdeck::models {

ComponentsSortModel::ComponentsSortModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(ComponentsModel::SortRole);
    setFilterKeyColumn(ComponentsModel::NameColumn);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

bool ComponentsSortModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const QVariant a = left.data(ComponentsModel::SortRole);
    const QVariant b = right.data(ComponentsModel::SortRole);
    if (a.typeId() == QMetaType::QString || b.typeId() == QMetaType::QString)
        return QString::localeAwareCompare(a.toString(), b.toString()) < 0;
    const double x = a.toDouble();
    const double y = b.toDouble();
    if (x != y)
        return x < y;
    return QString::localeAwareCompare(left.siblingAtColumn(ComponentsModel::NameColumn).data().toString(),
               right.siblingAtColumn(ComponentsModel::NameColumn).data().toString())
        < 0;
}

} // namespace opsdeck::models
