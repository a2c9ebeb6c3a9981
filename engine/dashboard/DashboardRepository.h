#pragma once

#include "dashboard/PanelDefinition.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

// Persists dashboards and their panels (tables dashboards, dashboard_panels,
// schema version 3): title, query, unit, legend and the panel order.
//
// Used on the thread that opened its Database (from the GUI, through
// StateWriter for writes). Every call reports failure (nullopt / false) with
// the reason in lastError(), logged under "opsdeck.storage"; it must never
// store a panel without a title or query, with a query that does not parse,
// or with an unknown unit, and never leave positions with holes or duplicates.
namespace opsdeck::storage {
class Database;
}

namespace opsdeck::dashboard {

class DashboardRepository final
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::dashboard::DashboardRepository)

public:
    explicit DashboardRepository(storage::Database& db);

    std::optional<QList<DashboardDefinition>> list() const; // with panels, ordered
    // Returns the first dashboard, creating "Hosts" with defaultHostPanels() when none exists.
    std::optional<DashboardDefinition> loadOrCreateDefault();
    std::optional<qint64> addPanel(const PanelDefinition& panel); // appended at the end when position < 0
    bool updatePanel(const PanelDefinition& panel);
    bool removePanel(qint64 panelId);
    bool reorder(qint64 dashboardId, const QList<qint64>& panelIdsInOrder);
    // "" = this engine; the name is not checked against the configured sources
    // (a missing one shows as an error on every panel).
    bool setDataSource(qint64 dashboardId, const QString& dataSource);
    QString lastError() const;

    // Empty when the panel may be stored, else what is wrong with it in plain words.
    static QString validate(const PanelDefinition& panel);

private:
    // One write transaction; nullopt with *createdElsewhere set when another
    // connection created a dashboard first.
    std::optional<DashboardDefinition> createDefault(bool* createdElsewhere);
    std::optional<QList<PanelDefinition>> panelsOf(qint64 dashboardId) const;
    bool renumber(qint64 dashboardId, const QList<qint64>& panelIdsInOrder);

    storage::Database& m_database;
    mutable QString m_lastError;
};

} // namespace opsdeck::dashboard
