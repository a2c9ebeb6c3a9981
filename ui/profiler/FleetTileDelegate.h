#pragma once

#include <QStyledItemDelegate>

// Paints one FleetTilesModel row as a tile readable from across the room: the
// severity colour as the fill, the severity word large, the host above it and the
// worst resource's figure below (colour is never the only signal).
class FleetTileDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;
    static QSize tileSize() { return { 290, 104 }; }

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};
