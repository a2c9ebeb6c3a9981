#pragma once

#include <QWidget>

class AlertmanagersPanel;
class ConsoleSettings;
class QComboBox;
class QCheckBox;
class QLabel;

namespace opsdeck {
class Engine;
}

// Console preferences in tabs. General: theme (follow the desktop, light,
// dark), the tray icon, who acknowledges, the notifications and capacity
// files, where state and settings live. Then one tab per system the console
// talks to: Data sources (DataSourcesPanel), Remote write
// (RemoteWritePanel), Alertmanagers (AlertmanagersPanel). Changes apply at
// once and are saved through ConsoleSettings or the state database.
class SettingsPage final : public QWidget
{
    Q_OBJECT

public:
    // engine: its data sources, remote write, alerts and database; null
    // (or not started) leaves those tabs saying so.
    SettingsPage(ConsoleSettings* settings, opsdeck::Engine* engine = nullptr, QWidget* parent = nullptr);

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
    AlertmanagersPanel* m_alertmanagers = nullptr;
    QLabel* m_alertingStatus = nullptr;
    QComboBox* m_theme;
    QCheckBox* m_tray;
};
