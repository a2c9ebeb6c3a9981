// Folded stacks (Brendan Gregg's FlameGraph format) into the flame graph's tree,
// and the graph's zoom and search maths the widget paints from.
#include "profiler/FlameGraph.h"

#include <QTest>

using opsdeck::models::FlameGraph;

namespace {

int nodeByPath(const FlameGraph& graph, const QString& path)
{
    for (int i = 1; i < graph.nodes().size(); ++i) {
        if (graph.path(i) == path)
            return i;
    }
    return -1;
}

const QByteArray kFixture = "main;run;parse 30\n"
                            "main;run;compute;sqrt 50\n"
                            "main;run;compute 10\n"
                            "main;idle 10\n"
                            "kworker;process_one_work 20\n";

} // namespace

class TestFlameGraph : public QObject
{
    Q_OBJECT

private slots:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("folded");
        QTest::addColumn<quint64>("total");
        QTest::addColumn<int>("skipped");
        QTest::addColumn<int>("depth");
        QTest::addColumn<int>("frames"); // without the synthetic root
        QTest::newRow("fixture") << kFixture << quint64(120) << 0 << 4 << 8;
        QTest::newRow("empty") << QByteArray() << quint64(0) << 0 << 0 << 0;
        QTest::newRow("garbage lines skipped")
            << QByteArray("a;b 5\nnot a stack\nc;d x\n\na;b 7\n") << quint64(12) << 2 << 2 << 2;
        QTest::newRow("spaces in frame names")
            << QByteArray("java;Foo.bar (inlined) 3\r\njava;[unknown] 1\n") << quint64(4) << 0 << 2 << 3;
        QTest::newRow("zero counts are skipped") << QByteArray("a 0\nb 2\n") << quint64(2) << 1 << 1 << 1;
    }
    void parse()
    {
        QFETCH(QByteArray, folded);
        const FlameGraph graph = FlameGraph::fromFolded(folded);
        QTEST(graph.totalSamples(), "total");
        QTEST(graph.skippedLines(), "skipped");
        QTEST(graph.maxDepth(), "depth");
        QTEST(int(graph.nodes().size()) - (graph.nodes().isEmpty() ? 0 : 1), "frames");
    }

    void mergesPrefixesAndCountsSelf()
    {
        const FlameGraph graph = FlameGraph::fromFolded(kFixture);
        const int run = nodeByPath(graph, QStringLiteral("main;run"));
        const int compute = nodeByPath(graph, QStringLiteral("main;run;compute"));
        QVERIFY(run > 0 && compute > 0);
        QCOMPARE(graph.nodes()[run].samples, quint64(90));
        QCOMPARE(graph.nodes()[run].self, quint64(0));
        QCOMPARE(graph.nodes()[compute].samples, quint64(60));
        QCOMPARE(graph.nodes()[compute].self, quint64(10));
        QCOMPARE(graph.nodes()[run].depth, 1);
    }

    void layoutWidthsAreShares()
    {
        const FlameGraph graph = FlameGraph::fromFolded(kFixture);
        const auto rects = graph.layout();
        QCOMPARE(rects.size(), 8);
        const int main = nodeByPath(graph, QStringLiteral("main"));
        const int kworker = nodeByPath(graph, QStringLiteral("kworker"));
        const int sqrt = nodeByPath(graph, QStringLiteral("main;run;compute;sqrt"));
        for (const auto& r : rects) {
            if (r.node == main) {
                QCOMPARE(r.depth, 0);
                QCOMPARE(r.x, 0.0);
                QCOMPARE(r.width, 100.0 / 120.0);
            } else if (r.node == kworker) {
                QCOMPARE(r.x, 100.0 / 120.0);
                QCOMPARE(r.width, 20.0 / 120.0);
            } else if (r.node == sqrt) {
                QCOMPARE(r.depth, 3);
                QCOMPARE(r.width, 50.0 / 120.0);
                QCOMPARE(r.x, 30.0 / 120.0); // after parse (30) under run
            }
            QVERIFY(r.x >= 0 && r.x + r.width <= 1.0 + 1e-9);
        }
        // Narrow frames are left out.
        QCOMPARE(graph.layout(0.15).size(), 7); // main;idle (10 of 120) is left out
    }

    void zoomMakesTheFrameFullWidthAndKeepsAncestors()
    {
        FlameGraph graph = FlameGraph::fromFolded(kFixture);
        const int compute = nodeByPath(graph, QStringLiteral("main;run;compute"));
        graph.setZoom(compute);
        QCOMPARE(graph.zoom(), compute);
        const auto rects = graph.layout();
        // main, run (ancestors, full width) + compute + sqrt
        QCOMPARE(rects.size(), 4);
        for (const auto& r : rects) {
            if (r.node == compute) {
                QCOMPARE(r.depth, 2);
                QCOMPARE(r.x, 0.0);
                QCOMPARE(r.width, 1.0);
            }
            if (graph.nodes()[r.node].name == u"sqrt") {
                QCOMPARE(r.depth, 3);
                QCOMPARE(r.width, 50.0 / 60.0);
            }
            if (graph.nodes()[r.node].name == u"main")
                QCOMPARE(r.width, 1.0);
        }
        graph.resetZoom();
        QCOMPARE(graph.layout().size(), 8);
        graph.setZoom(9999); // out of range: back to everything
        QCOMPARE(graph.zoom(), 0);
    }

    void searchCountsEachSampleOnce_data()
    {
        QTest::addColumn<QByteArray>("folded");
        QTest::addColumn<QString>("search");
        QTest::addColumn<double>("fraction");
        QTest::addColumn<int>("highlighted");
        QTest::newRow("leaf") << kFixture << QStringLiteral("SQRT") << 50.0 / 120 << 1;
        QTest::newRow("inner frame covers its subtree")
            << kFixture << QStringLiteral("compute") << 60.0 / 120 << 1;
        QTest::newRow("two places") << kFixture << QStringLiteral("o") << (60.0 + 20.0) / 120
                                    << 3; // compute, kworker, process_one_work
        QTest::newRow("recursion not counted twice")
            << QByteArray("a;rec;rec;rec 6\na;other 4\n") << QStringLiteral("rec") << 0.6 << 3;
        QTest::newRow("none") << kFixture << QStringLiteral("nothing") << 0.0 << 0;
        QTest::newRow("empty search") << kFixture << QString() << 0.0 << 0;
    }
    void searchCountsEachSampleOnce()
    {
        QFETCH(QByteArray, folded);
        QFETCH(QString, search);
        FlameGraph graph = FlameGraph::fromFolded(folded);
        graph.setSearch(search);
        QFETCH(double, fraction);
        QCOMPARE(graph.matchedFraction(), fraction);
        int highlighted = 0;
        for (const auto& r : graph.layout())
            highlighted += r.matched ? 1 : 0;
        QTEST(highlighted, "highlighted");
    }
};

QTEST_GUILESS_MAIN(TestFlameGraph)
#include "tst_flame_graph.moc"
