#include "capacity/AnomalyDetector.h"

#include <QTest>

#include <cmath>

using namespace opsdeck::capacity;

namespace {

Series seasonal(int seasons, int len, double noise)
{
    Series s;
    s.stepMs = 60'000;
    quint32 state = 12345;
    for (int i = 0; i < seasons * len; ++i) {
        state = state * 1664525u + 1013904223u;
        const double u = (state >> 8) / double(1 << 24) - 0.5; // [-0.5, 0.5)
        s.values.append(50.0 + 20.0 * std::sin(2.0 * M_PI * (i % len) / len) + noise * u);
    }
    return s;
}

} // namespace

class TstAnomalyDetector : public QObject
{
    Q_OBJECT

private slots:
    void flatSeriesTinyChangesNotFlagged()
    {
        Series s;
        for (int i = 0; i < 500; ++i)
            s.values.append(100.0 + ((i % 7 == 0) ? 0.5 : 0.0)); // 0.5 % wiggles, MAD = 0
        const AnomalyResult r = detectAnomalies(s, {});
        QVERIFY2(r.flagged.isEmpty(), qPrintable(QString::number(r.flagged.size())));
        for (double v : r.scores)
            QVERIFY(v >= 0.0 && v <= 1.0);
        // A real step on a flat series is flagged.
        s.values[400] = 150.0;
        const AnomalyResult r2 = detectAnomalies(s, {});
        QCOMPARE(r2.flagged.size(), 1);
        QCOMPARE(r2.flagged[0].index, 400);
        QVERIFY(r2.scores[400] > 0.9);
    }

    void seasonalSpikeFlaggedOnlyThere()
    {
        Series s = seasonal(8, 96, 2.0);
        // Value inside the normal daily range (30..70) but wrong for its phase.
        const int at = 7 * 96 + 24; // phase peak (~70)
        s.values[at] = 40.0;
        AnomalyOptions o;
        o.seasonLength = 96;
        o.window = 96;
        const AnomalyResult r = detectAnomalies(s, o);
        QCOMPARE(r.flagged.size(), 1);
        QCOMPARE(r.flagged[0].index, at);
        QVERIFY(std::abs(r.flagged[0].expected - 70.0) < 2.0);
        QCOMPARE(r.flagged[0].timeMs, qint64(at) * 60'000);
        QVERIFY(r.scores[at] > 0.5);
    }

    void missingValuesAndWarmUp()
    {
        Series s = seasonal(3, 50, 1.0);
        s.values[120] = std::nan("");
        AnomalyOptions o;
        o.seasonLength = 50;
        o.window = 50;
        const AnomalyResult r = detectAnomalies(s, o);
        QCOMPARE(r.scores.size(), s.values.size());
        QCOMPARE(r.scores[0], 0.0);
        QCOMPARE(r.scores[120], 0.0);
        QVERIFY(std::isnan(r.expected[10])); // no previous season yet
        QVERIFY(r.flagged.isEmpty());
    }

    void refractorySuppressesRuns()
    {
        const QList<double> scores = { 0, 0.9, 0.9, 0.9, 0, 0, 0.8, 0 };
        QCOMPARE(flagIndices(scores, 0.5, 0), (QList<int> { 1, 2, 3, 6 }));
        QCOMPARE(flagIndices(scores, 0.5, 3), (QList<int> { 1, 6 }));
        QCOMPARE(flagIndices(scores, 0.85, 10), (QList<int> { 1 }));
    }
};

QTEST_GUILESS_MAIN(TstAnomalyDetector)
#include "tst_anomaly_detector.moc"
