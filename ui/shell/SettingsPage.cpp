#include "SettingsPage.h"

#include "Dialogs.h"

#include "settings/ConsoleSettings.h"
#include "settings/DataSourcesPanel.h"
#include "settings/StateDatabasePanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

SettingsPage::SettingsPage(ConsoleSettings* settings, const QString& databasePath,
    opsdeck::sources::DataSourceCatalog* sources, QWidget* parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_theme(new QComboBox(this))
    , m_tray(new QCheckBox(this))
{
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(32, 28, 32, 28);
    auto* heading = new QLabel(tr("Settings"), this);
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.5);
    font.setBold(true);
    heading->setFont(font);
    outer->addWidget(heading);
    outer->addSpacing(8);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    outer->addLayout(form);

    m_theme->setObjectName(QStringLiteral("themeChoice"));
    m_theme->addItem(tr("Follow the desktop"), QStringLiteral("system"));
    m_theme->addItem(tr("Light"), QStringLiteral("light"));
    m_theme->addItem(tr("Dark"), QStringLiteral("dark"));
    m_theme->setCurrentIndex(qMax(0, m_theme->findData(settings->theme())));
    form->addRow(tr("Theme:"), m_theme);
    connect(m_theme, &QComboBox::currentIndexChanged, this, [this]() {
        const QString mode = m_theme->currentData().toString();
        m_settings->setValue(ConsoleSettings::Key::Theme, mode);
        emit themeChanged(mode);
    });

    m_tray->setObjectName(QStringLiteral("trayChoice"));
    m_tray->setText(tr("Show an icon with the firing alert count in the system tray"));
    m_tray->setChecked(settings->showTrayIcon());
    form->addRow(tr("Tray:"), m_tray);
    connect(m_tray, &QCheckBox::toggled, this, [this](bool on) {
        m_settings->setValue(ConsoleSettings::Key::ShowTrayIcon, on);
        emit trayIconToggled(on);
    });

    // Who acknowledges, and where receivers and routes come from.
    auto* operatorName = new QLineEdit(settings->value(ConsoleSettings::Key::OperatorName).toString(), this);
    operatorName->setObjectName(QStringLiteral("operatorName"));
    operatorName->setPlaceholderText(qEnvironmentVariable("USER"));
    operatorName->setMinimumWidth(240);
    form->addRow(tr("Acknowledge as:"), operatorName);
    connect(operatorName, &QLineEdit::editingFinished, this, [this, operatorName] {
        m_settings->setValue(ConsoleSettings::Key::OperatorName, operatorName->text().trimmed());
        emit operatorNameChanged(operatorName->text().trimmed());
    });

    auto* notifications = new QWidget(this);
    auto* row = new QHBoxLayout(notifications);
    row->setContentsMargins(0, 0, 0, 0);
    m_alertingPath
        = new QLineEdit(settings->value(ConsoleSettings::Key::AlertingConfigFile).toString(), notifications);
    m_alertingPath->setObjectName(QStringLiteral("alertingConfigPath"));
    m_alertingPath->setPlaceholderText(tr("receivers and routes (YAML), e.g. /etc/opsdeck/headless.yml"));
    m_alertingPath->setMinimumWidth(420);
    auto* browse = new QPushButton(tr("&Browse…"), notifications);
    auto* load = new QPushButton(tr("&Load"), notifications);
    load->setObjectName(QStringLiteral("alertingConfigLoad"));
    row->addWidget(m_alertingPath, 1);
    row->addWidget(browse);
    row->addWidget(load);
    form->addRow(tr("Notifications:"), notifications);
    m_alertingStatus = new QLabel(this);
    m_alertingStatus->setObjectName(QStringLiteral("alertingConfigStatus"));
    m_alertingStatus->setWordWrap(true);
    m_alertingStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(QString(), m_alertingStatus);
    const auto choose = [this] {
        const QString path = m_alertingPath->text().trimmed();
        m_settings->setValue(ConsoleSettings::Key::AlertingConfigFile, path);
        emit alertingConfigChosen(path);
    };
    connect(load, &QPushButton::clicked, this, choose);
    connect(m_alertingPath, &QLineEdit::returnPressed, this, choose);
    connect(browse, &QPushButton::clicked, this, [this, choose] {
        const QString path = Dialogs::openFile(this, tr("Receivers and routes"), m_alertingPath->text(),
            tr("YAML files (*.yml *.yaml);;All files (*)"));
        if (path.isEmpty())
            return;
        m_alertingPath->setText(path);
        choose();
    });

    form->addRow(tr("Data sources:"), new DataSourcesPanel(sources, this));

    // Capacity resources: ceilings, lead times, request capacity, custom
    // resources (capacity/ResourceFile.h); applied at the Capacity page's next refresh.
    auto* resources = new QWidget(this);
    auto* resourcesRow = new QHBoxLayout(resources);
    resourcesRow->setContentsMargins(0, 0, 0, 0);
    auto* resourcesPath
        = new QLineEdit(settings->value(ConsoleSettings::Key::CapacityResourcesFile).toString(), resources);
    resourcesPath->setObjectName(QStringLiteral("capacityResourcesPath"));
    resourcesPath->setPlaceholderText(tr("ceilings, lead times, request capacity (YAML); empty = the defaults"));
    resourcesPath->setMinimumWidth(420);
    auto* resourcesBrowse = new QPushButton(tr("B&rowse…"), resources);
    resourcesRow->addWidget(resourcesPath, 1);
    resourcesRow->addWidget(resourcesBrowse);
    form->addRow(tr("Capacity resources:"), resources);
    const auto chooseResources = [this, resourcesPath] {
        const QString path = resourcesPath->text().trimmed();
        m_settings->setValue(ConsoleSettings::Key::CapacityResourcesFile, path);
        emit capacityResourcesChosen(path);
    };
    connect(resourcesPath, &QLineEdit::editingFinished, this, chooseResources);
    connect(resourcesBrowse, &QPushButton::clicked, this, [this, resourcesPath, chooseResources] {
        const QString path = Dialogs::openFile(
            this, tr("Capacity resources"), resourcesPath->text(), tr("YAML files (*.yml *.yaml);;All files (*)"));
        if (path.isEmpty())
            return;
        resourcesPath->setText(path);
        chooseResources();
    });

    const QLocale locale;
    QString languageName = locale.nativeLanguageName();
    if (languageName.isEmpty())
        languageName = QLocale::languageToString(locale.language());
    auto* language
        = new QLabel(tr("%1, %2 (from the system locale; OpsDeck is translated into English and German)")
                         .arg(languageName, locale.bcp47Name()),
            this);
    form->addRow(tr("Language:"), language);

    form->addRow(tr("State database:"), new StateDatabasePanel(settings, databasePath, this));
    auto* settingsFile = new QLabel(settings->filePath(), this);
    settingsFile->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Settings file:"), settingsFile);
    form->addRow(tr("Version:"), new QLabel(QStringLiteral(OPSDECK_VERSION), this));
    outer->addStretch(1);
}

void SettingsPage::setAlertingConfigStatus(const QString& text, bool ok)
{
    m_alertingStatus->setText(text);
    // Colour is not the only signal: the text says whether it loaded.
    m_alertingStatus->setStyleSheet(ok ? QString() : QStringLiteral("color: #d32f2f;"));
}
