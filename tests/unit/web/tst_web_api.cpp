// Unit: web/ApiRequest, PrometheusApi (over a LocalQuerySource on a small
// store), AlertsApi and EngineMetrics: Prometheus 2.42's parameter handling,
// response shapes, error types and HTTP statuses.
#include "AlertsApi.h"
#include "ApiRequest.h"
#include "EngineMetrics.h"
#include "metrics/ExpositionParser.h"
#include "metrics/SeriesStore.h"
#include "PrometheusApi.h"
#include "query/LocalQuerySource.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <limits>

using namespace opsdeck;
using web::ApiRequest;
using web::ApiResponse;
using web::PrometheusApi;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000;

QJsonObject json(const ApiResponse& r)
{
    return QJsonDocument::fromJson(r.body).object();
}

ApiRequest req(const char* query)
{
    return ApiRequest::parse(QByteArrayView(query), {});
}

} // namespace

class TestWebApi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        metrics::RetentionPolicy keep;
        keep.maxAgeMs = std::numeric_limits<qint64>::max() / 4;
        m_store = std::make_unique<metrics::SeriesStore>(keep);
        const metrics::Labels a { { "__name__", "http_requests_total" }, { "instance", "a" }, { "job", "api" } };
        const metrics::Labels b { { "__name__", "http_requests_total" }, { "instance", "b" }, { "job", "api" } };
        const metrics::Labels gone { { "__name__", "temp" }, { "instance", "c" }, { "job", "plc" } };
        for (int i = 0; i <= 20; ++i) {
            QVERIFY(m_store->append(a, kT0 + i * 15'000, 10.0 * i));
            QVERIFY(m_store->append(b, kT0 + i * 15'000, 5.0 * i));
        }
        const metrics::SeriesRef ref = m_store->getOrCreate(gone);
        QVERIFY(m_store->append(ref, kT0, 21.5));
        QVERIFY(m_store->append(ref, kT0 + 15'000, 22.5));
        QVERIFY(m_store->append(ref, kT0 + 30'000, 23.5));
        m_store->markStale(ref, kT0 + 45'000);
        m_source = std::make_unique<query::LocalQuerySource>(m_store.get());
    }

    void parameters()
    {
        // Go's ParseForm: body values first, '+' is a space, percent-decoding.
        const ApiRequest r
            = ApiRequest::parse("query=a&match%5B%5D=up%7Bjob%3D%22x%22%7D", "query=sum+by+(job)+(x)");
        QCOMPARE(r.value(QStringLiteral("query")), QStringLiteral("sum by (job) (x)"));
        QCOMPARE(r.values(QStringLiteral("query")).size(), 2);
        QCOMPARE(r.values(QStringLiteral("match[]")), QStringList { QStringLiteral("up{job=\"x\"}") });
        QVERIFY(!r.has(QStringLiteral("time")));
        QVERIFY(r.value(QStringLiteral("time")).isEmpty());
    }

    void times_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("seconds") << QStringLiteral("1700000000") << kT0;
        QTest::newRow("fraction") << QStringLiteral("1700000000.25") << kT0 + 250;
        QTest::newRow("rfc3339") << QStringLiteral("2023-11-14T22:13:20Z") << kT0;
        QTest::newRow("rfc3339 nanos") << QStringLiteral("2023-11-14T22:13:20.123456789Z") << kT0 + 123;
        QTest::newRow("offset") << QStringLiteral("2023-11-14T23:13:20+01:00") << kT0;
    }
    void times()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QCOMPARE(ApiRequest::parseTimeMs(text), std::optional<qint64>(ms));
    }

    void badTimes()
    {
        QVERIFY(!ApiRequest::parseTimeMs(u"yesterday"));
        QVERIFY(!ApiRequest::parseTimeMs(u"2023-11-14T22:13:20")); // no zone
        QCOMPARE(ApiRequest::parseDurationMs(u"15"), std::optional<qint64>(15'000));
        QCOMPARE(ApiRequest::parseDurationMs(u"1m30s"), std::optional<qint64>(90'000));
        QVERIFY(!ApiRequest::parseDurationMs(u"often"));
        // The Go client's "all time" bounds are accepted.
        QVERIFY(ApiRequest::parseTimeMs(u"-292273086-05-16T16:47:06Z"));
        QVERIFY(ApiRequest::parseTimeMs(u"292277025-08-18T07:12:54.999999999Z"));
    }

    void instantQuery()
    {
        const PrometheusApi api(m_source.get(), {});
        const ApiResponse r = api.query(req("query=sum+by+(job)(http_requests_total)&time=1700000300"), 0);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.contentType, QByteArray("application/json"));
        QCOMPARE(r.body,
            QByteArray(R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"api"},)"
                       R"("value":[1700000300,"300"]}]}})"));
    }

    void rangeQuery()
    {
        const PrometheusApi api(m_source.get(), {});
        const ApiResponse r = api.queryRange(
            req("query=http_requests_total%7Binstance%3D%22b%22%7D&start=1700000000&end=1700000030&step=15s"));
        QCOMPARE(r.status, 200);
        const QJsonObject data = json(r).value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("resultType")).toString(), QStringLiteral("matrix"));
        const QJsonArray values = data.value(QStringLiteral("result"))
                                      .toArray()
                                      .at(0)
                                      .toObject()
                                      .value(QStringLiteral("values"))
                                      .toArray();
        QCOMPARE(values.size(), 3);
        QCOMPARE(values.at(2).toArray().at(1).toString(), QStringLiteral("10"));
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("endpoint");
        QTest::addColumn<QByteArray>("query");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("errorType");
        QTest::addColumn<QString>("error");
        QTest::newRow("parse error") << QByteArray("query") << QByteArray("query=sum(") << 400
                                     << QStringLiteral("bad_data") << QStringLiteral("parse error");
        QTest::newRow("bad time") << QByteArray("query") << QByteArray("query=up&time=soon") << 400
                                  << QStringLiteral("bad_data")
                                  << QStringLiteral("invalid parameter \"time\": cannot parse \"soon\" to a valid "
                                                    "timestamp");
        QTest::newRow("end before start")
            << QByteArray("query_range") << QByteArray("query=up&start=20&end=10&step=1") << 400
            << QStringLiteral("bad_data") << QStringLiteral("end timestamp must not be before start time");
        QTest::newRow("zero step") << QByteArray("query_range") << QByteArray("query=up&start=1&end=10&step=0")
                                   << 400 << QStringLiteral("bad_data")
                                   << QStringLiteral("zero or negative query resolution step widths");
        QTest::newRow("too many points")
            << QByteArray("query_range") << QByteArray("query=up&start=0&end=100000&step=1") << 400
            << QStringLiteral("bad_data") << QStringLiteral("exceeded maximum resolution of 11,000 points");
        QTest::newRow("over max samples")
            << QByteArray("query_range")
            << QByteArray("query=http_requests_total&start=1700000000&end=1700000300&step=15") << 422
            << QStringLiteral("execution") << QStringLiteral("too many samples");
        QTest::newRow("series without match")
            << QByteArray("series") << QByteArray("start=1") << 400 << QStringLiteral("bad_data")
            << QStringLiteral("no match[] parameter provided");
        QTest::newRow("series bad matcher") << QByteArray("series") << QByteArray("match[]=up%7B") << 400
                                            << QStringLiteral("bad_data") << QString();
        QTest::newRow("label name") << QByteArray("label_values") << QByteArray("") << 400
                                    << QStringLiteral("bad_data") << QStringLiteral("invalid label name");
    }
    void errors()
    {
        QFETCH(QByteArray, endpoint);
        QFETCH(QByteArray, query);
        QFETCH(int, status);
        QFETCH(QString, errorType);
        QFETCH(QString, error);
        web::ApiLimits limits;
        limits.maxSamples = 10;
        const PrometheusApi api(m_source.get(), limits);
        const ApiRequest r = ApiRequest::parse(query, {});
        const ApiResponse response = endpoint == "query" ? api.query(r, kT0)
            : endpoint == "query_range"                  ? api.queryRange(r)
            : endpoint == "series"                       ? api.series(r, kT0)
                                                         : api.labelValues(QStringLiteral("1bad"), r, kT0);
        QCOMPARE(response.status, status);
        const QJsonObject o = json(response);
        QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("error"));
        QCOMPARE(o.value(QStringLiteral("errorType")).toString(), errorType);
        QVERIFY2(o.value(QStringLiteral("error")).toString().contains(error), response.body.constData());
        QVERIFY(!o.contains(QStringLiteral("data")));
    }

    void oversizedParameter()
    {
        web::ApiLimits limits;
        limits.maxParameterBytes = 100;
        const PrometheusApi api(m_source.get(), limits);
        const QByteArray body = "query=" + QByteArray(200, 'x');
        const ApiResponse r = api.query(ApiRequest::parse({}, body), kT0);
        QCOMPARE(r.status, 400);
        QCOMPARE(json(r).value(QStringLiteral("errorType")).toString(), QStringLiteral("bad_data"));
    }

    void seriesAndLabels()
    {
        const PrometheusApi api(m_source.get(), {});
        const ApiResponse s = api.series(req("match[]=http_requests_total%7Binstance%3D%22a%22%7D"), kT0);
        QCOMPARE(s.status, 200);
        QCOMPARE(s.body,
            QByteArray(
                R"({"status":"success","data":[{"__name__":"http_requests_total","instance":"a","job":"api"}]})"));
        const ApiResponse l = api.labels(req(""), kT0);
        QCOMPARE(l.body, QByteArray(R"({"status":"success","data":["__name__","instance","job"]})"));
        const ApiResponse v = api.labelValues(QStringLiteral("job"), req(""), kT0);
        QCOMPARE(v.body, QByteArray(R"({"status":"success","data":["api","plc"]})"));
        const ApiResponse m = api.labelValues(QStringLiteral("instance"), req("match[]=temp"), kT0);
        QCOMPARE(m.body, QByteArray(R"({"status":"success","data":["c"]})"));
    }

    // The newest sample of each live series with its own timestamp; the stale
    // series is left out, as Prometheus's /federate does.
    void federate()
    {
        const PrometheusApi api(m_source.get(), {});
        const qint64 now = kT0 + 20 * 15'000 + 5'000;
        const ApiResponse r = api.federate(req("match[]=%7Bjob%3D%22api%22%7D&match[]=temp"), now);
        QCOMPARE(r.status, 200);
        QVERIFY(r.contentType.startsWith("text/plain; version=0.0.4"));
        QVERIFY2(r.body.contains("http_requests_total{instance=\"a\",job=\"api\"} 200 1700000300000\n"),
            r.body.constData());
        QVERIFY2(r.body.contains("http_requests_total{instance=\"b\",job=\"api\"} 100 1700000300000\n"),
            r.body.constData());
        QVERIFY2(!r.body.contains("temp"), r.body.constData());
        // Before the stale marker the series is there with its newest sample.
        const ApiResponse before = api.federate(req("match[]=temp"), kT0 + 40'000);
        QVERIFY2(before.body.contains("temp{instance=\"c\",job=\"plc\"} 23.5 1700000030000\n"),
            before.body.constData());
        // Not a selector: 400 with the reason.
        QCOMPARE(api.federate(req("match[]=sum("), now).status, 400);
    }

    void alertsJson()
    {
        alerts::Alert a;
        a.labels = metrics::Labels { { "alertname", "Hot" }, { "instance", "c" } };
        a.annotations.insert(QStringLiteral("summary"), QStringLiteral("too hot"));
        a.state = alerts::AlertState::Firing;
        a.activeSinceMs = kT0;
        a.value = 23.5;
        a.ruleName = QStringLiteral("Hot");
        a.groupName = QStringLiteral("plc");
        alerts::Alert resolved = a;
        resolved.state = alerts::AlertState::Resolved;
        QCOMPARE(web::AlertsApi::alertsJson({ a, resolved }),
            QByteArray(R"({"status":"success","data":{"alerts":[{"labels":{"alertname":"Hot","instance":"c"},)"
                       R"("annotations":{"summary":"too hot"},"state":"firing","activeAt":"2023-11-14T22:13:20Z",)"
                       R"("value":"2.35e+01"}]}})"));
        alerts::RuleGroup group;
        group.name = QStringLiteral("plc");
        group.intervalMs = 15'000;
        alerts::AlertRule rule;
        rule.name = QStringLiteral("Hot");
        rule.expr = QStringLiteral("temp > 20");
        rule.forMs = 60'000;
        group.rules.append(rule);
        const QJsonObject rules = QJsonDocument::fromJson(web::AlertsApi::rulesJson({ group }, { a })).object();
        const QJsonObject g = rules.value(QStringLiteral("data"))
                                  .toObject()
                                  .value(QStringLiteral("groups"))
                                  .toArray()
                                  .at(0)
                                  .toObject();
        QCOMPARE(g.value(QStringLiteral("interval")).toDouble(), 15.0);
        const QJsonObject r = g.value(QStringLiteral("rules")).toArray().at(0).toObject();
        QCOMPARE(r.value(QStringLiteral("state")).toString(), QStringLiteral("firing"));
        QCOMPARE(r.value(QStringLiteral("type")).toString(), QStringLiteral("alerting"));
        QCOMPARE(r.value(QStringLiteral("duration")).toDouble(), 60.0);
        QCOMPARE(r.value(QStringLiteral("alerts")).toArray().size(), 1);
        QCOMPARE(web::AlertsApi::formatAlertValue(1), QByteArray("1e+00"));
    }

    void engineMetrics()
    {
        web::EngineFigures x;
        x.version = QStringLiteral("1.2.3");
        x.samplesIngestedTotal = 42;
        x.notificationsByStatus.insert(QStringLiteral("sent"), 3);
        x.httpRequests.insert({ QByteArray("query"), 200 }, 7);
        x.httpDurations.insert(QByteArray("query"), { 7, 0.5 });
        const QByteArray text = web::EngineMetrics::encode(x);
        QVERIFY2(text.contains("opsdeck_ingest_samples_total 42\n"), text.constData());
        QVERIFY2(text.contains("opsdeck_notifications_total{status=\"sent\"} 3\n"), text.constData());
        QVERIFY2(
            text.contains("opsdeck_web_requests_total{code=\"200\",handler=\"query\"} 7\n"), text.constData());
        QVERIFY2(text.contains("# TYPE opsdeck_web_request_duration_seconds summary\n"), text.constData());
        const auto parsed = metrics::ExpositionParser::parse(text);
        QVERIFY2(parsed.ok, text.constData());
    }

private:
    std::unique_ptr<metrics::SeriesStore> m_store;
    std::unique_ptr<query::LocalQuerySource> m_source;
};

QTEST_GUILESS_MAIN(TestWebApi)
#include "tst_web_api.moc"
