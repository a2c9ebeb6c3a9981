// Unit tests of engine/dashboard/PanelDefinition: the default host panels,
// "$host" expansion and the step a window length gets.
#include "dashboard/LiveQueryFeed.h"
#include "dashboard/PanelDefinition.h"
#include "query/QueryEngine.h"

#include <QSet>
#include <QTest>

using namespace opsdeck;
using namespace opsdeck::dashboard;

class TestPanelDefinition : public QObject
{
    Q_OBJECT

private slots:
    void defaultPanelsAreComplete()
    {
        const QList<PanelDefinition> panels = defaultHostPanels();
        QCOMPARE(panels.size(), 6);
        QSet<QString> titles;
        for (int i = 0; i < panels.size(); ++i) {
            const PanelDefinition& p = panels.at(i);
            QCOMPARE(p.id, 0);
            QCOMPARE(p.position, i);
            QVERIFY2(!p.title.isEmpty(), qPrintable(p.query));
            titles.insert(p.title);
            QVERIFY2(knownUnits().contains(p.unit), qPrintable(p.unit));
            QVERIFY2(p.query.contains(QStringLiteral("$host")), qPrintable(p.title));
            // Each must parse once $host is filled in, for all hosts and for one.
            for (const QString& host : { QString(), QStringLiteral("web-1:9100"), QStringLiteral("db\\d+") }) {
                const QString expr = expandHostVariable(p.query, host);
                QVERIFY2(!expr.contains(QStringLiteral("$host")), qPrintable(expr));
                const QString error = query::QueryEngine::check(expr);
                QVERIFY2(error.isEmpty(), qPrintable(p.title + QStringLiteral(": ") + error));
            }
        }
        QCOMPARE(titles.size(), panels.size()); // no two panels with the same title
        QCOMPARE(panels.at(0).unit, QStringLiteral("percent"));
        QCOMPARE(panels.at(1).unit, QStringLiteral("bytes"));
        QCOMPARE(panels.at(3).unit, QStringLiteral("bytes/s"));
        QCOMPARE(panels.at(4).unit, QStringLiteral("bytes/s"));
        QCOMPARE(panels.at(5).unit, QStringLiteral("percent"));
    }

    void expandHost_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("expected");
        QTest::newRow("all hosts") << QStringLiteral("up{instance=~\"$host\"}") << QString()
                                   << QStringLiteral("up{instance=~\".+\"}");
        QTest::newRow("one host") << QStringLiteral("up{instance=~\"$host\"}") << QStringLiteral("web-1:9100")
                                  << QStringLiteral("up{instance=~\"web-1:9100\"}");
        QTest::newRow("two uses") << QStringLiteral("a{instance=~\"$host\"} / b{instance=~\"$host\"}")
                                  << QStringLiteral("h1|h2")
                                  << QStringLiteral("a{instance=~\"h1|h2\"} / b{instance=~\"h1|h2\"}");
        QTest::newRow("backslash escaped") << QStringLiteral("up{instance=~\"$host\"}") << QStringLiteral("db\\d+")
                                           << QStringLiteral("up{instance=~\"db\\\\d+\"}");
        QTest::newRow("quote cannot end the string")
            << QStringLiteral("up{instance=~\"$host\"}") << QStringLiteral("a\"} or vector(1) or up{x=\"")
            << QStringLiteral("up{instance=~\"a\\\"} or vector(1) or up{x=\\\"\"}");
        QTest::newRow("no variable") << QStringLiteral("up") << QStringLiteral("x") << QStringLiteral("up");
    }

    void expandHost()
    {
        QFETCH(QString, query);
        QFETCH(QString, host);
        QFETCH(QString, expected);
        QCOMPARE(expandHostVariable(query, host), expected);
        QVERIFY(query::QueryEngine::check(expected).isEmpty());
    }

    void stepForRange_data()
    {
        QTest::addColumn<qint64>("range");
        QTest::addColumn<qint64>("step");
        QTest::newRow("below minimum is 1 min") << qint64(1000) << qint64(1000);
        QTest::newRow("1 min") << qint64(60'000) << qint64(1000);
        QTest::newRow("1 h") << qint64(3'600'000) << qint64(1000);
        QTest::newRow("1 h + 1 s rounds up") << qint64(3'601'000) << qint64(2000);
        QTest::newRow("6 h") << qint64(6 * 3'600'000) << qint64(6000);
        QTest::newRow("24 h") << qint64(24 * 3'600'000) << qint64(24'000);
        QTest::newRow("above maximum is 24 h") << qint64(48 * 3'600'000) << qint64(24'000);
    }

    void stepForRange()
    {
        QFETCH(qint64, range);
        QFETCH(qint64, step);
        QCOMPARE(LiveQueryFeed::stepForRange(range), step);
        QCOMPARE(step % 1000, 0);
        QVERIFY(LiveQueryFeed::clampRange(range) / step <= LiveQueryFeed::kMaxPointsPerWindow);
    }
};

QTEST_GUILESS_MAIN(TestPanelDefinition)
#include "tst_panel_definition.moc"
