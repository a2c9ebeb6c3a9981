#include "profiler/ProfilerConfig.h"

#include "config/YamlReader.h"
#include "redis/RedisUrl.h"

#include <QFile>
#include <QSet>

#include <yaml-cpp/yaml.h>

namespace opsdeck::profiler {

namespace {

QString str(const YAML::Node& node)
{
    return config::YamlReader::text(node);
}

const QStringList& sslModes()
{
    static const QStringList modes { QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"),
        QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full") };
    return modes;
}

class Reader : public config::YamlReader
{
public:
    using YamlReader::YamlReader;

    std::optional<ProfilerConfig> read(const YAML::Node& node);

private:
    void readDatabase(const YAML::Node& node, ProfilerConfig& c, QSet<QString>& names);
    std::optional<int> milliseconds(const YAML::Node& node, const QString& field, bool zeroAllowed);
};

std::optional<int> Reader::milliseconds(const YAML::Node& node, const QString& field, bool zeroAllowed)
{
    const auto ms
        = duration(node, ProfilerConfigFile::tr("invalid duration in \"%1\" (use 400ms, 10s, 1m)").arg(field));
    if (!ms)
        return std::nullopt;
    if (*ms < 0 || (!zeroAllowed && *ms == 0) || *ms > 24LL * 3600 * 1000) {
        fatal(node,
            zeroAllowed ? ProfilerConfigFile::tr("\"%1\" must be 0s (off) or a duration up to 24h").arg(field)
                        : ProfilerConfigFile::tr("\"%1\" must be more than 0s and at most 24h").arg(field));
        return std::nullopt;
    }
    return int(*ms);
}

std::optional<ProfilerConfig> Reader::read(const YAML::Node& node)
{
    ProfilerConfig c;
    if (node.IsNull())
        return c;
    if (!node.IsMap()) {
        fatal(node, ProfilerConfigFile::tr("\"profiler\" must be a map"));
        return std::nullopt;
    }
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        const YAML::Node& v = kv.second;
        if (key == QLatin1String("deadline")) {
            if (const auto ms = milliseconds(v, key, false))
                c.deadlineMs = *ms;
        } else if (key == QLatin1String("probe_interval")) {
            if (const auto ms = milliseconds(v, key, true)) {
                if (*ms > 0 && *ms < 1000)
                    fatal(v, ProfilerConfigFile::tr("\"probe_interval\" must be 0s (off) or at least 1s"));
                else
                    c.probeIntervalMs = *ms;
            }
        } else if (key == QLatin1String("databases")) {
            if (v.IsNull())
                continue;
            if (!v.IsSequence()) {
                fatal(v, ProfilerConfigFile::tr("\"databases\" must be a list"));
                continue;
            }
            QSet<QString> names;
            for (const YAML::Node& d : v)
                readDatabase(d, c, names);
        } else {
            fatal(kv.first, ProfilerConfigFile::tr("unknown field \"%1\" in profiler").arg(key));
        }
    }
    if (failed())
        return std::nullopt;
    return c;
}

void Reader::readDatabase(const YAML::Node& node, ProfilerConfig& c, QSet<QString>& names)
{
    if (!node.IsMap()) {
        fatal(node, ProfilerConfigFile::tr("each entry of \"databases\" must be a map"));
        return;
    }
    const int before = fatalCount();
    DatabaseTarget t;
    std::optional<QString> type;
    QStringList postgresOnly; // keys given that a redis target does not take
    QStringList redisOnly;
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        const YAML::Node& v = kv.second;
        const auto text = [&]() -> std::optional<QString> {
            auto s = scalar(v, key);
            if (s)
                s = s->trimmed();
            return s;
        };
        if (key == QLatin1String("name")) {
            if (const auto s = text())
                t.name = *s;
        } else if (key == QLatin1String("type")) {
            type = text();
            if (type && *type != QLatin1String("postgresql") && *type != QLatin1String("redis")) {
                fatal(v, ProfilerConfigFile::tr("\"type\" must be postgresql or redis"));
                type.reset();
            }
        } else if (key == QLatin1String("host")) {
            if (const auto s = text())
                t.host = *s;
            postgresOnly << key;
        } else if (key == QLatin1String("port")) {
            if (const auto s = text()) {
                bool ok = false;
                const int port = s->toInt(&ok);
                if (!ok || port < 1 || port > 65535)
                    fatal(v, ProfilerConfigFile::tr("\"port\" must be a number from 1 to 65535"));
                else
                    t.port = port;
            }
            postgresOnly << key;
        } else if (key == QLatin1String("database")) {
            if (const auto s = text())
                t.database = *s;
            postgresOnly << key;
        } else if (key == QLatin1String("user")) {
            if (const auto s = text())
                t.user = *s;
            postgresOnly << key;
        } else if (key == QLatin1String("sslmode")) {
            if (const auto s = text()) {
                if (!sslModes().contains(*s))
                    fatal(v,
                        ProfilerConfigFile::tr("\"sslmode\" must be one of %1")
                            .arg(sslModes().join(QLatin1String(", "))));
                else
                    t.sslMode = *s;
            }
            postgresOnly << key;
        } else if (key == QLatin1String("url")) {
            if (const auto s = text()) {
                QString error;
                const auto endpoint = redis::parseRedisUrl(*s, &error);
                if (!endpoint)
                    fatal(v, ProfilerConfigFile::tr("\"url\": %1").arg(error));
                else if (!endpoint->password.isEmpty())
                    fatal(v,
                        ProfilerConfigFile::tr("\"url\" must not hold the password: put it in a file and name it "
                                               "in \"password_file\""));
                else
                    t.url = *s;
            }
            redisOnly << key;
        } else if (key == QLatin1String("password_file")) {
            // Checked here so an unreadable file is reported with the config; read again on every analysis.
            if (secretFile(v, key)) {
                if (const auto p = scalar(v, key))
                    t.passwordFile = path(p->trimmed());
            }
        } else if (key == QLatin1String("password")) {
            fatal(kv.first,
                ProfilerConfigFile::tr("a database password is never inline: put it in a file readable only by "
                                       "opsdeck and name it in \"password_file\""));
        } else {
            fatal(kv.first, ProfilerConfigFile::tr("unknown field \"%1\" in profiler.databases").arg(key));
        }
    }
    if (t.name.isEmpty())
        fatal(node, ProfilerConfigFile::tr("a database target needs a \"name\""));
    else
        uniqueName(names, t.name, node,
            ProfilerConfigFile::tr("a database target named \"%1\" is already defined").arg(t.name));
    if (!type) {
        if (fatalCount() == before)
            fatal(node,
                ProfilerConfigFile::tr("database target \"%1\" needs a \"type\" (postgresql or redis)")
                    .arg(t.name));
        return;
    }
    if (*type == QLatin1String("postgresql")) {
        t.type = DatabaseTarget::PostgreSql;
        if (!redisOnly.isEmpty())
            fatal(node,
                ProfilerConfigFile::tr("database target \"%1\": \"url\" is for redis targets; a postgresql target "
                                       "takes host, port, database and user")
                    .arg(t.name));
        if (t.host.isEmpty())
            fatal(node, ProfilerConfigFile::tr("database target \"%1\" needs a \"host\"").arg(t.name));
        if (t.user.isEmpty())
            fatal(node, ProfilerConfigFile::tr("database target \"%1\" needs a \"user\"").arg(t.name));
        if (t.database.isEmpty())
            t.database = t.user; // libpq's default
    } else {
        t.type = DatabaseTarget::Redis;
        if (!postgresOnly.isEmpty())
            fatal(node,
                ProfilerConfigFile::tr("database target \"%1\": %2 are for postgresql targets; a redis target "
                                       "takes url and password_file")
                    .arg(t.name, postgresOnly.join(QLatin1String(", "))));
        if (t.url.isEmpty() && fatalCount() == before)
            fatal(node,
                ProfilerConfigFile::tr("database target \"%1\" needs a \"url\" (redis://host:port[/db])")
                    .arg(t.name));
        t.port = 0;
        t.sslMode.clear();
    }
    if (fatalCount() == before)
        c.databases.append(t);
}

} // namespace

std::optional<ProfilerConfig> ProfilerConfigFile::parseNode(
    const YAML::Node& node, const QString& fileName, QList<config::ConfigIssue>* issues)
{
    Reader reader(fileName, issues);
    return reader.read(node);
}

QString ProfilerConfigFile::typeName(DatabaseTarget::Type type)
{
    return type == DatabaseTarget::Redis ? QStringLiteral("redis") : QStringLiteral("postgresql");
}

std::optional<QString> readPasswordFile(const DatabaseTarget& target, QString* error)
{
    if (target.passwordFile.isEmpty())
        return QString();
    QFile f(target.passwordFile);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = ProfilerConfigFile::tr("cannot read the password file %1 of database target \"%2\": %3")
                         .arg(f.fileName(), target.name, f.errorString());
        return std::nullopt;
    }
    return QString::fromUtf8(f.readAll()).trimmed();
}

} // namespace opsdeck::profiler
