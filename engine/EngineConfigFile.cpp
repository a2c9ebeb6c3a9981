#include "EngineConfigFile.h"

#include "alerts/AlertingConfigFile.h"
#include "config/YamlReader.h"
#include "metrics/Duration.h"
#include "query/DataSourceRegistry.h"
#include "scrape/TargetListFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <limits>

#include <yaml-cpp/yaml.h>

namespace opsdeck {

namespace {

using scrape::ScrapeTarget;

QString str(const YAML::Node& node)
{
    return config::YamlReader::text(node);
}

class Reader : public config::YamlReader
{
public:
    using YamlReader::YamlReader;

    std::optional<EngineConfigFile> read(const YAML::Node& root);

private:
    void readTarget(const YAML::Node& node, EngineConfigFile& config, QSet<QString>& urls);
    void readRuleFiles(const YAML::Node& node, EngineConfigFile& config);
    void readCapacity(const YAML::Node& node, EngineConfigFile& config);
    void readDataSource(const YAML::Node& node, EngineConfigFile& config, QSet<QString>& names);
    void readWeb(const YAML::Node& node, EngineConfigFile& config);
    void readState(const YAML::Node& node, EngineConfigFile& config);
    std::optional<int> retentionDays(const YAML::Node& node, const QString& field);
};

std::optional<EngineConfigFile> Reader::read(const YAML::Node& root)
{
    EngineConfigFile config;
    config.filePath = QFileInfo(file()).absoluteFilePath();
    if (!root.IsMap()) {
        issue(root.Mark(), EngineConfigFile::tr("expected a map with targets, rule_files and alerting"));
        return std::nullopt;
    }
    QSet<QString> urls;
    for (const auto& kv : root) {
        const QString key = str(kv.first);
        const YAML::Node& v = kv.second;
        if (key == QLatin1String("data_directory")) {
            if (const auto d = scalar(v, key))
                config.dataDirectory = d->isEmpty() ? QString() : path(*d);
        } else if (key == QLatin1String("targets")) {
            if (v.IsNull())
                continue;
            if (!v.IsSequence()) {
                issue(v.Mark(), EngineConfigFile::tr("\"targets\" must be a list"));
                continue;
            }
            for (const YAML::Node& t : v)
                readTarget(t, config, urls);
        } else if (key == QLatin1String("rule_files")) {
            readRuleFiles(v, config);
        } else if (key == QLatin1String("alerting")) {
            config.alerting = alerts::AlertingConfigFile::parseNode(v, file(), issues());
            if (!config.alerting)
                setFailed();
        } else if (key == QLatin1String("capacity")) {
            readCapacity(v, config);
        } else if (key == QLatin1String("data_sources")) {
            if (v.IsNull())
                continue;
            if (!v.IsSequence()) {
                issue(v.Mark(), EngineConfigFile::tr("\"data_sources\" must be a list"));
                continue;
            }
            QSet<QString> names;
            for (const YAML::Node& s : v)
                readDataSource(s, config, names);
        } else if (key == QLatin1String("web")) {
            readWeb(v, config);
        } else if (key == QLatin1String("remote_write")) {
            if (const auto remotes = remotewrite::RemoteWriteConfigFile::parseNode(v, file(), issues()))
                config.remoteWrite = *remotes;
            else
                setFailed();
        } else if (key == QLatin1String("state")) {
            readState(v, config);
        } else if (key == QLatin1String("cache")) {
            if (const auto cache = cache::CacheConfigFile::parseNode(v, file(), issues()))
                config.cache = *cache;
            else
                setFailed();
        } else if (key == QLatin1String("profiler")) {
            if (const auto section = profiler::ProfilerConfigFile::parseNode(v, file(), issues()))
                config.profiler = *section;
            else
                setFailed();
        } else {
            issue(kv.first.Mark(), EngineConfigFile::tr("unknown field \"%1\"").arg(key));
        }
    }
    if (failed())
        return std::nullopt;
    return config;
}

// "90d", "12w", "2y" or a bare number of days; at least one day.
std::optional<int> Reader::retentionDays(const YAML::Node& node, const QString& field)
{
    const auto text = scalar(node, field);
    if (!text)
        return std::nullopt;
    static const QRegularExpression re(QStringLiteral("^(\\d{1,5})([dwy]?)$"));
    const QRegularExpressionMatch m = re.match(text->trimmed());
    const int n = m.hasMatch() ? m.captured(1).toInt() : 0;
    const QString unit = m.captured(2);
    const int days = unit == QLatin1String("w") ? n * 7 : unit == QLatin1String("y") ? n * 365 : n;
    if (days < 1) {
        issue(node.Mark(),
            EngineConfigFile::tr("\"%1\" must be a number of days like 90d, 12w or 2y, at least 1d").arg(field));
        return std::nullopt;
    }
    return days;
}

void Reader::readCapacity(const YAML::Node& node, EngineConfigFile& config)
{
    if (node.IsNull())
        return;
    if (!node.IsMap()) {
        issue(node.Mark(), EngineConfigFile::tr("\"capacity\" must be a map"));
        return;
    }
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        const YAML::Node& v = kv.second;
        if (key == QLatin1String("rollups")) {
            if (const auto enabled = boolean(v, key))
                config.rollups.enabled = *enabled;
        } else if (key == QLatin1String("minute_retention")) {
            if (const auto d = retentionDays(v, key))
                config.rollups.minuteRetentionDays = *d;
        } else if (key == QLatin1String("hour_retention")) {
            if (const auto d = retentionDays(v, key))
                config.rollups.hourRetentionDays = *d;
        } else {
            issue(kv.first.Mark(), EngineConfigFile::tr("unknown field \"%1\" in capacity").arg(key));
        }
    }
}

void Reader::readWeb(const YAML::Node& node, EngineConfigFile& config)
{
    WebConfig web;
    if (!node.IsMap() && !node.IsNull()) {
        issue(node.Mark(), EngineConfigFile::tr("\"web\" must be a map"));
        return;
    }
    bool ok = true;
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        const YAML::Node& v = kv.second;
        const std::optional<QString> value = scalar(v, key);
        if (!value) {
            ok = false;
            continue;
        }
        if (key == QLatin1String("listen")) {
            // host:port, [v6]:port or :port (all interfaces), as Prometheus's --web.listen-address.
            static const QRegularExpression re(QStringLiteral("^(?:\\[([^\\]]+)\\]|([^:\\[\\]]*)):(\\d{1,5})$"));
            const QRegularExpressionMatch m = re.match(value->trimmed());
            const int port = m.hasMatch() ? m.captured(3).toInt() : -1;
            if (port < 0 || port > 65535) {
                issue(v.Mark(),
                    EngineConfigFile::tr("\"listen\" must be host:port like 127.0.0.1:9099 (port 0: a free port), "
                                         "not \"%1\"")
                        .arg(*value));
                ok = false;
                continue;
            }
            const QString host = m.captured(1).isEmpty() ? m.captured(2) : m.captured(1);
            web.host = host.isEmpty() ? QStringLiteral("0.0.0.0") : host;
            web.port = quint16(port);
        } else if (key == QLatin1String("bearer_token_file")) {
            const std::optional<QString> text = secretFile(v, key);
            const std::optional<QByteArray> token
                = text ? std::optional<QByteArray>(text->toUtf8()) : std::nullopt;
            if (token && token->isEmpty())
                issue(v.Mark(), EngineConfigFile::tr("the token file %1 is empty").arg(path(*value)));
            if (!token || token->isEmpty()) {
                ok = false;
                continue;
            }
            web.bearerToken = *token;
        } else if (key == QLatin1String("tls_cert_file") || key == QLatin1String("tls_key_file")) {
            const QString file = path(*value);
            if (!QFileInfo(file).isFile()) {
                issue(v.Mark(), EngineConfigFile::tr("the file %1 does not exist").arg(file));
                ok = false;
                continue;
            }
            if (key == QLatin1String("tls_cert_file")) {
                web.tlsCertFile = file;
            } else {
                web.tlsKeyFile = file;
            }
        } else if (key == QLatin1String("max_samples")) {
            bool isNumber = false;
            const qint64 n = value->trimmed().toLongLong(&isNumber);
            if (!isNumber || n < 1) {
                issue(v.Mark(), EngineConfigFile::tr("\"max_samples\" must be a positive number"));
                ok = false;
                continue;
            }
            web.maxSamples = n;
        } else {
            issue(kv.first.Mark(), EngineConfigFile::tr("unknown field \"%1\" in web").arg(key));
            ok = false;
        }
    }
    if (web.tlsCertFile.isEmpty() != web.tlsKeyFile.isEmpty()) {
        issue(node.Mark(), EngineConfigFile::tr("\"tls_cert_file\" and \"tls_key_file\" go together"));
        ok = false;
    }
    if (ok)
        config.web = web;
}

void Reader::readTarget(const YAML::Node& node, EngineConfigFile& config, QSet<QString>& urls)
{
    if (!node.IsMap() || !node["url"]) {
        issue(node.Mark(), EngineConfigFile::tr("a target must be a map with at least \"url\""));
        return;
    }
    ScrapeTarget t;
    bool ok = true;
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        const YAML::Node& v = kv.second;
        const auto is = [&key](const char* name) { return key == QLatin1String(name); };
        if (is("labels")) {
            if (!v.IsMap()) {
                issue(v.Mark(), EngineConfigFile::tr("\"labels\" must be a map"));
                ok = false;
                continue;
            }
            QList<metrics::Label> labels;
            for (const auto& l : v) {
                const QByteArray name = l.first.Scalar().c_str();
                if (!metrics::isValidLabelName(name) || name.startsWith("__") || !l.second.IsScalar()) {
                    issue(
                        l.first.Mark(), EngineConfigFile::tr("invalid label \"%1\"").arg(QString::fromUtf8(name)));
                    ok = false;
                    continue;
                }
                labels.append({ name, QByteArray::fromStdString(l.second.Scalar()) });
            }
            t.extraLabels = metrics::Labels::fromUnsorted(labels);
            continue;
        }
        const std::optional<QString> value = scalar(v, key);
        if (!value) {
            ok = false;
            continue;
        }
        if (is("url")) {
            t.url = scrape::TargetListFile::normaliseUrl(*value);
        } else if (is("job")) {
            t.job = *value;
        } else if (is("instance")) {
            t.instance = *value;
        } else if (is("interval") || is("timeout")) {
            const std::optional<qint64> ms = metrics::parseDuration(value->trimmed());
            if (!ms || *ms > std::numeric_limits<int>::max()) {
                issue(v.Mark(),
                    EngineConfigFile::tr("invalid duration \"%1\" in \"%2\" (use 500ms, 5s, 1m)")
                        .arg(*value, key));
                ok = false;
                continue;
            }
            (is("interval") ? t.intervalMs : t.timeoutMs) = int(*ms);
            // A longer interval without an explicit timeout keeps Prometheus's
            // default ratio instead of failing validation.
            if (is("interval") && !node["timeout"])
                t.timeoutMs = std::min<int>(int(*ms), std::max(t.timeoutMs, int(*ms * 8 / 10)));
        } else if (is("token_file")) {
            const auto token = secretFile(v, key);
            ok = ok && token;
            t.bearerToken = token.value_or(QString());
        } else if (is("ca_file")) {
            t.tlsCaFile = path(*value);
            if (!QFileInfo::exists(t.tlsCaFile)) {
                issue(v.Mark(), EngineConfigFile::tr("the CA file %1 does not exist").arg(t.tlsCaFile));
                ok = false;
            }
        } else if (is("insecure")) {
            if (const auto insecure = boolean(v, key))
                t.tlsInsecure = *insecure;
            else
                ok = false;
        } else {
            issue(kv.first.Mark(), EngineConfigFile::tr("unknown field \"%1\" in a target").arg(key));
            ok = false;
        }
    }
    if (!ok)
        return;
    if (const QString error = t.validate(); !error.isEmpty()) {
        issue(node.Mark(), EngineConfigFile::tr("target %1: %2").arg(t.url.toString(), error));
        return;
    }
    const QString key = t.url.toString();
    if (!uniqueName(urls, key, node, EngineConfigFile::tr("target %1 is listed twice").arg(key)))
        return;
    config.targets.append(t);
}

void Reader::readDataSource(const YAML::Node& node, EngineConfigFile& config, QSet<QString>& names)
{
    if (!node.IsMap() || !node["name"] || !node["url"]) {
        issue(node.Mark(), EngineConfigFile::tr("a data source must be a map with at least \"name\" and \"url\""));
        return;
    }
    query::RemoteSourceConfig s;
    config::HttpClientSettings http;
    const int fatalsBefore = fatalCount();
    bool ok = true;
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        const YAML::Node& v = kv.second;
        const auto is = [&key](const char* name) { return key == QLatin1String(name); };
        if (httpClientField(key, v, http))
            continue;
        const std::optional<QString> value = scalar(v, key);
        if (!value) {
            ok = false;
            continue;
        }
        if (is("name")) {
            s.name = *value;
        } else if (is("url")) {
            s.url = QUrl(value->trimmed(), QUrl::StrictMode);
        } else if (is("type")) {
            s.type = *value;
        } else if (is("timeout")) {
            const std::optional<qint64> ms = metrics::parseDuration(value->trimmed());
            if (!ms) {
                issue(v.Mark(),
                    EngineConfigFile::tr("invalid duration \"%1\" in \"timeout\" (use 500ms, 10s, 1m)")
                        .arg(*value));
                ok = false;
                continue;
            }
            s.timeoutMs = *ms;
        } else if (is("method")) {
            const QString m = value->trimmed().toUpper();
            if (m != QLatin1String("GET") && m != QLatin1String("POST")) {
                issue(v.Mark(), EngineConfigFile::tr("\"method\" must be GET or POST"));
                ok = false;
                continue;
            }
            s.post = m == QLatin1String("POST");
        } else {
            issue(kv.first.Mark(), EngineConfigFile::tr("unknown field \"%1\" in a data source").arg(key));
            ok = false;
        }
    }
    checkHttpClient(node, http);
    if (!ok || fatalCount() != fatalsBefore)
        return;
    s.bearerToken = http.bearerToken;
    s.basicUser = http.basicAuthUser;
    s.basicPassword = http.basicAuthPassword;
    s.caFile = http.caFile;
    s.insecureSkipVerify = http.insecure;
    if (const QString error = query::DataSourceRegistry::validate(s); !error.isEmpty()) {
        issue(node.Mark(), EngineConfigFile::tr("data source %1: %2").arg(s.name, error));
        return;
    }
    if (!uniqueName(names, s.name, node, EngineConfigFile::tr("data source %1 is listed twice").arg(s.name)))
        return;
    config.dataSources.append(s);
}

void Reader::readState(const YAML::Node& node, EngineConfigFile& config)
{
    if (node.IsNull())
        return;
    if (!node.IsMap()) {
        issue(node.Mark(), EngineConfigFile::tr("\"state\" must be a map"));
        return;
    }
    storage::StateLocation state;
    bool ok = true;
    bool serverField = false;
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        const YAML::Node& v = kv.second;
        const auto is = [&key](const char* name) { return key == QLatin1String(name); };
        if (is("password_file")) {
            const auto password = secretFile(v, key);
            ok = ok && password;
            // A password file ends with a newline more often than not.
            state.password = password.value_or(QString()).trimmed();
            serverField = true;
            continue;
        }
        const std::optional<QString> value = scalar(v, key);
        if (!value) {
            ok = false;
            continue;
        }
        if (is("driver")) {
            if (*value == QLatin1String("sqlite")) {
                state.driver = storage::StateLocation::Driver::Sqlite;
            } else if (*value == QLatin1String("postgresql")) {
                state.driver = storage::StateLocation::Driver::Postgresql;
            } else {
                issue(v.Mark(),
                    EngineConfigFile::tr("\"driver\" must be sqlite or postgresql, not \"%1\"").arg(*value));
                ok = false;
            }
        } else if (is("host")) {
            state.host = value->trimmed();
            serverField = true;
        } else if (is("port")) {
            bool numeric = false;
            const int port = value->trimmed().toInt(&numeric);
            if (!numeric || port < 1 || port > 65535) {
                issue(v.Mark(), EngineConfigFile::tr("\"port\" must be a port number (1-65535)"));
                ok = false;
                continue;
            }
            state.port = port;
            serverField = true;
        } else if (is("database")) {
            state.database = value->trimmed();
            serverField = true;
        } else if (is("user")) {
            state.user = value->trimmed();
            serverField = true;
        } else if (is("sslmode")) {
            static const QStringList modes { QStringLiteral("disable"), QStringLiteral("allow"),
                QStringLiteral("prefer"), QStringLiteral("require"), QStringLiteral("verify-ca"),
                QStringLiteral("verify-full") };
            if (!modes.contains(value->trimmed())) {
                issue(v.Mark(),
                    EngineConfigFile::tr("\"sslmode\" must be one of %1").arg(modes.join(QStringLiteral(", "))));
                ok = false;
                continue;
            }
            state.sslmode = value->trimmed();
            serverField = true;
        } else {
            issue(kv.first.Mark(), EngineConfigFile::tr("unknown field \"%1\" in state").arg(key));
            ok = false;
        }
    }
    if (!ok)
        return;
    if (state.isPostgres()) {
        if (state.host.isEmpty() || state.database.isEmpty() || state.user.isEmpty()) {
            issue(node.Mark(), EngineConfigFile::tr("a postgresql state needs host, database and user"));
            return;
        }
    } else if (serverField) {
        issue(node.Mark(),
            EngineConfigFile::tr("host, port, database, user, password_file and sslmode need driver: postgresql"));
        return;
    }
    config.state = state;
}

void Reader::readRuleFiles(const YAML::Node& node, EngineConfigFile& config)
{
    if (node.IsNull())
        return;
    if (!node.IsSequence()) {
        issue(node.Mark(), EngineConfigFile::tr("\"rule_files\" must be a list"));
        return;
    }
    for (const YAML::Node& item : node) {
        const std::optional<QString> pattern = scalar(item, QStringLiteral("rule_files"));
        if (!pattern)
            continue;
        const QFileInfo info(path(*pattern));
        const QString name = info.fileName();
        // Globs in the file name, as Prometheus's rule_files (filepath.Glob).
        if (name.contains(u'*') || name.contains(u'?') || name.contains(u'[')) {
            const QStringList matches = QDir(info.absolutePath()).entryList({ name }, QDir::Files, QDir::Name);
            if (matches.isEmpty())
                issue(item.Mark(), EngineConfigFile::tr("no rule file matches %1").arg(info.absoluteFilePath()),
                    false);
            for (const QString& m : matches)
                config.ruleFiles.append(QDir(info.absolutePath()).absoluteFilePath(m));
        } else if (!info.isFile()) {
            // Not a warning: a missing rule file would mean alerts that never fire.
            issue(
                item.Mark(), EngineConfigFile::tr("the rule file %1 does not exist").arg(info.absoluteFilePath()));
        } else {
            config.ruleFiles.append(info.absoluteFilePath());
        }
    }
}

} // namespace

std::optional<EngineConfigFile> EngineConfigFile::parse(
    const QByteArray& yaml, const QString& filePath, QList<config::ConfigIssue>* issues)
{
    const std::optional<YAML::Node> root = config::YamlReader::parseDocument(yaml, filePath, issues);
    if (!root)
        return std::nullopt;
    try {
        return Reader(filePath, issues).read(*root);
    } catch (const YAML::Exception& e) {
        if (issues)
            issues->append(config::YamlReader::makeIssue(
                filePath, e.mark, tr("YAML syntax error: %1").arg(QString::fromStdString(e.msg)), true));
        return std::nullopt;
    }
}

std::optional<EngineConfigFile> EngineConfigFile::load(const QString& path, QList<config::ConfigIssue>* issues)
{
    const std::optional<QByteArray> bytes = config::YamlReader::readFile(path, issues);
    if (!bytes)
        return std::nullopt;
    return parse(*bytes, path, issues);
}

} // namespace opsdeck
