#pragma once

#include "alerts/AlertTypes.h"
#include "query/QuerySource.h"

#include <QDialog>
#include <QFutureWatcher>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTimer;
class QTreeWidget;

namespace opsdeck {
class Engine;
}

// Adds or edits one alerting rule: group, name, expression, for,
// keep_firing_for, severity, labels and annotations (key=value lines). The
// expression is parsed as the operator types, with the error's line:column
// shown and underlined. A live preview evaluates it "now" over the engine's
// series store on a worker thread (QtConcurrent, debounced ~300 ms, one
// evaluation at a time, never on the GUI thread) and lists the series that
// would be pending or firing, says that none match, or shows the evaluation
// error. OK stays disabled, with the reason shown, while the rule is invalid.
// It stores nothing: the caller takes rule() and groupName().
class RuleEditorDialog final : public QDialog
{
    Q_OBJECT

public:
    enum PreviewColumn { PreviewStateColumn, PreviewLabelsColumn, PreviewValueColumn, PreviewSummaryColumn };

    explicit RuleEditorDialog(opsdeck::Engine* engine, QWidget* parent = nullptr);
    // Waits for a running preview evaluation: it reads the engine's store.
    ~RuleEditorDialog() override;

    // Existing groups offered in the group box (it also takes a new name).
    void setGroupNames(const QStringList& names);
    void setRule(const opsdeck::alerts::AlertRule& rule, const QString& groupName);

    // The rule as the fields describe it (source file/line kept from setRule).
    opsdeck::alerts::AlertRule rule() const;
    QString groupName() const;
    // Empty when the rule may be saved, else the reason (also shown).
    QString problem() const;
    // Parses the expression, shows and underlines the error; "" when valid.
    QString checkExpression();

    // Starts a preview evaluation now (skipping the debounce).
    void refreshPreview();

    QLineEdit* nameEdit() const { return m_name; }
    QPlainTextEdit* expressionEdit() const { return m_expr; }
    QLabel* expressionStatus() const { return m_exprStatus; }
    QLineEdit* forEdit() const { return m_for; }
    QLineEdit* keepFiringEdit() const { return m_keepFiring; }
    QComboBox* severityCombo() const { return m_severity; }
    QComboBox* groupCombo() const { return m_group; }
    QPlainTextEdit* labelsEdit() const { return m_labels; }
    QPlainTextEdit* annotationsEdit() const { return m_annotations; }
    QTreeWidget* previewList() const { return m_preview; }
    QLabel* previewStatus() const { return m_previewStatus; }
    QPushButton* okButton() const { return m_ok; }

    // key=value lines <-> map; values escape "\\" and newlines ("\\n"). Empty
    // *error when fine, else the first bad line in plain words.
    static QString formatPairs(const QMap<QString, QString>& pairs);
    static QMap<QString, QString> parsePairs(const QString& text, QString* error);

signals:
    // A preview evaluation finished and the list shows its result.
    void previewUpdated();

private:
    struct Preview
    {
        opsdeck::query::QueryResult result;
        QStringList summaries; // expanded "summary" annotation per series (may be empty)
        qint64 evalTimeMs = 0;
    };

    void validate();
    void schedulePreview();
    void showPreview(const Preview& preview);
    void setPreviewMessage(const QString& text, bool error);

    opsdeck::Engine* m_engine;
    opsdeck::alerts::AlertRule m_original;
    QFutureWatcher<Preview> m_watcher;
    bool m_previewAgain = false; // the text changed while an evaluation ran
    QTimer* m_debounce;

    QComboBox* m_group;
    QLineEdit* m_name;
    QPlainTextEdit* m_expr;
    QLabel* m_exprStatus;
    QLineEdit* m_for;
    QLineEdit* m_keepFiring;
    QComboBox* m_severity;
    QPlainTextEdit* m_labels;
    QPlainTextEdit* m_annotations;
    QTreeWidget* m_preview;
    QLabel* m_previewStatus;
    QLabel* m_validation;
    QPushButton* m_ok = nullptr;
};
