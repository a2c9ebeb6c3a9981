#pragma once

#include "alerts/AlertTypes.h"
#include "config/ConfigIssue.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace YAML {
class Node;
}

// The alerting section of OpsDeck's configuration in Alertmanager 0.25's
// words (https://prometheus.io/docs/alerting/latest/configuration/):
//
//   external_url: https://opsdeck.example.net
//   receivers:      name + exactly one of webhook_configs, slack_configs,
//                   pagerduty_configs, email_configs, sms_configs (one entry)
//   route:          receiver, group_by, group_wait, group_interval,
//                   repeat_interval, matchers (also match / match_re),
//                   continue, escalation, routes
//   inhibit_rules:  source_matchers, target_matchers, equal
//                   (also source_match[_re] / target_match[_re])
//   escalations:    - name: ..., steps: [{after: 5m, receivers: [a, b]}]
//
// Secrets may be given inline or in a file next to the configuration
// (routing_key_file, auth_password_file, password_file, credentials_file,
// url_file / api_url_file), read at parse time; an email receiver's
// tls_config.ca_file names the CA for STARTTLS. Alertmanager's per-type
// send_resolved defaults apply (webhook, pagerduty: true; slack, email:
// false; sms: false). Anything that would make a notification go nowhere
// (an undefined receiver or escalation, a receiver without a target, a
// second config in one receiver) is fatal; fields OpsDeck ignores are
// reported, not fatal. It must never log or report a secret's value.
// Reading (with config::YamlReader) is in AlertingConfigReader.cpp, writing
// in AlertingConfigWriter.cpp.
namespace opsdeck::alerts {

class AlertingConfigFile
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::alerts::AlertingConfigFile)

public:
    // nullopt when a fatal issue was found; *issues gets every issue (may be null).
    // A document with a top-level `alerting:` key (a headless configuration,
    // as the console's Settings accept it) is read from that section.
    static std::optional<AlertingConfig> parse(
        const QByteArray& yaml, const QString& fileName, QList<config::ConfigIssue>* issues);
    static std::optional<AlertingConfig> load(const QString& path, QList<config::ConfigIssue>* issues);
    // For files that embed the section (the headless configuration's `alerting:`),
    // so that issues keep the line numbers of the enclosing file.
    static std::optional<AlertingConfig> parseNode(
        const YAML::Node& node, const QString& fileName, QList<config::ConfigIssue>* issues);

    // The canonical form of the section; parse(write(c)) gives c back. Secrets
    // are written inline: the output belongs in a file only its owner reads.
    static QByteArray write(const AlertingConfig& config);
};

} // namespace opsdeck::alerts
