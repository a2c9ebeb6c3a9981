#pragma once

#include "scrape/ScrapeTarget.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace opsdeck {
class Engine;
namespace scrape {
struct ConnectionTestResult;
}
} // namespace opsdeck

// Adds or edits one scrape target: URL, token, TLS options, interval,
// timeout, job and labels, with inline validation, a connection test that
// runs off the GUI thread (scrape::ConnectionTester), and Save through
// TargetCatalog::addTarget/updateTarget. The dialog closes (accepted) only once the
// engine stored the target; a refusal is shown inline and the dialog stays.
class TargetEditorDialog final : public QDialog
{
    Q_OBJECT

public:
    // target.id == 0: a new target; else the stored target to edit.
    TargetEditorDialog(
        opsdeck::Engine* engine, const opsdeck::scrape::ScrapeTarget& target, QWidget* parent = nullptr);

    // The target as the fields describe it; empty *problem when it is valid.
    opsdeck::scrape::ScrapeTarget currentTarget(QString* problem = nullptr) const;
    bool isNew() const { return m_original.id == 0; }
    qint64 savedId() const { return m_savedId; }

signals:
    // Emitted after the engine stored the target (before the dialog closes).
    void saved(qint64 id);

private:
    void validate();
    void testConnection();
    void showTestResult(const opsdeck::scrape::ConnectionTestResult& result);
    void save();
    void setBusyText(QLabel* label, const QString& text);

    opsdeck::Engine* m_engine;
    opsdeck::scrape::ScrapeTarget m_original;
    qint64 m_savedId = 0;
    int m_testGeneration = 0; // results of superseded tests are ignored

    QLineEdit* m_url;
    QLineEdit* m_token;
    QLineEdit* m_caFile;
    QPushButton* m_browseCa;
    QCheckBox* m_insecure;
    QSpinBox* m_interval;
    QSpinBox* m_timeout;
    QLineEdit* m_job;
    QLineEdit* m_labels;
    QCheckBox* m_enabled;
    QLabel* m_validation;
    QPushButton* m_testButton;
    QLabel* m_testResult;
    QLabel* m_saveError;
    QPushButton* m_saveButton;
    QDialogButtonBox* m_buttons;
};
