// Prints rolling-origin MASE/sMAPE of the chosen model per NAB series and the
// time to forecast 1,000 synthetic series of 30 days of minute rollups.
// Never asserts timings; only that forecasts come back.
#include "capacity/Forecaster.h"
#include "capacity/NabSeries.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>
#include <QTimeZone>

#include <cmath>
#include <cstdio>
#include <numbers>

using namespace opsdeck::capacity;

namespace {

Series loadNab(const QString& name)
{
    return opsdeck::testsupport::loadNabSeries(QStringLiteral(OPSDECK_SHARED_DATA "/nab/") + name);
}

} // namespace

class BenchForecast : public QObject
{
    Q_OBJECT
private slots:
    void nabSeries();
    void thousandMinuteSeries();
};

void BenchForecast::nabSeries()
{
    const QStringList names = { QStringLiteral("nyc_taxi.csv"), QStringLiteral("ec2_cpu_utilization_24ae8d.csv"),
        QStringLiteral("ec2_cpu_utilization_53ea38.csv"), QStringLiteral("ec2_cpu_utilization_5f5533.csv"),
        QStringLiteral("ec2_cpu_utilization_77c1ca.csv"), QStringLiteral("ec2_disk_write_bytes_1ef3de.csv") };
    QVERIFY2(QFile::exists(QStringLiteral(OPSDECK_SHARED_DATA "/nab/nyc_taxi.csv")),
        OPSDECK_SHARED_DATA
        "/nab/nyc_taxi.csv"
        " does not exist: the NAB data (OPSDECK_SHARED_DATA, ../shared/data next to the checkout) is missing");
    for (const QString& name : names) {
        const Series s = loadNab(name);
        QVERIFY2(!s.values.isEmpty(), qPrintable(name));
        const int dayStepsAhead = int(24LL * 3600 * 1000 / s.stepMs);
        QElapsedTimer timer;
        timer.start();
        const ForecastResult r = forecast(s, dayStepsAhead);
        const qint64 ms = timer.elapsed();
        QVERIFY(!r.points.isEmpty());
        std::printf("BENCH forecast nab %s points=%lld step_s=%lld model=%s season_steps=%d mase=%.3f smape=%.2f "
                    "ms=%lld\n",
            qPrintable(name), qlonglong(s.values.size()), qlonglong(s.stepMs / 1000), qPrintable(r.modelName),
            r.seasonSteps, r.mase, r.smape, qlonglong(ms));
        for (const ModelScore& sc : r.scores)
            std::printf("BENCH forecast nab %s   candidate=%s mase=%.3f smape=%.2f\n", qPrintable(name),
                qPrintable(modelName(sc.model)), sc.mase, sc.smape);
    }
    std::fflush(stdout);
}

void BenchForecast::thousandMinuteSeries()
{
    // 30 days of minute rollups: daily cycle + trend + noise, as a CPU gauge.
    constexpr int kPoints = 30 * 24 * 60;
    constexpr int kTotal = 1000;
    constexpr int kHorizon = 7 * 24 * 60;
    QRandomGenerator rng(42);
    auto make = [&](int k) {
        Series s;
        s.startMs = 1'700'000'000'000;
        s.stepMs = 60'000;
        s.values.reserve(kPoints);
        const double base = 20.0 + (k % 50);
        const double amp = 5.0 + (k % 7);
        const double slope = 0.0002 * (k % 5);
        for (int i = 0; i < kPoints; ++i)
            s.values.append(base + slope * i + amp * std::sin(2.0 * std::numbers::pi * i / 1440.0)
                + rng.generateDouble() * 2.0 - 1.0);
        return s;
    };
    // Time a first batch of 100; run the rest only if the whole stays bounded.
    QElapsedTimer timer;
    qint64 forecastNs = 0;
    int done = 0, seasonal = 0;
    auto runBatch = [&](int count) {
        for (int k = 0; k < count; ++k, ++done) {
            const Series s = make(done);
            timer.start();
            const ForecastResult r = forecast(s, kHorizon);
            forecastNs += timer.nsecsElapsed();
            QVERIFY(r.points.size() == kHorizon);
            seasonal += r.seasonSteps == 1440 ? 1 : 0;
        }
    };
    runBatch(100);
    const double per = double(forecastNs) / 1e6 / done;
    const bool extrapolated = per * kTotal > 120'000.0;
    if (!extrapolated)
        runBatch(kTotal - done);
    const double totalMs = extrapolated ? per * kTotal : double(forecastNs) / 1e6;
    std::printf("BENCH forecast minute-rollups series=%d points_each=%d horizon_steps=%d measured=%d "
                "ms_per_series=%.1f total_ms_for_1000=%.0f%s daily_season_detected=%d/%d\n",
        kTotal, kPoints, kHorizon, done, per, totalMs, extrapolated ? " (extrapolated from 100)" : "", seasonal,
        done);
    std::fflush(stdout);
}

QTEST_GUILESS_MAIN(BenchForecast)
#include "tst_forecast_bench.moc"
