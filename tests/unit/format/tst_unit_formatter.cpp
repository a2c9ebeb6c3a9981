// UnitFormatter: values and axis ticks for people, in English and German.

#include "format/UnitFormatter.h"

#include <QTest>

#include <limits>

using opsdeck::models::UnitFormatter;
using Unit = UnitFormatter::Unit;

Q_DECLARE_METATYPE(UnitFormatter::Unit)

class TestUnitFormatter : public QObject
{
    Q_OBJECT

private slots:
    void format_data();
    void format();
    void unitNames();
    void niceStep_data();
    void niceStep();
    void axisTicks_data();
    void axisTicks();
    void axisTicksDegenerate();
};

void TestUnitFormatter::format_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<Unit>("unit");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");

    const QString en = QStringLiteral("en_US");
    const QString de = QStringLiteral("de_DE");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const QString pct = QStringLiteral("\u00a0%");

    QTest::newRow("bytes small") << en << Unit::Bytes << 512.0 << QStringLiteral("512 B");
    QTest::newRow("bytes zero") << en << Unit::Bytes << 0.0 << QStringLiteral("0 B");
    QTest::newRow("bytes 1 KiB") << en << Unit::Bytes << 1024.0 << QStringLiteral("1 KiB");
    QTest::newRow("bytes 1.5 KiB") << en << Unit::Bytes << 1536.0 << QStringLiteral("1.5 KiB");
    QTest::newRow("bytes 1000 B") << en << Unit::Bytes << 1000.0 << QStringLiteral("1000 B");
    QTest::newRow("bytes GiB") << en << Unit::Bytes << 1.5 * 1024 * 1024 * 1024 << QStringLiteral("1.5 GiB");
    QTest::newRow("bytes MiB 3 digits") << en << Unit::Bytes << 123.4 * 1024 * 1024 << QStringLiteral("123 MiB");
    QTest::newRow("bytes round up") << en << Unit::Bytes << 1023.9 * 1024 << QStringLiteral("1 MiB");
    QTest::newRow("bytes negative") << en << Unit::Bytes << -1536.0 << QStringLiteral("-1.5 KiB");
    QTest::newRow("bytes de") << de << Unit::Bytes << 1.5 * 1024 * 1024 << QStringLiteral("1,5 MiB");
    QTest::newRow("bytes/s") << en << Unit::BytesPerSecond << 12.25 * 1024 * 1024 << QStringLiteral("12.3 MiB/s");
    QTest::newRow("bytes/s de") << de << Unit::BytesPerSecond << 2.5 * 1024 << QStringLiteral("2,5 KiB/s");

    QTest::newRow("duration days") << en << Unit::Seconds << (3 * 86400.0 + 4 * 3600 + 100)
                                   << QStringLiteral("3 d 4 h");
    QTest::newRow("duration whole day") << en << Unit::Seconds << 86400.0 << QStringLiteral("1 d");
    QTest::newRow("duration hours") << en << Unit::Seconds << (2 * 3600.0 + 12 * 60)
                                    << QStringLiteral("2 h 12 min");
    QTest::newRow("duration minutes") << en << Unit::Seconds << 303.0 << QStringLiteral("5 min 3 s");
    QTest::newRow("duration seconds") << en << Unit::Seconds << 4.25 << QStringLiteral("4.25 s");
    QTest::newRow("duration ms") << en << Unit::Seconds << 0.85 << QStringLiteral("850 ms");
    QTest::newRow("duration µs") << en << Unit::Seconds << 42e-6 << QStringLiteral("42 \u00b5s");
    QTest::newRow("duration ns") << en << Unit::Seconds << 120e-9 << QStringLiteral("120 ns");
    QTest::newRow("duration zero") << en << Unit::Seconds << 0.0 << QStringLiteral("0 s");
    QTest::newRow("duration ms round up") << en << Unit::Seconds << 0.9999 << QStringLiteral("1 s");
    QTest::newRow("duration de") << de << Unit::Seconds << 1.5e-3 << QStringLiteral("1,5 ms");

    QTest::newRow("percent") << en << Unit::Percent << 42.46 << QStringLiteral("42.5%");
    QTest::newRow("percent whole") << en << Unit::Percent << 100.0 << QStringLiteral("100%");
    QTest::newRow("percent one decimal max") << en << Unit::Percent << 3.14159 << QStringLiteral("3.1%");
    QTest::newRow("percent de") << de << Unit::Percent << 42.46 << (QStringLiteral("42,5") + pct);
    QTest::newRow("ratio") << en << Unit::Ratio << 0.255 << QStringLiteral("25.5%");
    QTest::newRow("ratio de") << de << Unit::Ratio << 0.5 << (QStringLiteral("50") + pct);

    QTest::newRow("number small") << en << Unit::Number << 850.0 << QStringLiteral("850");
    QTest::newRow("number fraction") << en << Unit::Number << 1.234 << QStringLiteral("1.23");
    QTest::newRow("number tiny") << en << Unit::Number << 0.00123 << QStringLiteral("0.00123");
    QTest::newRow("number k") << en << Unit::Number << 1234.0 << QStringLiteral("1.23k");
    QTest::newRow("number M") << en << Unit::Number << 3.4e6 << QStringLiteral("3.4M");
    QTest::newRow("number G") << en << Unit::Count << 5e9 << QStringLiteral("5G");
    QTest::newRow("number round up") << en << Unit::Number << 999.96 << QStringLiteral("1k");
    QTest::newRow("number de") << de << Unit::Number << 12345.0 << QStringLiteral("12,3k");
    QTest::newRow("ops/s") << en << Unit::OpsPerSecond << 1500.0 << QStringLiteral("1.5k/s");
    QTest::newRow("nan") << en << Unit::Bytes << nan << QStringLiteral("\u2013");
}

void TestUnitFormatter::format()
{
    QFETCH(QString, locale);
    QFETCH(Unit, unit);
    QFETCH(double, value);
    QFETCH(QString, expected);
    QCOMPARE(UnitFormatter(unit, QLocale(locale)).format(value), expected);
}

void TestUnitFormatter::unitNames()
{
    for (const Unit u : { Unit::Number, Unit::Percent, Unit::Ratio, Unit::Bytes, Unit::BytesPerSecond,
             Unit::Seconds, Unit::OpsPerSecond, Unit::Count })
        QCOMPARE(UnitFormatter::unitFromName(UnitFormatter::unitName(u)), u);
    QCOMPARE(UnitFormatter::unitFromName(QStringLiteral("furlongs")), Unit::Number);
}

void TestUnitFormatter::niceStep_data()
{
    QTest::addColumn<double>("raw");
    QTest::addColumn<double>("nice");
    QTest::newRow("1") << 1.0 << 1.0;
    QTest::newRow("1.3") << 1.3 << 2.0;
    QTest::newRow("2.2") << 2.2 << 2.5;
    QTest::newRow("3") << 3.0 << 5.0;
    QTest::newRow("7") << 7.0 << 10.0;
    QTest::newRow("0.03") << 0.03 << 0.05;
    QTest::newRow("1200") << 1200.0 << 2000.0;
}

void TestUnitFormatter::niceStep()
{
    QFETCH(double, raw);
    QFETCH(double, nice);
    QCOMPARE(UnitFormatter::niceStep(raw), nice);
}

void TestUnitFormatter::axisTicks_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<Unit>("unit");
    QTest::addColumn<double>("min");
    QTest::addColumn<double>("max");
    QTest::addColumn<QStringList>("labels");

    const QString en = QStringLiteral("en_US");
    const QString de = QStringLiteral("de_DE");
    QTest::newRow("percent") << en << Unit::Percent << 0.0 << 100.0
                             << QStringList { QStringLiteral("0%"), QStringLiteral("20%"), QStringLiteral("40%"),
                                    QStringLiteral("60%"), QStringLiteral("80%"), QStringLiteral("100%") };
    QTest::newRow("ratio") << en << Unit::Ratio << 0.0 << 0.5
                           << QStringList { QStringLiteral("0%"), QStringLiteral("10%"), QStringLiteral("20%"),
                                  QStringLiteral("30%"), QStringLiteral("40%"), QStringLiteral("50%") };
    QTest::newRow("bytes GiB") << en << Unit::Bytes << 0.0 << 8.0 * 1024 * 1024 * 1024
                               << QStringList { QStringLiteral("0 GiB"), QStringLiteral("2 GiB"),
                                      QStringLiteral("4 GiB"), QStringLiteral("6 GiB"), QStringLiteral("8 GiB") };
    QTest::newRow("bytes fractional step")
        << en << Unit::Bytes << 0.0 << 1.0 * 1024 * 1024 * 1024
        << QStringList { QStringLiteral("0.0 GiB"), QStringLiteral("0.2 GiB"), QStringLiteral("0.4 GiB"),
               QStringLiteral("0.6 GiB"), QStringLiteral("0.8 GiB"), QStringLiteral("1.0 GiB") };
    QTest::newRow("load") << en << Unit::Number << 0.0 << 2.2
                          << QStringList { QStringLiteral("0.0"), QStringLiteral("0.5"), QStringLiteral("1.0"),
                                 QStringLiteral("1.5"), QStringLiteral("2.0") };
    QTest::newRow("load de") << de << Unit::Number << 0.0 << 2.2
                             << QStringList { QStringLiteral("0,0"), QStringLiteral("0,5"), QStringLiteral("1,0"),
                                    QStringLiteral("1,5"), QStringLiteral("2,0") };
    QTest::newRow("ops k") << en << Unit::OpsPerSecond << 0.0 << 5000.0
                           << QStringList { QStringLiteral("0k/s"), QStringLiteral("1k/s"), QStringLiteral("2k/s"),
                                  QStringLiteral("3k/s"), QStringLiteral("4k/s"), QStringLiteral("5k/s") };
    QTest::newRow("seconds ms") << en << Unit::Seconds << 0.0 << 0.2
                                << QStringList { QStringLiteral("0 ms"), QStringLiteral("50 ms"),
                                       QStringLiteral("100 ms"), QStringLiteral("150 ms"),
                                       QStringLiteral("200 ms") };
    QTest::newRow("seconds 90 s") << en << Unit::Seconds << 0.0 << 90.0
                                  << QStringList { QStringLiteral("0 s"), QStringLiteral("20 s"),
                                         QStringLiteral("40 s"), QStringLiteral("60 s"), QStringLiteral("80 s") };
    QTest::newRow("negative") << en << Unit::Number << -10.0 << 10.0
                              << QStringList { QStringLiteral("-10"), QStringLiteral("-5"), QStringLiteral("0"),
                                     QStringLiteral("5"), QStringLiteral("10") };
}

void TestUnitFormatter::axisTicks()
{
    QFETCH(QString, locale);
    QFETCH(Unit, unit);
    QFETCH(double, min);
    QFETCH(double, max);
    QFETCH(QStringList, labels);
    const auto ticks = UnitFormatter(unit, QLocale(locale)).axisTicks(min, max, 5);
    QCOMPARE(ticks.labels, labels);
    QCOMPARE(ticks.values.size(), labels.size());
    for (double v : ticks.values) {
        QVERIFY(v >= min - ticks.step * 1e-6);
        QVERIFY(v <= max + ticks.step * 1e-6);
    }
}

void TestUnitFormatter::axisTicksDegenerate()
{
    const UnitFormatter f(Unit::Number, QLocale(QStringLiteral("en_US")));
    QVERIFY(!f.axisTicks(5, 5).values.isEmpty()); // a flat line still gets a labelled tick
    QVERIFY(f.axisTicks(0, std::numeric_limits<double>::quiet_NaN()).values.isEmpty());
    QVERIFY(f.axisTicks(3, 1).values.isEmpty());
}

QTEST_GUILESS_MAIN(TestUnitFormatter)
#include "tst_unit_formatter.moc"
