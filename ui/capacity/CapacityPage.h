#pragma once

#include "capacity/CapacityPlanner.h"
#include "CapacityReportWriter.h"

#include <QByteArray>
#include <QFutureWatcher>
#include <QWidget>

#include <functional>

class CapacityResourceModel;
class ForecastChart;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace opsdeck {
class Engine;
}

// The Capacity page (issue 5, UI.md journey 5): window, horizon and what-if
// growth controls, the resources sorted by time remaining with red / amber /
// green status, the selected resource's forecast chart and sizing, and
// export to PDF, HTML or CSV.
//
// Loading (history from rollups, then the plan) and export run on worker
// threads with progress and Cancel in the page: the window never waits for
// them. The what-if factor only recomputes dates and sizing from the fitted
// forecasts (capacity::applyWhatIf), on the GUI thread, at once.
class CapacityPage final : public QWidget
{
    Q_OBJECT

public:
    explicit CapacityPage(opsdeck::Engine* engine, QWidget* parent = nullptr);
    ~CapacityPage() override;

    // The operator's capacity resources (capacity/ResourceFile.h); empty =
    // the defaults. Read on the worker thread at the next refresh.
    void setResourcesFile(const QString& path);

    QByteArray saveTableState() const;
    bool restoreTableState(const QByteArray& state);

    const opsdeck::capacity::CapacityPlan& plan() const { return m_plan; }
    bool isBusy() const;

public slots:
    void refresh();
    void cancel();
    void exportReport(opsdeck::report::ReportFormat format);

signals:
    void planLoaded();
    void exportFinished(const QString& path, bool ok);

protected:
    void showEvent(QShowEvent* event) override;

private:
    struct Loaded
    {
        opsdeck::capacity::CapacityPlan plan;
        QString error;
        qint64 samples = 0;
        bool cancelled = false;
        QStringList fileErrors; // from the resources file
    };

    QWidget* buildControls();
    void setBusy(const QString& what);
    void setIdle();
    void onLoaded();
    void onExported();
    void applyWhatIf();
    void updateSelection();
    void updateSizing(const opsdeck::capacity::ResourceForecast* resource);
    void updateSummary();
    void showMessage(const QString& text, const QString& openPath = {});
    QString selectedKey() const;

    opsdeck::Engine* m_engine;
    opsdeck::capacity::CapacityPlan m_plan;
    bool m_loadedOnce = false;
    bool m_busy = false;
    QFutureWatcher<Loaded> m_loadWatcher;
    QFutureWatcher<opsdeck::report::ReportOutcome> m_exportWatcher;
    QString m_exportPath;

    QComboBox* m_window;
    QComboBox* m_horizon;
    QDoubleSpinBox* m_whatIf;
    QPushButton* m_refresh;
    QToolButton* m_export;
    QProgressBar* m_progress;
    QLabel* m_progressLabel;
    QPushButton* m_cancel;
    QWidget* m_progressRow;
    QLabel* m_message;
    QPushButton* m_open;
    QStackedWidget* m_stack;
    QLabel* m_empty;
    QLabel* m_summary;
    QLineEdit* m_filter;
    CapacityResourceModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
    ForecastChart* m_chart;
    QLabel* m_sizing;
    QString m_resourcesFile;
};
