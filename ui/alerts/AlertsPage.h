#pragma once

#include <QByteArray>
#include <QWidget>

class AlertDetailPane;
class AlertInboxFilter;
class AlertInboxModel;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableView;
class QTimer;
class RulesPanel;
class SilencesPanel;

namespace opsdeck {
class Engine;
}

// The Alerts page: the inbox (a filterable, sortable table of alert
// instances with one-click acknowledgement and a detail pane), and tabs for
// rules, silences and analytics. Only renders AlertService snapshots and
// forwards the operator's clicks to it; an acknowledgement shows in the row
// once the service reports it stored.
class AlertsPage final : public QWidget
{
    Q_OBJECT

public:
    AlertsPage(opsdeck::Engine* engine, QWidget* parent = nullptr);

    // Who acknowledges: the configured operator name or the OS user name.
    void setOperatorName(const QString& name);
    QString operatorName() const;

    QByteArray saveTableState() const;
    bool restoreTableState(const QByteArray& state);

    // Acknowledges the selected open alerts (asks for an optional note when ask is true).
    void acknowledgeSelected(bool ask = true);

private:
    void refresh();
    void updateCounts();
    void updateActions();
    void updateDetail();
    void acknowledgeIds(const QList<qint64>& ids, const QString& note);
    void silenceSelected();
    QList<qint64> selectedIds(bool openOnly, bool unacknowledgedOnly) const;

    opsdeck::Engine* m_engine;
    QString m_operator;
    AlertInboxModel* m_model;
    AlertInboxFilter* m_filter;
    QTabWidget* m_tabs;
    QComboBox* m_stateFilter;
    QComboBox* m_severityFilter;
    QLineEdit* m_search;
    QLabel* m_counts;
    QLabel* m_empty;
    QLabel* m_message;
    QTableView* m_table;
    QPushButton* m_ackButton;
    QPushButton* m_unackButton;
    QPushButton* m_silenceButton;
    AlertDetailPane* m_detail;
    RulesPanel* m_rules;
    SilencesPanel* m_silences;
    QTimer* m_tick;
};
