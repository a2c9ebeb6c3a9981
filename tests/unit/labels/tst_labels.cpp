#include "metrics/LabelMatcher.h"
#include "metrics/Labels.h"
#include "metrics/Sample.h"

#include <QTest>

#include <cmath>

using namespace opsdeck::metrics;

class TestLabels : public QObject
{
    Q_OBJECT

private slots:
    void sortsAndDeduplicates()
    {
        const Labels l { { "mode", "idle" }, { "__name__", "node_cpu_seconds_total" }, { "cpu", "0" },
            { "mode", "user" } };
        QCOMPARE(l.size(), 3);
        QCOMPARE(l.list().at(0).name, QByteArray("__name__"));
        QCOMPARE(l.list().at(1).name, QByteArray("cpu"));
        QCOMPARE(l.value("mode"), QByteArray("user"));
        QCOMPARE(l.metricName(), QByteArray("node_cpu_seconds_total"));
    }

    void emptyValueMeansAbsent()
    {
        const Labels l { { "__name__", "up" }, { "job", "" } };
        QVERIFY(!l.has("job"));
        QCOMPARE(l.with("job", "node").value("job"), QByteArray("node"));
        QVERIFY(!l.with("job", "node").with("job", {}).has("job"));
    }

    void identityIgnoresInputOrder()
    {
        const Labels a { { "__name__", "x" }, { "a", "1" }, { "b", "2" } };
        const Labels b { { "b", "2" }, { "a", "1" }, { "__name__", "x" } };
        QCOMPARE(a, b);
        QCOMPARE(qHash(a), qHash(b));
        QVERIFY(a != a.with("a", "3"));
    }

    void orderIsPrometheusLabelsCompare()
    {
        const Labels a { { "__name__", "x" }, { "a", "1" } };
        const Labels b { { "__name__", "x" }, { "a", "2" } };
        const Labels c { { "__name__", "x" }, { "a", "1" }, { "b", "0" } };
        const Labels d { { "__name__", "x" }, { "b", "0" } };
        QVERIFY(a < b && !(b < a));
        QVERIFY(a < c && !(c < a)); // a prefix sorts first
        QVERIFY(c < d); // name "a" < "b" decides before values
        QVERIFY(!(a < a));
    }

    void toStringEscapes()
    {
        const Labels l { { "__name__", "m" }, { "path", "C:\\dir \"x\"\nnext" } };
        QCOMPARE(l.toString(), QByteArray("m{path=\"C:\\\\dir \\\"x\\\"\\nnext\"}"));
        QCOMPARE((Labels { { "__name__", "up" } }.toString()), QByteArray("up"));
    }

    void matchers_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QByteArray>("pattern");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("matches");
        const int eq = int(LabelMatcher::Type::Equal), ne = int(LabelMatcher::Type::NotEqual);
        const int re = int(LabelMatcher::Type::Regex), nre = int(LabelMatcher::Type::NotRegex);
        QTest::newRow("eq") << eq << QByteArray("idle") << QByteArray("idle") << true;
        QTest::newRow("eq-miss") << eq << QByteArray("idle") << QByteArray("user") << false;
        QTest::newRow("ne") << ne << QByteArray("idle") << QByteArray("user") << true;
        QTest::newRow("re-anchored") << re << QByteArray("us") << QByteArray("user") << false;
        QTest::newRow("re-full") << re << QByteArray("us.*") << QByteArray("user") << true;
        QTest::newRow("re-alt") << re << QByteArray("idle|iowait") << QByteArray("iowait") << true;
        QTest::newRow("re-empty") << re << QByteArray(".*") << QByteArray() << true;
        QTest::newRow("nre") << nre << QByteArray("idle|iowait") << QByteArray("user") << true;
        QTest::newRow("nre-miss") << nre << QByteArray("idle|iowait") << QByteArray("idle") << false;
    }

    void matchers()
    {
        QFETCH(int, type);
        QFETCH(QByteArray, pattern);
        QFETCH(QByteArray, value);
        QFETCH(bool, matches);
        const LabelMatcher m(LabelMatcher::Type(type), "mode", pattern);
        QVERIFY(m.isValid());
        QCOMPARE(m.matches(value), matches);
    }

    void badRegexIsReported()
    {
        const LabelMatcher m(LabelMatcher::Type::Regex, "mode", "(unclosed");
        QVERIFY(!m.isValid());
        QVERIFY(!m.errorString().isEmpty());
    }

    void staleMarkerIsDistinctFromNaN()
    {
        QVERIFY(isStaleMarker(staleNaN()));
        QVERIFY(std::isnan(staleNaN()));
        QVERIFY(!isStaleMarker(std::nan("")));
    }
};

QTEST_GUILESS_MAIN(TestLabels)
#include "tst_labels.moc"
