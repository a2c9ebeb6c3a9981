#include "cache/CachePage.h"

#include "cache/OpsDeckCacheTab.h"
#include "cache/RedisServersTab.h"
#include "Engine.h"
#include "settings/ConsoleSettings.h"

#include <QTabWidget>
#include <QVBoxLayout>

CachePage::CachePage(opsdeck::Engine* engine, ConsoleSettings* settings, QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("cacheTabs"));
    m_tabs->setDocumentMode(true);
    m_own = new OpsDeckCacheTab(
        engine ? engine->cacheService() : nullptr, engine ? engine->dashboardWarmer() : nullptr, m_tabs);
    m_tabs->addTab(m_own, tr("OpsDeck cache"));
    m_redis = new RedisServersTab(m_tabs);
    m_tabs->addTab(m_redis, tr("Redis servers"));
    if (settings) {
        QList<RedisInstance> instances;
        for (const QString& entry : settings->value(ConsoleSettings::Key::CacheRedisInstances).toStringList()) {
            const QStringList parts = entry.split(QLatin1Char('	'));
            instances.append({ parts.value(0), parts.value(1) });
        }
        m_redis->setInstances(instances);
        connect(m_redis, &RedisServersTab::instancesChanged, this, [this, settings] {
            QStringList entries;
            for (const RedisInstance& i : m_redis->instances())
                entries.append(i.url + QLatin1Char('	') + i.passwordFile);
            settings->setValue(ConsoleSettings::Key::CacheRedisInstances, entries);
        });
    }
    layout->addWidget(m_tabs);
}
