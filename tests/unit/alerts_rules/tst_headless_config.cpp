// EngineConfigFile: the `opsdeck --headless --config FILE` file, with the
// README's example (tests/data/alerts/headless-example.yml) as fixture.
#include "EngineConfigFile.h"

#include "alerts/RuleFile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using opsdeck::EngineConfigFile;
using opsdeck::alerts::ReceiverType;
using opsdeck::alerts::RuleFile;
using opsdeck::config::ConfigIssue;

namespace {

QString dump(const QList<ConfigIssue>& issues)
{
    QStringList lines;
    for (const ConfigIssue& i : issues)
        lines.append(i.toString() + (i.fatal ? QStringLiteral(" [fatal]") : QString()));
    return lines.join(u'\n');
}

} // namespace

class TestHeadlessConfig : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QFile token(m_dir.filePath(QStringLiteral("agent.token")));
        QVERIFY(token.open(QIODevice::WriteOnly));
        token.write("secret-token\n");
        QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("rules")));
        for (const char* name : { "rules/b.yml", "rules/a.yml", "rules/notes.txt" }) {
            QFile f(m_dir.filePath(QLatin1String(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("groups: []\n");
        }
    }

    // The README example parses completely, and everything it points at loads.
    void readmeExample()
    {
        const QString file = QStringLiteral(OPSDECK_TEST_DATA "/alerts/headless-example.yml");
        QList<ConfigIssue> issues;
        const auto c = EngineConfigFile::load(file, &issues);
        QVERIFY2(c, qPrintable(dump(issues)));
        QVERIFY2(issues.isEmpty(), qPrintable(dump(issues)));
        const QString dir = QStringLiteral(OPSDECK_TEST_DATA "/alerts");
        QCOMPARE(c->filePath, QFileInfo(file).absoluteFilePath());
        QCOMPARE(c->dataDirectory, QStringLiteral("/var/lib/opsdeck"));

        QCOMPARE(c->targets.size(), 3);
        QVERIFY(c->state);
        QVERIFY(c->state->isPostgres());
        QCOMPARE(c->cache.l2Url, QStringLiteral("redis://cache.plant-a.example:6379/2"));
        QCOMPARE(c->cache.l2TimeoutMs, 50);
        QCOMPARE(c->cache.l1MaxBytes, 256LL * 1024 * 1024);
        QCOMPARE(c->cache.freshnessMs, 10 * 60'000);
        QCOMPARE(c->profiler.deadlineMs, 400);
        QCOMPARE(c->profiler.probeIntervalMs, 10'000);
        QCOMPARE(c->profiler.databases.size(), 2);
        QCOMPARE(c->profiler.databases[0].name, QStringLiteral("mes-db"));
        QCOMPARE(c->profiler.databases[0].passwordFile, dir + QStringLiteral("/secrets/smtp-password"));
        QCOMPARE(c->profiler.databases[1].url, QStringLiteral("redis://cache.plant-a.example:6379"));
        QCOMPARE(c->state->host, QStringLiteral("db.plant-a.example"));
        QCOMPARE(c->state->port, 5432);
        QCOMPARE(c->state->database, QStringLiteral("opsdeck"));
        QCOMPARE(c->state->user, QStringLiteral("opsdeck"));
        QCOMPARE(c->state->password, QStringLiteral("smtp-password-example"));
        QCOMPARE(c->state->sslmode, QStringLiteral("verify-full"));
        QVERIFY(c->web);
        QCOMPARE(c->web->port, quint16(9099));
        QCOMPARE(c->web->bearerToken, QByteArray("opsdeck-api-token-plant-a"));
        const auto& agent = c->targets[0];
        QCOMPARE(agent.url.toString(), QStringLiteral("https://plc-gw-1.plant-a.example:9443/metrics"));
        QCOMPARE(agent.job, QStringLiteral("opsdeck-agent"));
        QCOMPARE(agent.intervalMs, 1000);
        QCOMPARE(agent.timeoutMs, 800);
        QCOMPARE(agent.bearerToken, QStringLiteral("opsdeck-agent-token-plant-a"));
        QCOMPARE(agent.tlsCaFile, dir + QStringLiteral("/secrets/plant-ca.pem"));
        QVERIFY(!agent.tlsInsecure);
        QCOMPARE(agent.extraLabels.value("site"), QByteArray("plant-a"));
        QCOMPARE(agent.extraLabels.value("line"), QByteArray("packaging"));
        const auto& node = c->targets[1];
        QCOMPARE(node.url.toString(), QStringLiteral("http://mes-db-1.plant-a.example:9100/metrics"));
        QCOMPARE(node.instance, QStringLiteral("mes-db-1"));
        QCOMPARE(node.intervalMs, 5000);
        QCOMPARE(node.timeoutMs, 4000); // no timeout given: 80% of the interval
        QVERIFY(c->targets[2].tlsInsecure);

        QCOMPARE(c->ruleFiles,
            (QStringList { dir + QStringLiteral("/node-mixin-alerts.yml"),
                dir + QStringLiteral("/kube-prometheus-rules.yml") }));
        for (const QString& rules : c->ruleFiles)
            QVERIFY2(RuleFile::load(rules).ok(), qPrintable(rules));

        QCOMPARE(c->dataSources.size(), 2);
        const auto& prom = c->dataSources[0];
        QCOMPARE(prom.name, QStringLiteral("mes-prom"));
        QCOMPARE(prom.url.toString(), QStringLiteral("https://prom.plant-a.example:9090"));
        QCOMPARE(prom.type, QStringLiteral("prometheus"));
        QCOMPARE(prom.bearerToken, QStringLiteral("opsdeck-agent-token-plant-a"));
        QCOMPARE(prom.caFile, dir + QStringLiteral("/secrets/plant-ca.pem"));
        QCOMPARE(prom.timeoutMs, 10'000);
        QVERIFY(prom.post);
        const auto& vm = c->dataSources[1];
        QCOMPARE(vm.basicUser, QStringLiteral("opsdeck"));
        QCOMPARE(vm.basicPassword, QStringLiteral("smtp-password-example"));
        QVERIFY(!vm.post);
        QCOMPARE(vm.timeoutMs, 30'000);

        QVERIFY(c->alerting);
        const auto& a = *c->alerting;
        QCOMPARE(a.externalUrl, QStringLiteral("https://opsdeck.plant-a.example"));
        QCOMPARE(a.receivers.size(), 5);
        QList<ReceiverType> types;
        for (const auto& r : a.receivers)
            types.append(r.type);
        QCOMPARE(types,
            (QList<ReceiverType> { ReceiverType::Webhook, ReceiverType::Slack, ReceiverType::PagerDuty,
                ReceiverType::Email, ReceiverType::Sms }));
        QCOMPARE(a.receivers[0].headers.value(QStringLiteral("Authorization")),
            QStringLiteral("Bearer opsdeck-agent-token-plant-a"));
        QCOMPARE(a.receivers[2].secret, QStringLiteral("R0UT1NGKEY0000000000000000000000"));
        QCOMPARE(a.receivers[3].to.size(), 2);
        QCOMPARE(a.receivers[3].secret, QStringLiteral("smtp-password-example"));
        QCOMPARE(a.receivers[3].smtpCaFile, dir + QStringLiteral("/secrets/plant-ca.pem"));
        QCOMPARE(
            a.receivers[4].secret, QStringLiteral("AC00000000000000000000000000000000:twilio-auth-token-example"));
        QCOMPARE(a.receivers[4].smsFields.value(QStringLiteral("Body")), QStringLiteral("{text}"));
        QCOMPARE(a.route.receiver, QStringLiteral("ops-webhook"));
        QCOMPARE(a.route.routes.size(), 4);
        QVERIFY(a.route.routes[0].continueMatching);
        QCOMPARE(a.route.routes[0].escalation, QStringLiteral("plant-critical"));
        QCOMPARE(a.route.routes[0].groupWaitMs, 10'000);
        QVERIFY(a.route.routes[1].continueMatching);
        QCOMPARE(a.route.routes[1].matchers.size(), 2);
        QVERIFY(!a.route.routes[2].continueMatching);
        QCOMPARE(a.inhibitRules.size(), 2);
        QCOMPARE(a.escalations.size(), 1);
        QCOMPARE(a.escalations[0].steps.size(), 3);
        QCOMPARE(a.escalations[0].steps[2].delayMs, 45 * 60'000);
        QCOMPARE(a.alertmanagers.size(), 2);
        QCOMPARE(a.alertmanagers[0].url, QStringLiteral("http://alertmanager-1.plant-a.example:9093"));
        QCOMPARE(a.alertmanagers[1].url, QStringLiteral("https://alertmanager.example.net/plant-a"));
        QCOMPARE(a.alertmanagers[1].timeoutMs, 5'000);
        QCOMPARE(a.alertmanagers[1].bearerToken, QStringLiteral("alertmanager-token-plant-a"));
        QCOMPARE(a.alertmanagers[1].caFile, dir + QStringLiteral("/secrets/plant-ca.pem"));

        QCOMPARE(c->remoteWrite.size(), 2);
        QCOMPARE(c->remoteWrite[0].name, QStringLiteral("victoria.plant-a.example:8428"));
        const auto& mimir = c->remoteWrite[1];
        QCOMPARE(mimir.name, QStringLiteral("mimir"));
        QCOMPARE(mimir.basicAuthUser, QStringLiteral("plant-a"));
        QCOMPARE(mimir.basicAuthPassword, QStringLiteral("mimir-password-example"));
        QCOMPARE(mimir.queue.capacity, 10'000'000);
        QCOMPARE(mimir.queue.maxSamplesPerSend, 5000);
        QCOMPARE(mimir.queue.batchSendDeadlineMs, 5000);
        QCOMPARE(mimir.writeRelabel.size(), 2);
    }

    void relativePathsAndGlobs()
    {
        const QByteArray yaml = "data_directory: state\n"
                                "targets:\n"
                                "  - url: 127.0.0.1:9100\n"
                                "    token_file: agent.token\n"
                                "    interval: 250ms\n"
                                "rule_files: ['rules/*.yml', rules/a.yml]\n";
        QList<ConfigIssue> issues;
        const auto c = EngineConfigFile::parse(yaml, m_dir.filePath(QStringLiteral("opsdeck.yml")), &issues);
        QVERIFY2(c, qPrintable(dump(issues)));
        QCOMPARE(c->dataDirectory, m_dir.filePath(QStringLiteral("state")));
        QCOMPARE(c->targets.size(), 1);
        QCOMPARE(c->targets[0].bearerToken, QStringLiteral("secret-token"));
        QCOMPARE(c->targets[0].intervalMs, 250);
        QCOMPARE(c->targets[0].timeoutMs, 250);
        QCOMPARE(c->ruleFiles,
            (QStringList { m_dir.filePath(QStringLiteral("rules/a.yml")),
                m_dir.filePath(QStringLiteral("rules/b.yml")), m_dir.filePath(QStringLiteral("rules/a.yml")) }));
        QVERIFY(!c->alerting);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("part");
        QTest::newRow("syntax") << QByteArray("targets:\n  - url: [x\n") << 3
                                << QStringLiteral("YAML syntax error");
        QTest::newRow("not a map") << QByteArray("- a\n") << 1 << QStringLiteral("expected a map");
        QTest::newRow("unknown field") << QByteArray("targets: []\nscrape_configs: []\n") << 2
                                       << QStringLiteral("unknown field \"scrape_configs\"");
        QTest::newRow("target without url")
            << QByteArray("targets:\n  - job: x\n") << 2 << QStringLiteral("\"url\"");
        QTest::newRow("bad scheme") << QByteArray("targets:\n  - url: ftp://h/metrics\n") << 2
                                    << QStringLiteral("http:// or https://");
        QTest::newRow("bad interval") << QByteArray("targets:\n  - url: h:1\n    interval: often\n") << 3
                                      << QStringLiteral("invalid duration \"often\"");
        QTest::newRow("timeout too long")
            << QByteArray("targets:\n  - url: h:1\n    interval: 1s\n    timeout: 2s\n") << 2
            << QStringLiteral("timeout");
        QTest::newRow("missing token") << QByteArray("targets:\n  - url: h:1\n    token_file: nope.token\n") << 3
                                       << QStringLiteral("nope.token");
        QTest::newRow("missing ca") << QByteArray("targets:\n  - url: h:1\n    ca_file: nope.pem\n") << 3
                                    << QStringLiteral("CA file");
        QTest::newRow("bad label") << QByteArray("targets:\n  - url: h:1\n    labels: {__x: y}\n") << 3
                                   << QStringLiteral("invalid label \"__x\"");
        QTest::newRow("duplicate target") << QByteArray("targets:\n  - url: h:1\n  - url: http://h:1/metrics\n")
                                          << 3 << QStringLiteral("listed twice");
        QTest::newRow("data source without url")
            << QByteArray("data_sources:\n  - name: p\n") << 2 << QStringLiteral("\"name\" and \"url\"");
        QTest::newRow("data source bad url") << QByteArray("data_sources:\n  - name: p\n    url: ftp://h:1\n") << 2
                                             << QStringLiteral("http:// or https://");
        QTest::newRow("data source named local")
            << QByteArray("data_sources:\n  - name: local\n    url: http://h:1\n") << 2
            << QStringLiteral("own data");
        QTest::newRow("data source bad type")
            << QByteArray("data_sources:\n  - name: p\n    url: http://h:1\n    type: influx\n") << 2
            << QStringLiteral("type \"influx\"");
        QTest::newRow("data source bad timeout")
            << QByteArray("data_sources:\n  - name: p\n    url: http://h:1\n    timeout: soon\n") << 4
            << QStringLiteral("invalid duration \"soon\"");
        QTest::newRow("data source missing token")
            << QByteArray("data_sources:\n  - name: p\n    url: http://h:1\n    bearer_token_file: no.token\n")
            << 4 << QStringLiteral("no.token");
        QTest::newRow("data source token and basic auth") << QByteArray(
            "data_sources:\n  - name: p\n    url: http://h:1\n    bearer_token_file: agent.token\n"
            "    basic_auth: {username: u}\n") << 2 << QStringLiteral("not both");
        QTest::newRow("data source twice")
            << QByteArray("data_sources:\n  - {name: p, url: 'http://h:1'}\n  - {name: p, url: 'http://h:2'}\n")
            << 3 << QStringLiteral("listed twice");
        QTest::newRow("data source unknown field")
            << QByteArray("data_sources:\n  - name: p\n    url: http://h:1\n    proxy_url: x\n") << 4
            << QStringLiteral("unknown field \"proxy_url\"");
        QTest::newRow("missing rule file")
            << QByteArray("rule_files:\n  - rules/missing.yml\n") << 2 << QStringLiteral("does not exist");
        QTest::newRow("alerting error keeps file lines")
            << QByteArray("targets: []\nalerting:\n  receivers: []\n  route:\n    receiver: nobody\n") << 5
            << QStringLiteral("undefined receiver \"nobody\"");
        QTest::newRow("web listen") << QByteArray("web:\n  listen: 9099\n") << 2 << QStringLiteral("host:port");
        QTest::newRow("web port") << QByteArray("web:\n  listen: 127.0.0.1:70000\n") << 2
                                  << QStringLiteral("host:port");
        QTest::newRow("web token") << QByteArray("web:\n  listen: :0\n  bearer_token_file: nope.token\n") << 3
                                   << QStringLiteral("nope.token");
        QTest::newRow("web tls pair") << QByteArray("web:\n  listen: :0\n  tls_cert_file: agent.token\n") << 2
                                      << QStringLiteral("go together");
        QTest::newRow("state driver") << QByteArray("state:\n  driver: mysql\n") << 2
                                      << QStringLiteral("sqlite or postgresql");
        QTest::newRow("state port") << QByteArray("state:\n  driver: postgresql\n  user: u\n  port: 99999\n") << 4
                                    << QStringLiteral("port number");
        QTest::newRow("state sslmode") << QByteArray("state:\n  driver: postgresql\n  user: u\n  sslmode: maybe\n")
                                       << 4 << QStringLiteral("\"sslmode\" must be one of");
        QTest::newRow("state without user") << QByteArray("state:\n  driver: postgresql\n") << 2
                                            << QStringLiteral("needs host, database and user");
        QTest::newRow("state server fields for sqlite")
            << QByteArray("state:\n  host: db\n") << 2 << QStringLiteral("need driver: postgresql");
        QTest::newRow("state missing password file")
            << QByteArray("state:\n  driver: postgresql\n  user: u\n  password_file: nope.pw\n") << 4
            << QStringLiteral("nope.pw");
        QTest::newRow("state unknown") << QByteArray("state:\n  driver: postgresql\n  dbname: x\n") << 3
                                       << QStringLiteral("unknown field \"dbname\" in state");
        QTest::newRow("web unknown") << QByteArray("web:\n  listen_address: :0\n") << 2
                                     << QStringLiteral("unknown field \"listen_address\" in web");
    }

    void webSection()
    {
        QList<ConfigIssue> issues;
        const auto c = EngineConfigFile::parse(
            "web:\n  listen: 127.0.0.1:0\n  bearer_token_file: agent.token\n  max_samples: 1000\n",
            m_dir.filePath(QStringLiteral("o.yml")), &issues);
        QVERIFY2(c, qPrintable(dump(issues)));
        QVERIFY(c->web);
        QCOMPARE(c->web->host, QStringLiteral("127.0.0.1"));
        QCOMPARE(c->web->port, quint16(0));
        QCOMPARE(c->web->bearerToken, QByteArray("secret-token"));
        QCOMPARE(c->web->maxSamples, qint64(1000));
        const auto v6 = EngineConfigFile::parse(
            "web:\n  listen: '[::1]:9099'\n", m_dir.filePath(QStringLiteral("o.yml")), &issues);
        QVERIFY(v6 && v6->web);
        QCOMPARE(v6->web->host, QStringLiteral("::1"));
        QCOMPARE(v6->web->port, quint16(9099));
        const auto none
            = EngineConfigFile::parse("targets: []\n", m_dir.filePath(QStringLiteral("o.yml")), &issues);
        QVERIFY(none && !none->web);
    }
    void stateSection()
    {
        QList<ConfigIssue> issues;
        const auto c = EngineConfigFile::parse("state:\n  driver: postgresql\n  user: ops\n  database: cr\n",
            m_dir.filePath(QStringLiteral("o.yml")), &issues);
        QVERIFY2(c && c->state, qPrintable(dump(issues)));
        QVERIFY(c->state->isPostgres());
        QCOMPARE(c->state->host, QStringLiteral("127.0.0.1")); // defaults
        QCOMPARE(c->state->port, 5432);
        QCOMPARE(c->state->database, QStringLiteral("cr"));
        QVERIFY(c->state->password.isEmpty());
        QCOMPARE(c->state->describe(), QStringLiteral("postgresql://ops@127.0.0.1:5432/cr"));
        const auto sqlite = EngineConfigFile::parse(
            "state:\n  driver: sqlite\n", m_dir.filePath(QStringLiteral("o.yml")), &issues);
        QVERIFY(sqlite && sqlite->state && !sqlite->state->isPostgres());
        const auto none
            = EngineConfigFile::parse("targets: []\n", m_dir.filePath(QStringLiteral("o.yml")), &issues);
        QVERIFY(none && !none->state);
    }

    void errors()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(int, line);
        QFETCH(QString, part);
        QList<ConfigIssue> issues;
        const QString file = m_dir.filePath(QStringLiteral("opsdeck.yml"));
        QVERIFY(!EngineConfigFile::parse(yaml, file, &issues));
        const auto it = std::find_if(issues.cbegin(), issues.cend(), [](const ConfigIssue& i) { return i.fatal; });
        QVERIFY2(it != issues.cend(), qPrintable(dump(issues)));
        QVERIFY2(it->message.contains(part), qPrintable(dump(issues)));
        QCOMPARE(it->line, line);
        QCOMPARE(it->file, file);
    }

    void globWithoutMatchIsAWarning()
    {
        QList<ConfigIssue> issues;
        const auto c = EngineConfigFile::parse(
            "rule_files: ['none/*.yml']\n", m_dir.filePath(QStringLiteral("o.yml")), &issues);
        QVERIFY(c);
        QCOMPARE(issues.size(), 1);
        QVERIFY(!issues[0].fatal);
        QVERIFY(c->ruleFiles.isEmpty());
    }

    void tokenNeverInIssues()
    {
        QList<ConfigIssue> issues;
        QVERIFY(
            !EngineConfigFile::parse("targets:\n  - url: h:1\n    token_file: agent.token\n    interval: 100ms\n",
                m_dir.filePath(QStringLiteral("o.yml")), &issues));
        QVERIFY(!issues.isEmpty());
        for (const ConfigIssue& i : issues)
            QVERIFY(!i.toString().contains(QLatin1String("secret-token")));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestHeadlessConfig)
#include "tst_headless_config.moc"
