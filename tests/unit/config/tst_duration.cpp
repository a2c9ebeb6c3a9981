// metrics::parseDuration / formatDuration: Prometheus's model.ParseDuration
// grammar, which rule files, the alerting and engine config files, PromQL
// ranges, the CLI and the rule editor all read durations with.
#include "metrics/Duration.h"

#include <QTest>

using opsdeck::metrics::formatDuration;
using opsdeck::metrics::parseDuration;

class TestDuration : public QObject
{
    Q_OBJECT

private slots:
    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("zero") << QStringLiteral("0") << qint64(0) << QStringLiteral("0s");
        QTest::newRow("0s") << QStringLiteral("0s") << qint64(0) << QStringLiteral("0s");
        QTest::newRow("ms") << QStringLiteral("500ms") << qint64(500) << QStringLiteral("500ms");
        QTest::newRow("30s") << QStringLiteral("30s") << qint64(30'000) << QStringLiteral("30s");
        QTest::newRow("90s") << QStringLiteral("90s") << qint64(90'000) << QStringLiteral("1m30s");
        QTest::newRow("5m") << QStringLiteral("5m") << qint64(300'000) << QStringLiteral("5m");
        QTest::newRow("1h30m") << QStringLiteral("1h30m") << qint64(5'400'000) << QStringLiteral("1h30m");
        QTest::newRow("1d") << QStringLiteral("1d") << qint64(86'400'000) << QStringLiteral("1d");
        QTest::newRow("30d") << QStringLiteral("30d") << qint64(30 * 86'400'000LL) << QStringLiteral("4w2d");
        QTest::newRow("2w") << QStringLiteral("2w") << qint64(14 * 86'400'000LL) << QStringLiteral("2w");
        QTest::newRow("1y") << QStringLiteral("1y") << qint64(365 * 86'400'000LL) << QStringLiteral("1y");
        QTest::newRow("1y2w") << QStringLiteral("1y2w") << qint64(379 * 86'400'000LL) << QStringLiteral("1y2w");
        QTest::newRow("all") << QStringLiteral("1d2h3m4s5ms") << qint64(93'784'005)
                             << QStringLiteral("1d2h3m4s5ms");
        QTest::newRow("leading zeros") << QStringLiteral("007m") << qint64(420'000) << QStringLiteral("7m");
    }
    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QFETCH(QString, canonical);
        QCOMPARE(parseDuration(text), std::optional<qint64>(ms));
        QCOMPARE(formatDuration(ms), canonical);
        QCOMPARE(parseDuration(canonical), std::optional<qint64>(ms));
    }

    // Refused by every reader before the parsers were one, and by Prometheus.
    void badDurations_data()
    {
        QTest::addColumn<QString>("text");
        for (const char* t : { "", "5", "1.5h", "5 minutes", "m", "5m1h", "-5m", "1h1h", "1msm", "5M", "1h ",
                 " 1h", "1e3s", "99999999999999999999y", "9223372036854775807y", "9223372036854775807ms1ms" })
            QTest::newRow(t) << QString::fromLatin1(t);
    }
    void badDurations()
    {
        QFETCH(QString, text);
        QCOMPARE(parseDuration(text), std::nullopt);
    }

    void largestValue()
    {
        QCOMPARE(parseDuration(u"9223372036854775807ms"), std::optional<qint64>(9223372036854775807LL));
    }
};

QTEST_GUILESS_MAIN(TestDuration)
#include "tst_duration.moc"
