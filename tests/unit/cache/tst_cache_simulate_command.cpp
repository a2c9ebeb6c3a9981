// `opsdeck cache simulate`, run as the built binary on tests/data/cache.
#include "ProgramRun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace opsdeck::testsupport;

namespace {

QString trace(const char* name)
{
    return QStringLiteral(OPSDECK_TEST_DATA "/cache/") + QLatin1String(name);
}

ProgramResult simulate(const QStringList& args)
{
    return runProgram(
        QStringLiteral(OPSDECK_BIN), QStringList { QStringLiteral("cache"), QStringLiteral("simulate") } + args);
}

} // namespace

class TestCacheSimulateCommand : public QObject
{
    Q_OBJECT

private slots:
    void jsonFigures();
    void table();
    void beladyBoundsEveryPolicy();
    void errors_data();
    void errors();
};

// cycle3.trace is "a b c" three times (with a blank line and trailing blanks to skip).
void TestCacheSimulateCommand::jsonFigures()
{
    const ProgramResult r = simulate({ QStringLiteral("--trace"), trace("cycle3.trace"), QStringLiteral("--size"),
        QStringLiteral("2,3"), QStringLiteral("--json") });
    QCOMPARE(r.exitCode, 0);
    const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(doc.value(u"requests").toInt(), 9);
    QCOMPARE(doc.value(u"distinctKeys").toInt(), 3);
    QCOMPARE(doc.value(u"policies").toArray().size(), 5); // four policies + belady
    QHash<QString, int> hits;
    for (const QJsonValue& v : doc.value(u"results").toArray()) {
        const QJsonObject o = v.toObject();
        hits.insert(o.value(u"policy").toString() + QLatin1Char('@') + QString::number(o.value(u"size").toInt()),
            o.value(u"hits").toInt());
    }
    QCOMPARE(hits.size(), 10);
    QCOMPARE(hits.value(QStringLiteral("lru@2")), 0);
    QCOMPARE(hits.value(QStringLiteral("belady@2")), 4);
    for (const QString& p : { QStringLiteral("lru"), QStringLiteral("sieve"), QStringLiteral("s3fifo"),
             QStringLiteral("tinylfu"), QStringLiteral("belady") })
        QCOMPARE(hits.value(p + QStringLiteral("@3")), 6);
}

void TestCacheSimulateCommand::table()
{
    const ProgramResult r = simulate({ QStringLiteral("--trace"), trace("cycle3.trace"), QStringLiteral("--size"),
        QStringLiteral("2"), QStringLiteral("--policy"), QStringLiteral("lru") });
    QCOMPARE(r.exitCode, 0);
    const QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QVERIFY(lines[0].contains(QStringLiteral("9 requests, 3 distinct keys")));
    QCOMPARE(lines[2].simplified(), QStringLiteral("size lru belady"));
    QCOMPARE(lines[3].simplified(), QStringLiteral("2 0.00 44.44"));
}

// zipf-scan.trace: Zipf(0.99) with scans (tests/data/cache/README.md).
void TestCacheSimulateCommand::beladyBoundsEveryPolicy()
{
    const ProgramResult r = simulate({ QStringLiteral("--trace"), trace("zipf-scan.trace"),
        QStringLiteral("--size"), QStringLiteral("50,200,500"), QStringLiteral("--policy"), QStringLiteral("all"),
        QStringLiteral("--json") });
    QCOMPARE(r.exitCode, 0);
    const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(doc.value(u"requests").toInt(), 20'000);
    QHash<int, QHash<QString, double>> ratio; // size -> policy -> hit ratio
    for (const QJsonValue& v : doc.value(u"results").toArray()) {
        const QJsonObject o = v.toObject();
        ratio[o.value(u"size").toInt()][o.value(u"policy").toString()] = o.value(u"hitRatio").toDouble();
    }
    QCOMPARE(ratio.size(), 3);
    for (auto it = ratio.cbegin(); it != ratio.cend(); ++it) {
        const QHash<QString, double>& p = it.value();
        QCOMPARE(p.size(), 5);
        for (auto q = p.cbegin(); q != p.cend(); ++q)
            QVERIFY2(q.value() <= p.value(QStringLiteral("belady")), qPrintable(q.key()));
        QVERIFY(p.value(QStringLiteral("s3fifo")) > p.value(QStringLiteral("lru")));
        QVERIFY(p.value(QStringLiteral("tinylfu")) > p.value(QStringLiteral("lru")));
    }
}

void TestCacheSimulateCommand::errors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QString ok = trace("cycle3.trace");
    QTest::newRow("missing file") << QStringList { QStringLiteral("--trace"), trace("nope.trace"),
        QStringLiteral("--size"), QStringLiteral("10") }
                                  << 1 << QStringLiteral("cannot read ") + trace("nope.trace");
    QTest::newRow("size zero") << QStringList { QStringLiteral("--trace"), ok, QStringLiteral("--size"),
        QStringLiteral("10,0") }
                               << 2 << QStringLiteral("--size: '0' is not a positive number of entries");
    QTest::newRow("size word") << QStringList { QStringLiteral("--trace"), ok, QStringLiteral("--size"),
        QStringLiteral("big") } << 2
                               << QStringLiteral("--size: 'big' is not a positive number of entries");
    QTest::newRow("no size") << QStringList { QStringLiteral("--trace"), ok } << 2
                             << QStringLiteral("missing --size");
    QTest::newRow("no trace") << QStringList { QStringLiteral("--size"), QStringLiteral("5") } << 2
                              << QStringLiteral("missing --trace");
    QTest::newRow("policy") << QStringList { QStringLiteral("--trace"), ok, QStringLiteral("--size"),
        QStringLiteral("5"), QStringLiteral("--policy"), QStringLiteral("arc") }
                            << 2 << QStringLiteral("unknown policy 'arc'");
}

void TestCacheSimulateCommand::errors()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const ProgramResult r = simulate(args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    QVERIFY(r.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestCacheSimulateCommand)
#include "tst_cache_simulate_command.moc"
