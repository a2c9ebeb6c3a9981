#pragma once

#include <QWidget>

class OpsDeckCacheTab;
class QTabWidget;

namespace opsdeck {
class Engine;
}

// The Cache page (issue 14): two tabs. "OpsDeck cache" shows the engine's own
// query-result cache (OpsDeckCacheTab); "Redis servers" the plant's Redis
// instances and their analytics.
class CachePage final : public QWidget
{
    Q_OBJECT

public:
    explicit CachePage(opsdeck::Engine* engine, QWidget* parent = nullptr);

    QTabWidget* tabs() const { return m_tabs; }
    OpsDeckCacheTab* ownCacheTab() const { return m_own; }

private:
    QTabWidget* m_tabs = nullptr;
    OpsDeckCacheTab* m_own = nullptr;
};
