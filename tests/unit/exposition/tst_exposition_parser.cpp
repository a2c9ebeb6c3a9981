// ExpositionParser: Prometheus text format 0.0.4 and OpenMetrics 1.0 text,
// valid and malformed input, limits, recorded expositions (node_exporter 1.5,
// the official Python client in OpenMetrics). Every case also runs through
// ExpositionScanner, the scrape hot path, which must agree with the parser.
#include "Fixtures.h"
#include "metrics/ExpositionEncoder.h"
#include "metrics/ExpositionParser.h"
#include "metrics/ExpositionScanner.h"

#include <QFile>
#include <QTest>

#include <cmath>
#include <cstring>

using namespace opsdeck::metrics;

Q_DECLARE_METATYPE(opsdeck::metrics::ExpositionFormat)

namespace {

// One line per family ("name type help unit") and per sample
// ("  labels value [@ts]"), so expectations read like the input.
QByteArray dump(const QList<MetricFamily>& families)
{
    QByteArray out;
    for (const MetricFamily& f : families) {
        out += f.name + ' ' + metricTypeName(f.type);
        if (!f.help.isEmpty())
            out += " help=" + escapeLabelValue(f.help);
        if (!f.unit.isEmpty())
            out += " unit=" + f.unit;
        out += '\n';
        for (const ExposedSample& s : f.samples) {
            out += "  " + s.labels.toString() + ' ' + ExpositionEncoder::formatValue(s.value);
            if (s.timestampMs)
                out += " @" + QByteArray::number(*s.timestampMs);
            out += '\n';
        }
    }
    return out;
}

// Records what the scanner delivers. Asks for labels for every line when
// `always`, else only for keys not seen before (as the scrape cache does).
// With expected keys, offers the one at each line's position (expectedKey),
// as the scrape cache does with the previous scrape's keys.
class RecordingSink final : public ExpositionSink
{
public:
    explicit RecordingSink(bool always, QList<QByteArray> expected = {})
        : m_always(always)
        , m_expected(std::move(expected))
    { }
    QByteArrayView expectedKey() override
    {
        return m_position < m_expected.size() ? QByteArrayView(m_expected[m_position]) : QByteArrayView();
    }
    bool sample(QByteArrayView key, double value, std::optional<qint64> ts) override
    {
        ++m_position;
        keys.append(key.toByteArray());
        m_key = key.toByteArray();
        m_value = value;
        m_ts = ts;
        const auto it = m_byKey.constFind(m_key);
        if (it != m_byKey.cend() && !m_always) {
            record(it.value());
            return false;
        }
        return true;
    }
    void labels(Labels&& labels) override
    {
        const auto it = m_byKey.constFind(m_key);
        if (it != m_byKey.cend() && it.value() != labels)
            m_keyMismatch = true; // one key, two label sets
        m_byKey.insert(m_key, labels);
        record(labels);
    }
    QList<QByteArray> lines; // "labels value [@ts]", in input order
    QList<QByteArray> keys; // in input order
    bool m_keyMismatch = false;

private:
    void record(const Labels& labels)
    {
        QByteArray v(reinterpret_cast<const char*>(&m_value), sizeof m_value); // bit-exact, NaN included
        QByteArray line = labels.toString() + ' ' + v.toHex();
        if (m_ts)
            line += " @" + QByteArray::number(*m_ts);
        lines.append(line);
    }
    bool m_always;
    QList<QByteArray> m_expected;
    qsizetype m_position = 0;
    QHash<QByteArray, Labels> m_byKey;
    QByteArray m_key;
    double m_value = 0;
    std::optional<qint64> m_ts;
};

// Empty when ExpositionScanner::scan agrees with ExpositionParser::parse on
// input: same verdict, same error, same samples; else what differs. Tried
// with labels for every line, labels for new keys only, and expected keys:
// `expectedKeys` when given (keys of another, valid exposition, e.g. before
// corruption), else the input's own keys from a first scan.
QByteArray scannerDisagreement(const QByteArray& input, ExpositionFormat format, const ParseLimits& limits = {},
    QByteArrayView contentType = {}, const QList<QByteArray>* expectedKeys = nullptr)
{
    const ParseResult parsed = ExpositionParser::parse(input, format, limits, contentType);
    QList<QByteArray> expected;
    for (const MetricFamily& f : parsed.families) {
        for (const ExposedSample& s : f.samples) {
            QByteArray v(reinterpret_cast<const char*>(&s.value), sizeof s.value);
            QByteArray line = s.labels.toString() + ' ' + v.toHex();
            if (s.timestampMs)
                line += " @" + QByteArray::number(*s.timestampMs);
            expected.append(line);
        }
    }
    std::sort(expected.begin(), expected.end());
    QList<QByteArray> ownKeys;
    for (int mode : { 0, 1, 2, 3 }) {
        const bool always = mode == 0 || mode == 2;
        RecordingSink sink(always, mode < 2 ? QList<QByteArray>() : expectedKeys ? *expectedKeys : ownKeys);
        const ScanResult scanned = ExpositionScanner::scan(input, sink, format, limits, contentType);
        if (scanned.ok != parsed.ok)
            return "verdict: parse " + QByteArray(parsed.ok ? "ok" : "error") + ", scan "
                + (scanned.ok ? QByteArray("ok") : QByteArray("error: ") + scanned.error.toString().toUtf8());
        if (scanned.format != parsed.format)
            return "format";
        if (mode == 0)
            ownKeys = sink.keys;
        if (!parsed.ok) {
            if (scanned.error.toString() != parsed.error.toString())
                return "error: parse " + parsed.error.toString().toUtf8() + ", scan "
                    + scanned.error.toString().toUtf8();
            continue;
        }
        if (scanned.sampleCount != parsed.sampleCount)
            return "sampleCount";
        if (sink.m_keyMismatch)
            return "one raw key gave two label sets";
        QList<QByteArray> got = sink.lines;
        std::sort(got.begin(), got.end());
        if (got != expected)
            return "samples differ (mode " + QByteArray::number(mode) + ")";
    }
    return {};
}

const auto P = ExpositionFormat::Prometheus;
const auto OM = ExpositionFormat::OpenMetrics;

} // namespace

class TestExpositionParser : public QObject
{
    Q_OBJECT

private slots:
    void valid_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<ExpositionFormat>("format");
        QTest::addColumn<QByteArray>("expected");

        QTest::newRow("counter with help and type")
            << QByteArray("# HELP http_requests_total Requests served.\n"
                          "# TYPE http_requests_total counter\n"
                          "http_requests_total{code=\"200\",method=\"get\"} 1027 1395066363000\n"
                          "http_requests_total{code=\"400\",method=\"post\"} 3 1395066363000\n")
            << P
            << QByteArray("http_requests_total counter help=Requests served.\n"
                          "  http_requests_total{code=\"200\",method=\"get\"} 1027 @1395066363000\n"
                          "  http_requests_total{code=\"400\",method=\"post\"} 3 @1395066363000\n");
        QTest::newRow("help escapes") << QByteArray(
            "# HELP m Two\\nlines with a \\\\ backslash\n# TYPE m gauge\nm 1\n")
                                      << P
                                      << QByteArray("m gauge help=Two\\nlines with a \\\\ backslash\n  m 1\n");
        QTest::newRow("unknown help escapes kept as written, as Prometheus does")
            << QByteArray("# HELP m a\\tb \\\"c\\\"\\\n# TYPE m gauge\nm 1\n") << P
            << QByteArray("m gauge help=a\\\\tb \\\\\\\"c\\\\\\\"\\\\\n  m 1\n");
        QTest::newRow("special values as Go's ParseFloat takes them")
            << QByteArray(
                   "a NaN\nb +Inf\nc -Inf\nd Inf\ne -inf\nf infinity\ng nan\nh +3\ni .5\nj 1.\nk 1e3\nl -2.5E-3\n")
            << P
            << QByteArray("a untyped\n  a NaN\nb untyped\n  b +Inf\nc untyped\n  c -Inf\nd untyped\n  d +Inf\n"
                          "e untyped\n  e -Inf\nf untyped\n  f +Inf\ng untyped\n  g NaN\nh untyped\n  h 3\n"
                          "i untyped\n  i 0.5\nj untyped\n  j 1\nk untyped\n  k 1000\nl untyped\n  l -0.0025\n");
        QTest::newRow("timestamps in ms, signed") << QByteArray("a 1 -1000\nb 2 +5\n") << P
                                                  << QByteArray("a untyped\n  a 1 @-1000\nb untyped\n  b 2 @5\n");
        QTest::newRow("histogram grouped by family")
            << QByteArray("# HELP rpc_seconds Latency.\n# TYPE rpc_seconds histogram\n"
                          "rpc_seconds_bucket{le=\"0.1\"} 1\nrpc_seconds_bucket{le=\"+Inf\"} 3\n"
                          "rpc_seconds_sum 1.5\nrpc_seconds_count 3\nother 7\n")
            << P
            << QByteArray("rpc_seconds histogram help=Latency.\n  rpc_seconds_bucket{le=\"0.1\"} 1\n"
                          "  rpc_seconds_bucket{le=\"+Inf\"} 3\n  rpc_seconds_sum 1.5\n  rpc_seconds_count 3\n"
                          "other untyped\n  other 7\n");
        QTest::newRow("summary with quantiles")
            << QByteArray("# TYPE gc summary\ngc{quantile=\"0\"} 1e-05\ngc{quantile=\"0.5\"} 2e-05\n"
                          "gc_sum 0.1\ngc_count 42\n")
            << P
            << QByteArray("gc summary\n  gc{quantile=\"0\"} 1e-05\n  gc{quantile=\"0.5\"} 2e-05\n  gc_sum 0.1\n"
                          "  gc_count 42\n");
        QTest::newRow("untyped, first-appearance order, interleaved")
            << QByteArray("b 1\na{x=\"1\"} 2\nb{y=\"2\"} 3\n") << P
            << QByteArray("b untyped\n  b 1\n  b{y=\"2\"} 3\na untyped\n  a{x=\"1\"} 2\n");
        QTest::newRow("counter declared without _total, as Prometheus allows") << QByteArray(
            "# TYPE jobs counter\njobs_total 4\n") << P << QByteArray("jobs counter\n  jobs_total 4\n");
        QTest::newRow("_created in 0.0.4 is its own family")
            << QByteArray("# TYPE x_total counter\nx_total 1\nx_created 17\n") << P
            << QByteArray("x_total counter\n  x_total 1\nx_created untyped\n  x_created 17\n");
        QTest::newRow("blanks, tabs, trailing comma, comments, no final newline")
            << QByteArray(
                   "\n  # a comment\n#TYPE t gauge\n\tt { b = \"2\" , a=\"1\", }\t 5 \t\n# UNIT ignored\nu 1")
            << P << QByteArray("t gauge\n  t{a=\"1\",b=\"2\"} 5\nu untyped\n  u 1\n");
        QTest::newRow("labels sorted, uppercase before __name__, empty value dropped")
            << QByteArray("m{z=\"1\",B=\"2\",a=\"\",c=\"3\"} 1\n") << P
            << QByteArray("m untyped\n  m{B=\"2\",c=\"3\",z=\"1\"} 1\n");
        QTest::newRow("type case-insensitive in 0.0.4 as in Go")
            << QByteArray("# TYPE g GAUGE\ng 1\n") << P << QByteArray("g gauge\n  g 1\n");
        QTest::newRow("metadata only family kept") << QByteArray("# HELP idle Nothing yet.\n# TYPE idle gauge\n")
                                                   << P << QByteArray("idle gauge help=Nothing yet.\n");
        QTest::newRow("empty body") << QByteArray() << P << QByteArray();
        QTest::newRow("colons in metric names")
            << QByteArray("job:rate5m 1\n") << P << QByteArray("job:rate5m untyped\n  job:rate5m 1\n");
        QTest::newRow("utf-8 label value") << QByteArray("m{city=\"K\xc3\xb8"
                                                         "benhavn \xe2\x82\xac \xf0\x9f\x98\x80\"} 1\n")
                                           << P
                                           << QByteArray("m untyped\n  m{city=\"K\xc3\xb8"
                                                         "benhavn \xe2\x82\xac \xf0\x9f\x98\x80\"} 1\n");

        QTest::newRow("om counter with _created, unit, seconds timestamps")
            << QByteArray("# TYPE req counter\n# UNIT req_seconds seconds\n# HELP req Requests.\n"
                          "req_total{a=\"1\"} 5 1520879607.789\nreq_created{a=\"1\"} 1520430000.123\n"
                          "# TYPE up_seconds gauge\n# UNIT up_seconds seconds\nup_seconds 3 1520879607\n"
                          "up_seconds{a=\"b\"} 3 -1.5\n# EOF\n")
            << OM
            << QByteArray("req counter help=Requests.\n  req_total{a=\"1\"} 5 @1520879607789\n"
                          "  req_created{a=\"1\"} 1.520430000123e+09\n"
                          "req_seconds untyped unit=seconds\n"
                          "up_seconds gauge unit=seconds\n  up_seconds 3 @1520879607000\n"
                          "  up_seconds{a=\"b\"} 3 @-1500\n");
        QTest::newRow("om unknown, info, stateset, gaugehistogram, exemplar")
            << QByteArray(
                   "# TYPE u unknown\nu 1\n# TYPE build info\nbuild_info{v=\"1\"} 1\n"
                   "# TYPE st stateset\nst{st=\"a\"} 1\nst{st=\"b\"} 0\n"
                   "# TYPE q gaugehistogram\nq_bucket{le=\"1\"} 2\nq_bucket{le=\"+Inf\"} 3\nq_gcount 3\nq_gsum 2\n"
                   "# TYPE h histogram\nh_bucket{le=\"1\"} 1 # {trace_id=\"abc\"} 0.5 1520879607.7\n"
                   "h_bucket{le=\"+Inf\"} 1 # {} 0.5\nh_count 1 # {a=\"b\"} 3\nh_sum 0.5\n"
                   "h_created 1520430000\n# EOF")
            << OM
            << QByteArray(
                   "u untyped\n  u 1\nbuild info\n  build_info{v=\"1\"} 1\nst stateset\n  st{st=\"a\"} 1\n"
                   "  st{st=\"b\"} 0\nq gaugehistogram\n  q_bucket{le=\"1\"} 2\n  q_bucket{le=\"+Inf\"} 3\n"
                   "  q_gcount 3\n  q_gsum 2\nh histogram\n  h_bucket{le=\"1\"} 1\n  h_bucket{le=\"+Inf\"} 1\n"
                   "  h_count 1\n  h_sum 0.5\n  h_created 1.52043e+09\n");
        QTest::newRow("om escapes") << QByteArray("# HELP m a \\\"quote\\\"\nm{p=\"a\\\"b\\\\c\\nd\"} 1\n# EOF\n")
                                    << OM
                                    << QByteArray(
                                           "m untyped help=a \\\"quote\\\"\n  m{p=\"a\\\"b\\\\c\\nd\"} 1\n");
        QTest::newRow("om empty") << QByteArray("# EOF\n") << OM << QByteArray();
    }

    void valid()
    {
        QFETCH(QByteArray, input);
        QFETCH(ExpositionFormat, format);
        QFETCH(QByteArray, expected);
        const ParseResult r = ExpositionParser::parse(input, format);
        QVERIFY2(r.ok, qPrintable(r.error.toString()));
        QCOMPARE(r.format, format);
        QCOMPARE(dump(r.families), expected);
        qsizetype n = 0;
        for (const MetricFamily& f : r.families)
            n += f.samples.size();
        QCOMPARE(r.sampleCount, n);
        const QByteArray disagreement = scannerDisagreement(input, format);
        QVERIFY2(disagreement.isEmpty(), disagreement.constData());
    }

    void unescapesLabelValues()
    {
        const ParseResult r = ExpositionParser::parse("m{path=\"C:\\\\dir \\\"x\\\"\\nnext\"} 1\n");
        QVERIFY2(r.ok, qPrintable(r.error.toString()));
        QCOMPARE(r.families.at(0).samples.at(0).labels.value("path"), QByteArray("C:\\dir \"x\"\nnext"));
        QCOMPARE(r.families.at(0).samples.at(0).labels.metricName(), QByteArray("m"));
        QVERIFY(!r.families.at(0).samples.at(0).timestampMs.has_value());
    }

    void specialValuesAreExact()
    {
        const ParseResult r
            = ExpositionParser::parse("a NaN\nb -Inf\nc 1.7976931348623157e308\nd 5e-324\ne 1e-400\n");
        QVERIFY2(r.ok, qPrintable(r.error.toString()));
        QVERIFY(std::isnan(r.families[0].samples[0].value));
        QCOMPARE(r.families[1].samples[0].value, -HUGE_VAL);
        QCOMPARE(r.families[2].samples[0].value, 1.7976931348623157e308);
        QCOMPARE(r.families[3].samples[0].value, 5e-324);
        QCOMPARE(r.families[4].samples[0].value, 0.0); // underflow rounds to 0 as in Go
    }

    void sharesRepeatedStrings()
    {
        // The same name/label bytes are one shared QByteArray, not a copy per sample.
        const ParseResult r = ExpositionParser::parse("m{mode=\"idle\"} 1\nm{mode=\"idle\",cpu=\"1\"} 2\n");
        QVERIFY(r.ok);
        const auto& s = r.families[0].samples;
        QCOMPARE(s[0].labels.list().at(1).value.constData(), s[1].labels.list().at(2).value.constData());
        QCOMPARE(s[0].labels.metricName().constData(), s[1].labels.metricName().constData());
    }

    void autoDetection_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<ExpositionFormat>("expected");
        QTest::newRow("plain") << QByteArray("a 1\n") << QByteArray("text/plain; version=0.0.4") << P;
        QTest::newRow("no content type") << QByteArray("a 1\n") << QByteArray() << P;
        QTest::newRow("om content type")
            << QByteArray("a 1\n# EOF\n")
            << QByteArray("application/openmetrics-text; version=1.0.0; charset=utf-8") << OM;
        QTest::newRow("om by # EOF") << QByteArray("a 1\n# EOF") << QByteArray() << OM;
    }

    void autoDetection()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, contentType);
        QFETCH(ExpositionFormat, expected);
        const ParseResult r = ExpositionParser::parse(input, ExpositionFormat::Auto, {}, contentType);
        QVERIFY2(r.ok, qPrintable(r.error.toString()));
        QCOMPARE(r.format, expected);
    }

    void invalid_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<ExpositionFormat>("format");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");

        // Names and label syntax.
        QTest::newRow("metric name starts with digit")
            << QByteArray("ok 1\n1abc 2\n") << P << 2 << 1 << QStringLiteral("invalid metric name");
        QTest::newRow("bad char in metric name") << QByteArray("a-b 1\n") << P << 1 << 2
                                                 << QStringLiteral("invalid character '-' in metric name \"a\"");
        QTest::newRow("bad label name")
            << QByteArray("m{1a=\"x\"} 1\n") << P << 1 << 3 << QStringLiteral("invalid label name");
        QTest::newRow("missing =") << QByteArray("# TYPE m gauge\nm 1\nup{instance=\"a\",job \"x\"} 1\n") << P << 3
                                   << 21 << QStringLiteral("expected '=' after label name \"job\"");
        QTest::newRow("value not quoted") << QByteArray("m{a=b} 1\n") << P << 1 << 5
                                          << QStringLiteral("expected '\"' to start the value of label \"a\"");
        QTest::newRow("unterminated label value")
            << QByteArray("m{a=\"x} 1\n") << P << 1 << 5 << QStringLiteral("unterminated value of label \"a\"");
        QTest::newRow("unterminated, escape at end")
            << QByteArray("m{a=\"x\\") << P << 1 << 5 << QStringLiteral("unterminated value of label \"a\"");
        QTest::newRow("bad escape") << QByteArray("m{a=\"x\\ty\"} 1\n") << P << 1 << 7
                                    << QStringLiteral("invalid escape sequence '\\t' in value of label \"a\"");
        QTest::newRow("duplicate label") << QByteArray("m{a=\"1\",b=\"2\",a=\"3\"} 1\n") << P << 1 << 15
                                         << QStringLiteral("duplicate label name \"a\"");
        QTest::newRow("duplicate label with empty value")
            << QByteArray("m{a=\"\",a=\"3\"} 1\n") << P << 1 << 8 << QStringLiteral("duplicate label name \"a\"");
        QTest::newRow("__name__ label")
            << QByteArray("m{__name__=\"x\"} 1\n") << P << 1 << 3 << QStringLiteral("\"__name__\" is reserved");
        QTest::newRow("missing comma") << QByteArray("m{a=\"1\" b=\"2\"} 1\n") << P << 1 << 9
                                       << QStringLiteral("expected ',' or '}' after the value of label \"a\"");
        QTest::newRow("unclosed brace") << QByteArray("m{a=\"1\",\n") << P << 1 << 9
                                        << QStringLiteral("expected label name or '}', found end of line");
        QTest::newRow("invalid utf-8") << QByteArray("m{a=\"ok\xc3\x28\"} 1\n") << P << 1 << 8
                                       << QStringLiteral("invalid UTF-8 in value of label \"a\"");
        QTest::newRow("overlong utf-8")
            << QByteArray("m{a=\"\xc0\xaf\"} 1\n") << P << 1 << 6 << QStringLiteral("invalid UTF-8");
        QTest::newRow("surrogate utf-8")
            << QByteArray("m{a=\"\xed\xa0\x80\"} 1\n") << P << 1 << 6 << QStringLiteral("invalid UTF-8");

        // Values and timestamps.
        QTest::newRow("missing value") << QByteArray("m{a=\"1\"}\n") << P << 1 << 9
                                       << QStringLiteral("expected a value after \"m\"");
        QTest::newRow("bad float") << QByteArray("a 1\nb 1.2.3\n") << P << 2 << 3
                                   << QStringLiteral("invalid value \"1.2.3\": expected a float");
        QTest::newRow("hex float") << QByteArray("b 0x1p3\n") << P << 1 << 3 << QStringLiteral("invalid value");
        QTest::newRow("underscore float")
            << QByteArray("b 1_000\n") << P << 1 << 3 << QStringLiteral("invalid value");
        QTest::newRow("signed nan") << QByteArray("b -NaN\n") << P << 1 << 3 << QStringLiteral("invalid value");
        QTest::newRow("overflow") << QByteArray("b 1e400\n") << P << 1 << 3 << QStringLiteral("invalid value");
        QTest::newRow("crlf") << QByteArray("b 1\r\n") << P << 1 << 3 << QStringLiteral("invalid value \"1\\r\"");
        QTest::newRow("bad timestamp") << QByteArray("b 1 12.5\n") << P << 1 << 5
                                       << QStringLiteral(
                                              "invalid timestamp \"12.5\": expected integer milliseconds");
        QTest::newRow("timestamp overflow")
            << QByteArray("b 1 99999999999999999999\n") << P << 1 << 5 << QStringLiteral("invalid timestamp");
        QTest::newRow("trailing garbage") << QByteArray("b 1 2 3\n") << P << 1 << 7
                                          << QStringLiteral("expected end of line after the timestamp");

        // Metadata.
        QTest::newRow("TYPE after samples") << QByteArray("m 1\n# TYPE m gauge\n") << P << 2 << 3
                                            << QStringLiteral("TYPE line for metric \"m\" after its samples");
        QTest::newRow("duplicate TYPE") << QByteArray("# TYPE m gauge\n# TYPE m counter\n") << P << 2 << 3
                                        << QStringLiteral("duplicate TYPE line for metric \"m\"");
        QTest::newRow("duplicate HELP")
            << QByteArray("# HELP m a\n# HELP m b\n") << P << 2 << 3 << QStringLiteral("duplicate HELP line");
        QTest::newRow("unknown type") << QByteArray("# TYPE m meter\n") << P << 1 << 10
                                      << QStringLiteral("unknown metric type \"meter\": expected counter, gauge");
        QTest::newRow("unknown in 0.0.4") << QByteArray("# TYPE m unknown\n") << P << 1 << 10
                                          << QStringLiteral("unknown metric type \"unknown\"");
        QTest::newRow("text after type")
            << QByteArray("# TYPE m gauge extra\n") << P << 1 << 16 << QStringLiteral("unexpected text after");
        QTest::newRow("bad metric name in TYPE") << QByteArray("# TYPE 9m gauge\n") << P << 1 << 8
                                                 << QStringLiteral("invalid metric name in \"# TYPE\" line");

        // Histograms and summaries.
        QTest::newRow("bucket without le")
            << QByteArray("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{x=\"1\"} 2\n") << P << 3 << 1
            << QStringLiteral("histogram bucket \"h_bucket\" has no \"le\" label");
        QTest::newRow("le not numeric")
            << QByteArray("# TYPE h histogram\nh_bucket{le=\"big\"} 1\n") << P << 2 << 14
            << QStringLiteral("expected a float as value of label \"le\", found \"big\"");
        QTest::newRow("quantile missing") << QByteArray("# TYPE s summary\ns_sum 1\ns 2\n") << P << 3 << 1
                                          << QStringLiteral("has no \"quantile\" label");
        QTest::newRow("quantile not numeric")
            << QByteArray("# TYPE s summary\ns{quantile=\"p99\"} 2\n") << P << 2 << 13
            << QStringLiteral("expected a float as value of label \"quantile\"");

        // OpenMetrics.
        QTest::newRow("om missing EOF")
            << QByteArray("a 1\nb 2\n") << OM << 3 << 1 << QStringLiteral("expected \"# EOF\" as the last line");
        QTest::newRow("om missing EOF, no newline")
            << QByteArray("a 1\nb 2") << OM << 2 << 4 << QStringLiteral("expected \"# EOF\"");
        QTest::newRow("om empty body") << QByteArray() << OM << 1 << 1 << QStringLiteral("expected \"# EOF\"");
        QTest::newRow("om content after EOF") << QByteArray("a 1\n# EOF\nb 2\n") << OM << 3 << 1
                                              << QStringLiteral("unexpected content after \"# EOF\"");
        QTest::newRow("om untyped is not a type") << QByteArray("# TYPE m untyped\n# EOF\n") << OM << 1 << 10
                                                  << QStringLiteral("unknown metric type \"untyped\"");
        QTest::newRow("om plain comment")
            << QByteArray("# hello\n# EOF\n") << OM << 1 << 1 << QStringLiteral("unexpected comment");
        QTest::newRow("om bad timestamp")
            << QByteArray("a 1 NaN\n# EOF\n") << OM << 1 << 5 << QStringLiteral("invalid timestamp \"NaN\"");
        QTest::newRow("om unit not a suffix") << QByteArray("# UNIT m_bytes seconds\n# EOF\n") << OM << 1 << 16
                                              << QStringLiteral("unit \"seconds\" is not a suffix");
        QTest::newRow("om metadata after samples")
            << QByteArray("m 1\n# HELP m x\n# EOF\n") << OM << 2 << 3
            << QStringLiteral("HELP line for metric \"m\" after its samples");
        QTest::newRow("om bad exemplar") << QByteArray("# TYPE c counter\nc_total 1 # {a=\"1\"} x\n# EOF\n") << OM
                                         << 2 << 21 << QStringLiteral("invalid exemplar value");
        QTest::newRow("om trailing comma") << QByteArray("m{a=\"1\",} 1\n# EOF\n") << OM << 1 << 9
                                           << QStringLiteral("expected label name after ','");
        QTest::newRow("om gaugehistogram bucket without le")
            << QByteArray("# TYPE g gaugehistogram\ng_bucket 1\n# EOF\n") << OM << 2 << 1
            << QStringLiteral("has no \"le\" label");
    }

    void invalid()
    {
        QFETCH(QByteArray, input);
        QFETCH(ExpositionFormat, format);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        const ParseResult r = ExpositionParser::parse(input, format);
        QVERIFY(!r.ok);
        QVERIFY2(r.families.isEmpty(), "no half scrape");
        QVERIFY2(r.error.message.contains(message), qPrintable(r.error.toString()));
        QCOMPARE(r.error.line, line);
        QCOMPARE(r.error.column, column);
        QVERIFY(r.error.toString().startsWith(QStringLiteral("line %1, column %2: ").arg(line).arg(column)));
        const QByteArray disagreement = scannerDisagreement(input, format);
        QVERIFY2(disagreement.isEmpty(), disagreement.constData());
    }

    void errorStringFormat()
    {
        const ParseResult r = ExpositionParser::parse("a 1\nb 2\nup{instance=\"x\",job \"n\"} 1\n");
        QCOMPARE(r.error.toString(), QStringLiteral("line 3, column 21: expected '=' after label name \"job\""));
    }

    void limits_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("which");
        QTest::addColumn<qsizetype>("limit");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");
        // which: 0 body, 1 samples, 2 labels, 3 name length, 4 value length
        QTest::newRow("body") << QByteArray("a 1\nbb 2\n") << 0 << qsizetype(6) << 2 << 3
                              << QStringLiteral("body of 9 bytes exceeds the limit maxBodyBytes = 6");
        QTest::newRow("samples") << QByteArray("a 1\nb 2\nc 3\n") << 1 << qsizetype(2) << 3 << 1
                                 << QStringLiteral("exceeds the limit maxSamples = 2");
        QTest::newRow("labels per series")
            << QByteArray("m{a=\"1\",b=\"2\",c=\"3\"} 1\n") << 2 << qsizetype(3) << 1 << 15
            << QStringLiteral("series has 4 labels (with __name__): exceeds the limit "
                              "maxLabelsPerSeries = 3");
        QTest::newRow("label name length") << QByteArray("m{abcde=\"1\"} 1\n") << 3 << qsizetype(4) << 1 << 3
                                           << QStringLiteral("label name of 5 bytes exceeds the limit "
                                                             "maxLabelNameLength = 4");
        QTest::newRow("label value length") << QByteArray("m{a=\"12345\"} 1\n") << 4 << qsizetype(4) << 1 << 5
                                            << QStringLiteral("value of label \"a\" of 5 bytes exceeds the limit "
                                                              "maxLabelValueLength = 4");
        QTest::newRow("label value length after unescaping")
            << QByteArray("m{a=\"\\\\\\\\\\\\\\\\\\\\\"} 1\n") << 4 << qsizetype(4) << 1 << 5
            << QStringLiteral("of 5 bytes exceeds the limit maxLabelValueLength = 4");
        QTest::newRow("metric name length") << QByteArray("abcdefgh 1\n") << 4 << qsizetype(4) << 1 << 1
                                            << QStringLiteral("metric name of 8 bytes exceeds the limit "
                                                              "maxLabelValueLength = 4");
    }

    void limits()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, which);
        QFETCH(qsizetype, limit);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        ParseLimits limits;
        // At the limit it parses ...
        switch (which) {
        case 0:
            limits.maxBodyBytes = input.size();
            break;
        case 1:
            limits.maxSamples = 3;
            break;
        case 2:
            limits.maxLabelsPerSeries = 4;
            break;
        case 3:
            limits.maxLabelNameLength = 5;
            break;
        case 4:
            limits.maxLabelValueLength = 8;
            break;
        }
        const ParseResult atLimit = ExpositionParser::parse(input, P, limits);
        QVERIFY2(atLimit.ok, qPrintable(atLimit.error.toString()));
        QVERIFY2(
            scannerDisagreement(input, P, limits).isEmpty(), scannerDisagreement(input, P, limits).constData());
        // ... one below it is an error naming the limit and value.
        switch (which) {
        case 0:
            limits.maxBodyBytes = limit;
            break;
        case 1:
            limits.maxSamples = limit;
            break;
        case 2:
            limits.maxLabelsPerSeries = limit;
            break;
        case 3:
            limits.maxLabelNameLength = limit;
            break;
        case 4:
            limits.maxLabelValueLength = limit;
            break;
        }
        const ParseResult r = ExpositionParser::parse(input, P, limits);
        QVERIFY(!r.ok);
        QVERIFY(r.families.isEmpty());
        QVERIFY2(
            scannerDisagreement(input, P, limits).isEmpty(), scannerDisagreement(input, P, limits).constData());
        QVERIFY2(r.error.message.contains(message), qPrintable(r.error.toString()));
        QCOMPARE(r.error.line, line);
        QCOMPARE(r.error.column, column);
    }

    void nodeExporterFixture()
    {
        const QByteArray body = opsdeck::testsupport::readExpositionFixture(QStringLiteral("node_exporter.prom"));
        const ParseResult r = ExpositionParser::parse(
            body, ExpositionFormat::Auto, {}, "text/plain; version=0.0.4; charset=utf-8");
        QVERIFY2(r.ok, qPrintable(r.error.toString()));
        QCOMPARE(r.format, P);
        QVERIFY(r.sampleCount > 300);
        const auto find = [&](QByteArrayView name) -> const MetricFamily* {
            for (const MetricFamily& f : r.families) {
                if (f.name == name)
                    return &f;
            }
            return nullptr;
        };
        const MetricFamily* cpu = find("node_cpu_seconds_total");
        QVERIFY(cpu);
        QCOMPARE(cpu->type, MetricType::Counter);
        QCOMPARE(cpu->help, QByteArray("Seconds the CPUs spent in each mode."));
        QVERIFY(!cpu->samples.isEmpty());
        QVERIFY(cpu->samples[0].labels.has("cpu"));
        QVERIFY(cpu->samples[0].labels.has("mode"));
        const MetricFamily* mem = find("node_memory_MemAvailable_bytes");
        QVERIFY(mem);
        QCOMPARE(mem->type, MetricType::Gauge);
        QVERIFY(mem->samples[0].value > 0);
        const MetricFamily* gc = find("go_gc_duration_seconds");
        QVERIFY(gc);
        QCOMPARE(gc->type, MetricType::Summary);
        QVERIFY(gc->samples.size() >= 7); // 5 quantiles + _sum + _count
        QCOMPARE(gc->samples.last().labels.metricName(), QByteArray("go_gc_duration_seconds_count"));
        // Every line that is not a comment is a sample.
        qsizetype lines = 0;
        for (const QByteArray& l : body.split('\n'))
            lines += !l.isEmpty() && !l.startsWith('#');
        QCOMPARE(r.sampleCount, lines);
        const QByteArray disagreement
            = scannerDisagreement(body, ExpositionFormat::Auto, {}, "text/plain; version=0.0.4; charset=utf-8");
        QVERIFY2(disagreement.isEmpty(), disagreement.constData());
    }

    void openMetricsFixture()
    {
        const QByteArray body
            = opsdeck::testsupport::readExpositionFixture(QStringLiteral("python_client.om.txt"));
        const ParseResult r = ExpositionParser::parse(
            body, ExpositionFormat::Auto, {}, "application/openmetrics-text; version=0.0.1; charset=utf-8");
        QVERIFY2(r.ok, qPrintable(r.error.toString()));
        QCOMPARE(r.format, OM);
        QHash<QByteArray, const MetricFamily*> byName;
        for (const MetricFamily& f : r.families)
            byName.insert(f.name, &f);
        const MetricFamily* req = byName.value("opsdeck_http_requests");
        QVERIFY(req);
        QCOMPARE(req->type, MetricType::Counter);
        QCOMPARE(req->samples.size(), 4); // _total and _created for two series
        QCOMPARE(req->samples[2].labels.value("path"), QByteArray("/a \"quoted\"\\path\nnext"));
        QCOMPARE(byName.value("opsdeck_temperature_celsius")->unit, QByteArray("celsius"));
        QCOMPARE(byName.value("opsdeck_request_duration_seconds")->type, MetricType::Histogram);
        QCOMPARE(byName.value("opsdeck_request_duration_seconds")->samples.size(), 8);
        QCOMPARE(byName.value("opsdeck_response_size_bytes")->type, MetricType::Summary);
        QCOMPARE(byName.value("opsdeck_build")->type, MetricType::Info);
        QCOMPARE(byName.value("opsdeck_agent_state")->type, MetricType::StateSet);
        QCOMPARE(byName.value("opsdeck_queue_wait_seconds")->type, MetricType::GaugeHistogram);
        QCOMPARE(byName.value("opsdeck_queue_wait_seconds")->samples.size(), 5);
        QCOMPARE(byName.value("process_cpu_seconds")->type, MetricType::Counter);

        // Without "# EOF" the same body is rejected, never half-parsed.
        const QByteArray cut = body.left(body.lastIndexOf("# EOF"));
        const ParseResult bad = ExpositionParser::parse(cut, OM);
        QVERIFY(!bad.ok);
        QVERIFY(bad.families.isEmpty());
        QCOMPARE(bad.error.line, int(cut.count('\n')) + 1);
        for (const QByteArray& b : { body, cut }) {
            const QByteArray disagreement = scannerDisagreement(
                b, ExpositionFormat::Auto, {}, "application/openmetrics-text; version=0.0.1; charset=utf-8");
            QVERIFY2(disagreement.isEmpty(), disagreement.constData());
        }
    }

    // The raw key is the series as written: name and labels, no value.
    void scannerKeysAreTheSeriesBytes()
    {
        struct KeySink final : ExpositionSink
        {
            bool sample(QByteArrayView key, double, std::optional<qint64>) override
            {
                keys.append(key.toByteArray());
                return false;
            }
            void labels(Labels&&) override { }
            QList<QByteArray> keys;
        } sink;
        const ScanResult r = ExpositionScanner::scan(
            "# TYPE a counter\na_total{x=\"1\",y=\"2\"} 3 1000\nb 4\nc {z=\"}\"} 5\n", sink, P);
        QVERIFY2(r.ok, qPrintable(r.error.toString()));
        QCOMPARE(r.sampleCount, 3);
        QCOMPARE(sink.keys, (QList<QByteArray> { "a_total{x=\"1\",y=\"2\"}", "b", "c {z=\"}\"}" }));
    }

    // Every prefix of a real exposition, and bytes flipped in it, must fail or
    // parse cleanly: never crash, never return families with an error.
    void truncatedAndCorruptedInputNeverCrash()
    {
        const QByteArray body
            = opsdeck::testsupport::readExpositionFixture(QStringLiteral("python_client.om.txt"));
        // Keys of the intact body (per format), offered as expected keys to every variant.
        QHash<int, QList<QByteArray>> intactKeys;
        for (ExpositionFormat f : { P, OM }) {
            RecordingSink intact(true);
            ExpositionScanner::scan(body, intact, f); // valid keys up to the first error, if any
            intactKeys.insert(int(f), intact.keys);
        }
        QVERIFY(intactKeys.value(int(OM)).size() > 20);
        for (qsizetype n = 0; n <= body.size(); n += 7) {
            for (ExpositionFormat f : { P, OM }) {
                const ParseResult r = ExpositionParser::parse(body.left(n), f);
                QVERIFY(r.ok || (r.families.isEmpty() && r.error.line >= 1 && r.error.column >= 1));
                const QByteArray disagreement = scannerDisagreement(body.left(n), f, {}, {}, &intactKeys[int(f)]);
                QVERIFY2(disagreement.isEmpty(), disagreement.constData());
            }
        }
        QByteArray corrupt = body;
        const char junk[] = { '\0', '"', '{', '}', '\\', '\n', ' ', '#', '\xff', '=' };
        for (qsizetype i = 0; i < corrupt.size(); i += 13) {
            QByteArray c = corrupt;
            c[i] = junk[i % sizeof junk];
            const ParseResult r = ExpositionParser::parse(c, OM);
            QVERIFY(r.ok || (r.families.isEmpty() && r.error.line >= 1 && r.error.column >= 1));
            const QByteArray disagreement = scannerDisagreement(c, OM, {}, {}, &intactKeys[int(OM)]);
            QVERIFY2(disagreement.isEmpty(), disagreement.constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestExpositionParser)
#include "tst_exposition_parser.moc"
