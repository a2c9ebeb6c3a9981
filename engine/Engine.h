#pragma once

#include "scrape/ScrapeManager.h"

#include <QObject>
#include <QString>

#include <memory>

namespace opsdeck::metrics {
class SeriesStore;
}
namespace opsdeck::storage {
class Database;
class StateWriter;
}

// The engine as one object: the state database, the series store and the
// scrape manager (with the embedded local source), built the same way for the
// console window, a headless service and tests. It assumes no window exists.
//
// Construct and start it on the thread that will own the database connection
// (the GUI thread in the console); scraping and store appends run on the
// scrape manager's own thread.
namespace opsdeck {

struct EngineOptions
{
    QString dataDirectory; // where opsdeck.sqlite lives; empty = storage::Database::defaultDirectory()
    scrape::LocalSourceMode localSource = scrape::LocalSourceMode::WhenNoTargets;
};

class Engine final : public QObject
{
    Q_OBJECT

public:
    explicit Engine(EngineOptions options = {}, QObject* parent = nullptr);
    ~Engine() override;

    // Opens the state database and starts scraping the stored targets (or the
    // local machine when there are none). False with errorString() on failure;
    // nothing stored is changed then.
    bool start();
    QString errorString() const { return m_error; }

    metrics::SeriesStore* store() const { return m_store.get(); }
    scrape::ScrapeManager* scrapeManager() const { return m_scrape.get(); }
    // The GUI thread's connection: reads at start-up only. Writes (and slow
    // reads) go through stateWriter(), which runs them on its own thread.
    storage::Database* database() const { return m_database.get(); }
    storage::StateWriter* stateWriter() const { return m_stateWriter.get(); }

private:
    EngineOptions m_options;
    QString m_error;
    std::unique_ptr<storage::Database> m_database;
    std::unique_ptr<storage::StateWriter> m_stateWriter;
    std::unique_ptr<metrics::SeriesStore> m_store;
    std::unique_ptr<scrape::ScrapeManager> m_scrape;
};

} // namespace opsdeck
