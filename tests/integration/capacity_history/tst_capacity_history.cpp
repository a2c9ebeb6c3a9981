// Capacity history end to end: the rollup tables (capacity::RollupRepository),
// the live writer (capacity::RollupWriter) over a SeriesStore with a
// ManualClock and a real StateWriter, loadHistory + the query engine over the
// loaded store, and the real `opsdeck import history` binary.
#include "capacity/HistoryLoader.h"
#include "capacity/Rollup.h"
#include "capacity/RollupRepository.h"
#include "capacity/RollupWriter.h"
#include "Clock.h"
#include "metrics/SeriesStore.h"
#include "ProgramRun.h"
#include "query/LocalQuerySource.h"
#include "storage/Database.h"
#include "storage/StateWriter.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

using namespace opsdeck;
using capacity::RolledUpSeries;
using capacity::RollupRepository;
using capacity::RollupResolution;
using capacity::RollupRow;

namespace {

constexpr qint64 kHour0 = 1'700'002'800'000; // a whole hour (2023-11-14T23:00:00Z)
constexpr qint64 kDay = 24LL * 3600 * 1000;

RollupRow row(qint64 start, qint64 count, double min, double max, double avg, double last, double p95)
{
    RollupRow r;
    r.startMs = start;
    r.count = count;
    r.min = min;
    r.max = max;
    r.avg = avg;
    r.last = last;
    r.p95 = p95;
    return r;
}

metrics::LabelMatcher nameIs(const QByteArray& name)
{
    return metrics::LabelMatcher(metrics::LabelMatcher::Type::Equal, "__name__", name);
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runOpsdeck(const QStringList& args)
{
    const auto r = opsdeck::testsupport::runProgram(QStringLiteral(OPSDECK_BIN), args);
    return Run { r.exitCode, QString::fromUtf8(r.out), QString::fromUtf8(r.err) };
}

bool writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

} // namespace

class TestCapacityHistory : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void repositoryWriteReplaceRead();
    void repositoryPrune();
    void repositorySeriesMatchers();
    void rollupWriterWritesCompleteBuckets();
    void rollupWriterPrunesByRetention();
    void rollupWriterFirstRunKeepsFullerStoredBucket();
    void loadHistoryServesRate();
    void cliImportsNabCsv();
    void cliImportsSmallCsvFormats();
    void cliImportsOpenMetrics();
    void cliRejectsBadFileNamingTheLine();
    void cliUsageErrors();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<storage::Database> m_db;
};

void TestCapacityHistory::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestCapacityHistory::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = std::make_unique<storage::Database>();
    QVERIFY2(m_db->open(m_dir->path()), qPrintable(m_db->lastError()));
    QCOMPARE(m_db->schemaVersion(), storage::latestSchemaVersion());
}

void TestCapacityHistory::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

void TestCapacityHistory::repositoryWriteReplaceRead()
{
    RollupRepository repo(*m_db);
    const metrics::Labels a { { "__name__", "node_load1" }, { "instance", "a" } };
    const metrics::Labels b { { "__name__", "node_load1" }, { "instance", "b" } };
    QList<RolledUpSeries> batch {
        { a, { row(0, 6, 1, 3, 2, 3, 3), row(60'000, 6, 2, 4, 3, 4, 4) } },
        { b, { row(0, 1, std::nan(""), std::nan(""), std::nan(""), 5, 5) } },
    };
    QVERIFY2(repo.write(RollupResolution::Minute, batch), qPrintable(repo.lastError()));

    auto series = repo.series();
    QVERIFY(series);
    QCOMPARE(series->size(), 2);
    qint64 idA = 0;
    qint64 idB = 0;
    for (const auto& s : *series)
        (s.labels == a ? idA : idB) = s.id;
    QVERIFY(idA > 0 && idB > 0 && idA != idB);

    auto rows = repo.read(RollupResolution::Minute, idA, 0, 120'000);
    QVERIFY(rows);
    QCOMPARE(rows->size(), 2);
    QCOMPARE(rows->at(1).startMs, 60'000);
    QCOMPARE(rows->at(1).avg, 3.0);
    QCOMPARE(rows->at(1).p95, 4.0);
    // NaN goes in as NULL and comes back as NaN.
    rows = repo.read(RollupResolution::Minute, idB, 0, 120'000);
    QVERIFY(rows);
    QCOMPARE(rows->size(), 1);
    QVERIFY(std::isnan(rows->at(0).min));
    QCOMPARE(rows->at(0).last, 5.0);
    // Half-open window, and nothing in the hour table.
    QCOMPARE(repo.read(RollupResolution::Minute, idA, 0, 60'000)->size(), 1);
    QCOMPARE(repo.read(RollupResolution::Hour, idA, 0, kDay)->size(), 0);

    // Writing a bucket again replaces it: no duplicate, new values, same series id.
    QVERIFY(repo.write(RollupResolution::Minute, { { a, { row(60'000, 12, 0, 9, 5, 9, 9) } } }));
    rows = repo.read(RollupResolution::Minute, idA, 0, 120'000);
    QCOMPARE(rows->size(), 2);
    QCOMPARE(rows->at(1).count, 12);
    QCOMPARE(rows->at(1).avg, 5.0);
    QCOMPARE(repo.series()->size(), 2);

    QVERIFY(repo.write(RollupResolution::Hour, { { a, { row(0, 12, 0, 9, 4, 9, 9) } } }));
    const auto stats = repo.stats();
    QVERIFY(stats);
    QCOMPARE(stats->seriesCount, 2);
    QCOMPARE(stats->minuteRows, 3);
    QCOMPARE(stats->hourRows, 1);
    QCOMPARE(stats->oldestMinuteMs, 0);
    QCOMPARE(stats->newestMinuteMs, 60'000);
}

void TestCapacityHistory::repositoryPrune()
{
    RollupRepository repo(*m_db);
    const metrics::Labels old { { "__name__", "node_load1" }, { "instance", "gone" } };
    const metrics::Labels live { { "__name__", "node_load1" }, { "instance", "live" } };
    QVERIFY(repo.write(RollupResolution::Minute,
        { { old, { row(0, 1, 1, 1, 1, 1, 1), row(60'000, 1, 1, 1, 1, 1, 1) } },
            { live, { row(60'000, 1, 1, 1, 1, 1, 1), row(kDay, 1, 2, 2, 2, 2, 2) } } }));
    qint64 removed = -1;
    QVERIFY(repo.prune(RollupResolution::Minute, 60'000, &removed));
    QCOMPARE(removed, 1);
    QVERIFY(repo.prune(RollupResolution::Minute, kDay, &removed));
    QCOMPARE(removed, 2);
    // The series with no rows left is gone; the other stays with its newest row.
    const auto series = repo.series();
    QCOMPARE(series->size(), 1);
    QCOMPARE(series->first().labels, live);
    QCOMPARE(repo.stats()->minuteRows, 1);
    QCOMPARE(repo.stats()->oldestMinuteMs, kDay);
    QVERIFY(repo.prune(RollupResolution::Hour, kDay, &removed));
    QCOMPARE(removed, 0);
}

void TestCapacityHistory::repositorySeriesMatchers()
{
    RollupRepository repo(*m_db);
    QVERIFY(repo.write(RollupResolution::Hour,
        { { metrics::Labels { { "__name__", "node_load1" }, { "instance", "a" } }, { row(0, 1, 1, 1, 1, 1, 1) } },
            { metrics::Labels { { "__name__", "node_load1" }, { "instance", "b" } },
                { row(0, 1, 1, 1, 1, 1, 1) } },
            { metrics::Labels { { "__name__", "http_requests_total" }, { "instance", "a" }, { "site", "Zürich" } },
                { row(0, 1, 1, 1, 1, 1, 1) } } }));
    QCOMPARE(repo.series({ nameIs("node_load1") })->size(), 2);
    QCOMPARE(repo.series({ nameIs("node_load1"),
                             metrics::LabelMatcher(metrics::LabelMatcher::Type::NotEqual, "instance", "a") })
                 ->size(),
        1);
    const auto regex
        = repo.series({ metrics::LabelMatcher(metrics::LabelMatcher::Type::Regex, "__name__", ".*_total") });
    QCOMPARE(regex->size(), 1);
    QCOMPARE(regex->first().labels.value("site"), QByteArray("Zürich"));
    QCOMPARE(repo.series({ nameIs("missing") })->size(), 0);
}

void TestCapacityHistory::rollupWriterWritesCompleteBuckets()
{
    metrics::SeriesStore store;
    const metrics::Labels load { { "__name__", "node_load1" }, { "instance", "a" } };
    const metrics::Labels ignored { { "__name__", "go_goroutines" }, { "instance", "a" } };
    const metrics::Labels requests { { "__name__", "api_http_requests_total" }, { "instance", "a" } };
    // Every 10 s from 30 min before the hour to 2 min 30 s after it.
    qint64 t = kHour0 - 30 * 60'000;
    const auto appendUntil = [&](qint64 end) {
        for (; t < end; t += 10'000) {
            QVERIFY(store.append(load, t, double((t / 10'000) % 7)));
            QVERIFY(store.append(ignored, t, 1));
            QVERIFY(store.append(requests, t, double(t - kHour0) / 1000.0 + 1e6));
        }
    };
    appendUntil(kHour0 + 150'000);

    ManualClock clock(kHour0 + 150'000 + 6'000); // past 2:00 + grace
    storage::StateWriter writer(*m_db);
    QVERIFY2(writer.isOpen(), qPrintable(writer.errorString()));
    capacity::RollupWriter rollups(&store, &writer, &clock);
    QSignalSpy written(&rollups, &capacity::RollupWriter::rollupsWritten);
    QSignalSpy failed(&rollups, &capacity::RollupWriter::rollupFailed);

    // First run: from the oldest sample in the store up to the last complete minute.
    rollups.runOnce();
    QVERIFY(written.wait(10'000));
    QCOMPARE(failed.size(), 0);
    QCOMPARE(written.first().at(0).toLongLong(), 2 * 32); // minutes -30..+1, two selected series
    QCOMPARE(written.first().at(1).toLongLong(), 2); // the hour before kHour0

    RollupRepository repo(*m_db);
    auto series = repo.series();
    QVERIFY(series);
    QCOMPARE(series->size(), 2); // go_goroutines is not a capacity series
    const auto loadSeries = repo.series({ nameIs("node_load1") });
    QCOMPARE(loadSeries->size(), 1);
    const qint64 loadId = loadSeries->first().id;
    auto minutes = repo.read(RollupResolution::Minute, loadId, 0, kHour0 + kDay);
    QCOMPARE(minutes->size(), 32);
    QCOMPARE(minutes->first().startMs, kHour0 - 30 * 60'000);
    QCOMPARE(minutes->last().startMs, kHour0 + 60'000);
    QCOMPARE(minutes->last().count, 6);
    // Closed form for one minute: t/10 s mod 7 over six consecutive steps.
    {
        const auto samples
            = store.read(store.select({ nameIs("node_load1") }).first(), kHour0 + 60'000, kHour0 + 119'999);
        const auto expected = capacity::rollup(samples, capacity::kMinuteMs);
        QCOMPARE(expected.size(), 1);
        QCOMPARE(minutes->last().avg, expected.first().avg);
        QCOMPARE(minutes->last().max, expected.first().max);
        QCOMPARE(minutes->last().p95, expected.first().p95);
    }
    auto hours = repo.read(RollupResolution::Hour, loadId, 0, kHour0 + kDay);
    QCOMPARE(hours->size(), 1);
    QCOMPARE(hours->first().startMs, kHour0 - capacity::kHourMs);
    QCOMPARE(hours->first().count, 180);

    // Nothing new before the next minute is complete.
    written.clear();
    rollups.runOnce();
    writer.waitForIdle();
    QCoreApplication::processEvents();
    QCOMPARE(written.size(), 0);

    // A minute later exactly one new minute row per series, no hour row.
    appendUntil(kHour0 + 210'000);
    clock.advanceMs(60'000);
    rollups.runOnce();
    QVERIFY(written.wait(10'000));
    QCOMPARE(written.first().at(0).toLongLong(), 2);
    QCOMPARE(written.first().at(1).toLongLong(), 0);
    minutes = repo.read(RollupResolution::Minute, loadId, 0, kHour0 + kDay);
    QCOMPARE(minutes->size(), 33);
    QCOMPARE(minutes->last().startMs, kHour0 + 120'000);

    // Across the next hour boundary the hour kHour0.. is written once complete.
    written.clear();
    appendUntil(kHour0 + capacity::kHourMs + 30'000);
    clock.setNowMs(kHour0 + capacity::kHourMs + 30'000);
    rollups.runOnce();
    QVERIFY(written.wait(10'000));
    QCOMPARE(written.first().at(1).toLongLong(), 2);
    hours = repo.read(RollupResolution::Hour, loadId, 0, kHour0 + kDay);
    QCOMPARE(hours->size(), 2);
    QCOMPARE(hours->last().startMs, kHour0);
    QCOMPARE(hours->last().count, 360);
    QCOMPARE(repo.stats()->minuteRows, 2 * 90);
}

void TestCapacityHistory::rollupWriterPrunesByRetention()
{
    RollupRepository repo(*m_db);
    const qint64 now = kHour0 + 30'000;
    const metrics::Labels load { { "__name__", "node_load1" }, { "instance", "a" } };
    // Minute rows 91 and 89 days old; hour rows 731 and 729 days old.
    QVERIFY(repo.write(RollupResolution::Minute,
        { { load, { row(now - 91 * kDay, 1, 1, 1, 1, 1, 1), row(now - 89 * kDay, 1, 1, 1, 1, 1, 1) } } }));
    QVERIFY(repo.write(RollupResolution::Hour,
        { { load, { row(now - 731 * kDay, 1, 1, 1, 1, 1, 1), row(now - 729 * kDay, 1, 1, 1, 1, 1, 1) } } }));

    metrics::SeriesStore store;
    ManualClock clock(now);
    storage::StateWriter writer(*m_db);
    QVERIFY(writer.isOpen());
    capacity::RollupOptions options;
    options.selectors = { { nameIs("node_load1") } };
    capacity::RollupWriter rollups(&store, &writer, &clock, options);
    QSignalSpy written(&rollups, &capacity::RollupWriter::rollupsWritten);
    rollups.runOnce();
    QVERIFY(written.wait(10'000));
    QCOMPARE(written.first().at(2).toLongLong(), 2);
    const auto stats = repo.stats();
    QCOMPARE(stats->minuteRows, 1);
    QCOMPARE(stats->oldestMinuteMs, now - 89 * kDay);
    QCOMPARE(stats->hourRows, 1);
    QCOMPARE(stats->oldestHourMs, now - 729 * kDay);

    // Shorter retention (as from the headless config) prunes more, at most once an hour.
    options.minuteRetentionDays = 30;
    capacity::RollupWriter shorter(&store, &writer, &clock, options);
    QSignalSpy written2(&shorter, &capacity::RollupWriter::rollupsWritten);
    shorter.runOnce();
    QVERIFY(written2.wait(10'000));
    QCOMPARE(written2.first().at(2).toLongLong(), 1);
    QCOMPARE(repo.stats()->minuteRows, 0);
}

void TestCapacityHistory::rollupWriterFirstRunKeepsFullerStoredBucket()
{
    // Before a restart the minute kHour0 was written whole (6 samples); after
    // it the store holds only its last two samples. The first run must not
    // replace the stored row with the partial one, but writes later minutes.
    const metrics::Labels load { { "__name__", "node_load1" }, { "instance", "a" } };
    RollupRepository repo(*m_db);
    QVERIFY(repo.write(RollupResolution::Minute, { { load, { row(kHour0, 6, 0, 9, 4, 9, 8) } } }));
    metrics::SeriesStore store;
    for (qint64 t = kHour0 + 40'000; t < kHour0 + 180'000; t += 10'000)
        QVERIFY(store.append(load, t, 1));
    ManualClock clock(kHour0 + 180'000 + 6'000);
    storage::StateWriter writer(*m_db);
    QVERIFY(writer.isOpen());
    capacity::RollupWriter rollups(&store, &writer, &clock);
    QSignalSpy written(&rollups, &capacity::RollupWriter::rollupsWritten);
    rollups.runOnce();
    QVERIFY(written.wait(10'000));
    QCOMPARE(written.first().at(0).toLongLong(), 2);
    const auto id = repo.series()->first().id;
    const auto rows = repo.read(RollupResolution::Minute, id, 0, kHour0 + kDay);
    QCOMPARE(rows->size(), 3);
    QCOMPARE(rows->at(0).count, 6);
    QCOMPARE(rows->at(0).avg, 4.0);
    QCOMPARE(rows->at(1).count, 6);
    QCOMPARE(rows->at(1).avg, 1.0);
}

void TestCapacityHistory::loadHistoryServesRate()
{
    // 48 h of a counter growing 2/s and a gauge alternating 10/30 per minute,
    // rolled up and written as the import does, then loaded back.
    metrics::SeriesStore store;
    const metrics::Labels counter { { "__name__", "http_requests_total" }, { "instance", "a" } };
    const metrics::Labels gauge { { "__name__", "node_memory_MemAvailable_bytes" }, { "instance", "a" } };
    const qint64 start = kHour0 - 48 * capacity::kHourMs;
    for (qint64 t = start; t < kHour0; t += 60'000) {
        QVERIFY(store.append(counter, t, double(t - start) / 1000.0 * 2));
        QVERIFY(store.append(gauge, t, ((t / 60'000) % 2) ? 30 : 10));
    }
    RollupRepository repo(*m_db);
    QVERIFY(repo.write(
        RollupResolution::Minute, capacity::rollupStore(store, RollupResolution::Minute, start, kHour0)));
    QVERIFY(
        repo.write(RollupResolution::Hour, capacity::rollupStore(store, RollupResolution::Hour, start, kHour0)));

    QCOMPARE(capacity::defaultStepForWindow(2 * kDay), capacity::kMinuteMs);
    QCOMPARE(capacity::defaultStepForWindow(30 * kDay), capacity::kHourMs);

    capacity::HistoryWindow window;
    window.fromMs = start;
    window.toMs = kHour0;
    window.stepMs = capacity::kHourMs;
    const capacity::HistoryLoad hourly = capacity::loadHistory(*m_db, window);
    QVERIFY2(hourly.store, qPrintable(hourly.error));
    QCOMPARE(hourly.seriesCount, 2);
    QCOMPARE(hourly.sampleCount, 2 * 48);
    // Gauge -> bucket average at the bucket start.
    const auto g = hourly.store->select({ nameIs("node_memory_MemAvailable_bytes") });
    QCOMPARE(g.size(), 1);
    const auto gs = hourly.store->read(g.first(), start, kHour0);
    QCOMPARE(gs.size(), 48);
    QCOMPARE(gs.first().timestampMs, start);
    QCOMPARE(gs.first().value, 20.0);

    query::LocalQuerySource engine(hourly.store.get());
    const query::QueryResult r
        = engine.instant(QStringLiteral("rate(http_requests_total[6h])"), kHour0 - capacity::kHourMs);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.series.size(), 1);
    QVERIFY2(std::abs(r.series.first().points.first().value - 2.0) < 1e-9,
        qPrintable(QString::number(r.series.first().points.first().value)));

    // Minute step reads the minute table; a window outside the data is empty but valid.
    window.stepMs = capacity::kMinuteMs;
    window.fromMs = kHour0 - capacity::kHourMs;
    const capacity::HistoryLoad minutely = capacity::loadHistory(*m_db, window);
    QVERIFY(minutely.store);
    QCOMPARE(minutely.sampleCount, 2 * 60);
    const query::QueryResult rm = query::LocalQuerySource(minutely.store.get())
                                      .instant(QStringLiteral("rate(http_requests_total[10m])"), kHour0 - 60'000);
    QVERIFY(rm.ok);
    QCOMPARE(rm.series.size(), 1);
    QVERIFY(std::abs(rm.series.first().points.first().value - 2.0) < 1e-9);
    window.fromMs = kHour0;
    window.toMs = kHour0 + kDay;
    const capacity::HistoryLoad none = capacity::loadHistory(*m_db, window);
    QVERIFY(none.store);
    QCOMPARE(none.sampleCount, 0);
    // Cancelled: no store.
    QVERIFY(!capacity::loadHistory(*m_db, window, [] { return true; }).store);
}

void TestCapacityHistory::cliImportsNabCsv()
{
    const QString csv = QStringLiteral(OPSDECK_SHARED_DATA "/nab/nyc_taxi.csv");
    QVERIFY2(QFile::exists(csv),
        qPrintable(csv
            + QStringLiteral(" does not exist: the NAB data (OPSDECK_SHARED_DATA, ../shared/data next to the "
                             "checkout) is missing")));
    m_db.reset(); // the command opens its own connection
    const Run r = runOpsdeck({ QStringLiteral("import"), QStringLiteral("history"), csv,
        QStringLiteral("--metric"), QStringLiteral("nyc_taxi_passengers"), QStringLiteral("--label"),
        QStringLiteral("city=nyc"), QStringLiteral("--data-dir"), m_dir->path() });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QLatin1String("10320 samples of 1 series")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("2014-07-01T00:00:00Z")), qPrintable(r.out));
    QCOMPARE(r.out.count(QLatin1Char('\n')), 1);

    storage::Database db;
    QVERIFY(db.open(m_dir->path()));
    RollupRepository repo(db);
    const auto stats = repo.stats();
    QCOMPARE(stats->seriesCount, 1);
    QCOMPARE(stats->minuteRows, 10320); // one sample every 30 min
    QCOMPARE(stats->hourRows, 10320 / 2);
    QCOMPARE(stats->oldestHourMs, QDateTime(QDate(2014, 7, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
    const auto series = repo.series();
    QCOMPARE(
        series->first().labels, (metrics::Labels { { "__name__", "nyc_taxi_passengers" }, { "city", "nyc" } }));
    const auto first
        = repo.read(RollupResolution::Hour, series->first().id, stats->oldestHourMs, stats->oldestHourMs + 1);
    QCOMPARE(first->size(), 1);
    QCOMPARE(first->first().count, 2);
    QCOMPARE(first->first().avg, (10844.0 + 8127.0) / 2); // the file's first two rows
    QCOMPARE(first->first().last, 8127.0);

    // Importing again replaces: the same row counts.
    const Run again = runOpsdeck({ QStringLiteral("import"), QStringLiteral("history"), csv,
        QStringLiteral("--metric"), QStringLiteral("nyc_taxi_passengers"), QStringLiteral("--label"),
        QStringLiteral("city=nyc"), QStringLiteral("--data-dir"), m_dir->path() });
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(repo.stats()->minuteRows, 10320);
}

void TestCapacityHistory::cliImportsSmallCsvFormats()
{
    m_db.reset();
    QTemporaryDir files;
    const QString path = files.filePath(QStringLiteral("disk.csv"));
    // No header; NAB style, ISO with zone, ISO without zone, Unix seconds, Unix ms:
    // all in the minute starting 2024-03-01T12:00:00Z, given out of order.
    QVERIFY(writeFile(path,
        "2024-03-01 12:00:10,1\n"
        "2024-03-01T12:00:20+00:00,2\r\n"
        "\n"
        "2024-03-01T13:00:30+01:00,3\n"
        "2024-03-01T12:00:40,4\n"
        "1709294455,5\n"
        "1709294405000,0.5\n"));
    const Run r
        = runOpsdeck({ QStringLiteral("import"), QStringLiteral("history"), path, QStringLiteral("--metric"),
            QStringLiteral("disk_used_bytes"), QStringLiteral("--data-dir=") + m_dir->path() });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QLatin1String("6 samples of 1 series")), qPrintable(r.out));
    storage::Database db;
    QVERIFY(db.open(m_dir->path()));
    RollupRepository repo(db);
    const auto series = repo.series({ nameIs("disk_used_bytes") });
    QCOMPARE(series->size(), 1);
    const qint64 minute = QDateTime(QDate(2024, 3, 1), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();
    const auto rows = repo.read(RollupResolution::Minute, series->first().id, 0, minute + kDay);
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->first().startMs, minute);
    QCOMPARE(rows->first().count, 6);
    QCOMPARE(rows->first().min, 0.5);
    QCOMPARE(rows->first().max, 5.0);
    QCOMPARE(rows->first().last, 5.0); // the latest timestamp (12:00:55), not the last line
}

void TestCapacityHistory::cliImportsOpenMetrics()
{
    m_db.reset();
    QTemporaryDir files;
    const QString path = files.filePath(QStringLiteral("export.om"));
    QVERIFY(writeFile(path,
        "# TYPE http_requests counter\n"
        "http_requests_total{code=\"200\"} 10 1700000000\n"
        "http_requests_total{code=\"200\"} 70 1700000060\n"
        "http_requests_total{code=\"200\"} 130 1700003600\n"
        "http_requests_total{code=\"500\"} 1 1700000000\n"
        "# TYPE room_temperature_celsius gauge\n"
        "room_temperature_celsius 20 1700000000\n"
        "# EOF\n"));
    Run r = runOpsdeck({ QStringLiteral("import"), QStringLiteral("history"), path, QStringLiteral("--metric"),
        QStringLiteral("http_requests_total"), QStringLiteral("--label"), QStringLiteral("host=web-1"),
        QStringLiteral("--data-dir"), m_dir->path() });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QLatin1String("4 samples of 2 series")), qPrintable(r.out));
    storage::Database db;
    QVERIFY(db.open(m_dir->path()));
    RollupRepository repo(db);
    QCOMPARE(repo.series()->size(), 2); // the gauge was left out by --metric
    const auto ok = repo.series({ metrics::LabelMatcher(metrics::LabelMatcher::Type::Equal, "code", "200"),
        metrics::LabelMatcher(metrics::LabelMatcher::Type::Equal, "host", "web-1") });
    QCOMPARE(ok->size(), 1);
    QCOMPARE(repo.read(RollupResolution::Minute, ok->first().id, 0, 2'000'000'000'000)->size(), 3);
    const auto hours = repo.read(RollupResolution::Hour, ok->first().id, 0, 2'000'000'000'000);
    QCOMPARE(hours->size(), 2); // 1700000000 s is 22:13:20Z; 1700003600 s is in the next hour
    QCOMPARE(hours->first().last, 70.0);

    // Without --metric every series is imported.
    r = runOpsdeck({ QStringLiteral("import"), QStringLiteral("history"), path, QStringLiteral("--data-dir"),
        m_dir->path() });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(repo.series({ nameIs("room_temperature_celsius") })->size(), 1);
}

void TestCapacityHistory::cliRejectsBadFileNamingTheLine()
{
    m_db.reset();
    QTemporaryDir files;
    const QString csv = files.filePath(QStringLiteral("bad.csv"));
    QVERIFY(writeFile(csv, "timestamp,value\n2024-03-01 12:00:00,1\nyesterday,2\n2024-03-01 12:02:00,3\n"));
    Run r = runOpsdeck({ QStringLiteral("import"), QStringLiteral("history"), csv, QStringLiteral("--metric"),
        QStringLiteral("x"), QStringLiteral("--data-dir"), m_dir->path() });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(
        r.err.contains(csv + QStringLiteral(":3: cannot read the timestamp \"yesterday\"")), qPrintable(r.err));

    const QString value = files.filePath(QStringLiteral("value.csv"));
    QVERIFY(writeFile(value, "2024-03-01 12:00:00,1\n2024-03-01 12:01:00,lots\n"));
    r = runOpsdeck({ QStringLiteral("import"), QStringLiteral("history"), value, QStringLiteral("--metric"),
        QStringLiteral("x"), QStringLiteral("--data-dir"), m_dir->path() });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(value + QStringLiteral(":2: cannot read the value \"lots\"")), qPrintable(r.err));

    const QString om = files.filePath(QStringLiteral("bad.prom"));
    QVERIFY(writeFile(om, "# TYPE a gauge\na 1 1700000000000\na{ 2 1700000060000\n"));
    r = runOpsdeck(
        { QStringLiteral("import"), QStringLiteral("history"), om, QStringLiteral("--data-dir"), m_dir->path() });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(om + QStringLiteral(":3: ")), qPrintable(r.err));

    // Nothing was written by any of them.
    storage::Database db;
    QVERIFY(db.open(m_dir->path()));
    const auto stats = RollupRepository(db).stats();
    QCOMPARE(stats->seriesCount, 0);
    QCOMPARE(stats->minuteRows, 0);
}

void TestCapacityHistory::cliUsageErrors()
{
    m_db.reset();
    QTemporaryDir files;
    const QString csv = files.filePath(QStringLiteral("ok.csv"));
    QVERIFY(writeFile(csv, "2024-03-01 12:00:00,1\n"));
    const QString dir = m_dir->path();
    QCOMPARE(runOpsdeck({ QStringLiteral("import") }).exitCode, 2);
    QCOMPARE(runOpsdeck({ QStringLiteral("import"), QStringLiteral("metrics"), csv }).exitCode, 2);
    QCOMPARE(
        runOpsdeck({ QStringLiteral("import"), QStringLiteral("history"), csv, QStringLiteral("--data-dir"), dir })
            .exitCode,
        2); // a CSV needs --metric
    QCOMPARE(runOpsdeck({ QStringLiteral("import"), QStringLiteral("history"), csv, QStringLiteral("--metric"),
                            QStringLiteral("x"), QStringLiteral("--label"), QStringLiteral("nolabel"),
                            QStringLiteral("--data-dir"), dir })
                 .exitCode,
        2);
    QCOMPARE(runOpsdeck({ QStringLiteral("import"), QStringLiteral("history"), csv, QStringLiteral("--metric"),
                            QStringLiteral("x"), QStringLiteral("--bogus") })
                 .exitCode,
        2);
    const Run missing = runOpsdeck(
        { QStringLiteral("import"), QStringLiteral("history"), files.filePath(QStringLiteral("none.csv")),
            QStringLiteral("--metric"), QStringLiteral("x"), QStringLiteral("--data-dir"), dir });
    QCOMPARE(missing.exitCode, 1);
    QVERIFY(missing.err.contains(QLatin1String("none.csv")));
}

QTEST_GUILESS_MAIN(TestCapacityHistory)
#include "tst_capacity_history.moc"
