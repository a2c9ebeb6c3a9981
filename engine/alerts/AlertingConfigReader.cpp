#include "alerts/AlertingConfigFile.h"

#include "alerts/Matchers.h"
#include "config/YamlReader.h"
#include "metrics/Labels.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QUrl>

#include <yaml-cpp/yaml.h>

namespace opsdeck::alerts {

namespace {

using metrics::LabelMatcher;

QString str(const YAML::Node& node)
{
    return config::YamlReader::text(node);
}

const QString kPagerDutyDefaultUrl = QStringLiteral("https://events.pagerduty.com/v2/enqueue");

// The section's reader on top of the shared YAML helpers; a null value
// reads as an empty text here (Alertmanager's "field:" with nothing after it).
class Reader : public config::YamlReader
{
public:
    Reader(const QString& fileName, QList<config::ConfigIssue>* issues)
        : config::YamlReader(fileName, issues)
    { }

    std::optional<AlertingConfig> read(const YAML::Node& root);

private:
    void ignored(const YAML::Node& key, const QString& where)
    {
        issue(key.Mark(), AlertingConfigFile::tr("not supported: \"%1\" in %2 (ignored)").arg(str(key), where),
            false);
    }

    std::optional<QString> scalar(const YAML::Node& node, const QString& field)
    {
        return YamlReader::scalar(node, field, true);
    }
    std::optional<qint64> duration(const YAML::Node& node, const QString& field)
    {
        return YamlReader::duration(
            node, AlertingConfigFile::tr("invalid duration in \"%1\" (use 30s, 5m, 4h, 1d)").arg(field));
    }
    std::optional<QList<LabelMatcher>> matcherList(const YAML::Node& node, const QString& field);
    std::optional<QList<LabelMatcher>> matchMap(const YAML::Node& node, const QString& field, bool regex);

    void readReceiver(const YAML::Node& node, AlertingConfig& config, QSet<QString>& names);
    bool readReceiverConfig(const YAML::Node& node, ReceiverConfig& r);
    std::optional<Route> readRoute(const YAML::Node& node, bool root);
    void readInhibitRule(const YAML::Node& node, AlertingConfig& config);
    void readEscalation(const YAML::Node& node, AlertingConfig& config, QSet<QString>& names);
    void readAlertmanager(const YAML::Node& node, AlertingConfig& config, QSet<QString>& urls);
    void checkRoute(const Route& route, const YAML::Node& node, const QSet<QString>& receivers,
        const QSet<QString>& escalations);
};

std::optional<QList<LabelMatcher>> Reader::matcherList(const YAML::Node& node, const QString& field)
{
    const std::optional<QStringList> items = stringList(node, field, false);
    if (!items)
        return std::nullopt;
    QList<LabelMatcher> out;
    for (qsizetype i = 0; i < items->size(); ++i) {
        QString error;
        const auto parsed = Matchers::parseMatchers(items->at(i), &error);
        if (!parsed) {
            fatal(node.IsSequence() ? node[size_t(i)] : node,
                AlertingConfigFile::tr("bad matcher in \"%1\": %2").arg(field, error));
            return std::nullopt;
        }
        out += *parsed;
    }
    return out;
}

// Alertmanager's older `match:` / `match_re:` maps of label -> value.
std::optional<QList<LabelMatcher>> Reader::matchMap(const YAML::Node& node, const QString& field, bool regex)
{
    const std::optional<QMap<QString, QString>> map = stringMap(node, field);
    if (!map)
        return std::nullopt;
    QList<LabelMatcher> out;
    for (auto it = map->cbegin(); it != map->cend(); ++it) {
        if (!metrics::isValidLabelName(it.key().toUtf8())) {
            fatal(node, AlertingConfigFile::tr("invalid label name \"%1\" in \"%2\"").arg(it.key(), field));
            return std::nullopt;
        }
        LabelMatcher m(
            regex ? LabelMatcher::Type::Regex : LabelMatcher::Type::Equal, it.key().toUtf8(), it.value().toUtf8());
        if (!m.isValid()) {
            fatal(node,
                AlertingConfigFile::tr("invalid regular expression for \"%1\": %2")
                    .arg(it.key(), m.errorString()));
            return std::nullopt;
        }
        out.append(m);
    }
    return out;
}

std::optional<AlertingConfig> Reader::read(const YAML::Node& root)
{
    AlertingConfig config;
    if (!root || root.IsNull()) {
        issue(YAML::Mark::null_mark(),
            AlertingConfigFile::tr("the alerting section is empty: it needs receivers and a route"), true);
        return std::nullopt;
    }
    if (!root.IsMap()) {
        fatal(root, AlertingConfigFile::tr("expected a map with receivers and route"));
        return std::nullopt;
    }
    YAML::Node routeNode;
    QSet<QString> receiverNames;
    QSet<QString> escalationNames;
    // Escalations first: routes refer to them, wherever they are in the file.
    if (const YAML::Node esc = root["escalations"]; esc && !esc.IsNull()) {
        if (!esc.IsSequence())
            fatal(esc, AlertingConfigFile::tr("\"escalations\" must be a list"));
        else
            for (const YAML::Node& e : esc)
                readEscalation(e, config, escalationNames);
    }
    for (const auto& kv : root) {
        const QString key = str(kv.first);
        const YAML::Node& value = kv.second;
        if (key == QLatin1String("external_url")) {
            if (const auto url = scalar(value, key)) {
                if (!url->isEmpty() && !QUrl(*url, QUrl::StrictMode).isValid())
                    fatal(value, AlertingConfigFile::tr("\"external_url\" is not a valid URL"));
                config.externalUrl = *url;
            }
        } else if (key == QLatin1String("receivers")) {
            if (!value.IsSequence()) {
                fatal(value, AlertingConfigFile::tr("\"receivers\" must be a list"));
                continue;
            }
            for (const YAML::Node& r : value)
                readReceiver(r, config, receiverNames);
        } else if (key == QLatin1String("route")) {
            routeNode = value;
        } else if (key == QLatin1String("inhibit_rules")) {
            if (value.IsNull())
                continue;
            if (!value.IsSequence()) {
                fatal(value, AlertingConfigFile::tr("\"inhibit_rules\" must be a list"));
                continue;
            }
            for (const YAML::Node& r : value)
                readInhibitRule(r, config);
        } else if (key == QLatin1String("escalations")) {
            continue;
        } else if (key == QLatin1String("alertmanagers")) {
            if (value.IsNull())
                continue;
            if (!value.IsSequence()) {
                fatal(value, AlertingConfigFile::tr("\"alertmanagers\" must be a list"));
                continue;
            }
            QSet<QString> urls;
            for (const YAML::Node& am : value)
                readAlertmanager(am, config, urls);
        } else if (key == QLatin1String("global") || key == QLatin1String("templates")
            || key == QLatin1String("time_intervals") || key == QLatin1String("mute_time_intervals")) {
            ignored(kv.first, AlertingConfigFile::tr("the alerting section"));
        } else {
            fatal(kv.first, AlertingConfigFile::tr("unknown field \"%1\"").arg(key));
        }
    }
    // Forwarding to Alertmanagers alone needs no receivers of OpsDeck's own.
    const bool forwardOnly
        = (!routeNode || routeNode.IsNull()) && !config.alertmanagers.isEmpty() && receiverNames.isEmpty();
    if ((!routeNode || routeNode.IsNull()) && !forwardOnly) {
        fatal(root, AlertingConfigFile::tr("no route given: \"route\" with at least a receiver is required"));
        return std::nullopt;
    }
    if (forwardOnly) {
        // no route: OpsDeck's own notifications stay off
    } else if (const std::optional<Route> route = readRoute(routeNode, true)) {
        config.route = *route;
        if (config.route.receiver.isEmpty())
            fatal(routeNode, AlertingConfigFile::tr("the root route must name a receiver"));
        checkRoute(config.route, routeNode, receiverNames, escalationNames);
    }
    for (qsizetype i = 0; i < config.escalations.size(); ++i) {
        const YAML::Node steps = root["escalations"][size_t(i)]["steps"];
        for (qsizetype j = 0; j < config.escalations[i].steps.size(); ++j) {
            for (const QString& r : config.escalations[i].steps[j].receivers) {
                if (!receiverNames.contains(r))
                    fatal(steps[size_t(j)]["receivers"],
                        AlertingConfigFile::tr("escalation \"%1\" names an undefined receiver \"%2\"")
                            .arg(config.escalations[i].name, r));
            }
        }
    }
    if (failed())
        return std::nullopt;
    return config;
}

void Reader::readReceiver(const YAML::Node& node, AlertingConfig& config, QSet<QString>& names)
{
    if (!node.IsMap()) {
        fatal(node, AlertingConfigFile::tr("a receiver must be a map with a name"));
        return;
    }
    ReceiverConfig r;
    const YAML::Node name = node["name"];
    if (!name || !name.IsScalar() || name.Scalar().empty()) {
        fatal(node, AlertingConfigFile::tr("a receiver needs a name"));
        return;
    }
    r.name = str(name);
    if (!uniqueName(names, r.name, name, AlertingConfigFile::tr("receiver \"%1\" is defined twice").arg(r.name)))
        return;

    static const QList<std::pair<QLatin1String, ReceiverType>> kinds = {
        { QLatin1String("webhook_configs"), ReceiverType::Webhook },
        { QLatin1String("slack_configs"), ReceiverType::Slack },
        { QLatin1String("pagerduty_configs"), ReceiverType::PagerDuty },
        { QLatin1String("email_configs"), ReceiverType::Email },
        { QLatin1String("sms_configs"), ReceiverType::Sms },
    };
    YAML::Node configNode;
    int count = 0;
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        if (key == QLatin1String("name"))
            continue;
        bool known = false;
        for (const auto& [field, type] : kinds) {
            if (key != field)
                continue;
            known = true;
            if (!kv.second.IsSequence()) {
                fatal(kv.second, AlertingConfigFile::tr("\"%1\" must be a list").arg(key));
                return;
            }
            count += int(kv.second.size());
            if (kv.second.size() > 0) {
                configNode = kv.second[0];
                r.type = type;
            }
        }
        if (!known && key.endsWith(QLatin1String("_configs")))
            issue(kv.first.Mark(),
                AlertingConfigFile::tr("not supported: \"%1\" in receiver \"%2\" (ignored)").arg(key, r.name),
                false);
        else if (!known)
            fatal(kv.first, AlertingConfigFile::tr("unknown field \"%1\" in receiver \"%2\"").arg(key, r.name));
    }
    // Every receiver has a single destination so that the delivery log and
    // its retries are per destination; Alertmanager's lists are split.
    if (count != 1) {
        fatal(node,
            count == 0
                ? AlertingConfigFile::tr("receiver \"%1\" has no webhook, slack, pagerduty, email or sms config")
                      .arg(r.name)
                : AlertingConfigFile::tr("receiver \"%1\" has %2 configs; OpsDeck takes exactly one per "
                                         "receiver (split it into several receivers)")
                      .arg(r.name)
                      .arg(count));
        return;
    }
    if (readReceiverConfig(configNode, r))
        config.receivers.append(r);
}

// Prometheus's alertmanager_config, flattened to one URL per entry:
// url, timeout, bearer_token[_file], basic_auth {username, password[_file]},
// ca_file, insecure.
void Reader::readAlertmanager(const YAML::Node& node, AlertingConfig& config, QSet<QString>& urls)
{
    if (!node.IsMap() || !node["url"]) {
        fatal(node, AlertingConfigFile::tr("an Alertmanager must be a map with at least \"url\""));
        return;
    }
    AlertmanagerConfig am;
    config::HttpClientSettings http;
    const int fatalsBefore = fatalCount();
    const auto set = [](QString& target, const std::optional<QString>& v) {
        if (v)
            target = *v;
    };
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        const YAML::Node& v = kv.second;
        const auto is = [&key](const char* name) { return key == QLatin1String(name); };
        if (is("url")) {
            set(am.url, scalar(v, key));
            while (am.url.endsWith(u'/'))
                am.url.chop(1);
            const QUrl url(am.url, QUrl::StrictMode);
            if (!url.isValid() || url.host().isEmpty()
                || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
                fatal(v, AlertingConfigFile::tr("the Alertmanager URL must be http:// or https://host:port"));
        } else if (is("timeout")) {
            if (const auto ms = duration(v, key)) {
                if (*ms <= 0)
                    fatal(v, AlertingConfigFile::tr("\"timeout\" must be more than 0s"));
                am.timeoutMs = *ms;
            }
        } else if (httpClientField(key, v, http)) {
            // bearer_token[_file], basic_auth, ca_file, insecure
        } else {
            fatal(kv.first, AlertingConfigFile::tr("unknown field \"%1\" in an Alertmanager").arg(key));
        }
    }
    checkHttpClient(node, http);
    am.bearerToken = http.bearerToken;
    am.basicAuthUser = http.basicAuthUser;
    am.basicAuthPassword = http.basicAuthPassword;
    am.caFile = http.caFile;
    am.insecure = http.insecure;
    if (fatalCount() != fatalsBefore)
        return;
    if (!uniqueName(urls, am.url, node, AlertingConfigFile::tr("the Alertmanager %1 is listed twice").arg(am.url)))
        return;
    config.alertmanagers.append(am);
}

bool Reader::readReceiverConfig(const YAML::Node& node, ReceiverConfig& r)
{
    if (!node.IsMap()) {
        fatal(node, AlertingConfigFile::tr("the config of receiver \"%1\" must be a map").arg(r.name));
        return false;
    }
    const QString where = AlertingConfigFile::tr("receiver \"%1\"").arg(r.name);
    // Alertmanager's send_resolved defaults, per integration.
    r.sendResolved = r.type == ReceiverType::Webhook || r.type == ReceiverType::PagerDuty;
    if (r.type == ReceiverType::PagerDuty)
        r.url = kPagerDutyDefaultUrl;
    if (r.type == ReceiverType::Email) {
        r.smtpPort = 587;
        r.smtpStartTls = true;
    }
    const int fatalsBefore = fatalCount();
    const auto set = [](QString& target, const std::optional<QString>& v) {
        if (v)
            target = *v;
    };
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        const YAML::Node& v = kv.second;
        const auto is = [&key](const char* name) { return key == QLatin1String(name); };
        if (is("send_resolved")) {
            if (const auto b = boolean(v, key))
                r.sendResolved = *b;
        } else if (is("url") || is("api_url")) {
            set(r.url, scalar(v, key));
        } else if (is("url_file") || is("api_url_file")) {
            set(r.url, secretFile(v, key));
        } else if (is("headers")) {
            if (const auto h = stringMap(v, key))
                r.headers = *h;
        } else if (is("http_config") && v.IsMap()) {
            // authorization {type, credentials[_file]} / bearer_token / basic_auth: become headers.
            for (const auto& hc : v) {
                const QString hk = str(hc.first);
                if (hk == QLatin1String("authorization") && hc.second.IsMap()) {
                    QString type = QStringLiteral("Bearer");
                    QString credentials;
                    if (hc.second["type"])
                        set(type, scalar(hc.second["type"], QStringLiteral("type")));
                    if (hc.second["credentials"])
                        set(credentials, scalar(hc.second["credentials"], QStringLiteral("credentials")));
                    if (hc.second["credentials_file"])
                        set(credentials,
                            secretFile(hc.second["credentials_file"], QStringLiteral("credentials_file")));
                    r.headers.insert(QStringLiteral("Authorization"), type + u' ' + credentials);
                } else if (hk == QLatin1String("bearer_token")) {
                    QString token;
                    set(token, scalar(hc.second, hk));
                    r.headers.insert(QStringLiteral("Authorization"), QStringLiteral("Bearer ") + token);
                } else if (hk == QLatin1String("basic_auth") && hc.second.IsMap()) {
                    QString user, password;
                    if (hc.second["username"])
                        set(user, scalar(hc.second["username"], QStringLiteral("username")));
                    if (hc.second["password"])
                        set(password, scalar(hc.second["password"], QStringLiteral("password")));
                    if (hc.second["password_file"])
                        set(password, secretFile(hc.second["password_file"], QStringLiteral("password_file")));
                    r.headers.insert(QStringLiteral("Authorization"),
                        QStringLiteral("Basic ")
                            + QString::fromLatin1((user + u':' + password).toUtf8().toBase64()));
                } else {
                    ignored(hc.first, where);
                }
            }
        } else if (is("routing_key")) {
            set(r.secret, scalar(v, key));
        } else if (is("routing_key_file")) {
            set(r.secret, secretFile(v, key));
        } else if (is("to")) {
            if (const auto to = stringList(v, key, true))
                r.to = *to;
        } else if (is("from")) {
            set(r.from, scalar(v, key));
        } else if (is("smarthost")) {
            const std::optional<QString> hostPort = scalar(v, key);
            if (!hostPort)
                continue;
            const qsizetype colon = hostPort->lastIndexOf(u':');
            bool ok = colon > 0;
            const int port = ok ? hostPort->mid(colon + 1).toInt(&ok) : 0;
            if (!ok || port <= 0 || port > 65535) {
                fatal(v, AlertingConfigFile::tr("\"smarthost\" must be host:port in %1").arg(where));
                continue;
            }
            r.smtpHost = hostPort->left(colon);
            r.smtpPort = port;
        } else if (is("auth_username")) {
            set(r.smtpUser, scalar(v, key));
        } else if (is("auth_password")) {
            set(r.secret, scalar(v, key));
        } else if (is("auth_password_file")) {
            set(r.secret, secretFile(v, key));
        } else if (is("tls_config") && r.type == ReceiverType::Email && v.IsMap()) {
            // Alertmanager's tls_config: only the CA matters for STARTTLS here.
            for (const auto& tc : v) {
                if (str(tc.first) != QLatin1String("ca_file")) {
                    ignored(tc.first, where);
                    continue;
                }
                if (const auto ca = scalar(tc.second, QStringLiteral("ca_file"))) {
                    r.smtpCaFile = QDir::cleanPath(QDir(directory()).absoluteFilePath(*ca));
                    if (!QFileInfo::exists(r.smtpCaFile))
                        fatal(
                            tc.second, AlertingConfigFile::tr("the CA file %1 does not exist").arg(r.smtpCaFile));
                }
            }
        } else if (is("require_tls")) {
            if (const auto b = boolean(v, key))
                r.smtpStartTls = *b;
        } else if (is("basic_auth") && r.type == ReceiverType::Sms && v.IsMap()) {
            QString user, password;
            if (v["username"])
                set(user, scalar(v["username"], QStringLiteral("username")));
            if (v["password"])
                set(password, scalar(v["password"], QStringLiteral("password")));
            if (v["password_file"])
                set(password, secretFile(v["password_file"], QStringLiteral("password_file")));
            r.secret = user + u':' + password;
        } else if (is("fields") && r.type == ReceiverType::Sms) {
            if (const auto f = stringMap(v, key))
                r.smsFields = *f;
        } else {
            ignored(kv.first, where);
        }
    }
    if (fatalCount() != fatalsBefore)
        return false;

    const auto require = [&](bool present, const char* field) {
        if (!present)
            fatal(node, AlertingConfigFile::tr("%1 needs \"%2\"").arg(where, QLatin1String(field)));
        return present;
    };
    bool ok = true;
    switch (r.type) {
    case ReceiverType::Webhook:
    case ReceiverType::Slack:
    case ReceiverType::Sms:
        ok = require(!r.url.isEmpty(), r.type == ReceiverType::Slack ? "api_url" : "url");
        if (r.type == ReceiverType::Sms)
            ok = require(!r.to.isEmpty(), "to") && ok;
        break;
    case ReceiverType::PagerDuty:
        ok = require(!r.secret.isEmpty(), "routing_key");
        break;
    case ReceiverType::Email:
        ok = require(!r.smtpHost.isEmpty(), "smarthost");
        ok = require(!r.to.isEmpty(), "to") && ok;
        ok = require(!r.from.isEmpty(), "from") && ok;
        break;
    }
    if (ok && !r.url.isEmpty()) {
        const QUrl url(r.url, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
            fatal(node, AlertingConfigFile::tr("%1: the URL must be http:// or https://").arg(where));
            ok = false;
        }
    }
    return ok;
}

std::optional<Route> Reader::readRoute(const YAML::Node& node, bool root)
{
    if (!node.IsMap()) {
        fatal(node, AlertingConfigFile::tr("a route must be a map"));
        return std::nullopt;
    }
    Route route;
    bool ok = true;
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        const YAML::Node& v = kv.second;
        const auto is = [&key](const char* name) { return key == QLatin1String(name); };
        if (is("receiver")) {
            if (const auto s = scalar(v, key))
                route.receiver = *s;
        } else if (is("group_by")) {
            const auto list = stringList(v, key, false);
            if (!list) {
                ok = false;
                continue;
            }
            QList<QByteArray> by;
            for (const QString& l : *list) {
                if (l != QLatin1String("...") && !metrics::isValidLabelName(l.toUtf8())) {
                    fatal(v, AlertingConfigFile::tr("invalid label name \"%1\" in \"group_by\"").arg(l));
                    ok = false;
                }
                by.append(l.toUtf8());
            }
            if (by.contains("...") && by.size() > 1) {
                fatal(v, AlertingConfigFile::tr("\"group_by\" with '...' must not list other labels"));
                ok = false;
            }
            route.groupBy = by;
        } else if (is("group_wait") || is("group_interval") || is("repeat_interval")) {
            const auto ms = duration(v, key);
            if (!ms) {
                ok = false;
                continue;
            }
            (is("group_wait")              ? route.groupWaitMs
                    : is("group_interval") ? route.groupIntervalMs
                                           : route.repeatIntervalMs)
                = *ms;
        } else if (is("matchers") || is("match") || is("match_re")) {
            const auto m = is("matchers") ? matcherList(v, key) : matchMap(v, key, is("match_re"));
            if (!m) {
                ok = false;
                continue;
            }
            if (root && !m->isEmpty()) {
                fatal(kv.first, AlertingConfigFile::tr("the root route must not have matchers"));
                ok = false;
            }
            route.matchers += *m;
        } else if (is("continue")) {
            const auto b = boolean(v, key);
            if (!b) {
                ok = false;
                continue;
            }
            if (root && *b) {
                fatal(kv.first, AlertingConfigFile::tr("the root route cannot have \"continue\""));
                ok = false;
            }
            route.continueMatching = *b;
        } else if (is("escalation")) {
            if (const auto s = scalar(v, key))
                route.escalation = *s;
        } else if (is("routes")) {
            if (v.IsNull())
                continue;
            if (!v.IsSequence()) {
                fatal(v, AlertingConfigFile::tr("\"routes\" must be a list"));
                ok = false;
                continue;
            }
            for (const YAML::Node& child : v) {
                if (const auto c = readRoute(child, false))
                    route.routes.append(*c);
                else
                    ok = false;
            }
        } else if (is("mute_time_intervals") || is("active_time_intervals")) {
            ignored(kv.first, AlertingConfigFile::tr("a route"));
        } else {
            fatal(kv.first, AlertingConfigFile::tr("unknown field \"%1\" in a route").arg(key));
            ok = false;
        }
    }
    if (!ok)
        return std::nullopt;
    return route;
}

void Reader::checkRoute(
    const Route& route, const YAML::Node& node, const QSet<QString>& receivers, const QSet<QString>& escalations)
{
    if (!route.receiver.isEmpty() && !receivers.contains(route.receiver))
        fatal(node, AlertingConfigFile::tr("undefined receiver \"%1\" used in a route").arg(route.receiver));
    if (!route.escalation.isEmpty() && !escalations.contains(route.escalation))
        fatal(node, AlertingConfigFile::tr("undefined escalation \"%1\" used in a route").arg(route.escalation));
    const YAML::Node children = node["routes"];
    for (qsizetype i = 0; i < route.routes.size(); ++i)
        checkRoute(route.routes[i], children[size_t(i)], receivers, escalations);
}

void Reader::readInhibitRule(const YAML::Node& node, AlertingConfig& config)
{
    if (!node.IsMap()) {
        fatal(node, AlertingConfigFile::tr("an inhibit rule must be a map"));
        return;
    }
    InhibitRule rule;
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        const YAML::Node& v = kv.second;
        const auto is = [&key](const char* name) { return key == QLatin1String(name); };
        std::optional<QList<LabelMatcher>> m;
        if (is("source_matchers") || is("target_matchers"))
            m = matcherList(v, key);
        else if (is("source_match") || is("target_match") || is("source_match_re") || is("target_match_re"))
            m = matchMap(v, key, key.endsWith(QLatin1String("_re")));
        else if (is("equal")) {
            if (const auto labels = stringList(v, key, false)) {
                for (const QString& l : *labels) {
                    if (!metrics::isValidLabelName(l.toUtf8()))
                        fatal(v, AlertingConfigFile::tr("invalid label name \"%1\" in \"equal\"").arg(l));
                    rule.equal.append(l.toUtf8());
                }
            }
            continue;
        } else {
            fatal(kv.first, AlertingConfigFile::tr("unknown field \"%1\" in an inhibit rule").arg(key));
            continue;
        }
        if (!m)
            continue;
        (key.startsWith(QLatin1String("source")) ? rule.sourceMatchers : rule.targetMatchers) += *m;
    }
    // Empty matchers would match every alert: an inhibit rule muting everything.
    if (rule.sourceMatchers.isEmpty() || rule.targetMatchers.isEmpty()) {
        fatal(node, AlertingConfigFile::tr("an inhibit rule needs source and target matchers"));
        return;
    }
    config.inhibitRules.append(rule);
}

void Reader::readEscalation(const YAML::Node& node, AlertingConfig& config, QSet<QString>& names)
{
    if (!node.IsMap()) {
        fatal(node, AlertingConfigFile::tr("an escalation must be a map with name and steps"));
        return;
    }
    EscalationPolicy policy;
    const YAML::Node name = node["name"];
    if (!name || !name.IsScalar() || name.Scalar().empty()) {
        fatal(node, AlertingConfigFile::tr("an escalation needs a name"));
        return;
    }
    policy.name = str(name);
    if (!uniqueName(names, policy.name, name,
            AlertingConfigFile::tr("escalation \"%1\" is defined twice").arg(policy.name)))
        return;
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        if (key != QLatin1String("name") && key != QLatin1String("steps"))
            fatal(kv.first,
                AlertingConfigFile::tr("unknown field \"%1\" in escalation \"%2\"").arg(key, policy.name));
    }
    const YAML::Node steps = node["steps"];
    if (!steps || !steps.IsSequence() || steps.size() == 0) {
        fatal(node, AlertingConfigFile::tr("escalation \"%1\" needs a list of steps").arg(policy.name));
        return;
    }
    qint64 previous = -1;
    for (const YAML::Node& s : steps) {
        if (!s.IsMap() || !s["after"] || !s["receivers"]) {
            fatal(s, AlertingConfigFile::tr("an escalation step needs \"after\" and \"receivers\""));
            return;
        }
        EscalationStep step;
        const auto after = duration(s["after"], QStringLiteral("after"));
        const auto receivers = stringList(s["receivers"], QStringLiteral("receivers"), false);
        if (!after || !receivers)
            return;
        if (*after < previous) {
            fatal(s,
                AlertingConfigFile::tr("the steps of escalation \"%1\" must be in increasing order of \"after\"")
                    .arg(policy.name));
            return;
        }
        previous = *after;
        step.delayMs = *after;
        step.receivers = *receivers;
        policy.steps.append(step);
    }
    config.escalations.append(policy);
}

} // namespace

std::optional<AlertingConfig> AlertingConfigFile::parseNode(
    const YAML::Node& node, const QString& fileName, QList<config::ConfigIssue>* issues)
{
    try {
        return Reader(fileName, issues).read(node);
    } catch (const YAML::Exception& e) {
        if (issues)
            issues->append(config::YamlReader::makeIssue(fileName, e.mark,
                tr("unreadable alerting configuration: %1").arg(QString::fromStdString(e.msg)), true));
        return std::nullopt;
    }
}

std::optional<AlertingConfig> AlertingConfigFile::parse(
    const QByteArray& yaml, const QString& fileName, QList<config::ConfigIssue>* issues)
{
    const std::optional<YAML::Node> document = config::YamlReader::parseDocument(yaml, fileName, issues);
    if (!document)
        return std::nullopt;
    const YAML::Node root = *document;
    // A whole headless configuration works too: its `alerting:` section is used.
    // root is const: lookups must not add keys.
    if (root.IsMap() && root["alerting"] && !root["receivers"] && !root["route"])
        return parseNode(root["alerting"], fileName, issues);
    return parseNode(root, fileName, issues);
}

std::optional<AlertingConfig> AlertingConfigFile::load(const QString& path, QList<config::ConfigIssue>* issues)
{
    const std::optional<QByteArray> bytes = config::YamlReader::readFile(path, issues);
    if (!bytes)
        return std::nullopt;
    return parse(*bytes, path, issues);
}

} // namespace opsdeck::alerts
