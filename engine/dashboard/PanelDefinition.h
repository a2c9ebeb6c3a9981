#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

// What a dashboard shows: an ordered list of panels, each one PromQL-subset
// query with a title, a unit and a legend template. Plain values shared by
// the repository (engine/dashboard/DashboardRepository), the live query feed
// and the UI. Must never hold evaluation state or anything thread-bound.
namespace opsdeck::dashboard {

struct PanelDefinition
{
    qint64 id = 0; // repository id, 0 until saved
    qint64 dashboardId = 0;
    int position = 0; // order in the grid, 0-based
    QString title; // "CPU by mode"
    QString query; // PromQL subset; "$host" is replaced by the host filter regex (".+" for all hosts)
    QString unit; // one of: "percent" (0..100), "ratio" (0..1), "bytes", "bytes/s", "seconds", "ops/s", "count",
                  // "" (plain number)
    QString legend; // label template for series names, e.g. "{{instance}} {{mode}}"; empty = all labels

    friend bool operator==(const PanelDefinition&, const PanelDefinition&) = default;
};

struct DashboardDefinition
{
    qint64 id = 0;
    QString name;
    QList<PanelDefinition> panels;
    QString dataSource {}; // the data source its panels query; "" = this engine
};

// The host overview every new installation starts with: CPU by mode, memory
// used/available, load, disk I/O, network I/O, filesystem use, over the
// node_exporter 1.5 names the in-process collector and opsdeck-agent expose.
// Ids are 0 and positions 0..n-1.
QList<PanelDefinition> defaultHostPanels();

// "$host" -> hostRegex (".+" when hostRegex is empty). The regex is inserted
// inside a double-quoted PromQL string, so backslashes and quotes in it are
// escaped.
QString expandHostVariable(const QString& query, const QString& hostRegex);

// The units a panel may declare (the list in PanelDefinition::unit).
const QList<QString>& knownUnits();

} // namespace opsdeck::dashboard

Q_DECLARE_METATYPE(opsdeck::dashboard::PanelDefinition)
Q_DECLARE_METATYPE(opsdeck::dashboard::DashboardDefinition)
