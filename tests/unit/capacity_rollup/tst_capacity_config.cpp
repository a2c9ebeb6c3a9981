// The `capacity:` section of the headless config file: rollups on/off and the
// minute / hour retention that the RollupWriter prunes by.
#include "EngineConfigFile.h"

#include <QTest>

using opsdeck::EngineConfigFile;
using opsdeck::config::ConfigIssue;

class TestCapacityConfig : public QObject
{
    Q_OBJECT

private slots:
    void defaultsWithoutSection()
    {
        QList<ConfigIssue> issues;
        const auto config = EngineConfigFile::parse("targets: []\n", QStringLiteral("/tmp/h.yml"), &issues);
        QVERIFY(config);
        QVERIFY(config->rollups.enabled);
        QCOMPARE(config->rollups.minuteRetentionDays, 90);
        QCOMPARE(config->rollups.hourRetentionDays, 730);
    }

    void readsRetention_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<bool>("enabled");
        QTest::addColumn<int>("minuteDays");
        QTest::addColumn<int>("hourDays");
        QTest::newRow("days") << QByteArray("capacity:\n  minute_retention: 30d\n  hour_retention: 400d\n") << true
                              << 30 << 400;
        QTest::newRow("weeks and years")
            << QByteArray("capacity:\n  minute_retention: 2w\n  hour_retention: 3y\n") << true << 14 << 1095;
        QTest::newRow("bare days, off")
            << QByteArray("capacity: {rollups: false, minute_retention: 7}\n") << false << 7 << 730;
        QTest::newRow("empty section") << QByteArray("capacity:\n") << true << 90 << 730;
    }
    void readsRetention()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(bool, enabled);
        QFETCH(int, minuteDays);
        QFETCH(int, hourDays);
        QList<ConfigIssue> issues;
        const auto config = EngineConfigFile::parse(yaml, QStringLiteral("/tmp/h.yml"), &issues);
        QVERIFY(config);
        QVERIFY(issues.isEmpty());
        QCOMPARE(config->rollups.enabled, enabled);
        QCOMPARE(config->rollups.minuteRetentionDays, minuteDays);
        QCOMPARE(config->rollups.hourRetentionDays, hourDays);
    }

    void rejectsBadValues_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("words");
        QTest::newRow("zero") << QByteArray("capacity:\n  minute_retention: 0d\n") << 2
                              << QStringLiteral("minute_retention");
        QTest::newRow("hours") << QByteArray("capacity:\n  hour_retention: 36h\n") << 2
                               << QStringLiteral("hour_retention");
        QTest::newRow("unknown") << QByteArray("capacity:\n  retention: 30d\n") << 2
                                 << QStringLiteral("retention");
        QTest::newRow("not a map") << QByteArray("capacity: 30d\n") << 1 << QStringLiteral("capacity");
        QTest::newRow("rollups") << QByteArray("capacity:\n  rollups: maybe\n") << 2 << QStringLiteral("rollups");
    }
    void rejectsBadValues()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(int, line);
        QFETCH(QString, words);
        QList<ConfigIssue> issues;
        QVERIFY(!EngineConfigFile::parse(yaml, QStringLiteral("/tmp/h.yml"), &issues));
        QCOMPARE(issues.size(), 1);
        QCOMPARE(issues.first().line, line);
        QVERIFY2(issues.first().message.contains(words), qPrintable(issues.first().message));
    }
};

QTEST_GUILESS_MAIN(TestCapacityConfig)
#include "tst_capacity_config.moc"
