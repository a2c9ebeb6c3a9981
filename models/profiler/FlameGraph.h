#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// A CPU profile's stacks as a tree for a flame graph: parsed from the folded
// format of Brendan Gregg's FlameGraph (stackcollapse output: one line per unique
// stack, "root;caller;...;leaf count", root first), merged by frame name per
// parent. The layout is the classic icicle inverted: depth 0 (the root frames) at
// the bottom, x and width as fractions of the zoomed frame's samples. Pure values,
// no widgets: FlameGraphWidget paints what layout() returns and hit-tests with it.
namespace opsdeck::models {

class FlameGraph
{
public:
    struct Node
    {
        QString name;
        quint64 samples = 0; // this frame and everything above it
        quint64 self = 0; // stacks ending here
        int parent = -1;
        int depth = -1; // -1 for the synthetic "all" node
        QList<int> children; // by name, stable in first-seen order
    };
    struct Rect
    {
        int node = -1;
        int depth = 0; // 0 = the zoomed frame (or the root frames when not zoomed)
        double x = 0; // 0..1
        double width = 0; // 0..1
        bool matched = false;
    };

    FlameGraph() = default;
    // Lines that are not "frames count" are skipped and counted in skippedLines().
    static FlameGraph fromFolded(const QByteArray& folded);

    const QList<Node>& nodes() const { return m_nodes; }
    quint64 totalSamples() const { return m_nodes.isEmpty() ? 0 : m_nodes.first().samples; }
    int skippedLines() const { return m_skipped; }
    int maxDepth() const; // deepest frame's depth + 1 (0 when empty)

    // Zoom: the node at the base of the view (0 = everything). Ancestors of the zoomed
    // frame are shown below it at full width so the way back is visible.
    int zoom() const { return m_zoom; }
    void setZoom(int node);
    void resetZoom() { m_zoom = 0; }

    // Search: a case-insensitive substring of frame names; empty = no search.
    void setSearch(const QString& text);
    const QString& search() const { return m_search; }
    // Share of all samples (0..1) in stacks that contain a matching frame, each sample once.
    double matchedFraction() const;

    // Frames to paint; those narrower than minWidth (fraction) are left out.
    // Depth counts from the bottom: the zoomed frame's ancestors first (0..a-1), then it.
    QList<Rect> layout(double minWidth = 0) const;
    // The full stack of a node, root first ("main;run;work").
    QString path(int node) const;

private:
    bool matches(int node) const;
    quint64 matchedSamples(int node) const;

    QList<Node> m_nodes; // [0] = the synthetic "all" root
    int m_zoom = 0;
    int m_skipped = 0;
    QString m_search;
};

} // namespace opsdeck::models
