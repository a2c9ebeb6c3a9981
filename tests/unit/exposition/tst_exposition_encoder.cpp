// ExpositionEncoder: Go-compatible 0.0.4 text (byte-identical to what
// node_exporter writes) and round trips through ExpositionParser.
#include "Fixtures.h"
#include "metrics/ExpositionEncoder.h"
#include "metrics/ExpositionParser.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace opsdeck::metrics;

namespace {

ExposedSample sample(std::initializer_list<Label> labels, double value, std::optional<qint64> ts = {})
{
    return ExposedSample { Labels(labels), value, ts };
}

bool sameValue(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

// Field by field, NaN equal to NaN.
bool sameFamilies(const QList<MetricFamily>& a, const QList<MetricFamily>& b, QByteArray* why)
{
    if (a.size() != b.size()) {
        *why = "family count " + QByteArray::number(a.size()) + " vs " + QByteArray::number(b.size());
        return false;
    }
    for (qsizetype i = 0; i < a.size(); ++i) {
        const MetricFamily& x = a[i];
        const MetricFamily& y = b[i];
        if (x.name != y.name || x.type != y.type || x.help != y.help || x.unit != y.unit
            || x.samples.size() != y.samples.size()) {
            *why = "family " + x.name + " vs " + y.name;
            return false;
        }
        for (qsizetype j = 0; j < x.samples.size(); ++j) {
            const ExposedSample& s = x.samples[j];
            const ExposedSample& t = y.samples[j];
            if (s.labels != t.labels || !sameValue(s.value, t.value) || s.timestampMs != t.timestampMs) {
                *why = "sample " + s.labels.toString() + " vs " + t.labels.toString();
                return false;
            }
        }
    }
    return true;
}

QList<MetricFamily> sampleFamilies()
{
    QList<MetricFamily> out;
    out.append({ "http_requests_total", MetricType::Counter, "Requests served.\nBy code \\ path.", {},
        { sample({ { "__name__", "http_requests_total" }, { "code", "200" }, { "path", "/a \"b\"\\c\nd" } }, 1027,
              1395066363000),
            sample({ { "__name__", "http_requests_total" }, { "code", "500" }, { "path", "/" } }, 3) } });
    out.append({ "opsdeck_temperature_celsius", MetricType::Gauge, "Board temperature.", {},
        { sample({ { "__name__", "opsdeck_temperature_celsius" }, { "zone", "a" } }, -12.5),
            sample({ { "__name__", "opsdeck_temperature_celsius" }, { "zone", "b" } },
                std::numeric_limits<double>::quiet_NaN()),
            sample({ { "__name__", "opsdeck_temperature_celsius" }, { "zone", "c" } }, HUGE_VAL),
            sample({ { "__name__", "opsdeck_temperature_celsius" }, { "zone", "d" } }, -HUGE_VAL),
            sample({ { "__name__", "opsdeck_temperature_celsius" }, { "zone", "e" } }, 1e-300, -5),
            sample({ { "__name__", "opsdeck_temperature_celsius" }, { "zone", "f" } }, 0.1 + 0.2) } });
    out.append({ "rpc_duration_seconds", MetricType::Histogram, "RPC latency.", {},
        { sample({ { "__name__", "rpc_duration_seconds_bucket" }, { "le", "0.05" } }, 1),
            sample({ { "__name__", "rpc_duration_seconds_bucket" }, { "le", "1" } }, 4),
            sample({ { "__name__", "rpc_duration_seconds_bucket" }, { "le", "+Inf" } }, 5),
            sample({ { "__name__", "rpc_duration_seconds_sum" } }, 3.25),
            sample({ { "__name__", "rpc_duration_seconds_count" } }, 5) } });
    out.append({ "gc_pause_seconds", MetricType::Summary, "GC pauses.", {},
        { sample({ { "__name__", "gc_pause_seconds" }, { "quantile", "0.5" } }, 2.5e-05),
            sample({ { "__name__", "gc_pause_seconds" }, { "quantile", "0.99" } }, 0.0012),
            sample({ { "__name__", "gc_pause_seconds_sum" } }, 1234567.891),
            sample({ { "__name__", "gc_pause_seconds_count" } }, 9.007199254740993e15) } });
    out.append({ "legacy_value", MetricType::Untyped, "Untyped.", {},
        { sample({ { "__name__", "legacy_value" }, { "Upper", "x" }, { "lower", "y" } }, 42) } });
    out.append({ "declared_only", MetricType::Gauge, "No samples yet.", {}, {} });
    return out;
}

} // namespace

class TestExpositionEncoder : public QObject
{
    Q_OBJECT

private slots:
    void formatValue_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QByteArray>("expected");
        // Expected strings are what Go's strconv.FormatFloat(v, 'g', -1, 64) writes.
        QTest::newRow("one") << 1.0 << QByteArray("1");
        QTest::newRow("zero") << 0.0 << QByteArray("0");
        QTest::newRow("negative zero") << -0.0 << QByteArray("0");
        QTest::newRow("minus one") << -1.0 << QByteArray("-1");
        QTest::newRow("tenth") << 0.1 << QByteArray("0.1");
        QTest::newRow("sum") << 0.1 + 0.2 << QByteArray("0.30000000000000004");
        QTest::newRow("1e6 switches to e") << 1e6 << QByteArray("1e+06");
        QTest::newRow("123456") << 123456.0 << QByteArray("123456");
        QTest::newRow("1234567") << 1234567.0 << QByteArray("1.234567e+06");
        QTest::newRow("1e-4") << 0.0001 << QByteArray("0.0001");
        QTest::newRow("1e-5") << 0.00001 << QByteArray("1e-05");
        QTest::newRow("big") << 1.7976931348623157e308 << QByteArray("1.7976931348623157e+308");
        QTest::newRow("denormal") << 5e-324 << QByteArray("5e-324");
        QTest::newRow("2^53+1") << 9007199254740993.0 << QByteArray("9.007199254740992e+15");
        QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN() << QByteArray("NaN");
        QTest::newRow("+inf") << HUGE_VAL << QByteArray("+Inf");
        QTest::newRow("-inf") << -HUGE_VAL << QByteArray("-Inf");
    }

    void formatValue()
    {
        QFETCH(double, value);
        QFETCH(QByteArray, expected);
        QCOMPARE(ExpositionEncoder::formatValue(value), expected);
    }

    void writesTextFormat()
    {
        const QByteArray text = ExpositionEncoder::encode(sampleFamilies().mid(0, 1));
        QCOMPARE(text,
            QByteArray("# HELP http_requests_total Requests served.\\nBy code \\\\ path.\n"
                       "# TYPE http_requests_total counter\n"
                       "http_requests_total{code=\"200\",path=\"/a \\\"b\\\"\\\\c\\nd\"} 1027 1395066363000\n"
                       "http_requests_total{code=\"500\",path=\"/\"} 3\n"));
    }

    void roundTrip()
    {
        const QList<MetricFamily> in = sampleFamilies();
        const QByteArray text = ExpositionEncoder::encode(in);
        const ParseResult r = ExpositionParser::parse(text, ExpositionFormat::Prometheus);
        QVERIFY2(r.ok, qPrintable(r.error.toString() + QLatin1Char('\n') + QString::fromUtf8(text)));
        QByteArray why;
        QVERIFY2(sameFamilies(in, r.families, &why), why.constData());
        // Labels come back sorted with __name__ in place, so Labels compare equal.
        QCOMPARE(r.families[4].samples[0].labels.list().at(0).name, QByteArray("Upper"));
    }

    void valuesRoundTripExactly()
    {
        // Shortest round-trip formatting: every double comes back bit for bit.
        QList<double> values { 0.1, 1.0 / 3, 2.0 / 3 * 1e-300, 6.02214076e23, -123.456e-7, 4503599627370497.0 };
        for (int i = 0; i < 200; ++i)
            values.append(std::ldexp(1.0 + i * 0.0123456789, i * 5 - 500));
        MetricFamily f { "v", MetricType::Gauge, "Values.", {}, {} };
        for (qsizetype i = 0; i < values.size(); ++i)
            f.samples.append(sample({ { "__name__", "v" }, { "i", QByteArray::number(i) } }, values[i]));
        const ParseResult r
            = ExpositionParser::parse(ExpositionEncoder::encode({ f }), ExpositionFormat::Prometheus);
        QVERIFY2(r.ok, qPrintable(r.error.toString()));
        for (qsizetype i = 0; i < values.size(); ++i)
            QVERIFY2(std::memcmp(&values[i], &r.families[0].samples[i].value, sizeof(double)) == 0,
                ExpositionEncoder::formatValue(values[i]).constData());
    }

    // Go's expfmt wrote the fixture; we write the same bytes for what we parsed
    // from it. The one difference: empty label values, which Prometheus treats
    // as absent (Labels drops them).
    void nodeExporterIsReproducedByteForByte()
    {
        const QByteArray body = opsdeck::testsupport::readExpositionFixture(QStringLiteral("node_exporter.prom"));
        const ParseResult r = ExpositionParser::parse(body, ExpositionFormat::Prometheus);
        QVERIFY2(r.ok, qPrintable(r.error.toString()));
        QString expected = QString::fromUtf8(body);
        expected.replace(QRegularExpression(QStringLiteral("[a-zA-Z_][a-zA-Z0-9_]*=\"\",?")), QString());
        expected.replace(QStringLiteral(",}"), QStringLiteral("}"));
        expected.replace(QStringLiteral("{}"), QString());
        const QByteArray text = ExpositionEncoder::encode(r.families);
        const QList<QByteArray> got = text.split('\n');
        const QList<QByteArray> want = expected.toUtf8().split('\n');
        QCOMPARE(got.size(), want.size());
        for (qsizetype i = 0; i < got.size(); ++i)
            QCOMPARE(got[i], want[i]);

        // And it parses back to the same families.
        const ParseResult again = ExpositionParser::parse(text, ExpositionFormat::Prometheus);
        QVERIFY2(again.ok, qPrintable(again.error.toString()));
        QByteArray why;
        QVERIFY2(sameFamilies(r.families, again.families, &why), why.constData());
    }

    void familiesWithTheSameNameAreMerged()
    {
        MetricFamily a { "jobs_total", MetricType::Counter, "Jobs.", {},
            { sample({ { "__name__", "jobs_total" }, { "q", "a" } }, 1) } };
        MetricFamily b { "jobs_total", MetricType::Counter, {}, {},
            { sample({ { "__name__", "jobs_total" }, { "q", "b" } }, 2) } };
        const QByteArray text = ExpositionEncoder::encode({ a, b });
        QCOMPARE(text,
            QByteArray("# HELP jobs_total Jobs.\n# TYPE jobs_total counter\njobs_total{q=\"a\"} 1\n"
                       "jobs_total{q=\"b\"} 2\n"));
    }

    // OpenMetrics-only shapes are written as 0.0.4 can carry them.
    void openMetricsFamiliesDownconvert()
    {
        const ParseResult om = ExpositionParser::parse(
            opsdeck::testsupport::readExpositionFixture(QStringLiteral("python_client.om.txt")));
        QVERIFY2(om.ok, qPrintable(om.error.toString()));
        const QByteArray text = ExpositionEncoder::encode(om.families);
        QVERIFY(text.contains("# TYPE opsdeck_http_requests_total counter\n"));
        QVERIFY(text.contains("# TYPE opsdeck_http_requests_created gauge\n"));
        QVERIFY(text.contains(
            "# TYPE opsdeck_build_info gauge\nopsdeck_build_info{branch=\"main\",version=\"0.1.0\"} 1\n"));
        QVERIFY(text.contains("# TYPE opsdeck_agent_state gauge\n"));
        QVERIFY(text.contains("# TYPE opsdeck_queue_wait_seconds_gcount untyped\n"));
        QVERIFY(!text.contains("gaugehistogram"));
        QVERIFY(!text.contains("# EOF"));
        const ParseResult back = ExpositionParser::parse(text, ExpositionFormat::Prometheus);
        QVERIFY2(back.ok, qPrintable(back.error.toString()));
        QCOMPARE(back.sampleCount, om.sampleCount); // nothing dropped
    }
};

QTEST_GUILESS_MAIN(TestExpositionEncoder)
#include "tst_exposition_encoder.moc"
