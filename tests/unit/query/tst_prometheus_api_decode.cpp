// Unit: PrometheusQuerySource's decoders on bodies as Prometheus 2.42 writes
// them (web/api/v1): vector, matrix, scalar and string results, special
// values, the API's errors (passed through with the source's name), warnings,
// series and label lists, and bodies that are not the API's JSON.
#include "query/PrometheusQuerySource.h"

#include <QTest>

#include <cmath>

using namespace opsdeck;
using query::PrometheusQuerySource;

class TestPrometheusApiDecode : public QObject
{
    Q_OBJECT

private slots:
    void vector();
    void matrixWithSpecialValues();
    void scalarAndString();
    void apiErrorPassesThrough();
    void warningsNameTheSource();
    void notJson_data();
    void notJson();
    void malformedPoint();
    void seriesAndLabels();
};

void TestPrometheusApiDecode::vector()
{
    const QByteArray body = R"({"status":"success","data":{"resultType":"vector","result":[
        {"metric":{"__name__":"up","job":"node","instance":"a:9100"},"value":[1700000000.25,"1"]},
        {"metric":{"job":"api"},"value":[1700000000.25,"0.5"]}]}})";
    const auto r = PrometheusQuerySource::decodeQuery(body, 200, QStringLiteral("p"));
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.type, query::ValueType::Vector);
    QCOMPARE(r.series.size(), 2);
    QCOMPARE(r.series.at(0).labels.metricName(), QByteArray("up"));
    QCOMPARE(r.series.at(0).labels.value("instance"), QByteArray("a:9100"));
    QCOMPARE(r.series.at(0).labels.size(), 3);
    QCOMPARE(r.series.at(0).points.size(), 1);
    QCOMPARE(r.series.at(0).points.at(0).timestampMs, Q_INT64_C(1700000000250));
    QCOMPARE(r.series.at(1).points.at(0).value, 0.5);
}

void TestPrometheusApiDecode::matrixWithSpecialValues()
{
    const QByteArray body = R"({"status":"success","data":{"resultType":"matrix","result":[
        {"metric":{"q":"x"},"values":[[1,"NaN"],[2,"+Inf"],[3,"-Inf"],[4,"1e-07"],[5,"12345678901234567890"]]}]}})";
    const auto r = PrometheusQuerySource::decodeQuery(body, 200, QStringLiteral("p"));
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.type, query::ValueType::Matrix);
    const auto& p = r.series.at(0).points;
    QCOMPARE(p.size(), 5);
    QVERIFY(std::isnan(p.at(0).value));
    QVERIFY(std::isinf(p.at(1).value) && p.at(1).value > 0);
    QVERIFY(std::isinf(p.at(2).value) && p.at(2).value < 0);
    QCOMPARE(p.at(3).value, 1e-7);
    QCOMPARE(p.at(4).value, 12345678901234567890.0);
    QCOMPARE(p.at(4).timestampMs, Q_INT64_C(5000));
}

void TestPrometheusApiDecode::scalarAndString()
{
    const auto s = PrometheusQuerySource::decodeQuery(
        R"({"status":"success","data":{"resultType":"scalar","result":[1700000000,"42"]}})", 200, {});
    QVERIFY(s.ok);
    QCOMPARE(s.type, query::ValueType::Scalar);
    QCOMPARE(s.scalar.value, 42.0);
    QCOMPARE(s.scalar.timestampMs, Q_INT64_C(1700000000000));
    const auto t = PrometheusQuerySource::decodeQuery(
        R"({"status":"success","data":{"resultType":"string","result":[1,"hello"]}})", 200, {});
    QVERIFY(t.ok);
    QCOMPARE(t.type, query::ValueType::String);
    QCOMPARE(t.string, QStringLiteral("hello"));
}

void TestPrometheusApiDecode::apiErrorPassesThrough()
{
    const auto r = PrometheusQuerySource::decodeQuery(
        R"({"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected end of input"})", 400,
        QStringLiteral("mes-prom"));
    QVERIFY(!r.ok);
    QCOMPARE(r.errorType, QStringLiteral("bad_data"));
    QCOMPARE(r.error, QStringLiteral("data source mes-prom: 1:5: parse error: unexpected end of input"));
    const auto e = PrometheusQuerySource::decodeQuery(
        R"({"status":"error","errorType":"execution","error":"query processing would load too many samples"})",
        422, QStringLiteral("mes-prom"));
    QCOMPARE(e.errorType, QStringLiteral("execution"));
}

void TestPrometheusApiDecode::warningsNameTheSource()
{
    const auto r = PrometheusQuerySource::decodeQuery(
        R"({"status":"success","warnings":["partial response: store b down"],"data":{"resultType":"vector","result":[]}})",
        200, QStringLiteral("thanos"));
    QVERIFY(r.ok);
    QCOMPARE(r.warnings, QStringList { QStringLiteral("thanos: partial response: store b down") });
}

void TestPrometheusApiDecode::notJson_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("errorType");
    QTest::addColumn<QString>("error");
    QTest::newRow("html login page") << QByteArray("<html>login</html>") << 200 << QStringLiteral("internal")
                                     << QStringLiteral("the answer is not the Prometheus API's JSON (HTTP 200");
    QTest::newRow("proxy 502") << QByteArray("Bad Gateway") << 502 << QStringLiteral("unavailable")
                               << QStringLiteral("data source p: HTTP 502");
    QTest::newRow("a JSON list") << QByteArray("[1,2]") << 200 << QStringLiteral("internal")
                                 << QStringLiteral("not an object");
    QTest::newRow("unknown resultType")
        << QByteArray(R"({"status":"success","data":{"resultType":"histogram","result":[]}})") << 200
        << QStringLiteral("internal") << QStringLiteral("unknown resultType \"histogram\"");
}

void TestPrometheusApiDecode::notJson()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, errorType);
    QFETCH(QString, error);
    const auto r = PrometheusQuerySource::decodeQuery(body, status, QStringLiteral("p"));
    QVERIFY(!r.ok);
    QCOMPARE(r.errorType, errorType);
    QVERIFY2(r.error.contains(error), qPrintable(r.error));
    QVERIFY2(r.error.startsWith(QStringLiteral("data source p: ")), qPrintable(r.error));
}

void TestPrometheusApiDecode::malformedPoint()
{
    const auto r = PrometheusQuerySource::decodeQuery(
        R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}})", 200,
        QStringLiteral("p"));
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains(QStringLiteral("malformed answer")), qPrintable(r.error));
}

void TestPrometheusApiDecode::seriesAndLabels()
{
    const auto s = PrometheusQuerySource::decodeSeries(
        R"({"status":"success","data":[{"__name__":"up","job":"b"},{"__name__":"up","job":"a"}]})", 200, {});
    QVERIFY(s.ok);
    QCOMPARE(s.series.size(), 2);
    QCOMPARE(s.series.at(0).value("job"), QByteArray("a")); // sorted by labels
    const auto l = PrometheusQuerySource::decodeLabels(
        R"({"status":"success","data":["job","__name__","instance","job"]})", 200, {});
    QVERIFY(l.ok);
    QCOMPARE(
        l.values, (QStringList { QStringLiteral("__name__"), QStringLiteral("instance"), QStringLiteral("job") }));
    const auto bad = PrometheusQuerySource::decodeLabels(R"({"status":"success","data":{}})", 200, {});
    QVERIFY(!bad.ok);
}

QTEST_GUILESS_MAIN(TestPrometheusApiDecode)
#include "tst_prometheus_api_decode.moc"
