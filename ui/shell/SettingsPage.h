#pragma once

#include <QWidget>

class ConsoleSettings;
class QComboBox;
class QCheckBox;

// Console preferences: theme (follow the desktop, light, dark) and the tray
// icon; shows where state and settings live. Changes apply at once and are
// saved through ConsoleSettings.
class SettingsPage final : public QWidget
{
    Q_OBJECT

public:
    SettingsPage(ConsoleSettings* settings, const QString& databasePath, QWidget* parent = nullptr);

signals:
    void themeChanged(const QString& mode);
    void trayIconToggled(bool visible);

private:
    ConsoleSettings* m_settings;
    QComboBox* m_theme;
    QCheckBox* m_tray;
};
