#pragma once

#include "config/ConfigIssue.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

#include <yaml-cpp/yaml.h>

// The scaffolding every YAML configuration reader in the engine shares
// (rule files, the alerting section, the capacity resources file, the engine
// config file): reading the file and parsing the document with yaml-cpp's
// exceptions turned into issues, reporting an issue at a node's position,
// and the typed field helpers (single value, boolean, duration, list of
// strings, string map, names that must be unique). Each helper reports what
// is wrong in the words the readers always used and returns nullopt; a
// fatal issue marks the reader failed. It never throws and never reports a
// value it was not asked to (secrets stay out of messages).
namespace opsdeck::config {

// The HTTP client settings that several sections share (remote_write
// entries, alerting.alertmanagers), in Prometheus's words. Secrets are read
// from their files at parse time and never reported.
struct HttpClientSettings
{
    QString bearerToken; // bearer_token / bearer_token_file
    QString basicAuthUser; // basic_auth.username
    QString basicAuthPassword; // basic_auth.password / password_file
    QString caFile; // ca_file, absolute; empty = the system store
    bool insecure = false; // insecure: no certificate check
};

class YamlReader
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::config::YamlReader)

public:
    // issues may be null. Relative paths are resolved against filePath's
    // directory (the working directory when filePath is empty).
    YamlReader(const QString& filePath, QList<ConfigIssue>* issues);

    // The file's bytes; nullopt with "cannot read the file: ..." reported.
    static std::optional<QByteArray> readFile(const QString& path, QList<ConfigIssue>* issues);
    // The document; nullopt with "YAML syntax error: ..." reported.
    static std::optional<YAML::Node> parseDocument(
        const QByteArray& yaml, const QString& filePath, QList<ConfigIssue>* issues);
    // An issue not tied to a node (mark.line < 0 leaves the position out).
    static ConfigIssue makeIssue(const QString& file, const YAML::Mark& mark, const QString& message, bool fatal);

    const QString& file() const { return m_file; }
    const QString& directory() const { return m_dir; }
    QList<ConfigIssue>* issues() const { return m_issues; }
    // An absolute, clean path for one given relative to the file.
    QString path(const QString& relative) const;
    bool failed() const { return m_failed; }
    // Fatal issues reported so far: a reader compares it before and after one item.
    int fatalCount() const { return m_fatalCount; }
    void setFailed() { m_failed = true; }

    void issue(const YAML::Mark& mark, const QString& message, bool fatal = true);
    void fatal(const YAML::Node& at, const QString& message) { issue(at.Mark(), message, true); }
    void warning(const YAML::Node& at, const QString& message) { issue(at.Mark(), message, false); }

    // The node's text; a null node is an empty text when nullIsEmpty,
    // otherwise (and for lists and maps) "\"field\" must be a single value".
    std::optional<QString> scalar(const YAML::Node& node, const QString& field, bool nullIsEmpty = false);
    // true/yes/on and false/no/off, any case; "\"field\" must be true or false".
    std::optional<bool> boolean(const YAML::Node& node, const QString& field);
    // A Prometheus duration (metrics::parseDuration); message is the issue's
    // text when it is not one.
    std::optional<qint64> duration(const YAML::Node& node, const QString& message);
    // A list of single values; commaSeparated also takes one "a, b" string.
    std::optional<QStringList> stringList(
        const YAML::Node& node, const QString& field, bool commaSeparated = false);
    // A map of single values (null values are empty texts).
    std::optional<QMap<QString, QString>> stringMap(const YAML::Node& node, const QString& field);
    // The trimmed content of the file the node names (relative to this file):
    // a token or password file. The issue names the file, never its content.
    std::optional<QString> secretFile(const YAML::Node& node, const QString& field);
    // Adds name to names; false (with message reported at the node) when it was there.
    bool uniqueName(QSet<QString>& names, const QString& name, const YAML::Node& at, const QString& message);

    // True when key is one of HttpClientSettings' fields (bearer_token[_file],
    // basic_auth, ca_file, insecure): value is read into *settings, problems
    // reported. False for any other key (nothing reported).
    bool httpClientField(const QString& key, const YAML::Node& value, HttpClientSettings& settings);
    // After the fields: a bearer token and basic_auth together are fatal, reported at `at`.
    void checkHttpClient(const YAML::Node& at, const HttpClientSettings& settings);

    static QString text(const YAML::Node& node) { return QString::fromStdString(node.Scalar()); }

private:
    QString m_file;
    int m_fatalCount = 0;
    QString m_dir;
    QList<ConfigIssue>* m_issues;
    bool m_failed = false;
};

} // namespace opsdeck::config
