#include "SettingsPage.h"

#include "Dialogs.h"

#include "Engine.h"
#include "settings/AlertmanagersPanel.h"
#include "settings/CacheSettingsPanel.h"
#include "settings/ConsoleSettings.h"
#include "settings/DataSourcesPanel.h"
#include "settings/FileRow.h"
#include "settings/RemoteWritePanel.h"
#include "settings/StateDatabasePanel.h"
#include "storage/Database.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>

SettingsPage::SettingsPage(ConsoleSettings* settings, opsdeck::Engine* engine, QWidget* parent)
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

    // General settings first; each connection to another system on its own tab.
    auto* tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("settingsTabs"));
    tabs->setDocumentMode(true);
    outer->addWidget(tabs, 1);
    const auto addTab = [tabs](QWidget* content, const QString& title, const QString& intro) {
        auto* page = new QWidget(tabs);
        auto* layout = new QVBoxLayout(page);
        layout->setContentsMargins(0, 16, 0, 0);
        if (!intro.isEmpty()) {
            auto* label = new QLabel(intro, page);
            label->setWordWrap(true);
            label->setMaximumWidth(900);
            layout->addWidget(label);
        }
        content->setParent(page);
        layout->addWidget(content);
        layout->addStretch(1);
        tabs->addTab(page, title);
    };
    auto* general = new QWidget(this);
    auto* form = new QFormLayout(general);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);

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

    auto* notifications = new FileRow(QStringLiteral("alertingConfig"),
        settings->value(ConsoleSettings::Key::AlertingConfigFile).toString(),
        tr("receivers and routes (YAML), e.g. /etc/opsdeck/headless.yml"), tr("Receivers and routes"), this);
    form->addRow(tr("Notifications:"), notifications);
    m_alertingStatus = new QLabel(this);
    m_alertingStatus->setObjectName(QStringLiteral("alertingConfigStatus"));
    m_alertingStatus->setWordWrap(true);
    m_alertingStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(QString(), m_alertingStatus);
    connect(notifications, &FileRow::chosen, this, [this](const QString& path) {
        m_settings->setValue(ConsoleSettings::Key::AlertingConfigFile, path);
        emit alertingConfigChosen(path);
    });

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

    auto* settingsFile = new QLabel(settings->filePath(), this);
    settingsFile->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Settings file:"), settingsFile);
    form->addRow(tr("Version:"), new QLabel(QStringLiteral(OPSDECK_VERSION), this));
    addTab(general, tr("General"), {});

    addTab(new DataSourcesPanel(engine ? engine->dataSources() : nullptr, this), tr("Data sources"),
        tr("Remote Prometheus-compatible servers (Prometheus, VictoriaMetrics, Thanos, Mimir) that dashboards "
           "and rule groups can query instead of this console's own data."));
    addTab(new RemoteWritePanel(settings, engine, this), tr("Remote write"),
        tr("Everything this console scrapes can also go to a long-term store by Prometheus remote write. "
           "Samples wait in a bounded buffer while a receiver is away."));
    m_alertmanagers = new AlertmanagersPanel(engine ? engine->alertService() : nullptr, this);
    addTab(m_alertmanagers, tr("Alertmanagers"),
        tr("External Alertmanagers get every firing and resolved alert, as Prometheus sends them, beside "
           "this console's own receivers."));
    addTab(
        new StateDatabasePanel(settings,
            engine && engine->database() ? engine->database()->filePath() : tr("none (the engine did not start)"),
            this),
        tr("State database"),
        tr("Where this console keeps alerts, acknowledgements, silences, rules and dashboards: this computer, or "
           "a "
           "PostgreSQL database shared with the other consoles of a control room."));
    addTab(new CacheSettingsPanel(settings, this), tr("Cache"),
        tr("Query results of dashboards, rule previews and capacity plans are kept in memory, in a Redis shared "
           "with other consoles, and in this computer's database, so a dashboard over a remote server opens "
           "at once the second time."));
    tabs->setCurrentIndex(
        std::clamp(settings->value(ConsoleSettings::Key::SettingsTab).toInt(), 0, tabs->count() - 1));
    connect(tabs, &QTabWidget::currentChanged, this,
        [this](int index) { m_settings->setValue(ConsoleSettings::Key::SettingsTab, index); });
}

void SettingsPage::setAlertingConfigStatus(const QString& text, bool ok)
{
    m_alertmanagers->reload();
    m_alertingStatus->setText(text);
    // Colour is not the only signal: the text says whether it loaded.
    m_alertingStatus->setStyleSheet(ok ? QString() : QStringLiteral("color: #d32f2f;"));
}
