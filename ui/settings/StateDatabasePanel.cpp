#include "StateDatabasePanel.h"

#include "ConsoleSettings.h"

#include "storage/Database.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

namespace {
const QString kOkStyle = QStringLiteral("color: #2e7d32;");
const QString kErrorStyle = QStringLiteral("color: #c62828;");
} // namespace

StateDatabasePanel::StateDatabasePanel(ConsoleSettings* settings, const QString& inUse, QWidget* parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_driver(new QComboBox(this))
    , m_host(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_database(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_passwordFile(new QLineEdit(this))
    , m_sslmode(new QComboBox(this))
    , m_test(new QPushButton(tr("Test co&nnection"), this))
    , m_status(new QLabel(this))
{
    using K = ConsoleSettings::Key;
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* current = new QLabel(tr("In use: %1").arg(inUse), this);
    current->setObjectName(QStringLiteral("stateInUse"));
    current->setTextInteractionFlags(Qt::TextSelectableByMouse);
    outer->addWidget(current);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    outer->addLayout(form);
    m_driver->setObjectName(QStringLiteral("stateDriver"));
    m_driver->addItem(tr("SQLite on this computer"), QStringLiteral("sqlite"));
    m_driver->addItem(tr("PostgreSQL, shared with other consoles"), QStringLiteral("postgresql"));
    m_driver->setCurrentIndex(qMax(0, m_driver->findData(settings->value(K::StateDriver).toString())));
    form->addRow(tr("Database:"), m_driver);

    m_host->setObjectName(QStringLiteral("stateHost"));
    m_host->setText(settings->value(K::StateHost).toString());
    m_host->setMinimumWidth(240);
    form->addRow(tr("Host:"), m_host);
    m_port->setObjectName(QStringLiteral("statePort"));
    m_port->setRange(1, 65535);
    m_port->setValue(settings->value(K::StatePort).toInt());
    form->addRow(tr("Port:"), m_port);
    m_database->setObjectName(QStringLiteral("stateDatabase"));
    m_database->setText(settings->value(K::StateDatabase).toString());
    form->addRow(tr("Database name:"), m_database);
    m_user->setObjectName(QStringLiteral("stateUser"));
    m_user->setText(settings->value(K::StateUser).toString());
    form->addRow(tr("User:"), m_user);
    m_passwordFile->setObjectName(QStringLiteral("statePasswordFile"));
    m_passwordFile->setText(settings->value(K::StatePasswordFile).toString());
    m_passwordFile->setPlaceholderText(tr("file holding the password; empty = trust, peer or ~/.pgpass"));
    m_passwordFile->setMinimumWidth(360);
    form->addRow(tr("Password file:"), m_passwordFile);
    m_sslmode->setObjectName(QStringLiteral("stateSslMode"));
    m_sslmode->addItem(tr("libpq's default (prefer)"), QString());
    for (const char* mode : { "disable", "allow", "prefer", "require", "verify-ca", "verify-full" })
        m_sslmode->addItem(QString::fromLatin1(mode), QString::fromLatin1(mode));
    m_sslmode->setCurrentIndex(qMax(0, m_sslmode->findData(settings->value(K::StateSslMode).toString())));
    form->addRow(tr("TLS (sslmode):"), m_sslmode);

    auto* row = new QHBoxLayout;
    m_test->setObjectName(QStringLiteral("stateTest"));
    row->addWidget(m_test);
    m_status->setObjectName(QStringLiteral("stateStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    row->addWidget(m_status, 1);
    outer->addLayout(row);
    auto* note = new QLabel(tr("A change applies when OpsDeck starts next."), this);
    note->setEnabled(false);
    outer->addWidget(note);

    connect(m_driver, &QComboBox::currentIndexChanged, this, [this] {
        updateEnabled();
        save();
    });
    for (QLineEdit* edit : { m_host, m_database, m_user, m_passwordFile })
        connect(edit, &QLineEdit::editingFinished, this, &StateDatabasePanel::save);
    connect(m_port, &QSpinBox::valueChanged, this, &StateDatabasePanel::save);
    connect(m_sslmode, &QComboBox::currentIndexChanged, this, &StateDatabasePanel::save);
    connect(m_test, &QPushButton::clicked, this, &StateDatabasePanel::test);
    updateEnabled();
}

void StateDatabasePanel::save()
{
    using K = ConsoleSettings::Key;
    m_settings->setValue(K::StateDriver, m_driver->currentData().toString());
    m_settings->setValue(K::StateHost, m_host->text().trimmed());
    m_settings->setValue(K::StatePort, m_port->value());
    m_settings->setValue(K::StateDatabase, m_database->text().trimmed());
    m_settings->setValue(K::StateUser, m_user->text().trimmed());
    m_settings->setValue(K::StatePasswordFile, m_passwordFile->text().trimmed());
    m_settings->setValue(K::StateSslMode, m_sslmode->currentData().toString());
}

void StateDatabasePanel::updateEnabled()
{
    const bool server = m_driver->currentData().toString() == QLatin1String("postgresql");
    for (QWidget* w :
        std::initializer_list<QWidget*> { m_host, m_port, m_database, m_user, m_passwordFile, m_sslmode })
        w->setEnabled(server);
    m_test->setEnabled(server);
}

void StateDatabasePanel::test()
{
    save();
    opsdeck::storage::StateLocation location;
    location.driver = opsdeck::storage::StateLocation::Driver::Postgresql;
    location.host = m_host->text().trimmed();
    location.port = m_port->value();
    location.database = m_database->text().trimmed();
    location.user = m_user->text().trimmed();
    location.sslmode = m_sslmode->currentData().toString();
    const QString passwordFile = m_passwordFile->text().trimmed();
    const int generation = ++m_testGeneration;
    showResult(true, tr("Connecting to %1…").arg(location.describe()));
    m_status->setStyleSheet(QString());
    // A connect can take the full timeout: never on the GUI thread.
    QPointer<StateDatabasePanel> guard(this);
    QThread* thread = QThread::create([guard, location, passwordFile, generation]() mutable {
        opsdeck::storage::Database::Check check;
        QString error;
        if (!passwordFile.isEmpty()) {
            const auto password = opsdeck::storage::StateLocation::readPasswordFile(passwordFile, &error);
            if (password)
                location.password = *password;
            else
                check.text = error;
        }
        if (error.isEmpty())
            check = opsdeck::storage::Database::checkLocation(location);
        if (!guard)
            return;
        QMetaObject::invokeMethod(
            guard.data(),
            [guard, generation, check] {
                if (guard && generation == guard->m_testGeneration)
                    guard->showResult(check.ok, check.text);
            },
            Qt::QueuedConnection);
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void StateDatabasePanel::showResult(bool ok, const QString& text)
{
    // Colour is not the only signal: the text says what happened.
    m_status->setText(ok ? text : tr("Failed: %1").arg(text));
    m_status->setStyleSheet(ok ? kOkStyle : kErrorStyle);
}
