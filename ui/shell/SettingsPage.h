#pragma once

#include <QWidget>

class ConsoleSettings;
class QComboBox;
class QCheckBox;
class QLabel;
class QLineEdit;

namespace opsdeck::sources {
class DataSourceCatalog;
}

// Console preferences: theme (follow the desktop, light, dark) and the tray
// icon, the remote data sources (DataSourcesPanel); shows where state and settings live. Changes apply at once and
// are saved through ConsoleSettings.
class SettingsPage final : public QWidget
{
    Q_OBJECT

public:
    // sources: the engine's data sources (null when it did not start).
    SettingsPage(ConsoleSettings* settings, const QString& databasePath,
        opsdeck::sources::DataSourceCatalog* sources = nullptr, QWidget* parent = nullptr);

    // What the last load of the notifications file said (shown under the path).
    void setAlertingConfigStatus(const QString& text, bool ok);

signals:
    void themeChanged(const QString& mode);
    void trayIconToggled(bool visible);
    // Load (or reload) the receivers/routes file; empty = no notifications.
    void alertingConfigChosen(const QString& path);
    void capacityResourcesChosen(const QString& path);
    void operatorNameChanged(const QString& name);

private:
    ConsoleSettings* m_settings;
    QLineEdit* m_alertingPath = nullptr;
    QLabel* m_alertingStatus = nullptr;
    QComboBox* m_theme;
    QCheckBox* m_tray;
};
