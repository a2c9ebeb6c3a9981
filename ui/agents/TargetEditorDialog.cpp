#include "TargetEditorDialog.h"

#include "Engine.h"
#include "scrape/ConnectionTester.h"
#include "scrape/TargetListFile.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using opsdeck::scrape::ConnectionTester;
using opsdeck::scrape::ConnectionTestResult;
using opsdeck::scrape::ScrapeTarget;
using opsdeck::scrape::TargetListFile;

namespace {
// Status texts in the dialog: ok green, failure red (with a sign, never colour alone).
const QString kOkStyle = QStringLiteral("color: #2e7d32;");
const QString kErrorStyle = QStringLiteral("color: #c62828;");
} // namespace

TargetEditorDialog::TargetEditorDialog(opsdeck::Engine* engine, const ScrapeTarget& target, QWidget* parent)
    : QDialog(parent)
    , m_engine(engine)
    , m_original(target)
    , m_url(new QLineEdit(this))
    , m_token(new QLineEdit(this))
    , m_caFile(new QLineEdit(this))
    , m_browseCa(new QPushButton(tr("Browse…"), this))
    , m_insecure(new QCheckBox(tr("Skip certificate verification (self-signed lab hosts only)"), this))
    , m_interval(new QSpinBox(this))
    , m_timeout(new QSpinBox(this))
    , m_job(new QLineEdit(this))
    , m_labels(new QLineEdit(this))
    , m_enabled(new QCheckBox(tr("Scrape this target"), this))
    , m_validation(new QLabel(this))
    , m_testButton(new QPushButton(tr("Test connection"), this))
    , m_testResult(new QLabel(this))
    , m_saveError(new QLabel(this))
    , m_buttons(new QDialogButtonBox(this))
{
    setObjectName(QStringLiteral("targetEditor"));
    setWindowTitle(isNew() ? tr("Add agent") : tr("Edit agent"));
    setMinimumWidth(560);

    m_url->setObjectName(QStringLiteral("targetUrl"));
    m_url->setPlaceholderText(tr("http://host:9100/metrics"));
    m_url->setClearButtonEnabled(true);
    m_token->setObjectName(QStringLiteral("targetToken"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("bearer token, if the agent needs one"));
    m_caFile->setObjectName(QStringLiteral("targetCaFile"));
    m_caFile->setPlaceholderText(tr("system certificates"));
    m_insecure->setObjectName(QStringLiteral("targetInsecure"));
    m_interval->setObjectName(QStringLiteral("targetInterval"));
    m_interval->setRange(ScrapeTarget::kMinIntervalMs, 3'600'000);
    m_interval->setSingleStep(250);
    m_interval->setSuffix(tr(" ms"));
    m_interval->setGroupSeparatorShown(true);
    m_timeout->setObjectName(QStringLiteral("targetTimeout"));
    m_timeout->setRange(50, 3'600'000);
    m_timeout->setSingleStep(100);
    m_timeout->setSuffix(tr(" ms"));
    m_timeout->setGroupSeparatorShown(true);
    m_job->setObjectName(QStringLiteral("targetJob"));
    m_labels->setObjectName(QStringLiteral("targetLabels"));
    m_labels->setPlaceholderText(tr("env=prod, line=3"));
    m_enabled->setObjectName(QStringLiteral("targetEnabled"));
    m_validation->setObjectName(QStringLiteral("validationMessage"));
    m_validation->setStyleSheet(kErrorStyle);
    m_validation->setWordWrap(true);
    m_testButton->setObjectName(QStringLiteral("testConnectionButton"));
    m_testResult->setObjectName(QStringLiteral("testResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_testResult->setText(tr("Not tested yet."));
    m_saveError->setObjectName(QStringLiteral("saveError"));
    m_saveError->setWordWrap(true);
    m_saveError->setStyleSheet(kErrorStyle);
    m_saveError->hide();

    m_url->setText(target.url.isEmpty() ? QString() : target.url.toString());
    m_token->setText(target.bearerToken);
    m_caFile->setText(target.tlsCaFile);
    m_insecure->setChecked(target.tlsInsecure);
    m_interval->setValue(target.intervalMs);
    m_timeout->setValue(target.timeoutMs);
    m_job->setText(target.job);
    m_labels->setText(TargetListFile::formatLabelList(target.extraLabels));
    m_enabled->setChecked(target.enabled);

    auto* caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(m_browseCa);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&URL:"), m_url);
    form->addRow(tr("&Token:"), m_token);
    auto* caLabel = new QLabel(tr("TLS &CA file:"), this);
    caLabel->setBuddy(m_caFile); // a row holding a layout gets no buddy by itself
    form->addRow(caLabel, caRow);
    form->addRow(QString(), m_insecure);
    form->addRow(tr("&Interval:"), m_interval);
    form->addRow(tr("Time&out:"), m_timeout);
    form->addRow(tr("&Job:"), m_job);
    form->addRow(tr("&Labels:"), m_labels);
    form->addRow(QString(), m_enabled);

    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_testButton, 0, Qt::AlignTop);
    testRow->addWidget(m_testResult, 1);

    m_saveButton = m_buttons->addButton(tr("Save"), QDialogButtonBox::AcceptRole);
    m_saveButton->setObjectName(QStringLiteral("saveTargetButton"));
    m_saveButton->setDefault(true);
    m_buttons->addButton(QDialogButtonBox::Cancel);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_validation);
    layout->addLayout(testRow);
    layout->addWidget(m_saveError);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    for (QLineEdit* edit : { m_url, m_token, m_caFile, m_job, m_labels })
        connect(edit, &QLineEdit::textChanged, this, &TargetEditorDialog::validate);
    connect(m_interval, &QSpinBox::valueChanged, this, &TargetEditorDialog::validate);
    connect(m_timeout, &QSpinBox::valueChanged, this, &TargetEditorDialog::validate);
    connect(m_testButton, &QPushButton::clicked, this, &TargetEditorDialog::testConnection);
    // Save goes through the engine first; the dialog is accepted when the target is stored.
    connect(m_buttons, &QDialogButtonBox::accepted, this, &TargetEditorDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_browseCa, &QPushButton::clicked, this, [this]() {
        auto* dialog = new QFileDialog(
            this, tr("TLS CA file"), QString(), tr("PEM certificates (*.pem *.crt);;All files (*)"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::ExistingFile);
        connect(dialog, &QFileDialog::fileSelected, m_caFile, &QLineEdit::setText);
        dialog->open();
    });
    validate();
}

ScrapeTarget TargetEditorDialog::currentTarget(QString* problem) const
{
    ScrapeTarget t = m_original;
    QString issue;
    t.url = TargetListFile::normaliseUrl(m_url->text());
    t.bearerToken = m_token->text().trimmed();
    t.tlsCaFile = m_caFile->text().trimmed();
    t.tlsInsecure = m_insecure->isChecked();
    t.intervalMs = m_interval->value();
    t.timeoutMs = m_timeout->value();
    t.job = m_job->text().trimmed();
    t.enabled = m_enabled->isChecked();
    QString labelError;
    if (const auto labels = TargetListFile::parseLabelList(m_labels->text(), &labelError))
        t.extraLabels = *labels;
    else
        issue = tr("Labels: %1").arg(labelError);
    if (m_url->text().trimmed().isEmpty())
        issue = tr("Enter the agent's URL, e.g. http://host:9100/metrics.");
    else if (!t.url.isValid())
        issue = tr("\"%1\" is not a valid URL.").arg(m_url->text().trimmed());
    else if (t.url.scheme() == QLatin1String("http") && t.tlsInsecure)
        issue = tr("Certificate options only apply to https:// URLs.");
    if (issue.isEmpty())
        issue = t.validate();
    if (problem)
        *problem = issue;
    return t;
}

void TargetEditorDialog::validate()
{
    QString problem;
    currentTarget(&problem);
    m_validation->setText(problem);
    m_validation->setVisible(!problem.isEmpty());
    m_saveButton->setEnabled(problem.isEmpty());
    m_testButton->setEnabled(problem.isEmpty());
    m_saveButton->setToolTip(problem);
    m_saveError->hide();
}

void TargetEditorDialog::setBusyText(QLabel* label, const QString& text)
{
    label->setStyleSheet(QString());
    label->setText(text);
}

void TargetEditorDialog::testConnection()
{
    QString problem;
    const ScrapeTarget target = currentTarget(&problem);
    if (!problem.isEmpty())
        return;
    const int generation = ++m_testGeneration;
    setBusyText(m_testResult, tr("Testing %1 …").arg(target.url.toDisplayString()));
    m_testButton->setEnabled(false);
    ConnectionTester::test(target, this, [this, generation](const ConnectionTestResult& result) {
        if (generation != m_testGeneration)
            return;
        showTestResult(result);
    });
}

void TargetEditorDialog::showTestResult(const ConnectionTestResult& result)
{
    QString problem;
    currentTarget(&problem);
    m_testButton->setEnabled(problem.isEmpty());
    const bool fine = result.ok && result.agent != ConnectionTestResult::Agent::TokenRejected;
    const QString sign = fine ? QStringLiteral("✔ ") : (result.ok ? QStringLiteral("⚠ ") : QStringLiteral("✖ "));
    m_testResult->setStyleSheet(result.ok ? (fine ? kOkStyle : QStringLiteral("color: #b26a00;")) : kErrorStyle);
    m_testResult->setText(sign + result.summary());
}

void TargetEditorDialog::save()
{
    QString problem;
    const ScrapeTarget target = currentTarget(&problem);
    if (!problem.isEmpty()) {
        validate();
        return;
    }
    m_saveButton->setEnabled(false);
    m_saveError->setStyleSheet(QString());
    m_saveError->setText(tr("Saving…"));
    m_saveError->show();
    auto done = [this](qint64 id, const QString& error) {
        if (id == 0) {
            m_saveError->setStyleSheet(kErrorStyle);
            m_saveError->setText(tr("✖ Not saved: %1").arg(error));
            m_saveButton->setEnabled(true);
            return;
        }
        m_savedId = id;
        emit saved(id);
        accept();
    };
    if (isNew())
        m_engine->targetCatalog()->addTarget(target, this, done);
    else
        m_engine->targetCatalog()->updateTarget(target, this, done);
}
