// RuleFile: Prometheus rule files in (node-mixin, kube-prometheus style
// fixtures under tests/data/alerts) with issues rule by rule, and out again.
#include "alerts/RuleFile.h"

#include <QTest>

using namespace opsdeck::alerts;
using opsdeck::config::ConfigIssue;

namespace {

QString fixture(const char* name)
{
    return QStringLiteral(OPSDECK_TEST_DATA "/alerts/") + QLatin1String(name);
}

QList<RuleGroup> withoutSource(QList<RuleGroup> groups)
{
    for (RuleGroup& g : groups) {
        for (AlertRule& r : g.rules) {
            r.sourceFile.clear();
            r.sourceLine = 0;
        }
    }
    return groups;
}

QStringList ruleNames(const QList<RuleGroup>& groups)
{
    QStringList names;
    for (const RuleGroup& g : groups)
        for (const AlertRule& r : g.rules)
            names.append(r.name);
    return names;
}

QString dump(const QList<ConfigIssue>& issues)
{
    QStringList lines;
    for (const ConfigIssue& i : issues)
        lines.append(i.toString() + (i.fatal ? QStringLiteral(" [fatal]") : QString()));
    return lines.join(u'\n');
}

const ConfigIssue* issueFor(const QList<ConfigIssue>& issues, const QString& rule)
{
    for (const ConfigIssue& i : issues)
        if (i.rule == rule)
            return &i;
    return nullptr;
}

} // namespace

class TestRuleFile : public QObject
{
    Q_OBJECT

private slots:
    // node-mixin's alerts use only the supported subset: all load unchanged.
    void nodeMixinAlertsLoadUnchanged()
    {
        const RuleFileResult r = RuleFile::load(fixture("node-mixin-alerts.yml"));
        QVERIFY2(r.issues.isEmpty(), qPrintable(dump(r.issues)));
        QVERIFY(r.ok());
        QCOMPARE(r.groups.size(), 1);
        const RuleGroup& g = r.groups.first();
        QCOMPARE(g.name, QStringLiteral("node-exporter"));
        QCOMPARE(g.intervalMs, 0);
        QCOMPARE(g.rules.size(), 16);

        const AlertRule& fill = g.rules[0];
        QCOMPARE(fill.name, QStringLiteral("NodeFilesystemSpaceFillingUp"));
        QCOMPARE(fill.forMs, 3'600'000);
        QCOMPARE(fill.severity, Severity::Warning);
        QVERIFY(fill.expr.startsWith(u'('));
        QVERIFY(fill.expr.contains(QLatin1String("predict_linear(node_filesystem_avail_bytes{job=\"node\",fstype!="
                                                 "\"\",mountpoint!=\"\"}[6h], 24*60*60) < 0")));
        QVERIFY(fill.expr.endsWith(u')')); // block scalar's newline trimmed
        QCOMPARE(fill.sourceFile, fixture("node-mixin-alerts.yml"));
        QCOMPARE(fill.sourceLine, 7);
        QCOMPARE(fill.annotations.value(QStringLiteral("summary")),
            QStringLiteral("Filesystem is predicted to run out of space within the next 24 hours."));
        QCOMPARE(g.rules[1].name, QStringLiteral("NodeFilesystemSpaceFillingUp")); // same name, other severity
        QCOMPARE(g.rules[1].severity, Severity::Critical);

        const AlertRule* conntrack = nullptr;
        const AlertRule* memory = nullptr;
        const AlertRule* cpu = nullptr;
        for (const AlertRule& rule : g.rules) {
            if (rule.name == QLatin1String("NodeHighNumberConntrackEntriesUsed"))
                conntrack = &rule;
            if (rule.name == QLatin1String("NodeMemoryHighUtilization"))
                memory = &rule;
            if (rule.name == QLatin1String("NodeCPUHighUsage"))
                cpu = &rule;
        }
        QVERIFY(conntrack && memory && cpu);
        QCOMPARE(conntrack->expr,
            QStringLiteral("(node_nf_conntrack_entries{job=\"node\"} / node_nf_conntrack_entries_limit) > 0.75"));
        QCOMPARE(conntrack->forMs, 0);
        QCOMPARE(conntrack->annotations.value(QStringLiteral("description")),
            QStringLiteral("{{ $value | humanizePercentage }} of conntrack entries are used."));
        QCOMPARE(memory->keepFiringForMs, 300'000);
        QCOMPARE(cpu->severity, Severity::Info);
        QVERIFY(cpu->annotations.value(QStringLiteral("description")).endsWith(QLatin1String("%.\n")));
    }

    // Recording rules and a function outside the subset (hour()) are reported
    // one by one with file:line; the rest of the file, subquery and label_join
    // included, still loads.
    void unsupportedReportedRuleByRule()
    {
        const QString file = fixture("node-mixin-rules.yml");
        const RuleFileResult r = RuleFile::load(file);
        QVERIFY2(r.ok(), qPrintable(dump(r.issues)));
        QCOMPARE(ruleNames(r.groups),
            (QStringList { QStringLiteral("NodeCPUSpikes"), QStringLiteral("NodeDown"),
                QStringLiteral("NodeOwnerMissing"), QStringLiteral("NodeLoadHigh") }));
        QCOMPARE(r.groups.size(), 2);
        QCOMPARE(r.groups[0].name, QStringLiteral("node-exporter.rules"));
        QCOMPARE(r.groups[0].intervalMs, 30'000);
        QVERIFY(r.groups[0].rules.isEmpty());
        QCOMPARE(r.issues.size(), 4);
        for (const ConfigIssue& i : r.issues) {
            QVERIFY(!i.fatal);
            QCOMPARE(i.file, file);
            QVERIFY(i.line > 0);
        }
        const ConfigIssue* rec = issueFor(r.issues, QStringLiteral("instance:node_num_cpu:sum"));
        QVERIFY(rec);
        QCOMPARE(rec->line, 13); // the "record:" line
        QCOMPARE(rec->group, QStringLiteral("node-exporter.rules"));
        QVERIFY2(rec->message.contains(QLatin1String("recording rule")), qPrintable(rec->message));
        QVERIFY(issueFor(r.issues, QStringLiteral("instance:node_cpu_utilisation:rate5m")));
        QVERIFY(issueFor(r.issues, QStringLiteral("instance:node_memory_utilisation:ratio")));

        // Supported now: loaded with their expressions, no issue.
        QVERIFY(!issueFor(r.issues, QStringLiteral("NodeCPUSpikes")));
        QVERIFY(!issueFor(r.issues, QStringLiteral("NodeOwnerMissing")));
        const AlertRule& spikes = r.groups[1].rules[0];
        QCOMPARE(spikes.expr,
            QStringLiteral("max_over_time(rate(node_cpu_seconds_total{job=\"node\",mode!=\"idle\"}[1m])[30m:1m]) "
                           "> 0.95"));
        QCOMPARE(spikes.sourceLine, 28);
        QVERIFY(r.groups[1].rules[2].expr.startsWith(QLatin1String("label_join(node_uname_info{job=\"node\"}")));

        const ConfigIssue* hour = issueFor(r.issues, QStringLiteral("NodeRebootedInDaytime"));
        QVERIFY(hour);
        QCOMPARE(hour->line, 57); // the second line inside the block scalar, not the "expr: |" line
        QCOMPARE(hour->column, 18);
        QVERIFY2(
            hour->message.contains(QLatin1String("not supported: function hour()")), qPrintable(hour->message));
        QCOMPARE(hour->toString().left(file.size() + 8), file + QStringLiteral(":57:18: "));
        QVERIFY(hour->toString().contains(QLatin1String("rule \"NodeRebootedInDaytime\": not supported")));
    }

    void kubePrometheus()
    {
        const RuleFileResult r = RuleFile::load(fixture("kube-prometheus-rules.yml"));
        QVERIFY2(r.ok(), qPrintable(dump(r.issues)));
        QCOMPARE(ruleNames(r.groups),
            (QStringList { QStringLiteral("TargetDown"), QStringLiteral("Watchdog"),
                QStringLiteral("InfoInhibitor"), QStringLiteral("KubePodCrashLooping"),
                QStringLiteral("KubePodNotReady"), QStringLiteral("KubeDeploymentReplicasMismatch"),
                QStringLiteral("KubeJobFailed"), QStringLiteral("CPUThrottlingHigh"),
                QStringLiteral("KubeMemoryOvercommitSpiky"), QStringLiteral("KubeNodeNotReady"),
                QStringLiteral("KubeletTooManyPods"), QStringLiteral("KubeletDown") }));
        // The subquery alert loads; only the recording rule is reported.
        QCOMPARE(r.issues.size(), 1);
        QVERIFY(!issueFor(r.issues, QStringLiteral("KubeMemoryOvercommitSpiky")));
        const ConfigIssue* rec = issueFor(
            r.issues, QStringLiteral("node_namespace_pod_container:container_memory_working_set_bytes"));
        QVERIFY(rec);
        QVERIFY2(rec->message.contains(QLatin1String("recording rule")), qPrintable(rec->message));
        QCOMPARE(rec->line, 153);
        // kube-prometheus's severity "none" is kept as a label and counts as info.
        const AlertRule& watchdog = r.groups[0].rules[1];
        QCOMPARE(watchdog.labels.value(QStringLiteral("severity")), QStringLiteral("none"));
        QCOMPARE(watchdog.severity, Severity::Info);
    }

    void syntaxErrorIsFatalWithPosition()
    {
        const QString file = fixture("broken-syntax.yml");
        const RuleFileResult r = RuleFile::load(file);
        QVERIFY(!r.ok());
        QVERIFY(r.groups.isEmpty());
        QCOMPARE(r.issues.size(), 1);
        QVERIFY(r.issues[0].fatal);
        qInfo().noquote() << dump(r.issues);
        QVERIFY(r.issues[0].line >= 6 && r.issues[0].line <= 7);
        QVERIFY(r.issues[0].column > 0);
        QVERIFY(r.issues[0].message.startsWith(QLatin1String("YAML syntax error")));
    }

    void invalidRules()
    {
        const RuleFileResult r = RuleFile::load(fixture("invalid-rules.yml"));
        qInfo().noquote() << dump(r.issues);
        QVERIFY(!r.ok());
        // Group "invalid" has a bad interval and is dropped; the repeated
        // group name is refused; only the good rule of "invalid-rules" loads.
        QCOMPARE(r.groups.size(), 1);
        QCOMPARE(ruleNames(r.groups), QStringList { QStringLiteral("Fine") });
        struct Expected
        {
            int line;
            const char* rule;
            bool fatal;
            const char* part;
        };
        const Expected expected[] = {
            { 4, "", true, "invalid interval \"1 minute\"" },
            { 12, "BadFor", true, "invalid duration \"5 minutes\"" },
            { 16, "BadLabel", true, "invalid label name \"0severity\"" },
            { 17, "NoExpr", true, "\"expr\" must be set" },
            { 21, "BadExpr", false, "invalid expression: " },
            { 25, "", true, "repeated" },
        };
        QCOMPARE(r.issues.size(), std::size(expected));
        for (qsizetype i = 0; i < r.issues.size(); ++i) {
            const ConfigIssue& issue = r.issues[i];
            QCOMPARE(issue.line, expected[i].line);
            QCOMPARE(issue.rule, QString::fromLatin1(expected[i].rule));
            QCOMPARE(issue.fatal, expected[i].fatal);
            QVERIFY2(issue.message.contains(QLatin1String(expected[i].part)), qPrintable(issue.message));
        }
    }

    void structuralErrors_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("part");
        QTest::newRow("not a map") << QByteArray("- a\n- b\n") << QStringLiteral("\"groups\" list");
        QTest::newRow("unknown top") << QByteArray("groups: []\nrule_files: []\n")
                                     << QStringLiteral("unknown field \"rule_files\"");
        QTest::newRow("groups not list") << QByteArray("groups: {a: 1}\n") << QStringLiteral("must be a list");
        QTest::newRow("no name") << QByteArray("groups:\n- rules: []\n") << QStringLiteral("group name");
        QTest::newRow("both kinds") << QByteArray(
            "groups:\n- name: g\n  rules:\n  - alert: A\n    record: b\n    expr: up\n")
                                    << QStringLiteral("only one of");
        QTest::newRow("unknown rule field")
            << QByteArray("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    severity: critical\n")
            << QStringLiteral("unknown field \"severity\"");
        QTest::newRow("labels list") << QByteArray(
            "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    labels: [a]\n")
                                     << QStringLiteral("\"labels\" must be a map");
    }
    void structuralErrors()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, part);
        const RuleFileResult r = RuleFile::parse(yaml, QStringLiteral("x.yml"));
        QVERIFY(!r.ok());
        QVERIFY2(!r.issues.isEmpty() && r.issues.first().message.contains(part), qPrintable(dump(r.issues)));
        QVERIFY(r.issues.first().line > 0);
    }

    // Prometheus features outside the subset are "not supported"; typos are "invalid".
    void expressionMessages_data()
    {
        QTest::addColumn<QString>("expr");
        QTest::addColumn<QString>("prefix");
        QTest::newRow("time function") << QStringLiteral("hour() > 18")
                                       << QStringLiteral("not supported: function hour()");
        QTest::newRow("holt_winters") << QStringLiteral("holt_winters(x[1h], 0.5, 0.5) > 1")
                                      << QStringLiteral("not supported: function holt_winters()");
        QTest::newRow("trigonometric function") << QStringLiteral("max_over_time(sin(up)[1h:5m]) == 0")
                                                << QStringLiteral("not supported: function sin()");
        QTest::newRow("subquery on a range vector") // wrong in Prometheus too, not unsupported
            << QStringLiteral("max_over_time(up[1h][1h:5m]) == 0") << QStringLiteral("invalid expression: ");
        QTest::newRow("typo") << QStringLiteral("rat(x[5m]) > 1") << QStringLiteral("invalid expression: ");
        QTest::newRow("syntax") << QStringLiteral("up ==") << QStringLiteral("invalid expression: ");
    }
    void expressionMessages()
    {
        QFETCH(QString, expr);
        QFETCH(QString, prefix);
        const QByteArray yaml = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: '" + expr.toUtf8()
            + "'\n  - alert: B\n    expr: up == 0\n";
        const RuleFileResult r = RuleFile::parse(yaml, QStringLiteral("e.yml"));
        QVERIFY(r.ok());
        QCOMPARE(ruleNames(r.groups), QStringList { QStringLiteral("B") });
        QCOMPARE(r.issues.size(), 1);
        QVERIFY2(r.issues[0].message.startsWith(prefix), qPrintable(r.issues[0].message));
        QCOMPARE(r.issues[0].line, 5);
    }

    void emptyFileHasNoGroups()
    {
        for (const QByteArray& yaml :
            { QByteArray(), QByteArray("# only a comment\n"), QByteArray("groups:\n") }) {
            const RuleFileResult r = RuleFile::parse(yaml, QStringLiteral("empty.yml"));
            QVERIFY(r.ok());
            QVERIFY(r.groups.isEmpty());
            QVERIFY(r.issues.isEmpty());
        }
    }

    void groupLabelsAndLimit()
    {
        const QByteArray yaml = "groups:\n"
                                "- name: g\n"
                                "  limit: 10\n"
                                "  labels: {team: plant, severity: critical}\n"
                                "  rules:\n"
                                "  - alert: A\n"
                                "    expr: up == 0\n"
                                "    labels: {team: ops}\n";
        const RuleFileResult r = RuleFile::parse(yaml, QStringLiteral("g.yml"));
        QVERIFY(r.ok());
        QCOMPARE(r.issues.size(), 1);
        QVERIFY(r.issues[0].message.contains(QLatin1String("limit")));
        QCOMPARE(r.issues[0].line, 3);
        const AlertRule& a = r.groups[0].rules[0];
        QCOMPARE(a.labels.value(QStringLiteral("team")), QStringLiteral("ops")); // the rule's own label wins
        QCOMPARE(a.severity, Severity::Critical);
    }

    // OpsDeck's own group field: the rules query a named data source; written
    // back only when set, so files without it stay valid for promtool.
    void groupDataSource()
    {
        const QByteArray yaml = "groups:\n"
                                "- name: remote\n"
                                "  data_source: mes-prom\n"
                                "  rules:\n"
                                "  - alert: A\n"
                                "    expr: up == 0\n"
                                "- name: here\n"
                                "  data_source: local\n"
                                "  rules: []\n";
        const RuleFileResult r = RuleFile::parse(yaml, QStringLiteral("d.yml"));
        QVERIFY(r.ok());
        QVERIFY(r.issues.isEmpty());
        QCOMPARE(r.groups[0].dataSource, QStringLiteral("mes-prom"));
        QCOMPARE(r.groups[1].dataSource, QString());
        const QByteArray written = RuleFile::write(r.groups);
        QCOMPARE(written.count("data_source"), 1);
        const RuleFileResult back = RuleFile::parse(written, QStringLiteral("w.yml"));
        QCOMPARE(back.groups.size(), 2);
        QCOMPARE(back.groups[0].dataSource, QStringLiteral("mes-prom"));
        QCOMPARE(back.groups[1].dataSource, QString());
        QCOMPARE(RuleFile::write(back.groups), written);
        QVERIFY(!RuleFile::parse("groups:\n- name: g\n  data_source: [a]\n  rules: []\n", QStringLiteral("x.yml"))
                     .ok());
    }

    void roundTripFixtures_data()
    {
        QTest::addColumn<QString>("file");
        for (const char* f : { "node-mixin-alerts.yml", "node-mixin-rules.yml", "kube-prometheus-rules.yml" })
            QTest::newRow(f) << fixture(f);
    }
    void roundTripFixtures()
    {
        QFETCH(QString, file);
        const RuleFileResult first = RuleFile::load(file);
        QVERIFY(first.ok());
        const QByteArray written = RuleFile::write(first.groups);
        const RuleFileResult second = RuleFile::parse(written, QStringLiteral("written.yml"));
        QVERIFY2(second.issues.isEmpty(),
            qPrintable(dump(second.issues) + QLatin1Char('\n') + QString::fromUtf8(written)));
        QCOMPARE(withoutSource(second.groups), withoutSource(first.groups));
        QCOMPARE(RuleFile::write(second.groups), written); // stable
    }

    // Rules made in the console: awkward strings must come back byte for byte.
    void roundTripAwkwardStrings()
    {
        RuleGroup g;
        g.name = QStringLiteral("console: plant-a");
        g.intervalMs = 90'000;
        AlertRule r;
        r.name = QStringLiteral("PressureHigh");
        r.expr = QStringLiteral("max by (line) (\n  plant_pressure_bar{site=\"a\"}\n) > 8.5");
        r.forMs = 5'400'000;
        r.keepFiringForMs = 500;
        r.severity = Severity::Critical; // no severity label: write() adds it
        r.labels = { { QStringLiteral("team"), QStringLiteral("true") },
            { QStringLiteral("code"), QStringLiteral("0042") }, { QStringLiteral("empty"), QString() },
            { QStringLiteral("null"), QStringLiteral("~") } };
        r.annotations = {
            { QStringLiteral("summary"), QStringLiteral("{{ $labels.line }} at {{ $value | humanize }} bar") },
            { QStringLiteral("quoted"), QStringLiteral("say \"hi\" & 'bye': # not a comment") },
            { QStringLiteral("multi"), QStringLiteral("line one\nline two") },
            { QStringLiteral("multi_nl"), QStringLiteral("line one\n  indented\n") },
            { QStringLiteral("lead"), QStringLiteral("  leading and trailing  ") },
            { QStringLiteral("unicode"), QStringLiteral("Druck \u00fcber Grenzwert \u2013 \u26a0") },
            { QStringLiteral("tab"), QStringLiteral("a\tb\\c") },
            { QStringLiteral("blank_lines"), QStringLiteral("\nfirst blank\n\n") },
        };
        AlertRule plain;
        plain.name = QStringLiteral("Plain");
        plain.expr = QStringLiteral("up == 0");
        g.rules = { r, plain };
        RuleGroup empty;
        empty.name = QStringLiteral("empty");

        const QByteArray written = RuleFile::write({ g, empty });
        const RuleFileResult back = RuleFile::parse(written, QStringLiteral("w.yml"));
        QVERIFY2(
            back.issues.isEmpty(), qPrintable(dump(back.issues) + QLatin1Char('\n') + QString::fromUtf8(written)));
        QList<RuleGroup> expected { g, empty };
        expected[0].rules[0].labels.insert(QStringLiteral("severity"), QStringLiteral("critical"));
        QCOMPARE(withoutSource(back.groups), expected);
    }
};

QTEST_GUILESS_MAIN(TestRuleFile)
#include "tst_rule_file.moc"
