#pragma once

#include "alerts/AlertTypes.h"

#include <QFutureWatcher>
#include <QWidget>

#include <optional>

class QCustomPlot;
class QLabel;
class QTreeWidget;

namespace opsdeck {
class Engine;
}

// The right-hand side of the inbox: one alert's labels, annotations, state
// timeline, notification log, and a chart of its rule's expression around
// the alert with the threshold drawn. Everything slow (the history reads, the
// range query) runs off the GUI thread; a newer selection drops older answers.
class AlertDetailPane final : public QWidget
{
    Q_OBJECT

public:
    explicit AlertDetailPane(opsdeck::Engine* engine, QWidget* parent = nullptr);

    // nullopt clears the pane.
    void showAlert(const std::optional<opsdeck::alerts::Alert>& alert);
    qint64 alertId() const { return m_alert ? m_alert->id : 0; }

    // "lhs > 90" -> {"lhs", 90}; nullopt when the expression is not a plain threshold.
    struct Threshold
    {
        QString lhs;
        QString op;
        double value = 0;
    };
    static std::optional<Threshold> splitThreshold(const QString& expr);

private:
    struct ChartData
    {
        quint64 generation = 0;
        QString error;
        QList<double> times; // seconds
        QList<double> values;
        std::optional<double> threshold;
        double startS = 0; // the queried window, seconds since the epoch
        double endS = 0;
    };
    void loadHistory();
    void startChart();
    void showChart(const ChartData& data);
    QString ruleExpression() const;

    opsdeck::Engine* m_engine;
    std::optional<opsdeck::alerts::Alert> m_alert;
    quint64 m_generation = 0;
    QLabel* m_title;
    QLabel* m_summary;
    QLabel* m_labels;
    QCustomPlot* m_plot;
    QLabel* m_chartNote;
    QTreeWidget* m_timeline;
    QTreeWidget* m_deliveries;
    QFutureWatcher<ChartData> m_chartWatcher;
};
