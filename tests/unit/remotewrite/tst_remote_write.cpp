// Remote write's pure parts and one sender against a loopback receiver.
#include "EngineConfigFile.h"
#include "remotewrite/RemoteWriteEncoder.h"
#include "remotewrite/RemoteWriteSender.h"
#include "remotewrite/RemoteWriteService.h"
#include "remotewrite/SampleQueue.h"
#include "ServiceThread.h"

#include "remote.pb.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QMutex>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <bit>
#include <cmath>

using namespace opsdeck;
using namespace opsdeck::remotewrite;

namespace {

std::vector<metrics::AppendedSample> samples(qint64 fromTs, int n, metrics::SeriesRef ref = 0)
{
    std::vector<metrics::AppendedSample> out;
    for (int i = 0; i < n; ++i)
        out.push_back({ fromTs + i, double(fromTs + i), ref });
    return out;
}

QString dump(const QList<config::ConfigIssue>& issues)
{
    QStringList lines;
    for (const config::ConfigIssue& i : issues)
        lines.append(i.toString());
    return lines.join(u'\n');
}

} // namespace

class TestRemoteWrite : public QObject
{
    Q_OBJECT

private slots:
    void encoderDecodesAsPrompb()
    {
        RemoteWriteEncoder encoder;
        const metrics::Labels a { { "__name__", "node_load1" }, { "instance", "h1:9100" }, { "job", "node" } };
        const metrics::Labels b { { "__name__", "up" }, { "instance", "h1:9100" }, { "job", "node" } };
        // Interleaved as a round appends them; grouped by series in first-seen order.
        const std::vector<metrics::AppendedSample> batch { { 1000, 0.5, 7 }, { 1000, 1, 9 }, { 2000, 0.75, 7 },
            { 2000, metrics::staleNaN(), 9 }, { 3000, 1, 11 } };
        const QByteArray raw = encoder.encode(batch, [&](metrics::SeriesRef ref) {
            return ref == 7 ? a : ref == 9 ? b : metrics::Labels(); // 11: gone, left out
        });
        const QByteArray body = RemoteWriteEncoder::compress(raw);
        const std::optional<QByteArray> back = RemoteWriteEncoder::uncompress(body);
        QVERIFY(back);
        QCOMPARE(*back, raw);
        QVERIFY(!RemoteWriteEncoder::uncompress("not snappy at all"));

        prometheus::WriteRequest request;
        QVERIFY(request.ParseFromArray(back->constData(), int(back->size())));
        QCOMPARE(request.timeseries_size(), 2);
        const prometheus::TimeSeries& first = request.timeseries(0);
        QCOMPARE(first.labels_size(), 3);
        QCOMPARE(first.labels(0).name(), std::string("__name__"));
        QCOMPARE(first.labels(0).value(), std::string("node_load1"));
        QCOMPARE(first.labels(2).name(), std::string("job"));
        QCOMPARE(first.samples_size(), 2);
        QCOMPARE(first.samples(0).timestamp(), 1000);
        QCOMPARE(first.samples(1).value(), 0.75);
        const prometheus::TimeSeries& second = request.timeseries(1);
        QCOMPARE(second.labels(0).value(), std::string("up"));
        QCOMPARE(second.samples_size(), 2);
        // The stale marker keeps its exact bits.
        QCOMPARE(std::bit_cast<std::uint64_t>(second.samples(1).value()), metrics::kStaleNaNBits);

        // The message is reused: a second, smaller request carries nothing of the first.
        const QByteArray again = encoder.encode(QList<RemoteWriteEncoder::Series> { { a, { { 5000, 2.0 } } } });
        prometheus::WriteRequest second2;
        QVERIFY(second2.ParseFromArray(again.constData(), int(again.size())));
        QCOMPARE(second2.timeseries_size(), 1);
        QCOMPARE(second2.timeseries(0).samples_size(), 1);
        QCOMPARE(second2.timeseries(0).samples(0).timestamp(), 5000);
    }

    void retryClassification()
    {
        using retry::Outcome;
        QCOMPARE(retry::classify(200), Outcome::Sent);
        QCOMPARE(retry::classify(204), Outcome::Sent);
        QCOMPARE(retry::classify(0), Outcome::Retryable); // no answer
        QCOMPARE(retry::classify(429), Outcome::Retryable);
        QCOMPARE(retry::classify(500), Outcome::Retryable);
        QCOMPARE(retry::classify(503), Outcome::Retryable);
        QCOMPARE(retry::classify(400), Outcome::Permanent);
        QCOMPARE(retry::classify(401), Outcome::Permanent);
        QCOMPARE(retry::classify(404), Outcome::Permanent);
        QCOMPARE(retry::classify(413), Outcome::Permanent);
        QueueConfig q;
        q.minBackoffMs = 30;
        q.maxBackoffMs = 5000;
        QCOMPARE(retry::backoffMs(q, 1), 30);
        QCOMPARE(retry::backoffMs(q, 2), 60);
        QCOMPARE(retry::backoffMs(q, 5), 480);
        QCOMPARE(retry::backoffMs(q, 8), 3840);
        QCOMPARE(retry::backoffMs(q, 9), 5000);
        QCOMPARE(retry::backoffMs(q, 1000), 5000);
        QCOMPARE(retry::retryAfterMs(" 7 "), 7000);
        QCOMPARE(retry::retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT"), std::nullopt);
        QCOMPARE(retry::retryAfterMs(""), std::nullopt);
    }

    void queueDropsOldest()
    {
        SampleQueue q(10);
        QCOMPARE(q.push(samples(100, 7)), 0);
        QCOMPARE(q.push(samples(107, 7)), 4); // 14 > 10: the four oldest go
        QCOMPARE(q.size(), 10);
        std::vector<metrics::AppendedSample> out;
        QCOMPARE(q.take(out, 3), 3);
        QCOMPARE(out.front().timestampMs, 104);
        QCOMPARE(q.take(out, 100), 7);
        QCOMPARE(out.size(), std::size_t(10));
        for (std::size_t i = 0; i < out.size(); ++i) {
            QCOMPARE(out[i].timestampMs, qint64(104 + i));
            QCOMPARE(out[i].value, double(104 + i));
        }
        QCOMPARE(q.size(), 0);
        // More than the capacity in one push: only the newest stay.
        QCOMPARE(q.push(samples(1000, 25)), 15);
        out.clear();
        q.take(out, 100);
        QCOMPARE(out.front().timestampMs, 1015);
        QCOMPARE(out.back().timestampMs, 1024);
        // Timestamps far apart in one push (explicit ones) keep their exact values.
        SampleQueue wide(100);
        wide.push({ { 0, 1, 1 }, { qint64(1) << 40, 2, 2 }, { -(qint64(1) << 40), 3, 3 } });
        out.clear();
        wide.take(out, 10);
        QCOMPARE(out.size(), std::size_t(3));
        QCOMPARE(out[1].timestampMs, qint64(1) << 40);
        QCOMPARE(out[2].timestampMs, -(qint64(1) << 40));
        QCOMPARE(out[2].ref, metrics::SeriesRef(3));
    }

    void writeRelabel()
    {
        const QList<WriteRelabelRule> rules { { WriteRelabelRule::Action::Drop, QStringLiteral("go_.*") },
            { WriteRelabelRule::Action::Keep, QStringLiteral("node_.*|up|go_info") } };
        QVERIFY(RemoteWriteService::passes(rules, "node_load1"));
        QVERIFY(RemoteWriteService::passes(rules, "up"));
        QVERIFY(!RemoteWriteService::passes(rules, "go_info")); // dropped by the first rule
        QVERIFY(!RemoteWriteService::passes(rules, "scrape_duration_seconds"));
        QVERIFY(!RemoteWriteService::passes(rules, "xnode_load1")); // anchored
        QVERIFY(!RemoteWriteService::passes(rules, "upx"));
        QVERIFY(RemoteWriteService::passes({}, "anything"));
    }

    void configSection()
    {
        QTemporaryDir dir;
        QFile token(dir.filePath(QStringLiteral("rw.token")));
        QVERIFY(token.open(QIODevice::WriteOnly));
        token.write("tok-rw\n");
        token.close();
        const QByteArray yaml = "remote_write:\n"
                                "  - url: http://127.0.0.1:9090/api/v1/write\n"
                                "  - url: https://mimir.example/api/v1/push\n"
                                "    name: mimir\n"
                                "    remote_timeout: 10s\n"
                                "    bearer_token_file: rw.token\n"
                                "    insecure: true\n"
                                "    queue: {capacity: 1000, max_samples_per_send: 100, batch_send_deadline: 1s,\n"
                                "            min_backoff: 10ms, max_backoff: 1s}\n"
                                "    write_relabel:\n"
                                "      - {action: drop, regex: 'go_.*'}\n";
        QList<config::ConfigIssue> issues;
        const auto c = EngineConfigFile::parse(yaml, dir.filePath(QStringLiteral("opsdeck.yml")), &issues);
        QVERIFY2(c, qPrintable(dump(issues)));
        QCOMPARE(c->remoteWrite.size(), 2);
        const RemoteWriteConfig& local = c->remoteWrite[0];
        QCOMPARE(local.name, QStringLiteral("127.0.0.1:9090"));
        QCOMPARE(local.timeoutMs, 30'000);
        QCOMPARE(local.queue, QueueConfig());
        const RemoteWriteConfig& mimir = c->remoteWrite[1];
        QCOMPARE(mimir.name, QStringLiteral("mimir"));
        QCOMPARE(mimir.timeoutMs, 10'000);
        QCOMPARE(mimir.bearerToken, QStringLiteral("tok-rw"));
        QVERIFY(mimir.insecure);
        QCOMPARE(mimir.queue.capacity, 1000);
        QCOMPARE(mimir.queue.maxSamplesPerSend, 100);
        QCOMPARE(mimir.queue.batchSendDeadlineMs, 1000);
        QCOMPARE(mimir.queue.minBackoffMs, 10);
        QCOMPARE(mimir.queue.maxBackoffMs, 1000);
        QCOMPARE(mimir.writeRelabel.size(), 1);
        QCOMPARE(mimir.writeRelabel[0].action, WriteRelabelRule::Action::Drop);
    }

    void configErrors_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("part");
        QTest::newRow("not a list") << QByteArray("remote_write: {url: x}\n") << 1
                                    << QStringLiteral("must be a list");
        QTest::newRow("no url") << QByteArray("remote_write:\n  - name: a\n") << 2
                                << QStringLiteral("at least \"url\"");
        QTest::newRow("scheme") << QByteArray("remote_write:\n  - url: ftp://h/x\n") << 2
                                << QStringLiteral("http:// or https://");
        QTest::newRow("unknown") << QByteArray("remote_write:\n  - url: http://h/x\n    queue_config: {}\n") << 3
                                 << QStringLiteral("unknown field \"queue_config\"");
        QTest::newRow("capacity") << QByteArray(
            "remote_write:\n  - url: http://h/x\n    queue:\n      capacity: -1\n")
                                  << 4 << QStringLiteral("whole number");
        QTest::newRow("deadline") << QByteArray(
            "remote_write:\n  - url: http://h/x\n    queue:\n      batch_send_deadline: soon\n")
                                  << 4 << QStringLiteral("invalid duration");
        QTest::newRow("action") << QByteArray(
            "remote_write:\n  - url: http://h/x\n    write_relabel:\n      - {action: replace, regex: a}\n")
                                << 4 << QStringLiteral("keep or drop");
        QTest::newRow("regex") << QByteArray(
            "remote_write:\n  - url: http://h/x\n    write_relabel:\n      - {action: keep, regex: '('}\n")
                               << 4 << QStringLiteral("invalid regular expression");
        QTest::newRow("same name") << QByteArray("remote_write:\n  - url: http://h/x\n  - url: http://h/y\n") << 3
                                   << QStringLiteral("named \"h\"");
        QTest::newRow("token file") << QByteArray(
            "remote_write:\n  - url: http://h/x\n    bearer_token_file: nope\n")
                                    << 3 << QStringLiteral("cannot read \"bearer_token_file\"");
    }
    void configErrors()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(int, line);
        QFETCH(QString, part);
        QList<config::ConfigIssue> issues;
        QVERIFY(!EngineConfigFile::parse(yaml, QStringLiteral("/tmp/opsdeck.yml"), &issues));
        const auto it
            = std::find_if(issues.cbegin(), issues.cend(), [](const config::ConfigIssue& i) { return i.fatal; });
        QVERIFY2(it != issues.cend(), qPrintable(dump(issues)));
        QVERIFY2(it->message.contains(part), qPrintable(dump(issues)));
        QCOMPARE(it->line, line);
    }

    // One sender against a loopback receiver: 500 and 429 are retried with the
    // same samples, 400 drops the batch, 2xx counts them sent; the headers are
    // remote write's.
    void senderRetriesAndGivesUp()
    {
        QHttpServer server;
        QMutex mutex;
        QList<int> answers { 500, 429, 204, 400, 204 };
        QList<QByteArray> bodies;
        QList<QByteArray> encodings, types, versions;
        server.route(QStringLiteral("/api/v1/write"), QHttpServerRequest::Method::Post,
            [&](const QHttpServerRequest& request) {
                QMutexLocker lock(&mutex);
                bodies.append(request.body());
                encodings.append(request.value("Content-Encoding"));
                types.append(request.value("Content-Type"));
                versions.append(request.value("X-Prometheus-Remote-Write-Version"));
                const int status = answers.isEmpty() ? 204 : answers.takeFirst();
                return QHttpServerResponse(QHttpServerResponder::StatusCode(status));
            });
        auto* tcp = new QTcpServer;
        QVERIFY(tcp->listen(QHostAddress::LocalHost, 0));
        server.bind(tcp);

        RemoteWriteConfig c;
        c.name = QStringLiteral("test");
        c.url = QStringLiteral("http://127.0.0.1:%1/api/v1/write").arg(tcp->serverPort());
        c.queue.capacity = 1000;
        c.queue.maxSamplesPerSend = 10;
        c.queue.batchSendDeadlineMs = 100;
        c.queue.minBackoffMs = 10;
        c.queue.maxBackoffMs = 40;
        auto state = std::make_shared<RemoteState>(c, QStringLiteral("http://127.0.0.1"));
        auto labels = std::make_shared<LabelCache>();
        labels->put(0, metrics::Labels { { "__name__", "a" } });
        ServiceThread<RemoteWriteSender> thread(QStringLiteral("test-remote-write"));
        thread.start(
            new RemoteWriteSender(state, labels, nullptr), [](RemoteWriteSender& s) { s.init(); },
            [](RemoteWriteSender& s) { s.shutdown(); });
        state->queue.push(samples(1000, 10)); // one full batch: sent at once after the retries
        thread.post([](RemoteWriteSender& s) { s.wake(); });
        QTRY_COMPARE_WITH_TIMEOUT(state->counters().samplesSent, quint64(10), 10'000);
        QCOMPARE(state->counters().samplesRetried, quint64(20)); // 500, then 429
        state->queue.push(samples(2000, 5)); // a small batch: goes at the deadline, refused with 400
        QTRY_COMPARE_WITH_TIMEOUT(state->counters().samplesFailed, quint64(5), 10'000);
        state->queue.push(samples(3000, 3));
        QTRY_COMPARE_WITH_TIMEOUT(state->counters().samplesSent, quint64(13), 10'000);
        const RemoteWriteCounters counters = state->counters();
        QCOMPARE(counters.samplesPending, 0);
        QCOMPARE(counters.samplesDropped, quint64(0));
        QCOMPARE(counters.lastHttpStatus, 204);
        QVERIFY(counters.lastError.isEmpty());
        thread.stop();

        QMutexLocker lock(&mutex);
        QCOMPARE(bodies.size(), 5);
        QCOMPARE(bodies[0], bodies[1]); // a retry sends the same samples
        QCOMPARE(bodies[1], bodies[2]);
        for (int i = 0; i < bodies.size(); ++i) {
            QCOMPARE(encodings[i], QByteArray("snappy"));
            QCOMPARE(types[i], QByteArray("application/x-protobuf"));
            QCOMPARE(versions[i], QByteArray("0.1.0"));
        }
        const auto raw = RemoteWriteEncoder::uncompress(bodies[4]);
        QVERIFY(raw);
        prometheus::WriteRequest request;
        QVERIFY(request.ParseFromArray(raw->constData(), int(raw->size())));
        QCOMPARE(request.timeseries(0).samples_size(), 3);
        QCOMPARE(request.timeseries(0).samples(0).timestamp(), 3000);
    }

    // A full buffer during an outage drops the oldest and counts them.
    void droppedCounted()
    {
        RemoteWriteConfig c;
        c.name = QStringLiteral("down");
        c.url = QStringLiteral("http://127.0.0.1:9/api/v1/write"); // discard port: nobody listens
        c.queue.capacity = 100;
        c.queue.maxSamplesPerSend = 50;
        c.queue.minBackoffMs = 1000;
        c.queue.maxBackoffMs = 1000;
        auto state = std::make_shared<RemoteState>(c, QStringLiteral("http://127.0.0.1:9"));
        auto labels = std::make_shared<LabelCache>();
        labels->put(0, metrics::Labels { { "__name__", "a" } });
        ServiceThread<RemoteWriteSender> thread(QStringLiteral("test-remote-write"));
        thread.start(
            new RemoteWriteSender(state, labels, nullptr), [](RemoteWriteSender& s) { s.init(); },
            [](RemoteWriteSender& s) { s.shutdown(); });
        state->queue.push(samples(0, 50));
        thread.post([](RemoteWriteSender& s) { s.wake(); });
        QTRY_VERIFY_WITH_TIMEOUT(state->counters().samplesRetried >= 50, 10'000);
        // 50 in flight (kept for the retry), then 130 more into a buffer of 100.
        state->dropped += quint64(state->queue.push(samples(100, 130)));
        const RemoteWriteCounters counters = state->counters();
        QCOMPARE(counters.samplesDropped, quint64(30));
        QCOMPARE(counters.samplesPending, 150);
        QCOMPARE(counters.samplesSent, quint64(0));
        QVERIFY(!counters.lastError.isEmpty());
        state->abortAtNs.store(0); // no flush at stop: nothing answers
        thread.stop();
    }
};

QTEST_GUILESS_MAIN(TestRemoteWrite)
#include "tst_remote_write.moc"
