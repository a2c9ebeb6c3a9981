// The cache: section of the engine config file (engine/cache/CacheConfig.h),
// read through EngineConfigFile as `opsdeck --headless` reads it.
#include "cache/CacheConfig.h"
#include "EngineConfigFile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using opsdeck::EngineConfigFile;
using opsdeck::cache::CacheConfig;
using opsdeck::cache::CacheConfigFile;
using opsdeck::cache::PolicyKind;
using opsdeck::config::ConfigIssue;

namespace {

QString dump(const QList<ConfigIssue>& issues)
{
    QStringList lines;
    for (const ConfigIssue& i : issues)
        lines.append(i.toString() + (i.fatal ? QStringLiteral(" [fatal]") : QString()));
    return lines.join(u'\n');
}

} // namespace

class TestCacheConfig : public QObject
{
    Q_OBJECT

private slots:
    void defaultsWithoutSection()
    {
        QList<ConfigIssue> issues;
        const auto c = EngineConfigFile::parse("targets: []\n", QString(), &issues);
        QVERIFY2(c, qPrintable(dump(issues)));
        QCOMPARE(c->cache, CacheConfig());
        QVERIFY(c->cache.enabled);
        QVERIFY(c->cache.l2Url.isEmpty());
        QCOMPARE(c->cache.freshnessMs, 10 * 60 * 1000);
        QCOMPARE(c->cache.l1Policy, PolicyKind::S3Fifo);
        QVERIFY(c->cache.l1Dynamic);
    }

    void everyField()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile secret(dir.filePath(QStringLiteral("redis.password")));
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.write("s3cret\n");
        secret.close();
        const QByteArray yaml = "cache:\n"
                                "  enabled: true\n"
                                "  l1: {enabled: true, max_size: 64MiB, policy: tinylfu, dynamic: false}\n"
                                "  l2:\n"
                                "    url: redis://cache.plant-a:6379/2\n"
                                "    password_file: redis.password\n"
                                "    timeout: 20ms\n"
                                "  l3: {enabled: false, max_size: 2GiB}\n"
                                "  ttl: 6h\n"
                                "  ttl_jitter: 0.2\n"
                                "  freshness: 5m\n"
                                "  split_interval: 30m\n"
                                "  local_source: true\n";
        QList<ConfigIssue> issues;
        const auto c = EngineConfigFile::parse(yaml, dir.filePath(QStringLiteral("opsdeck.yml")), &issues);
        QVERIFY2(c, qPrintable(dump(issues)));
        QVERIFY2(issues.isEmpty(), qPrintable(dump(issues)));
        const CacheConfig& k = c->cache;
        QCOMPARE(k.l1MaxBytes, 64LL * 1024 * 1024);
        QCOMPARE(k.l1Policy, PolicyKind::TinyLfu);
        QVERIFY(!k.l1Dynamic);
        QCOMPARE(k.l2Url, QStringLiteral("redis://cache.plant-a:6379/2"));
        QCOMPARE(k.l2PasswordFile, dir.filePath(QStringLiteral("redis.password")));
        QCOMPARE(k.l2TimeoutMs, 20);
        QVERIFY(!k.l3Enabled);
        QCOMPARE(k.l3MaxBytes, 2LL * 1024 * 1024 * 1024);
        QCOMPARE(k.ttlMs, 6LL * 3600 * 1000);
        QCOMPARE(k.ttlJitter, 0.2);
        QCOMPARE(k.freshnessMs, 5 * 60 * 1000);
        QCOMPARE(k.splitIntervalMs, 30 * 60 * 1000);
        QVERIFY(k.cacheLocalSource);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("part");
        QTest::newRow("not a map") << QByteArray("cache: [1]\n") << 1 << QStringLiteral("\"cache\" must be a map");
        QTest::newRow("unknown") << QByteArray("cache:\n  l4: {}\n") << 2
                                 << QStringLiteral("unknown field \"l4\"");
        QTest::newRow("unknown in l1") << QByteArray("cache:\n  l1: {size: 1}\n") << 2
                                       << QStringLiteral("unknown field \"size\" in cache.l1");
        QTest::newRow("bad size") << QByteArray("cache:\n  l1:\n    max_size: lots\n") << 3
                                  << QStringLiteral("size like 256MiB");
        QTest::newRow("tiny size") << QByteArray("cache:\n  l3:\n    max_size: 10kB\n") << 3
                                   << QStringLiteral("at least 1MiB");
        QTest::newRow("bad policy") << QByteArray("cache:\n  l1:\n    policy: arc\n") << 3
                                    << QStringLiteral("lru, sieve, s3fifo or tinylfu");
        QTest::newRow("bad url") << QByteArray("cache:\n  l2:\n    url: http://h:6379\n") << 3
                                 << QStringLiteral("redis://");
        QTest::newRow("missing password file")
            << QByteArray("cache:\n  l2:\n    url: redis://h:6379\n    password_file: nope.pw\n") << 4
            << QStringLiteral("nope.pw");
        QTest::newRow("bad duration") << QByteArray("cache:\n  ttl: forever\n") << 2
                                      << QStringLiteral("invalid duration in \"ttl\"");
        QTest::newRow("jitter") << QByteArray("cache:\n  ttl_jitter: 2\n") << 2 << QStringLiteral("0 to 0.5");
        QTest::newRow("split") << QByteArray("cache:\n  split_interval: 10s\n") << 2
                               << QStringLiteral("at least 1m");
    }

    void errors()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(int, line);
        QFETCH(QString, part);
        QList<ConfigIssue> issues;
        const auto c = EngineConfigFile::parse(yaml, QStringLiteral("/tmp/opsdeck.yml"), &issues);
        QVERIFY(!c);
        QVERIFY(!issues.isEmpty());
        const ConfigIssue& first = issues.first();
        QVERIFY2(first.message.contains(part), qPrintable(dump(issues)));
        QCOMPARE(first.line, line);
    }

    void sizes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("bytes");
        QTest::newRow("bare") << QStringLiteral("4096") << qint64(4096);
        QTest::newRow("KiB") << QStringLiteral("64KiB") << qint64(65536);
        QTest::newRow("kB") << QStringLiteral("64kB") << qint64(64000);
        QTest::newRow("MiB") << QStringLiteral("256MiB") << qint64(256) * 1024 * 1024;
        QTest::newRow("MB space") << QStringLiteral("512 MB") << qint64(512) * 1000 * 1000;
        QTest::newRow("GiB") << QStringLiteral("1GiB") << (qint64(1) << 30);
        QTest::newRow("bad") << QStringLiteral("1.5GiB") << qint64(-1);
        QTest::newRow("unit only") << QStringLiteral("MiB") << qint64(-1);
    }

    void sizes()
    {
        QFETCH(QString, text);
        QFETCH(qint64, bytes);
        const auto parsed = CacheConfigFile::parseSize(text);
        if (bytes < 0) {
            QVERIFY(!parsed);
            return;
        }
        QVERIFY(parsed);
        QCOMPARE(*parsed, bytes);
        QCOMPARE(CacheConfigFile::parseSize(CacheConfigFile::formatSize(bytes)), parsed);
    }
};

QTEST_GUILESS_MAIN(TestCacheConfig)
#include "tst_cache_config.moc"
