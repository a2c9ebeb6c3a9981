#include "RedisServer.h"

#include "redis/RedisClient.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTest>

#include <atomic>
#include <mutex>

using namespace opsdeck;
using namespace opsdeck::redis;
using opsdeck::testsupport::RedisServer;

namespace {

RedisClient::Options optionsFor(int port)
{
    RedisClient::Options options;
    options.endpoint.host = QStringLiteral("127.0.0.1");
    options.endpoint.port = port;
    options.retryInitialMs = 100;
    options.retryMaxMs = 400;
    return options;
}

} // namespace

class TestRedisClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void commandsAndReplies();
    void subscriberReceivesMessages();
    void outageStateAndReconnect();
    void silentPeerTimesOut();

private:
    std::unique_ptr<RedisServer> m_redis;
};

void TestRedisClient::initTestCase()
{
    if (!RedisServer::available())
        QSKIP("redis-server is not installed (scripts/dev deps installs it)");
    m_redis = std::make_unique<RedisServer>();
    QVERIFY2(m_redis->start(), qPrintable(m_redis->errorString()));
}

void TestRedisClient::commandsAndReplies()
{
    RedisClient client(optionsFor(m_redis->port()));
    QCOMPARE(client.state().text(), QStringLiteral("off"));
    // Not started: a Failure at once, not a hang.
    QVERIFY(client.call({ "PING" }, 1000).isFailure());
    client.start();
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), 5000);
    QCOMPARE(client.state().text(), QStringLiteral("connected"));
    QVERIFY(client.state().clientId > 0);

    QVERIFY(client.call({ "PING" }, 1000).isStatus("PONG"));
    const QByteArray binary("a\0b\r\n", 5);
    QVERIFY(client.call({ "SET", "client:bin", binary }, 1000).isStatus("OK"));
    RedisReply reply = client.call({ "GET", "client:bin" }, 1000);
    QVERIFY(reply.isString());
    QCOMPARE(reply.str, binary);
    QVERIFY(client.call({ "GET", "client:missing" }, 1000).isNil());
    reply = client.call({ "INCRBY", "client:n", "5" }, 1000);
    QCOMPARE(reply.type, RedisReply::Type::Integer);
    QCOMPARE(reply.integer, qint64(5));
    reply = client.call({ "RPUSH", "client:list", "x", "y" }, 1000);
    reply = client.call({ "LRANGE", "client:list", "0", "-1" }, 1000);
    QCOMPARE(reply.type, RedisReply::Type::Array);
    QCOMPARE(reply.elements.size(), 2);
    QCOMPARE(reply.elements.at(1).str, QByteArray("y"));
    reply = client.call({ "NOSUCHCOMMAND" }, 1000);
    QVERIFY(reply.isError());
    QVERIFY(reply.failed());
    QVERIFY2(reply.errorText().contains(QLatin1String("unknown command")), reply.str.constData());

    // Fire-and-forget keeps the order of one connection.
    std::atomic<int> done { 0 };
    for (int i = 0; i < 100; ++i)
        client.send({ "RPUSH", "client:ordered", QByteArray::number(i) }, [&done](const RedisReply&) { ++done; });
    client.send({ "DEL", "client:none" });
    QTRY_COMPARE_WITH_TIMEOUT(done.load(), 100, 2000);
    reply = client.call({ "LRANGE", "client:ordered", "0", "-1" }, 1000);
    QCOMPARE(reply.elements.size(), 100);
    for (int i = 0; i < 100; ++i)
        QCOMPARE(reply.elements.at(i).str, QByteArray::number(i));
}

void TestRedisClient::subscriberReceivesMessages()
{
    std::mutex mutex;
    QList<QByteArray> messages;
    RedisClient::Options options = optionsFor(m_redis->port());
    options.name = QStringLiteral("subscriber");
    options.subscribeChannels = { "opsdeck:test:a", "opsdeck:test:b" };
    options.onMessage = [&](const QByteArray& channel, const RedisReply& payload) {
        std::lock_guard lock(mutex);
        messages.append(channel + '=' + payload.str);
    };
    RedisClient subscriber(options);
    subscriber.start();
    QTRY_VERIFY_WITH_TIMEOUT(subscriber.isConnected(), 5000);
    m_redis->cli({ QStringLiteral("PUBLISH"), QStringLiteral("opsdeck:test:a"), QStringLiteral("one") });
    m_redis->cli({ QStringLiteral("PUBLISH"), QStringLiteral("opsdeck:test:b"), QStringLiteral("two") });
    m_redis->cli({ QStringLiteral("PUBLISH"), QStringLiteral("opsdeck:test:c"), QStringLiteral("not ours") });
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            std::lock_guard lock(mutex);
            return messages.size() >= 2;
        }(),
        2000);
    QTest::qWait(100);
    std::lock_guard lock(mutex);
    QCOMPARE(messages, (QList<QByteArray> { "opsdeck:test:a=one", "opsdeck:test:b=two" }));
}

void TestRedisClient::outageStateAndReconnect()
{
    RedisServer victim;
    QVERIFY2(victim.start(), qPrintable(victim.errorString()));
    std::atomic<int> connects { 0 }, disconnects { 0 };
    RedisClient::Options options = optionsFor(victim.port());
    options.onConnected = [&](qint64) { ++connects; };
    options.onDisconnected = [&](const QString&) { ++disconnects; };
    RedisClient client(options);
    client.start();
    QTRY_COMPARE_WITH_TIMEOUT(connects.load(), 1, 5000);

    victim.kill();
    QTRY_COMPARE_WITH_TIMEOUT(disconnects.load(), 1, 2000);
    QTRY_VERIFY_WITH_TIMEOUT(client.state().reason.contains(QLatin1String("refused")), 2000);
    const QString text = client.state().text();
    static const QRegularExpression shape(
        QStringLiteral("^unreachable since \\d\\d:\\d\\d:\\d\\d: Connection refused, retrying in \\d+ (ms|s)$"));
    QVERIFY2(shape.match(text).hasMatch(), qPrintable(text));
    // The outage keeps its start time while retries fail.
    const QDateTime since = client.state().since;
    QTest::qWait(500);
    QCOMPARE(client.state().since, since);
    QElapsedTimer timer;
    timer.start();
    const RedisReply reply = client.call({ "PING" }, 1000);
    QVERIFY(reply.isFailure());
    QVERIFY2(reply.errorText().startsWith(QLatin1String("not connected")), reply.str.constData());
    QVERIFY(timer.elapsed() < 100);

    QVERIFY2(victim.restart(), qPrintable(victim.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), 5000);
    QCOMPARE(connects.load(), 2);
    QVERIFY(client.call({ "PING" }, 1000).isStatus("PONG"));
}

void TestRedisClient::silentPeerTimesOut()
{
    // Accepts connections and never answers: the connect handshake times out, state says so.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    RedisClient::Options options = optionsFor(silent.serverPort());
    options.connectTimeoutMs = 200;
    RedisClient client(options);
    client.start();
    QTRY_VERIFY_WITH_TIMEOUT(client.state().reason.contains(QLatin1String("timeout")), 3000);
    QVERIFY2(client.state().text().contains(QLatin1String("no answer within 200 ms of connecting")),
        qPrintable(client.state().text()));
    QVERIFY(!client.isConnected());
}

QTEST_GUILESS_MAIN(TestRedisClient)
#include "tst_redis_client.moc"
