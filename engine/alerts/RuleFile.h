#pragma once

#include "alerts/AlertTypes.h"
#include "config/ConfigIssue.h"

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
// line aside). Durations are metrics::parseDuration's. Pure functions over bytes except load(); they must never
// throw (yaml-cpp exceptions are caught here) nor silently drop a rule.
namespace opsdeck::alerts {

struct RuleFileResult
{
    QList<RuleGroup> groups;
    QList<config::ConfigIssue> issues; // group and rule set where the issue is about one
    bool ok() const; // no fatal issue
};

class RuleFile
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::alerts::RuleFile)

public:
    static RuleFileResult parse(const QByteArray& yaml, const QString& fileName);
    static RuleFileResult load(const QString& path);
    static QByteArray write(const QList<RuleGroup>& groups);
};

} // namespace opsdeck::alerts
