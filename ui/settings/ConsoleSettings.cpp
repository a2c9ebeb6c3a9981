#include "ConsoleSettings.h"

#include <QDir>
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
