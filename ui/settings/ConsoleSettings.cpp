#include "ConsoleSettings.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QStandardPaths>

namespace {

struct Entry
{
    ConsoleSettings::Key key;
    const char* name;
    QVariant defaultValue;
};

const Entry& entry(ConsoleSettings::Key key)
{
    using K = ConsoleSettings::Key;
    static const Entry table[] = {
        { K::WindowGeometry, "window/geometry", QByteArray() },
        { K::WindowState, "window/state", QByteArray() },
        { K::LastPage, "window/lastPage", QStringLiteral("dashboard") },
        { K::SettingsTab, "window/settingsTab", 0 },
        { K::TimeRangeMs, "dashboard/timeRangeMs", qint64(15 * 60 * 1000) },
        { K::HostFilter, "dashboard/hostFilter", QString() },
        { K::Theme, "appearance/theme", QStringLiteral("system") },
        { K::ShowTrayIcon, "appearance/showTrayIcon", true },
        { K::AgentsTableState, "agents/tableState", QByteArray() },
        { K::AlertsTableState, "alerts/tableState", QByteArray() },
        { K::CapacityTableState, "capacity/tableState", QByteArray() },
        { K::CapacityResourcesFile, "capacity/resourcesFile", QString() },
        { K::OperatorName, "alerts/operatorName", QString() },
        { K::AlertingConfigFile, "alerts/configFile", QString() },
        { K::RemoteWriteConfigFile, "remoteWrite/configFile", QString() },
        { K::StateDriver, "state/driver", QStringLiteral("sqlite") },
        { K::StateHost, "state/host", QStringLiteral("127.0.0.1") },
        { K::StatePort, "state/port", 5432 },
        { K::StateDatabase, "state/database", QStringLiteral("opsdeck") },
        { K::StateUser, "state/user", QString() },
        { K::StatePasswordFile, "state/passwordFile", QString() },
        { K::StateSslMode, "state/sslmode", QString() },
        { K::CacheEnabled, "cache/enabled", true },
        { K::CacheL1Enabled, "cache/l1Enabled", true },
        { K::CacheL1MaxMiB, "cache/l1MaxMiB", 256 },
        { K::CacheL1Policy, "cache/l1Policy", QStringLiteral("s3fifo") },
        { K::CacheL1Dynamic, "cache/l1Dynamic", true },
        { K::CacheRedisUrl, "cache/redisUrl", QString() },
        { K::CacheRedisPasswordFile, "cache/redisPasswordFile", QString() },
        { K::CacheL3Enabled, "cache/l3Enabled", true },
        { K::CacheL3MaxMiB, "cache/l3MaxMiB", 1024 },
        { K::CacheTtlHours, "cache/ttlHours", 24 },
        { K::CacheFreshnessMinutes, "cache/freshnessMinutes", 10 },
        { K::CacheLocalSource, "cache/localSource", false },
        { K::CacheRedisInstances, "cache/redisInstances", QStringList() },
        { K::ProfilerDatabases, "profiler/databases", QStringList() },
    };
    for (const Entry& e : table) {
        if (e.key == key)
            return e;
    }
    Q_UNREACHABLE();
}

} // namespace

ConsoleSettings::ConsoleSettings(const QString& filePath, QObject* parent)
    : QObject(parent)
{
    QString path = filePath;
    if (path.isEmpty()) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
        QDir().mkpath(dir);
        path = dir + QStringLiteral("/opsdeck.conf");
    }
    m_settings = std::make_unique<QSettings>(path, QSettings::IniFormat);
}

ConsoleSettings::~ConsoleSettings() = default;

QVariant ConsoleSettings::value(Key key) const
{
    const Entry& e = entry(key);
    QVariant v = m_settings->value(QLatin1String(e.name), e.defaultValue);
    // A hand-edited file may hold the wrong type: fall back to the default.
    if (e.defaultValue.isValid() && !v.canConvert(e.defaultValue.metaType()))
        return e.defaultValue;
    return v;
}

void ConsoleSettings::setValue(Key key, const QVariant& value)
{
    if (m_settings->contains(QLatin1String(entry(key).name)) && this->value(key) == value)
        return;
    m_settings->setValue(QLatin1String(entry(key).name), value);
    emit changed(key);
}

void ConsoleSettings::sync()
{
    m_settings->sync();
}

QString ConsoleSettings::filePath() const
{
    return m_settings->fileName();
}

std::optional<opsdeck::storage::StateLocation> ConsoleSettings::stateLocation(QString* error) const
{
    using opsdeck::storage::StateLocation;
    StateLocation location;
    if (value(Key::StateDriver).toString() != QLatin1String("postgresql"))
        return location;
    location.driver = StateLocation::Driver::Postgresql;
    location.host = value(Key::StateHost).toString();
    location.port = value(Key::StatePort).toInt();
    location.database = value(Key::StateDatabase).toString();
    location.user = value(Key::StateUser).toString();
    location.sslmode = value(Key::StateSslMode).toString();
    const QString passwordFile = value(Key::StatePasswordFile).toString();
    if (!passwordFile.isEmpty()) {
        const auto password = StateLocation::readPasswordFile(passwordFile, error);
        if (!password)
            return std::nullopt;
        location.password = *password;
    }
    return location;
}

QList<opsdeck::profiler::DatabaseTarget> ConsoleSettings::profilerDatabaseTargets() const
{
    QList<opsdeck::profiler::DatabaseTarget> targets;
    for (const ProfilerDatabase& d : profilerDatabases()) {
        opsdeck::profiler::DatabaseTarget t;
        t.name = d.name;
        t.type = d.type == QLatin1String("redis") ? opsdeck::profiler::DatabaseTarget::Redis
                                                  : opsdeck::profiler::DatabaseTarget::PostgreSql;
        t.host = d.host;
        t.port = d.port;
        t.database = d.database;
        t.user = d.user;
        t.passwordFile = d.passwordFile;
        t.url = d.url;
        targets.append(t);
    }
    return targets;
}

opsdeck::cache::CacheConfig ConsoleSettings::cacheConfig() const
{
    opsdeck::cache::CacheConfig c;
    c.enabled = value(Key::CacheEnabled).toBool();
    c.l1Enabled = value(Key::CacheL1Enabled).toBool();
    c.l1MaxBytes = std::max(1, value(Key::CacheL1MaxMiB).toInt()) * 1024LL * 1024;
    c.l1Policy = opsdeck::cache::policyFromName(value(Key::CacheL1Policy).toString())
                     .value_or(opsdeck::cache::PolicyKind::S3Fifo);
    c.l1Dynamic = value(Key::CacheL1Dynamic).toBool();
    c.l2Url = value(Key::CacheRedisUrl).toString().trimmed();
    c.l2PasswordFile = value(Key::CacheRedisPasswordFile).toString().trimmed();
    c.l3Enabled = value(Key::CacheL3Enabled).toBool();
    c.l3MaxBytes = std::max(1, value(Key::CacheL3MaxMiB).toInt()) * 1024LL * 1024;
    c.ttlMs = std::max(1, value(Key::CacheTtlHours).toInt()) * 3600LL * 1000;
    c.freshnessMs = std::max(1, value(Key::CacheFreshnessMinutes).toInt()) * 60LL * 1000;
    c.cacheLocalSource = value(Key::CacheLocalSource).toBool();
    return c;
}

QList<ConsoleSettings::ProfilerDatabase> ConsoleSettings::profilerDatabases() const
{
    QList<ProfilerDatabase> out;
    for (const QString& entry : value(Key::ProfilerDatabases).toStringList()) {
        const QJsonObject o = QJsonDocument::fromJson(entry.toUtf8()).object();
        ProfilerDatabase d;
        d.name = o.value(u"name").toString().trimmed();
        if (d.name.isEmpty())
            continue;
        d.type = o.value(u"type").toString(d.type);
        d.host = o.value(u"host").toString(d.host);
        d.port = o.value(u"port").toInt(d.port);
        d.database = o.value(u"database").toString();
        d.user = o.value(u"user").toString();
        d.passwordFile = o.value(u"password_file").toString();
        d.url = o.value(u"url").toString();
        out.append(d);
    }
    return out;
}

void ConsoleSettings::setProfilerDatabases(const QList<ProfilerDatabase>& databases)
{
    QStringList entries;
    for (const ProfilerDatabase& d : databases) {
        QJsonObject o { { QStringLiteral("name"), d.name }, { QStringLiteral("type"), d.type } };
        if (d.type == u"redis") {
            o.insert(QStringLiteral("url"), d.url);
        } else {
            o.insert(QStringLiteral("host"), d.host);
            o.insert(QStringLiteral("port"), d.port);
            o.insert(QStringLiteral("database"), d.database);
            o.insert(QStringLiteral("user"), d.user);
        }
        if (!d.passwordFile.isEmpty())
            o.insert(QStringLiteral("password_file"), d.passwordFile);
        entries << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
    }
    setValue(Key::ProfilerDatabases, entries);
}
