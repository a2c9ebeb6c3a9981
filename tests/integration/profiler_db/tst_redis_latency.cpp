// RedisLatencyAnalyzer against a real redis-server 7: a DEBUG SLEEP is the
// slow log's newest entry and a LATENCY LATEST event of at least 50 ms; with
// the latency monitor off the report says how to turn it on; a password from
// its file; a closed port is a clear error.
#include "profiler/RedisLatencyAnalyzer.h"
#include "redis/analytics/RedisValue.h"
#include "RedisServer.h"

#include <QFile>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;
using namespace opsdeck::profiler;
using opsdeck::redis::analytics::RedisValue;
using opsdeck::testsupport::RedisServer;

namespace {

DatabaseTarget redisTarget(const QString& url, const QString& passwordFile = {})
{
    DatabaseTarget t;
    t.name = QStringLiteral("sessions");
    t.type = DatabaseTarget::Redis;
    t.url = url;
    t.passwordFile = passwordFile;
    return t;
}

QString dump(const RedisLatencyReport& r)
{
    return r.error + QLatin1Char('\n') + r.notes.join(QLatin1Char('\n'));
}

RedisValue str(const char* s)
{
    RedisValue v;
    v.type = RedisValue::Type::String;
    v.text = s;
    return v;
}

RedisValue integer(qint64 n)
{
    RedisValue v;
    v.type = RedisValue::Type::Integer;
    v.integer = n;
    return v;
}

} // namespace

class TestRedisLatency : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseLatest()
    {
        RedisValue reply;
        reply.type = RedisValue::Type::Array;
        for (const auto& [event, latest, max] :
            { std::tuple { "command", 12, 250 }, std::tuple { "fast-command", 3, 4 } }) {
            RedisValue e;
            e.type = RedisValue::Type::Array;
            e.elements = { str(event), integer(1700000000), integer(latest), integer(max) };
            reply.elements.append(e);
        }
        RedisValue broken;
        broken.type = RedisValue::Type::Array;
        broken.elements = { str("short") };
        reply.elements.append(broken);
        const auto events = parseLatencyLatest(reply);
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[0].first, QStringLiteral("command")); // highest max first
        QCOMPARE(events[0].second.first, 12.0);
        QCOMPARE(events[0].second.second, 250.0);
        QVERIFY(parseLatencyLatest(str("ERR")).isEmpty());
    }

    void debugSleepIsFound()
    {
        if (!RedisServer::available())
            QSKIP("redis-server is not installed");
        RedisServer server({ QStringLiteral("--enable-debug-command"), QStringLiteral("yes") });
        QVERIFY2(server.start(), qPrintable(server.errorString()));

        // The latency monitor is off by default: the report says how to turn it on.
        const RedisLatencyReport before = analyseRedis(redisTarget(server.url()));
        QVERIFY2(before.ok, qPrintable(dump(before)));
        QVERIFY2(
            before.notes.join(QLatin1Char('\n')).contains(QLatin1String("CONFIG SET latency-monitor-threshold")),
            qPrintable(dump(before)));
        QVERIFY(before.latencyEvents.isEmpty());

        bool ok = false;
        server.cli({ QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("slowlog-log-slower-than"),
                       QStringLiteral("0") },
            &ok);
        QVERIFY(ok);
        server.cli({ QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("latency-monitor-threshold"),
                       QStringLiteral("10") },
            &ok);
        QVERIFY(ok);
        server.cli({ QStringLiteral("SET"), QStringLiteral("k"), QStringLiteral("v") }, &ok);
        server.cli({ QStringLiteral("DEBUG"), QStringLiteral("SLEEP"), QStringLiteral("0.05") }, &ok);
        QVERIFY(ok);

        const RedisLatencyReport r = analyseRedis(redisTarget(server.url()), 16);
        QVERIFY2(r.ok, qPrintable(dump(r)));
        QCOMPARE(r.target, QStringLiteral("sessions"));
        QVERIFY(!r.slowlog.isEmpty());
        // Newest first: the DEBUG SLEEP (the CONFIG SETs and SET are older).
        QVERIFY2(
            r.slowlog.first().command.startsWith(QLatin1String("DEBUG")), qPrintable(r.slowlog.first().command));
        QVERIFY2(
            r.slowlog.first().durationUs >= 50'000, qPrintable(QString::number(r.slowlog.first().durationUs)));
        for (qsizetype i = 1; i < r.slowlog.size(); ++i)
            QVERIFY(r.slowlog[i - 1].id > r.slowlog[i].id);
        bool spike = false;
        for (const auto& e : r.latencyEvents)
            spike = spike || e.second.second >= 50;
        QVERIFY2(spike, "no LATENCY LATEST event of at least 50 ms");
        for (const QString& n : r.notes)
            QVERIFY2(!n.contains(QLatin1String("latency-monitor-threshold 0")), qPrintable(n));
        // Redis 7 latency tracking: per-command percentiles, set among them.
        bool set = false;
        for (const auto& c : r.commandPercentilesUs) {
            if (c.first == QLatin1String("set")) {
                set = true;
                QCOMPARE(c.second.size(), 3);
                QVERIFY(c.second[0] >= 0);
            }
        }
        QVERIFY2(set, "INFO latencystats has no figures for SET");
    }

    void passwordFromFile()
    {
        if (!RedisServer::available())
            QSKIP("redis-server is not installed");
        RedisServer server({ QStringLiteral("--requirepass"), QStringLiteral("redis-pw") });
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QTemporaryDir dir;
        const QString good = dir.filePath(QStringLiteral("good.pw"));
        const QString bad = dir.filePath(QStringLiteral("bad.pw"));
        for (const auto& [file, text] : { std::pair { good, "redis-pw\n" }, std::pair { bad, "wrong" } }) {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
        const RedisLatencyReport r = analyseRedis(redisTarget(server.url(), good));
        QVERIFY2(r.ok, qPrintable(dump(r)));
        const RedisLatencyReport refused = analyseRedis(redisTarget(server.url(), bad));
        QVERIFY(!refused.ok);
        QVERIFY2(refused.error.contains(QLatin1String("cannot connect to Redis")), qPrintable(refused.error));
        QVERIFY2(!refused.error.contains(QLatin1String("wrong")), "the password reached the message");
    }

    void closedPort()
    {
        int port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        const RedisLatencyReport r = analyseRedis(redisTarget(QStringLiteral("redis://127.0.0.1:%1").arg(port)));
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(QString::number(port)), qPrintable(r.error));
    }
};

QTEST_GUILESS_MAIN(TestRedisLatency)
#include "tst_redis_latency.moc"
