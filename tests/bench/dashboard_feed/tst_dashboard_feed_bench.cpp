// Micro-bench of engine/dashboard/LiveQueryFeed: 32 panels (the default host
// panels, for all hosts and per host) over 100 hosts' node_exporter series
// (1 h of history at a 10 s scrape interval). Measures, from the round
// announcement to the batch arriving on this thread, one tick (append at one
// new step) and a full reset (1 h window = 3600 steps of 1 s): until the first
// panel shows and until every panel has, and how long a range change made
// during a reset waits for its first panel. No timing asserts.
#include "Clock.h"
#include "dashboard/LiveQueryFeed.h"
#include "dashboard/PanelDefinition.h"
#include "metrics/SeriesStore.h"
#include "query/LocalQuerySource.h"
#include "scrape/ScrapeManager.h"

#include <QElapsedTimer>
#include <QSet>
#include <QTest>

#include <algorithm>
#include <cstdio>

using namespace opsdeck;
using namespace opsdeck::dashboard;
using namespace opsdeck::metrics;

namespace {

constexpr int kHosts = 100;
constexpr int kPanels = 32;
constexpr qint64 kT0 = 1'700'000'000'000;
constexpr qint64 kHistoryMs = 3600 * 1000;
constexpr qint64 kScrapeMs = 10'000;

struct HostSeries
{
    QList<SeriesRef> refs;
    QList<double> rates; // per second for counters, 0 = gauge around its value
    QList<double> values;
};

QByteArray host(int i)
{
    return "host-" + QByteArray::number(i) + ":9100";
}

// The node series the default panels read, as a 2-CPU host exposes them.
QList<HostSeries> buildSeries(SeriesStore& store)
{
    QList<HostSeries> hosts;
    for (int h = 0; h < kHosts; ++h) {
        HostSeries hs;
        auto add = [&](QList<Label> labels, double rate, double value) {
            labels.append(Label { "instance", host(h) });
            labels.append(Label { "job", "node" });
            hs.refs.append(store.getOrCreate(Labels::fromUnsorted(labels)));
            hs.rates.append(rate);
            hs.values.append(value);
        };
        for (const char* cpu : { "0", "1" })
            for (const char* mode : { "idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user" })
                add({ { "__name__", "node_cpu_seconds_total" }, { "cpu", cpu }, { "mode", mode } },
                    qstrcmp(mode, "idle") == 0 ? 0.7 : 0.04, 1000);
        add({ { "__name__", "node_memory_MemTotal_bytes" } }, 0, 8e9);
        add({ { "__name__", "node_memory_MemAvailable_bytes" } }, 0, 5e9);
        for (const char* n : { "node_load1", "node_load5", "node_load15" })
            add({ { "__name__", n } }, 0, 1.5);
        for (const char* dev : { "vda", "vdb" }) {
            add({ { "__name__", "node_disk_read_bytes_total" }, { "device", dev } }, 2e5, 1e9);
            add({ { "__name__", "node_disk_written_bytes_total" }, { "device", dev } }, 5e5, 1e9);
        }
        for (const char* dev : { "lo", "eth0" }) {
            add({ { "__name__", "node_network_receive_bytes_total" }, { "device", dev } }, 1e6, 1e9);
            add({ { "__name__", "node_network_transmit_bytes_total" }, { "device", dev } }, 8e5, 1e9);
        }
        for (const char* mp : { "/", "/var" }) {
            const QList<Label> fs { { "device", "/dev/vda1" }, { "fstype", "ext4" }, { "mountpoint", mp } };
            add(QList<Label> { { "__name__", "node_filesystem_size_bytes" } } + fs, 0, 1e11);
            add(QList<Label> { { "__name__", "node_filesystem_avail_bytes" } } + fs, 0, 4e10);
        }
        hosts.append(hs);
    }
    return hosts;
}

void writeAt(SeriesStore& store, const QList<HostSeries>& hosts, qint64 t)
{
    const double s = double(t - kT0 + kHistoryMs) / 1000.0;
    for (const HostSeries& hs : hosts)
        for (qsizetype i = 0; i < hs.refs.size(); ++i)
            store.append(
                hs.refs.at(i), t, hs.rates.at(i) > 0 ? hs.values.at(i) + hs.rates.at(i) * s : hs.values.at(i));
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

} // namespace

class TestDashboardFeedBench : public QObject
{
    Q_OBJECT

private slots:
    void tickAndReset()
    {
        SeriesStore store;
        const QList<HostSeries> hosts = buildSeries(store);
        for (qint64 t = kT0 - kHistoryMs; t <= kT0; t += kScrapeMs)
            writeAt(store, hosts, t);
        const StoreStats stats = store.stats();

        ManualClock clock(kT0);
        scrape::ScrapeManagerOptions managerOptions;
        managerOptions.retentionIntervalMs = 0; // this thread is the store's writer
        scrape::ScrapeManager manager(&store, managerOptions, &clock);
        LiveQueryFeedOptions options;
        options.clock = &clock;
        options.boundaryGraceMs = 0;
        const query::LocalQuerySource source(&store);
        LiveQueryFeed feed(&source, options);
        followScrapeRounds(feed, manager);
        QList<QList<PanelUpdate>> got;
        connect(&feed, &LiveQueryFeed::updated, this, [&got](const QList<PanelUpdate>& u) { got.append(u); });
        auto next = [&got]() {
            if (!QTest::qWaitFor([&got]() { return !got.isEmpty(); }, 120'000))
                return QList<PanelUpdate>();
            return got.takeFirst();
        };

        const QList<PanelDefinition> defaults = defaultHostPanels();
        QList<LiveQuery> queries;
        for (int i = 0; i < kPanels; ++i) {
            // Half for all hosts, half filtered to a few hosts, as operators pick them.
            const QString filter = i % 2 == 0 ? QString() : QStringLiteral("host-%1.*").arg(i);
            queries.append({ quint64(i + 1), expandHostVariable(defaults.at(i % defaults.size()).query, filter) });
        }

        // Full reset: 1 h window at a 1 s step. Panels come as each is ready.
        feed.setRange(kHistoryMs);
        QElapsedTimer timer;
        timer.start();
        feed.setQueries(queries);
        QSet<quint64> resetKeys;
        qint64 points = 0;
        qsizetype seriesTotal = 0;
        double firstMs = -1;
        int batches = 0;
        QList<PanelUpdate> batch;
        while (resetKeys.size() < kPanels) {
            batch = next();
            QVERIFY(!batch.isEmpty());
            ++batches;
            if (firstMs < 0)
                firstMs = timer.nsecsElapsed() / 1e6;
            for (const PanelUpdate& u : batch) {
                QVERIFY(u.reset);
                QVERIFY2(u.error.isEmpty(), qPrintable(u.error));
                QVERIFY(!resetKeys.contains(u.key));
                resetKeys.insert(u.key);
                seriesTotal += u.series.size();
                for (const SeriesPoints& s : u.series)
                    points += s.t.size();
            }
        }
        const double resetMs = timer.nsecsElapsed() / 1e6;
        std::printf("BENCH feed store: %d hosts, %lld series, %lld samples\n", kHosts, qint64(stats.seriesCount),
            stats.sampleCount);
        std::printf("BENCH feed reset: %d panels x 3601 steps, %lld series, %lld points: %.1f ms "
                    "(first panel after %.1f ms, %d batches)\n",
            kPanels, qint64(seriesTotal), points, resetMs, firstMs, batches);

        // A range change while a reset is under way: how long until the new window's first panel.
        feed.refreshAll();
        batch = next();
        QVERIFY(!batch.isEmpty());
        timer.restart();
        feed.setRange(kHistoryMs / 2);
        double abandonMs = -1;
        resetKeys.clear();
        while (resetKeys.size() < kPanels) {
            batch = next();
            QVERIFY(!batch.isEmpty());
            for (const PanelUpdate& u : batch) {
                if (u.windowEnd - u.windowStart != double(kHistoryMs / 2) / 1000.0)
                    continue; // the old window, sent before the change was seen
                if (abandonMs < 0)
                    abandonMs = timer.nsecsElapsed() / 1e6;
                resetKeys.insert(u.key);
            }
        }
        const double newRangeMs = timer.nsecsElapsed() / 1e6;
        std::printf("BENCH feed range change during a reset: first new-window panel after %.1f ms, all %d after "
                    "%.1f ms\n",
            abandonMs, kPanels, newRangeMs);
        feed.setRange(kHistoryMs);
        resetKeys.clear();
        while (resetKeys.size() < kPanels) {
            batch = next();
            QVERIFY(!batch.isEmpty());
            for (const PanelUpdate& u : batch)
                if (u.windowEnd - u.windowStart == double(kHistoryMs) / 1000.0)
                    resetKeys.insert(u.key);
        }
        QTest::qWait(200);
        got.clear();

        // Ticks: one new scrape of every host, one step boundary.
        QList<double> tickMs;
        qint64 tickPoints = 0;
        for (int i = 1; i <= 10; ++i) {
            const qint64 t = kT0 + i * 1000;
            writeAt(store, hosts, t);
            clock.setNowMs(t + 20);
            timer.restart();
            emit manager.scrapeRoundCompleted(t);
            batch = next();
            tickMs.append(timer.nsecsElapsed() / 1e6);
            QCOMPARE(batch.size(), kPanels);
            tickPoints = 0;
            for (const PanelUpdate& u : batch) {
                QVERIFY(!u.reset);
                for (const SeriesPoints& s : u.series)
                    tickPoints += s.t.size();
            }
            QTest::qWait(110); // the feed sends at most ~10 batches per second
        }
        std::printf("BENCH feed tick: %d panels, %lld points per tick: median %.2f ms, max %.2f ms (10 ticks)\n",
            kPanels, tickPoints, median(tickMs), *std::max_element(tickMs.cbegin(), tickMs.cend()));
        std::fflush(stdout);
    }
};

QTEST_GUILESS_MAIN(TestDashboardFeedBench)
#include "tst_dashboard_feed_bench.moc"
