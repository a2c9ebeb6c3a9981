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

class DashboardRepository final
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::storage::DashboardRepository)

public:
    explicit DashboardRepository(Database& db);

    std::optional<QList<dashboard::DashboardDefinition>> list() const; // with panels, ordered
    // Returns the first dashboard, creating "Hosts" with defaultHostPanels() when none exists.
    std::optional<dashboard::DashboardDefinition> loadOrCreateDefault();
    std::optional<qint64> addPanel(const dashboard::PanelDefinition& panel); // appended at the end when position < 0
    bool updatePanel(const dashboard::PanelDefinition& panel);
    bool removePanel(qint64 panelId);
    bool reorder(qint64 dashboardId, const QList<qint64>& panelIdsInOrder);
    QString lastError() const;

    // Empty when the panel may be stored, else what is wrong with it in plain words.
    static QString validate(const dashboard::PanelDefinition& panel);

private:
    bool fail(const QString& what) const;
    std::optional<QList<dashboard::PanelDefinition>> panelsOf(qint64 dashboardId) const;
    bool renumber(qint64 dashboardId, const QList<qint64>& panelIdsInOrder);

    Database& m_database;
    mutable QString m_lastError;
};

} // namespace opsdeck::storage
