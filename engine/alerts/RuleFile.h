#pragma once

#include "alerts/AlertTypes.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

// Prometheus rule files (https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/,
// rulefmt of Prometheus 2.42) read with yaml-cpp and written back. Reading
// keeps every alerting rule whose expression QueryEngine::check accepts and
// reports every other thing rule by rule with file:line:column (recording
// rules, subqueries, functions outside the PromQL subset, bad durations or
// label names), so node_exporter's and kube-prometheus's files load "as far
// as they can". Only what makes the whole file unreadable (YAML syntax, no
// `groups:` list, a repeated group name) is fatal. write() output passes
// `promtool check rules` and parse(write(g)) gives g back (source file and
// line aside). Pure functions over bytes except load(); they must never
// throw (yaml-cpp exceptions are caught here) nor silently drop a rule.
namespace opsdeck::alerts {

struct RuleIssue
{
    QString file;
    int line = 0; // 1-based; 0 when unknown
    int column = 0; // 1-based; 0 when unknown
    QString group;
    QString rule; // alert name (or record name for recording rules)
    QString message;
    bool fatal = false;

    // "file:line:column: group "g": rule "r": message", the parts that are known.
    QString toString() const;
};

struct RuleFileResult
{
    QList<RuleGroup> groups;
    QList<RuleIssue> issues;
    bool ok() const; // no fatal issue
};

class RuleFile
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::alerts::RuleFile)

public:
    static RuleFileResult parse(const QByteArray& yaml, const QString& fileName);
    static RuleFileResult load(const QString& path);
    static QByteArray write(const QList<RuleGroup>& groups);

    // Prometheus durations ("90s", "1h30m", "1d", "500ms"; units y w d h m s ms,
    // largest first, each at most once); nullopt when malformed.
    static std::optional<qint64> parseDuration(QStringView text);
    // The inverse, as Prometheus's model.Duration prints it ("1h30m", "0s").
    static QString formatDuration(qint64 ms);
};

} // namespace opsdeck::alerts
