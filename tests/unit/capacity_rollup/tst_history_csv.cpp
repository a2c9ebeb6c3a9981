// capacity::HistoryCsv: the CSV history `opsdeck import history` reads
// (the CLI's end-to-end checks are in tests/integration/capacity_history).
#include "capacity/HistoryCsv.h"

#include <QTest>

using opsdeck::capacity::HistoryCsv;

class TestHistoryCsv : public QObject
{
    Q_OBJECT

private slots:
    void timestamps_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("nab") << QStringLiteral("2014-04-10 00:02:00") << qint64(1397088120000);
        QTest::newRow("quoted") << QStringLiteral("\"2014-04-10 00:02:00\"") << qint64(1397088120000);
        QTest::newRow("iso zulu") << QStringLiteral("2014-04-10T00:02:00Z") << qint64(1397088120000);
        QTest::newRow("iso offset") << QStringLiteral("2014-04-10T02:02:00+02:00") << qint64(1397088120000);
        QTest::newRow("offset no colon") << QStringLiteral("2014-04-10T02:02:00+0200") << qint64(1397088120000);
        QTest::newRow("minutes only") << QStringLiteral("2014-04-10 00:02") << qint64(1397088120000);
        QTest::newRow("date only") << QStringLiteral("2014-04-10") << qint64(1397088000000);
        QTest::newRow("fraction cut to ms")
            << QStringLiteral("2014-04-10T00:02:00.123456Z") << qint64(1397088120123);
        QTest::newRow("unix s") << QStringLiteral("1397088120") << qint64(1397088120000);
        QTest::newRow("unix s fraction") << QStringLiteral("1397088120.5") << qint64(1397088120500);
        QTest::newRow("unix ms") << QStringLiteral("1397088120000") << qint64(1397088120000);
    }
    void timestamps()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QCOMPARE(HistoryCsv::parseTimestamp(text), std::optional<qint64>(ms));
    }

    void badTimestamps_data()
    {
        QTest::addColumn<QString>("text");
        for (const char* t : { "", "yesterday", "2014-13-40", "1e20", "12:00" })
            QTest::newRow(t) << QString::fromLatin1(t);
    }
    void badTimestamps()
    {
        QFETCH(QString, text);
        QCOMPARE(HistoryCsv::parseTimestamp(text), std::nullopt);
    }

    void detection_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<bool>("csv");
        QTest::newRow("suffix") << QStringLiteral("a.CSV") << QByteArray("# HELP x\n") << true;
        QTest::newRow("csv lines") << QStringLiteral("a.txt") << QByteArray("\n1,2\n") << true;
        QTest::newRow("exposition") << QStringLiteral("a.txt") << QByteArray("# TYPE x gauge\nx 1\n") << false;
        QTest::newRow("labels") << QStringLiteral("a.txt") << QByteArray("x{a=\"1,2\"} 1\n") << false;
        QTest::newRow("empty") << QStringLiteral("a.txt") << QByteArray() << false;
    }
    void detection()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, data);
        QFETCH(bool, csv);
        QCOMPARE(HistoryCsv::looksLikeCsv(path, data), csv);
    }

    void readsSortedSamplesAfterAHeader()
    {
        const HistoryCsv r
            = HistoryCsv::parse("timestamp,value\r\n120,2\n60,1.5\n\n180,3\n", QStringLiteral("f.csv"));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.samples.size(), 3);
        QCOMPARE(r.samples.at(0).timestampMs, 60'000);
        QCOMPARE(r.samples.at(0).value, 1.5);
        QCOMPARE(r.samples.at(2).timestampMs, 180'000);
    }

    void errorsNameTheLine_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("error");
        QTest::newRow("fields") << QByteArray("60,1\n120,2,3\n")
                                << QStringLiteral("f.csv:2: expected \"timestamp,value\", found 3 fields");
        QTest::newRow("timestamp") << QByteArray("60,1\nsoon,2\n")
                                   << QStringLiteral("f.csv:2: cannot read the timestamp \"soon\"");
        QTest::newRow("value") << QByteArray("60,1\n120,lots\n")
                               << QStringLiteral("f.csv:2: cannot read the value \"lots\"");
        QTest::newRow("no samples") << QByteArray("timestamp,value\n") << QStringLiteral("f.csv: no samples");
    }
    void errorsNameTheLine()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, error);
        const HistoryCsv r = HistoryCsv::parse(data, QStringLiteral("f.csv"));
        QCOMPARE(r.error, error);
        QVERIFY(r.samples.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHistoryCsv)
#include "tst_history_csv.moc"
