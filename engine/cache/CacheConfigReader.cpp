#include "cache/CacheConfig.h"

#include "config/YamlReader.h"

#include <QRegularExpression>
#include <QUrl>

#include <limits>

#include <yaml-cpp/yaml.h>

namespace opsdeck::cache {

namespace {

QString str(const YAML::Node& node)
{
    return config::YamlReader::text(node);
}

class Reader : public config::YamlReader
{
public:
    using YamlReader::YamlReader;

    std::optional<CacheConfig> read(const YAML::Node& node);

private:
    void readL1(const YAML::Node& node, CacheConfig& c);
    void readL2(const YAML::Node& node, CacheConfig& c);
    void readL3(const YAML::Node& node, CacheConfig& c);
    bool isMap(const YAML::Node& node, const char* section);
    std::optional<qint64> size(const YAML::Node& node, const QString& field);
    std::optional<qint64> positiveDuration(const YAML::Node& node, const QString& field);
};

bool Reader::isMap(const YAML::Node& node, const char* section)
{
    if (node.IsMap())
        return true;
    fatal(node, CacheConfigFile::tr("\"%1\" must be a map").arg(QLatin1String(section)));
    return false;
}

std::optional<qint64> Reader::size(const YAML::Node& node, const QString& field)
{
    const auto text = scalar(node, field);
    if (!text)
        return std::nullopt;
    const auto bytes = CacheConfigFile::parseSize(*text);
    if (!bytes || *bytes < 1024 * 1024) {
        fatal(node, CacheConfigFile::tr("\"%1\" must be a size like 256MiB or 1GiB, at least 1MiB").arg(field));
        return std::nullopt;
    }
    return bytes;
}

std::optional<qint64> Reader::positiveDuration(const YAML::Node& node, const QString& field)
{
    const auto ms
        = duration(node, CacheConfigFile::tr("invalid duration in \"%1\" (use 50ms, 10m, 24h)").arg(field));
    if (ms && *ms <= 0) {
        fatal(node, CacheConfigFile::tr("\"%1\" must be more than 0s").arg(field));
        return std::nullopt;
    }
    return ms;
}

std::optional<CacheConfig> Reader::read(const YAML::Node& node)
{
    CacheConfig c;
    if (node.IsNull())
        return c;
    if (!isMap(node, "cache"))
        return std::nullopt;
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        const YAML::Node& v = kv.second;
        const auto is = [&key](const char* name) { return key == QLatin1String(name); };
        if (is("enabled")) {
            if (const auto b = boolean(v, key))
                c.enabled = *b;
        } else if (is("l1")) {
            readL1(v, c);
        } else if (is("l2")) {
            readL2(v, c);
        } else if (is("l3")) {
            readL3(v, c);
        } else if (is("ttl")) {
            if (const auto ms = positiveDuration(v, key))
                c.ttlMs = *ms;
        } else if (is("ttl_jitter")) {
            const auto text = scalar(v, key);
            bool ok = false;
            const double j = text ? text->toDouble(&ok) : 0.0;
            if (text && (!ok || j < 0.0 || j > 0.5))
                fatal(v, CacheConfigFile::tr("\"ttl_jitter\" must be a fraction from 0 to 0.5"));
            else if (text)
                c.ttlJitter = j;
        } else if (is("freshness")) {
            if (const auto ms = positiveDuration(v, key))
                c.freshnessMs = *ms;
        } else if (is("split_interval")) {
            if (const auto ms = positiveDuration(v, key)) {
                if (*ms < 60'000)
                    fatal(v, CacheConfigFile::tr("\"split_interval\" must be at least 1m"));
                else
                    c.splitIntervalMs = *ms;
            }
        } else if (is("local_source")) {
            if (const auto b = boolean(v, key))
                c.cacheLocalSource = *b;
        } else {
            fatal(kv.first, CacheConfigFile::tr("unknown field \"%1\" in cache").arg(key));
        }
    }
    if (failed())
        return std::nullopt;
    return c;
}

void Reader::readL1(const YAML::Node& node, CacheConfig& c)
{
    if (node.IsNull() || !isMap(node, "l1"))
        return;
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        const YAML::Node& v = kv.second;
        if (key == QLatin1String("enabled")) {
            if (const auto b = boolean(v, key))
                c.l1Enabled = *b;
        } else if (key == QLatin1String("max_size")) {
            if (const auto bytes = size(v, key))
                c.l1MaxBytes = *bytes;
        } else if (key == QLatin1String("policy")) {
            const auto name = scalar(v, key);
            const auto kind = name ? policyFromName(name->trimmed()) : std::nullopt;
            if (name && !kind)
                fatal(v, CacheConfigFile::tr("\"policy\" must be lru, sieve, s3fifo or tinylfu"));
            else if (kind)
                c.l1Policy = *kind;
        } else if (key == QLatin1String("dynamic")) {
            if (const auto b = boolean(v, key))
                c.l1Dynamic = *b;
        } else {
            fatal(kv.first, CacheConfigFile::tr("unknown field \"%1\" in cache.l1").arg(key));
        }
    }
}

void Reader::readL2(const YAML::Node& node, CacheConfig& c)
{
    if (node.IsNull() || !isMap(node, "l2"))
        return;
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        const YAML::Node& v = kv.second;
        if (key == QLatin1String("url")) {
            const auto url = scalar(v, key);
            if (!url)
                continue;
            const QUrl parsed(url->trimmed(), QUrl::StrictMode);
            if (!parsed.isValid() || parsed.host().isEmpty()
                || (parsed.scheme() != QLatin1String("redis") && parsed.scheme() != QLatin1String("rediss")))
                fatal(v, CacheConfigFile::tr("the L2 URL must be redis://[user:password@]host:port[/db]"));
            else
                c.l2Url = url->trimmed();
        } else if (key == QLatin1String("password_file")) {
            // Read once here so a missing or unreadable file is reported with the config.
            if (secretFile(v, key)) {
                if (const auto p = scalar(v, key))
                    c.l2PasswordFile = path(*p);
            }
        } else if (key == QLatin1String("timeout")) {
            if (const auto ms = positiveDuration(v, key))
                c.l2TimeoutMs = *ms;
        } else {
            fatal(kv.first, CacheConfigFile::tr("unknown field \"%1\" in cache.l2").arg(key));
        }
    }
    if (!c.l2PasswordFile.isEmpty() && c.l2Url.isEmpty())
        fatal(node, CacheConfigFile::tr("cache.l2 has a password_file but no url"));
}

void Reader::readL3(const YAML::Node& node, CacheConfig& c)
{
    if (node.IsNull() || !isMap(node, "l3"))
        return;
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        const YAML::Node& v = kv.second;
        if (key == QLatin1String("enabled")) {
            if (const auto b = boolean(v, key))
                c.l3Enabled = *b;
        } else if (key == QLatin1String("max_size")) {
            if (const auto bytes = size(v, key))
                c.l3MaxBytes = *bytes;
        } else {
            fatal(kv.first, CacheConfigFile::tr("unknown field \"%1\" in cache.l3").arg(key));
        }
    }
}

} // namespace

std::optional<CacheConfig> CacheConfigFile::parseNode(
    const YAML::Node& node, const QString& fileName, QList<config::ConfigIssue>* issues)
{
    Reader reader(fileName, issues);
    return reader.read(node);
}

std::optional<qint64> CacheConfigFile::parseSize(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("^(\\d{1,15})\\s*(|B|kB|KB|KiB|MB|MiB|GB|GiB|TB|TiB)$"));
    const QRegularExpressionMatch m = re.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    const qint64 n = m.captured(1).toLongLong();
    const QString unit = m.captured(2);
    qint64 factor = 1;
    if (unit == QLatin1String("kB") || unit == QLatin1String("KB"))
        factor = 1000;
    else if (unit == QLatin1String("KiB"))
        factor = 1024;
    else if (unit == QLatin1String("MB"))
        factor = 1000LL * 1000;
    else if (unit == QLatin1String("MiB"))
        factor = 1024LL * 1024;
    else if (unit == QLatin1String("GB"))
        factor = 1000LL * 1000 * 1000;
    else if (unit == QLatin1String("GiB"))
        factor = 1024LL * 1024 * 1024;
    else if (unit == QLatin1String("TB"))
        factor = 1000LL * 1000 * 1000 * 1000;
    else if (unit == QLatin1String("TiB"))
        factor = 1024LL * 1024 * 1024 * 1024;
    if (n > std::numeric_limits<qint64>::max() / factor)
        return std::nullopt;
    return n * factor;
}

QString CacheConfigFile::formatSize(qint64 bytes)
{
    static const struct
    {
        qint64 factor;
        const char* unit;
    } units[] = { { 1024LL * 1024 * 1024 * 1024, "TiB" }, { 1024LL * 1024 * 1024, "GiB" },
        { 1024LL * 1024, "MiB" }, { 1024, "KiB" } };
    for (const auto& u : units) {
        if (bytes > 0 && bytes % u.factor == 0)
            return QString::number(bytes / u.factor) + QLatin1String(u.unit);
    }
    return QString::number(bytes);
}

} // namespace opsdeck::cache
