#include "capacity/ErlangC.h"
#include "capacity/Sizing.h"

#include <QTest>

#include <cmath>

using namespace opsdeck::capacity;

class TstSizing : public QObject
{
    Q_OBJECT

private slots:
    void erlangCTable_data()
    {
        QTest::addColumn<double>("load");
        QTest::addColumn<int>("servers");
        QTest::addColumn<double>("expected");
        // Classic table values (checked against c*B/(c - A(1-B))).
        QTest::newRow("A10 c11") << 10.0 << 11 << 0.682118;
        QTest::newRow("A10 c12") << 10.0 << 12 << 0.449388;
        QTest::newRow("A1 c2") << 1.0 << 2 << 1.0 / 3.0; // closed form A^2/(2+..)= 1/3
        QTest::newRow("M/M/1 rho=0.5") << 0.5 << 1 << 0.5; // M/M/1: P(wait) = rho
    }
    void erlangCTable()
    {
        QFETCH(double, load);
        QFETCH(int, servers);
        QFETCH(double, expected);
        QVERIFY2(std::abs(erlangC(load, servers) - expected) < 1e-5,
            qPrintable(QString::number(erlangC(load, servers))));
    }

    void erlangCLargeNoOverflow()
    {
        const double c = erlangC(900.0, 1000);
        QVERIFY(std::isfinite(c));
        QVERIFY(c > 0.0 && c < 1.0);
        QCOMPARE(erlangC(10.0, 10), 1.0); // unstable
        QCOMPARE(erlangC(0.0, 3), 0.0);
    }

    void mm1ClosedForms()
    {
        // M/M/1: Wq = rho/(mu - lambda); T ~ Exp(mu - lambda).
        const double lambda = 5.0, s = 0.1; // mu = 10
        QVERIFY(std::abs(meanWaitS(lambda, s, 1) - 0.5 / 5.0) < 1e-12);
        const double p95 = responseTimePercentile(lambda, s, 1, 0.95);
        QVERIFY2(std::abs(p95 - (-std::log(0.05) / 5.0)) < 1e-9, qPrintable(QString::number(p95)));
        // theta == mu branch: lambda = c*mu - mu -> Erlang-2 form must agree
        // with the neighbouring hypoexponential values.
        const double a = responseTimeExceedance(10.0, 0.1, 2, 0.2);
        const double b = responseTimeExceedance(10.0 + 1e-6, 0.1, 2, 0.2);
        QVERIFY(std::abs(a - b) < 1e-5);
    }

    void issueExample()
    {
        // Issue 5: lambda = 800/s, mean service 50 ms, p95 <= 200 ms -> 42, p95 ~ 175 ms.
        QCOMPARE(serversFor(800.0, 0.05, 0.95, 0.2), 42);
        const double p95 = responseTimePercentile(800.0, 0.05, 42, 0.95);
        QVERIFY2(std::abs(p95 - 0.175) < 0.0025, qPrintable(QString::number(p95)));
        QVERIFY(responseTimePercentile(800.0, 0.05, 41, 0.95) > 0.2);
        // Percentile is where the exceedance equals 1 - p.
        QVERIFY(std::abs(responseTimeExceedance(800.0, 0.05, 42, p95) - 0.05) < 1e-9);

        const LatencySizingResult r = sizeForLatency({ 800.0, 0.05, 0.95, 0.2, 1.0, 0.10 });
        QCOMPARE(r.servers, 42);
        QVERIFY(std::abs(r.monthlyCost - 42 * 0.10 * 730.0) < 1e-9);
    }

    void impossibleTarget()
    {
        // p95 of Exp(mean 50 ms) alone is ~150 ms: 100 ms cannot be met.
        QCOMPARE(serversFor(800.0, 0.05, 0.95, 0.1), -1);
        QCOMPARE(serversFor(800.0, 0.05, 1.5, 0.2), -1);
    }

    void sizeForPeakCeiling()
    {
        SizingRequest r;
        r.peakDemand = 34.0; // cores
        r.capacityPerInstance = 8.0;
        r.costPerInstanceHour = 0.2;
        SizingResult s = sizeForPeak(r); // 34 / (8*0.85 = 6.8) = 5 exactly
        QCOMPARE(s.instances, 5);
        QVERIFY(std::abs(s.utilisationAtPeak - 0.85) < 1e-12);
        QVERIFY(std::abs(s.monthlyCost - 5 * 0.2 * 730.0) < 1e-9);
        r.safetyFactor = 1.2; // 40.8 / 6.8 = 6
        QCOMPARE(sizeForPeak(r).instances, 6);
        r.safetyFactor = 1.0;
        r.growthFactor = 10.0; // 340 / 6.8 = 50
        QCOMPARE(sizeForPeak(r).instances, 50);
        r.ceiling = 0.0;
        QCOMPARE(sizeForPeak(r).instances, -1);
        QCOMPARE(sizeForPeak({ 0.0, 8.0 }).instances, 1);
    }

    void whatIfLatencyGrowth()
    {
        const LatencySizingResult x1 = sizeForLatency({ 80.0, 0.05, 0.95, 0.2, 1.0, 0.0 });
        const LatencySizingResult x10 = sizeForLatency({ 80.0, 0.05, 0.95, 0.2, 10.0, 0.0 });
        QCOMPARE(x10.servers, 42); // x10 of 80/s is the issue example
        QVERIFY(x1.servers < x10.servers);
        QVERIFY(x10.percentileS <= 0.2);
    }

    void reclaimable()
    {
        const QList<HostUsage> hosts = {
            { QStringLiteral("busy"), 16.0, 13.6, 1.0 }, // needs exactly 16 at 0.85
            { QStringLiteral("idle"), 32.0, 3.4, 2.0 }, // needs 4 -> 28 reclaimable
        };
        const QList<Reclaimable> r = reclaimableCapacity(hosts);
        QCOMPARE(r.size(), 2);
        QCOMPARE(r[0].host, QStringLiteral("idle"));
        QVERIFY(std::abs(r[0].needed - 4.0) < 1e-9);
        QVERIFY(std::abs(r[0].reclaimable - 28.0) < 1e-9);
        QVERIFY(r[0].oversized);
        QVERIFY(std::abs(r[0].monthlySavings - 28.0 / 32.0 * 2.0 * 730.0) < 1e-9);
        QVERIFY(!r[1].oversized);
        QVERIFY(r[1].reclaimable < 1e-9);
    }
};

QTEST_GUILESS_MAIN(TstSizing)
#include "tst_sizing.moc"
