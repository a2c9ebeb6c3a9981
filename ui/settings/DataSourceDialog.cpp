#include "DataSourceDialog.h"

#include "shell/Dialogs.h"
#include "sources/DataSourceCatalog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

using opsdeck::query::RemoteSourceConfig;

namespace {
// Status texts: ok green, failure red (with a sign, never colour alone).
const QString kOkStyle = QStringLiteral("color: #2e7d32;");
const QString kErrorStyle = QStringLiteral("color: #c62828;");
enum AuthChoice { NoAuth, Bearer, Basic };
} // namespace

DataSourceDialog::DataSourceDialog(
    opsdeck::sources::DataSourceCatalog* catalog, const RemoteSourceConfig& original, QWidget* parent)
    : QDialog(parent)
    , m_catalog(catalog)
    , m_original(original)
    , m_name(new QLineEdit(this))
    , m_url(new QLineEdit(this))
    , m_auth(new QComboBox(this))
    , m_token(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_caFile(new QLineEdit(this))
    , m_insecure(new QCheckBox(tr("Skip certificate verification (self-signed lab servers only)"), this))
    , m_timeout(new QSpinBox(this))
    , m_method(new QComboBox(this))
    , m_validation(new QLabel(this))
    , m_testButton(new QPushButton(tr("&Test"), this))
    , m_testResult(new QLabel(this))
    , m_saveError(new QLabel(this))
    , m_buttons(new QDialogButtonBox(this))
{
    setObjectName(QStringLiteral("dataSourceEditor"));
    setWindowTitle(isNew() ? tr("Add data source") : tr("Edit data source"));
    setMinimumWidth(580);

    m_name->setObjectName(QStringLiteral("dataSourceName"));
    m_name->setPlaceholderText(tr("mes-prom"));
    m_url->setObjectName(QStringLiteral("dataSourceUrl"));
    m_url->setPlaceholderText(tr("http://prometheus:9090 (the API's base URL)"));
    m_url->setClearButtonEnabled(true);
    m_auth->setObjectName(QStringLiteral("dataSourceAuth"));
    m_auth->addItem(tr("None"), NoAuth);
    m_auth->addItem(tr("Bearer token"), Bearer);
    m_auth->addItem(tr("Basic auth"), Basic);
    m_token->setObjectName(QStringLiteral("dataSourceToken"));
    m_token->setEchoMode(QLineEdit::Password);
    m_user->setObjectName(QStringLiteral("dataSourceUser"));
    m_password->setObjectName(QStringLiteral("dataSourcePassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_caFile->setObjectName(QStringLiteral("dataSourceCaFile"));
    m_caFile->setPlaceholderText(tr("system certificates"));
    m_insecure->setObjectName(QStringLiteral("dataSourceInsecure"));
    m_timeout->setObjectName(QStringLiteral("dataSourceTimeout"));
    m_timeout->setRange(1, 600);
    m_timeout->setSuffix(tr(" s"));
    m_method->setObjectName(QStringLiteral("dataSourceMethod"));
    m_method->addItem(tr("POST (long expressions)"), true);
    m_method->addItem(tr("GET"), false);
    m_validation->setObjectName(QStringLiteral("dataSourceValidation"));
    m_validation->setStyleSheet(kErrorStyle);
    m_validation->setWordWrap(true);
    m_testButton->setObjectName(QStringLiteral("dataSourceTest"));
    m_testResult->setObjectName(QStringLiteral("dataSourceTestResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_testResult->setText(tr("Not tested yet."));
    m_saveError->setObjectName(QStringLiteral("dataSourceSaveError"));
    m_saveError->setWordWrap(true);
    m_saveError->hide();

    m_name->setText(original.name);
    m_url->setText(original.url.isEmpty() ? QString() : original.url.toString());
    m_auth->setCurrentIndex(!original.bearerToken.isEmpty() ? Bearer
            : !original.basicUser.isEmpty()                 ? Basic
                                                            : NoAuth);
    m_token->setText(original.bearerToken);
    m_user->setText(original.basicUser);
    m_password->setText(original.basicPassword);
    m_caFile->setText(original.caFile);
    m_insecure->setChecked(original.insecureSkipVerify);
    m_timeout->setValue(int(std::clamp<qint64>(original.timeoutMs / 1000, 1, 600)));
    m_method->setCurrentIndex(original.post ? 0 : 1);

    auto* caRow = new QHBoxLayout;
    auto* browseCa = new QPushButton(tr("Browse…"), this);
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(browseCa);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&URL:"), m_url);
    form->addRow(tr("&Authentication:"), m_auth);
    form->addRow(tr("T&oken:"), m_token);
    form->addRow(tr("U&ser:"), m_user);
    form->addRow(tr("&Password:"), m_password);
    auto* caLabel = new QLabel(tr("TLS &CA file:"), this);
    caLabel->setBuddy(m_caFile);
    form->addRow(caLabel, caRow);
    form->addRow(QString(), m_insecure);
    form->addRow(tr("T&imeout:"), m_timeout);
    form->addRow(tr("&Method:"), m_method);
    const auto showAuthRows = [this, form] {
        const int auth = m_auth->currentData().toInt();
        form->setRowVisible(m_token, auth == Bearer);
        form->setRowVisible(m_user, auth == Basic);
        form->setRowVisible(m_password, auth == Basic);
    };
    showAuthRows();

    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_testButton, 0, Qt::AlignTop);
    testRow->addWidget(m_testResult, 1);

    m_saveButton = m_buttons->addButton(tr("Save"), QDialogButtonBox::AcceptRole);
    m_saveButton->setObjectName(QStringLiteral("dataSourceSave"));
    m_saveButton->setDefault(true);
    m_buttons->addButton(QDialogButtonBox::Cancel);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_validation);
    layout->addLayout(testRow);
    layout->addWidget(m_saveError);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    for (QLineEdit* edit : { m_name, m_url, m_token, m_user, m_password, m_caFile })
        connect(edit, &QLineEdit::textChanged, this, &DataSourceDialog::validate);
    connect(m_auth, &QComboBox::currentIndexChanged, this, [this, showAuthRows] {
        showAuthRows();
        validate();
    });
    connect(m_insecure, &QCheckBox::toggled, this, &DataSourceDialog::validate);
    connect(m_timeout, &QSpinBox::valueChanged, this, &DataSourceDialog::validate);
    connect(m_testButton, &QPushButton::clicked, this, &DataSourceDialog::test);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &DataSourceDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browseCa, &QPushButton::clicked, this, [this] {
        const QString path = Dialogs::openFile(
            this, tr("TLS CA file"), m_caFile->text(), tr("PEM certificates (*.pem *.crt);;All files (*)"));
        if (!path.isEmpty())
            m_caFile->setText(path);
    });
    validate();
}

RemoteSourceConfig DataSourceDialog::current(QString* problem) const
{
    RemoteSourceConfig c = m_original;
    c.name = m_name->text().trimmed();
    c.url = QUrl(m_url->text().trimmed(), QUrl::StrictMode);
    const int auth = m_auth->currentData().toInt();
    c.bearerToken = auth == Bearer ? m_token->text().trimmed() : QString();
    c.basicUser = auth == Basic ? m_user->text().trimmed() : QString();
    c.basicPassword = auth == Basic ? m_password->text() : QString();
    c.caFile = m_caFile->text().trimmed();
    c.insecureSkipVerify = m_insecure->isChecked();
    c.timeoutMs = qint64(m_timeout->value()) * 1000;
    c.post = m_method->currentData().toBool();
    QString issue;
    if (c.name.isEmpty())
        issue = tr("Enter a name, e.g. mes-prom: dashboards and rule groups refer to it.");
    else if (m_url->text().trimmed().isEmpty())
        issue = tr("Enter the server's URL, e.g. http://prometheus:9090.");
    else if (auth == Bearer && c.bearerToken.isEmpty())
        issue = tr("Enter the bearer token, or choose no authentication.");
    else if (auth == Basic && c.basicUser.isEmpty())
        issue = tr("Enter the basic-auth user name, or choose no authentication.");
    else if (c.url.scheme() == QLatin1String("http") && (c.insecureSkipVerify || !c.caFile.isEmpty()))
        issue = tr("Certificate options only apply to https:// URLs.");
    if (issue.isEmpty())
        issue = m_catalog ? m_catalog->check(c, m_original.name) : tr("The engine is not running.");
    if (problem)
        *problem = issue;
    return c;
}

void DataSourceDialog::validate()
{
    QString problem;
    current(&problem);
    m_validation->setText(problem);
    m_validation->setVisible(!problem.isEmpty());
    m_saveButton->setEnabled(problem.isEmpty());
    m_saveButton->setToolTip(problem);
    // Test needs a URL, not a unique name.
    m_testButton->setEnabled(!m_url->text().trimmed().isEmpty() && m_catalog);
    m_saveError->hide();
}

void DataSourceDialog::test()
{
    RemoteSourceConfig c = current();
    if (c.name.isEmpty())
        c.name = c.url.host();
    const int generation = ++m_testGeneration;
    m_testResult->setStyleSheet(QString());
    m_testResult->setText(tr("Testing %1 …").arg(c.url.toDisplayString()));
    m_testButton->setEnabled(false);
    m_catalog->test(c, this, [this, generation](const opsdeck::query::BuildInfo& info) {
        if (generation != m_testGeneration)
            return;
        m_testButton->setEnabled(true);
        m_testResult->setStyleSheet(info.ok ? kOkStyle : kErrorStyle);
        if (!info.ok)
            m_testResult->setText(tr("✖ %1").arg(info.error));
        else if (info.version.isEmpty())
            m_testResult->setText(tr("✔ Connected: Prometheus API (the server names no version)"));
        else
            m_testResult->setText(tr("✔ Connected: Prometheus API, version %1").arg(info.version));
    });
}

void DataSourceDialog::save()
{
    QString problem;
    const RemoteSourceConfig c = current(&problem);
    if (!problem.isEmpty()) {
        validate();
        return;
    }
    m_saveButton->setEnabled(false);
    m_saveError->setStyleSheet(QString());
    m_saveError->setText(tr("Saving…"));
    m_saveError->show();
    m_catalog->save(c, m_original.name, this, [this](const QString& error) {
        if (!error.isEmpty()) {
            m_saveError->setStyleSheet(kErrorStyle);
            m_saveError->setText(tr("✖ Not saved: %1").arg(error));
            m_saveButton->setEnabled(true);
            return;
        }
        accept();
    });
}
