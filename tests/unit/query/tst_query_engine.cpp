// Evaluator semantics against small hand-made store contents; expected values
// computed by hand from Prometheus 2.42 functions.go / engine.go rules.
#include "metrics/SeriesStore.h"
#include "query/QueryEngine.h"
#include "query/QueryResultJson.h"

#include <QTest>

#include <cmath>

using namespace opsdeck;
using namespace opsdeck::query;
using metrics::Labels;

namespace {

constexpr qint64 kS = 1000;

QString render(const Labels& l)
{
    QString s = QStringLiteral("{");
    bool first = true;
    for (const metrics::Label& x : l) {
        if (!first)
            s += u',';
        first = false;
        s += QString::fromUtf8(x.name) + QStringLiteral("=\"") + QString::fromUtf8(x.value) + u'"';
    }
    return s + u'}';
}

QString num(double v)
{
    if (std::isnan(v))
        return QStringLiteral("NaN");
    return QString::number(v, 'g', 12);
}

// "labels => value" lines, sorted, for vector results; scalar as "scalar => v".
QString renderResult(const QueryResult& r)
{
    if (!r.ok)
        return QStringLiteral("error: ") + r.error;
    if (r.type == ValueType::Scalar)
        return QStringLiteral("scalar => ") + num(r.scalar.value);
    QStringList lines;
    for (const ResultSeries& s : r.series) {
        QStringList pts;
        for (const metrics::Sample& p : s.points)
            pts << (r.type == ValueType::Vector ? num(p.value)
                                                : num(p.value) + u'@' + QString::number(p.timestampMs / kS));
        lines << render(s.labels) + QStringLiteral(" => ") + pts.join(u' ');
    }
    lines.sort();
    return lines.join(QStringLiteral("; "));
}

} // namespace

class TestQueryEngine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void instant_data();
    void instant();
    void rangeQuery_data();
    void rangeQuery();
    void limits();
    void topkOrder();
    void outputOrder();

private:
    metrics::SeriesStore m_store;
};

void TestQueryEngine::initTestCase()
{
    auto lbl = [](std::initializer_list<metrics::Label> l) { return Labels(l); };
    // counter at 1/s, a sample every 10 s from 0 to 100 s
    const Labels a = lbl({ { "__name__", "http_requests_total" }, { "job", "api" }, { "instance", "a" } });
    for (int i = 0; i <= 10; ++i)
        m_store.append(a, i * 10 * kS, i * 10.0);
    // counter with a reset at 30 s
    const Labels b = lbl({ { "__name__", "http_requests_total" }, { "job", "api" }, { "instance", "b" } });
    const double bv[] = { 0, 10, 20, 5, 15 };
    for (int i = 0; i < 5; ++i)
        m_store.append(b, i * 10 * kS, bv[i]);
    const Labels g = lbl({ { "__name__", "gauge" }, { "instance", "a" } });
    m_store.append(g, 10 * kS, 1);
    m_store.append(g, 20 * kS, 2);
    m_store.append(g, 30 * kS, 3);
    // goes stale at 30 s
    const Labels st = lbl({ { "__name__", "stale_metric" }, { "instance", "a" } });
    m_store.append(st, 0, 1);
    m_store.markStale(m_store.getOrCreate(st), 30 * kS);
    // histogram at 10 s
    const char* les[] = { "0.1", "0.5", "1", "+Inf" };
    const double counts[] = { 10, 20, 30, 40 };
    for (int i = 0; i < 4; ++i)
        m_store.append(lbl({ { "__name__", "req_duration_bucket" }, { "le", les[i] } }), 10 * kS, counts[i]);
    // non-monotonic buckets
    const double counts2[] = { 10, 30, 20, 40 };
    for (int i = 0; i < 4; ++i)
        m_store.append(lbl({ { "__name__", "bad_bucket" }, { "le", les[i] } }), 10 * kS, counts2[i]);
    // second metric with the same non-name labels as gauge
    m_store.append(lbl({ { "__name__", "gauge2" }, { "instance", "a" } }), 30 * kS, 7);
    m_store.append(lbl({ { "__name__", "nan_metric" }, { "instance", "a" } }), 30 * kS, std::nan(""));
    // one-side info metric for group_left
    m_store.append(lbl({ { "__name__", "node_info" }, { "instance", "a" }, { "os", "linux" } }), 30 * kS, 1);
    m_store.append(lbl({ { "__name__", "node_info" }, { "instance", "b" }, { "os", "bsd" } }), 30 * kS, 1);
}

void TestQueryEngine::instant_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<qint64>("timeS");
    QTest::addColumn<QString>("expected");

    const QString a = QStringLiteral("{__name__=\"http_requests_total\",instance=\"a\",job=\"api\"}");
    // selectors, lookback, staleness
    QTest::newRow("selector") << "http_requests_total{instance=\"a\"}" << qint64(95)
                              << a + QLatin1String(" => 90");
    QTest::newRow("regex anchored") << "http_requests_total{instance=~\"a|c\"}" << qint64(100)
                                    << a + QLatin1String(" => 100");
    QTest::newRow("regex not partial") << "http_requests_total{instance=~\"\"}" << qint64(100) << "";
    QTest::newRow("not regex") << "gauge{instance!~\"b.*\"}" << qint64(30)
                               << "{__name__=\"gauge\",instance=\"a\"} => 3";
    QTest::newRow("lookback inclusive 5m") << "gauge" << qint64(330) << "{__name__=\"gauge\",instance=\"a\"} => 3";
    QTest::newRow("lookback past 5m") << "gauge" << qint64(331) << "";
    QTest::newRow("before first sample") << "gauge" << qint64(5) << "";
    QTest::newRow("stale before marker")
        << "stale_metric" << qint64(20) << "{__name__=\"stale_metric\",instance=\"a\"} => 1";
    QTest::newRow("stale after marker") << "stale_metric" << qint64(40) << "";
    QTest::newRow("offset") << "gauge offset 10s" << qint64(30) << "{__name__=\"gauge\",instance=\"a\"} => 2";
    QTest::newRow("negative offset") << "gauge offset -10s" << qint64(10)
                                     << "{__name__=\"gauge\",instance=\"a\"} => 2";
    QTest::newRow("at") << "gauge @ 20" << qint64(1000) << "{__name__=\"gauge\",instance=\"a\"} => 2";
    QTest::newRow("at end") << "gauge @ end()" << qint64(10) << "{__name__=\"gauge\",instance=\"a\"} => 1";
    // rate family
    QTest::newRow("rate") << "rate(http_requests_total{instance=\"a\"}[50s])" << qint64(100)
                          << "{instance=\"a\",job=\"api\"} => 1";
    QTest::newRow("increase reset") << "increase(http_requests_total{instance=\"b\"}[40s])" << qint64(40)
                                    << "{instance=\"b\",job=\"api\"} => 35";
    QTest::newRow("rate reset") << "rate(http_requests_total{instance=\"b\"}[40s])" << qint64(40)
                                << "{instance=\"b\",job=\"api\"} => 0.875";
    // samples at 10,20,30 (1,2,3) in [5,35]: 2 * 30/20
    QTest::newRow("delta extrapolates") << "delta(gauge[30s])" << qint64(35) << "{instance=\"a\"} => 3";
    // counter 10,20,30 in [5,35] with durationToZero capping: first=10,result=20 -> toZero=10s > 5s, so 20*30/20
    QTest::newRow("increase extrapolates") << "increase(http_requests_total{instance=\"a\"}[30s])" << qint64(35)
                                           << "{instance=\"a\",job=\"api\"} => 30";
    // avg 10s, samples at 50..70 window [45,75]? use far end: window [42,72] samples 50,60,70: start gap 8 < 11,
    // end 2
    QTest::newRow("rate one sample") << "rate(gauge[5s])" << qint64(30) << "";
    QTest::newRow("irate") << "irate(http_requests_total{instance=\"b\"}[40s])" << qint64(40)
                           << "{instance=\"b\",job=\"api\"} => 1";
    QTest::newRow("irate reset") << "irate(http_requests_total{instance=\"b\"}[40s])" << qint64(30)
                                 << "{instance=\"b\",job=\"api\"} => 0.5";
    QTest::newRow("idelta") << "idelta(http_requests_total{instance=\"b\"}[40s])" << qint64(30)
                            << "{instance=\"b\",job=\"api\"} => -15";
    QTest::newRow("deriv") << "deriv(gauge[1m])" << qint64(35) << "{instance=\"a\"} => 0.1";
    QTest::newRow("predict_linear") << "predict_linear(gauge[1m], 10)" << qint64(30) << "{instance=\"a\"} => 4";
    QTest::newRow("resets") << "resets(http_requests_total{instance=\"b\"}[1m])" << qint64(40)
                            << "{instance=\"b\",job=\"api\"} => 1";
    QTest::newRow("changes") << "changes(http_requests_total{instance=\"b\"}[1m])" << qint64(40)
                             << "{instance=\"b\",job=\"api\"} => 4";
    // *_over_time
    QTest::newRow("avg_over_time") << "avg_over_time(gauge[1m])" << qint64(30) << "{instance=\"a\"} => 2";
    QTest::newRow("sum_over_time") << "sum_over_time(gauge[1m])" << qint64(30) << "{instance=\"a\"} => 6";
    QTest::newRow("count_over_time") << "count_over_time(gauge[1m])" << qint64(30) << "{instance=\"a\"} => 3";
    QTest::newRow("min_over_time") << "min_over_time(gauge[1m])" << qint64(30) << "{instance=\"a\"} => 1";
    QTest::newRow("max_over_time") << "max_over_time(gauge[1m])" << qint64(30) << "{instance=\"a\"} => 3";
    QTest::newRow("range inclusive start")
        << "count_over_time(gauge[20s])" << qint64(30) << "{instance=\"a\"} => 3";
    QTest::newRow("stddev_over_time") << "stddev_over_time(gauge[1m])" << qint64(30)
                                      << "{instance=\"a\"} => 0.816496580928";
    QTest::newRow("quantile_over_time")
        << "quantile_over_time(0.25, gauge[1m])" << qint64(30) << "{instance=\"a\"} => 1.5";
    QTest::newRow("last_over_time keeps name")
        << "last_over_time(gauge[1m])" << qint64(30) << "{__name__=\"gauge\",instance=\"a\"} => 3";
    QTest::newRow("range excludes stale")
        << "count_over_time(stale_metric[1m])" << qint64(40) << "{instance=\"a\"} => 1";
    // histogram_quantile
    QTest::newRow("histogram_quantile")
        << "histogram_quantile(0.5, req_duration_bucket)" << qint64(10) << "{} => 0.5";
    QTest::newRow("histogram_quantile first bucket")
        << "histogram_quantile(0.05, req_duration_bucket)" << qint64(10) << "{} => 0.02";
    QTest::newRow("histogram_quantile +Inf bucket")
        << "histogram_quantile(0.9, req_duration_bucket)" << qint64(10) << "{} => 1";
    QTest::newRow("histogram_quantile q>1")
        << "histogram_quantile(2, req_duration_bucket)" << qint64(10) << "{} => inf";
    // monotonicity fix: 10,30,20,40 -> 10,30,30,40; q=0.6 rank 24 in (0.1,0.5]: 0.1 + 0.4*14/20
    QTest::newRow("histogram_quantile monotonic")
        << "histogram_quantile(0.6, bad_bucket)" << qint64(10) << "{} => 0.38";
    QTest::newRow("histogram_quantile no inf")
        << "histogram_quantile(0.5, req_duration_bucket{le!=\"+Inf\"})" << qint64(10) << "{} => NaN";
    // simple functions
    QTest::newRow("abs") << "abs(-gauge)" << qint64(30) << "{instance=\"a\"} => 3";
    QTest::newRow("ceil") << "ceil(gauge / 2)" << qint64(30) << "{instance=\"a\"} => 2";
    QTest::newRow("floor") << "floor(gauge / 2)" << qint64(30) << "{instance=\"a\"} => 1";
    QTest::newRow("round") << "round(gauge / 2)" << qint64(30) << "{instance=\"a\"} => 2";
    QTest::newRow("round to nearest") << "round(gauge, 2)" << qint64(30) << "{instance=\"a\"} => 4";
    QTest::newRow("clamp") << "clamp(gauge, 0, 2)" << qint64(30) << "{instance=\"a\"} => 2";
    QTest::newRow("clamp empty") << "clamp(gauge, 2, 0)" << qint64(30) << "";
    QTest::newRow("clamp_min") << "clamp_min(gauge, 5)" << qint64(30) << "{instance=\"a\"} => 5";
    QTest::newRow("clamp_max") << "clamp_max(gauge, 1)" << qint64(30) << "{instance=\"a\"} => 1";
    QTest::newRow("timestamp") << "timestamp(gauge)" << qint64(35) << "{instance=\"a\"} => 30";
    QTest::newRow("timestamp of expr") << "timestamp(gauge * 1)" << qint64(35) << "{instance=\"a\"} => 35";
    QTest::newRow("time") << "time()" << qint64(35) << "scalar => 35";
    QTest::newRow("vector") << "vector(2)" << qint64(35) << "{} => 2";
    QTest::newRow("scalar of many") << "scalar(http_requests_total)" << qint64(35) << "scalar => NaN";
    QTest::newRow("absent present") << "absent(gauge)" << qint64(30) << "";
    QTest::newRow("absent labels") << "absent(nonexistent{job=\"x\", a=~\"b\"})" << qint64(30)
                                   << "{job=\"x\"} => 1";
    QTest::newRow("vector or") << "vector(1) or absent(gauge)" << qint64(30) << "{} => 1";
    QTest::newRow("label_replace") << "label_replace(gauge, \"host\", \"h-$1\", \"instance\", \"(.*)\")"
                                   << qint64(30) << "{__name__=\"gauge\",host=\"h-a\",instance=\"a\"} => 3";
    // parenthesised arguments (issue 21): timestamp() still sees the selector, strings are strings
    QTest::newRow("timestamp paren") << "timestamp((gauge))" << qint64(35) << "{instance=\"a\"} => 30";
    QTest::newRow("timestamp parens") << "timestamp(((gauge)))" << qint64(35) << "{instance=\"a\"} => 30";
    QTest::newRow("label_replace paren strings")
        << "label_replace(gauge, (\"host\"), ((\"h-$1\")), (\"instance\"), (\"(.*)\"))" << qint64(30)
        << "{__name__=\"gauge\",host=\"h-a\",instance=\"a\"} => 3";
    QTest::newRow("label_join")
        << "label_join(http_requests_total, \"id\", \"/\", \"job\", \"instance\")" << qint64(40)
        << "{__name__=\"http_requests_total\",id=\"api/a\",instance=\"a\",job=\"api\"} => 40; "
           "{__name__=\"http_requests_total\",id=\"api/b\",instance=\"b\",job=\"api\"} => 15";
    QTest::newRow("label_join paren strings")
        << "label_join(gauge, (\"id\"), (\"-\"), (\"instance\"), (\"instance\"))" << qint64(30)
        << "{__name__=\"gauge\",id=\"a-a\",instance=\"a\"} => 3";
    QTest::newRow("label_join empty removes")
        << "label_join(gauge, \"instance\", \",\", \"nope\")" << qint64(30) << "{__name__=\"gauge\"} => 3";
    QTest::newRow("label_join bad src") << "label_join(gauge, \"d\", \",\", \"1x\")" << qint64(30)
                                        << "error: invalid source label name in label_join(): 1x";
    // subqueries: inner steps at absolute multiples of the step, window inclusive at both ends
    QTest::newRow("subquery instant") << "gauge[30s:10s]" << qint64(30)
                                      << "{__name__=\"gauge\",instance=\"a\"} => 1@10 2@20 3@30";
    QTest::newRow("subquery sum") << "sum_over_time(gauge[30s:10s])" << qint64(35) << "{instance=\"a\"} => 6";
    QTest::newRow("subquery aligned steps") // steps 7 14 21 28 35, not 5 12 19 26 33
        << "sum_over_time(gauge[30s:7s])" << qint64(35) << "{instance=\"a\"} => 8";
    QTest::newRow("subquery offset") << "sum_over_time(gauge[30s:10s] offset 10s)" << qint64(45)
                                     << "{instance=\"a\"} => 6";
    QTest::newRow("subquery at") << "sum_over_time(gauge[30s:10s] @ 35)" << qint64(1000)
                                 << "{instance=\"a\"} => 6";
    QTest::newRow("subquery of rate") << "max_over_time(rate(http_requests_total{instance=\"a\"}[20s])[30s:10s])"
                                      << qint64(100) << "{instance=\"a\",job=\"api\"} => 1";
    QTest::newRow("subquery nested") // inner sums 1, 3, 6, 8 at 10..40
        << "max_over_time(sum_over_time(gauge[20s:10s])[30s:10s])" << qint64(40) << "{instance=\"a\"} => 8";
    QTest::newRow("subquery default step 1m") // steps 60..300 (gauge has no sample before 10 s)
        << "count_over_time(gauge[5m:])" << qint64(300) << "{instance=\"a\"} => 5";
    QTest::newRow("subquery of aggregation")
        << "last_over_time(sum by (job) (http_requests_total)[1m:10s])" << qint64(40) << "{job=\"api\"} => 55";
    QTest::newRow("subquery paren") << "(gauge)[20s:10s]" << qint64(30)
                                    << "{__name__=\"gauge\",instance=\"a\"} => 1@10 2@20 3@30";
    QTest::newRow("label_replace no match") << "label_replace(gauge, \"host\", \"x\", \"instance\", \"b\")"
                                            << qint64(30) << "{__name__=\"gauge\",instance=\"a\"} => 3";
    // aggregations at 40 s: a=40, b=15
    QTest::newRow("sum by") << "sum by (job) (http_requests_total)" << qint64(40) << "{job=\"api\"} => 55";
    QTest::newRow("sum by after") << "sum(http_requests_total) by (job)" << qint64(40) << "{job=\"api\"} => 55";
    QTest::newRow("sum without") << "sum without (instance) (http_requests_total)" << qint64(40)
                                 << "{job=\"api\"} => 55";
    QTest::newRow("avg") << "avg(http_requests_total)" << qint64(40) << "{} => 27.5";
    QTest::newRow("count") << "count(http_requests_total)" << qint64(40) << "{} => 2";
    QTest::newRow("min") << "min(http_requests_total)" << qint64(40) << "{} => 15";
    QTest::newRow("max") << "max by (instance) (http_requests_total)" << qint64(40)
                         << "{instance=\"a\"} => 40; {instance=\"b\"} => 15";
    QTest::newRow("stddev") << "stddev(http_requests_total)" << qint64(40) << "{} => 12.5";
    QTest::newRow("quantile") << "quantile(0.5, http_requests_total)" << qint64(40) << "{} => 27.5";
    QTest::newRow("topk") << "topk(1, http_requests_total)" << qint64(40) << a + QLatin1String(" => 40");
    QTest::newRow("bottomk") << "bottomk(1, http_requests_total)" << qint64(40)
                             << "{__name__=\"http_requests_total\",instance=\"b\",job=\"api\"} => 15";
    QTest::newRow("topk zero") << "topk(0, http_requests_total)" << qint64(40) << "";
    QTest::newRow("count_values") << "count_values(\"v\", gauge)" << qint64(30) << "{v=\"3\"} => 1";
    QTest::newRow("max with NaN") << "max({__name__=~\"nan_metric|gauge\"})" << qint64(30) << "{} => 3";
    QTest::newRow("sum empty") << "sum(nonexistent)" << qint64(30) << "";
    // binary operators
    QTest::newRow("vector scalar drops name") << "gauge * 2" << qint64(30) << "{instance=\"a\"} => 6";
    QTest::newRow("comparison keeps name")
        << "gauge > 2" << qint64(30) << "{__name__=\"gauge\",instance=\"a\"} => 3";
    QTest::newRow("comparison filters") << "gauge > 5" << qint64(30) << "";
    QTest::newRow("comparison bool") << "gauge > bool 5" << qint64(30) << "{instance=\"a\"} => 0";
    QTest::newRow("scalar left comparison")
        << "2 < gauge" << qint64(30) << "{__name__=\"gauge\",instance=\"a\"} => 3";
    QTest::newRow("pow") << "gauge ^ 2" << qint64(30) << "{instance=\"a\"} => 9";
    QTest::newRow("mod") << "gauge % 2" << qint64(30) << "{instance=\"a\"} => 1";
    QTest::newRow("div by zero") << "gauge / 0" << qint64(30) << "{instance=\"a\"} => inf";
    QTest::newRow("one to one") << "gauge + gauge2" << qint64(30) << "{instance=\"a\"} => 10";
    QTest::newRow("on") << "http_requests_total + on(instance) gauge" << qint64(30) << "{instance=\"a\"} => 33";
    QTest::newRow("ignoring") << "http_requests_total - ignoring(job) gauge" << qint64(30)
                              << "{instance=\"a\"} => 27";
    QTest::newRow("group_left")
        << "http_requests_total * on(instance) group_left(os) node_info" << qint64(40)
        << "{instance=\"a\",job=\"api\",os=\"linux\"} => 40; {instance=\"b\",job=\"api\",os=\"bsd\"} => 15";
    QTest::newRow("group_right") << "node_info * on(instance) group_right http_requests_total" << qint64(40)
                                 << "{instance=\"a\",job=\"api\"} => 40; {instance=\"b\",job=\"api\"} => 15";
    QTest::newRow("and") << "http_requests_total and on(instance) gauge" << qint64(30)
                         << a + QLatin1String(" => 30");
    QTest::newRow("unless") << "http_requests_total unless on(instance) gauge" << qint64(30)
                            << "{__name__=\"http_requests_total\",instance=\"b\",job=\"api\"} => 5";
    QTest::newRow("or") << "gauge or gauge2" << qint64(30) << "{__name__=\"gauge\",instance=\"a\"} => 3";
    QTest::newRow("unary minus drops name") << "-gauge" << qint64(30) << "{instance=\"a\"} => -3";
    // errors
    QTest::newRow("many to many")
        << "http_requests_total + on(job) http_requests_total" << qint64(30)
        << "error: found duplicate series for the match group {job=\"api\"} on the right hand-side of the "
           "operation: "
           "[{__name__=\"http_requests_total\", instance=\"b\", job=\"api\"}, {__name__=\"http_requests_total\", "
           "instance=\"a\", job=\"api\"}];"
           "many-to-many matching not allowed: matching labels must be unique on one side";
    QTest::newRow("many to one without group")
        << "http_requests_total + on(job) vector(1) * 0 + on() group_left node_info{instance=\"a\"}" << qint64(30)
        << "";
    QTest::newRow("missing group_left")
        << "http_requests_total * on(job) group_right sum by (job) (http_requests_total)" << qint64(30)
        << "error: found duplicate series for the match group {job=\"api\"} on the left hand-side of the "
           "operation: "
           "[{__name__=\"http_requests_total\", instance=\"b\", job=\"api\"}, {__name__=\"http_requests_total\", "
           "instance=\"a\", job=\"api\"}];"
           "many-to-many matching not allowed: matching labels must be unique on one side";
    QTest::newRow("one to one needs group")
        << "sum by (job) (http_requests_total) + on(job) http_requests_total" << qint64(30)
        << "error: found duplicate series for the match group {job=\"api\"} on the right hand-side of the "
           "operation: "
           "[{__name__=\"http_requests_total\", instance=\"b\", job=\"api\"}, {__name__=\"http_requests_total\", "
           "instance=\"a\", job=\"api\"}];"
           "many-to-many matching not allowed: matching labels must be unique on one side";
    QTest::newRow("same labelset") << "count_over_time({__name__=~\"gauge|gauge2\"}[1m])" << qint64(30)
                                   << "error: vector cannot contain metrics with the same labelset";
    QTest::newRow("same labelset abs") << "abs({__name__=~\"gauge|gauge2\"})" << qint64(30)
                                       << "error: vector cannot contain metrics with the same labelset";
    QTest::newRow("label_replace bad regex")
        << "label_replace(gauge, \"a\", \"x\", \"instance\", \"(\")" << qint64(30)
        << "error: invalid regular expression in label_replace(): (";
    QTest::newRow("label_replace bad dst")
        << "label_replace(gauge, \"1a\", \"x\", \"instance\", \".*\")" << qint64(30)
        << "error: invalid destination label name in label_replace(): 1a";
}

void TestQueryEngine::instant()
{
    QFETCH(QString, expr);
    QFETCH(qint64, timeS);
    QFETCH(QString, expected);
    QueryEngine engine(&m_store);
    const QueryResult r = engine.instant(expr, timeS * kS);
    QCOMPARE(renderResult(r), expected);
}

void TestQueryEngine::rangeQuery_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<QString>("expected");
    QTest::newRow("rate steps") << "rate(http_requests_total{instance=\"a\"}[50s])"
                                << "{instance=\"a\",job=\"api\"} => 1@50 1@75 1@100";
    QTest::newRow("gauge gaps and lookback") << "gauge"
                                             << "{__name__=\"gauge\",instance=\"a\"} => 3@50 3@75 3@100";
    QTest::newRow("stale disappears") << "stale_metric"
                                      << "";
    QTest::newRow("scalar") << "time()"
                            << "{} => 50@50 75@75 100@100";
    QTest::newRow("sum by") << "sum by (job) (http_requests_total)"
                            << "{job=\"api\"} => 65@50 85@75 115@100";
    QTest::newRow("subquery") << "sum_over_time(gauge[30s:10s])"
                              << "{instance=\"a\"} => 11@50 9@75 12@100";
    QTest::newRow("subquery at start") << "sum_over_time(gauge[30s:10s] @ start())"
                                       << "{instance=\"a\"} => 11@50 11@75 11@100";
    QTest::newRow("at start") << "gauge @ start()"
                              << "{__name__=\"gauge\",instance=\"a\"} => 3@50 3@75 3@100";
}

void TestQueryEngine::rangeQuery()
{
    QFETCH(QString, expr);
    QFETCH(QString, expected);
    QueryEngine engine(&m_store);
    QCOMPARE(renderResult(engine.range(expr, 50 * kS, 100 * kS, 25 * kS)), expected);
}

void TestQueryEngine::limits()
{
    QueryLimits lim;
    lim.maxSeries = 1;
    QueryEngine few(&m_store, lim);
    QueryResult r = few.instant(QStringLiteral("http_requests_total"), 30 * kS);
    QVERIFY(!r.ok);
    QCOMPARE(r.errorType, QStringLiteral("execution"));
    QVERIFY2(r.error.contains(QStringLiteral("too many series")), qPrintable(r.error));

    QueryLimits lim2;
    lim2.maxSamples = 5;
    QueryEngine small(&m_store, lim2);
    r = small.range(QStringLiteral("rate(http_requests_total[1m])"), 0, 100 * kS, 10 * kS);
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains(QStringLiteral("too many samples")), qPrintable(r.error));

    QueryEngine engine(&m_store);
    r = engine.range(QStringLiteral("gauge[1m]"), 0, 10, 1);
    QVERIFY(!r.ok);
    QCOMPARE(r.errorType, QStringLiteral("bad_data"));
    r = engine.range(QStringLiteral("gauge"), 10, 0, 1);
    QVERIFY(!r.ok);
    r = engine.range(QStringLiteral("gauge"), 0, 10, 0);
    QVERIFY(!r.ok);
    r = engine.instant(QStringLiteral("gauge[1m]"), 30 * kS);
    QVERIFY(r.ok);
    QCOMPARE(r.type, ValueType::Matrix);
    QCOMPARE(renderResult(r), QStringLiteral("{__name__=\"gauge\",instance=\"a\"} => 1@10 2@20 3@30"));
    // Subquery points count as samples.
    QueryLimits lim3;
    lim3.maxSamples = 20;
    QueryEngine tight(&m_store, lim3);
    r = tight.instant(QStringLiteral("max_over_time(gauge[1m:1s])"), 60 * kS);
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains(QStringLiteral("too many samples")), qPrintable(r.error));
    QVERIFY(tight.instant(QStringLiteral("max_over_time(gauge[1m:10s])"), 60 * kS).ok);
    r = engine.range(QStringLiteral("gauge[1m:10s]"), 0, 10, 1);
    QVERIFY(!r.ok);
    QCOMPARE(r.errorType, QStringLiteral("bad_data"));
    r = engine.instant(QStringLiteral("\"hello\""), 30 * kS);
    QVERIFY(r.ok);
    QCOMPARE(r.type, ValueType::String);
    QCOMPARE(r.string, QStringLiteral("hello"));
}

void TestQueryEngine::topkOrder()
{
    QueryEngine engine(&m_store);
    const QueryResult r = engine.instant(QStringLiteral("topk(2, http_requests_total)"), 40 * kS);
    QVERIFY(r.ok);
    QCOMPARE(r.series.size(), 2);
    QCOMPARE(r.series[0].points[0].value, 40.0);
    QCOMPARE(r.series[1].points[0].value, 15.0);
}

// Issue 21: the CLI and the HTTP API print topk/bottomk (and sort/sort_desc)
// in their evaluation order, as Prometheus 2.42 does for instant queries, and
// everything else and every range query by label set.
void TestQueryEngine::outputOrder()
{
    QueryEngine engine(&m_store);
    const auto order = [&engine](const QString& expr, bool range) {
        QueryResult r = range ? engine.range(expr, 40 * kS, 40 * kS, kS) : engine.instant(expr, 40 * kS);
        QueryResultJson::sortForOutput(r, expr, range);
        QStringList out;
        for (const ResultSeries& s : r.series)
            out << QString::fromUtf8(s.labels.value("instance"));
        return out.join(u',');
    };
    QCOMPARE(order(QStringLiteral("bottomk(2, http_requests_total)"), false), QStringLiteral("b,a"));
    QCOMPARE(order(QStringLiteral("(bottomk(2, http_requests_total))"), false), QStringLiteral("b,a"));
    QCOMPARE(order(QStringLiteral("topk(2, -http_requests_total)"), false), QStringLiteral("b,a"));
    QCOMPARE(order(QStringLiteral("topk(2, http_requests_total)"), false), QStringLiteral("a,b"));
    QCOMPARE(order(QStringLiteral("sort(-http_requests_total)"), false), QStringLiteral("a,b"));
    QCOMPARE(order(QStringLiteral("sort_desc(-http_requests_total)"), false), QStringLiteral("b,a"));
    QCOMPARE(order(QStringLiteral("bottomk by (job) (2, http_requests_total)"), false), QStringLiteral("b,a"));
    // Not the outermost operation, or a range query: by labels.
    QCOMPARE(order(QStringLiteral("bottomk(2, http_requests_total) * 1"), false), QStringLiteral("a,b"));
    QCOMPARE(order(QStringLiteral("bottomk(2, http_requests_total)"), true), QStringLiteral("a,b"));
    QCOMPARE(order(QStringLiteral("-http_requests_total"), false), QStringLiteral("a,b"));
    QVERIFY(QueryResultJson::ordersByValue(QStringLiteral("topk(1, x)")));
    QVERIFY(!QueryResultJson::ordersByValue(QStringLiteral("topk(1, x")));
}

QTEST_GUILESS_MAIN(TestQueryEngine)
#include "tst_query_engine.moc"
