#include "metrics/SeriesStore.h"
#include "profiler/BottleneckDetector.h"
#include "query/LocalQuerySource.h"

#include <QDateTime>
#include <QTest>

using namespace opsdeck;
using namespace opsdeck::profiler;

// The history step over a store filled with synthetic agent series: PSI io
// stalled seconds (a counter) rising at 5 % of the time a week ago and at 40 %
// since a given minute today.
class TestBottleneckHistory : public QObject
{
    Q_OBJECT

    static constexpr qint64 kMinute = 60'000;
    static constexpr qint64 kDay = 24 * 60 * kMinute;

    static metrics::Labels ioStalled(const char* instance)
    {
        return metrics::Labels { { "__name__", "node_pressure_io_stalled_seconds_total" },
            { "instance", instance } };
    }

    // Appends a counter every 15 s from `from` to `to` growing at `share` seconds per second.
    static double fill(metrics::SeriesStore& store, const metrics::Labels& labels, qint64 from, qint64 to,
        double share, double start)
    {
        double value = start;
        for (qint64 t = from; t <= to; t += 15'000) {
            store.append(labels, t, value);
            value += share * 15;
        }
        return value;
    }

    static Bottleneck diskBottleneck(const QString& host)
    {
        Bottleneck b;
        b.host = host;
        b.resource = QStringLiteral("disk:sda");
        b.severity = Severity::Critical;
        b.measure = QStringLiteral("PSI io full");
        b.sentence = host + QStringLiteral(": disk sda saturated — PSI io full 38 %");
        return b;
    }

private slots:
    void sinceAndLastWeek()
    {
        metrics::RetentionPolicy keep;
        keep.maxAgeMs = 10 * kDay;
        metrics::SeriesStore store(keep);
        const qint64 now = QDateTime::currentMSecsSinceEpoch() / kMinute * kMinute;
        const qint64 faultStart = now - 47 * kMinute;
        // A week ago (an hour either side): 5 %. Today: 2 % until the fault, then 40 %.
        double v
            = fill(store, ioStalled("db:9100"), now - 7 * kDay - 3600'000, now - 7 * kDay + 3600'000, 0.05, 0);
        v = fill(store, ioStalled("db:9100"), now - 6 * 3600'000, faultStart, 0.02, v + 1);
        fill(store, ioStalled("db:9100"), faultStart + 15'000, now, 0.40, v);
        const query::LocalQuerySource source(&store);

        QList<Bottleneck> list { diskBottleneck(QStringLiteral("db:9100")) };
        fillHistory(list, source, now);
        const Bottleneck& b = list.constFirst();
        QCOMPARE(b.measure, QStringLiteral("PSI io full"));
        QVERIFY(b.current);
        QVERIFY2(qAbs(*b.current - 40) < 1, qPrintable(QString::number(*b.current)));
        QVERIFY(b.sinceMs);
        // rate()[1m] crosses 10 % within the first minute of the fault.
        QVERIFY2(qAbs(*b.sinceMs - faultStart) <= 2 * kMinute,
            qPrintable(QStringLiteral("%1 vs %2").arg(*b.sinceMs).arg(faultStart)));
        QVERIFY(b.lastWeek);
        QVERIFY2(qAbs(*b.lastWeek - 5) < 0.5, qPrintable(QString::number(*b.lastWeek)));
        const QString since = QDateTime::fromMSecsSinceEpoch(*b.sinceMs).toString(QStringLiteral("HH:mm"));
        QVERIFY2(b.sentence.endsWith(QStringLiteral("; since %1; last week at this hour: 5.0 %").arg(since)),
            qPrintable(b.sentence));
    }

    void noHistoryAWeekBack()
    {
        metrics::RetentionPolicy keep;
        keep.maxAgeMs = 10 * kDay;
        metrics::SeriesStore store(keep);
        const qint64 now = QDateTime::currentMSecsSinceEpoch() / kMinute * kMinute;
        fill(store, ioStalled("db:9100"), now - 3600'000, now, 0.02, 0); // below the threshold
        const query::LocalQuerySource source(&store);
        QList<Bottleneck> list { diskBottleneck(QStringLiteral("db:9100")),
            diskBottleneck(QStringLiteral("other:9100")) };
        fillHistory(list, source, now);
        QVERIFY(!list.at(0).sinceMs); // not above the threshold now in the history
        QVERIFY(!list.at(0).lastWeek);
        QVERIFY2(list.at(0).sentence.endsWith(QStringLiteral("; no history a week back")),
            qPrintable(list.at(0).sentence));
        QVERIFY(!list.at(1).current);
        QVERIFY(list.at(1).sentence.endsWith(QStringLiteral("; no history a week back")));
    }

    void thisMachineUsesTheLocalInstance()
    {
        Bottleneck b = diskBottleneck(QStringLiteral("this machine"));
        const HistoryMeasure m = historyMeasure(b, QStringLiteral("host-a"));
        QCOMPARE(
            m.expr, QStringLiteral("rate(node_pressure_io_stalled_seconds_total{instance=\"host-a\"}[1m]) * 100"));
        QCOMPARE(m.threshold, DetectorOptions {}.ioPsiFullWarnPct);
        b.resource = QStringLiteral("tcp");
        QVERIFY(historyMeasure(b, QStringLiteral("host-a")).expr.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestBottleneckHistory)
#include "tst_bottleneck_history.moc"
