#include "cache/RedisCacheLevel.h"

#include <QCryptographicHash>
#include <QTest>

using namespace opsdeck::cache;

class TestRedisCacheFormat : public QObject
{
    Q_OBJECT

private slots:
    void keys();
    void roundTrip_data();
    void roundTrip();
    void otherKeyIsACollision();
    void malformed_data();
    void malformed();
};

void TestRedisCacheFormat::keys()
{
    QCOMPARE(RedisCacheLevel::redisKey(0, "q:up"), QByteArray("opsdeck:v1:g0:c:q:up"));
    QCOMPARE(RedisCacheLevel::redisKey(17, "q:up"), QByteArray("opsdeck:v1:g17:c:q:up"));
    const QByteArray atLimit(RedisCacheLevel::kMaxPlainKeyBytes, 'a');
    QCOMPARE(RedisCacheLevel::redisKey(1, atLimit), QByteArray("opsdeck:v1:g1:c:") + atLimit);
    const QByteArray longKey(RedisCacheLevel::kMaxPlainKeyBytes + 1, 'a');
    QCOMPARE(RedisCacheLevel::redisKey(1, longKey),
        QByteArray("opsdeck:v1:g1:h:") + QCryptographicHash::hash(longKey, QCryptographicHash::Sha256).toHex());
    QCOMPARE(RedisCacheLevel::leaseKey("q:up"), QByteArray("opsdeck:v1:lease:c:q:up"));
    QVERIFY(RedisCacheLevel::leaseKey(longKey).startsWith("opsdeck:v1:lease:h:"));
}

void TestRedisCacheFormat::roundTrip_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expires");
    QTest::addColumn<qint64>("computeMs");
    QTest::newRow("plain") << QByteArray("k") << QByteArray("v") << qint64(1'765'000'000'000) << qint64(12);
    QTest::newRow("empty value") << QByteArray("k") << QByteArray() << qint64(0) << qint64(0);
    QTest::newRow("binary") << QByteArray("k\0x", 3) << QByteArray("\0\1\2\xff", 4) << qint64(1)
                            << qint64(1'000'000);
    QTest::newRow("long key") << QByteArray(5000, 'k') << QByteArray(70'000, 'v') << qint64(42) << qint64(3);
}

void TestRedisCacheFormat::roundTrip()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, value);
    QFETCH(qint64, expires);
    QFETCH(qint64, computeMs);
    const QByteArray stored = RedisCacheLevel::encodeValue(key, { value, expires, computeMs });
    CachedValue out;
    QCOMPARE(RedisCacheLevel::decodeValue(stored, key, &out), RedisCacheLevel::Decoded::Ok);
    QCOMPARE(out.value, value);
    QCOMPARE(out.expiresAtMs, expires);
    QCOMPARE(out.computeMs, computeMs);
}

void TestRedisCacheFormat::otherKeyIsACollision()
{
    const QByteArray stored = RedisCacheLevel::encodeValue("key-a", { "a", 0, 0 });
    CachedValue out;
    QCOMPARE(RedisCacheLevel::decodeValue(stored, "key-b", &out), RedisCacheLevel::Decoded::OtherKey);
    QCOMPARE(RedisCacheLevel::decodeValue(stored, "key-", &out), RedisCacheLevel::Decoded::OtherKey);
    QCOMPARE(RedisCacheLevel::decodeValue(stored, "key-aa", &out), RedisCacheLevel::Decoded::OtherKey);
}

void TestRedisCacheFormat::malformed_data()
{
    QTest::addColumn<QByteArray>("stored");
    const QByteArray good = RedisCacheLevel::encodeValue("key", { "value", 5, 6 });
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("text") << QByteArray("just some text that is long enough");
    QTest::newRow("short header") << good.left(10);
    QTest::newRow("truncated key") << good.left(25);
    QByteArray badMagic = good;
    badMagic[0] = 'X';
    QTest::newRow("magic") << badMagic;
    QByteArray hugeKey = good;
    hugeKey[20] = char(0x7f);
    QTest::newRow("key length") << hugeKey;
    QByteArray negative = good;
    negative[4] = char(0x80);
    QTest::newRow("negative expiry") << negative;
}

void TestRedisCacheFormat::malformed()
{
    QFETCH(QByteArray, stored);
    CachedValue out;
    QCOMPARE(RedisCacheLevel::decodeValue(stored, "key", &out), RedisCacheLevel::Decoded::Malformed);
}

QTEST_GUILESS_MAIN(TestRedisCacheFormat)
#include "tst_redis_cache_format.moc"
