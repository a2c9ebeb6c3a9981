#pragma once

#include "profiler/FlameGraph.h"

#include <QWidget>

// A flame graph of one CPU profile, painted from models::FlameGraph: one
// rectangle per frame, width proportional to its samples, the root frames at the
// bottom and callees stacked above (Brendan Gregg's flame graph orientation).
// Click a frame to zoom into it (its ancestors stay below at full width; click one
// of them to zoom out to it); resetZoom() shows everything again. A search
// highlights matching frames in one colour; the tooltip names the frame with its
// samples and share.
class FlameGraphWidget final : public QWidget
{
    Q_OBJECT

public:
    explicit FlameGraphWidget(QWidget* parent = nullptr);

    void setFolded(const QByteArray& folded);
    const opsdeck::models::FlameGraph& graph() const { return m_graph; }

    // The frame under a point in widget coordinates; -1 when none.
    int frameAt(const QPoint& position) const;
    // Where a frame is painted now (empty when it is not shown).
    QRect frameRect(int node) const;
    static constexpr int rowHeight = 18;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public slots:
    void setSearch(const QString& text);
    void resetZoom();
    void zoomTo(int node);

signals:
    void zoomChanged(int node);
    // Share (0..1) of all samples in stacks with a matching frame.
    void searchMatched(double fraction);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    QRect rectOf(const opsdeck::models::FlameGraph::Rect& r) const;
    QColor colourOf(int node, bool matched) const;

    opsdeck::models::FlameGraph m_graph;
};
