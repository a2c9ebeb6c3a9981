#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QVariant>

#include <memory>

class QSettings;

// The console's own preferences (window geometry, last page, time range,
// theme, ...) over QSettings, typed: every key is an enum value with its
// default in one table in ConsoleSettings.cpp, so no raw string keys appear
// in the UI (CONVENTIONS.md, Settings). Engine state (targets, dashboards)
// lives in SQLite, not here. setValue() emits changed(key) when the value
// differs (KeePassXC Config::set), so the window reacts to a setting in one
// place whoever changed it.
class ConsoleSettings final : public QObject
{
    Q_OBJECT

public:
    enum class Key {
        WindowGeometry, // QByteArray from QMainWindow::saveGeometry
        WindowState, // QByteArray from QMainWindow::saveState
        LastPage, // QString page id ("dashboard", "agents", ...)
        SettingsTab, // int: the Settings page's tab (General, Data sources, Remote write, Alertmanagers)
        TimeRangeMs, // qint64 dashboard window
        HostFilter, // QString instance, empty = all hosts
        Theme, // QString "system" | "light" | "dark"
        ShowTrayIcon, // bool
        AgentsTableState, // QByteArray from AgentsPage::saveTableState (column widths, sort)
        AlertsTableState, // QByteArray from AlertsPage::saveTableState
        CapacityTableState, // QByteArray from CapacityPage::saveTableState
        CapacityResourcesFile, // QString path of the capacity resources YAML; empty = the defaults
        OperatorName, // QString shown as who acknowledged; empty = the OS user name
        AlertingConfigFile, // QString path of the receivers/routes YAML; empty = no notifications
        RemoteWriteConfigFile, // QString path of a YAML with remote_write:; empty = send nothing
    };

    // filePath empty: <AppConfigLocation>/opsdeck.conf (redirected by
    // QStandardPaths::setTestModeEnabled in tests).
    explicit ConsoleSettings(const QString& filePath = {}, QObject* parent = nullptr);
    ~ConsoleSettings() override;
    ConsoleSettings(const ConsoleSettings&) = delete;
    ConsoleSettings& operator=(const ConsoleSettings&) = delete;

    QVariant value(Key key) const;
    void setValue(Key key, const QVariant& value);
    void sync();
    QString filePath() const;

    // Typed accessors for the keys the UI reads most.
    QString lastPage() const { return value(Key::LastPage).toString(); }
    qint64 timeRangeMs() const { return value(Key::TimeRangeMs).toLongLong(); }
    QString hostFilter() const { return value(Key::HostFilter).toString(); }
    QString theme() const { return value(Key::Theme).toString(); }
    bool showTrayIcon() const { return value(Key::ShowTrayIcon).toBool(); }

signals:
    void changed(ConsoleSettings::Key key);

private:
    std::unique_ptr<QSettings> m_settings;
};
