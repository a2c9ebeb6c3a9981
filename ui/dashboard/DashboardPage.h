#pragma once

#include "dashboard/LiveQueryFeed.h"
#include "dashboard/PanelDefinition.h"

#include <QList>
#include <QWidget>

class ChartPanel;
class PanelEditorDialog;
class QComboBox;
class QGridLayout;
class QLabel;
class QScrollArea;

namespace opsdeck {
class Engine;
}
namespace opsdeck::dashboard {
class DashboardService;
}

// The live dashboard: a scrollable grid of ChartPanels (3 columns from
// 1400 px, 2 from 900 px, else 1) for the stored dashboard, fed by a
// LiveQueryFeed. The main window drives host filter, time range and pause;
// panels are added, edited, moved and removed here and persisted by the
// engine's DashboardService, so the GUI thread never waits on a write.
class DashboardPage : public QWidget
{
    Q_OBJECT

public:
    explicit DashboardPage(opsdeck::Engine* engine, QWidget* parent = nullptr);
    ~DashboardPage() override;

    QList<ChartPanel*> panels() const { return m_panels; }
    opsdeck::dashboard::LiveQueryFeed* feed() const { return m_feed; }
    QList<opsdeck::dashboard::LiveQuery> queries() const { return m_queries; } // as last sent
    QString hostFilter() const { return m_hostFilter; }
    qint64 timeRangeMs() const { return m_rangeMs; }
    bool isPaused() const { return m_paused; }
    int columnCount() const { return m_columns; }
    bool isLoaded() const { return m_loaded; }
    int pendingWrites() const { return m_pendingWrites; }
    // The data source the dashboard's panels query ("" = this engine).
    QString dataSource() const { return m_dashboard.dataSource; }

    // Opens the panel editor without blocking (null panel = a new one) and returns it.
    PanelEditorDialog* openEditor(ChartPanel* panel);

public slots:
    void setHostFilter(const QString& instance); // empty = all hosts
    void setTimeRange(qint64 rangeMs);
    void setPaused(bool paused);
    void addPanel();
    // Stores the dashboard's data source and switches its panels to it.
    void setDataSource(const QString& name);

signals:
    // The set, order or definition of panels changed on screen.
    void panelsChanged();
    // A state-writer job finished; error empty when it was stored.
    void writeFinished(const QString& error);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void setDashboard(const opsdeck::dashboard::DashboardDefinition& dashboard);
    ChartPanel* createPanel(const opsdeck::dashboard::PanelDefinition& definition);
    void relayout(bool force = false);
    void sendQueries();
    void recordView(); // for the cache warmer: which view is open now
    void applyUpdates(const QList<opsdeck::dashboard::PanelUpdate>& updates);
    void movePanel(ChartPanel* panel, int delta);
    void removePanel(ChartPanel* panel);
    void editFinished(ChartPanel* panel, const opsdeck::dashboard::PanelDefinition& definition);
    void persistOrder();
    void writeDone(const QString& error);
    void flushVisible();
    void reportFirstChart();
    // A feed over the dashboard's data source (replacing the current one).
    void useFeed(const QString& dataSource);
    void fillSourceChoice();

    opsdeck::Engine* m_engine;
    opsdeck::dashboard::DashboardService* m_service = nullptr;
    opsdeck::dashboard::LiveQueryFeed* m_feed = nullptr;
    opsdeck::dashboard::DashboardDefinition m_dashboard;
    QList<ChartPanel*> m_panels;
    QList<opsdeck::dashboard::LiveQuery> m_queries;
    QString m_hostFilter;
    qint64 m_rangeMs = opsdeck::dashboard::LiveQueryFeed::kDefaultRangeMs;
    bool m_paused = false;
    bool m_loaded = false;
    bool m_reportFirstChart = false;
    int m_columns = 0;
    int m_pendingWrites = 0;

    QScrollArea* m_scroll = nullptr;
    QWidget* m_gridHost = nullptr;
    QGridLayout* m_grid = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_empty = nullptr;
    QComboBox* m_source = nullptr;
    QString m_feedSource; // the data source m_feed queries
};
