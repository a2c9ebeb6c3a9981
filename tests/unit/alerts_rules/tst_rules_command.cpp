// `opsdeck rules check|import|export`: exit codes, per-issue lines with
// file:line, and rule groups through the state database and back.
#include "RulesCommand.h"

#include "alerts/RuleFile.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck::alerts;

namespace {

QString fixture(const char* name)
{
    return QStringLiteral(OPSDECK_TEST_DATA "/alerts/") + QLatin1String(name);
}

struct Run
{
    int code = -1;
    QString out;
    QString err;
};

Run run(const QStringList& args)
{
    Run r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.code = runRulesCommand(args, out, err);
    out.flush();
    err.flush();
    return r;
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

} // namespace

class TestRulesCommand : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void checkCleanFile()
    {
        const QString file = fixture("node-mixin-alerts.yml");
        const Run r = run({ QStringLiteral("check"), file });
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out.trimmed(), file + QStringLiteral(": 16 alerting rule(s) in 1 group(s) loaded, 0 issue(s)"));
    }

    void checkReportsEachRule()
    {
        const QString file = fixture("node-mixin-rules.yml");
        const Run r = run({ QStringLiteral("check"), file });
        QCOMPARE(r.code, 1);
        const QStringList lines = r.out.trimmed().split(u'\n');
        QCOMPARE(lines.size(), 5); // four issues and the summary
        for (int i = 0; i < 4; ++i)
            QVERIFY2(lines[i].startsWith(file + u':') && lines[i].contains(QLatin1String("rule \"")),
                qPrintable(lines[i]));
        QCOMPARE(lines[3],
            file
                + QStringLiteral(":57:18: group \"node-exporter-extra\": rule \"NodeRebootedInDaytime\": "
                                 "not supported: function hour() (2:12: parse error: unknown function with "
                                 "name \"hour\")"));
        QCOMPARE(lines[4], file + QStringLiteral(": 4 alerting rule(s) in 2 group(s) loaded, 4 issue(s)"));
    }

    void checkSeveralFilesAndFailures()
    {
        const Run r = run({ QStringLiteral("check"), fixture("node-mixin-alerts.yml"),
            fixture("broken-syntax.yml"), m_dir.filePath(QStringLiteral("missing.yml")) });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(fixture("broken-syntax.yml") + QStringLiteral(":7:10: YAML syntax error")),
            qPrintable(r.out));
        QVERIFY(r.out.contains(fixture("broken-syntax.yml") + QStringLiteral(": FAILED")));
        QVERIFY(r.out.contains(
            m_dir.filePath(QStringLiteral("missing.yml")) + QStringLiteral(": cannot read the file")));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("nothing") << QStringList {};
        QTest::newRow("check without file") << QStringList { QStringLiteral("check") };
        QTest::newRow("unknown") << QStringList { QStringLiteral("lint"), QStringLiteral("x") };
        QTest::newRow("import without file") << QStringList { QStringLiteral("import") };
        QTest::newRow("data-dir without value")
            << QStringList { QStringLiteral("export"), QStringLiteral("f"), QStringLiteral("--data-dir") };
        QTest::newRow("two files") << QStringList { QStringLiteral("export"), QStringLiteral("a"),
            QStringLiteral("b") };
        QTest::newRow("replace on export")
            << QStringList { QStringLiteral("export"), QStringLiteral("a"), QStringLiteral("--replace") };
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        const Run r = run(args);
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QLatin1String("Usage: opsdeck rules")));
    }

    void importExportRoundTrip()
    {
        const QString data = m_dir.filePath(QStringLiteral("state"));
        const QStringList dd { QStringLiteral("--data-dir"), data };

        Run r = run(QStringList { QStringLiteral("import"), fixture("node-mixin-alerts.yml") } + dd);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QLatin1String("imported 16 alerting rule(s) in 1 group(s)")));
        // Skipped rules are reported on err; the rest is imported.
        r = run(QStringList { QStringLiteral("import"), fixture("kube-prometheus-rules.yml") } + dd);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.err.trimmed().split(u'\n').size(), 1);
        QVERIFY2(r.err.contains(QLatin1String("node_namespace_pod_container:container_memory_working_set_bytes")),
            qPrintable(r.err));
        QVERIFY2(!r.err.contains(QLatin1String("KubeMemoryOvercommitSpiky")),
            qPrintable(r.err)); // a subquery: imported
        // Importing the same file again replaces its group instead of doubling it.
        r = run(QStringList { QStringLiteral("import"), fixture("node-mixin-alerts.yml") } + dd);
        QCOMPARE(r.code, 0);

        const QString exported = m_dir.filePath(QStringLiteral("export.yml"));
        r = run(QStringList { QStringLiteral("export"), exported } + dd);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const RuleFileResult back = RuleFile::load(exported);
        QVERIFY(back.issues.isEmpty());
        QList<RuleGroup> expected = RuleFile::load(fixture("node-mixin-alerts.yml")).groups;
        expected += RuleFile::load(fixture("kube-prometheus-rules.yml")).groups;
        QCOMPARE(withoutSource(back.groups), withoutSource(expected));

        // Export to stdout gives the same bytes.
        r = run(QStringList { QStringLiteral("export"), QStringLiteral("-") } + dd);
        QCOMPARE(r.code, 0);
        QFile f(exported);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(r.out.toUtf8(), f.readAll());

        // --replace keeps only the imported file's groups.
        r = run(
            QStringList { QStringLiteral("import"), fixture("node-mixin-rules.yml"), QStringLiteral("--replace") }
            + dd);
        QCOMPARE(r.code, 0);
        r = run(QStringList { QStringLiteral("export"), QStringLiteral("-") } + dd);
        QCOMPARE(withoutSource(RuleFile::parse(r.out.toUtf8(), QStringLiteral("-")).groups),
            withoutSource(RuleFile::load(fixture("node-mixin-rules.yml")).groups));
    }

    void importRefusesFatalFiles()
    {
        const QString data = m_dir.filePath(QStringLiteral("refuse"));
        const QStringList dd { QStringLiteral("--data-dir"), data };
        QCOMPARE(run(QStringList { QStringLiteral("import"), fixture("node-mixin-alerts.yml") } + dd).code, 0);
        const Run r = run(
            QStringList { QStringLiteral("import"), fixture("invalid-rules.yml"), QStringLiteral("--replace") }
            + dd);
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QLatin1String("not imported")));
        const Run e = run(QStringList { QStringLiteral("export"), QStringLiteral("-") } + dd);
        QCOMPARE(RuleFile::parse(e.out.toUtf8(), QStringLiteral("-")).groups.size(), 1); // unchanged
    }

    void exportOfEmptyDatabasePassesAsAFile()
    {
        const Run r = run({ QStringLiteral("export"), QStringLiteral("-"), QStringLiteral("--data-dir"),
            m_dir.filePath(QStringLiteral("empty")) });
        QCOMPARE(r.code, 0);
        const RuleFileResult back = RuleFile::parse(r.out.toUtf8(), QStringLiteral("-"));
        QVERIFY(back.ok());
        QVERIFY(back.groups.isEmpty());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestRulesCommand)
#include "tst_rules_command.moc"
