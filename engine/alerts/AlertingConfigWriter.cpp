// Writing the alerting section back (AlertingConfigFile::write): the
// canonical form the console saves, which AlertingConfigReader.cpp reads
// back to the same AlertingConfig.
#include "alerts/AlertingConfigFile.h"

#include "alerts/Matchers.h"
#include "metrics/Duration.h"

#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

namespace opsdeck::alerts {

namespace {

using metrics::LabelMatcher;

void emitString(YAML::Emitter& e, const QString& s)
{
    static const QRegularExpression special(
        QStringLiteral(
            "^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?\\.(?:inf|nan)|[-+.0-9][-+.0-9_:a-fA-FxXoO]*)$"),
        QRegularExpression::CaseInsensitiveOption);
    if (s.isEmpty() || s.contains(u'\n') || s.startsWith(u' ') || s.endsWith(u' ') || special.match(s).hasMatch())
        e << YAML::DoubleQuoted << s.toStdString();
    else
        e << s.toStdString();
}

void emitKey(YAML::Emitter& e, const char* key)
{
    e << YAML::Key << key << YAML::Value;
}

void emitStringList(YAML::Emitter& e, const QStringList& list)
{
    e << YAML::Flow << YAML::BeginSeq;
    for (const QString& s : list)
        emitString(e, s);
    e << YAML::EndSeq;
}

void emitMatchers(YAML::Emitter& e, const char* key, const QList<LabelMatcher>& matchers)
{
    if (matchers.isEmpty())
        return;
    emitKey(e, key);
    e << YAML::BeginSeq;
    for (const LabelMatcher& m : matchers)
        emitString(e, Matchers::formatMatcher(m));
    e << YAML::EndSeq;
}

void emitStringMap(YAML::Emitter& e, const char* key, const QMap<QString, QString>& map)
{
    if (map.isEmpty())
        return;
    emitKey(e, key);
    e << YAML::BeginMap;
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        e << YAML::Key;
        emitString(e, it.key());
        e << YAML::Value;
        emitString(e, it.value());
    }
    e << YAML::EndMap;
}

void emitReceiver(YAML::Emitter& e, const ReceiverConfig& r)
{
    e << YAML::BeginMap;
    emitKey(e, "name");
    emitString(e, r.name);
    e << YAML::Key << QString(receiverTypeName(r.type) + QStringLiteral("_configs")).toStdString() << YAML::Value;
    e << YAML::BeginSeq << YAML::BeginMap;
    emitKey(e, "send_resolved");
    e << r.sendResolved;
    switch (r.type) {
    case ReceiverType::Webhook:
    case ReceiverType::Slack:
        emitKey(e, r.type == ReceiverType::Slack ? "api_url" : "url");
        emitString(e, r.url);
        emitStringMap(e, "headers", r.headers);
        break;
    case ReceiverType::PagerDuty:
        emitKey(e, "routing_key");
        emitString(e, r.secret);
        emitKey(e, "url");
        emitString(e, r.url);
        break;
    case ReceiverType::Email:
        emitKey(e, "to");
        emitStringList(e, r.to);
        emitKey(e, "from");
        emitString(e, r.from);
        emitKey(e, "smarthost");
        emitString(e, r.smtpHost + u':' + QString::number(r.smtpPort));
        if (!r.smtpUser.isEmpty()) {
            emitKey(e, "auth_username");
            emitString(e, r.smtpUser);
        }
        if (!r.secret.isEmpty()) {
            emitKey(e, "auth_password");
            emitString(e, r.secret);
        }
        emitKey(e, "require_tls");
        e << r.smtpStartTls;
        if (!r.smtpCaFile.isEmpty()) {
            emitKey(e, "tls_config");
            e << YAML::BeginMap;
            emitKey(e, "ca_file");
            emitString(e, r.smtpCaFile);
            e << YAML::EndMap;
        }
        break;
    case ReceiverType::Sms: {
        emitKey(e, "url");
        emitString(e, r.url);
        emitKey(e, "to");
        emitStringList(e, r.to);
        if (!r.from.isEmpty()) {
            emitKey(e, "from");
            emitString(e, r.from);
        }
        if (!r.secret.isEmpty()) {
            const qsizetype colon = r.secret.indexOf(u':');
            emitKey(e, "basic_auth");
            e << YAML::BeginMap;
            emitKey(e, "username");
            emitString(e, colon < 0 ? r.secret : r.secret.left(colon));
            emitKey(e, "password");
            emitString(e, colon < 0 ? QString() : r.secret.mid(colon + 1));
            e << YAML::EndMap;
        }
        emitStringMap(e, "fields", r.smsFields);
        break;
    }
    }
    e << YAML::EndMap << YAML::EndSeq << YAML::EndMap;
}

void emitRoute(YAML::Emitter& e, const Route& route)
{
    e << YAML::BeginMap;
    if (!route.receiver.isEmpty()) {
        emitKey(e, "receiver");
        emitString(e, route.receiver);
    }
    if (route.groupBy) {
        QStringList by;
        for (const QByteArray& l : *route.groupBy)
            by.append(QString::fromUtf8(l));
        emitKey(e, "group_by");
        emitStringList(e, by);
    }
    const std::pair<const char*, qint64> timings[] = { { "group_wait", route.groupWaitMs },
        { "group_interval", route.groupIntervalMs }, { "repeat_interval", route.repeatIntervalMs } };
    for (const auto& [key, ms] : timings) {
        if (ms >= 0) {
            emitKey(e, key);
            e << metrics::formatDuration(ms).toStdString();
        }
    }
    emitMatchers(e, "matchers", route.matchers);
    if (route.continueMatching) {
        emitKey(e, "continue");
        e << true;
    }
    if (!route.escalation.isEmpty()) {
        emitKey(e, "escalation");
        emitString(e, route.escalation);
    }
    if (!route.routes.isEmpty()) {
        emitKey(e, "routes");
        e << YAML::BeginSeq;
        for (const Route& child : route.routes)
            emitRoute(e, child);
        e << YAML::EndSeq;
    }
    e << YAML::EndMap;
}

} // namespace

QByteArray AlertingConfigFile::write(const AlertingConfig& config)
{
    YAML::Emitter e;
    e.SetIndent(2);
    e << YAML::BeginMap;
    if (!config.externalUrl.isEmpty()) {
        emitKey(e, "external_url");
        emitString(e, config.externalUrl);
    }
    // Forwarding to Alertmanagers alone has neither receivers nor a route.
    if (!config.receivers.isEmpty() || !config.route.receiver.isEmpty() || config.alertmanagers.isEmpty()) {
        emitKey(e, "receivers");
        e << YAML::BeginSeq;
        for (const ReceiverConfig& r : config.receivers)
            emitReceiver(e, r);
        e << YAML::EndSeq;
        emitKey(e, "route");
        emitRoute(e, config.route);
    }
    if (!config.inhibitRules.isEmpty()) {
        emitKey(e, "inhibit_rules");
        e << YAML::BeginSeq;
        for (const InhibitRule& rule : config.inhibitRules) {
            e << YAML::BeginMap;
            emitMatchers(e, "source_matchers", rule.sourceMatchers);
            emitMatchers(e, "target_matchers", rule.targetMatchers);
            if (!rule.equal.isEmpty()) {
                QStringList equal;
                for (const QByteArray& l : rule.equal)
                    equal.append(QString::fromUtf8(l));
                emitKey(e, "equal");
                emitStringList(e, equal);
            }
            e << YAML::EndMap;
        }
        e << YAML::EndSeq;
    }
    if (!config.alertmanagers.isEmpty()) {
        emitKey(e, "alertmanagers");
        e << YAML::BeginSeq;
        for (const AlertmanagerConfig& am : config.alertmanagers) {
            e << YAML::BeginMap;
            emitKey(e, "url");
            emitString(e, am.url);
            if (am.timeoutMs != AlertmanagerConfig().timeoutMs) {
                emitKey(e, "timeout");
                e << metrics::formatDuration(am.timeoutMs).toStdString();
            }
            if (!am.bearerToken.isEmpty()) {
                emitKey(e, "bearer_token");
                emitString(e, am.bearerToken);
            }
            if (!am.basicAuthUser.isEmpty() || !am.basicAuthPassword.isEmpty()) {
                emitKey(e, "basic_auth");
                e << YAML::BeginMap;
                emitKey(e, "username");
                emitString(e, am.basicAuthUser);
                emitKey(e, "password");
                emitString(e, am.basicAuthPassword);
                e << YAML::EndMap;
            }
            if (!am.caFile.isEmpty()) {
                emitKey(e, "ca_file");
                emitString(e, am.caFile);
            }
            if (am.insecure) {
                emitKey(e, "insecure");
                e << true;
            }
            e << YAML::EndMap;
        }
        e << YAML::EndSeq;
    }
    if (!config.escalations.isEmpty()) {
        emitKey(e, "escalations");
        e << YAML::BeginSeq;
        for (const EscalationPolicy& p : config.escalations) {
            e << YAML::BeginMap;
            emitKey(e, "name");
            emitString(e, p.name);
            emitKey(e, "steps");
            e << YAML::BeginSeq;
            for (const EscalationStep& s : p.steps) {
                e << YAML::BeginMap;
                emitKey(e, "after");
                e << metrics::formatDuration(s.delayMs).toStdString();
                emitKey(e, "receivers");
                emitStringList(e, s.receivers);
                e << YAML::EndMap;
            }
            e << YAML::EndSeq << YAML::EndMap;
        }
        e << YAML::EndSeq;
    }
    e << YAML::EndMap;
    QByteArray out(e.c_str(), qsizetype(e.size()));
    out += '\n';
    return out;
}

} // namespace opsdeck::alerts
