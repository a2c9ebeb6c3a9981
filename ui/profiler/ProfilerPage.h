#pragma once

#include "profiler/ProfilerTypes.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>

class ConsoleSettings;
class FlameGraphWidget;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QListView;
class QListWidget;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTextBrowser;
class QTimer;
class QToolButton;
class QComboBox;

namespace opsdeck {
class Engine;
namespace profiler {
class ProfilerService;
}
namespace models {
class ComponentsModel;
class ComponentsSortModel;
class FleetTilesModel;
class RegressionsModel;
class StatementsModel;
class UseTableModel;
} // namespace models
} // namespace opsdeck

// The Profiler page: the answer to "what is the bottleneck right now, on which
// host, in which service". At the top the worst bottleneck's sentence (severity
// word + colour) and when the fleet was taken; below, tabs: the fleet's tiles
// worst first; one host's USE table, components, PSI and probe-latency charts and
// its CPU profile as a flame graph; the database targets' analyses; baselines and
// what got worse. Everything arrives through ProfilerService signals and charts
// query on worker threads: the window never waits for a host.
class ProfilerPage final : public QWidget
{
    Q_OBJECT

public:
    ProfilerPage(opsdeck::Engine* engine, ConsoleSettings* settings, QWidget* parent = nullptr);
    ~ProfilerPage() override;

    // Where the page gets its data (the constructor takes the engine's); null = "not running".
    void setService(opsdeck::profiler::ProfilerService* service);
    // The host view for one instance (as a tile click does).
    void showHost(const QString& instance);
    QString currentHost() const { return m_host; }
    FlameGraphWidget* flameGraph() const { return m_flame; }
    QTabWidget* tabs() const { return m_tabs; }

public slots:
    void showFleet(const opsdeck::profiler::FleetSnapshot& fleet);
    void showDatabases(const QList<opsdeck::profiler::PostgresReport>& postgres,
        const QList<opsdeck::profiler::RedisLatencyReport>& redis);
    void showRegressions(const opsdeck::profiler::RegressionReport& report);
    void showBaselines(const QStringList& names);
    void showCpuProfile(int job, const opsdeck::collect::CpuProfile& profile, const QString& error);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    struct ChartData;

    QWidget* buildFleetTab();
    QWidget* buildHostTab();
    QWidget* buildDatabasesTab();
    QWidget* buildBaselinesTab();
    void updateVerdict();
    void updateHostView();
    void refreshCharts();
    void applyCharts();
    void startCpuProfile();
    void cancelCpuProfile();
    void addDatabase();
    void removeDatabase();
    void reloadDatabaseList();
    void showDatabaseReport();
    void saveBaseline();

    opsdeck::Engine* m_engine = nullptr;
    ConsoleSettings* m_settings = nullptr;
    QPointer<opsdeck::profiler::ProfilerService> m_service; // a stand-in service may go first
    opsdeck::profiler::FleetSnapshot m_fleet;
    QString m_host;

    QLabel* m_verdict = nullptr;
    QLabel* m_fleetLine = nullptr;
    QPushButton* m_refresh = nullptr;
    QTabWidget* m_tabs = nullptr;

    opsdeck::models::FleetTilesModel* m_tilesModel = nullptr;
    QListView* m_tiles = nullptr;
    QLabel* m_fleetEmpty = nullptr;

    QLabel* m_hostTitle = nullptr;
    QLabel* m_hostSentence = nullptr;
    opsdeck::models::UseTableModel* m_useModel = nullptr;
    QTableView* m_useTable = nullptr;
    opsdeck::models::ComponentsModel* m_componentsModel = nullptr;
    opsdeck::models::ComponentsSortModel* m_componentsProxy = nullptr;
    QTableView* m_componentsTable = nullptr;
    QLineEdit* m_componentsFilter = nullptr;
    QCustomPlot* m_psiPlot = nullptr;
    QCustomPlot* m_latencyPlot = nullptr;
    QLabel* m_psiTitle = nullptr;
    QLabel* m_latencyTitle = nullptr;
    QTimer* m_chartTimer = nullptr;
    QFutureWatcher<ChartData>* m_chartWatcher = nullptr;

    QPushButton* m_profileButton = nullptr;
    QProgressBar* m_profileProgress = nullptr;
    QPushButton* m_profileCancel = nullptr;
    QLabel* m_profileState = nullptr;
    int m_profileJob = 0;
    FlameGraphWidget* m_flame = nullptr;
    QLineEdit* m_flameSearch = nullptr;
    QLabel* m_flameMatched = nullptr;
    QPushButton* m_flameReset = nullptr;

    QStackedWidget* m_databaseStack = nullptr;
    QListWidget* m_databaseList = nullptr;
    QLabel* m_databaseState = nullptr;
    opsdeck::models::StatementsModel* m_byTotal = nullptr;
    opsdeck::models::StatementsModel* m_byMean = nullptr;
    QTextBrowser* m_databaseDetail = nullptr;
    QList<opsdeck::profiler::PostgresReport> m_postgres;
    QList<opsdeck::profiler::RedisLatencyReport> m_redis;

    QPushButton* m_saveBaseline = nullptr;
    QToolButton* m_compare = nullptr;
    QLabel* m_regressionState = nullptr;
    opsdeck::models::RegressionsModel* m_regressions = nullptr;
};
