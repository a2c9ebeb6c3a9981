#include "profiler/DatabaseTargetDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

DatabaseTargetDialog::DatabaseTargetDialog(const QStringList& takenNames, QWidget* parent)
    : QDialog(parent)
    , m_taken(takenNames)
{
    setWindowTitle(tr("Add database target"));
    auto* form = new QFormLayout(this);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("databaseName"));
    m_name->setPlaceholderText(tr("mes-db"));
    form->addRow(tr("Name"), m_name);
    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("databaseType"));
    m_type->addItem(tr("PostgreSQL"), QStringLiteral("postgresql"));
    m_type->addItem(tr("Redis"), QStringLiteral("redis"));
    form->addRow(tr("Type"), m_type);
    m_host = new QLineEdit(QStringLiteral("127.0.0.1"), this);
    m_host->setObjectName(QStringLiteral("databaseHost"));
    form->addRow(tr("Host"), m_host);
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("databasePort"));
    m_port->setRange(1, 65535);
    m_port->setValue(5432);
    form->addRow(tr("Port"), m_port);
    m_database = new QLineEdit(this);
    m_database->setObjectName(QStringLiteral("databaseDatabase"));
    m_database->setPlaceholderText(tr("the user's name"));
    form->addRow(tr("Database"), m_database);
    m_user = new QLineEdit(this);
    m_user->setObjectName(QStringLiteral("databaseUser"));
    form->addRow(tr("User"), m_user);
    m_postgresRows[0] = m_host;
    m_postgresRows[1] = m_port;
    m_postgresRows[2] = m_database;
    m_postgresRows[3] = m_user;
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("databaseUrl"));
    m_url->setPlaceholderText(QStringLiteral("redis://127.0.0.1:6379"));
    form->addRow(tr("URL"), m_url);
    m_passwordFile = new QLineEdit(this);
    m_passwordFile->setObjectName(QStringLiteral("databasePasswordFile"));
    m_passwordFile->setPlaceholderText(tr("/etc/opsdeck/mes-db.password (optional)"));
    form->addRow(tr("Password file"), m_passwordFile);
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    form->addRow(m_problem);
    auto* note = new QLabel(tr("PostgreSQL targets need the pg_stat_statements extension for the top statements. "
                               "Changes apply when OpsDeck starts next."),
        this);
    note->setWordWrap(true);
    form->addRow(note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Save);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);

    auto* layout = form;
    const auto toggle = [this, layout] {
        const bool redis = m_type->currentData().toString() == u"redis";
        for (QWidget* w : m_postgresRows)
            layout->setRowVisible(w, !redis);
        layout->setRowVisible(m_url, redis);
        updateState();
    };
    connect(m_type, &QComboBox::currentIndexChanged, this, toggle);
    for (QLineEdit* edit : { m_name, m_host, m_user, m_url, m_passwordFile })
        connect(edit, &QLineEdit::textChanged, this, &DatabaseTargetDialog::updateState);
    toggle();
}

ConsoleSettings::ProfilerDatabase DatabaseTargetDialog::target() const
{
    ConsoleSettings::ProfilerDatabase d;
    d.name = m_name->text().trimmed();
    d.type = m_type->currentData().toString();
    if (d.type == u"redis") {
        d.url = m_url->text().trimmed();
    } else {
        d.host = m_host->text().trimmed();
        d.port = m_port->value();
        d.database = m_database->text().trimmed();
        d.user = m_user->text().trimmed();
    }
    d.passwordFile = m_passwordFile->text().trimmed();
    return d;
}

QString DatabaseTargetDialog::problem() const
{
    const auto d = target();
    if (d.name.isEmpty())
        return tr("Give the target a name.");
    if (m_taken.contains(d.name))
        return tr("A target named %1 exists already.").arg(d.name);
    if (d.type == u"redis" && !d.url.startsWith(u"redis://") && !d.url.startsWith(u"rediss://"))
        return tr("The URL must start with redis:// or rediss://.");
    if (d.type != u"redis" && d.host.isEmpty())
        return tr("Enter the host.");
    if (d.type != u"redis" && d.user.isEmpty())
        return tr("Enter the user.");
    if (!d.passwordFile.isEmpty() && !QFileInfo(d.passwordFile).isReadable())
        return tr("The password file %1 cannot be read.").arg(d.passwordFile);
    return {};
}

void DatabaseTargetDialog::updateState()
{
    const QString why = problem();
    m_problem->setText(why);
    m_ok->setEnabled(why.isEmpty());
}
