#pragma once

#include "DashboardUsage.h"
#include "LiveQueryFeed.h"
#include "PanelDefinition.h"

#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

#include <functional>
#include <optional>

namespace opsdeck {
class Clock;
}
namespace opsdeck::query {
class DataSourceRegistry;
}
namespace opsdeck::scrape {
class ScrapeManager;
}
namespace opsdeck::storage {
class Database;
class StateWriter;
} // namespace opsdeck::storage

// Dashboards as one service, what the Dashboard page (and any command) calls:
// the stored dashboards and their panels, edits persisted through the state
// writer (never blocking the caller on SQLite), the live feed over the
// engine's query source, and the panel queries for a host filter. The page
// renders and forwards clicks; it never touches a repository.
//
// Lives on the engine's thread; callbacks run on their context's thread and
// are dropped when the context is gone. It must never report an edit as done
// before it is stored.
namespace opsdeck::dashboard {

class DashboardRepository;

class DashboardService final : public QObject
{
    Q_OBJECT

public:
    // database: the engine thread's connection (start-up reads only); all may
    // be null in an engine that failed to start (every call then fails).
    // sources: the engine's data sources ("" = its local store, which rounds fills).
    // clock: the engine's (null = the system clock); the usage history is recorded on it.
    DashboardService(storage::Database* database, storage::StateWriter* writer,
        const query::DataSourceRegistry* sources, const scrape::ScrapeManager* rounds,
        const Clock* clock = nullptr, QObject* parent = nullptr);

    // The first stored dashboard, read at once on the caller's connection:
    // nullopt when there is none or it cannot be read (then error says why).
    std::optional<DashboardDefinition> firstDashboard(QString* error = nullptr) const;

    using DashboardDone = std::function<void(std::optional<DashboardDefinition> dashboard, QString error)>;
    using AddDone = std::function<void(std::optional<qint64> id, QString error)>;
    using Done = std::function<void(QString error)>; // empty error = stored

    // The first dashboard, creating "Hosts" with defaultHostPanels() when none exists.
    void loadOrCreateDefault(QObject* context, DashboardDone done);
    // Appended at the end when panel.position < 0.
    void addPanel(const PanelDefinition& panel, QObject* context, AddDone done);
    void updatePanel(const PanelDefinition& panel, QObject* context, Done done);
    void removePanel(qint64 panelId, QObject* context, Done done);
    void reorder(qint64 dashboardId, const QList<qint64>& panelIdsInOrder, QObject* context, Done done);
    // "" = this engine. Any name is stored; one that is not configured shows
    // as an error on every panel.
    void setDataSource(qint64 dashboardId, const QString& dataSource, QObject* context, Done done);

    // A live feed over a data source ("" = the engine's local store, and then
    // it follows its scrape rounds; a remote one is evaluated on the step
    // boundaries). An unknown name gives a feed whose panels show the error.
    LiveQueryFeed* createFeed(QObject* parent, const QString& dataSource = {}) const;

    // The operator opened this view (the dashboard page calls it when the
    // dashboard, its data source, the range or the host filter changes):
    // stored once per view and hour for the cache warmer (DashboardUsage).
    void recordView(const DashboardView& view);

    // Empty when the panel may be stored, else what is wrong with it in plain words.
    static QString validate(const PanelDefinition& panel);
    // The feed queries of panels for a host filter: $host becomes the exact
    // instance (escaped), or any host when the filter is empty.
    static QList<LiveQuery> liveQueries(const QList<PanelDefinition>& panels, const QString& hostFilter);

signals:
    // Another engine on the same PostgreSQL state changed the stored
    // dashboards (LISTEN/NOTIFY through Engine): reload what is shown.
    void storedDashboardsChanged();

private:
    // Runs change on the state writer; done gets the repository's error or "".
    void write(std::function<bool(DashboardRepository&)> change, QObject* context, Done done);
    QSet<QString> m_recordedViews; // "view|hour" stored by this engine

    storage::Database* m_database;
    storage::StateWriter* m_writer;
    const Clock* m_clock;
    const query::DataSourceRegistry* m_sources;
    const scrape::ScrapeManager* m_rounds;
};

} // namespace opsdeck::dashboard
