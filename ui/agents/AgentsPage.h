#pragma once

#include <QWidget>

#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace opsdeck {
class Engine;
namespace models {
class TargetStatusModel;
class TargetStatusSortModel;
} // namespace models
} // namespace opsdeck

class TargetEditorDialog;

// The Agents page: every scrape target with its health, last scrape, samples
// and last error (plus the built-in collector for this machine), and the
// operator's actions on them: add, edit, remove (after a confirmation) and
// import a list from a file. Edits go through Engine target management,
// which persists them off the GUI thread; the table follows the scrape
// manager. Modal questions go through Dialogs, where tests answer them.
class AgentsPage final : public QWidget
{
    Q_OBJECT

public:
    explicit AgentsPage(opsdeck::Engine* engine, QWidget* parent = nullptr);

    opsdeck::models::TargetStatusModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    // Column order and widths, for the window to keep in its settings (UI.md: tables remember widths).
    QByteArray saveTableState() const;
    bool restoreTableState(const QByteArray& state);

    // The editor while one is open (Add or Edit), else null.
    TargetEditorDialog* editor() const;

    // Opens the editor for a new target / for the selected one.
    void addAgent();
    void editSelected();
    void removeSelected();
    // Imports targets from a file (Prometheus file_sd JSON or a URL list);
    // the summary appears under the table (objectName "importSummary").
    void importFile(const QString& path);

signals:
    // An import finished: how many were added and the reasons for the others.
    void importFinished(int added, const QStringList& skipped);

private:
    void updateActions();
    void updateEmptyState();
    void showMessage(const QString& text, bool error);
    qint64 selectedTargetId() const;
    void openEditor(TargetEditorDialog* dialog);

    opsdeck::Engine* m_engine;
    opsdeck::models::TargetStatusModel* m_model;
    opsdeck::models::TargetStatusSortModel* m_proxy;
    QTableView* m_table;
    QLineEdit* m_filter;
    QPushButton* m_addButton;
    QPushButton* m_editButton;
    QPushButton* m_removeButton;
    QPushButton* m_importButton;
    QWidget* m_emptyState;
    QLabel* m_message;
};
