// Target list import: Prometheus file_sd JSON and plain URL lists, accepted
// and refused, with errors that name the line or entry.

#include "scrape/TargetListFile.h"

#include <QTest>

using opsdeck::metrics::Labels;
using opsdeck::scrape::ScrapeTarget;
using opsdeck::scrape::TargetListFile;

// "url|job|instance|labels" per target, for compact expectations.
static QString describe(const QList<ScrapeTarget>& targets)
{
    QStringList out;
    for (const ScrapeTarget& t : targets)
        out.append(t.url.toString() + QLatin1Char('|') + t.job + QLatin1Char('|') + t.instance + QLatin1Char('|')
            + TargetListFile::formatLabelList(t.extraLabels));
    return out.join(QLatin1Char('\n'));
}

class TestTargetListFile : public QObject
{
    Q_OBJECT

private slots:
    void accepts_data();
    void accepts();
    void refuses_data();
    void refuses();
    void fixtures_data();
    void fixtures();
    void labelList_data();
    void labelList();
    void normaliseUrl();
};

void TestTargetListFile::accepts_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("file_sd basic") << QByteArray(
        R"([{"targets":["host-a:9100","host-b:9100"],"labels":{"job":"node","env":"prod"}}])")
                                   << QStringLiteral("http://host-a:9100/metrics|node||env=prod\n"
                                                     "http://host-b:9100/metrics|node||env=prod");
    QTest::newRow("file_sd scheme, path, instance, reserved dropped")
        << QByteArray(R"([{"targets":["10.0.0.5:8443"],"labels":{"__scheme__":"https",
            "__metrics_path__":"/probe/metrics","__meta_x":"y","instance":"plc-7","rack":"3"}}])")
        << QStringLiteral("https://10.0.0.5:8443/probe/metrics|opsdeck|plc-7|rack=3");
    QTest::newRow("file_sd no labels, several entries")
        << QByteArray(
               "[\n {\"targets\": [\"a:1\"]},\n {\"targets\": [\"b:2\"], \"labels\": {\"job\": \"mes\"}}\n]")
        << QStringLiteral("http://a:1/metrics|opsdeck||\nhttp://b:2/metrics|mes||");
    QTest::newRow("text list with comments and labels")
        << QByteArray("# plant floor\n"
                      "http://mes-01:9100/metrics job=node env=prod line=3\n"
                      "\n"
                      "   https://db-01:9443/metrics   # the database\n"
                      "cache-01:9100 instance=cache-a\n")
        << QStringLiteral("http://mes-01:9100/metrics|node||env=prod, line=3\n"
                          "https://db-01:9443/metrics|opsdeck||\n"
                          "http://cache-01:9100/metrics|opsdeck|cache-a|");
    QTest::newRow("CRLF text") << QByteArray("http://a:9100/metrics\r\nhttp://b:9100/x\r\n")
                               << QStringLiteral("http://a:9100/metrics|opsdeck||\nhttp://b:9100/x|opsdeck||");
}

void TestTargetListFile::accepts()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, expected);
    QString error = QStringLiteral("not cleared");
    const QList<ScrapeTarget> targets = TargetListFile::parse(input, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(describe(targets), expected);
    for (const ScrapeTarget& t : targets)
        QVERIFY2(t.validate().isEmpty(), qPrintable(t.validate()));
}

void TestTargetListFile::refuses_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("errorContains");

    QTest::newRow("empty") << QByteArray("  \n# nothing\n") << QStringLiteral("no targets");
    QTest::newRow("json syntax") << QByteArray("[{\"targets\": [\"a:1\"],\n  \"labels\": {]}]")
                                 << QStringLiteral("line 2, column");
    QTest::newRow("json not objects") << QByteArray("[\"a:1\"]") << QStringLiteral("entry 1: not a JSON object");
    QTest::newRow("json targets missing")
        << QByteArray(R"([{"targets":["a:1"]},{"labels":{}}])") << QStringLiteral("entry 2: \"targets\"");
    QTest::newRow("json label not string") << QByteArray(R"([{"targets":["a:1"],"labels":{"env":3}}])")
                                           << QStringLiteral("entry 1: value of label \"env\"");
    QTest::newRow("json bad scheme") << QByteArray(R"([{"targets":["a:1"],"labels":{"__scheme__":"ftp"}}])")
                                     << QStringLiteral("__scheme__ must be http or https");
    QTest::newRow("json url as target") << QByteArray(R"([{"targets":["http://a:1/metrics"]}])")
                                        << QStringLiteral("entry 1: target 1 must be a \"host:port\"");
    QTest::newRow("json empty job") << QByteArray(R"([{"targets":["a:1"],"labels":{"job":""}}])")
                                    << QStringLiteral("job must not be empty");
    QTest::newRow("text bad url") << QByteArray("http://a:9100/metrics\nftp://b/x\n") << QStringLiteral("line 2:");
    QTest::newRow("text bad pair") << QByteArray("\n\nhttp://a:9100/metrics env\n")
                                   << QStringLiteral("line 3: \"env\" is not a key=value label");
    QTest::newRow("text bad label name") << QByteArray("http://a:9100/metrics 1abc=x\n")
                                         << QStringLiteral("line 1: \"1abc\" is not a valid label name");
    QTest::newRow("text no host") << QByteArray("http:///metrics\n") << QStringLiteral("line 1:");
}

void TestTargetListFile::refuses()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, errorContains);
    QString error;
    const QList<ScrapeTarget> targets = TargetListFile::parse(input, &error);
    QVERIFY(targets.isEmpty());
    QVERIFY2(error.contains(errorContains), qPrintable(error));
}

void TestTargetListFile::fixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("count");
    QTest::newRow("file_sd.json") << QStringLiteral("file_sd.json") << 3;
    QTest::newRow("targets.txt") << QStringLiteral("targets.txt") << 2;
}

void TestTargetListFile::fixtures()
{
    QFETCH(QString, file);
    QFETCH(int, count);
    QFile f(QStringLiteral(OPSDECK_TEST_DATA "/targets/") + file);
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
    QString error;
    QCOMPARE(TargetListFile::parse(f.readAll(), &error).size(), count);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestTargetListFile::labelList_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("formatted"); // empty: refused
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("two, sorted, spaces")
        << QStringLiteral(" line = 3 ,env=prod,") << QStringLiteral("env=prod, line=3");
    QTest::newRow("value with =") << QStringLiteral("q=a=b") << QStringLiteral("q=a=b");
    QTest::newRow("no =") << QStringLiteral("env") << QStringLiteral("!");
    QTest::newRow("reserved") << QStringLiteral("__x=1") << QStringLiteral("!");
    QTest::newRow("job belongs elsewhere") << QStringLiteral("job=node") << QStringLiteral("!");
    QTest::newRow("bad name") << QStringLiteral("a-b=1") << QStringLiteral("!");
}

void TestTargetListFile::labelList()
{
    QFETCH(QString, input);
    QFETCH(QString, formatted);
    QString error;
    const auto labels = TargetListFile::parseLabelList(input, &error);
    if (formatted == QLatin1String("!")) {
        QVERIFY(!labels);
        QVERIFY(!error.isEmpty());
    } else {
        QVERIFY2(labels, qPrintable(error));
        QCOMPARE(TargetListFile::formatLabelList(*labels), formatted);
    }
}

void TestTargetListFile::normaliseUrl()
{
    QCOMPARE(TargetListFile::normaliseUrl(QStringLiteral("host:9100")).toString(),
        QStringLiteral("http://host:9100/metrics"));
    QCOMPARE(TargetListFile::normaliseUrl(QStringLiteral(" https://h:1/ ")).toString(),
        QStringLiteral("https://h:1/metrics"));
    QCOMPARE(TargetListFile::normaliseUrl(QStringLiteral("http://h:1/custom")).toString(),
        QStringLiteral("http://h:1/custom"));
    QVERIFY(!TargetListFile::normaliseUrl(QString()).isValid());
}

QTEST_GUILESS_MAIN(TestTargetListFile)
#include "tst_target_list_file.moc"
