#pragma once

#include <QWidget>

class ConsoleSettings;
class OpsDeckCacheTab;
class QTabWidget;
class RedisServersTab;

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
    // settings (may be null) keeps the Redis servers tab's instances.
    CachePage(opsdeck::Engine* engine, ConsoleSettings* settings, QWidget* parent = nullptr);

    QTabWidget* tabs() const { return m_tabs; }
    OpsDeckCacheTab* ownCacheTab() const { return m_own; }
    RedisServersTab* redisTab() const { return m_redis; }

private:
    QTabWidget* m_tabs = nullptr;
    OpsDeckCacheTab* m_own = nullptr;
    RedisServersTab* m_redis = nullptr;
};
