// AlertingConfigFile: Alertmanager-style receivers / route / inhibit_rules
// plus escalations, parsed with file:line issues and written back.
#include "alerts/AlertingConfigFile.h"
#include "alerts/Matchers.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck::alerts;
using opsdeck::config::ConfigIssue;

namespace {

QString dump(const QList<ConfigIssue>& issues)
{
    QStringList lines;
    for (const ConfigIssue& i : issues)
        lines.append(i.toString() + (i.fatal ? QStringLiteral(" [fatal]") : QString()));
    return lines.join(u'\n');
}

const ReceiverConfig* receiver(const AlertingConfig& c, const QString& name)
{
    for (const ReceiverConfig& r : c.receivers)
        if (r.name == name)
            return &r;
    return nullptr;
}

QStringList matcherTexts(const QList<opsdeck::metrics::LabelMatcher>& matchers)
{
    QStringList out;
    for (const auto& m : matchers)
        out.append(Matchers::formatMatcher(m));
    return out;
}

const QByteArray kConfig = R"(external_url: https://opsdeck.example.net
receivers:
  - name: hook
    webhook_configs:
      - url: http://127.0.0.1:9099/alerts
        http_config:
          authorization:
            credentials_file: hook.token
  - name: slack
    slack_configs:
      - api_url: https://hooks.slack.com/services/T0/B0/X
        channel: '#ops'
  - name: pd
    pagerduty_configs:
      - routing_key_file: pd.key
  - name: mail
    email_configs:
      - to: a@example.net, b@example.net
        from: opsdeck@example.net
        smarthost: smtp.example.net:2525
        auth_username: opsdeck
        auth_password: s3cret
        require_tls: false
        send_resolved: true
        tls_config:
          ca_file: smtp-ca.pem
  - name: sms
    sms_configs:
      - url: https://sms.example.net/send
        to: ['+491', '+492']
        from: OpsDeck
        basic_auth: {username: acct, password_file: sms.pass}
        fields: {number: '{to}', message: '{text}'}
route:
  receiver: hook
  group_by: [alertname, site]
  group_wait: 10s
  group_interval: 1m
  repeat_interval: 2h
  routes:
    - matchers: ['severity="critical"', 'site=~"plant-.*"']
      receiver: pd
      escalation: crit
      continue: true
    - match: {team: mes}
      match_re: {service: 'db|queue'}
      receiver: mail
      group_by: ['...']
      routes:
        - matchers: ['{env!="dev", tier!~"test.*"}']
          receiver: sms
    - receiver: slack
inhibit_rules:
  - source_matchers: [alertname="NodeDown"]
    target_matchers: ['alertname=~"Node.+"', 'alertname!="NodeDown"']
    equal: [instance]
  - source_match: {severity: critical}
    target_match_re: {severity: 'warning|info'}
escalations:
  - name: crit
    steps:
      - after: 0s
        receivers: [pd]
      - after: 15m
        receivers: [sms, mail]
)";

} // namespace

class TestAlertingConfigFile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const auto put = [this](const char* name, const QByteArray& content) {
            QFile f(m_dir.filePath(QLatin1String(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        };
        put("hook.token", "tok-123\n");
        put("pd.key", "PDKEY0001\n");
        put("sms.pass", "smspw\n");
        put("smtp-ca.pem", "-----BEGIN CERTIFICATE-----\n");
        m_file = m_dir.filePath(QStringLiteral("alerting.yml"));
    }

    void parsesEveryPart()
    {
        QList<ConfigIssue> issues;
        const auto c = AlertingConfigFile::parse(kConfig, m_file, &issues);
        QVERIFY2(c, qPrintable(dump(issues)));
        // Only the Slack channel is reported: incoming webhooks fix their channel.
        QCOMPARE(issues.size(), 1);
        QVERIFY(!issues[0].fatal);
        QCOMPARE(issues[0].line, 12);
        QVERIFY2(issues[0].message.contains(QLatin1String("\"channel\"")), qPrintable(issues[0].message));

        QCOMPARE(c->externalUrl, QStringLiteral("https://opsdeck.example.net"));
        QCOMPARE(c->receivers.size(), 5);
        const ReceiverConfig* hook = receiver(*c, QStringLiteral("hook"));
        QVERIFY(hook);
        QCOMPARE(hook->type, ReceiverType::Webhook);
        QCOMPARE(hook->url, QStringLiteral("http://127.0.0.1:9099/alerts"));
        QCOMPARE(hook->headers.value(QStringLiteral("Authorization")), QStringLiteral("Bearer tok-123"));
        QVERIFY(hook->sendResolved); // Alertmanager's webhook default

        const ReceiverConfig* slack = receiver(*c, QStringLiteral("slack"));
        QCOMPARE(slack->type, ReceiverType::Slack);
        QCOMPARE(slack->url, QStringLiteral("https://hooks.slack.com/services/T0/B0/X"));
        QVERIFY(!slack->sendResolved); // Alertmanager's slack default

        const ReceiverConfig* pd = receiver(*c, QStringLiteral("pd"));
        QCOMPARE(pd->type, ReceiverType::PagerDuty);
        QCOMPARE(pd->secret, QStringLiteral("PDKEY0001"));
        QCOMPARE(pd->url, QStringLiteral("https://events.pagerduty.com/v2/enqueue"));
        QVERIFY(pd->sendResolved);

        const ReceiverConfig* mail = receiver(*c, QStringLiteral("mail"));
        QCOMPARE(mail->type, ReceiverType::Email);
        QCOMPARE(mail->to, (QStringList { QStringLiteral("a@example.net"), QStringLiteral("b@example.net") }));
        QCOMPARE(mail->from, QStringLiteral("opsdeck@example.net"));
        QCOMPARE(mail->smtpHost, QStringLiteral("smtp.example.net"));
        QCOMPARE(mail->smtpPort, 2525);
        QCOMPARE(mail->smtpUser, QStringLiteral("opsdeck"));
        QCOMPARE(mail->secret, QStringLiteral("s3cret"));
        QVERIFY(!mail->smtpStartTls);
        QCOMPARE(mail->smtpCaFile, m_dir.filePath(QStringLiteral("smtp-ca.pem")));
        QVERIFY(mail->sendResolved);

        const ReceiverConfig* sms = receiver(*c, QStringLiteral("sms"));
        QCOMPARE(sms->type, ReceiverType::Sms);
        QCOMPARE(sms->to, (QStringList { QStringLiteral("+491"), QStringLiteral("+492") }));
        QCOMPARE(sms->from, QStringLiteral("OpsDeck"));
        QCOMPARE(sms->secret, QStringLiteral("acct:smspw"));
        QCOMPARE(sms->smsFields.value(QStringLiteral("number")), QStringLiteral("{to}"));
        QCOMPARE(sms->smsFields.value(QStringLiteral("message")), QStringLiteral("{text}"));

        const Route& root = c->route;
        QCOMPARE(root.receiver, QStringLiteral("hook"));
        QCOMPARE(root.groupBy, std::optional<QList<QByteArray>>(QList<QByteArray> { "alertname", "site" }));
        QCOMPARE(root.groupWaitMs, 10'000);
        QCOMPARE(root.groupIntervalMs, 60'000);
        QCOMPARE(root.repeatIntervalMs, 7'200'000);
        QCOMPARE(root.routes.size(), 3);
        const Route& crit = root.routes[0];
        QCOMPARE(crit.receiver, QStringLiteral("pd"));
        QCOMPARE(matcherTexts(crit.matchers),
            (QStringList { QStringLiteral("severity=\"critical\""), QStringLiteral("site=~\"plant-.*\"") }));
        QVERIFY(crit.continueMatching);
        QCOMPARE(crit.escalation, QStringLiteral("crit"));
        QCOMPARE(crit.groupBy, std::nullopt); // inherited
        QCOMPARE(crit.groupWaitMs, -1);
        const Route& mes = root.routes[1];
        QCOMPARE(matcherTexts(mes.matchers),
            (QStringList { QStringLiteral("team=\"mes\""), QStringLiteral("service=~\"db|queue\"") }));
        QCOMPARE(mes.groupBy, std::optional<QList<QByteArray>>(QList<QByteArray> { "..." }));
        QVERIFY(!mes.continueMatching);
        QCOMPARE(mes.routes.size(), 1);
        QCOMPARE(matcherTexts(mes.routes[0].matchers),
            (QStringList { QStringLiteral("env!=\"dev\""), QStringLiteral("tier!~\"test.*\"") }));
        QVERIFY(root.routes[2].matchers.isEmpty());

        QCOMPARE(c->inhibitRules.size(), 2);
        QCOMPARE(matcherTexts(c->inhibitRules[0].sourceMatchers),
            QStringList { QStringLiteral("alertname=\"NodeDown\"") });
        QCOMPARE(c->inhibitRules[0].targetMatchers.size(), 2);
        QCOMPARE(c->inhibitRules[0].equal, QList<QByteArray> { "instance" });
        QCOMPARE(matcherTexts(c->inhibitRules[1].targetMatchers),
            QStringList { QStringLiteral("severity=~\"warning|info\"") });

        QCOMPARE(c->escalations.size(), 1);
        QCOMPARE(c->escalations[0].name, QStringLiteral("crit"));
        QCOMPARE(c->escalations[0].steps.size(), 2);
        QCOMPARE(c->escalations[0].steps[0].delayMs, 0);
        QCOMPARE(c->escalations[0].steps[1].delayMs, 900'000);
        QCOMPARE(
            c->escalations[0].steps[1].receivers, (QStringList { QStringLiteral("sms"), QStringLiteral("mail") }));
    }

    void writeRoundTrips()
    {
        QList<ConfigIssue> issues;
        const auto c = AlertingConfigFile::parse(kConfig, m_file, &issues);
        QVERIFY(c);
        const QByteArray written = AlertingConfigFile::write(*c);
        issues.clear();
        const auto back = AlertingConfigFile::parse(written, m_file, &issues);
        QVERIFY2(back, qPrintable(dump(issues) + QLatin1Char('\n') + QString::fromUtf8(written)));
        QVERIFY2(issues.isEmpty(), qPrintable(dump(issues)));
        QCOMPARE(AlertingConfigFile::write(*back), written);
        QCOMPARE(back->receivers.size(), c->receivers.size());
        for (qsizetype i = 0; i < c->receivers.size(); ++i) {
            const ReceiverConfig& a = c->receivers[i];
            const ReceiverConfig& b = back->receivers[i];
            QCOMPARE(b.name, a.name);
            QCOMPARE(b.type, a.type);
            QCOMPARE(b.sendResolved, a.sendResolved);
            QCOMPARE(b.url, a.url);
            QCOMPARE(b.headers, a.headers);
            QCOMPARE(b.secret, a.secret);
            QCOMPARE(b.smtpHost, a.smtpHost);
            QCOMPARE(b.smtpPort, a.smtpPort);
            QCOMPARE(b.smtpStartTls, a.smtpStartTls);
            QCOMPARE(b.smtpUser, a.smtpUser);
            QCOMPARE(b.smtpCaFile, a.smtpCaFile);
            QCOMPARE(b.from, a.from);
            QCOMPARE(b.to, a.to);
            QCOMPARE(b.smsFields, a.smsFields);
        }
        QCOMPARE(matcherTexts(back->route.routes[1].matchers), matcherTexts(c->route.routes[1].matchers));
        QCOMPARE(back->route.routes[1].groupBy, c->route.routes[1].groupBy);
        QCOMPARE(back->route.routes[0].escalation, QStringLiteral("crit"));
        QCOMPARE(back->escalations[0].steps[1].delayMs, 900'000);
    }

    // Prometheus's alertmanager_config, one URL per entry, beside OpsDeck's own receivers or alone.
    void alertmanagers()
    {
        const QByteArray yaml = "alertmanagers:\n"
                                "  - url: http://127.0.0.1:9093/\n"
                                "  - url: https://am.example.net:9093/prefix\n"
                                "    timeout: 3s\n"
                                "    bearer_token_file: hook.token\n"
                                "    ca_file: smtp-ca.pem\n"
                                "  - url: https://am2.example.net\n"
                                "    basic_auth: {username: prom, password_file: sms.pass}\n"
                                "    insecure: true\n";
        QList<ConfigIssue> issues;
        const auto c = AlertingConfigFile::parse(yaml, m_file, &issues);
        QVERIFY2(c, qPrintable(dump(issues)));
        QVERIFY2(issues.isEmpty(), qPrintable(dump(issues)));
        QVERIFY(c->receivers.isEmpty());
        QVERIFY(c->route.receiver.isEmpty());
        QCOMPARE(c->alertmanagers.size(), 3);
        QCOMPARE(c->alertmanagers[0].url, QStringLiteral("http://127.0.0.1:9093"));
        QCOMPARE(c->alertmanagers[0].timeoutMs, 10'000);
        QCOMPARE(c->alertmanagers[1].url, QStringLiteral("https://am.example.net:9093/prefix"));
        QCOMPARE(c->alertmanagers[1].timeoutMs, 3'000);
        QCOMPARE(c->alertmanagers[1].bearerToken, QStringLiteral("tok-123"));
        QCOMPARE(c->alertmanagers[1].caFile, m_dir.filePath(QStringLiteral("smtp-ca.pem")));
        QCOMPARE(c->alertmanagers[2].basicAuthUser, QStringLiteral("prom"));
        QCOMPARE(c->alertmanagers[2].basicAuthPassword, QStringLiteral("smspw"));
        QVERIFY(c->alertmanagers[2].insecure);

        const QByteArray written = AlertingConfigFile::write(*c);
        issues.clear();
        const auto back = AlertingConfigFile::parse(written, m_file, &issues);
        QVERIFY2(back, qPrintable(dump(issues) + QLatin1Char('\n') + QString::fromUtf8(written)));
        QCOMPARE(back->alertmanagers, c->alertmanagers);

        // Beside the receivers: the route stays required then.
        issues.clear();
        const auto both = AlertingConfigFile::parse(
            kConfig + "alertmanagers: [{url: 'http://127.0.0.1:9093'}]\n", m_file, &issues);
        QVERIFY2(both, qPrintable(dump(issues)));
        QCOMPARE(both->alertmanagers.size(), 1);
        QCOMPARE(both->receivers.size(), 5);
    }

    void minimal()
    {
        QList<ConfigIssue> issues;
        const auto c = AlertingConfigFile::parse("receivers: [{name: r, webhook_configs: [{url: 'http://h/x'}]}]\n"
                                                 "route: {receiver: r}\n",
            m_file, &issues);
        QVERIFY2(c, qPrintable(dump(issues)));
        QCOMPARE(c->route.groupWaitMs, -1); // Alertmanager's defaults apply downstream
        QCOMPARE(c->route.groupBy, std::nullopt);
        QVERIFY(c->inhibitRules.isEmpty());
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("part");
        const QByteArray hook = "receivers:\n  - name: r\n    webhook_configs: [{url: 'http://h/x'}]\n";
        QTest::newRow("syntax") << QByteArray("receivers: [\n") << 2 << QStringLiteral("YAML syntax error");
        QTest::newRow("no route") << hook << 1 << QStringLiteral("no route");
        QTest::newRow("undefined receiver") << hook + "route:\n  receiver: nope\n"
                                            << 5 << QStringLiteral("undefined receiver \"nope\"");
        QTest::newRow("undefined child receiver")
            << hook + "route:\n  receiver: r\n  routes:\n    - receiver: x\n      matchers: [a=b]\n"
            << 7 << QStringLiteral("undefined receiver \"x\"");
        QTest::newRow("root without receiver") << hook + "route:\n  group_wait: 1s\n"
                                               << 5 << QStringLiteral("root route must name");
        QTest::newRow("root matchers") << hook + "route:\n  receiver: r\n  matchers: [a=b]\n"
                                       << 6 << QStringLiteral("root route must not have matchers");
        QTest::newRow("bad duration") << hook + "route:\n  receiver: r\n  group_wait: soon\n"
                                      << 6 << QStringLiteral("invalid duration in \"group_wait\"");
        QTest::newRow("bad matcher") << hook + "route:\n  receiver: r\n  routes:\n    - matchers: ['a=~\"(\"']\n"
                                     << 7 << QStringLiteral("bad matcher");
        QTest::newRow("two configs") << QByteArray(
            "receivers:\n  - name: r\n    webhook_configs: [{url: 'http://a/'}, {url: 'http://b/'}]\n"
            "route: {receiver: r}\n") << 2
                                     << QStringLiteral("exactly one");
        QTest::newRow("no config") << QByteArray("receivers:\n  - name: r\nroute: {receiver: r}\n") << 2
                                   << QStringLiteral("has no webhook");
        QTest::newRow("duplicate receiver")
            << hook + "  - name: r\n    webhook_configs: [{url: 'http://h/y'}]\nroute: {receiver: r}\n"
            << 4 << QStringLiteral("defined twice");
        QTest::newRow("pagerduty without key") << QByteArray(
            "receivers:\n  - name: p\n    pagerduty_configs:\n      - url: https://x/\nroute: {receiver: p}\n")
                                               << 4 << QStringLiteral("routing_key");
        QTest::newRow("email without from") << QByteArray("receivers:\n  - name: m\n    email_configs:\n      - "
                                                          "{to: a@b, smarthost: 'h:25'}\nroute: {receiver: m}\n")
                                            << 4 << QStringLiteral("\"from\"");
        QTest::newRow("bad smarthost") << QByteArray("receivers:\n  - name: m\n    email_configs:\n      - {to: "
                                                     "a@b, from: c@d, smarthost: h}\nroute: {receiver: m}\n")
                                       << 4 << QStringLiteral("host:port");
        QTest::newRow("ftp url") << QByteArray(
            "receivers:\n  - name: r\n    webhook_configs: [{url: 'ftp://h/x'}]\nroute: {receiver: r}\n")
                                 << 3 << QStringLiteral("http:// or https://");
        QTest::newRow("missing secret file") << QByteArray(
            "receivers:\n  - name: p\n    pagerduty_configs:\n      - routing_key_file: nothing-here\nroute: "
            "{receiver: p}\n") << 4 << QStringLiteral("cannot read \"routing_key_file\"");
        QTest::newRow("undefined escalation") << hook + "route:\n  receiver: r\n  escalation: e\n"
                                              << 5 << QStringLiteral("undefined escalation \"e\"");
        QTest::newRow("escalation receiver") << hook
                + "route: {receiver: r}\nescalations:\n  - name: e\n    steps: [{after: 1m, receivers: [zz]}]\n"
                                             << 7 << QStringLiteral("undefined receiver \"zz\"");
        QTest::newRow("escalation order") << hook
                + "route: {receiver: r}\nescalations:\n  - name: e\n    steps:\n      - {after: 10m, receivers: "
                  "[r]}\n      - {after: 5m, receivers: [r]}\n"
                                          << 9 << QStringLiteral("increasing order");
        QTest::newRow("inhibit without target")
            << hook + "route: {receiver: r}\ninhibit_rules:\n  - source_matchers: [a=b]\n"
            << 6 << QStringLiteral("source and target");
        QTest::newRow("alertmanager without url")
            << QByteArray("alertmanagers:\n  - timeout: 5s\n") << 2 << QStringLiteral("at least \"url\"");
        QTest::newRow("alertmanager scheme")
            << QByteArray("alertmanagers:\n  - url: ftp://h:9093\n") << 2 << QStringLiteral("http:// or https://");
        QTest::newRow("alertmanager twice")
            << QByteArray("alertmanagers:\n  - url: http://h:9093\n  - url: http://h:9093/\n") << 3
            << QStringLiteral("listed twice");
        QTest::newRow("alertmanager field")
            << QByteArray("alertmanagers:\n  - url: http://h:9093\n    scheme: http\n") << 3
            << QStringLiteral("unknown field \"scheme\"");
        QTest::newRow("alertmanager token file")
            << QByteArray("alertmanagers:\n  - url: http://h:9093\n    bearer_token_file: nothing-here\n") << 3
            << QStringLiteral("cannot read \"bearer_token_file\"");
        QTest::newRow("alertmanager two auths") << QByteArray(
            "alertmanagers:\n  - url: http://h:9093\n    bearer_token: x\n    basic_auth: {username: u}\n")
                                                << 2 << QStringLiteral("not both");
        QTest::newRow("alertmanagers and receivers without route") << hook
                + "alertmanagers: [{url: 'http://h:9093'}]\n" << 1 << QStringLiteral("no route");
        QTest::newRow("unknown field") << hook + "route: {receiver: r}\nrecievers: []\n"
                                       << 5 << QStringLiteral("unknown field \"recievers\"");
    }
    void errors()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(int, line);
        QFETCH(QString, part);
        QList<ConfigIssue> issues;
        QVERIFY(!AlertingConfigFile::parse(yaml, m_file, &issues));
        const auto it = std::find_if(issues.cbegin(), issues.cend(), [](const ConfigIssue& i) { return i.fatal; });
        QVERIFY2(it != issues.cend(), qPrintable(dump(issues)));
        QVERIFY2(it->message.contains(part), qPrintable(dump(issues)));
        QCOMPARE(it->line, line);
        QCOMPARE(it->file, m_file);
    }

    // Secrets never reach a message, even when the receiver around them is wrong.
    void secretsNotInIssues()
    {
        QList<ConfigIssue> issues;
        const QByteArray yaml = "receivers:\n"
                                "  - name: p\n"
                                "    pagerduty_configs:\n"
                                "      - routing_key: TOPSECRETKEY\n"
                                "        url: 'not a url'\n"
                                "        severity: critical\n"
                                "  - name: m\n"
                                "    email_configs:\n"
                                "      - {to: a@b, auth_password: HUNTER2, smarthost: 'h:25'}\n"
                                "route: {receiver: p}\n";
        QVERIFY(!AlertingConfigFile::parse(yaml, m_file, &issues));
        QVERIFY(issues.size() >= 2);
        for (const ConfigIssue& i : issues) {
            QVERIFY(!i.toString().contains(QLatin1String("TOPSECRETKEY")));
            QVERIFY(!i.toString().contains(QLatin1String("HUNTER2")));
        }
    }

private:
    QTemporaryDir m_dir;
    QString m_file;
};

QTEST_GUILESS_MAIN(TestAlertingConfigFile)
#include "tst_alerting_config_file.moc"
