// The `profiler:` section: every key, its defaults, and every error with the
// line it names (ProfilerConfigFile through EngineConfigFile, as headless reads it).
#include "EngineConfigFile.h"
#include "profiler/ProfilerConfig.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;
using namespace opsdeck::profiler;
using opsdeck::config::ConfigIssue;

namespace {

QString dump(const QList<ConfigIssue>& issues)
{
    QStringList lines;
    for (const ConfigIssue& i : issues)
        lines << i.toString();
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestProfilerConfig : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_file;

    std::optional<EngineConfigFile> parse(const QByteArray& yaml, QList<ConfigIssue>* issues)
    {
        return EngineConfigFile::parse(yaml, m_file, issues);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_file = m_dir.filePath(QStringLiteral("opsdeck.yml"));
        QFile pw(m_dir.filePath(QStringLiteral("db.password")));
        QVERIFY(pw.open(QIODevice::WriteOnly));
        pw.write("s3cret-db\n");
    }

    void defaults()
    {
        QList<ConfigIssue> issues;
        const auto c = parse("targets: []\n", &issues);
        QVERIFY2(c, qPrintable(dump(issues)));
        QCOMPARE(c->profiler.deadlineMs, 400);
        QCOMPARE(c->profiler.probeIntervalMs, 10'000);
        QVERIFY(c->profiler.databases.isEmpty());
        QCOMPARE(c->profiler, ProfilerConfig {});
        const auto empty = parse("profiler:\n", &issues);
        QVERIFY2(empty, qPrintable(dump(issues)));
        QCOMPARE(empty->profiler, ProfilerConfig {});
    }

    void everyKey()
    {
        const QByteArray yaml = "profiler:\n"
                                "  deadline: 250ms\n"
                                "  probe_interval: 30s\n"
                                "  databases:\n"
                                "    - name: mes-db\n"
                                "      type: postgresql\n"
                                "      host: 127.0.0.1\n"
                                "      port: 5433\n"
                                "      database: mes\n"
                                "      user: opsdeck\n"
                                "      password_file: db.password\n"
                                "      sslmode: require\n"
                                "    - name: sessions\n"
                                "      type: redis\n"
                                "      url: redis://127.0.0.1:6379/2\n"
                                "      password_file: db.password\n"
                                "    - name: minimal-pg\n"
                                "      type: postgresql\n"
                                "      host: db-2\n"
                                "      user: monitor\n";
        QList<ConfigIssue> issues;
        const auto c = parse(yaml, &issues);
        QVERIFY2(c, qPrintable(dump(issues)));
        QVERIFY2(issues.isEmpty(), qPrintable(dump(issues)));
        const ProfilerConfig& p = c->profiler;
        QCOMPARE(p.deadlineMs, 250);
        QCOMPARE(p.probeIntervalMs, 30'000);
        QCOMPARE(p.databases.size(), 3);
        const DatabaseTarget& pg = p.databases[0];
        QCOMPARE(pg.name, QStringLiteral("mes-db"));
        QCOMPARE(pg.type, DatabaseTarget::PostgreSql);
        QCOMPARE(pg.host, QStringLiteral("127.0.0.1"));
        QCOMPARE(pg.port, 5433);
        QCOMPARE(pg.database, QStringLiteral("mes"));
        QCOMPARE(pg.user, QStringLiteral("opsdeck"));
        QCOMPARE(pg.passwordFile, m_dir.filePath(QStringLiteral("db.password")));
        QCOMPARE(pg.sslMode, QStringLiteral("require"));
        const DatabaseTarget& redis = p.databases[1];
        QCOMPARE(redis.type, DatabaseTarget::Redis);
        QCOMPARE(redis.url, QStringLiteral("redis://127.0.0.1:6379/2"));
        QCOMPARE(redis.passwordFile, m_dir.filePath(QStringLiteral("db.password")));
        const DatabaseTarget& minimal = p.databases[2];
        QCOMPARE(minimal.port, 5432);
        QCOMPARE(minimal.database, QStringLiteral("monitor")); // libpq: the user's name
        QCOMPARE(minimal.sslMode, QStringLiteral("prefer"));
        QVERIFY(minimal.passwordFile.isEmpty());

        // The password is read from the file (trimmed), never kept in the struct.
        QString error;
        QCOMPARE(readPasswordFile(pg, &error).value_or(QString()), QStringLiteral("s3cret-db"));
        QCOMPARE(readPasswordFile(minimal, &error).value_or(QStringLiteral("x")), QString());
        DatabaseTarget gone = pg;
        gone.passwordFile = m_dir.filePath(QStringLiteral("gone.password"));
        QVERIFY(!readPasswordFile(gone, &error));
        QVERIFY2(error.contains(QLatin1String("gone.password")) && error.contains(QLatin1String("mes-db")),
            qPrintable(error));
    }

    void probesOff()
    {
        QList<ConfigIssue> issues;
        const auto c = parse("profiler:\n  probe_interval: 0s\n", &issues);
        QVERIFY2(c, qPrintable(dump(issues)));
        QCOMPARE(c->profiler.probeIntervalMs, 0);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("part");
        const QByteArray pg = "profiler:\n  databases:\n    - name: a\n      type: postgresql\n      host: h\n"
                              "      user: u\n";
        QTest::newRow("not a map") << QByteArray("profiler: [1]\n") << 1 << QStringLiteral("must be a map");
        QTest::newRow("unknown key") << QByteArray("profiler:\n  deadlne: 1s\n") << 2
                                     << QStringLiteral("unknown field \"deadlne\" in profiler");
        QTest::newRow("bad deadline") << QByteArray("profiler:\n  deadline: soon\n") << 2
                                      << QStringLiteral("invalid duration in \"deadline\"");
        QTest::newRow("zero deadline") << QByteArray("profiler:\n  deadline: 0s\n") << 2
                                       << QStringLiteral("more than 0s");
        QTest::newRow("bad interval") << QByteArray("profiler:\n  probe_interval: often\n") << 2
                                      << QStringLiteral("invalid duration in \"probe_interval\"");
        QTest::newRow("short interval")
            << QByteArray("profiler:\n  probe_interval: 500ms\n") << 2 << QStringLiteral("at least 1s");
        QTest::newRow("databases not a list") << QByteArray("profiler:\n  databases: {a: 1}\n") << 2
                                              << QStringLiteral("\"databases\" must be a list");
        QTest::newRow("entry not a map")
            << QByteArray("profiler:\n  databases:\n    - mes\n") << 3 << QStringLiteral("must be a map");
        QTest::newRow("unknown db key") << pg + "      hots: x\n"
                                        << 7 << QStringLiteral("unknown field \"hots\" in profiler.databases");
        QTest::newRow("inline password") << pg + "      password: hunter2\n"
                                         << 7 << QStringLiteral("never inline");
        QTest::newRow("password in url")
            << QByteArray("profiler:\n  databases:\n    - name: r\n      type: redis\n"
                          "      url: redis://:hunter2@h:6379\n")
            << 5 << QStringLiteral("must not hold the password");
        QTest::newRow("duplicate name") << pg + "    - name: a\n      type: redis\n      url: redis://h:6379\n"
                                        << 7 << QStringLiteral("\"a\" is already defined");
        QTest::newRow("no name") << QByteArray(
            "profiler:\n  databases:\n    - type: redis\n      url: redis://h\n")
                                 << 3 << QStringLiteral("needs a \"name\"");
        QTest::newRow("no type") << QByteArray("profiler:\n  databases:\n    - name: x\n      host: h\n") << 3
                                 << QStringLiteral("needs a \"type\"");
        QTest::newRow("bad type") << QByteArray("profiler:\n  databases:\n    - name: x\n      type: mysql\n") << 4
                                  << QStringLiteral("postgresql or redis");
        QTest::newRow("bad port") << pg + "      port: 70000\n" << 7 << QStringLiteral("1 to 65535");
        QTest::newRow("bad sslmode") << pg + "      sslmode: maybe\n"
                                     << 7 << QStringLiteral("\"sslmode\" must be one of");
        QTest::newRow("missing password file") << pg + "      password_file: nope.password\n"
                                               << 7 << QStringLiteral("nope.password");
        QTest::newRow("pg without host")
            << QByteArray("profiler:\n  databases:\n    - name: x\n      type: postgresql\n      user: u\n") << 3
            << QStringLiteral("needs a \"host\"");
        QTest::newRow("pg without user")
            << QByteArray("profiler:\n  databases:\n    - name: x\n      type: postgresql\n      host: h\n") << 3
            << QStringLiteral("needs a \"user\"");
        QTest::newRow("pg with url") << pg + "      url: redis://h:6379\n"
                                     << 3 << QStringLiteral("is for redis targets");
        QTest::newRow("redis without url")
            << QByteArray("profiler:\n  databases:\n    - name: r\n      type: redis\n") << 3
            << QStringLiteral("needs a \"url\"");
        QTest::newRow("redis with host") << QByteArray(
            "profiler:\n  databases:\n    - name: r\n      type: redis\n      url: redis://h\n"
            "      host: h\n") << 3 << QStringLiteral("host are for postgresql targets");
        QTest::newRow("bad redis url") << QByteArray(
            "profiler:\n  databases:\n    - name: r\n      type: redis\n      url: http://h:6379\n")
                                       << 5 << QStringLiteral("\"url\"");
    }

    void errors()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(int, line);
        QFETCH(QString, part);
        QList<ConfigIssue> issues;
        const auto c = parse(yaml, &issues);
        QVERIFY(!c);
        QVERIFY(!issues.isEmpty());
        const ConfigIssue& first = issues.first();
        QVERIFY2(first.message.contains(part), qPrintable(dump(issues)));
        QCOMPARE(first.line, line);
        QVERIFY2(!dump(issues).contains(QLatin1String("hunter2")), "a secret reached a message");
    }

    void typeNames()
    {
        QCOMPARE(ProfilerConfigFile::typeName(DatabaseTarget::PostgreSql), QStringLiteral("postgresql"));
        QCOMPARE(ProfilerConfigFile::typeName(DatabaseTarget::Redis), QStringLiteral("redis"));
    }
};

QTEST_GUILESS_MAIN(TestProfilerConfig)
#include "tst_profiler_config.moc"
