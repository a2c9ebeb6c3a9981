#include "config/YamlReader.h"

#include "metrics/Duration.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace opsdeck::config {

YamlReader::YamlReader(const QString& filePath, QList<ConfigIssue>* issues)
    : m_file(filePath)
    , m_dir(filePath.isEmpty() ? QDir::currentPath() : QFileInfo(filePath).absolutePath())
    , m_issues(issues)
{ }

ConfigIssue YamlReader::makeIssue(const QString& file, const YAML::Mark& mark, const QString& message, bool fatal)
{
    ConfigIssue i;
    i.file = file;
    if (mark.line >= 0) {
        i.line = mark.line + 1;
        i.column = mark.column + 1;
    }
    i.message = message;
    i.fatal = fatal;
    return i;
}

std::optional<QByteArray> YamlReader::readFile(const QString& path, QList<ConfigIssue>* issues)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (issues)
            issues->append(makeIssue(
                path, YAML::Mark::null_mark(), tr("cannot read the file: %1").arg(file.errorString()), true));
        return std::nullopt;
    }
    return file.readAll();
}

std::optional<YAML::Node> YamlReader::parseDocument(
    const QByteArray& yaml, const QString& filePath, QList<ConfigIssue>* issues)
{
    try {
        return YAML::Load(std::string(yaml.constData(), size_t(yaml.size())));
    } catch (const YAML::Exception& e) {
        if (issues)
            issues->append(
                makeIssue(filePath, e.mark, tr("YAML syntax error: %1").arg(QString::fromStdString(e.msg)), true));
        return std::nullopt;
    }
}

QString YamlReader::path(const QString& relative) const
{
    return QDir::cleanPath(QDir(m_dir).absoluteFilePath(relative));
}

void YamlReader::issue(const YAML::Mark& mark, const QString& message, bool fatal)
{
    m_failed = m_failed || fatal;
    m_fatalCount += fatal ? 1 : 0;
    if (m_issues)
        m_issues->append(makeIssue(m_file, mark, message, fatal));
}

std::optional<QString> YamlReader::scalar(const YAML::Node& node, const QString& field, bool nullIsEmpty)
{
    if (nullIsEmpty && node.IsNull())
        return QString();
    if (!node.IsScalar()) {
        fatal(node, tr("\"%1\" must be a single value").arg(field));
        return std::nullopt;
    }
    return text(node);
}

std::optional<bool> YamlReader::boolean(const YAML::Node& node, const QString& field)
{
    const QString s = node.IsScalar() ? text(node).toLower() : QString();
    if (s == QLatin1String("true") || s == QLatin1String("yes") || s == QLatin1String("on"))
        return true;
    if (s == QLatin1String("false") || s == QLatin1String("no") || s == QLatin1String("off"))
        return false;
    fatal(node, tr("\"%1\" must be true or false").arg(field));
    return std::nullopt;
}

std::optional<qint64> YamlReader::duration(const YAML::Node& node, const QString& message)
{
    const std::optional<qint64> ms = node.IsScalar() ? metrics::parseDuration(text(node).trimmed()) : std::nullopt;
    if (!ms)
        fatal(node, message);
    return ms;
}

std::optional<QStringList> YamlReader::stringList(
    const YAML::Node& node, const QString& field, bool commaSeparated)
{
    QStringList out;
    if (node.IsNull())
        return out;
    if (node.IsScalar()) {
        if (!commaSeparated) {
            fatal(node, tr("\"%1\" must be a list").arg(field));
            return std::nullopt;
        }
        // Alertmanager's email `to` is one comma-separated string.
        for (const QString& part : text(node).split(u',', Qt::SkipEmptyParts))
            out.append(part.trimmed());
        return out;
    }
    if (!node.IsSequence()) {
        fatal(node, tr("\"%1\" must be a list").arg(field));
        return std::nullopt;
    }
    for (const YAML::Node& item : node) {
        if (!item.IsScalar()) {
            fatal(item, tr("the items of \"%1\" must be single values").arg(field));
            return std::nullopt;
        }
        out.append(text(item));
    }
    return out;
}

std::optional<QMap<QString, QString>> YamlReader::stringMap(const YAML::Node& node, const QString& field)
{
    QMap<QString, QString> out;
    if (node.IsNull())
        return out;
    if (!node.IsMap()) {
        fatal(node, tr("\"%1\" must be a map").arg(field));
        return std::nullopt;
    }
    for (const auto& kv : node) {
        if (!kv.second.IsScalar() && !kv.second.IsNull()) {
            fatal(kv.second, tr("the values of \"%1\" must be single values").arg(field));
            return std::nullopt;
        }
        out.insert(text(kv.first), kv.second.IsNull() ? QString() : text(kv.second));
    }
    return out;
}

std::optional<QString> YamlReader::secretFile(const YAML::Node& node, const QString& field)
{
    const auto name = scalar(node, field);
    if (!name)
        return std::nullopt;
    QFile f(path(*name));
    if (!f.open(QIODevice::ReadOnly)) {
        fatal(node, tr("cannot read \"%1\" (%2): %3").arg(field, f.fileName(), f.errorString()));
        return std::nullopt;
    }
    return QString::fromUtf8(f.readAll()).trimmed();
}

bool YamlReader::uniqueName(
    QSet<QString>& names, const QString& name, const YAML::Node& at, const QString& message)
{
    if (names.contains(name)) {
        fatal(at, message);
        return false;
    }
    names.insert(name);
    return true;
}

bool YamlReader::httpClientField(const QString& key, const YAML::Node& value, HttpClientSettings& settings)
{
    const auto set = [](QString& target, const std::optional<QString>& v) {
        if (v)
            target = *v;
    };
    if (key == QLatin1String("bearer_token")) {
        set(settings.bearerToken, scalar(value, key));
    } else if (key == QLatin1String("bearer_token_file")) {
        set(settings.bearerToken, secretFile(value, key));
    } else if (key == QLatin1String("basic_auth")) {
        if (!value.IsMap()) {
            fatal(value, tr("\"basic_auth\" must be a map"));
            return true;
        }
        for (const auto& b : value) {
            const QString bk = text(b.first);
            if (bk == QLatin1String("username"))
                set(settings.basicAuthUser, scalar(b.second, bk));
            else if (bk == QLatin1String("password"))
                set(settings.basicAuthPassword, scalar(b.second, bk));
            else if (bk == QLatin1String("password_file"))
                set(settings.basicAuthPassword, secretFile(b.second, bk));
            else
                fatal(b.first, tr("unknown field \"%1\" in basic_auth").arg(bk));
        }
    } else if (key == QLatin1String("ca_file")) {
        if (const auto ca = scalar(value, key)) {
            settings.caFile = path(*ca);
            if (!QFileInfo::exists(settings.caFile))
                fatal(value, tr("the CA file %1 does not exist").arg(settings.caFile));
        }
    } else if (key == QLatin1String("insecure")) {
        if (const auto b = boolean(value, key))
            settings.insecure = *b;
    } else {
        return false;
    }
    return true;
}

void YamlReader::checkHttpClient(const YAML::Node& at, const HttpClientSettings& settings)
{
    if (!settings.bearerToken.isEmpty()
        && (!settings.basicAuthUser.isEmpty() || !settings.basicAuthPassword.isEmpty()))
        fatal(at, tr("a bearer token or basic_auth, not both"));
}

} // namespace opsdeck::config
