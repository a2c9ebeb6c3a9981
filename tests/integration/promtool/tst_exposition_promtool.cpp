// What ExpositionEncoder writes is checked by the real `promtool check metrics`
// (Prometheus's own text parser and linter): exit 0 when clean, 3 when only
// lint remarks (node_exporter's camelCase names), 1 on a format error.
#include "Fixtures.h"
#include "metrics/ExpositionEncoder.h"
#include "metrics/ExpositionParser.h"
#include "Promtool.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>

using namespace opsdeck::metrics;

namespace {

QList<MetricFamily> parsed(const QString& fixture)
{
    const ParseResult r = ExpositionParser::parse(opsdeck::testsupport::readExpositionFixture(fixture));
    if (!r.ok)
        qFatal("fixture %s: %s", qPrintable(fixture), qPrintable(r.error.toString()));
    return r.families;
}

ExposedSample sample(std::initializer_list<Label> labels, double value, std::optional<qint64> ts = {})
{
    return ExposedSample { Labels(labels), value, ts };
}

// Families as an OpsDeck agent exposes them: every type, escapes, special
// values, timestamps, and names that satisfy promtool's linter.
QList<MetricFamily> ownFamilies()
{
    QList<MetricFamily> out;
    out.append({ "opsdeck_http_requests_total", MetricType::Counter, "HTTP requests served,\nby code \\ path.", {},
        { sample(
              { { "__name__", "opsdeck_http_requests_total" }, { "code", "200" }, { "path", "/a \"b\"\\c\nd" } },
              1027, 1395066363000),
            sample({ { "__name__", "opsdeck_http_requests_total" }, { "code", "500" },
                       { "path", "/\xc3\xa9t\xc3\xa9" } },
                3) } });
    out.append({ "opsdeck_board_temperature_celsius", MetricType::Gauge, "Board temperature.", {},
        { sample({ { "__name__", "opsdeck_board_temperature_celsius" }, { "zone", "a" } }, -12.5),
            sample({ { "__name__", "opsdeck_board_temperature_celsius" }, { "zone", "b" } },
                std::numeric_limits<double>::quiet_NaN()),
            sample({ { "__name__", "opsdeck_board_temperature_celsius" }, { "zone", "c" } }, HUGE_VAL),
            sample({ { "__name__", "opsdeck_board_temperature_celsius" }, { "zone", "d" } }, -HUGE_VAL),
            sample({ { "__name__", "opsdeck_board_temperature_celsius" }, { "zone", "e" } }, 1.234567e-300) } });
    out.append({ "opsdeck_rpc_duration_seconds", MetricType::Histogram, "RPC latency.", {},
        { sample({ { "__name__", "opsdeck_rpc_duration_seconds_bucket" }, { "le", "0.05" } }, 1),
            sample({ { "__name__", "opsdeck_rpc_duration_seconds_bucket" }, { "le", "1" } }, 4),
            sample({ { "__name__", "opsdeck_rpc_duration_seconds_bucket" }, { "le", "+Inf" } }, 5),
            sample({ { "__name__", "opsdeck_rpc_duration_seconds_sum" } }, 3.25),
            sample({ { "__name__", "opsdeck_rpc_duration_seconds_count" } }, 5) } });
    out.append({ "opsdeck_gc_pause_seconds", MetricType::Summary, "GC pauses.", {},
        { sample({ { "__name__", "opsdeck_gc_pause_seconds" }, { "quantile", "0.5" } }, 2.5e-05),
            sample({ { "__name__", "opsdeck_gc_pause_seconds" }, { "quantile", "0.99" } }, 0.0012),
            sample({ { "__name__", "opsdeck_gc_pause_seconds_sum" } }, 1234567.891),
            sample({ { "__name__", "opsdeck_gc_pause_seconds_count" } }, 42) } });
    out.append({ "opsdeck_legacy_value", MetricType::Untyped, "An untyped value.", {},
        { sample({ { "__name__", "opsdeck_legacy_value" }, { "host", "db-1" } }, 42) } });
    return out;
}

} // namespace

class TestExpositionPromtool : public QObject
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

    void checkMetrics_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("lintRemarksAllowed");
        QTest::newRow("own families") << ExpositionEncoder::encode(ownFamilies()) << false;
        QTest::newRow("node_exporter parsed and re-encoded")
            << ExpositionEncoder::encode(parsed(QStringLiteral("node_exporter.prom"))) << true;
        QTest::newRow("OpenMetrics (python client) down-converted")
            << ExpositionEncoder::encode(parsed(QStringLiteral("python_client.om.txt"))) << true;
        QList<MetricFamily> all = ownFamilies();
        all += parsed(QStringLiteral("node_exporter.prom"));
        QTest::newRow("all together") << ExpositionEncoder::encode(all) << true;
    }

    void checkMetrics()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, lintRemarksAllowed);
        const auto [exitCode, stderrText] = runPromtool(text);
        // Exit 3 = lint remarks only (camelCase node_exporter names); 1 = format error.
        const QByteArray detail = "promtool exit " + QByteArray::number(exitCode) + ":\n" + stderrText.left(2000);
        if (lintRemarksAllowed)
            QVERIFY2(exitCode == 0 || exitCode == 3, detail.constData());
        else
            QVERIFY2(exitCode == 0, detail.constData());
        for (const QByteArray& line : stderrText.split('\n'))
            QVERIFY2(!line.startsWith("error"), line.constData());
    }

    // The check above can fail: promtool does reject a broken exposition.
    void promtoolRejectsBrokenText()
    {
        const auto [exitCode, stderrText] = runPromtool("# TYPE x counter\nx_total{a=\"1} 2\n");
        QCOMPARE(exitCode, 1);
        QVERIFY(stderrText.contains("error"));
    }

private:
    std::pair<int, QByteArray> runPromtool(const QByteArray& text)
    {
        const auto run = opsdeck::testsupport::promtoolCheckMetrics(m_promtool, text);
        return { run.exitCode, run.output };
    }

    QString m_promtool;
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestExpositionPromtool)
#include "tst_exposition_promtool.moc"
