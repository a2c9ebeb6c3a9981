#include "RedisServer.h"

#include "cache/MemoryCache.h"
#include "cache/MultiLevelCache.h"
#include "cache/RedisCacheLevel.h"
#include "redis/RedisClient.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace opsdeck;
using namespace opsdeck::cache;
using opsdeck::testsupport::RedisServer;

namespace {

redis::RedisEndpoint endpointFor(int port, const QString& password = {})
{
    redis::RedisEndpoint endpoint;
    endpoint.host = QStringLiteral("127.0.0.1");
    endpoint.port = port;
    endpoint.password = password;
    return endpoint;
}

RedisCacheLevel::Options fastOptions(const redis::RedisEndpoint& endpoint, const QString& name)
{
    RedisCacheLevel::Options options;
    options.endpoint = endpoint;
    options.name = name;
    options.retryMaxMs = 300;
    options.breakerInitialMs = 200;
    options.breakerMaxMs = 1000;
    options.generationPollMs = 2000;
    return options;
}

// One "console": its own L1, the shared L2, and the lookup over both, wired as the engine wires them.
struct Console
{
    explicit Console(const redis::RedisEndpoint& endpoint, const QString& name, bool withLease = false)
        : l1(MemoryCache::Options {})
    {
        RedisCacheLevel::Options options = fastOptions(endpoint, name);
        options.onInvalidated = [this](const QList<QByteArray>& keys) {
            for (const QByteArray& key : keys)
                l1.remove(key);
            invalidated += int(keys.size());
        };
        options.onCoherenceLost = [this]() {
            l1.clear();
            ++coherenceLost;
        };
        l2 = std::make_unique<RedisCacheLevel>(options);
        MultiLevelCache::Options cacheOptions;
        cacheOptions.xfetchBeta = 0.0;
        cacheOptions.ttlJitter = 0.0;
        if (withLease)
            cacheOptions.lease = l2.get();
        cache = std::make_unique<MultiLevelCache>(QList<CacheLevel*> { &l1, l2.get() }, cacheOptions);
        l2->start();
    }
    MemoryCache l1;
    std::unique_ptr<RedisCacheLevel> l2;
    std::unique_ptr<MultiLevelCache> cache;
    std::atomic<int> invalidated { 0 };
    std::atomic<int> coherenceLost { 0 };
};

CachedValue valueOf(const QByteArray& bytes, qint64 ttlMs, qint64 computeMs = 7)
{
    return { bytes, ttlMs > 0 ? QDateTime::currentMSecsSinceEpoch() + ttlMs : 0, computeMs };
}

} // namespace

class TestRedisCacheLevel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTripAndTtl();
    void longKeysCollisionsAndMalformedValues();
    void wrongPasswordGivesClearState();
    void tlsIsRefused();
    void putAndRemoveInvalidateTheOtherConsole();
    void subscriberLossIsNoticedAndTrackingRearmed();
    void generationBumpIsSeenByTheOther();
    void killedRedisIsSkippedQuicklyAndRecovers();
    void garbagePeerOpensTheBreaker();
    void leaseComputesOnceAcrossConsoles();

private:
    std::unique_ptr<RedisServer> m_redis;
};

void TestRedisCacheLevel::initTestCase()
{
    if (!RedisServer::available())
        QSKIP("redis-server is not installed (scripts/dev deps installs it)");
    m_redis = std::make_unique<RedisServer>();
    QVERIFY2(m_redis->start(), qPrintable(m_redis->errorString()));
}

void TestRedisCacheLevel::roundTripAndTtl()
{
    RedisCacheLevel level(fastOptions(endpointFor(m_redis->port()), QStringLiteral("roundtrip")));
    QCOMPARE(level.stateText(), QStringLiteral("L2 Redis: off"));
    level.start();
    QTRY_VERIFY_WITH_TIMEOUT(level.isReady(), 5000);
    QCOMPARE(level.stateText(), QStringLiteral("L2 Redis: connected to 127.0.0.1:%1").arg(m_redis->port()));

    QVERIFY(!level.get("query:up"));
    const CachedValue stored = valueOf("payload-1", 600, 42);
    level.put("query:up", stored);
    std::optional<CachedValue> hit;
    QTRY_VERIFY_WITH_TIMEOUT((hit = level.get("query:up")).has_value(), 1000);
    QCOMPARE(hit->value, QByteArray("payload-1"));
    QCOMPARE(hit->expiresAtMs, stored.expiresAtMs);
    QCOMPARE(hit->computeMs, qint64(42));

    // Written with PX: Redis expires it by itself too.
    const QByteArray redisKey = RedisCacheLevel::redisKey(level.generation(), "query:up");
    const int pttl = m_redis->cli({ QStringLiteral("PTTL"), QString::fromUtf8(redisKey) }).toInt();
    QVERIFY2(pttl > 0 && pttl <= 600, qPrintable(QString::number(pttl)));
    QTRY_VERIFY_WITH_TIMEOUT(!level.get("query:up"), 2000);
    QCOMPARE(m_redis->cli({ QStringLiteral("EXISTS"), QString::fromUtf8(redisKey) }), QStringLiteral("0"));

    // No expiry: no PX.
    level.put("query:forever", valueOf("f", 0));
    QTRY_VERIFY_WITH_TIMEOUT(level.get("query:forever").has_value(), 1000);
    QCOMPARE(m_redis->cli({ QStringLiteral("PTTL"),
                 QString::fromUtf8(RedisCacheLevel::redisKey(level.generation(), "query:forever")) }),
        QStringLiteral("-1"));

    // remove is asynchronous too.
    level.remove("query:forever");
    QTRY_VERIFY_WITH_TIMEOUT(!level.get("query:forever"), 1000);

    const LevelStats stats = level.stats();
    QCOMPARE(stats.level, QStringLiteral("L2 Redis"));
    QVERIFY(stats.hits >= 2);
    QVERIFY(stats.misses >= 2);
    QCOMPARE(level.redisStats().errors, qint64(0));
}

void TestRedisCacheLevel::longKeysCollisionsAndMalformedValues()
{
    RedisCacheLevel level(fastOptions(endpointFor(m_redis->port()), QStringLiteral("format")));
    level.start();
    QTRY_VERIFY_WITH_TIMEOUT(level.isReady(), 5000);

    const QByteArray longKey = "range:" + QByteArray(400, 'x');
    const QByteArray redisKey = RedisCacheLevel::redisKey(level.generation(), longKey);
    QVERIFY2(redisKey.size() < 100 && redisKey.contains(":h:"), redisKey.constData());
    level.put(longKey, valueOf("long", 5000));
    QTRY_VERIFY_WITH_TIMEOUT(level.get(longKey).has_value(), 1000);

    // Another key's value under this key's hashed name (a collision): a miss, never that value.
    redis::RedisClient::Options raw;
    raw.endpoint = endpointFor(m_redis->port());
    redis::RedisClient client(raw);
    client.start();
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), 5000);
    redis::RedisReply reply = client.call(
        { "SET", redisKey, RedisCacheLevel::encodeValue("range:other", valueOf("wrong", 5000)) }, 1000);
    QVERIFY2(reply.isStatus("OK"), reply.str.constData());
    QVERIFY(!level.get(longKey));
    QCOMPARE(level.redisStats().collisions, qint64(1));

    // Bytes that are not our format: a miss and an error.
    const QByteArray plainKey = RedisCacheLevel::redisKey(level.generation(), "query:bad");
    reply = client.call({ "SET", plainKey, "not a cache value" }, 1000);
    QVERIFY(reply.isStatus("OK"));
    const qint64 errorsBefore = level.redisStats().errors;
    QVERIFY(!level.get("query:bad"));
    QCOMPARE(level.redisStats().errors, errorsBefore + 1);

    // The blocking facade's own timeout: a Failure, not a hang.
    QElapsedTimer timer;
    timer.start();
    reply = client.call({ "BLPOP", "opsdeck:test:never", "1" }, 30);
    QVERIFY(reply.isFailure());
    QVERIFY(reply.timedOut);
    QVERIFY2(timer.elapsed() < 500, qPrintable(QString::number(timer.elapsed())));
}

void TestRedisCacheLevel::wrongPasswordGivesClearState()
{
    RedisServer secured({ QStringLiteral("--requirepass"), QStringLiteral("right-password") });
    QVERIFY2(secured.start(), qPrintable(secured.errorString()));
    RedisCacheLevel wrong(
        fastOptions(endpointFor(secured.port(), QStringLiteral("wrong")), QStringLiteral("wrong")));
    wrong.start();
    QTRY_VERIFY_WITH_TIMEOUT(wrong.stateText().contains(QLatin1String("WRONGPASS")), 5000);
    QVERIFY2(wrong.stateText().startsWith(QLatin1String("L2 Redis: unreachable since ")),
        qPrintable(wrong.stateText()));
    QVERIFY2(wrong.stateText().contains(QLatin1String("AUTH failed")), qPrintable(wrong.stateText()));
    QVERIFY(!wrong.stateText().contains(QLatin1String("right-password")));
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!wrong.get("k"));
    QVERIFY(timer.elapsed() < 50);

    RedisCacheLevel right(
        fastOptions(endpointFor(secured.port(), QStringLiteral("right-password")), QStringLiteral("right")));
    right.start();
    QTRY_VERIFY_WITH_TIMEOUT(right.isReady(), 5000);
    right.put("k", valueOf("v", 5000));
    QTRY_VERIFY_WITH_TIMEOUT(right.get("k").has_value(), 1000);

    // AUTH with a user (Redis 6 ACL), parsed from a URL as an operator writes it.
    bool ok = false;
    secured.cli(
        { QStringLiteral("ACL"), QStringLiteral("SETUSER"), QStringLiteral("opsdeck"), QStringLiteral("on"),
            QStringLiteral(">user-pw"), QStringLiteral("~*"), QStringLiteral("&*"), QStringLiteral("+@all") },
        &ok);
    QVERIFY(ok);
    QString error;
    const auto endpoint = redis::parseRedisUrl(
        QStringLiteral("redis://opsdeck:user-pw@127.0.0.1:%1/2").arg(secured.port()), &error);
    QVERIFY2(endpoint, qPrintable(error));
    RedisCacheLevel user(fastOptions(*endpoint, QStringLiteral("acl-user")));
    user.start();
    QTRY_VERIFY_WITH_TIMEOUT(user.isReady(), 5000);
    user.put("k2", valueOf("in db 2", 5000));
    QTRY_VERIFY_WITH_TIMEOUT(user.get("k2").has_value(), 1000);
    // SELECT 2 took effect: the key is in database 2, not 0.
    const QString key = QString::fromUtf8(RedisCacheLevel::redisKey(user.generation(), "k2"));
    QCOMPARE(secured.cli({ QStringLiteral("-n"), QStringLiteral("2"), QStringLiteral("EXISTS"), key }),
        QStringLiteral("1"));
    QCOMPARE(secured.cli({ QStringLiteral("EXISTS"), key }), QStringLiteral("0"));
}

void TestRedisCacheLevel::tlsIsRefused()
{
    redis::RedisEndpoint endpoint = endpointFor(m_redis->port());
    endpoint.tls = true;
    RedisCacheLevel level(fastOptions(endpoint, QStringLiteral("tls")));
    level.start();
    QTRY_VERIFY_WITH_TIMEOUT(level.stateText().contains(QLatin1String(redis::kRedisTlsUnavailable)), 2000);
    QVERIFY(!level.get("k"));
}

void TestRedisCacheLevel::putAndRemoveInvalidateTheOtherConsole()
{
    Console a(endpointFor(m_redis->port()), QStringLiteral("console-a"));
    Console b(endpointFor(m_redis->port()), QStringLiteral("console-b"));
    QTRY_VERIFY_WITH_TIMEOUT(a.l2->isReady() && a.l2->isCoherent(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(b.l2->isReady() && b.l2->isCoherent(), 5000);

    // B computes, A reads it from L2 into its L1.
    QCOMPARE(b.cache->getOrCompute(
                 "panel:cpu", [] { return std::optional<QByteArray>("v1"); }, 60'000),
        std::optional<QByteArray>("v1"));
    std::optional<QByteArray> seen;
    QTRY_VERIFY_WITH_TIMEOUT((seen = a.cache->get("panel:cpu")) == std::optional<QByteArray>("v1"), 1000);
    QVERIFY(a.l1.peek("panel:cpu"));

    // B writes a new value: A's L1 copy is dropped through the invalidation, and A then reads v2.
    QElapsedTimer timer;
    timer.start();
    b.cache->put("panel:cpu", "v2", 60'000);
    QTRY_VERIFY_WITH_TIMEOUT(!a.l1.peek("panel:cpu"), 1000);
    qInfo("invalidation reached the other console after %lld ms", qint64(timer.elapsed()));
    // A get that read v1 just before B's write fills A's L1 just after the invalidation:
    // the repeated invalidation removes that stale copy too.
    a.l1.put("panel:cpu", { "v1", QDateTime::currentMSecsSinceEpoch() + 60'000, 0 });
    QTRY_VERIFY_WITH_TIMEOUT(!a.l1.peek("panel:cpu"), 1000);
    QCOMPARE(a.cache->get("panel:cpu"), std::optional<QByteArray>("v2"));
    QVERIFY(a.invalidated >= 1);
    // NOLOOP: B's own write did not invalidate B.
    QVERIFY(b.l1.peek("panel:cpu"));
    QCOMPARE(b.invalidated.load(), 0);

    // B removes it: A's L1 copy goes too.
    QVERIFY(a.l1.peek("panel:cpu"));
    b.cache->invalidate("panel:cpu");
    QTRY_VERIFY_WITH_TIMEOUT(!a.l1.peek("panel:cpu"), 1000);
    QVERIFY(!a.cache->get("panel:cpu"));

    // Long (hashed) keys are named in invalidations too, once this console has seen them.
    const QByteArray longKey = "range:" + QByteArray(300, 'y');
    b.cache->put(longKey, "long-1", 60'000);
    QTRY_VERIFY_WITH_TIMEOUT(a.cache->get(longKey) == std::optional<QByteArray>("long-1"), 1000);
    b.cache->put(longKey, "long-2", 60'000);
    QTRY_VERIFY_WITH_TIMEOUT(!a.l1.peek(longKey), 1000);
}

void TestRedisCacheLevel::subscriberLossIsNoticedAndTrackingRearmed()
{
    Console a(endpointFor(m_redis->port()), QStringLiteral("console-a"));
    Console b(endpointFor(m_redis->port()), QStringLiteral("console-b"));
    QTRY_VERIFY_WITH_TIMEOUT(a.l2->isReady() && a.l2->isCoherent(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(b.l2->isReady() && b.l2->isCoherent(), 5000);
    a.cache->put("k", "v1", 60'000);
    QVERIFY(a.l1.peek("k"));
    const int lostBefore = a.coherenceLost;

    bool ok = false;
    const QString killed = m_redis->cli(
        { QStringLiteral("CLIENT"), QStringLiteral("KILL"), QStringLiteral("TYPE"), QStringLiteral("pubsub") },
        &ok);
    QVERIFY2(ok && killed.toInt() >= 2, qPrintable(killed));
    QTRY_VERIFY_WITH_TIMEOUT(a.coherenceLost > lostBefore, 2000);
    QVERIFY(!a.l1.peek("k")); // the owner dropped its L1
    QTRY_VERIFY_WITH_TIMEOUT(a.l2->isCoherent() && b.l2->isCoherent(), 5000);

    // Re-armed: a later write by B reaches A again.
    QCOMPARE(a.cache->get("k"), std::optional<QByteArray>("v1"));
    QVERIFY(a.l1.peek("k"));
    b.cache->put("k", "v2", 60'000);
    QTRY_VERIFY_WITH_TIMEOUT(!a.l1.peek("k"), 1000);
    QCOMPARE(a.cache->get("k"), std::optional<QByteArray>("v2"));
}

void TestRedisCacheLevel::generationBumpIsSeenByTheOther()
{
    Console a(endpointFor(m_redis->port()), QStringLiteral("console-a"));
    Console b(endpointFor(m_redis->port()), QStringLiteral("console-b"));
    QTRY_VERIFY_WITH_TIMEOUT(a.l2->isReady() && b.l2->isReady() && b.l2->isCoherent(), 5000);
    b.cache->put("rule:cpu", "old", 60'000);
    QTRY_VERIFY_WITH_TIMEOUT(a.cache->get("rule:cpu") == std::optional<QByteArray>("old"), 1000);
    const qint64 before = a.l2->generation();
    const int lostBefore = b.coherenceLost;
    a.l2->bumpGeneration();
    QTRY_VERIFY_WITH_TIMEOUT(b.l2->generation() == before + 1, 1000);
    QTRY_VERIFY_WITH_TIMEOUT(b.coherenceLost > lostBefore, 1000);
    QTRY_COMPARE_WITH_TIMEOUT(a.l2->generation(), before + 1, 1000);
    // The old generation's entries are not found any more, by either console.
    QVERIFY(!b.l1.peek("rule:cpu"));
    QVERIFY(!b.cache->get("rule:cpu"));
    QVERIFY(!a.cache->get("rule:cpu"));
}

void TestRedisCacheLevel::killedRedisIsSkippedQuicklyAndRecovers()
{
    RedisServer victim;
    QVERIFY2(victim.start(), qPrintable(victim.errorString()));
    RedisCacheLevel level(fastOptions(endpointFor(victim.port()), QStringLiteral("victim")));
    level.start();
    QTRY_VERIFY_WITH_TIMEOUT(level.isReady(), 5000);
    level.put("k", valueOf("v", 60'000));
    QTRY_VERIFY_WITH_TIMEOUT(level.get("k").has_value(), 1000);

    victim.kill();
    // Nothing blocks: every get answers within the budget, and once the breaker is open at once.
    qint64 worst = 0, worstAfterOpen = 0;
    bool opened = false;
    for (int i = 0; i < 200; ++i) {
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!level.get("k"));
        const qint64 took = timer.elapsed();
        worst = std::max(worst, took);
        if (opened)
            worstAfterOpen = std::max(worstAfterOpen, took);
        opened = opened || level.redisStats().breakerOpen;
        QTest::qWait(2);
    }
    qInfo("after SIGKILL: worst get %lld ms, worst once the breaker was open %lld ms", worst, worstAfterOpen);
    QVERIFY(opened);
    QVERIFY2(worst < 200, qPrintable(QString::number(worst)));
    QVERIFY2(worstAfterOpen < 100, qPrintable(QString::number(worstAfterOpen)));
    QVERIFY(level.redisStats().skipped > 0);
    QTRY_VERIFY_WITH_TIMEOUT(level.stateText().startsWith(QLatin1String("L2 Redis: unreachable since ")), 2000);
    QVERIFY2(level.stateText().contains(QLatin1String("retrying")), qPrintable(level.stateText()));

    QVERIFY2(victim.restart(), qPrintable(victim.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(level.isReady() || (level.get("probe"), false), 10'000);
    level.put("k", valueOf("again", 60'000));
    std::optional<CachedValue> hit;
    QTRY_VERIFY_WITH_TIMEOUT((hit = level.get("k")).has_value(), 2000);
    QCOMPARE(hit->value, QByteArray("again"));
    QCOMPARE(level.stateText(), QStringLiteral("L2 Redis: connected to 127.0.0.1:%1").arg(victim.port()));
}

void TestRedisCacheLevel::garbagePeerOpensTheBreaker()
{
    // A protocol-fault peer: accepts and answers every connection with bytes that are not RESP.
    QTcpServer peer;
    QVERIFY(peer.listen(QHostAddress::LocalHost, 0));
    QObject::connect(&peer, &QTcpServer::newConnection, &peer, [&peer]() {
        while (QTcpSocket* socket = peer.nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket]() {
                socket->readAll();
                socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            });
        }
    });
    RedisCacheLevel level(fastOptions(endpointFor(peer.serverPort()), QStringLiteral("garbage")));
    level.start();
    QTRY_VERIFY_WITH_TIMEOUT(level.stateText().contains(QLatin1String("Protocol error")), 5000);
    for (int i = 0; i < 10; ++i) {
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!level.get("k"));
        QVERIFY(timer.elapsed() < 100);
        QCoreApplication::processEvents();
    }
    QVERIFY(level.redisStats().breakerOpen);
    QVERIFY(level.redisStats().skipped > 0);
    QVERIFY2(level.stateText().startsWith(QLatin1String("L2 Redis: unreachable since ")),
        qPrintable(level.stateText()));
    QVERIFY(!level.isReady());
    QCOMPARE(level.tryAcquire("k", 1000), CacheLease::Result::Unavailable);

    // With Redis unusable the lease is skipped: the lookup computes at once, it does not wait for one.
    MemoryCache l1(MemoryCache::Options {});
    MultiLevelCache::Options cacheOptions;
    cacheOptions.lease = &level;
    MultiLevelCache cache({ &l1, &level }, cacheOptions);
    int computations = 0;
    QElapsedTimer timer;
    timer.start();
    const auto value = cache.getOrCompute("k", [&computations] {
        ++computations;
        return std::optional<QByteArray>("computed");
    });
    QCOMPARE(value, std::optional<QByteArray>("computed"));
    QCOMPARE(computations, 1);
    QVERIFY2(timer.elapsed() < 100, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(cache.stats().leaseWaits, qint64(0));
}

void TestRedisCacheLevel::leaseComputesOnceAcrossConsoles()
{
    Console a(endpointFor(m_redis->port()), QStringLiteral("lease-a"), true);
    Console b(endpointFor(m_redis->port()), QStringLiteral("lease-b"), true);
    QTRY_VERIFY_WITH_TIMEOUT(a.l2->isReady() && b.l2->isReady(), 5000);

    for (int round = 0; round < 3; ++round) {
        const QByteArray key = "forecast:fleet:" + QByteArray::number(round);
        std::atomic<int> computations { 0 };
        std::atomic<int> go { 0 };
        auto compute = [&computations]() -> std::optional<QByteArray> {
            ++computations;
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            return QByteArray("plan");
        };
        std::vector<std::thread> threads;
        std::atomic<int> right { 0 };
        for (int i = 0; i < 8; ++i) {
            MultiLevelCache* cache = i % 2 ? a.cache.get() : b.cache.get();
            threads.emplace_back([&, cache]() {
                ++go;
                while (go < 8)
                    std::this_thread::yield();
                if (cache->getOrCompute(key, compute, 60'000) == std::optional<QByteArray>("plan"))
                    ++right;
            });
        }
        for (std::thread& t : threads)
            t.join();
        QCOMPARE(right.load(), 8);
        QCOMPARE(computations.load(), 1);
    }
    const qint64 waits = a.cache->stats().leaseWaits + b.cache->stats().leaseWaits;
    const qint64 served = a.cache->stats().leaseServed + b.cache->stats().leaseServed;
    QVERIFY(waits >= 1);
    QCOMPARE(served, waits);
    // Released after use: nothing is left behind.
    QCOMPARE(m_redis->cli(
                 { QStringLiteral("EXISTS"), QString::fromUtf8(RedisCacheLevel::leaseKey("forecast:fleet:0")) }),
        QStringLiteral("0"));
}

QTEST_GUILESS_MAIN(TestRedisCacheLevel)
#include "tst_redis_cache_level.moc"
