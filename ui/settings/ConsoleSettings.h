#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QVariant>

#include <memory>
#include <optional>

#include "cache/CacheConfig.h"
#include "profiler/ProfilerConfig.h"
#include "storage/StateLocation.h"

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
        // The state database (applied at the next start): "sqlite" (the
        // default, this computer) or "postgresql" (shared with other consoles).
        StateDriver,
        StateHost, // QString
        StatePort, // int
        StateDatabase, // QString
        StateUser, // QString
        StatePasswordFile, // QString path; empty = trust, peer or ~/.pgpass
        StateSslMode, // QString libpq sslmode; empty = libpq's default
        // The query-result cache (Settings -> Cache, applied at the next
        // start; the fields of the headless file's cache: section).
        CacheEnabled, // bool
        CacheL1Enabled, // bool
        CacheL1MaxMiB, // int
        CacheL1Policy, // QString lru | sieve | s3fifo | tinylfu
        CacheL1Dynamic, // bool: the L1 budget follows the miss-ratio curve up to CacheL1MaxMiB
        CacheRedisUrl, // QString redis://...; empty = no L2
        CacheRedisPasswordFile, // QString path; empty = the URL's password, if any
        CacheL3Enabled, // bool
        CacheL3MaxMiB, // int
        CacheTtlHours, // int
        CacheFreshnessMinutes, // int
        CacheLocalSource, // bool
        // The Cache page's Redis servers: one "url<TAB>password file" per entry.
        CacheRedisInstances, // QStringList
        // The Profiler's database targets: one compact JSON object per entry (see ProfilerDatabase).
        ProfilerDatabases, // QStringList
    };

    // A database target the Profiler analyses (PostgreSQL pg_stat_* or Redis slow log and
    // latency), as the engine's profiler::DatabaseTarget wants it; the lead converts these to
    // ProfilerConfig::databases at engine start. Never a password: a file naming it.
    struct ProfilerDatabase
    {
        QString name; // unique
        QString type = QStringLiteral("postgresql"); // "postgresql" | "redis"
        QString host = QStringLiteral("127.0.0.1"); // postgresql
        int port = 5432; // postgresql
        QString database; // postgresql; empty = the user's name
        QString user; // postgresql
        QString passwordFile; // empty = none (peer/trust auth, or the URL's)
        QString url; // redis://host:port[/db]
        bool operator==(const ProfilerDatabase&) const = default;
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
    // The State database settings as a location (its password read from the
    // password file); nullopt with *error when that file cannot be read.
    // driver sqlite: an SQLite location with an empty path (the default file).
    std::optional<opsdeck::storage::StateLocation> stateLocation(QString* error) const;

    // The Cache settings as the engine's cache configuration.
    opsdeck::cache::CacheConfig cacheConfig() const;

    // The Profiler's database targets (Key::ProfilerDatabases); entries that do not parse are skipped.
    QList<ProfilerDatabase> profilerDatabases() const;
    // The same targets as the engine's profiler: section takes them (applied at the next start).
    QList<opsdeck::profiler::DatabaseTarget> profilerDatabaseTargets() const;
    void setProfilerDatabases(const QList<ProfilerDatabase>& databases);

signals:
    void changed(ConsoleSettings::Key key);

private:
    std::unique_ptr<QSettings> m_settings;
};
