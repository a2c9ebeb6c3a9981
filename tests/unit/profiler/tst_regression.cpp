#include "profiler/Baseline.h"
#include "profiler/MannWhitney.h"

#include <QTest>

using namespace opsdeck::profiler;

// The U test against values computed by hand from Mann & Whitney's
// definitions (and what scipy.stats.mannwhitneyu(x, y, method="asymptotic")
// returns for them), then the regression verdicts built on it.
class TestRegression : public QObject
{
    Q_OBJECT

private slots:
    void uTest_data()
    {
        QTest::addColumn<QList<double>>("x");
        QTest::addColumn<QList<double>>("y");
        QTest::addColumn<double>("u1");
        QTest::addColumn<double>("p");
        // Fully separated, n = 5 + 5: U = 0 / 25, sigma = sqrt(25 * 11 / 12), z = 12 / 4.787 = 2.5067,
        // p = 2 (1 - Phi(z)) = 0.012186.
        QTest::newRow("separated") << QList<double> { 1, 2, 3, 4, 5 } << QList<double> { 6, 7, 8, 9, 10 } << 0.0
                                   << 0.012185780355344818;
        // Textbook example (19 22 16 29 24 vs 20 11 17 12): U = 17 of 20; p = 0.11135 (exact: 0.111).
        QTest::newRow("textbook") << QList<double> { 19, 22, 16, 29, 24 } << QList<double> { 20, 11, 17, 12 }
                                  << 17.0 << 0.11134688653314048;
        // Ties: ranks averaged, variance corrected by sum(t^3 - t) = 6 + 24 + 24 + 6 = 60; z = 2.53506.
        QTest::newRow("ties") << QList<double> { 1, 2, 2, 3, 3, 4 } << QList<double> { 3, 4, 4, 5, 5, 6, 7 } << 3.0
                              << 0.011242651868798576;
    }

    void uTest()
    {
        QFETCH(QList<double>, x);
        QFETCH(QList<double>, y);
        QFETCH(double, u1);
        QFETCH(double, p);
        const UTestResult r = mannWhitneyU(x, y);
        QVERIFY(r.valid);
        QCOMPARE(r.u1, u1);
        QCOMPARE(r.u1 + r.u2, double(x.size() * y.size()));
        QVERIFY2(qAbs(r.pValue - p) < 1e-9, qPrintable(QString::number(r.pValue, 'g', 17)));
        // Symmetric: swapping the samples swaps U1 and U2, not p.
        const UTestResult s = mannWhitneyU(y, x);
        QCOMPARE(s.u1, r.u2);
        QVERIFY(qAbs(s.pValue - r.pValue) < 1e-12);
    }

    void uTestDegenerate()
    {
        QVERIFY(!mannWhitneyU({ 1 }, { 2, 3 }).valid);
        QVERIFY(!mannWhitneyU({ 4, 4, 4 }, { 4, 4 }).valid); // all tied: no variance
    }

    void regressions()
    {
        const QList<SampleSeries> baseline {
            { QStringLiteral("a:1"), QStringLiteral("api"), kMeasureCpu, { 20, 21, 19, 22, 20, 21 } },
            { QStringLiteral("a:1"), QStringLiteral("db"), kMeasureCpu, { 40, 42, 38, 41, 39, 40 } },
            { QStringLiteral("a:1"), QStringLiteral("api"), kMeasureRss, { 1e8, 1e8, 1e8, 1e8, 1e8, 1e8 } },
            { QStringLiteral("a:1"), QStringLiteral("probe"), kMeasureLatency, { 2, 2.1, 1.9, 2, 2.2 } },
            { QStringLiteral("a:1"), QStringLiteral("few"), kMeasureCpu, { 1, 2 } },
        };
        const QList<SampleSeries> current {
            { QStringLiteral("a:1"), QStringLiteral("api"), kMeasureCpu, { 30, 31, 29, 32, 30, 31 } }, // +50 %
            { QStringLiteral("a:1"), QStringLiteral("db"), kMeasureCpu, { 41, 43, 39, 42, 40, 41 } }, // +2.5 %: no
            { QStringLiteral("a:1"), QStringLiteral("api"), kMeasureRss,
                { 2e8, 2.1e8, 2.2e8, 2.3e8, 2.4e8, 2.5e8 } },
            { QStringLiteral("a:1"), QStringLiteral("probe"), kMeasureLatency, { 1, 1.1, 0.9, 1, 1.2 } }, // better
            { QStringLiteral("a:1"), QStringLiteral("few"), kMeasureCpu, { 10, 20 } },
        };
        const RegressionReport r = compareSamples(QStringLiteral("before"), 1000, baseline, current, 2000);
        QCOMPARE(r.baseline, QStringLiteral("before"));
        QCOMPARE(r.worse.size(), 2);
        QStringList subjects;
        for (const RegressionFinding& f : r.worse) {
            subjects.append(f.subject + QLatin1Char('/') + f.measure);
            QVERIFY(f.pValue < 0.05);
            QCOMPARE(f.test, QStringLiteral("Mann-Whitney U (two-sided)"));
            QVERIFY(f.sentence.startsWith(QStringLiteral("a:1: ")));
        }
        subjects.sort();
        QCOMPARE(subjects, (QStringList { QStringLiteral("api/CPU %"), QStringLiteral("api/RSS growth") }));
        QVERIFY(r.notes.join(QLatin1Char(' ')).contains(QStringLiteral("too few samples")));
    }

    void samplesRoundTrip()
    {
        const QList<SampleSeries> s { { QStringLiteral("h"), QStringLiteral("c"), kMeasureCpu, { 1.5, 2.5 } } };
        const QList<SampleSeries> back = samplesFromJson(samplesToJson(s));
        QCOMPARE(back.size(), 1);
        QCOMPARE(back.at(0).subject, QStringLiteral("c"));
        QCOMPARE(back.at(0).values, (QList<double> { 1.5, 2.5 }));
    }
};

QTEST_GUILESS_MAIN(TestRegression)
#include "tst_regression.moc"
