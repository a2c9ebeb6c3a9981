// Alert templates against Prometheus 2.42's template/template_test.go outputs
// (humanize family) and Go text/template printing rules.
#include "alerts/TemplateExpander.h"

#include <QTest>

#include <cmath>

using namespace opsdeck;
using opsdeck::alerts::TemplateExpander;

class TestTemplateExpander : public QObject
{
    Q_OBJECT

private slots:
    void humanizers_data();
    void humanizers();
    void expand_data();
    void expand();
    void plainTextUnchanged();
};

void TestTemplateExpander::humanizers_data()
{
    QTest::addColumn<QString>("function");
    QTest::addColumn<double>("input");
    QTest::addColumn<QString>("expected");

    // Expected strings as Prometheus prints them (template_test.go and Go fmt rules).
    QTest::newRow("humanize M") << QStringLiteral("humanize") << 1234567.0 << QStringLiteral("1.235M");
    QTest::newRow("humanize 0") << QStringLiteral("humanize") << 0.0 << QStringLiteral("0");
    QTest::newRow("humanize small") << QStringLiteral("humanize") << 0.0012345 << QStringLiteral("1.234m");
    QTest::newRow("humanize plain") << QStringLiteral("humanize") << 12.0 << QStringLiteral("12");
    QTest::newRow("humanize negative k") << QStringLiteral("humanize") << -1500.0 << QStringLiteral("-1.5k");
    QTest::newRow("humanize 1000") << QStringLiteral("humanize") << 1000.0 << QStringLiteral("1k");
    QTest::newRow("humanize huge") << QStringLiteral("humanize") << 1e30 << QStringLiteral("1e+06Y");
    QTest::newRow("humanize micro") << QStringLiteral("humanize") << 0.000001 << QStringLiteral("1u");
    QTest::newRow("humanize inf") << QStringLiteral("humanize") << double(INFINITY) << QStringLiteral("+Inf");
    QTest::newRow("humanize nan") << QStringLiteral("humanize") << double(NAN) << QStringLiteral("NaN");
    QTest::newRow("humanize1024 Mi") << QStringLiteral("humanize1024") << 1048576.0 << QStringLiteral("1Mi");
    QTest::newRow("humanize1024 small") << QStringLiteral("humanize1024") << 0.5 << QStringLiteral("0.5");
    QTest::newRow("humanize1024 ki") << QStringLiteral("humanize1024") << 1536.0 << QStringLiteral("1.5ki");
    QTest::newRow("humanize1024 big") << QStringLiteral("humanize1024") << 1125899906842624.0
                                      << QStringLiteral("1Pi");
    QTest::newRow("humanizePercentage")
        << QStringLiteral("humanizePercentage") << 0.1234 << QStringLiteral("12.34%");
    QTest::newRow("humanizePercentage small")
        << QStringLiteral("humanizePercentage") << 0.0001 << QStringLiteral("0.01%");
    QTest::newRow("humanizePercentage one")
        << QStringLiteral("humanizePercentage") << 1.0 << QStringLiteral("100%");
    QTest::newRow("humanizeDuration h")
        << QStringLiteral("humanizeDuration") << 3725.0 << QStringLiteral("1h 2m 5s");
    QTest::newRow("humanizeDuration d")
        << QStringLiteral("humanizeDuration") << 90000.0 << QStringLiteral("1d 1h 0m 0s");
    QTest::newRow("humanizeDuration m") << QStringLiteral("humanizeDuration") << 65.0 << QStringLiteral("1m 5s");
    QTest::newRow("humanizeDuration s") << QStringLiteral("humanizeDuration") << 1.5 << QStringLiteral("1.5s");
    QTest::newRow("humanizeDuration ms") << QStringLiteral("humanizeDuration") << 0.5 << QStringLiteral("500ms");
    QTest::newRow("humanizeDuration us")
        << QStringLiteral("humanizeDuration") << 0.000035 << QStringLiteral("35us");
    QTest::newRow("humanizeDuration 0") << QStringLiteral("humanizeDuration") << 0.0 << QStringLiteral("0s");
    QTest::newRow("humanizeDuration negative")
        << QStringLiteral("humanizeDuration") << -3725.0 << QStringLiteral("-1h 2m 5s");
    QTest::newRow("humanizeDuration big")
        << QStringLiteral("humanizeDuration") << 1234567.0 << QStringLiteral("14d 6h 56m 7s");
    QTest::newRow("humanizeTimestamp") << QStringLiteral("humanizeTimestamp") << 1435065584.128
                                       << QStringLiteral("2015-06-23 13:19:44.128 +0000 UTC");
    QTest::newRow("humanizeTimestamp whole")
        << QStringLiteral("humanizeTimestamp") << 0.0 << QStringLiteral("1970-01-01 00:00:00 +0000 UTC");
    QTest::newRow("goFloat exponent") << QStringLiteral("goFloat") << 1234567.0 << QStringLiteral("1.234567e+06");
    QTest::newRow("goFloat 1e6") << QStringLiteral("goFloat") << 1e6 << QStringLiteral("1e+06");
    QTest::newRow("goFloat 100000") << QStringLiteral("goFloat") << 100000.0 << QStringLiteral("100000");
    QTest::newRow("goFloat fraction") << QStringLiteral("goFloat") << 0.1 << QStringLiteral("0.1");
    QTest::newRow("goFloat small") << QStringLiteral("goFloat") << 0.00001 << QStringLiteral("1e-05");
    QTest::newRow("goFloat 1e-4") << QStringLiteral("goFloat") << 0.0001 << QStringLiteral("0.0001");
    QTest::newRow("goFloat decimals") << QStringLiteral("goFloat") << 123.456 << QStringLiteral("123.456");
    QTest::newRow("goFloat negative") << QStringLiteral("goFloat") << -2.5 << QStringLiteral("-2.5");
    QTest::newRow("goFloat int") << QStringLiteral("goFloat") << 2.0 << QStringLiteral("2");
    QTest::newRow("goFloat -Inf") << QStringLiteral("goFloat") << double(-INFINITY) << QStringLiteral("-Inf");
}

void TestTemplateExpander::humanizers()
{
    QFETCH(QString, function);
    QFETCH(double, input);
    QFETCH(QString, expected);
    QString got;
    if (function == u"humanize")
        got = TemplateExpander::humanize(input);
    else if (function == u"humanize1024")
        got = TemplateExpander::humanize1024(input);
    else if (function == u"humanizePercentage")
        got = TemplateExpander::humanizePercentage(input);
    else if (function == u"humanizeDuration")
        got = TemplateExpander::humanizeDuration(input);
    else if (function == u"humanizeTimestamp")
        got = TemplateExpander::humanizeTimestamp(input);
    else
        got = TemplateExpander::goFloat(input);
    QCOMPARE(got, expected);
    // The same through a template pipeline.
    if (function != u"goFloat") {
        QString error;
        QCOMPARE(TemplateExpander::expand(QStringLiteral("{{ $value | %1 }}").arg(function), {}, input, &error),
            expected);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
}

void TestTemplateExpander::expand_data()
{
    QTest::addColumn<QString>("tmpl");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("fails");

    QTest::newRow("label") << QStringLiteral("Host {{ $labels.instance }} down") << 1.0
                           << QStringLiteral("Host node-1:9100 down") << false;
    QTest::newRow("dot labels") << QStringLiteral("{{ .Labels.job }}/{{ .Value }}") << 3.5
                                << QStringLiteral("node/3.5") << false;
    QTest::newRow("value default format")
        << QStringLiteral("{{ $value }}") << 1234567.0 << QStringLiteral("1.234567e+06") << false;
    QTest::newRow("missing label") << QStringLiteral("[{{ $labels.nope }}]") << 1.0
                                   << QStringLiteral("[<no value>]") << false;
    QTest::newRow("metric name visible")
        << QStringLiteral("{{ $labels.__name__ }}") << 1.0 << QStringLiteral("node_load1") << false;
    QTest::newRow("pipeline humanize") << QStringLiteral("{{ $value | humanize }}B") << 2048000.0
                                       << QStringLiteral("2.048MB") << false;
    QTest::newRow("call humanize") << QStringLiteral("{{ humanize $value }}") << 0.25 << QStringLiteral("250m")
                                   << false;
    QTest::newRow("printf") << QStringLiteral("{{ printf \"%.2f\" $value }}%") << 95.1234
                            << QStringLiteral("95.12%") << false;
    QTest::newRow("printf piped") << QStringLiteral("{{ $value | printf \"%.1f%%\" }}") << 95.16
                                  << QStringLiteral("95.2%") << false;
    QTest::newRow("printf width") << QStringLiteral("{{ printf \"%6.1f|%-4s|\" $value $labels.job }}") << 5.0
                                  << QStringLiteral("   5.0|node|") << false;
    QTest::newRow("printf bad verb") << QStringLiteral("{{ printf \"%d\" $value }}") << 1.5
                                     << QStringLiteral("%!d(float64=1.5)") << false;
    QTest::newRow("printf missing") << QStringLiteral("{{ printf \"%s %s\" $labels.job }}") << 1.0
                                    << QStringLiteral("node %!s(MISSING)") << false;
    QTest::newRow("printf v") << QStringLiteral("{{ printf \"%v\" $value }}") << 0.5 << QStringLiteral("0.5")
                              << false;
    QTest::newRow("index") << QStringLiteral("{{ index $labels \"job\" }}") << 1.0 << QStringLiteral("node")
                           << false;
    QTest::newRow("toUpper") << QStringLiteral("{{ $labels.job | toUpper }}") << 1.0 << QStringLiteral("NODE")
                             << false;
    QTest::newRow("title") << QStringLiteral("{{ title \"disk almost full\" }}") << 1.0
                           << QStringLiteral("Disk Almost Full") << false;
    QTest::newRow("stripPort") << QStringLiteral("{{ $labels.instance | stripPort }}") << 1.0
                               << QStringLiteral("node-1") << false;
    QTest::newRow("reReplaceAll") << QStringLiteral(
        "{{ reReplaceAll \"(.*)-(\\\\d+):.*\" \"$2/$1\" $labels.instance }}")
                                  << 1.0 << QStringLiteral("1/node") << false;
    QTest::newRow("parenthesised") << QStringLiteral("{{ (humanize $value) | toUpper }}") << 1500.0
                                   << QStringLiteral("1.5K") << false;
    QTest::newRow("trim markers") << QStringLiteral("a  {{- $labels.job -}}  b") << 1.0 << QStringLiteral("anodeb")
                                  << false;
    QTest::newRow("comment") << QStringLiteral("x{{/* a comment */}}y") << 1.0 << QStringLiteral("xy") << false;
    QTest::newRow("external labels empty")
        << QStringLiteral("[{{ $externalURL }}]") << 1.0 << QStringLiteral("[]") << false;
    QTest::newRow("string literal") << QStringLiteral("{{ \"a}}b\" }}") << 1.0 << QStringLiteral("a}}b") << false;
    QTest::newRow("humanize string") << QStringLiteral("{{ \"1234567\" | humanize }}") << 1.0
                                     << QStringLiteral("1.235M") << false;
    // Unsupported or broken actions stay as written, the rest still expands.
    QTest::newRow("query unsupported") << QStringLiteral("{{ $labels.job }} {{ query \"up\" | first | value }}")
                                       << 1.0 << QStringLiteral("node {{ query \"up\" | first | value }}") << true;
    QTest::newRow("if unsupported") << QStringLiteral("{{ if gt $value 1.0 }}big{{ end }}") << 2.0
                                    << QStringLiteral("{{ if gt $value 1.0 }}big{{ end }}") << true;
    QTest::newRow("unknown function") << QStringLiteral("{{ nosuch $value }}!") << 1.0
                                      << QStringLiteral("{{ nosuch $value }}!") << true;
    QTest::newRow("undefined variable")
        << QStringLiteral("{{ $foo }}") << 1.0 << QStringLiteral("{{ $foo }}") << true;
    QTest::newRow("unclosed") << QStringLiteral("x {{ $value") << 1.0 << QStringLiteral("x {{ $value") << true;
    QTest::newRow("unterminated string")
        << QStringLiteral("{{ printf \"%s }}") << 1.0 << QStringLiteral("{{ printf \"%s }}") << true;
    QTest::newRow("humanize bad string")
        << QStringLiteral("{{ \"abc\" | humanize }}") << 1.0 << QStringLiteral("{{ \"abc\" | humanize }}") << true;
}

void TestTemplateExpander::expand()
{
    QFETCH(QString, tmpl);
    QFETCH(double, value);
    QFETCH(QString, expected);
    QFETCH(bool, fails);
    const metrics::Labels labels { { "__name__", "node_load1" }, { "instance", "node-1:9100" },
        { "job", "node" } };
    QString error;
    QCOMPARE(TemplateExpander::expand(tmpl, labels, value, &error), expected);
    QCOMPARE(!error.isEmpty(), fails);
}

void TestTemplateExpander::plainTextUnchanged()
{
    QString error = QStringLiteral("stale");
    QCOMPARE(TemplateExpander::expand(QStringLiteral("no actions { here }"), {}, 1, &error),
        QStringLiteral("no actions { here }"));
    QVERIFY(error.isEmpty());
    QVERIFY(TemplateExpander::isPlainText(QStringLiteral("100% plain")));
    QVERIFY(!TemplateExpander::isPlainText(QStringLiteral("{{ $value }}")));
}

QTEST_GUILESS_MAIN(TestTemplateExpander)
#include "tst_template_expander.moc"
