#include "remotewrite/RemoteWriteConfig.h"

#include "config/YamlReader.h"

#include <QSet>
#include <QUrl>

#include <yaml-cpp/yaml.h>

namespace opsdeck::remotewrite {

namespace {

QString str(const YAML::Node& node)
{
    return config::YamlReader::text(node);
}

class Reader : public config::YamlReader
{
public:
    using YamlReader::YamlReader;

    std::optional<QList<RemoteWriteConfig>> read(const YAML::Node& node);

private:
    void readOne(const YAML::Node& node, QList<RemoteWriteConfig>& out, QSet<QString>& names);
    void readQueue(const YAML::Node& node, QueueConfig& queue);
    void readRelabel(const YAML::Node& node, QList<WriteRelabelRule>& rules);
    std::optional<qint64> positiveDuration(const YAML::Node& node, const QString& field);
};

std::optional<QList<RemoteWriteConfig>> Reader::read(const YAML::Node& node)
{
    QList<RemoteWriteConfig> out;
    if (node.IsNull())
        return out;
    if (!node.IsSequence()) {
        fatal(node, RemoteWriteConfigFile::tr("\"remote_write\" must be a list"));
        return std::nullopt;
    }
    QSet<QString> names;
    for (const YAML::Node& item : node)
        readOne(item, out, names);
    if (failed())
        return std::nullopt;
    return out;
}

std::optional<qint64> Reader::positiveDuration(const YAML::Node& node, const QString& field)
{
    const std::optional<qint64> ms
        = duration(node, RemoteWriteConfigFile::tr("invalid duration in \"%1\" (use 30ms, 5s, 1m)").arg(field));
    if (ms && *ms <= 0) {
        fatal(node, RemoteWriteConfigFile::tr("\"%1\" must be more than 0s").arg(field));
        return std::nullopt;
    }
    return ms;
}

void Reader::readOne(const YAML::Node& node, QList<RemoteWriteConfig>& out, QSet<QString>& names)
{
    if (!node.IsMap() || !node["url"]) {
        fatal(node, RemoteWriteConfigFile::tr("a remote_write entry must be a map with at least \"url\""));
        return;
    }
    const int fatalsBefore = fatalCount();
    RemoteWriteConfig c;
    config::HttpClientSettings http;
    const auto set = [](QString& target, const std::optional<QString>& v) {
        if (v)
            target = *v;
    };
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        const YAML::Node& v = kv.second;
        const auto is = [&key](const char* name) { return key == QLatin1String(name); };
        if (is("url")) {
            set(c.url, scalar(v, key));
            const QUrl url(c.url, QUrl::StrictMode);
            if (!url.isValid() || url.host().isEmpty()
                || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
                fatal(v, RemoteWriteConfigFile::tr("the remote_write URL must be http:// or https://host/path"));
        } else if (is("name")) {
            set(c.name, scalar(v, key));
        } else if (is("remote_timeout")) {
            if (const auto ms = positiveDuration(v, key))
                c.timeoutMs = *ms;
        } else if (httpClientField(key, v, http)) {
            // bearer_token[_file], basic_auth, ca_file, insecure
        } else if (is("queue")) {
            readQueue(v, c.queue);
        } else if (is("write_relabel")) {
            readRelabel(v, c.writeRelabel);
        } else {
            fatal(kv.first, RemoteWriteConfigFile::tr("unknown field \"%1\" in remote_write").arg(key));
        }
    }
    checkHttpClient(node, http);
    c.bearerToken = http.bearerToken;
    c.basicAuthUser = http.basicAuthUser;
    c.basicAuthPassword = http.basicAuthPassword;
    c.caFile = http.caFile;
    c.insecure = http.insecure;
    if (c.queue.minBackoffMs > c.queue.maxBackoffMs)
        fatal(node["queue"], RemoteWriteConfigFile::tr("\"min_backoff\" must not exceed \"max_backoff\""));
    if (fatalCount() != fatalsBefore)
        return;
    if (c.name.isEmpty()) {
        const QUrl url(c.url);
        c.name = url.host() + (url.port() > 0 ? QStringLiteral(":%1").arg(url.port()) : QString());
    }
    if (!uniqueName(names, c.name, node,
            RemoteWriteConfigFile::tr("two remote_write entries are named \"%1\" (set \"name\")").arg(c.name)))
        return;
    out.append(c);
}

void Reader::readQueue(const YAML::Node& node, QueueConfig& queue)
{
    if (!node.IsMap()) {
        fatal(node, RemoteWriteConfigFile::tr("\"queue\" must be a map"));
        return;
    }
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        const YAML::Node& v = kv.second;
        if (key == QLatin1String("capacity") || key == QLatin1String("max_samples_per_send")) {
            const std::optional<QString> text = scalar(v, key);
            if (!text)
                continue;
            bool ok = false;
            const qlonglong n = text->toLongLong(&ok);
            const qlonglong max = key == QLatin1String("capacity") ? 1'000'000'000LL : 1'000'000LL;
            if (!ok || n < 1 || n > max) {
                fatal(
                    v, RemoteWriteConfigFile::tr("\"%1\" must be a whole number from 1 to %2").arg(key).arg(max));
                continue;
            }
            if (key == QLatin1String("capacity"))
                queue.capacity = qsizetype(n);
            else
                queue.maxSamplesPerSend = int(n);
        } else if (key == QLatin1String("batch_send_deadline")) {
            if (const auto ms = positiveDuration(v, key))
                queue.batchSendDeadlineMs = *ms;
        } else if (key == QLatin1String("min_backoff")) {
            if (const auto ms = positiveDuration(v, key))
                queue.minBackoffMs = *ms;
        } else if (key == QLatin1String("max_backoff")) {
            if (const auto ms = positiveDuration(v, key))
                queue.maxBackoffMs = *ms;
        } else {
            fatal(kv.first, RemoteWriteConfigFile::tr("unknown field \"%1\" in queue").arg(key));
        }
    }
}

void Reader::readRelabel(const YAML::Node& node, QList<WriteRelabelRule>& rules)
{
    if (node.IsNull())
        return;
    if (!node.IsSequence()) {
        fatal(node, RemoteWriteConfigFile::tr("\"write_relabel\" must be a list"));
        return;
    }
    for (const YAML::Node& item : node) {
        if (!item.IsMap() || !item["action"] || !item["regex"]) {
            fatal(item,
                RemoteWriteConfigFile::tr("a write_relabel rule needs \"action\" (keep or drop) and \"regex\""));
            continue;
        }
        WriteRelabelRule rule;
        bool ok = true;
        for (const auto& kv : item) {
            const QString key = str(kv.first);
            const std::optional<QString> value = scalar(kv.second, key);
            if (!value) {
                ok = false;
                continue;
            }
            if (key == QLatin1String("action")) {
                if (*value == QLatin1String("keep")) {
                    rule.action = WriteRelabelRule::Action::Keep;
                } else if (*value == QLatin1String("drop")) {
                    rule.action = WriteRelabelRule::Action::Drop;
                } else {
                    fatal(kv.second,
                        RemoteWriteConfigFile::tr("\"action\" must be keep or drop, not \"%1\"").arg(*value));
                    ok = false;
                }
            } else if (key == QLatin1String("regex")) {
                rule.regex = *value;
                const QRegularExpression re(QRegularExpression::anchoredPattern(*value));
                if (!re.isValid()) {
                    fatal(kv.second,
                        RemoteWriteConfigFile::tr("invalid regular expression \"%1\": %2")
                            .arg(*value, re.errorString()));
                    ok = false;
                }
            } else {
                fatal(kv.first, RemoteWriteConfigFile::tr("unknown field \"%1\" in write_relabel").arg(key));
                ok = false;
            }
        }
        if (ok)
            rules.append(rule);
    }
}

} // namespace

std::optional<QList<RemoteWriteConfig>> RemoteWriteConfigFile::parseNode(
    const YAML::Node& node, const QString& fileName, QList<config::ConfigIssue>* issues)
{
    return Reader(fileName, issues).read(node);
}

std::optional<QList<RemoteWriteConfig>> RemoteWriteConfigFile::load(
    const QString& path, QList<config::ConfigIssue>* issues)
{
    const std::optional<QByteArray> bytes = config::YamlReader::readFile(path, issues);
    if (!bytes)
        return std::nullopt;
    const std::optional<YAML::Node> document = config::YamlReader::parseDocument(*bytes, path, issues);
    if (!document)
        return std::nullopt;
    const YAML::Node root = *document; // const: lookups must not add keys
    if (!root.IsMap() || !root["remote_write"]) {
        if (issues)
            issues->append(config::YamlReader::makeIssue(
                path, root.Mark(), tr("the file has no \"remote_write\" list"), true));
        return std::nullopt;
    }
    return parseNode(root["remote_write"], path, issues);
}

} // namespace opsdeck::remotewrite
