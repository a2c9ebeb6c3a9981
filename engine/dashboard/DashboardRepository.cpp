#include "dashboard/DashboardRepository.h"

#include "query/QueryEngine.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/StorageLog.h"
#include "storage/WriteTransaction.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace opsdeck::dashboard {

using storage::describeSqlError;
using storage::failWith;
using storage::nonNull;

namespace {

constexpr int kMaxTitleLength = 200;
constexpr int kMaxQueryLength = 4096;
constexpr int kMaxLegendLength = 500;

} // namespace

DashboardRepository::DashboardRepository(storage::Database& db)
    : m_database(db)
{ }

QString DashboardRepository::lastError() const
{
    return m_lastError;
}

QString DashboardRepository::validate(const PanelDefinition& panel)
{
    if (panel.title.trimmed().isEmpty())
        return tr("the panel has no title");
    if (panel.title.size() > kMaxTitleLength)
        return tr("the title is longer than %1 characters").arg(kMaxTitleLength);
    if (panel.query.trimmed().isEmpty())
        return tr("the panel has no query");
    if (panel.query.size() > kMaxQueryLength)
        return tr("the query is longer than %1 characters").arg(kMaxQueryLength);
    if (panel.legend.size() > kMaxLegendLength)
        return tr("the legend is longer than %1 characters").arg(kMaxLegendLength);
    if (!panel.unit.isEmpty() && !knownUnits().contains(panel.unit))
        return tr("unknown unit \"%1\"").arg(panel.unit);
    // Checked as it will run, with "$host" standing for all hosts.
    const QString parseError = query::QueryEngine::check(expandHostVariable(panel.query, QStringLiteral(".+")));
    if (!parseError.isEmpty())
        return tr("the query does not parse: %1").arg(parseError);
    return {};
}

std::optional<QList<PanelDefinition>> DashboardRepository::panelsOf(qint64 dashboardId) const
{
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT id, dashboard_id, position, title, query, unit, legend"
                                 " FROM dashboard_panels WHERE dashboard_id = ? ORDER BY position, id"));
    query.addBindValue(dashboardId);
    if (!query.exec()) {
        failWith(m_lastError,
            QStringLiteral("cannot read the panels of dashboard %1 from %2: %3")
                .arg(QString::number(dashboardId), m_database.filePath(), describeSqlError(query.lastError())));
        return std::nullopt;
    }
    QList<PanelDefinition> panels;
    while (query.next()) {
        PanelDefinition p;
        p.id = query.value(0).toLongLong();
        p.dashboardId = query.value(1).toLongLong();
        p.position = int(panels.size()); // dense even if a crash left a hole
        p.title = query.value(3).toString();
        p.query = query.value(4).toString();
        p.unit = query.value(5).toString();
        p.legend = query.value(6).toString();
        panels.append(std::move(p));
    }
    if (query.lastError().isValid()) {
        failWith(m_lastError,
            QStringLiteral("cannot read the panels of dashboard %1 from %2: %3")
                .arg(QString::number(dashboardId), m_database.filePath(), describeSqlError(query.lastError())));
        return std::nullopt;
    }
    return panels;
}

std::optional<QList<DashboardDefinition>> DashboardRepository::list() const
{
    m_lastError.clear();
    const QSqlDatabase db = m_database.connection();
    if (!db.isValid()) {
        failWith(m_lastError, QStringLiteral("cannot list dashboards: ") + m_database.lastError());
        return std::nullopt;
    }
    QList<DashboardDefinition> dashboards;
    {
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.exec(QStringLiteral("SELECT id, name, data_source FROM dashboards ORDER BY position, id"))) {
            failWith(m_lastError,
                QStringLiteral("cannot list dashboards in %1: %2")
                    .arg(m_database.filePath(), describeSqlError(query.lastError())));
            return std::nullopt;
        }
        while (query.next())
            dashboards.append(DashboardDefinition {
                query.value(0).toLongLong(), query.value(1).toString(), {}, query.value(2).toString() });
    }
    for (DashboardDefinition& d : dashboards) {
        auto panels = panelsOf(d.id);
        if (!panels)
            return std::nullopt;
        d.panels = std::move(*panels);
    }
    return dashboards;
}

bool DashboardRepository::setDataSource(qint64 dashboardId, const QString& dataSource)
{
    m_lastError.clear();
    QSqlQuery query(m_database.connection());
    QString error;
    if (!storage::runQuery(query, QStringLiteral("UPDATE dashboards SET data_source = ? WHERE id = ?"),
            { nonNull(dataSource), dashboardId }, &error))
        return failWith(m_lastError,
            QStringLiteral("cannot set the data source of dashboard %1: %2").arg(dashboardId).arg(error));
    if (query.numRowsAffected() == 0)
        return failWith(m_lastError, QStringLiteral("there is no dashboard with id %1").arg(dashboardId));
    return true;
}

std::optional<DashboardDefinition> DashboardRepository::loadOrCreateDefault()
{
    auto existing = list();
    if (!existing)
        return std::nullopt;
    if (!existing->isEmpty())
        return existing->constFirst();

    bool createdElsewhere = false;
    auto created = createDefault(&createdElsewhere);
    if (!createdElsewhere)
        return created;
    // Another connection created one between list() and the write lock; its
    // transaction is over (rolled back) before this reads again.
    existing = list();
    if (!existing || existing->isEmpty())
        return std::nullopt;
    return existing->constFirst();
}

std::optional<DashboardDefinition> DashboardRepository::createDefault(bool* createdElsewhere)
{
    const QString context
        = QStringLiteral("cannot create the default dashboard in %1: ").arg(m_database.filePath());
    storage::WriteTransaction transaction(m_database);
    if (!transaction.isActive()) {
        failWith(m_lastError, context + m_database.lastError());
        return std::nullopt;
    }
    {
        QSqlQuery query(m_database.connection());
        if (query.exec(QStringLiteral("SELECT COUNT(*) FROM dashboards")) && query.next()
            && query.value(0).toLongLong() > 0) {
            *createdElsewhere = true;
            return std::nullopt;
        }
    }
    DashboardDefinition created;
    created.name = tr("Hosts");
    {
        QSqlQuery query(m_database.connection());
        query.prepare(
            QStringLiteral("INSERT INTO dashboards (name, position, created_ms) VALUES (?, 0, ?) RETURNING id"));
        query.addBindValue(created.name);
        query.addBindValue(QDateTime::currentMSecsSinceEpoch());
        if (!query.exec()) {
            const QString error = describeSqlError(query.lastError());
            failWith(m_lastError, context + error);
            return std::nullopt;
        }
        created.id = storage::insertedId(query);
    }
    const QList<PanelDefinition> defaults = defaultHostPanels();
    for (int i = 0; i < defaults.size(); ++i) {
        PanelDefinition p = defaults.at(i);
        p.dashboardId = created.id;
        p.position = i;
        QSqlQuery query(m_database.connection());
        query.prepare(
            QStringLiteral("INSERT INTO dashboard_panels (dashboard_id, position, title, query, unit, legend)"
                           " VALUES (?, ?, ?, ?, ?, ?) RETURNING id"));
        query.addBindValue(p.dashboardId);
        query.addBindValue(p.position);
        query.addBindValue(p.title);
        query.addBindValue(p.query);
        query.addBindValue(nonNull(p.unit));
        query.addBindValue(nonNull(p.legend));
        if (!query.exec()) {
            const QString error = describeSqlError(query.lastError());
            failWith(m_lastError, context + error);
            return std::nullopt;
        }
        p.id = storage::insertedId(query);
        created.panels.append(p);
    }
    if (!transaction.commit()) {
        failWith(m_lastError, context + m_database.lastError());
        return std::nullopt;
    }
    qCInfo(storage::lcStorage).noquote()
        << QStringLiteral("created dashboard \"%1\" (id %2) with %3 panels")
               .arg(created.name, QString::number(created.id), QString::number(created.panels.size()));
    return created;
}

std::optional<qint64> DashboardRepository::addPanel(const PanelDefinition& panel)
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot add panel \"%1\": ").arg(panel.title);
    if (const QString invalid = validate(panel); !invalid.isEmpty()) {
        failWith(m_lastError, context + invalid);
        return std::nullopt;
    }
    storage::WriteTransaction transaction(m_database);
    if (!transaction.isActive()) {
        failWith(m_lastError, context + m_database.lastError());
        return std::nullopt;
    }
    auto panels = panelsOf(panel.dashboardId);
    if (!panels) {
        failWith(m_lastError, context + m_lastError);
        return std::nullopt;
    }
    {
        QSqlQuery exists(m_database.connection());
        exists.prepare(QStringLiteral("SELECT 1 FROM dashboards WHERE id = ?"));
        exists.addBindValue(panel.dashboardId);
        if (!exists.exec() || !exists.next()) {
            failWith(m_lastError, context + QStringLiteral("no dashboard with id %1").arg(panel.dashboardId));
            return std::nullopt;
        }
    }
    const int count = int(panels->size());
    const int position = panel.position < 0 || panel.position > count ? count : panel.position;
    qint64 id = 0;
    {
        QSqlQuery query(m_database.connection());
        query.prepare(
            QStringLiteral("INSERT INTO dashboard_panels (dashboard_id, position, title, query, unit, legend)"
                           " VALUES (?, ?, ?, ?, ?, ?) RETURNING id"));
        query.addBindValue(panel.dashboardId);
        query.addBindValue(position);
        query.addBindValue(panel.title);
        query.addBindValue(panel.query);
        query.addBindValue(nonNull(panel.unit));
        query.addBindValue(nonNull(panel.legend));
        if (!query.exec()) {
            const QString error = describeSqlError(query.lastError());
            failWith(m_lastError, context + error);
            return std::nullopt;
        }
        id = storage::insertedId(query);
    }
    // Insert in the middle: the others move down one place.
    QList<qint64> order;
    for (const PanelDefinition& p : std::as_const(*panels))
        order.append(p.id);
    order.insert(position, id);
    if (!renumber(panel.dashboardId, order)) {
        failWith(m_lastError, context + m_lastError);
        return std::nullopt;
    }
    if (!transaction.commit()) {
        failWith(m_lastError, context + m_database.lastError());
        return std::nullopt;
    }
    return id;
}

bool DashboardRepository::updatePanel(const PanelDefinition& panel)
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot update panel %1 \"%2\": ").arg(panel.id).arg(panel.title);
    if (panel.id <= 0)
        return failWith(m_lastError, context + QStringLiteral("it was never saved (id %1)").arg(panel.id));
    if (const QString invalid = validate(panel); !invalid.isEmpty())
        return failWith(m_lastError, context + invalid);
    storage::WriteTransaction transaction(m_database);
    if (!transaction.isActive())
        return failWith(m_lastError, context + m_database.lastError());
    // Title, query, unit and legend; the place in the grid changes through reorder().
    QSqlQuery query(m_database.connection());
    query.prepare(
        QStringLiteral("UPDATE dashboard_panels SET title = ?, query = ?, unit = ?, legend = ? WHERE id = ?"));
    query.addBindValue(panel.title);
    query.addBindValue(panel.query);
    query.addBindValue(nonNull(panel.unit));
    query.addBindValue(nonNull(panel.legend));
    query.addBindValue(panel.id);
    if (!query.exec()) {
        const QString error = describeSqlError(query.lastError());
        return failWith(m_lastError, context + error);
    }
    if (query.numRowsAffected() != 1)
        return failWith(m_lastError, context + QStringLiteral("no panel with id %1").arg(panel.id));
    query.finish();
    if (!transaction.commit())
        return failWith(m_lastError, context + m_database.lastError());
    return true;
}

bool DashboardRepository::removePanel(qint64 panelId)
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot remove panel %1: ").arg(panelId);
    storage::WriteTransaction transaction(m_database);
    if (!transaction.isActive())
        return failWith(m_lastError, context + m_database.lastError());
    qint64 dashboardId = 0;
    {
        QSqlQuery query(m_database.connection());
        query.prepare(QStringLiteral("SELECT dashboard_id FROM dashboard_panels WHERE id = ?"));
        query.addBindValue(panelId);
        if (!query.exec() || !query.next()) {
            const QString error = query.lastError().isValid() ? describeSqlError(query.lastError())
                                                              : QStringLiteral("no panel with id %1").arg(panelId);
            return failWith(m_lastError, context + error);
        }
        dashboardId = query.value(0).toLongLong();
    }
    {
        QSqlQuery query(m_database.connection());
        query.prepare(QStringLiteral("DELETE FROM dashboard_panels WHERE id = ?"));
        query.addBindValue(panelId);
        if (!query.exec()) {
            const QString error = describeSqlError(query.lastError());
            return failWith(m_lastError, context + error);
        }
    }
    // Close the gap so positions stay 0..n-1.
    auto panels = panelsOf(dashboardId);
    QList<qint64> order;
    if (panels) {
        for (const PanelDefinition& p : std::as_const(*panels))
            order.append(p.id);
    }
    if (!panels || !renumber(dashboardId, order))
        return failWith(m_lastError, context + m_lastError);
    if (!transaction.commit())
        return failWith(m_lastError, context + m_database.lastError());
    return true;
}

bool DashboardRepository::reorder(qint64 dashboardId, const QList<qint64>& panelIdsInOrder)
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot reorder the panels of dashboard %1: ").arg(dashboardId);
    storage::WriteTransaction transaction(m_database);
    if (!transaction.isActive())
        return failWith(m_lastError, context + m_database.lastError());
    auto panels = panelsOf(dashboardId);
    if (!panels)
        return failWith(m_lastError, context + m_lastError);
    // The new order must name every panel of the dashboard exactly once.
    QSet<qint64> stored;
    for (const PanelDefinition& p : std::as_const(*panels))
        stored.insert(p.id);
    const QSet<qint64> given(panelIdsInOrder.cbegin(), panelIdsInOrder.cend());
    if (given.size() != panelIdsInOrder.size() || given != stored) {
        return failWith(m_lastError,
            context
                + QStringLiteral("the new order names %1 panels, the dashboard has %2 (each exactly once)")
                      .arg(panelIdsInOrder.size())
                      .arg(stored.size()));
    }
    if (!renumber(dashboardId, panelIdsInOrder))
        return failWith(m_lastError, context + m_lastError);
    if (!transaction.commit())
        return failWith(m_lastError, context + m_database.lastError());
    return true;
}

bool DashboardRepository::renumber(qint64 dashboardId, const QList<qint64>& panelIdsInOrder)
{
    // Inside the caller's write transaction.
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("UPDATE dashboard_panels SET position = ? WHERE id = ? AND dashboard_id = ?"));
    for (int i = 0; i < panelIdsInOrder.size(); ++i) {
        query.addBindValue(i);
        query.addBindValue(panelIdsInOrder.at(i));
        query.addBindValue(dashboardId);
        if (!query.exec()) {
            m_lastError = describeSqlError(query.lastError());
            return false;
        }
    }
    return true;
}

} // namespace opsdeck::dashboard
