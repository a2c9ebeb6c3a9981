#include "Engine.h"

#include "metrics/SeriesStore.h"
#include "storage/Database.h"
#include "storage/ScrapeTargetRepository.h"
#include "storage/StateWriter.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcEngine, "opsdeck.engine")

namespace opsdeck {

Engine::Engine(EngineOptions options, QObject* parent)
    : QObject(parent), m_options(std::move(options))
{
}

Engine::~Engine()
{
    // The scrape thread writes to the store: stop it first. Pending state
    // writes finish before the writer's connection closes.
    m_scrape.reset();
    m_store.reset();
    m_stateWriter.reset();
}

bool Engine::start()
{
    QString dir = m_options.dataDirectory;
    if (dir.isEmpty())
        dir = storage::Database::defaultDirectory();
    if (dir.isEmpty()) {
        m_error = tr("Cannot create the data folder for OpsDeck's state database.");
        return false;
    }
    auto database = std::make_unique<storage::Database>();
    if (!database->open(dir)) {
        m_error = database->lastError();
        return false;
    }
    storage::ScrapeTargetRepository targets(*database);
    const auto stored = targets.list();
    if (!stored) {
        m_error = targets.lastError();
        return false;
    }

    auto writer = std::make_unique<storage::StateWriter>(*database);
    if (!writer->isOpen()) {
        m_error = writer->errorString();
        return false;
    }

    m_database = std::move(database);
    m_stateWriter = std::move(writer);
    m_store = std::make_unique<metrics::SeriesStore>();
    scrape::ScrapeManagerOptions scrapeOptions;
    scrapeOptions.localSource = m_options.localSource;
    m_scrape = std::make_unique<scrape::ScrapeManager>(m_store.get(), scrapeOptions);

    QList<scrape::ScrapeTarget> enabled;
    for (const scrape::ScrapeTarget& t : *stored) {
        if (t.enabled)
            enabled.append(t);
    }
    m_scrape->setTargets(enabled);
    qCInfo(lcEngine) << "engine started with state in" << m_database->filePath() << "and" << enabled.size()
                     << "enabled targets";
    return true;
}

} // namespace opsdeck
