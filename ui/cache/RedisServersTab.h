#pragma once

#include "cache/RedisServersModel.h"

#include <QHash>
#include <QThreadPool>
#include <QTimer>
#include <QWidget>

#include <atomic>
#include <memory>

class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTextBrowser;

// The Cache page's "Redis servers" tab (issue 14): the plant's Redis servers,
// one row per instance with a health word and colour, live from INFO polled
// every 2 s; the selected server's hit ratio over the last 15 minutes; and an
// on-demand analysis (RedisInspector: latency percentiles, slow log, a key
// sample, a short MONITOR access sample, recommendations with evidence).
//
// RedisConnection blocks, so every poll, Test and analysis runs on the tab's
// own thread pool; the GUI thread only reads results. An unreachable server
// becomes a row state ("unreachable since 10:42: ..."), never a hang. The tab
// keeps no settings itself: the page stores instances() when
// instancesChanged() fires and hands them back with setInstances().
class RedisServersTab final : public QWidget
{
    Q_OBJECT

public:
    explicit RedisServersTab(QWidget* parent = nullptr);
    ~RedisServersTab() override;

    // Replaces the list (no instancesChanged()); polling starts at once.
    void setInstances(const QList<RedisInstance>& instances);
    QList<RedisInstance> instances() const;

    // What Add… does after its dialog: validates the URL with parseRedisUrl and
    // the password file (readable, not empty); false with *error otherwise or
    // when the URL is already listed. Emits instancesChanged() on success.
    bool addInstance(const RedisInstance& instance, QString* error);
    void removeInstance(const QString& url);
    // Selects the instance's row (the detail pane follows); false when it is not listed.
    bool selectInstance(const QString& url);

    // One connect + AUTH/SELECT + PING + INFO on a worker; testFinished() says
    // the version and memory, or why it failed.
    void testInstance(const RedisInstance& instance);

    // Analyse the selected row (the Analyse button); cancelAnalysis() sets the stop flag.
    void analyseSelected();
    void cancelAnalysis();
    bool isAnalysing() const { return m_analysis != nullptr; }

    void setPollIntervalMs(int ms);
    RedisServersModel* model() const { return m_model; }

signals:
    void instancesChanged();
    void testFinished(bool ok, const QString& message);
    void analysisFinished(bool ok);

private:
    struct ConnectionSlot;
    struct InstanceState
    {
        std::shared_ptr<ConnectionSlot> connection;
        bool inFlight = false;
    };
    struct AnalysisState;

    void pollAll();
    void poll(const RedisInstance& instance);
    void onAdd();
    void onRemove();
    void onTest();
    void updateDetail();
    void updateChart();
    void updateButtons();
    void showAnalysisProgress();
    int selectedRow() const;

    RedisServersModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_empty = nullptr;
    QPushButton* m_addButton = nullptr;
    QPushButton* m_removeButton = nullptr;
    QPushButton* m_testButton = nullptr;
    QLabel* m_testResult = nullptr;
    QLabel* m_detailTitle = nullptr;
    QCustomPlot* m_chart = nullptr;
    QPushButton* m_analyseButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_stage = nullptr;
    QTextBrowser* m_report = nullptr;

    QTimer m_pollTimer;
    QTimer m_progressTimer;
    QHash<QString, InstanceState> m_states; // by URL
    QHash<QString, QString> m_reports; // analysis HTML by URL
    std::shared_ptr<AnalysisState> m_analysis;
    QString m_analysisUrl;
    bool m_columnsSized = false;
    QThreadPool m_pool; // declared last, destroyed first: waits for the jobs, which own their data
};
