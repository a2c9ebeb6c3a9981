#include "profiler/FleetTileDelegate.h"

#include "profiler/FleetTilesModel.h"

#include <QPainter>
#include <QPainterPath>

using opsdeck::models::FleetTilesModel;

void FleetTileDelegate::paint(
    QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRect box = option.rect.adjusted(4, 4, -4, -4);
    const QColor fill = index.data(Qt::BackgroundRole).value<QColor>();
    QPainterPath path;
    path.addRoundedRect(QRectF(box), 6, 6);
    painter->fillPath(path, fill);
    if (option.state & (QStyle::State_Selected | QStyle::State_HasFocus)) {
        painter->setPen(QPen(option.palette.highlight().color(), 3));
        painter->drawPath(path);
    }
    // Black or white text, whichever reads better on the fill.
    const QColor text = fill.lightnessF() > 0.55 ? QColor(Qt::black) : QColor(Qt::white);
    painter->setPen(text);
    const QRect inner = box.adjusted(10, 6, -10, -6);
    QFont host = option.font;
    host.setBold(true);
    QFont word = option.font;
    word.setBold(true);
    word.setPointSizeF(option.font.pointSizeF() * 1.5);
    const QFontMetrics hostMetrics(host);
    const QFontMetrics wordMetrics(word);
    const QFontMetrics plainMetrics(option.font);
    int y = inner.top();
    painter->setFont(host);
    painter->drawText(QRect(inner.left(), y, inner.width(), hostMetrics.height()),
        Qt::AlignLeft | Qt::AlignVCenter,
        hostMetrics.elidedText(
            index.data(FleetTilesModel::InstanceRole).toString(), Qt::ElideMiddle, inner.width()));
    y += hostMetrics.height() + 2;
    painter->setFont(word);
    painter->drawText(QRect(inner.left(), y, inner.width(), wordMetrics.height()),
        Qt::AlignLeft | Qt::AlignVCenter, index.data(FleetTilesModel::SeverityWordRole).toString().toUpper());
    y += wordMetrics.height() + 2;
    painter->setFont(option.font);
    const QRect rest(inner.left(), y, inner.width(), inner.bottom() - y);
    const QString figure = index.data(FleetTilesModel::FigureRole).toString();
    // Two lines at most (a missing host's reason can be long), elided.
    const QString elided = plainMetrics.elidedText(figure, Qt::ElideRight, inner.width() * 2 - 20);
    painter->drawText(rest, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, elided);
    painter->restore();
}

QSize FleetTileDelegate::sizeHint(const QStyleOptionViewItem&, const QModelIndex&) const
{
    return tileSize();
}
