#pragma once

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;
class QTimer;

namespace opsdeck {
class Engine;
}

// The Analytics tab: over the last 24 hours, 7 or 30 days, how many alerts
// started and were acknowledged, the mean time to acknowledge and to resolve,
// alerts per rule (noisiest first) and the rules that flapped. Figures come
// from the repository through AlertService::analytics (off the GUI thread);
// the tab reloads when the period changes, when shown, and (at most every few
// seconds, while visible) when alerts change.
class AnalyticsPanel final : public QWidget
{
    Q_OBJECT

public:
    enum Period { Last24Hours, Last7Days, Last30Days };
    enum Column { RuleColumn, AlertsColumn, FlappingColumn, ColumnCount };

    explicit AnalyticsPanel(opsdeck::Engine* engine, QWidget* parent = nullptr);

    // For tests; default: the wall clock.
    void setNow(std::function<qint64()> now) { m_now = std::move(now); }
    void setPeriod(Period period);
    Period period() const;
    void reload();

    QTableWidget* rulesTable() const { return m_rules; }
    QLabel* mttaLabel() const { return m_mtta; }
    QLabel* mttrLabel() const { return m_mttr; }
    QLabel* alertsLabel() const { return m_alerts; }
    QLabel* acknowledgedLabel() const { return m_acknowledged; }
    QLabel* flappingLabel() const { return m_flapping; }

signals:
    // The figures on screen were replaced by a fresh answer.
    void loaded();

protected:
    void showEvent(QShowEvent* event) override;

private:
    opsdeck::Engine* m_engine;
    std::function<qint64()> m_now;
    int m_generation = 0; // answers to superseded requests are dropped
    QComboBox* m_period;
    QPushButton* m_refresh;
    QLabel* m_alerts;
    QLabel* m_acknowledged;
    QLabel* m_mtta;
    QLabel* m_mttr;
    QLabel* m_flapping;
    QLabel* m_status;
    QTableWidget* m_rules;
    QTimer* m_coalesce;
};
