// What RuleFile::write() produces is checked by Debian's real
// `promtool check rules` (Prometheus 2.42): exported files must pass, and
// the fixtures must be files Prometheus itself accepts (or rejects, for the
// broken ones, as RuleFile does).
#include "alerts/RuleFile.h"
#include "Promtool.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck::alerts;

namespace {

QString fixture(const QString& name)
{
    return QStringLiteral(OPSDECK_TEST_DATA "/alerts/") + name;
}

int ruleCount(const QList<RuleGroup>& groups)
{
    int n = 0;
    for (const RuleGroup& g : groups)
        n += int(g.rules.size());
    return n;
}

} // namespace

class TestRulesPromtool : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_promtool = opsdeck::testsupport::promtoolPath();
        // promtool is a listed test dependency (TOOLCHAIN.md): missing is a failure, not a skip.
        QVERIFY2(!m_promtool.isEmpty(), "promtool not found in PATH (Debian package prometheus)");
        QVERIFY(m_dir.isValid());
    }

    void fixturesAreRealRuleFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("valid");
        QTest::newRow("node-mixin alerts") << QStringLiteral("node-mixin-alerts.yml") << true;
        QTest::newRow("node-mixin rules") << QStringLiteral("node-mixin-rules.yml") << true;
        QTest::newRow("kube-prometheus") << QStringLiteral("kube-prometheus-rules.yml") << true;
        QTest::newRow("broken syntax") << QStringLiteral("broken-syntax.yml") << false;
        QTest::newRow("invalid rules") << QStringLiteral("invalid-rules.yml") << false;
    }
    // Prometheus and RuleFile agree on which files are usable at all.
    void fixturesAreRealRuleFiles()
    {
        QFETCH(QString, file);
        QFETCH(bool, valid);
        const auto [code, output] = check(fixture(file));
        QCOMPARE(code == 0, valid);
        QCOMPARE(RuleFile::load(fixture(file)).ok(), valid);
        Q_UNUSED(output);
    }

    void exportedFixturesPass_data()
    {
        QTest::addColumn<QString>("file");
        for (const char* f : { "node-mixin-alerts.yml", "node-mixin-rules.yml", "kube-prometheus-rules.yml" })
            QTest::newRow(f) << QString::fromLatin1(f);
    }
    void exportedFixturesPass()
    {
        QFETCH(QString, file);
        const RuleFileResult loaded = RuleFile::load(fixture(file));
        QVERIFY(loaded.ok());
        const QString out = m_dir.filePath(QStringLiteral("exported-") + file);
        writeFile(out, RuleFile::write(loaded.groups));
        const auto [code, output] = check(out);
        QVERIFY2(code == 0, output.constData());
        // promtool counts exactly the rules OpsDeck loaded.
        QVERIFY2(output.contains(
                     QByteArray("SUCCESS: " + QByteArray::number(ruleCount(loaded.groups)) + " rules found")),
            output.constData());
    }

    // Rules made in the console, with every awkward value write() has to quote.
    void exportedConsoleRulesPass()
    {
        RuleGroup g;
        g.name = QStringLiteral("console: plant-a");
        g.intervalMs = 15'000;
        AlertRule r;
        r.name = QStringLiteral("PressureHigh");
        r.expr = QStringLiteral("max by (line) (\n  plant_pressure_bar{site=\"a\"}\n) > 8.5");
        r.forMs = 90'000;
        r.keepFiringForMs = 3'600'000;
        r.severity = Severity::Critical;
        r.labels = { { QStringLiteral("team"), QStringLiteral("true") },
            { QStringLiteral("code"), QStringLiteral("0042") }, { QStringLiteral("empty"), QString() } };
        r.annotations = {
            { QStringLiteral("summary"), QStringLiteral("{{ $labels.line }} at {{ $value | humanize }} bar") },
            { QStringLiteral("quoted"), QStringLiteral("say \"hi\" & 'bye': # not a comment") },
            { QStringLiteral("multi"), QStringLiteral("line one\nline two") },
            { QStringLiteral("multi_nl"), QStringLiteral("line one\n  indented\n") },
            { QStringLiteral("lead"), QStringLiteral("  leading and trailing  ") },
            { QStringLiteral("unicode"), QStringLiteral("Druck \u00fcber Grenzwert \u2013 \u26a0") },
        };
        AlertRule plain;
        plain.name = QStringLiteral("Plain");
        plain.expr = QStringLiteral("up == 0");
        g.rules = { r, plain };
        RuleGroup empty;
        empty.name = QStringLiteral("empty");
        const QString out = m_dir.filePath(QStringLiteral("console.yml"));
        writeFile(out, RuleFile::write({ g, empty }));
        const auto [code, output] = check(out);
        QVERIFY2(code == 0, output.constData());
        QVERIFY2(output.contains("SUCCESS: 2 rules found"), output.constData());
    }

    // The check can fail: promtool does reject a wrong export (here a bad label name).
    void promtoolRejectsBadExport()
    {
        RuleGroup g;
        g.name = QStringLiteral("g");
        AlertRule r;
        r.name = QStringLiteral("A");
        r.expr = QStringLiteral("up == 0");
        r.labels.insert(QStringLiteral("bad-label"), QStringLiteral("x"));
        g.rules = { r };
        const QString out = m_dir.filePath(QStringLiteral("bad.yml"));
        writeFile(out, RuleFile::write({ g }));
        QVERIFY(check(out).first != 0);
    }

private:
    void writeFile(const QString& path, const QByteArray& bytes)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(bytes), bytes.size());
    }

    std::pair<int, QByteArray> check(const QString& path) const
    {
        const auto run = opsdeck::testsupport::promtoolCheckRules(m_promtool, path);
        return { run.exitCode, run.output };
    }

    QString m_promtool;
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestRulesPromtool)
#include "tst_rules_promtool.moc"
