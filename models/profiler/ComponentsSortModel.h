#pragma once

#include <QSortFilterProxyModel>

// Sorts ComponentsModel by its SortRole (raw figures), filters by component name.
namespace opsdeck::models {

class ComponentsSortModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ComponentsSortModel(QObject* parent = nullptr);

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;
};

} // namespace opsdeck::models
