#pragma once

#include <QMainWindow>

#include <memory>

class AgentsPage;
class AlertsPage;
class CapacityPage;
class ConsoleSettings;
class DashboardPage;
class QComboBox;
class QLabel;
class QListWidget;
class QStackedWidget;
class QToolButton;
class SettingsPage;
class TrayIndicator;

namespace opsdeck {
class Engine;
namespace models {
class TargetStatusModel;
}
} // namespace opsdeck

// The console window: a navigation rail (Dashboard … Benchmarks, Settings;
// Ctrl+1…Ctrl+8), the page in the middle, a top bar with the host filter,
// time range, pause and the fleet's health, and a status bar with engine
// facts (UI.md). Pages whose feature has not landed say so. Geometry, last
// page, time range and host filter persist through ConsoleSettings.
//
// It only wires pages to the engine; it holds no business logic.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // settings null: the user's settings file (ConsoleSettings default).
    explicit MainWindow(opsdeck::Engine* engine, ConsoleSettings* settings = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Page ids, in rail order: "dashboard", "alerts", "cache", "capacity",
    // "scaling", "agents", "profiler", "benchmarks", "settings".
    QString currentPage() const;
    void showPage(const QString& id);

    TrayIndicator* trayIndicator() const { return m_tray; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    struct Page
    {
        QString id;
        QString title;
        QString icon;
        QWidget* widget;
    };

    QWidget* buildTopBar();
    void buildPages();
    void addPage(const QString& id, const QString& title, const QString& icon, QWidget* widget);
    void buildShortcuts();
    void restoreState();
    void saveState();
    struct FleetHealth
    {
        int up = 0;
        int down = 0;
        int total = 0;
        qint64 lastScrapeMs = 0;
    };
    FleetHealth fleetHealth() const;
    void updateHealth(); // top bar and tray, whenever targets change
    void updateAlertCount(); // top bar count coloured by the worst unacknowledged severity
    void applyAlertingConfig(const QString& path); // receivers and routes from a YAML file
    void updateStatusBar(); // engine figures, once a second
    void updateRemoteStatus(); // failing data sources and remote-write lag, with the figures
    void updateHostFilter();

    opsdeck::Engine* m_engine;
    std::unique_ptr<ConsoleSettings> m_ownedSettings;
    ConsoleSettings* m_settings;
    opsdeck::models::TargetStatusModel* m_targets;
    QList<Page> m_pages;
    QListWidget* m_rail = nullptr;
    QStackedWidget* m_stack = nullptr;
    DashboardPage* m_dashboard = nullptr;
    AgentsPage* m_agents = nullptr;
    AlertsPage* m_alertsPage = nullptr;
    CapacityPage* m_capacityPage = nullptr;
    SettingsPage* m_settingsPage = nullptr;
    int m_firing = 0;
    QComboBox* m_hostFilter = nullptr;
    QComboBox* m_timeRange = nullptr;
    QToolButton* m_pause = nullptr;
    QLabel* m_health = nullptr;
    QLabel* m_alerts = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_remote = nullptr; // hidden while no data source or remote write is configured
    TrayIndicator* m_tray = nullptr;
};
