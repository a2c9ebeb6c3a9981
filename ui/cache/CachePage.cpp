#include "cache/CachePage.h"

#include "cache/OpsDeckCacheTab.h"
#include "Engine.h"
#include "shell/PlaceholderPage.h"

#include <QTabWidget>
#include <QVBoxLayout>

CachePage::CachePage(opsdeck::Engine* engine, QWidget* parent)
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
    m_tabs->addTab(
        new PlaceholderPage(tr("Redis servers"),
            tr("Hit ratio, memory, evictions, latency, slow log and biggest keys of the plant's Redis "
               "servers, with recommendations."),
            tr("Meanwhile, `opsdeck cache inspect redis://HOST:PORT` prints the same analysis."), m_tabs),
        tr("Redis servers"));
    layout->addWidget(m_tabs);
}
