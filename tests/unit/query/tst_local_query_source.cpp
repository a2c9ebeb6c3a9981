// engine/query/LocalQuerySource: the query seam over the local store answers
// the five Prometheus API calls, reports bad selectors and honours
// cancellation.
#include "metrics/SeriesStore.h"
#include "query/LocalQuerySource.h"

#include <QTest>

using namespace opsdeck;
using opsdeck::metrics::Labels;

namespace {
constexpr qint64 kS = 1000;
}

class TestLocalQuerySource : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void instantAndRangeMatchTheEngine();
    void seriesBySelectors();
    void seriesRefusesWhatIsNotASelector();
    void labelNamesAndValues();
    void cancelledCallsReturnCanceled();
    void optionLimitsApply();

private:
    metrics::SeriesStore m_store;
};

void TestLocalQuerySource::initTestCase()
{
    for (int i = 0; i <= 10; ++i) {
        m_store.append(Labels { { "__name__", "up" }, { "job", "api" }, { "instance", "a" } }, i * 10 * kS, 1);
        m_store.append(Labels { { "__name__", "up" }, { "job", "db" }, { "instance", "b" } }, i * 10 * kS, 0);
    }
    // Only early samples: outside a late window.
    m_store.append(Labels { { "__name__", "old_metric" }, { "zone", "x" } }, 0, 5);
}

void TestLocalQuerySource::instantAndRangeMatchTheEngine()
{
    const query::LocalQuerySource source(&m_store);
    const query::QueryEngine engine(&m_store);
    const query::QueryResult a = source.instant(QStringLiteral("sum(up)"), 50 * kS);
    const query::QueryResult b = engine.instant(QStringLiteral("sum(up)"), 50 * kS);
    QVERIFY(a.ok);
    QCOMPARE(a.series.size(), 1);
    QCOMPARE(a.series.constFirst().points.constFirst().value, b.series.constFirst().points.constFirst().value);
    const query::QueryResult r = source.range(QStringLiteral("up"), 0, 100 * kS, 10 * kS);
    QVERIFY(r.ok);
    QCOMPARE(r.series.size(), 2);
    QCOMPARE(r.series.constFirst().points.size(), 11);
    QVERIFY(!source.name().isEmpty());
    QCOMPARE(query::LocalQuerySource(&m_store, {}, QStringLiteral("history")).name(), QStringLiteral("history"));
}

void TestLocalQuerySource::seriesBySelectors()
{
    const query::LocalQuerySource source(&m_store);
    query::SeriesResult r = source.series({ QStringLiteral("up{job=\"api\"}") }, 0, 100 * kS);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.series.size(), 1);
    QCOMPARE(r.series.constFirst().value("instance"), QByteArray("a"));
    // Selectors are unioned; a series with no sample in the window is left out.
    r = source.series({ QStringLiteral("up"), QStringLiteral("old_metric") }, 50 * kS, 100 * kS);
    QVERIFY(r.ok);
    QCOMPARE(r.series.size(), 2);
    r = source.series({ QStringLiteral("up"), QStringLiteral("old_metric") }, 0, 100 * kS);
    QCOMPARE(r.series.size(), 3);
}

void TestLocalQuerySource::seriesRefusesWhatIsNotASelector()
{
    const query::LocalQuerySource source(&m_store);
    query::SeriesResult r = source.series({ QStringLiteral("sum(up)") }, 0, 100 * kS);
    QVERIFY(!r.ok);
    QCOMPARE(r.errorType, QStringLiteral("bad_data"));
    QVERIFY2(r.error.contains(QStringLiteral("sum(up)")), qPrintable(r.error));
    r = source.series({ QStringLiteral("up{") }, 0, 100 * kS);
    QVERIFY(!r.ok);
    QCOMPARE(r.errorType, QStringLiteral("bad_data"));
    r = source.series({}, 0, 100 * kS);
    QVERIFY(!r.ok);
}

void TestLocalQuerySource::labelNamesAndValues()
{
    const query::LocalQuerySource source(&m_store);
    query::LabelsResult names = source.labelNames({}, 0, 100 * kS);
    QVERIFY(names.ok);
    QCOMPARE(names.values,
        QStringList({ QStringLiteral("__name__"), QStringLiteral("instance"), QStringLiteral("job"),
            QStringLiteral("zone") }));
    names = source.labelNames({ QStringLiteral("old_metric") }, 0, 100 * kS);
    QCOMPARE(names.values, QStringList({ QStringLiteral("__name__"), QStringLiteral("zone") }));
    query::LabelsResult values = source.labelValues(QStringLiteral("job"), {}, 0, 100 * kS);
    QVERIFY(values.ok);
    QCOMPARE(values.values, QStringList({ QStringLiteral("api"), QStringLiteral("db") }));
    values = source.labelValues(QStringLiteral("job"), { QStringLiteral("up{instance=\"b\"}") }, 0, 100 * kS);
    QCOMPARE(values.values, QStringList({ QStringLiteral("db") }));
    values = source.labelValues(QStringLiteral("job"), { QStringLiteral("rate(up[1m])") }, 0, 100 * kS);
    QVERIFY(!values.ok);
}

void TestLocalQuerySource::cancelledCallsReturnCanceled()
{
    const query::LocalQuerySource source(&m_store);
    std::atomic_bool cancelled { true };
    query::QueryOptions options;
    options.cancelled = &cancelled;
    QCOMPARE(source.instant(QStringLiteral("up"), 50 * kS, options).errorType, QStringLiteral("canceled"));
    QCOMPARE(source.range(QStringLiteral("up"), 0, 100 * kS, kS, options).errorType, QStringLiteral("canceled"));
    QCOMPARE(source.series({ QStringLiteral("up") }, 0, 100 * kS, options).errorType, QStringLiteral("canceled"));
    QCOMPARE(source.labelNames({}, 0, 100 * kS, options).errorType, QStringLiteral("canceled"));
    QCOMPARE(
        source.labelValues(QStringLiteral("job"), {}, 0, 100 * kS, options).errorType, QStringLiteral("canceled"));
    cancelled = false;
    QVERIFY(source.instant(QStringLiteral("up"), 50 * kS, options).ok);
}

void TestLocalQuerySource::optionLimitsApply()
{
    const query::LocalQuerySource source(&m_store);
    query::QueryOptions options;
    query::QueryLimits limits;
    limits.maxSeries = 1;
    options.limits = limits;
    const query::QueryResult r = source.instant(QStringLiteral("up"), 50 * kS, options);
    QVERIFY(!r.ok);
    QVERIFY(source.instant(QStringLiteral("up"), 50 * kS).ok);
}

QTEST_GUILESS_MAIN(TestLocalQuerySource)
#include "tst_local_query_source.moc"
