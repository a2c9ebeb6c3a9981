#include "profiler/FlameGraph.h"

#include <QHash>

#include <algorithm>

namespace opsdeck::models {

FlameGraph FlameGraph::fromFolded(const QByteArray& folded)
{
    FlameGraph graph;
    graph.m_nodes.append(Node { QStringLiteral("all"), 0, 0, -1, -1, {} });
    // (parent, name) -> node, so identical prefixes merge.
    QHash<QPair<int, QString>, int> index;
    const QList<QByteArray> lines = folded.split('\n');
    for (QByteArray line : lines) {
        line = line.trimmed();
        if (line.isEmpty())
            continue;
        const int space = line.lastIndexOf(' ');
        bool ok = false;
        const quint64 count = space > 0 ? line.mid(space + 1).toULongLong(&ok) : 0;
        if (!ok || count == 0) {
            ++graph.m_skipped;
            continue;
        }
        const QList<QByteArray> frames = line.left(space).split(';');
        int parent = 0;
        graph.m_nodes[0].samples += count;
        int depth = 0;
        for (const QByteArray& raw : frames) {
            const QString name = QString::fromUtf8(raw.trimmed());
            if (name.isEmpty())
                continue;
            const auto key = qMakePair(parent, name);
            auto it = index.constFind(key);
            int node;
            if (it == index.constEnd()) {
                node = int(graph.m_nodes.size());
                graph.m_nodes.append(Node { name, 0, 0, parent, depth, {} });
                graph.m_nodes[parent].children.append(node);
                index.insert(key, node);
            } else {
                node = *it;
            }
            graph.m_nodes[node].samples += count;
            parent = node;
            ++depth;
        }
        graph.m_nodes[parent].self += count;
    }
    return graph;
}

int FlameGraph::maxDepth() const
{
    int depth = 0;
    for (const Node& node : m_nodes)
        depth = std::max(depth, node.depth + 1);
    return depth;
}

void FlameGraph::setZoom(int node)
{
    m_zoom = (node >= 0 && node < m_nodes.size()) ? node : 0;
}

void FlameGraph::setSearch(const QString& text)
{
    m_search = text.trimmed();
}

bool FlameGraph::matches(int node) const
{
    return !m_search.isEmpty() && node > 0 && m_nodes[node].name.contains(m_search, Qt::CaseInsensitive);
}

// Samples under `node` in stacks containing a match, counting a matching frame's
// whole subtree once (a recursive function matching at several depths is not
// counted twice).
quint64 FlameGraph::matchedSamples(int node) const
{
    if (matches(node))
        return m_nodes[node].samples;
    quint64 sum = 0;
    for (int child : m_nodes[node].children)
        sum += matchedSamples(child);
    return sum;
}

double FlameGraph::matchedFraction() const
{
    if (m_search.isEmpty() || totalSamples() == 0)
        return 0;
    // Ancestors of the root frames cannot match (the "all" node never does).
    return double(matchedSamples(0)) / double(totalSamples());
}

QList<FlameGraph::Rect> FlameGraph::layout(double minWidth) const
{
    QList<Rect> out;
    if (m_nodes.isEmpty() || totalSamples() == 0)
        return out;
    // The zoomed frame's ancestors (not "all") at full width below it.
    QList<int> ancestors;
    for (int n = m_zoom; n > 0; n = m_nodes[n].parent)
        ancestors.prepend(n);
    int depth = 0;
    for (int i = 0; i + 1 < ancestors.size(); ++i)
        out.append(Rect { ancestors[i], depth++, 0, 1, matches(ancestors[i]) });
    const double base = double(m_nodes[m_zoom].samples);
    if (base <= 0)
        return out;
    struct Pending
    {
        int node;
        int depth;
        double x;
    };
    QList<Pending> stack;
    if (m_zoom == 0) {
        double x = 0;
        for (int child : m_nodes[0].children) {
            stack.append(Pending { child, depth, x });
            x += double(m_nodes[child].samples) / base;
        }
    } else {
        stack.append(Pending { m_zoom, depth, 0 });
    }
    while (!stack.isEmpty()) {
        const Pending p = stack.takeLast();
        const Node& node = m_nodes[p.node];
        const double width = double(node.samples) / base;
        if (width < minWidth)
            continue;
        out.append(Rect { p.node, p.depth, p.x, width, matches(p.node) });
        double x = p.x;
        for (int child : node.children) {
            stack.append(Pending { child, p.depth + 1, x });
            x += double(m_nodes[child].samples) / base;
        }
    }
    return out;
}

QString FlameGraph::path(int node) const
{
    QStringList names;
    for (int n = node; n > 0; n = m_nodes[n].parent)
        names.prepend(m_nodes[n].name);
    return names.join(QLatin1Char(';'));
}

} // namespace opsdeck::models
