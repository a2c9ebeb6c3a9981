#pragma once

#include "alerts/AlertTypes.h"

#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTableWidget;
class QTimer;
class SilenceDialog;

namespace opsdeck {
class Engine;
}

// The Silences tab: every stored silence (active, pending and expired; the
// expired ones stay listed, greyed and labelled) with its matchers, start,
// end, author and comment; New silence… and Expire (after a confirmation).
// It shows AlertService's silence snapshot and follows alertsChanged; writes
// go through AlertService, off the GUI thread.
class SilencesPanel final : public QWidget
{
    Q_OBJECT

public:
    enum Column {
        StatusColumn,
        MatchersColumn,
        StartsColumn,
        EndsColumn,
        AuthorColumn,
        CommentColumn,
        ColumnCount
    };
    static constexpr int SilenceIdRole = Qt::UserRole + 1;

    explicit SilencesPanel(opsdeck::Engine* engine, QWidget* parent = nullptr);

    // For tests; default: the wall clock.
    void setNow(std::function<qint64()> now);

    QTableWidget* table() const { return m_table; }
    // The dialog while one is open, else null.
    SilenceDialog* dialog() const;

    // Opens the silence dialog, empty or prefilled from an alert ("silence this alert").
    void newSilence();
    void newSilenceFor(const opsdeck::alerts::Alert& alert);
    void expireSelected();
    void refresh();

signals:
    // A silence was stored (id) or expired.
    void silenceAdded(qint64 id);
    void silenceExpired(qint64 id);

private:
    void openDialog(SilenceDialog* dialog);
    void updateActions();
    void showMessage(const QString& text, bool error);
    qint64 selectedId() const;

    opsdeck::Engine* m_engine;
    std::function<qint64()> m_now;
    QTableWidget* m_table;
    QPushButton* m_newButton;
    QPushButton* m_expireButton;
    QLabel* m_empty;
    QLabel* m_message;
    QTimer* m_tick;
    bool m_busy = false;
};
