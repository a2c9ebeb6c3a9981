#include "profiler/FlameGraphWidget.h"

#include "profiler/ProfilerVocabulary.h"

#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

FlameGraphWidget::FlameGraphWidget(QWidget* parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setObjectName(QStringLiteral("flameGraph"));
}

void FlameGraphWidget::setFolded(const QByteArray& folded)
{
    const QString search = m_graph.search();
    m_graph = opsdeck::models::FlameGraph::fromFolded(folded);
    m_graph.setSearch(search);
    updateGeometry();
    update();
    emit zoomChanged(0);
    emit searchMatched(m_graph.matchedFraction());
}

QSize FlameGraphWidget::sizeHint() const
{
    return { 800, std::max(6, m_graph.maxDepth() + 1) * rowHeight };
}

QSize FlameGraphWidget::minimumSizeHint() const
{
    return { 200, 4 * rowHeight }; // deep stacks are cut at the top, never the page stretched
}

void FlameGraphWidget::setSearch(const QString& text)
{
    m_graph.setSearch(text);
    update();
    emit searchMatched(m_graph.matchedFraction());
}

void FlameGraphWidget::resetZoom()
{
    zoomTo(0);
}

void FlameGraphWidget::zoomTo(int node)
{
    m_graph.setZoom(node);
    update();
    emit zoomChanged(m_graph.zoom());
}

QRect FlameGraphWidget::rectOf(const opsdeck::models::FlameGraph::Rect& r) const
{
    const int x0 = int(std::lround(r.x * width()));
    const int x1 = int(std::lround((r.x + r.width) * width()));
    const int y = height() - (r.depth + 1) * rowHeight;
    return { x0, y, std::max(1, x1 - x0), rowHeight - 1 };
}

int FlameGraphWidget::frameAt(const QPoint& position) const
{
    for (const auto& r : m_graph.layout(0.5 / std::max(1, width()))) {
        if (rectOf(r).contains(position))
            return r.node;
    }
    return -1;
}

QRect FlameGraphWidget::frameRect(int node) const
{
    for (const auto& r : m_graph.layout()) {
        if (r.node == node)
            return rectOf(r);
    }
    return {};
}

QColor FlameGraphWidget::colourOf(int node, bool matched) const
{
    if (matched)
        return QColor(0xb0, 0x40, 0xd0); // FlameGraph's search highlight: a hue the warm palette never takes
    // The classic warm palette, stable per frame name so a frame keeps its colour across zooms.
    const uint hash = qHash(m_graph.nodes()[node].name);
    const int red = 205 + int(hash % 50);
    const int green = 80 + int((hash >> 8) % 120);
    const int blue = 40 + int((hash >> 16) % 40);
    return QColor(red, green, blue);
}

void FlameGraphWidget::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    if (m_graph.totalSamples() == 0) {
        painter.setPen(palette().text().color());
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
            tr("No CPU profile yet: select a component and press \"CPU profile…\"."));
        return;
    }
    const QFontMetrics metrics(font());
    for (const auto& r : m_graph.layout(0.5 / std::max(1, width()))) {
        const QRect box = rectOf(r);
        painter.fillRect(box, colourOf(r.node, r.matched));
        if (box.width() > 3 * metrics.averageCharWidth()) {
            painter.setPen(r.matched ? QColor(Qt::white) : QColor(Qt::black));
            const QString text = metrics.elidedText(m_graph.nodes()[r.node].name, Qt::ElideRight, box.width() - 4);
            painter.drawText(box.adjusted(2, 0, -2, 0), Qt::AlignLeft | Qt::AlignVCenter, text);
        }
    }
}

void FlameGraphWidget::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    const int node = frameAt(event->position().toPoint());
    if (node > 0)
        zoomTo(node == m_graph.zoom() ? m_graph.nodes()[node].parent : node);
}

bool FlameGraphWidget::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int node = frameAt(help->pos());
        if (node <= 0) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        const auto& n = m_graph.nodes()[node];
        const double share = 100.0 * double(n.samples) / double(std::max<quint64>(1, m_graph.totalSamples()));
        QToolTip::showText(help->globalPos(),
            tr("%1\n%n sample(s), %2 of all (%3 in the frame itself)", nullptr, int(n.samples))
                .arg(n.name, opsdeck::models::profiler::percent(share), QLocale().toString(n.self)),
            this);
        return true;
    }
    return QWidget::event(event);
}
