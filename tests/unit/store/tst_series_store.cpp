#include "metrics/LabelMatcher.h"
#include "metrics/Labels.h"
#include "metrics/Sample.h"
#include "metrics/SeriesStore.h"

#include <QRandomGenerator>
#include <QTest>

#include <atomic>
#include <bit>
#include <cmath>
#include <limits>
#include <thread>

using namespace opsdeck::metrics;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000;

QByteArray num(qint64 n)
{
    return QByteArray::number(n);
}

// "name=v;mode!=idle;cpu=~1|2;x!~a.*" -> matchers (test notation only).
QList<LabelMatcher> parseMatchers(const QString& text)
{
    QList<LabelMatcher> out;
    const QStringList parts = text.split(QLatin1Char(';'), Qt::SkipEmptyParts);
    for (const QString& part : parts) {
        struct Op
        {
            const char* text;
            LabelMatcher::Type type;
        };
        static const Op ops[] = { { "!~", LabelMatcher::Type::NotRegex }, { "=~", LabelMatcher::Type::Regex },
            { "!=", LabelMatcher::Type::NotEqual }, { "=", LabelMatcher::Type::Equal } };
        for (const Op& op : ops) {
            const qsizetype at = part.indexOf(QLatin1String(op.text));
            if (at > 0) {
                out.append(LabelMatcher(
                    op.type, part.left(at).toUtf8(), part.mid(at + qsizetype(qstrlen(op.text))).toUtf8()));
                break;
            }
        }
    }
    return out;
}

QList<SeriesRef> bruteForce(
    const SeriesStore& store, const QList<SeriesRef>& all, const QList<LabelMatcher>& matchers)
{
    QList<SeriesRef> out;
    for (SeriesRef ref : all) {
        const Labels l = store.labels(ref);
        bool ok = true;
        for (const LabelMatcher& m : matchers)
            ok = ok && m.isValid() && m.matches(l.value(m.name()));
        if (ok)
            out.append(ref);
    }
    return out;
}

bool sameBits(double a, double b)
{
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

// Deterministic value so readers can check what they see without sharing state.
double expectedValue(SeriesRef ref, qint64 ts)
{
    return double(ref) * 1e7 + double(ts - kT0) / 1000.0;
}

} // namespace

class TestSeriesStore : public QObject
{
    Q_OBJECT

    SeriesStore m_selectStore;
    QList<SeriesRef> m_selectAll;

private slots:
    void initTestCase()
    {
        // A few thousand random series; some labels absent on purpose.
        QRandomGenerator rng(7);
        static const char* names[] = { "node_cpu_seconds_total", "node_memory_MemAvailable_bytes", "up",
            "http_requests_total", "node_load1" };
        static const char* modes[] = { "idle", "user", "system", "iowait", "irq", "softirq", "steal", "nice" };
        for (int i = 0; i < 3000; ++i) {
            QList<Label> l;
            l.append(Label { "__name__", names[rng.bounded(5)] });
            l.append(Label { "job", QByteArray("job") + num(rng.bounded(3)) });
            l.append(Label { "instance", QByteArray("host-") + num(rng.bounded(60)) + ":9100" });
            if (rng.bounded(3))
                l.append(Label { "mode", modes[rng.bounded(8)] });
            if (rng.bounded(2))
                l.append(Label { "cpu", num(rng.bounded(16)) });
            if (rng.bounded(10) == 0)
                l.append(Label { "code", rng.bounded(2) ? QByteArray("200") : QByteArray("500") });
            const SeriesRef ref = m_selectStore.getOrCreate(Labels::fromUnsorted(l));
            if (!m_selectAll.contains(ref)) {
                m_selectAll.append(ref);
                QVERIFY(m_selectStore.append(ref, kT0, i));
            }
        }
        std::sort(m_selectAll.begin(), m_selectAll.end());
    }

    void selectMatchesBruteForce_data()
    {
        QTest::addColumn<QString>("matchers");
        QTest::newRow("equal name") << "__name__=up";
        QTest::newRow("equal missing value") << "__name__=nope";
        QTest::newRow("equal missing label") << "nolabel=x";
        QTest::newRow("equal empty = label absent") << "__name__=up;mode=";
        QTest::newRow("not equal") << "__name__=node_cpu_seconds_total;mode!=idle";
        QTest::newRow("not equal empty = label present") << "mode!=";
        QTest::newRow("not equal alone (all-match-empty fallback)") << "mode!=idle";
        QTest::newRow("regex") << "__name__=~node_.*;cpu=~1|2|3";
        QTest::newRow("regex matching empty") << "__name__=node_load1;mode=~idle|";
        QTest::newRow("regex all values") << "instance=~.*";
        QTest::newRow("regex non-empty") << "instance=~.+;code=~5..";
        QTest::newRow("regex no value matches") << "mode=~zzz.*";
        QTest::newRow("regex is anchored") << "mode=~dle";
        QTest::newRow("not regex") << "__name__=up;instance!~host-1.*";
        QTest::newRow("not regex matching empty only") << "mode!~.+";
        QTest::newRow("not regex not matching empty") << "job=job1;mode!~";
        QTest::newRow("not regex missing label") << "__name__=up;nolabel!~x";
        QTest::newRow("not equal missing label") << "nolabel!=x;job=job2";
        QTest::newRow("three-way") << "job=job0;mode!=idle;cpu=~1.*;instance!~host-5.*";
        QTest::newRow("everything matches empty") << "code!=200;nolabel=";
        QTest::newRow("no matchers") << "";
        QTest::newRow("invalid regex") << "mode=~(";
        // Literal-prefix shortcuts must agree with the regex.
        QTest::newRow("prefix .*") << "instance=~host-1.*";
        QTest::newRow("prefix .+") << "instance=~host-1.+";
        QTest::newRow("prefix .+ exact length") << "instance=~host-12:9100.+";
        QTest::newRow("literal regex") << "instance=~host-12:9100";
        QTest::newRow("optional literal") << "mode=~iowaitx?";
        QTest::newRow("star after literal") << "mode=~idlee*";
        QTest::newRow("counted literal") << "cpu=~1{2}";
        QTest::newRow("prefix then regex") << "instance=~host-1[0-3]:.*";
        QTest::newRow("not regex prefix") << "instance!~host-1.*;job=job0";
        QTest::newRow("not regex literal") << "mode!~idle";
        QTest::newRow("empty regex") << "mode=~";
    }

    void selectMatchesBruteForce()
    {
        QFETCH(QString, matchers);
        const QList<LabelMatcher> m = parseMatchers(matchers);
        QCOMPARE(m_selectStore.select(m), bruteForce(m_selectStore, m_selectAll, m));
    }

    void selectRandomCombinations()
    {
        QRandomGenerator rng(99);
        const QList<QByteArray> names = { "__name__", "job", "instance", "mode", "cpu", "code", "nolabel" };
        const QList<QByteArray> values = { "up", "job1", "host-3:9100", "idle", "user", "1", "15", "200", "",
            "node_.*", "host-1.*", ".*", ".+", "i.*|u.*", "x|", "5.." };
        for (int round = 0; round < 400; ++round) {
            QList<LabelMatcher> m;
            const int n = 1 + rng.bounded(3);
            for (int i = 0; i < n; ++i)
                m.append(LabelMatcher(LabelMatcher::Type(rng.bounded(4)), names[rng.bounded(names.size())],
                    values[rng.bounded(values.size())]));
            const QList<SeriesRef> got = m_selectStore.select(m);
            const QList<SeriesRef> want = bruteForce(m_selectStore, m_selectAll, m);
            if (got != want) {
                QStringList desc;
                for (const LabelMatcher& x : m)
                    desc << QString::fromUtf8(x.name()) + QString::number(int(x.type()))
                            + QString::fromUtf8(x.value());
                QFAIL(qPrintable(desc.join(QLatin1Char(' '))));
            }
        }
    }

    void labelsNamesAndValues()
    {
        SeriesStore store;
        const Labels a { { "__name__", "node_cpu_seconds_total" }, { "cpu", "0" }, { "mode", "idle" },
            { "job", "node" } };
        const Labels b { { "__name__", "node_cpu_seconds_total" }, { "cpu", "1" }, { "mode", "idle" },
            { "job", "node" } };
        const SeriesRef ra = store.getOrCreate(a);
        const SeriesRef rb = store.getOrCreate(b);
        QCOMPARE(ra, SeriesRef(0));
        QCOMPARE(rb, SeriesRef(1)); // dense
        QCOMPARE(store.getOrCreate(Labels { { "job", "node" }, { "mode", "idle" }, { "cpu", "0" },
                     { "__name__", "node_cpu_seconds_total" } }),
            ra);
        QCOMPARE(store.labels(ra), a);
        QCOMPARE(store.labels(rb), b);
        QCOMPARE(store.labels(12345), Labels());
        // Interned: both series hand out the same buffer for job="node".
        QCOMPARE(store.labels(ra).value("job").constData(), store.labels(rb).value("job").constData());

        QCOMPARE(store.labelNames(), (QList<QByteArray> { "__name__", "cpu", "job", "mode" }));
        QCOMPARE(store.labelValues("cpu"), (QList<QByteArray> { "0", "1" }));
        QCOMPARE(store.labelValues("mode"), (QList<QByteArray> { "idle" }));
        QVERIFY(store.labelValues("nope").isEmpty());
        QCOMPARE(store.stats().seriesCount, 2);
        QCOMPARE(store.getOrCreate(Labels()), kInvalidSeriesRef);
        // An empty value is the same as an absent label.
        QCOMPARE(store.getOrCreate(Labels::fromSorted({ { "__name__", "node_cpu_seconds_total" }, { "cpu", "0" },
                     { "job", "node" }, { "mode", "idle" }, { "x", "" } })),
            ra);
    }

    void readRangesAtChunkBoundaries()
    {
        SeriesStore store({ 0, 0 });
        const SeriesRef ref = store.getOrCreate(Labels { { "__name__", "g" } });
        QRandomGenerator rng(3);
        QList<Sample> all;
        qint64 ts = kT0;
        for (int i = 0; i < 1000; ++i) {
            ts += 1000 + rng.bounded(-4, 5);
            const double v = i % 97 == 5 ? staleNaN() : rng.generateDouble() * 1000;
            QVERIFY(store.append(ref, ts, v));
            all.append(Sample { ts, v });
        }
        QCOMPARE(store.stats().sampleCount, 1000);
        QCOMPARE(store.stats().appendedTotal, 1000);

        const auto check = [&](qint64 minTs, qint64 maxTs) {
            QList<Sample> want;
            for (const Sample& s : all) {
                if (s.timestampMs >= minTs && s.timestampMs <= maxTs)
                    want.append(s);
            }
            const QList<Sample> got = store.read(ref, minTs, maxTs);
            if (got.size() != want.size())
                return false;
            for (qsizetype i = 0; i < got.size(); ++i) {
                if (got[i].timestampMs != want[i].timestampMs || !sameBits(got[i].value, want[i].value))
                    return false;
            }
            return true;
        };
        // Every boundary of 120-sample chunks, the head, and beyond both ends.
        for (int boundary : { 0, 119, 120, 239, 240, 959, 960, 999 }) {
            const qint64 t = all[boundary].timestampMs;
            for (qint64 lo : { t - 1, t, t + 1 })
                for (qint64 span : { 0, 1, 1000, 130'000, 2'000'000 })
                    QVERIFY2(check(lo, lo + span), qPrintable(QString::number(boundary)));
            QVERIFY(check(std::numeric_limits<qint64>::min(), t));
        }
        QVERIFY(check(std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max()));
        QVERIFY(store.read(ref, 10, 5).isEmpty());
        QVERIFY(store.read(ref, 0, kT0).isEmpty());
        QVERIFY(store.read(777, 0, kT0 * 2).isEmpty());

        const std::optional<Sample> last = store.last(ref);
        QVERIFY(last);
        QCOMPARE(last->timestampMs, all.last().timestampMs);
    }

    void outOfOrderAndDuplicatesRejected()
    {
        SeriesStore store;
        const SeriesRef ref = store.getOrCreate(Labels { { "__name__", "c" } });
        QVERIFY(store.append(ref, 1000, 1));
        QVERIFY(store.append(ref, 2000, 2));
        QVERIFY(!store.append(ref, 2000, 3)); // duplicate
        QVERIFY(!store.append(ref, 1500, 4)); // out of order
        QVERIFY(store.append(Labels { { "__name__", "c" } }, 3000, 5));
        QVERIFY(!store.append(Labels { { "__name__", "c" } }, 10, 6));
        QVERIFY(!store.append(kInvalidSeriesRef, 5000, 1));
        const StoreStats st = store.stats();
        QCOMPARE(st.outOfOrderTotal, 3);
        QCOMPARE(st.appendedTotal, 3);
        QCOMPARE(st.sampleCount, 3);
        const QList<Sample> got = store.read(ref, 0, 10000);
        QCOMPARE(got.size(), 3);
        QCOMPARE(got[1].value, 2.0);
        QCOMPARE(got[2].value, 5.0);
    }

    void staleMarkerRoundTrips()
    {
        SeriesStore store;
        const SeriesRef ref = store.getOrCreate(Labels { { "__name__", "up" } });
        for (int i = 0; i < 300; ++i) {
            if (i % 119 == 0 && i)
                store.markStale(ref, kT0 + i * 1000); // lands on chunk boundaries too
            else
                QVERIFY(store.append(ref, kT0 + i * 1000, 1));
        }
        store.markStale(ref, kT0 + 300'000);
        store.markStale(ref, kT0 + 300'000); // duplicate: rejected, counted
        QCOMPARE(store.stats().outOfOrderTotal, 1);
        const QList<Sample> got = store.read(ref, 0, kT0 * 2);
        QCOMPARE(got.size(), 301);
        for (const Sample& s : got) {
            const qint64 i = (s.timestampMs - kT0) / 1000;
            QCOMPARE(isStaleMarker(s.value), i == 300 || (i % 119 == 0 && i));
        }
        QVERIFY(isStaleMarker(store.last(ref)->value));
    }

    void retentionByAge()
    {
        SeriesStore store({ 60'000, 0 }); // one minute, no byte budget
        const SeriesRef live = store.getOrCreate(Labels { { "__name__", "a" }, { "job", "x" } });
        const SeriesRef gone = store.getOrCreate(Labels { { "__name__", "b" }, { "job", "y" } });
        for (int i = 0; i < 600; ++i) {
            QVERIFY(store.append(live, kT0 + i * 1000, i));
            if (i < 200)
                QVERIFY(store.append(gone, kT0 + i * 1000, i));
        }
        const qint64 before = store.stats().compressedBytes;
        const qint64 now = kT0 + 599'000;
        store.applyRetention(now);

        const QList<Sample> got = store.read(live, 0, now);
        QCOMPARE(got.size(), 61); // now - 60 s .. now
        QCOMPARE(got.first().timestampMs, now - 60'000);
        QVERIFY(store.stats().compressedBytes < before / 4);
        QVERIFY(store.stats().sampleCount < 600); // memory freed a chunk at a time

        // "b" had nothing left: gone from the index, its ref dead for good.
        QVERIFY(!store.contains(gone));
        QVERIFY(store.contains(live));
        QCOMPARE(store.stats().seriesCount, 1);
        QCOMPARE(store.select({ LabelMatcher(LabelMatcher::Type::Equal, "__name__", "b") }), QList<SeriesRef>());
        QCOMPARE(
            store.select({ LabelMatcher(LabelMatcher::Type::NotEqual, "job", "zzz") }), QList<SeriesRef> { live });
        QCOMPARE(store.labelValues("job"), QList<QByteArray> { "x" });
        QCOMPARE(store.labelNames(), (QList<QByteArray> { "__name__", "job" }));
        QCOMPARE(store.labels(gone), Labels());
        QVERIFY(store.read(gone, 0, now).isEmpty());
        QVERIFY(!store.last(gone));
        QVERIFY(!store.append(gone, now, 1));
        const SeriesRef again = store.getOrCreate(Labels { { "__name__", "b" }, { "job", "y" } });
        QVERIFY(again != gone);
        QVERIFY(store.append(again, now, 1));
        QCOMPARE(
            store.select({ LabelMatcher(LabelMatcher::Type::Equal, "job", "y") }), QList<SeriesRef> { again });

        // Everything expires: only the fresh sample of "b" is left.
        store.applyRetention(now + 30'000);
        QCOMPARE(store.stats().seriesCount, 2);
        store.applyRetention(now + 61'000);
        QCOMPARE(store.stats().seriesCount, 0);
        QCOMPARE(store.stats().sampleCount, 0);
        QCOMPARE(store.stats().compressedBytes, 0);
        QCOMPARE(store.stats().headBytes, 0);
        QVERIFY(store.labelNames().isEmpty());
    }

    void retentionByBytesDropsOldestFirst()
    {
        SeriesStore store({ 0, 0 });
        QList<SeriesRef> refs;
        QRandomGenerator rng(5);
        for (int s = 0; s < 50; ++s)
            refs.append(store.getOrCreate(Labels { { "__name__", "m" }, { "i", num(s) } }));
        // Series start at different times so "oldest" differs per series.
        for (int i = 0; i < 1200; ++i) {
            for (int s = 0; s < 50; ++s) {
                if (i >= s * 4)
                    QVERIFY(store.append(refs[s], kT0 + i * 1000, rng.generateDouble()));
            }
        }
        const StoreStats before = store.stats();
        const qint64 used = before.compressedBytes + before.headBytes;
        store.setRetentionPolicy({ 0, used / 2 });
        QCOMPARE(store.retentionPolicy().maxBytes, used / 2);
        store.applyRetention(kT0 + 1'200'000);
        const StoreStats after = store.stats();
        QVERIFY(after.compressedBytes + after.headBytes <= used / 2);
        QVERIFY(after.compressedBytes + after.headBytes > used / 4); // dropped only what it had to
        QCOMPARE(after.seriesCount, 50); // heads stay, so no series vanished

        // Oldest first across series: every kept sample is newer than every dropped one.
        qint64 newestDropped = std::numeric_limits<qint64>::min();
        qint64 oldestKept = std::numeric_limits<qint64>::max();
        for (int s = 0; s < 50; ++s) {
            const QList<Sample> got = store.read(refs[s], 0, kT0 * 2);
            QVERIFY(!got.isEmpty());
            QCOMPARE(got.last().timestampMs, kT0 + 1'199'000);
            const qint64 firstWritten = kT0 + s * 4 * 1000;
            if (got.first().timestampMs > firstWritten)
                newestDropped = std::max(newestDropped, got.first().timestampMs - 1000);
            oldestKept = std::min(oldestKept, got.first().timestampMs);
            for (qsizetype i = 1; i < got.size(); ++i)
                QCOMPARE(got[i].timestampMs - got[i - 1].timestampMs, 1000); // no holes
        }
        QVERIFY(newestDropped > std::numeric_limits<qint64>::min());
        QVERIFY2(newestDropped < oldestKept + 120'000, "dropped chunks are at most one chunk newer");
    }

    // One writer appending (and creating, expiring and staling series) while
    // three readers select and read; every read must be a consistent, ordered
    // prefix-free slice with the values the writer wrote.
    void concurrentReadersAndWriter()
    {
        SeriesStore store({ 120'000, 0 });
        std::atomic<bool> stop { false };
        std::atomic<qint64> writerNow { kT0 };
        std::atomic<int> failures { 0 };
        std::atomic<qint64> reads { 0 };
        std::atomic<qint64> selects { 0 };
        constexpr int kSteady = 200;

        std::thread writer([&] {
            std::vector<SeriesRef> steady;
            for (int s = 0; s < kSteady; ++s)
                steady.push_back(
                    store.getOrCreate(Labels { { "__name__", "steady" }, { "i", num(s) }, { "job", "w" } }));
            qint64 ts = kT0;
            int step = 0;
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
            while (std::chrono::steady_clock::now() < deadline) {
                ts += 1000;
                ++step;
                for (SeriesRef ref : steady) {
                    if (!store.append(ref, ts, expectedValue(ref, ts)))
                        failures.fetch_add(1);
                }
                // Short-lived series: created, fed 30 steps, then left to expire.
                const Labels churn { { "__name__", "churn" }, { "gen", num(step / 30) }, { "job", "w" } };
                const SeriesRef c = store.getOrCreate(churn);
                store.append(c, ts, expectedValue(c, ts));
                if (step % 200 == 0)
                    store.markStale(steady[step % kSteady], ts + 1);
                if (step % 50 == 0)
                    store.applyRetention(ts);
                writerNow.store(ts);
            }
            stop.store(true);
        });

        const auto reader = [&](int id) {
            QRandomGenerator rng { quint32(id) };
            while (!stop.load()) {
                const QList<SeriesRef> refs = store.select({ LabelMatcher(LabelMatcher::Type::Equal, "job", "w"),
                    LabelMatcher(LabelMatcher::Type::Regex, "__name__", id == 0 ? "churn" : "steady|churn") });
                selects.fetch_add(1);
                if (!std::is_sorted(refs.begin(), refs.end()))
                    failures.fetch_add(1);
                for (int k = 0; k < 20 && !refs.isEmpty(); ++k) {
                    const SeriesRef ref = refs[rng.bounded(refs.size())];
                    const Labels l = store.labels(ref); // may be empty if just expired
                    if (!l.isEmpty() && l.value("job") != "w")
                        failures.fetch_add(1);
                    const qint64 hi = writerNow.load();
                    const QList<Sample> got = store.read(ref, hi - rng.bounded(200'000), hi);
                    reads.fetch_add(1);
                    for (qsizetype i = 0; i < got.size(); ++i) {
                        const Sample& s = got[i];
                        const bool stale = isStaleMarker(s.value);
                        if (!stale && s.value != expectedValue(ref, s.timestampMs))
                            failures.fetch_add(1);
                        if (i && s.timestampMs <= got[i - 1].timestampMs)
                            failures.fetch_add(1);
                    }
                    (void)store.last(ref);
                }
                (void)store.labelValues("gen");
                (void)store.stats();
            }
        };
        std::thread r1(reader, 0), r2(reader, 1), r3(reader, 2);
        writer.join();
        r1.join();
        r2.join();
        r3.join();

        qInfo("stress: %lld selects, %lld reads, %lld samples appended", qlonglong(selects.load()),
            qlonglong(reads.load()), qlonglong(store.stats().appendedTotal));
        QCOMPARE(failures.load(), 0);
        QVERIFY(reads.load() > 100);

        // After the dust settles every steady series holds exactly the last 120 s.
        const qint64 now = writerNow.load();
        store.applyRetention(now);
        const QList<SeriesRef> steady
            = store.select({ LabelMatcher(LabelMatcher::Type::Equal, "__name__", "steady") });
        QCOMPARE(steady.size(), kSteady);
        qint64 held = 0;
        for (SeriesRef ref : steady) {
            const QList<Sample> got = store.read(ref, 0, now + 10);
            held += got.size();
            for (const Sample& s : got) {
                QVERIFY(s.timestampMs >= now - 120'000);
                QVERIFY(isStaleMarker(s.value) || s.value == expectedValue(ref, s.timestampMs));
            }
            QCOMPARE(got.first().timestampMs, std::max(now - 120'000, kT0 + 1000));
            // The writer's last step may have marked this series stale at ts + 1.
            QVERIFY2(got.last().timestampMs == now
                    || (isStaleMarker(got.last().value) && got.last().timestampMs == now + 1),
                qPrintable(QString::number(got.last().timestampMs)));
        }
        QVERIFY(held > 0);
        QVERIFY(store.select({ LabelMatcher(LabelMatcher::Type::Equal, "__name__", "churn") }).size() <= 6);
    }
};

QTEST_GUILESS_MAIN(TestSeriesStore)
#include "tst_series_store.moc"
