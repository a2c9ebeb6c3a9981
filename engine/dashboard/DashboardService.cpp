#include "DashboardService.h"

#include "Clock.h"

#include "DashboardLog.h"
#include "DashboardRepository.h"
#include "query/DataSourceRegistry.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/StateWriter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRegularExpression>
#include <QSqlQuery>

#include <utility>

namespace opsdeck::dashboard {

namespace {

struct Loaded
{
    std::optional<DashboardDefinition> dashboard;
    QString error;
};

struct Added
{
    std::optional<qint64> id;
    QString error;
};

QString notRunning()
{
    return QCoreApplication::translate("opsdeck::dashboard::DashboardService", "The engine is not running.");
}

} // namespace

DashboardService::DashboardService(storage::Database* database, storage::StateWriter* writer,
    const query::DataSourceRegistry* sources, const scrape::ScrapeManager* rounds, const Clock* clock,
    QObject* parent)
    : QObject(parent)
    , m_database(database)
    , m_writer(writer)
    , m_clock(clock)
    , m_sources(sources)
    , m_rounds(rounds)
{ }

std::optional<DashboardDefinition> DashboardService::firstDashboard(QString* error) const
{
    if (!m_database || !m_database->isOpen())
        return std::nullopt;
    DashboardRepository repository(*m_database);
    const auto list = repository.list();
    if (!list) {
        if (error)
            *error = repository.lastError();
        return std::nullopt;
    }
    if (list->isEmpty())
        return std::nullopt;
    return list->first();
}

void DashboardService::loadOrCreateDefault(QObject* context, DashboardDone done)
{
    if (!m_writer)
        return done(std::nullopt, notRunning());
    m_writer->run<Loaded>(
        [](storage::Database& database) {
            DashboardRepository repository(database);
            bool created = false;
            {
                QSqlQuery count(database.connection());
                created = count.exec(QStringLiteral("SELECT count(*) FROM dashboards")) && count.next()
                    && count.value(0).toLongLong() == 0;
            }
            auto dashboard = repository.loadOrCreateDefault();
            if (dashboard && created)
                storage::notifyStateChange(database, storage::topic::kDashboards);
            return Loaded { dashboard, dashboard ? QString() : repository.lastError() };
        },
        context, [done = std::move(done)](Loaded result) { done(result.dashboard, result.error); });
}

void DashboardService::addPanel(const PanelDefinition& panel, QObject* context, AddDone done)
{
    if (!m_writer)
        return done(std::nullopt, notRunning());
    m_writer->run<Added>(
        [panel](storage::Database& database) {
            DashboardRepository repository(database);
            Added result;
            result.id = repository.addPanel(panel);
            if (!result.id)
                result.error = repository.lastError();
            else
                storage::notifyStateChange(database, storage::topic::kDashboards);
            return result;
        },
        context, [done = std::move(done)](Added result) { done(result.id, result.error); });
}

void DashboardService::updatePanel(const PanelDefinition& panel, QObject* context, Done done)
{
    write([panel](DashboardRepository& r) { return r.updatePanel(panel); }, context, std::move(done));
}

void DashboardService::removePanel(qint64 panelId, QObject* context, Done done)
{
    write([panelId](DashboardRepository& r) { return r.removePanel(panelId); }, context, std::move(done));
}

void DashboardService::reorder(
    qint64 dashboardId, const QList<qint64>& panelIdsInOrder, QObject* context, Done done)
{
    write(
        [dashboardId, panelIdsInOrder](DashboardRepository& r) { return r.reorder(dashboardId, panelIdsInOrder); },
        context, std::move(done));
}

void DashboardService::write(std::function<bool(DashboardRepository&)> change, QObject* context, Done done)
{
    if (!m_writer)
        return done(notRunning());
    m_writer->run<QString>(
        [change = std::move(change)](storage::Database& database) {
            DashboardRepository repository(database);
            if (!change(repository))
                return repository.lastError();
            storage::notifyStateChange(database, storage::topic::kDashboards);
            return QString();
        },
        context, std::move(done));
}

void DashboardService::setDataSource(qint64 dashboardId, const QString& dataSource, QObject* context, Done done)
{
    write([dashboardId, dataSource](
              DashboardRepository& repository) { return repository.setDataSource(dashboardId, dataSource); },
        context, std::move(done));
}

LiveQueryFeed* DashboardService::createFeed(QObject* parent, const QString& dataSource) const
{
    const bool local = query::DataSourceRegistry::isLocalName(dataSource);
    auto* feed
        = new LiveQueryFeed(m_sources ? m_sources->resolve(dataSource) : nullptr, LiveQueryFeedOptions {}, parent);
    if (m_rounds && local)
        followScrapeRounds(*feed, *m_rounds);
    return feed;
}

void DashboardService::recordView(const DashboardView& view)
{
    if (!m_writer || view.dashboardId <= 0)
        return;
    const qint64 now = m_clock ? m_clock->nowMs() : QDateTime::currentMSecsSinceEpoch();
    const QString key = QStringLiteral("%1|%2|%3|%4|%5")
                            .arg(view.dashboardId)
                            .arg(view.dataSource)
                            .arg(view.rangeMs)
                            .arg(view.hostFilter)
                            .arg(now / 3'600'000);
    if (m_recordedViews.contains(key))
        return;
    m_recordedViews.insert(key);
    m_writer->post([record = DashboardViewRecord { now, view }](storage::Database& db) {
        DashboardUsage usage(db);
        if (!usage.record(record))
            qCWarning(lcDashboard) << "cannot record a dashboard view:" << usage.lastError();
    });
}

QString DashboardService::validate(const PanelDefinition& panel)
{
    return DashboardRepository::validate(panel);
}

QList<LiveQuery> DashboardService::liveQueries(const QList<PanelDefinition>& panels, const QString& hostFilter)
{
    // The filter matches one instance label exactly; empty means every host.
    const QString regex = hostFilter.isEmpty() ? QString() : QRegularExpression::escape(hostFilter);
    QList<LiveQuery> out;
    out.reserve(panels.size());
    for (const PanelDefinition& d : panels)
        out.append(LiveQuery { quint64(d.id), expandHostVariable(d.query, regex) });
    return out;
}

} // namespace opsdeck::dashboard
