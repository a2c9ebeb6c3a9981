// Conformance of OpsDeck's PromQL subset with a real Prometheus 2.42: the same
// OpenMetrics history (ConformanceDataset) is loaded into Prometheus with
// promtool and into a SeriesStore with TextImport; every expression of
// tests/data/query/queries.txt runs as instant queries at several times and
// as range queries on both, and the responses (Prometheus's HTTP API JSON and
// OpsDeck's QueryResultJson) must agree within float tolerance
// (ResultComparison). Failures listed in known_deviations.txt are reported
// but do not fail the test. The `opsdeck query` CLI is checked end to end.
//
// Staleness: promtool writes no staleness markers, and TextImport writes none
// either, so in the main dataset a series that stops mid-range stays visible
// on both sides for the 5-minute lookback after its last sample and then
// disappears. Real stale markers get their own section (staleness()): a
// second Prometheus with its remote-write receiver on is sent
// ConformanceDataset::staleness() (remotewrite::RemoteWriteEncoder), the same samples go
// into a SeriesStore with markStale(), and tests/data/query/staleness_queries.txt
// runs at times and ranges that straddle the markers.
#include "ConformanceDataset.h"
#include "metrics/SeriesStore.h"
#include "PrometheusServer.h"
#include "query/QueryEngine.h"
#include "query/QueryResultJson.h"
#include "query/TextImport.h"
#include "remotewrite/RemoteWriteEncoder.h"
#include "ResultComparison.h"
#include "sources/DataSourceRepository.h"
#include "storage/Database.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <csignal>
#include <limits>
#include <memory>

#include <sys/prctl.h>

using namespace opsdeck;
using namespace opsdeck::query;
using ConformanceDataset::kEndMs;
using ConformanceDataset::kStartMs;

namespace {

metrics::RetentionPolicy keepEverything()
{
    metrics::RetentionPolicy p;
    p.maxAgeMs = std::numeric_limits<qint64>::max() / 2;
    p.maxBytes = std::numeric_limits<qint64>::max() / 2;
    return p;
}

QByteArray readData(const QString& name)
{
    QFile f(QStringLiteral(OPSDECK_TEST_DATA "/query/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(f.fileName()));
    return f.readAll();
}

struct Evaluation
{
    QString label; // "instant @+1800s", "range +0s..+7800s step 60s"
    bool range = false;
    qint64 timeMs = 0;
    qint64 startMs = 0;
    qint64 endMs = 0;
    qint64 stepMs = 0;
};

// Instant times: mid-range; the end of a 10-minute gap exactly at the 5-minute
// lookback boundary; an off-grid millisecond time after resets and stops;
// the last sample; 4 minutes after the end (lookback still sees data); and
// well after it (empty results).
QList<Evaluation> evaluations()
{
    QList<Evaluation> out;
    for (const qint64 offsetMs :
        { 1'800'000LL, 2'700'000LL, 4'321'500LL, 7'200'000LL, 7'440'000LL, 8'000'000LL }) {
        Evaluation e;
        e.label = QStringLiteral("instant at start+%1s").arg(double(offsetMs) / 1000.0);
        e.timeMs = kStartMs + offsetMs;
        out.append(e);
    }
    Evaluation whole;
    whole.label = QStringLiteral("range start-10m..end+10m step 60s");
    whole.range = true;
    whole.startMs = kStartMs - 600'000;
    whole.endMs = kEndMs + 600'000;
    whole.stepMs = 60'000;
    out.append(whole);
    Evaluation part;
    part.label = QStringLiteral("range start+2000s..start+3700s step 37s");
    part.range = true;
    part.startMs = kStartMs + 2'000'000;
    part.endMs = kStartMs + 3'700'000;
    part.stepMs = 37'000;
    out.append(part);
    return out;
}

QStringList loadQueries(const QString& file = QStringLiteral("queries.txt"))
{
    QStringList out;
    const QList<QByteArray> lines = readData(file).split('\n');
    for (const QByteArray& raw : lines) {
        const QByteArray line = raw.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        out.append(QString::fromUtf8(line));
    }
    return out;
}

// "EXPRESSION ## reason" per line.
QHash<QString, QString> loadKnownDeviations()
{
    QHash<QString, QString> out;
    const QList<QByteArray> lines = readData(QStringLiteral("known_deviations.txt")).split('\n');
    for (const QByteArray& raw : lines) {
        const QByteArray line = raw.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype sep = line.lastIndexOf(" ## ");
        if (sep < 0)
            qFatal("known_deviations.txt: no \" ## reason\" in: %s", line.constData());
        out.insert(QString::fromUtf8(line.left(sep).trimmed()), QString::fromUtf8(line.mid(sep + 4).trimmed()));
    }
    return out;
}

// Around the stale markers of ConformanceDataset::staleness() (seconds from its base).
QList<Evaluation> stalenessEvaluations(qint64 baseMs)
{
    QList<Evaluation> out;
    for (const qint64 ms : { 600'000LL, 915'000LL, 930'000LL, 1'200'000LL, 1'215'000LL, 1'215'500LL, 1'216'000LL,
             1'230'000LL, 1'400'000LL, 1'499'000LL, 1'500'000LL, 1'510'000LL, 1'530'000LL, 1'700'000LL,
             1'815'000LL, 1'830'000LL, 2'003'500LL, 2'004'000LL, 2'010'000LL, 2'100'000LL, 2'110'000LL,
             2'400'000LL, 2'700'000LL, 3'000'000LL, 3'016'000LL, 3'100'000LL, 3'299'000LL, 3'301'000LL }) {
        Evaluation e;
        e.label = QStringLiteral("instant at base+%1s").arg(double(ms) / 1000.0);
        e.timeMs = baseMs + ms;
        out.append(e);
    }
    const auto range = [&out, baseMs](qint64 startMs, qint64 endMs, qint64 stepMs) {
        Evaluation e;
        e.label = QStringLiteral("range base+%1s..base+%2s step %3s")
                      .arg(double(startMs) / 1000.0)
                      .arg(double(endMs) / 1000.0)
                      .arg(double(stepMs) / 1000.0);
        e.range = true;
        e.startMs = baseMs + startMs;
        e.endMs = baseMs + endMs;
        e.stepMs = stepMs;
        out.append(e);
    };
    range(-300'000, 3'400'000, 60'000); // everything
    range(870'000, 960'000, 1'000); // every second across a stale marker
    range(1'100'000, 1'620'000, 7'000); // a stale marker, another one, a series coming back
    range(1'790'000, 2'130'000, 13'000); // a counter going stale and coming back reset
    range(1'980'000, 2'030'000, 500); // the off-grid marker at 2003.5 s
    return out;
}

// Label sets of an instant vector response in the order they were written.
QStringList resultOrder(const QByteArray& json)
{
    QStringList out;
    const QJsonArray result = QJsonDocument::fromJson(json)
                                  .object()
                                  .value(QLatin1String("data"))
                                  .toObject()
                                  .value(QLatin1String("result"))
                                  .toArray();
    for (const QJsonValue& item : result)
        out.append(QString::fromUtf8(QJsonDocument(item.toObject().value(QLatin1String("metric")).toObject())
                                         .toJson(QJsonDocument::Compact)));
    return out;
}

} // namespace

class TestQueryConformance : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void valueFormat_data();
    void valueFormat();
    void textImportDataset();
    void textImportSortsPerSeries();
    void textImportReportsPosition();
    void conformance();
    void staleness();
    void cli_data();
    void cli();
    void cliErrors();
    void cliRemoteSource();
    void cliLiveScrape();

private:
    QByteArray runCli(const QStringList& args, int* exitCode);

    QTemporaryDir m_dir;
    QString m_dataFile;
    QByteArray m_data;
    std::unique_ptr<PrometheusServer> m_prometheus;
    std::unique_ptr<PrometheusServer> m_stalenessPrometheus;
    std::unique_ptr<metrics::SeriesStore> m_store;
    ImportResult m_import;
};

void TestQueryConformance::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(
        PrometheusServer::available(), "prometheus and promtool must be on PATH (Debian: prometheus package)");

    m_data = ConformanceDataset::openMetrics();
    m_dataFile = m_dir.filePath(QStringLiteral("data.om"));
    QFile f(m_dataFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(m_data), m_data.size());
    f.close();
    // For debugging a deviation by hand: OPSDECK_QUERY_CONFORMANCE_DUMP=DIR keeps a copy of the dataset.
    if (const QString dump = qEnvironmentVariable("OPSDECK_QUERY_CONFORMANCE_DUMP"); !dump.isEmpty()) {
        QFile::remove(dump + QStringLiteral("/data.om"));
        QVERIFY(QFile::copy(m_dataFile, dump + QStringLiteral("/data.om")));
    }

    QElapsedTimer timer;
    timer.start();
    m_prometheus = std::make_unique<PrometheusServer>(m_dir.path());
    QString error;
    QVERIFY2(m_prometheus->createBlocks(m_dataFile, &error), qPrintable(error));
    QVERIFY2(m_prometheus->start(&error), qPrintable(error));
    const qint64 prometheusMs = timer.restart();

    m_store = std::make_unique<metrics::SeriesStore>(keepEverything());
    m_import = TextImport::importFile(m_dataFile, m_store.get());
    QVERIFY2(m_import.ok, qPrintable(m_import.error));
    qInfo(
        "dataset: %lld bytes, %lld series, %lld samples; promtool + prometheus start %lld ms, TextImport %lld ms",
        static_cast<long long>(m_data.size()), static_cast<long long>(m_import.seriesCount),
        static_cast<long long>(m_import.sampleCount), static_cast<long long>(prometheusMs),
        static_cast<long long>(timer.elapsed()));
}

void TestQueryConformance::cleanupTestCase()
{
    if (m_prometheus)
        m_prometheus->stop();
    if (m_stalenessPrometheus)
        m_stalenessPrometheus->stop();
}

void TestQueryConformance::valueFormat_data()
{
    // Expected strings are what Prometheus 2.42 writes (Go strconv.FormatFloat 'f'/-1, 'e' outside [1e-6, 1e21)).
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("zero") << 0.0 << QByteArray("0");
    QTest::newRow("tenth") << 0.1 << QByteArray("0.1");
    QTest::newRow("negative") << -2.5 << QByteArray("-2.5");
    QTest::newRow("million") << 1e6 << QByteArray("1000000");
    QTest::newRow("large") << 1.6e20 << QByteArray("160000000000000000000");
    QTest::newRow("1e21") << 1e21 << QByteArray("1e+21");
    QTest::newRow("1e-6") << 1e-6 << QByteArray("0.000001");
    QTest::newRow("1e-7") << 1e-7 << QByteArray("1e-07");
    QTest::newRow("third") << 1.0 / 3 << QByteArray("0.3333333333333333");
    QTest::newRow("max") << 1.7976931348623157e308 << QByteArray("1.7976931348623157e+308");
    QTest::newRow("denormal") << 5e-324 << QByteArray("5e-324");
    QTest::newRow("NaN") << std::nan("") << QByteArray("NaN");
    QTest::newRow("+Inf") << HUGE_VAL << QByteArray("+Inf");
    QTest::newRow("-Inf") << -HUGE_VAL << QByteArray("-Inf");
}

void TestQueryConformance::valueFormat()
{
    QFETCH(double, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(QueryResultJson::formatValue(value), expected);
    QCOMPARE(QueryResultJson::formatTimestamp(1700000000000), QByteArray("1700000000"));
    QCOMPARE(QueryResultJson::formatTimestamp(1700000000250), QByteArray("1700000000.250"));
    QCOMPARE(QueryResultJson::formatTimestamp(1700000000005), QByteArray("1700000000.005"));
}

void TestQueryConformance::textImportDataset()
{
    qint64 sampleLines = 0;
    for (const QByteArray& line : m_data.split('\n'))
        if (!line.isEmpty() && !line.startsWith('#'))
            ++sampleLines;
    QCOMPARE(m_import.sampleCount, sampleLines);
    QCOMPARE(m_import.duplicateCount, qint64(0));
    QCOMPARE(m_import.minTimestampMs, kStartMs);
    QCOMPARE(m_import.maxTimestampMs, kEndMs);
    QCOMPARE(m_store->stats().seriesCount, m_import.seriesCount);

    // Parsing in small line-aligned chunks (metadata repeated, "# EOF" added) gives the same store.
    metrics::SeriesStore chunked(keepEverything());
    ImportOptions options;
    options.chunkBytes = 64 * 1024;
    const ImportResult r = TextImport::importText(m_data, &chunked, options);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.sampleCount, m_import.sampleCount);
    QCOMPARE(r.seriesCount, m_import.seriesCount);
    const metrics::Labels probe { { "__name__", "request_duration_seconds_bucket" },
        { "instance", "10.0.0.3:9100" }, { "job", "api" }, { "le", "0.25" } };
    const QList<metrics::SeriesRef> a
        = m_store->select({ { metrics::LabelMatcher::Type::Equal, "__name__", "request_duration_seconds_bucket" },
            { metrics::LabelMatcher::Type::Equal, "instance", "10.0.0.3:9100" },
            { metrics::LabelMatcher::Type::Equal, "le", "0.25" } });
    const QList<metrics::SeriesRef> b
        = chunked.select({ { metrics::LabelMatcher::Type::Equal, "__name__", "request_duration_seconds_bucket" },
            { metrics::LabelMatcher::Type::Equal, "instance", "10.0.0.3:9100" },
            { metrics::LabelMatcher::Type::Equal, "le", "0.25" } });
    QCOMPARE(a.size(), qsizetype(1));
    QCOMPARE(b.size(), qsizetype(1));
    QCOMPARE(m_store->labels(a[0]), probe);
    const QList<metrics::Sample> sa = m_store->read(a[0], kStartMs, kEndMs);
    const QList<metrics::Sample> sb = chunked.read(b[0], kStartMs, kEndMs);
    QCOMPARE(sa.size(), sb.size());
    QVERIFY(sa.size() > 400);
    for (qsizetype i = 0; i < sa.size(); ++i) {
        QCOMPARE(sa[i].timestampMs, sb[i].timestampMs);
        QCOMPARE(sa[i].value, sb[i].value);
    }
}

void TestQueryConformance::textImportSortsPerSeries()
{
    metrics::SeriesStore store(keepEverything());
    const ImportResult r = TextImport::importText(readData(QStringLiteral("history_small.prom")), &store);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.format, metrics::ExpositionFormat::Prometheus);
    QCOMPARE(r.seriesCount, qsizetype(3));
    QCOMPARE(r.sampleCount, qint64(10));

    const QList<metrics::SeriesRef> b = store.select({ { metrics::LabelMatcher::Type::Equal, "queue", "b" } });
    QCOMPARE(b.size(), qsizetype(1));
    const QList<metrics::Sample> samples = store.read(b[0], 0, std::numeric_limits<qint64>::max());
    QCOMPARE(samples.size(), qsizetype(4));
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(samples[i].timestampMs, 1700000000000 + i * 15000);
        QCOMPARE(samples[i].value, 10.0 * (i + 1));
    }
    const QList<metrics::SeriesRef> room
        = store.select({ { metrics::LabelMatcher::Type::Equal, "__name__", "room_temperature_celsius" } });
    QCOMPARE(room.size(), qsizetype(1));
    const QList<metrics::Sample> t = store.read(room[0], 0, std::numeric_limits<qint64>::max());
    QCOMPARE(t.size(), qsizetype(3));
    QVERIFY(std::isnan(t[1].value));
    QVERIFY(!metrics::isStaleMarker(t[1].value));
    QCOMPARE(t[2].timestampMs, 1700000030250);
    QCOMPARE(t[2].value, 1e6);

    // Cut into chunks of a line or two (# TYPE repeated in front of each): the same store.
    metrics::SeriesStore chunked(keepEverything());
    ImportOptions options;
    options.chunkBytes = 40;
    const ImportResult c
        = TextImport::importText(readData(QStringLiteral("history_small.prom")), &chunked, options);
    QVERIFY2(c.ok, qPrintable(c.error));
    QCOMPARE(c.seriesCount, r.seriesCount);
    QCOMPARE(c.sampleCount, r.sampleCount);
    const QList<metrics::SeriesRef> cb = chunked.select({ { metrics::LabelMatcher::Type::Equal, "queue", "b" } });
    QCOMPARE(cb.size(), qsizetype(1));
    QCOMPARE(chunked.labels(cb[0]), store.labels(b[0]));
    const QList<metrics::Sample> cs = chunked.read(cb[0], 0, std::numeric_limits<qint64>::max());
    QCOMPARE(cs.size(), qsizetype(4));
    QCOMPARE(cs[3].value, 40.0);
}

void TestQueryConformance::textImportReportsPosition()
{
    metrics::SeriesStore store(keepEverything());
    const QString path = QStringLiteral(OPSDECK_TEST_DATA "/query/history_bad.om");
    const ImportResult r = TextImport::importFile(path, &store);
    QVERIFY(!r.ok);
    QCOMPARE(r.errorLine, 4);
    QVERIFY2(r.error.startsWith(path + QStringLiteral(": line 4, column ")), qPrintable(r.error));
    QCOMPARE(store.stats().sampleCount, qint64(0)); // nothing half-imported

    // The same error in a later chunk still names the file's line.
    QByteArray big = "# TYPE g gauge\n";
    for (int i = 0; i < 5000; ++i)
        big += "g{i=\"" + QByteArray::number(i) + "\"} 1 1700000000\n";
    big += "g{i=\"x\"} one 1700000000\n# EOF\n";
    ImportOptions options;
    options.chunkBytes = 4096;
    const ImportResult late = TextImport::importText(big, &store, options);
    QVERIFY(!late.ok);
    QCOMPARE(late.errorLine, 5002);
    QVERIFY2(late.error.startsWith(QStringLiteral("line 5002, column 10: ")), qPrintable(late.error));
}

void TestQueryConformance::conformance()
{
    const QStringList queries = loadQueries();
    const QStringList stalenessQueries = loadQueries(QStringLiteral("staleness_queries.txt"));
    const QHash<QString, QString> known = loadKnownDeviations();
    for (auto it = known.cbegin(); it != known.cend(); ++it)
        QVERIFY2(queries.contains(it.key()) || stalenessQueries.contains(it.key()),
            qPrintable(QStringLiteral("known deviation not in queries.txt: ") + it.key()));

    const QueryEngine engine(m_store.get());
    const QList<Evaluation> evals = evaluations();
    int passed = 0;
    int failed = 0;
    int knownFailed = 0;
    int passedWithData = 0; // passes where Prometheus returned a non-empty result
    QSet<QString> failingExpressions;
    qint64 prometheusNs = 0;
    qint64 opsdeckNs = 0;
    QElapsedTimer timer;

    for (const QString& expr : queries) {
        for (const Evaluation& e : evals) {
            qint64 ns = 0;
            const QByteArray expected = e.range ? m_prometheus->range(expr, e.startMs, e.endMs, e.stepMs, &ns)
                                                : m_prometheus->instant(expr, e.timeMs, &ns);
            prometheusNs += ns;
            timer.start();
            QueryResult result
                = e.range ? engine.range(expr, e.startMs, e.endMs, e.stepMs) : engine.instant(expr, e.timeMs);
            opsdeckNs += timer.nsecsElapsed();
            // In the order the CLI and the HTTP API print it. Instant topk/bottomk/sort/sort_desc
            // keep Prometheus's order (Go's sort.Sort(sort.Reverse(heap)) for topk): compared as is.
            QueryResultJson::sortForOutput(result, expr, e.range);
            const bool ordered = !e.range && QueryResultJson::ordersByValue(expr);
            if (ordered && resultOrder(QueryResultJson::toJson(result)) != resultOrder(expected)) {
                failingExpressions.insert(expr);
                ++failed;
                qWarning().noquote() << "FAIL:" << expr << "|" << e.label << "| series order differs"
                                     << "\n  prometheus:" << ResultComparison::summarize(expected)
                                     << "\n  opsdeck:   "
                                     << ResultComparison::summarize(QueryResultJson::toJson(result));
                continue;
            }
            QueryResultJson::sortByLabels(result.series);
            const QByteArray actual = QueryResultJson::toJson(result);

            const QString diff
                = ResultComparison::compare(ResultComparison::parse(expected), ResultComparison::parse(actual));
            if (diff.isEmpty()) {
                ++passed;
                if (!expected.contains("\"result\":[]") && expected.contains("\"status\":\"success\""))
                    ++passedWithData;
                continue;
            }
            failingExpressions.insert(expr);
            if (known.contains(expr)) {
                ++knownFailed;
                continue;
            }
            ++failed;
            qWarning().noquote() << "FAIL:" << expr << "|" << e.label << "|" << diff
                                 << "\n  prometheus:" << ResultComparison::summarize(expected)
                                 << "\n  opsdeck:   " << ResultComparison::summarize(actual);
        }
    }
    const qsizetype cleanExpressions = queries.size() - failingExpressions.size();
    for (auto it = known.cbegin(); it != known.cend(); ++it)
        if (queries.contains(it.key()) && !failingExpressions.contains(it.key()))
            qWarning().noquote() << "known deviation now passes, remove it from known_deviations.txt:" << it.key();

    const int total = passed + failed + knownFailed;
    qInfo("conformance: %d passed, %d failed of %d (%d of them known deviations: %lld expressions listed; "
          "%d passes with a non-empty result; %lld expressions x %lld evaluations, %lld expressions agree at "
          "every evaluation); Prometheus HTTP %.2f s, OpsDeck in-process %.2f s",
        passed, failed + knownFailed, total, knownFailed, static_cast<long long>(known.size()), passedWithData,
        static_cast<long long>(queries.size()), static_cast<long long>(evals.size()),
        static_cast<long long>(cleanExpressions), prometheusNs / 1e9, opsdeckNs / 1e9);
    QVERIFY2(failed == 0,
        qPrintable(QStringLiteral("%1 evaluations differ from Prometheus 2.42 and are not "
                                  "listed in tests/data/query/known_deviations.txt")
                       .arg(failed)));
}

void TestQueryConformance::staleness()
{
    // Recent timestamps: Prometheus's head only appends within about an hour of
    // its newest sample, and a fresh head starts at the first one sent.
    const qint64 baseMs = (QDateTime::currentMSecsSinceEpoch() / 60'000 - 60) * 60'000;
    const QList<ConformanceDataset::StalenessSeries> data = ConformanceDataset::staleness(baseMs);

    QElapsedTimer timer;
    timer.start();
    m_stalenessPrometheus = std::make_unique<PrometheusServer>(m_dir.filePath(QStringLiteral("staleness")));
    m_stalenessPrometheus->enableRemoteWriteReceiver();
    QString error;
    QVERIFY2(m_stalenessPrometheus->start(&error), qPrintable(error));
    // The product's remote-write encoder (protobuf + snappy): Prometheus is the
    // judge of the bytes, and the queries under test never see them.
    QList<remotewrite::RemoteWriteEncoder::Series> request;
    for (const ConformanceDataset::StalenessSeries& s : data) {
        QList<metrics::Label> labels;
        for (const auto& [name, value] : s.labels)
            labels.append({ name, value });
        QList<metrics::Sample> samples;
        for (const auto& [ts, value] : s.samples)
            samples.append({ ts, value });
        request.append({ metrics::Labels::fromUnsorted(labels), samples });
    }
    remotewrite::RemoteWriteEncoder encoder;
    const QByteArray body = remotewrite::RemoteWriteEncoder::compress(encoder.encode(request));
    QVERIFY2(m_stalenessPrometheus->remoteWrite(body, &error), qPrintable(error));
    const qint64 loadMs = timer.elapsed();

    metrics::SeriesStore store(keepEverything());
    qint64 samples = 0;
    qint64 markers = 0;
    for (const ConformanceDataset::StalenessSeries& s : data) {
        QList<metrics::Label> labels;
        for (const auto& [name, value] : s.labels)
            labels.append({ name, value });
        const metrics::SeriesRef ref = store.getOrCreate(metrics::Labels::fromSorted(labels));
        for (const auto& [t, v] : s.samples) {
            if (metrics::isStaleMarker(v)) {
                store.markStale(ref, t);
                ++markers;
            } else {
                QVERIFY(store.append(ref, t, v));
            }
            ++samples;
        }
    }
    // Prometheus holds exactly what was sent (count_over_time skips stale markers).
    QSet<QByteArray> names;
    for (const ConformanceDataset::StalenessSeries& s : data)
        names.insert(s.labels.first().second);
    qint64 stored = 0;
    for (const QByteArray& name : std::as_const(names)) {
        const QByteArray count = m_stalenessPrometheus->instant(
            QStringLiteral("sum(count_over_time(%1[2h]))").arg(QString::fromUtf8(name)),
            baseMs + ConformanceDataset::kStalenessSpanMs + 60'000);
        const ResultComparison::Response counted = ResultComparison::parse(count);
        QVERIFY2(counted.success && counted.series.size() == 1, count.constData());
        stored += qint64(counted.series[0].values[0]);
    }
    QCOMPARE(stored, samples - markers);
    // ... and the markers took effect: without them stale_gauge{instance="a"} would stay 5 minutes longer.
    const QString a = QStringLiteral("stale_gauge{instance=\"a\"}");
    QCOMPARE(ResultComparison::parse(m_stalenessPrometheus->instant(a, baseMs + 1'200'000)).series.size(), 1);
    QCOMPARE(ResultComparison::parse(m_stalenessPrometheus->instant(a, baseMs + 1'216'000)).series.size(), 0);
    QVERIFY(markers >= 10);

    const QStringList queries = loadQueries(QStringLiteral("staleness_queries.txt"));
    const QHash<QString, QString> known = loadKnownDeviations();
    const QueryEngine engine(&store);
    const QList<Evaluation> evals = stalenessEvaluations(baseMs);
    int passed = 0;
    int failed = 0;
    int knownFailed = 0;
    int passedWithData = 0;
    QSet<QString> failingExpressions;
    for (const QString& expr : queries) {
        for (const Evaluation& e : evals) {
            const QByteArray expected = e.range ? m_stalenessPrometheus->range(expr, e.startMs, e.endMs, e.stepMs)
                                                : m_stalenessPrometheus->instant(expr, e.timeMs);
            QueryResult result
                = e.range ? engine.range(expr, e.startMs, e.endMs, e.stepMs) : engine.instant(expr, e.timeMs);
            QueryResultJson::sortByLabels(result.series);
            const QByteArray actual = QueryResultJson::toJson(result);
            const QString diff
                = ResultComparison::compare(ResultComparison::parse(expected), ResultComparison::parse(actual));
            if (diff.isEmpty()) {
                ++passed;
                if (!expected.contains("\"result\":[]") && expected.contains("\"status\":\"success\""))
                    ++passedWithData;
                continue;
            }
            failingExpressions.insert(expr);
            if (known.contains(expr)) {
                ++knownFailed;
                continue;
            }
            ++failed;
            qWarning().noquote() << "FAIL (staleness):" << expr << "|" << e.label << "|" << diff
                                 << "\n  prometheus:" << ResultComparison::summarize(expected)
                                 << "\n  opsdeck:   " << ResultComparison::summarize(actual);
        }
    }
    for (auto it = known.cbegin(); it != known.cend(); ++it)
        if (queries.contains(it.key()) && !failingExpressions.contains(it.key()))
            qWarning().noquote() << "known deviation now passes, remove it from known_deviations.txt:" << it.key();
    qInfo("staleness: %d passed, %d failed of %d (%d of them known deviations; %d passes with a non-empty "
          "result; %lld expressions x %lld evaluations; %lld samples of which %lld stale markers; Prometheus "
          "start + remote write %lld ms)",
        passed, failed + knownFailed, passed + failed + knownFailed, knownFailed, passedWithData,
        static_cast<long long>(queries.size()), static_cast<long long>(evals.size()),
        static_cast<long long>(samples), static_cast<long long>(markers), static_cast<long long>(loadMs));
    QVERIFY2(passedWithData > passed / 2, "most staleness evaluations should return data");
    QVERIFY2(failed == 0,
        qPrintable(QStringLiteral("%1 staleness evaluations differ from Prometheus 2.42 and are not "
                                  "listed in tests/data/query/known_deviations.txt")
                       .arg(failed)));
    m_stalenessPrometheus->stop();
}

QByteArray TestQueryConformance::runCli(const QStringList& args, int* exitCode)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.start(QStringLiteral(OPSDECK_BIN), QStringList { QStringLiteral("query") } + args);
    if (!p.waitForFinished(60'000)) {
        p.kill();
        p.waitForFinished();
        *exitCode = -1;
        return {};
    }
    *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return p.readAllStandardOutput();
}

void TestQueryConformance::cli_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<QStringList>("timeArgs");
    QTest::addColumn<qint64>("timeMs"); // instant when stepMs == 0
    QTest::addColumn<qint64>("endMs");
    QTest::addColumn<qint64>("stepMs");
    QTest::addColumn<bool>("exactValues"); // value strings must match Prometheus's byte for byte

    const auto secs = [](qint64 ms) { return PrometheusServer::seconds(ms); };
    QTest::newRow("gauge, unix seconds") << QStringLiteral("temperature_celsius")
                                         << QStringList { QStringLiteral("--time"), secs(kStartMs + 1'800'000) }
                                         << kStartMs + 1'800'000 << qint64(0) << qint64(0) << true;
    QTest::newRow("tiny values, RFC3339 time")
        << QStringLiteral("tiny_ratio")
        << QStringList { QStringLiteral("--time"), QStringLiteral("2023-11-14T23:12:01.500Z") }
        << kStartMs + 4'321'500 << qint64(0) << qint64(0) << true;
    QTest::newRow("huge values") << QStringLiteral("node_memory_MemAvailable_bytes * 1e12")
                                 << QStringList { QStringLiteral("--time"), secs(kEndMs) } << kEndMs << qint64(0)
                                 << qint64(0) << true;
    QTest::newRow("scalar") << QStringLiteral("scalar(sum(up))")
                            << QStringList { QStringLiteral("--time"), secs(kEndMs) } << kEndMs << qint64(0)
                            << qint64(0) << true;
    // Issue 21: an expression starting with '-' as the first argument, and "--" still separating.
    QTest::newRow("leading minus") << QStringLiteral("-queue_depth % 7")
                                   << QStringList { QStringLiteral("--time"), secs(kStartMs + 1'800'000) }
                                   << kStartMs + 1'800'000 << qint64(0) << qint64(0) << true;
    QTest::newRow("leading minus number")
        << QStringLiteral("-1 * up") << QStringList { QStringLiteral("--time"), secs(kEndMs) } << kEndMs
        << qint64(0) << qint64(0) << true;
    // Printed in Prometheus's order (checked below), not by labels.
    QTest::newRow("bottomk order") << QStringLiteral("bottomk(3, http_requests_total)")
                                   << QStringList { QStringLiteral("--time"), secs(kStartMs + 3'600'000) }
                                   << kStartMs + 3'600'000 << qint64(0) << qint64(0) << true;
    QTest::newRow("topk order") << QStringLiteral("topk(4, rate(http_requests_total[5m]))")
                                << QStringList { QStringLiteral("--time"), secs(kStartMs + 3'600'000) }
                                << kStartMs + 3'600'000 << qint64(0) << qint64(0) << false;
    QTest::newRow("subquery") << QStringLiteral("max_over_time(rate(http_requests_total[5m])[30m:1m])")
                              << QStringList { QStringLiteral("--time"), secs(kStartMs + 3'600'000) }
                              << kStartMs + 3'600'000 << qint64(0) << qint64(0) << false;
    QTest::newRow("range, duration step")
        << QStringLiteral("sum by (job) (rate(http_requests_total[5m]))")
        << QStringList { QStringLiteral("--start"), secs(kStartMs), QStringLiteral("--end"),
               QStringLiteral("2023-11-14T23:00:00Z"), QStringLiteral("--step"), QStringLiteral("1m") }
        << kStartMs << kStartMs + 3'600'000 << qint64(60'000) << false;
    QTest::newRow("range, seconds step")
        << QStringLiteral("queue_depth")
        << QStringList { QStringLiteral("--start"), secs(kStartMs + 3'000'000), QStringLiteral("--end"),
               secs(kStartMs + 3'900'000), QStringLiteral("--step"), QStringLiteral("15") }
        << kStartMs + 3'000'000 << kStartMs + 3'900'000 << qint64(15'000) << true;
}

void TestQueryConformance::cli()
{
    QFETCH(QString, expr);
    QFETCH(QStringList, timeArgs);
    QFETCH(qint64, timeMs);
    QFETCH(qint64, endMs);
    QFETCH(qint64, stepMs);
    QFETCH(bool, exactValues);

    int exitCode = 0;
    const QByteArray out
        = runCli(QStringList { expr, QStringLiteral("--import"), m_dataFile } + timeArgs, &exitCode);
    QCOMPARE(exitCode, 0);
    const QByteArray expected
        = stepMs ? m_prometheus->range(expr, timeMs, endMs, stepMs) : m_prometheus->instant(expr, timeMs);
    const ResultComparison::Response e = ResultComparison::parse(expected);
    const ResultComparison::Response a = ResultComparison::parse(out);
    QVERIFY2(e.success, expected.constData());
    QVERIFY2(!e.series.isEmpty(), expected.constData());
    const QString diff = ResultComparison::compare(e, a);
    QVERIFY2(diff.isEmpty(),
        qPrintable(diff + QStringLiteral("\nprometheus: ") + ResultComparison::summarize(expected)
            + QStringLiteral("\nopsdeck: ") + ResultComparison::summarize(out)));
    if (exactValues)
        for (qsizetype i = 0; i < e.series.size(); ++i)
            QCOMPARE(a.series[i].rawValues, e.series[i].rawValues);
    if (!stepMs && QueryResultJson::ordersByValue(expr))
        QCOMPARE(resultOrder(out), resultOrder(expected));
    QVERIFY(out.endsWith('\n'));

    // The expression after "--", options first, gives the same output.
    if (expr.startsWith(u'-')) {
        const QByteArray separated = runCli(QStringList { QStringLiteral("--import"), m_dataFile } + timeArgs
                + QStringList { QStringLiteral("--"), expr },
            &exitCode);
        QCOMPARE(exitCode, 0);
        QCOMPARE(separated, out);
    }
}

// `opsdeck query --source URL` asks the real Prometheus and prints what the
// local engine prints for the same data; a dead source fails with its name.
void TestQueryConformance::cliRemoteSource()
{
    const QString url = QStringLiteral("http://127.0.0.1:%1").arg(m_prometheus->port());
    const QString at = PrometheusServer::seconds(ConformanceDataset::kStartMs + 3600 * 1000);
    const QString expr = QStringLiteral("sum by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[5m]))");
    int exitCode = 0;
    const QByteArray remote = runCli(
        { QStringLiteral("--source"), url, QStringLiteral("--time"), at, QStringLiteral("--"), expr }, &exitCode);
    QCOMPARE(exitCode, 0);
    const QByteArray local
        = runCli({ expr, QStringLiteral("--import"), m_dataFile, QStringLiteral("--time"), at }, &exitCode);
    QCOMPARE(exitCode, 0);
    const auto remoteResponse = ResultComparison::parse(remote);
    QVERIFY2(remoteResponse.success && !remoteResponse.series.isEmpty(), remote.constData());
    const QString diff = ResultComparison::compare(ResultComparison::parse(local), remoteResponse);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));

    // The same source by name: from a headless file's data_sources, and from the
    // state database's (Settings -> Data sources), with the same answer.
    const QString config = m_dir.filePath(QStringLiteral("sources.yml"));
    {
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("data_sources:\n  - name: mes-prom\n    url: %1\n    timeout: 20s\n")
                    .arg(url)
                    .toUtf8());
    }
    const QByteArray byName
        = runCli({ QStringLiteral("--source"), QStringLiteral("mes-prom"), QStringLiteral("--config"), config,
                     QStringLiteral("--time"), at, QStringLiteral("--"), expr },
            &exitCode);
    QCOMPARE(exitCode, 0);
    QCOMPARE(byName, remote);
    const QString stateDir = m_dir.filePath(QStringLiteral("state"));
    {
        storage::Database db;
        QVERIFY2(db.open(stateDir), qPrintable(db.lastError()));
        query::RemoteSourceConfig stored;
        stored.name = QStringLiteral("plant-prom");
        stored.url = QUrl(url);
        sources::DataSourceRepository repo(db);
        QVERIFY2(repo.save(stored), qPrintable(repo.lastError()));
    }
    const QByteArray fromState
        = runCli({ QStringLiteral("--source"), QStringLiteral("plant-prom"), QStringLiteral("--data-dir"),
                     stateDir, QStringLiteral("--time"), at, QStringLiteral("--"), expr },
            &exitCode);
    QCOMPARE(exitCode, 0);
    QCOMPARE(fromState, remote);
    const QByteArray unknown
        = runCli({ QStringLiteral("--source"), QStringLiteral("nope"), QStringLiteral("--config"), config,
                     QStringLiteral("--"), QStringLiteral("up") },
            &exitCode);
    QCOMPARE(exitCode, 2);
    QVERIFY2(unknown.contains("no data source named 'nope'") && unknown.contains("mes-prom"), unknown.constData());

    // A range query through the source.
    const QByteArray range
        = runCli({ QStringLiteral("--source"), url, QStringLiteral("--start"),
                     PrometheusServer::seconds(ConformanceDataset::kStartMs), QStringLiteral("--end"),
                     PrometheusServer::seconds(ConformanceDataset::kEndMs), QStringLiteral("--step"),
                     QStringLiteral("5m"), QStringLiteral("--"), QStringLiteral("up") },
            &exitCode);
    QCOMPARE(exitCode, 0);
    QCOMPARE(ResultComparison::parse(range).resultType, QStringLiteral("matrix"));

    // The server's parse error comes back as its bad_data.
    const QByteArray bad
        = runCli({ QStringLiteral("--source"), url, QStringLiteral("--"), QStringLiteral("sum(") }, &exitCode);
    QVERIFY(exitCode != 0);
    QCOMPARE(ResultComparison::parse(bad).errorType, QStringLiteral("bad_data"));

    // Not a URL; a source that is down.
    runCli({ QStringLiteral("--source"), QStringLiteral("prom:9090"), QStringLiteral("up") }, &exitCode);
    QCOMPARE(exitCode, 2);
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const QString deadUrl = QStringLiteral("http://127.0.0.1:%1").arg(closed.serverPort());
    closed.close();
    const QByteArray dead = runCli({ QStringLiteral("--source"), deadUrl, QStringLiteral("up") }, &exitCode);
    QCOMPARE(exitCode, 1);
    QCOMPARE(ResultComparison::parse(dead).errorType, QStringLiteral("unavailable"));

    // Through the query-result cache: with --data-dir the answer is kept in L3
    // (the state database's cache_entries) and the next run prints the same
    // bytes from there; --no-cache asks the server and prints them too.
    const QString cacheDir = m_dir.filePath(QStringLiteral("cli-cache"));
    const QStringList cached { QStringLiteral("--source"), url, QStringLiteral("--data-dir"), cacheDir,
        QStringLiteral("--time"), at, QStringLiteral("--"), expr };
    QCOMPARE(runCli(cached, &exitCode), remote);
    QCOMPARE(exitCode, 0);
    {
        storage::Database db;
        QVERIFY2(db.open(cacheDir), qPrintable(db.lastError()));
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM cache_entries")) && q.next());
        QVERIFY2(q.value(0).toInt() >= 1, "the first run left nothing in L3");
    }
    QCOMPARE(runCli(cached, &exitCode), remote);
    QCOMPARE(exitCode, 0);
    QCOMPARE(runCli({ QStringLiteral("--source"), url, QStringLiteral("--no-cache"), QStringLiteral("--time"), at,
                        QStringLiteral("--"), expr },
                 &exitCode),
        remote);
}

void TestQueryConformance::cliErrors()
{
    int exitCode = 0;
    // A parse error: Prometheus-shaped error on stdout, non-zero exit.
    QByteArray out = runCli({ QStringLiteral("sum("), QStringLiteral("--import"), m_dataFile }, &exitCode);
    QVERIFY(exitCode != 0);
    ResultComparison::Response r = ResultComparison::parse(out);
    QVERIFY2(r.parsed && !r.success, out.constData());
    QCOMPARE(r.errorType, QStringLiteral("bad_data"));
    QVERIFY(!r.error.isEmpty());

    // A bad time, and a range query whose end is before its start.
    out = runCli({ QStringLiteral("up"), QStringLiteral("--time"), QStringLiteral("yesterday") }, &exitCode);
    QVERIFY(exitCode != 0);
    r = ResultComparison::parse(out);
    QVERIFY2(r.parsed && !r.success && r.errorType == QStringLiteral("bad_data"), out.constData());
    out = runCli({ QStringLiteral("up"), QStringLiteral("--start"), QStringLiteral("100"), QStringLiteral("--end"),
                     QStringLiteral("50"), QStringLiteral("--step"), QStringLiteral("15s") },
        &exitCode);
    QVERIFY(exitCode != 0);
    QVERIFY2(ResultComparison::parse(out).errorType == QStringLiteral("bad_data"), out.constData());

    // A bad history file names the line.
    out = runCli({ QStringLiteral("up"), QStringLiteral("--import"),
                     QStringLiteral(OPSDECK_TEST_DATA "/query/history_bad.om") },
        &exitCode);
    QVERIFY(exitCode != 0);
    r = ResultComparison::parse(out);
    QVERIFY2(r.parsed && !r.success && r.error.contains(QStringLiteral("line 4, column")), out.constData());
}

void TestQueryConformance::cliLiveScrape()
{
    // `--target URL --scrape-for DUR` against a real opsdeck-agent on a free port.
    QProcess agent;
    const QString ready = m_dir.filePath(QStringLiteral("agent.ready"));
    agent.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    agent.start(QStringLiteral(OPSDECK_AGENT_BIN),
        { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--ready-file"), ready });
    QVERIFY(agent.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ready) && QFileInfo(ready).size() > 0, 10'000);
    QFile readyFile(ready);
    QVERIFY(readyFile.open(QIODevice::ReadOnly));
    const QString address = QString::fromUtf8(readyFile.readAll()).trimmed();
    const QString url = QStringLiteral("http://") + address + QStringLiteral("/metrics");

    int exitCode = 0;
    const QByteArray out
        = runCli({ QStringLiteral("up"), QStringLiteral("--target"), url, QStringLiteral("--scrape-for"),
                     QStringLiteral("2500ms"), QStringLiteral("--scrape-interval"), QStringLiteral("500ms") },
            &exitCode);
    const QByteArray cpu
        = runCli({ QStringLiteral("count(rate(node_cpu_seconds_total[2s])) > 0"), QStringLiteral("--target"), url,
                     QStringLiteral("--scrape-for"), QStringLiteral("2500ms"), QStringLiteral("--scrape-interval"),
                     QStringLiteral("500ms") },
            &exitCode);
    agent.terminate();
    QVERIFY(agent.waitForFinished(10'000));

    const ResultComparison::Response up = ResultComparison::parse(out);
    QVERIFY2(up.success && up.resultType == QStringLiteral("vector"), out.constData());
    QCOMPARE(up.series.size(), qsizetype(1));
    QCOMPARE(
        up.series[0].labels, QStringLiteral("{__name__=\"up\",instance=\"%1\",job=\"opsdeck\"}").arg(address));
    QCOMPARE(up.series[0].rawValues, QStringList { QStringLiteral("1") });
    QCOMPARE(exitCode, 0);
    const ResultComparison::Response rate = ResultComparison::parse(cpu);
    QVERIFY2(rate.success && rate.series.size() == 1 && rate.series[0].values[0] > 0, cpu.constData());
}

QTEST_GUILESS_MAIN(TestQueryConformance)
#include "tst_query_conformance.moc"
