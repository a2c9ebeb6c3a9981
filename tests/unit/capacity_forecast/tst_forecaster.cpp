#include "capacity/Forecaster.h"
#include "capacity/NabSeries.h"

#include <QDateTime>
#include <QFile>
#include <QTest>
#include <QTimeZone>

#include <cmath>
#include <functional>
#include <numbers>

using namespace opsdeck::capacity;

namespace {

Series makeSeries(int n, qint64 stepMs, const std::function<double(int)>& f)
{
    Series s;
    s.startMs = 1'700'000'000'000;
    s.stepMs = stepMs;
    for (int i = 0; i < n; ++i)
        s.values.append(f(i));
    return s;
}

// NAB CSV: "timestamp,value" with "yyyy-MM-dd HH:mm:ss" UTC times, regular steps.
Series loadNab(const QString& name)
{
    return opsdeck::testsupport::loadNabSeries(QStringLiteral(OPSDECK_SHARED_DATA "/nab/") + name);
}

constexpr qint64 kHalfHour = 30 * 60 * 1000;

} // namespace

class TestForecaster : public QObject
{
    Q_OBJECT
private slots:
    void exactLine();
    void exactQuadratic();
    void seasonalSineWithTrend();
    void timeToReachOnLine();
    void intervalsWiden();
    void gapsAndShortInput();
    void nycTaxiSeasonal();
};

void TestForecaster::exactLine()
{
    const Series s = makeSeries(200, 60'000, [](int i) { return 5.0 + 0.25 * i; });
    const ForecastResult r = forecast(s, 10);
    QCOMPARE(r.model, ModelKind::Linear);
    QCOMPARE(r.points.size(), 10);
    QVERIFY(r.mase < 1e-6);
    for (int h = 0; h < 10; ++h) {
        QVERIFY(std::abs(r.points[h].value - (5.0 + 0.25 * (200 + h))) < 1e-6);
        QCOMPARE(r.points[h].timeMs, s.startMs + (200 + h) * s.stepMs);
    }
    // slope from consecutive points
    QVERIFY(std::abs((r.points[9].value - r.points[0].value) / 9.0 - 0.25) < 1e-9);
}

void TestForecaster::exactQuadratic()
{
    auto f = [](int i) { return 3.0 - 0.5 * i + 0.02 * i * i; };
    const Series s = makeSeries(300, 60'000, f);
    const ForecastResult r = forecast(s, 20);
    QVERIFY2(r.model == ModelKind::Polynomial2 || r.model == ModelKind::Polynomial3, qPrintable(r.modelName));
    QVERIFY(r.mase < 1e-4);
    for (int h = 0; h < 20; ++h)
        QVERIFY(std::abs(r.points[h].value - f(300 + h)) < 1e-5 * std::abs(f(300 + h)) + 1e-6);
    // forced linear is worse and was scored
    const ForecastResult lin = forecastWith(ModelKind::Linear, s, 20, 0);
    QVERIFY(std::abs(lin.points[19].value - f(319)) > 1.0);
}

void TestForecaster::seasonalSineWithTrend()
{
    // Half-hour steps: 48 steps = one day, a default candidate period.
    auto f = [](int i) { return 100.0 + 0.05 * i + 10.0 * std::sin(2.0 * std::numbers::pi * i / 48.0); };
    const Series s = makeSeries(48 * 14, kHalfHour, f);
    QCOMPARE(detectSeasonSteps(s), 48);
    const ForecastResult r = forecast(s, 96);
    QCOMPARE(r.seasonSteps, 48);
    // A line plus a sine is exactly the harmonic regression.
    QCOMPARE(r.model, ModelKind::SeasonalLinear);
    QVERIFY2(r.mase < 0.01, QByteArray::number(r.mase).constData());
    for (int h = 0; h < 96; ++h)
        QVERIFY2(std::abs(r.points[h].value - f(48 * 14 + h)) < 1e-6, QByteArray::number(h).constData());
    // Its intervals stay narrow and do not grow without bound.
    QVERIFY(r.points.last().upper95 - r.points.last().lower95 < 1e-3);
    // Holt-Winters follows it closely too.
    const ForecastResult hw = forecastWith(ModelKind::HoltWinters, s, 96, 48);
    for (int h = 0; h < 96; ++h)
        QVERIFY2(std::abs(hw.points[h].value - f(48 * 14 + h)) < 0.5, QByteArray::number(h).constData());

    // No season in a plain line or in noise-free exponential growth.
    QCOMPARE(detectSeasonSteps(makeSeries(48 * 14, kHalfHour, [](int i) { return 1.0 * i; })), 0);
}

void TestForecaster::timeToReachOnLine()
{
    // 1 %/step from 50: reaches 85 at i = 35, i.e. forecast step 35 - 20 = 15.
    const Series s = makeSeries(20, 60'000, [](int i) { return 50.0 + i; });
    const ForecastResult r = forecast(s, 100, ForecastOptions { .models = { ModelKind::Linear } });
    QCOMPARE(r.model, ModelKind::Linear);
    const auto t = timeToReach(r, 85.0);
    QVERIFY(t.has_value());
    QCOMPARE(*t, s.startMs + 35 * s.stepMs);
    QVERIFY(!timeToReach(r, 1e9).has_value());
    // Exact line: zero residuals, so every bound reaches at the same time.
    QCOMPARE(*timeToReach(r, 85.0, ForecastBound::Upper95), *t);

    // With noise the upper bound reaches earlier and the lower later.
    const Series noisy
        = makeSeries(200, 60'000, [](int i) { return 10.0 + 0.2 * i + ((i * 7919) % 13 - 6) * 0.5; });
    const ForecastResult rn = forecast(noisy, 500, ForecastOptions { .models = { ModelKind::Linear } });
    const auto mid = timeToReach(rn, 100.0);
    const auto early = timeToReach(rn, 100.0, ForecastBound::Upper95);
    const auto late = timeToReach(rn, 100.0, ForecastBound::Lower95);
    QVERIFY(mid && early && late);
    QVERIFY(*early < *mid);
    QVERIFY(*mid < *late);
}

void TestForecaster::intervalsWiden()
{
    const Series s = makeSeries(300, 60'000, [](int i) { return 10.0 + 0.1 * i + ((i * 7919) % 11 - 5) * 0.3; });
    for (ModelKind k : { ModelKind::Linear, ModelKind::Holt, ModelKind::Exponential }) {
        const ForecastResult r = forecastWith(k, s, 50, 0);
        QCOMPARE(r.points.size(), 50);
        for (const ForecastPoint& p : r.points) {
            QVERIFY(p.lower95 <= p.lower80 && p.lower80 <= p.value);
            QVERIFY(p.value <= p.upper80 && p.upper80 <= p.upper95);
        }
        QVERIFY(r.points.last().upper95 - r.points.last().lower95
            > r.points.first().upper95 - r.points.first().lower95);
    }
}

void TestForecaster::gapsAndShortInput()
{
    Series s = makeSeries(100, 60'000, [](int i) { return 2.0 * i; });
    s.values[10] = std::nan("");
    s.values[50] = std::nan("");
    s.values[51] = std::nan("");
    const ForecastResult r = forecast(s, 5);
    QCOMPARE(r.points.size(), 5);
    QVERIFY(std::abs(r.points[0].value - 200.0) < 1e-6);
    QVERIFY(forecast(makeSeries(3, 60'000, [](int i) { return i; }), 5).points.isEmpty());
    QVERIFY(forecast(Series {}, 5).points.isEmpty());
    QVERIFY(forecast(makeSeries(50, 60'000, [](int) { return std::nan(""); }), 5).points.isEmpty());
    // Flat and negative series must not crash; exponential is skipped.
    const ForecastResult flat = forecast(makeSeries(50, 60'000, [](int) { return 7.0; }), 5);
    QCOMPARE(flat.points.size(), 5);
    QCOMPARE(flat.points[0].value, 7.0);
    const ForecastResult neg = forecast(makeSeries(50, 60'000, [](int i) { return -1.0 - i; }), 5);
    for (const ModelScore& sc : neg.scores)
        QVERIFY(sc.model != ModelKind::Exponential);
}

void TestForecaster::nycTaxiSeasonal()
{
    // The NAB series live in the shared data folder next to the project
    // (../shared/data); CI always has it, so its absence is a failure.
    QVERIFY2(QFile::exists(QStringLiteral(OPSDECK_SHARED_DATA "/nab/nyc_taxi.csv")),
        OPSDECK_SHARED_DATA
        "/nab/nyc_taxi.csv"
        " does not exist: the NAB data (OPSDECK_SHARED_DATA, ../shared/data next to the checkout) is missing");
    const Series s = loadNab(QStringLiteral("nyc_taxi.csv"));
    QVERIFY2(s.values.size() > 10000, "nyc_taxi.csv is short");
    QCOMPARE(s.stepMs, kHalfHour);
    const ForecastResult r = forecast(s, 48 * 7);
    for (const ModelScore& sc : r.scores)
        qInfo() << "  candidate" << modelName(sc.model) << sc.mase << sc.smape;
    qInfo() << "nyc_taxi:" << r.modelName << "season" << r.seasonSteps << "MASE" << r.mase << "sMAPE" << r.smape;
    QVERIFY(r.seasonSteps == 48 || r.seasonSteps == 336);
    QCOMPARE(r.model, ModelKind::HoltWinters);
    QCOMPARE(r.points.size(), 48 * 7);
    QVERIFY2(r.mase < 2.5, QByteArray::number(r.mase).constData()); // 1.82 measured; linear scores 4.2
    // Known gap: the three backtest weeks are the last of January 2015, after
    // the holidays and with the blizzard of Jan 26-27; even the seasonal naive
    // forecast (last week repeated) scores MASE 1.3 on them.
    QEXPECT_FAIL(
        "", "nyc_taxi's last weeks: holidays and the blizzard; seasonal naive itself scores 1.3", Continue);
    QVERIFY2(r.mase < 1.0, QByteArray::number(r.mase).constData());
}

QTEST_GUILESS_MAIN(TestForecaster)
#include "tst_forecaster.moc"
