// Parse and encode throughput for the text exposition format. Prints figures
// (samples/s, ns/sample); asserts only correctness, never timings, since the
// machine is shared.
#include "Fixtures.h"
#include "metrics/ExpositionEncoder.h"
#include "metrics/ExpositionParser.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <cstdio>
#include <ctime>

using namespace opsdeck::metrics;

namespace {

// CPU time of this thread: what the ingest goal compares (CPU per sample),
// and far steadier than wall time on cores shared with parallel builds.
qint64 threadCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// 100k samples shaped like a busy service: a few families, several labels,
// histograms, some escapes, some timestamps.
QByteArray synthetic(int targetSamples)
{
    QByteArray out;
    out.reserve(qsizetype(targetSamples) * 110);
    int n = 0;
    out += "# HELP app_http_requests_total Requests.\n# TYPE app_http_requests_total counter\n";
    for (int i = 0; n < targetSamples * 4 / 10; ++i, ++n)
        out += "app_http_requests_total{code=\"" + QByteArray::number(200 + i % 5) + "\",handler=\"/api/v1/item/"
            + QByteArray::number(i / 5) + "\",instance=\"10.0.0." + QByteArray::number(i % 250)
            + ":9100\",method=\"GET\"} " + QByteArray::number(i * 17) + '\n';
    out += "# HELP app_latency_seconds Latency.\n# TYPE app_latency_seconds histogram\n";
    static const char* les[] = { "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf" };
    for (int i = 0; n < targetSamples * 8 / 10; ++i) {
        const QByteArray handler = "/api/v1/item/" + QByteArray::number(i);
        for (const char* le : les) {
            out += "app_latency_seconds_bucket{handler=\"" + handler + "\",le=\"" + le + "\"} "
                + QByteArray::number(i * 3) + '\n';
            ++n;
        }
        out += "app_latency_seconds_sum{handler=\"" + handler + "\"} " + QByteArray::number(i * 0.37, 'g', 17)
            + '\n';
        out += "app_latency_seconds_count{handler=\"" + handler + "\"} " + QByteArray::number(i * 3) + '\n';
        n += 2;
    }
    out += "# HELP app_queue_depth Depth.\n# TYPE app_queue_depth gauge\n";
    for (int i = 0; n < targetSamples; ++i, ++n)
        out += "app_queue_depth{queue=\"q\\\"" + QByteArray::number(i) + "\\\"\",shard=\""
            + QByteArray::number(i % 16) + "\"} " + QByteArray::number(i * 1.25, 'g', 17) + ' '
            + QByteArray::number(1700000000000LL + i) + '\n';
    return out;
}

struct Figures
{
    double nsPerSample = 0;
    double samplesPerSecond = 0;
    double mbPerSecond = 0;
};

// Repeats until ~1.5 s have passed and reports the best round (thread CPU time).
Figures measureParse(const QByteArray& body, qsizetype expectedSamples)
{
    double best = 1e300;
    QElapsedTimer total;
    total.start();
    int rounds = 0;
    while (total.elapsed() < 1500 || rounds < 3) {
        const qint64 t0 = threadCpuNs();
        const ParseResult r = ExpositionParser::parse(body, ExpositionFormat::Prometheus);
        const double ns = double(threadCpuNs() - t0);
        if (!r.ok || r.sampleCount != expectedSamples)
            qFatal("bench parse failed: %s", qPrintable(r.error.toString()));
        best = std::min(best, ns);
        ++rounds;
    }
    return { best / double(expectedSamples), double(expectedSamples) / (best / 1e9),
        double(body.size()) / best * 1e3 };
}

void print(const char* what, qsizetype samples, qsizetype bytes, const Figures& f)
{
    std::printf("BENCH %-34s %8lld samples %9lld bytes  %7.1f ns/sample  %6.2f M samples/s  %6.1f MB/s (thread "
                "CPU time)\n",
        what, qlonglong(samples), qlonglong(bytes), f.nsPerSample, f.samplesPerSecond / 1e6, f.mbPerSecond);
    std::fflush(stdout);
}

} // namespace

class BenchExposition : public QObject
{
    Q_OBJECT

private slots:
    void parseNodeExporter()
    {
        const QByteArray one = opsdeck::testsupport::readExpositionFixture(QStringLiteral("node_exporter.prom"));
        const ParseResult r1 = ExpositionParser::parse(one);
        QVERIFY(r1.ok);
        // Repeated as separate scrapes (each a realistic body), and as one
        // long body of 50 copies (families merge, as interleaved samples do).
        const Figures single = measureParse(one, r1.sampleCount);
        print("node_exporter (1 scrape)", r1.sampleCount, one.size(), single);
        QByteArray rest = one;
        rest.replace("# HELP ", "# help ").replace("# TYPE ", "# type "); // plain comments: no duplicate TYPE
        const QByteArray many = one + rest.repeated(49);
        const Figures repeated = measureParse(many, r1.sampleCount * 50);
        print("node_exporter x50 (one body)", r1.sampleCount * 50, many.size(), repeated);
    }

    void parseSynthetic100k()
    {
        const QByteArray body = synthetic(100'000);
        const ParseResult r = ExpositionParser::parse(body);
        QVERIFY2(r.ok, qPrintable(r.error.toString()));
        QCOMPARE(r.sampleCount, 100'000);
        print("synthetic 100k", r.sampleCount, body.size(), measureParse(body, r.sampleCount));
    }

    void encodeSynthetic100k()
    {
        const ParseResult r = ExpositionParser::parse(synthetic(100'000));
        QVERIFY(r.ok);
        double best = 1e300;
        qsizetype bytes = 0;
        for (int i = 0; i < 5; ++i) {
            const qint64 t0 = threadCpuNs();
            const QByteArray text = ExpositionEncoder::encode(r.families);
            best = std::min(best, double(threadCpuNs() - t0));
            bytes = text.size();
        }
        print("encode synthetic 100k", r.sampleCount, bytes,
            { best / double(r.sampleCount), double(r.sampleCount) / (best / 1e9), double(bytes) / best * 1e3 });
    }
};

QTEST_GUILESS_MAIN(BenchExposition)
#include "tst_exposition_bench.moc"
