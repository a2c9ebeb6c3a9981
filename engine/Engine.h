#pragma once

#include "alerts/AlertTypes.h"
#include "capacity/RollupWriter.h"
#include "scrape/ScrapeManager.h"

#include <QHash>
#include <QMap>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace opsdeck {
class AlertService;
class Clock;
}
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
//
// Target management (addTarget/updateTarget/removeTarget) is the one way the
// console edits scrape targets: it validates at once, persists through the
// state writer (never blocking the caller on SQLite), and only after the row
// is stored applies the change to the scrape manager, so what is scraped is
// always what survives a restart. It must never apply a change it could not
// store. Call these on the engine's thread.
namespace opsdeck {

struct EngineOptions
{
    QString dataDirectory; // where opsdeck.sqlite lives; empty = storage::Database::defaultDirectory()
    scrape::LocalSourceMode localSource = scrape::LocalSourceMode::WhenNoTargets;
    // Receivers, routes, inhibition, escalation (headless: from its config file).
    alerts::AlertingConfig alerting{};
    const Clock* clock = nullptr; // nullptr = SystemClock (alerting's timings)
    // Headless with a config file: scrape these instead of the stored targets
    // (which stay untouched); they get in-memory ids 1..n.
    std::optional<QList<scrape::ScrapeTarget>> targets{};
    // Capacity history: minute/hour rollups of the capacity series (issue 5).
    capacity::RollupOptions rollups{};
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
    // Rules, alerts, silences and notifications (after start()).
    AlertService* alertService() const { return m_alerts.get(); }
    // Writes capacity rollups once a minute (after start(); null before).
    capacity::RollupWriter* rollupWriter() const { return m_rollups.get(); }

    // done(id, error) runs on context's thread (dropped when context is gone):
    // id is the target's repository id and error empty on success; on failure
    // id is 0 and error says what is wrong in plain words, and nothing was
    // stored or applied. Bad input is refused before anything is written.
    using TargetDone = std::function<void(qint64 id, QString error)>;
    void addTarget(const scrape::ScrapeTarget& target, QObject* context, TargetDone done);
    // Replaces the stored target with target.id. A disabled target stays
    // stored but is not scraped.
    void updateTarget(const scrape::ScrapeTarget& target, QObject* context, TargetDone done);
    void removeTarget(qint64 id, QObject* context, TargetDone done);

    // The stored targets as last written (enabled or not), ordered by id.
    QList<scrape::ScrapeTarget> targets() const;
    std::optional<scrape::ScrapeTarget> target(qint64 id) const;
    // The scrape manager's key for a stored target (0 when not scraped: disabled or unknown).
    scrape::TargetKey scrapeKey(qint64 id) const { return m_keys.value(id, 0); }
    // Empty when target could be added (or, with exceptId, replace that
    // target): validate() and the duplicate check, in the operator's words.
    QString checkTarget(const scrape::ScrapeTarget& target, qint64 exceptId = 0) const;

signals:
    // A target was added, changed or removed (after it was stored and applied).
    void targetsEdited();

private:
    void applyStored(const scrape::ScrapeTarget& target);
    void applyRemoved(qint64 id);
    void finishEdit(QObject* context, const TargetDone& done, qint64 id, const QString& error);

    EngineOptions m_options;
    QString m_error;
    std::unique_ptr<storage::Database> m_database;
    std::unique_ptr<storage::StateWriter> m_stateWriter;
    std::unique_ptr<metrics::SeriesStore> m_store;
    std::unique_ptr<scrape::ScrapeManager> m_scrape;
    std::unique_ptr<AlertService> m_alerts;
    std::unique_ptr<capacity::RollupWriter> m_rollups;
    QMap<qint64, scrape::ScrapeTarget> m_targets; // stored targets by repository id
    QHash<qint64, scrape::TargetKey> m_keys; // repository id -> scrape manager key (enabled targets only)
};

} // namespace opsdeck
