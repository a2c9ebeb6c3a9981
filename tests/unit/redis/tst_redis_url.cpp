#include "redis/RedisUrl.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck::redis;

class TestRedisUrl : public QObject
{
    Q_OBJECT

private slots:
    void parses_data();
    void parses();
    void rejects_data();
    void rejects();
    void describeHidesPassword();
    void passwordFile();
};

void TestRedisUrl::parses_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<int>("db");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("tls");

    QTest::newRow("host only") << "redis://cache1"
                               << "cache1" << 6379 << 0 << ""
                               << "" << false;
    QTest::newRow("host port") << "redis://127.0.0.1:6380"
                               << "127.0.0.1" << 6380 << 0 << ""
                               << "" << false;
    QTest::newRow("db") << "redis://r.plant.local:6379/3"
                        << "r.plant.local" << 6379 << 3 << ""
                        << "" << false;
    QTest::newRow("password only") << "redis://:s3cret@h:1"
                                   << "h" << 1 << 0 << ""
                                   << "s3cret" << false;
    QTest::newRow("user and password") << "redis://opsdeck:pw@h:7000/2"
                                       << "h" << 7000 << 2 << "opsdeck"
                                       << "pw" << false;
    QTest::newRow("percent-decoded") << "redis://us%40er:p%3Aw%40rd%2F@h:6379"
                                     << "h" << 6379 << 0 << "us@er"
                                     << "p:w@rd/" << false;
    QTest::newRow("ipv6") << "redis://[::1]:6390/1"
                          << "::1" << 6390 << 1 << ""
                          << "" << false;
    QTest::newRow("ipv6 no port") << "redis://[fe80::1]"
                                  << "fe80::1" << 6379 << 0 << ""
                                  << "" << false;
    QTest::newRow("tls") << "rediss://u:p@secure:6380"
                         << "secure" << 6380 << 0 << "u"
                         << "p" << true;
    QTest::newRow("trailing slash") << "redis://h:6379/"
                                    << "h" << 6379 << 0 << ""
                                    << "" << false;
    QTest::newRow("case and spaces") << "  REDIS://H:1 "
                                     << "H" << 1 << 0 << ""
                                     << "" << false;
}

void TestRedisUrl::parses()
{
    QFETCH(QString, url);
    QString error;
    const auto endpoint = parseRedisUrl(url, &error);
    QVERIFY2(endpoint, qPrintable(error));
    QTEST(endpoint->host, "host");
    QTEST(endpoint->port, "port");
    QTEST(endpoint->db, "db");
    QTEST(endpoint->user, "user");
    QTEST(endpoint->password, "password");
    QTEST(endpoint->tls, "tls");
}

void TestRedisUrl::rejects_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("message");
    QTest::newRow("scheme") << "http://h:6379"
                            << "not a Redis URL";
    QTest::newRow("empty") << ""
                           << "not a Redis URL";
    QTest::newRow("no host") << "redis://:6379"
                             << "no host";
    QTest::newRow("port text") << "redis://h:port"
                               << "bad port";
    QTest::newRow("port range") << "redis://h:70000"
                                << "bad port";
    QTest::newRow("port zero") << "redis://h:0"
                               << "bad port";
    QTest::newRow("db") << "redis://h:1/x"
                        << "bad database number";
    QTest::newRow("db negative") << "redis://h:1/-1"
                                 << "bad database number";
    QTest::newRow("bare ipv6") << "redis://::1:6379"
                               << "in brackets";
    QTest::newRow("open bracket") << "redis://[::1:6379"
                                  << "unterminated IPv6";
    QTest::newRow("after bracket") << "redis://[::1]x"
                                   << "after the IPv6";
}

void TestRedisUrl::rejects()
{
    QFETCH(QString, url);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!parseRedisUrl(url, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
}

void TestRedisUrl::describeHidesPassword()
{
    QString error;
    auto endpoint = parseRedisUrl(QStringLiteral("redis://ops:topsecret@[::1]:6390/4"), &error);
    QVERIFY(endpoint);
    QCOMPARE(describe(*endpoint), QStringLiteral("redis://ops@[::1]:6390/4"));
    QVERIFY(!describe(*endpoint).contains(QLatin1String("topsecret")));
    QCOMPARE(hostPort(*endpoint), QStringLiteral("[::1]:6390"));
    endpoint = parseRedisUrl(QStringLiteral("rediss://:pw@h"), &error);
    QVERIFY(endpoint);
    QCOMPARE(describe(*endpoint), QStringLiteral("rediss://h:6379"));
}

void TestRedisUrl::passwordFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("pw"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("  hunter2 \n");
    file.close();
    QString error;
    QCOMPARE(readRedisPasswordFile(path, &error), std::optional<QString>(QStringLiteral("hunter2")));

    const QString missing = dir.filePath(QStringLiteral("missing"));
    QVERIFY(!readRedisPasswordFile(missing, &error));
    QVERIFY2(error.contains(QLatin1String("cannot read the Redis password file")) && error.contains(missing),
        qPrintable(error));

    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("\n \n");
    file.close();
    QVERIFY(!readRedisPasswordFile(path, &error));
    QVERIFY2(error.contains(QLatin1String("is empty")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestRedisUrl)
#include "tst_redis_url.moc"
