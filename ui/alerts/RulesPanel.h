#pragma once

#include "alerts/AlertTypes.h"

#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;
class RuleEditorDialog;

namespace opsdeck {
class Engine;
namespace alerts {
struct RuleFileResult;
}
} // namespace opsdeck

// The Rules tab: rule groups and their alerting rules (name, expression, for,
// severity, where a rule came from) with Add…, Edit…, Remove (confirmed),
// Add from template… (ReadyTemplates, one or several), Import… (a Prometheus
// rule file; what could not be loaded is listed rule by rule with file:line)
// and Export… (a file promtool accepts). Every change replaces the stored
// groups through AlertService::setRuleGroups, which stores them off the GUI
// thread; the buttons wait while that runs and a refusal is shown under the
// tree. Modal questions and file choices go through Dialogs, where tests
// answer them.
class RulesPanel final : public QWidget
{
    Q_OBJECT

public:
    enum Column { NameColumn, ExpressionColumn, ForColumn, SeverityColumn, SourceColumn, ColumnCount };
    enum Role { GroupIndexRole = Qt::UserRole + 1, RuleIndexRole }; // RuleIndexRole -1 on group rows

    explicit RulesPanel(opsdeck::Engine* engine, QWidget* parent = nullptr);

    QTreeWidget* tree() const { return m_tree; }
    QLabel* messageLabel() const { return m_message; }
    bool isSaving() const { return m_saving; }
    // The editor while one is open, else null.
    RuleEditorDialog* editor() const;

    void addRule();
    void editSelected();
    void removeSelected();
    void addFromTemplates();
    void importFile(const QString& path);
    void exportFile(const QString& path);
    // Shows AlertService's current rule groups.
    void reload();

signals:
    // The groups were stored (error empty) or refused.
    void saveFinished(const QString& error);
    // An import was read: rules loaded, rules skipped, and every issue as text.
    void importFinished(int loaded, int skipped, const QStringList& issues);

private:
    void save(const QList<opsdeck::alerts::RuleGroup>& groups, const QString& doneText);
    void openEditor(RuleEditorDialog* dialog, int groupIndex, int ruleIndex);
    void showImportReport(
        const QString& fileName, const opsdeck::alerts::RuleFileResult& result, int loaded, int skipped);
    void updateActions();
    void showMessage(const QString& text, bool error);
    // (group, rule) of the selected row; rule -1 for a group row; group -1 when none.
    std::pair<int, int> selected() const;

    opsdeck::Engine* m_engine;
    QList<opsdeck::alerts::RuleGroup> m_groups; // as shown (the stored groups)
    bool m_saving = false;
    QTreeWidget* m_tree;
    QPushButton* m_addButton;
    QPushButton* m_editButton;
    QPushButton* m_removeButton;
    QPushButton* m_templateButton;
    QPushButton* m_importButton;
    QPushButton* m_exportButton;
    QLabel* m_empty;
    QLabel* m_message;
};
