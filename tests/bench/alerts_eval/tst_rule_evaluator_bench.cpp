// Issue 6 benchmark input: 1,000 rules over 10,000 series evaluated every
// second. Prints the cost of one evaluate() (and how much of it is parsing the
// expressions again, which QueryEngine's text-only API forces); never asserts timings.
#include "alerts/RuleEvaluator.h"
#include "metrics/SeriesStore.h"
#include "query/LocalQuerySource.h"
#include "query/Parser.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace opsdeck;
using namespace opsdeck::alerts;

class BenchRuleEvaluator : public QObject
{
    Q_OBJECT

private slots:
    void thousandRulesTenThousandSeries();
};

void BenchRuleEvaluator::thousandRulesTenThousandSeries()
{
    constexpr int kMetrics = 10;
    constexpr int kInstances = 1000; // 10 x 1000 = 10,000 series
    constexpr qint64 kS = 1000;
    metrics::SeriesStore store;
    QRandomGenerator rng(42);
    std::vector<metrics::SeriesRef> refs;
    for (int m = 0; m < kMetrics; ++m)
        for (int i = 0; i < kInstances; ++i)
            refs.push_back(store.getOrCreate(
                metrics::Labels::fromUnsorted({ { "__name__", QByteArray("metric_") + QByteArray::number(m) },
                    { "instance", QByteArray("host-") + QByteArray::number(i) },
                    { "rack", QByteArray("r") + QByteArray::number(i / 10) }, { "job", QByteArray("node") } })));
    const auto scrape = [&](qint64 t) {
        for (size_t k = 0; k < refs.size(); ++k)
            store.append(refs[k], t, rng.generateDouble());
    };
    for (qint64 t = 0; t < 300; t += 10)
        scrape(t * kS);

    // 990 selective rules (one metric of one rack: 10 series each) and 10
    // aggregations over a whole metric (1,000 series each). The cost of an
    // aggregation grows with its series (about 10 us per series here), so
    // the mix decides the total: both parts are printed.
    QList<AlertRule> rules;
    for (int i = 0; i < 1000; ++i) {
        AlertRule r;
        r.name = QStringLiteral("Rule%1").arg(i);
        r.forMs = 60 * kS;
        r.labels.insert(QStringLiteral("severity"), QStringLiteral("warning"));
        r.annotations.insert(
            QStringLiteral("summary"), QStringLiteral("{{ $labels.instance }} at {{ $value | humanize }}"));
        if (i % 100 == 99)
            r.expr = QStringLiteral("avg by (rack) (avg_over_time(metric_%1[1m])) > 0.6").arg(i % kMetrics);
        else
            r.expr = QStringLiteral("metric_%1{rack=\"r%2\"} > 0.95").arg(i % kMetrics).arg(i % 100);
        rules.append(r);
    }
    RuleEvaluator evaluator;
    evaluator.setGroups({ RuleGroup { QStringLiteral("bench"), 0, rules } });
    query::LocalQuerySource engine(&store);

    std::vector<double> ms;
    int changed = 0;
    for (qint64 t = 300; t < 330; ++t) {
        scrape(t * kS);
        QElapsedTimer timer;
        timer.start();
        const EvaluationResult r = evaluator.evaluate(engine, t * kS);
        ms.push_back(timer.nsecsElapsed() / 1e6);
        changed += int(r.changed.size());
    }
    std::sort(ms.begin(), ms.end());
    // The same queries straight on the engine, by kind, for comparison.
    double selectiveMs = 0, aggregateMs = 0;
    {
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 1000; ++i)
            if (i % 100 != 99)
                engine.instant(rules[i].expr, 329 * kS);
        selectiveMs = timer.nsecsElapsed() / 1e6;
        timer.restart();
        for (int i = 99; i < 1000; i += 100)
            engine.instant(rules[i].expr, 329 * kS);
        aggregateMs = timer.nsecsElapsed() / 1e6;
    }
    QElapsedTimer parseTimer;
    parseTimer.start();
    for (const AlertRule& r : std::as_const(rules))
        QVERIFY(query::Parser::parse(r.expr).expr);
    const double parseMs = parseTimer.nsecsElapsed() / 1e6;

    int open = 0;
    for (const Alert& a : evaluator.alerts())
        open += a.isOpen() ? 1 : 0;
    QVERIFY(open > 0);
    printf(
        "BENCH rule_eval rules=1000 series=10000 evaluate_ms_p50=%.2f evaluate_ms_max=%.2f cpu_share_at_1s=%.1f%% "
        "parse_ms=%.2f query_only_ms_990_selective=%.2f query_only_ms_10_aggregate=%.2f open_alerts=%d "
        "changed=%d\n",
        ms[ms.size() / 2], ms.back(), ms[ms.size() / 2] / 10.0, parseMs, selectiveMs, aggregateMs, open, changed);
}

QTEST_GUILESS_MAIN(BenchRuleEvaluator)
#include "tst_rule_evaluator_bench.moc"
