#include "capacity/RollupWriter.h"

#include "capacity/RollupRepository.h"
#include "Clock.h"
#include "metrics/SeriesStore.h"
#include "storage/Database.h"
#include "storage/StateWriter.h"

#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>
#include <limits>

Q_LOGGING_CATEGORY(lcRollup, "opsdeck.capacity.rollup")

namespace opsdeck::capacity {

namespace {

constexpr qint64 kDayMs = 24LL * 3600 * 1000;
constexpr qint64 kPruneEveryMs = kHourMs;

qint64 floorTo(qint64 t, qint64 bucket)
{
    qint64 q = t / bucket;
    if (t % bucket != 0 && t < 0)
        --q;
    return q * bucket;
}

metrics::LabelMatcher nameIs(const char* name)
{
    return metrics::LabelMatcher(metrics::LabelMatcher::Type::Equal,
        QByteArray(metrics::kMetricNameLabel.data(), metrics::kMetricNameLabel.size()), QByteArray(name));
}

struct JobRange
{
    bool run = false;
    qint64 fromMs = 0;
    qint64 toMs = 0;
};

struct JobResult
{
    qint64 minuteRows = 0;
    qint64 hourRows = 0;
    qint64 pruned = 0;
    QString error;
};

qint64 countRows(const QList<RolledUpSeries>& batch)
{
    qint64 n = 0;
    for (const RolledUpSeries& s : batch)
        n += s.rows.size();
    return n;
}

// After a restart the store holds only part of its oldest bucket: a row
// already stored for that bucket from before the restart holds more samples
// and must not be replaced by the partial one.
void keepFullerStoredRows(
    capacity::RollupRepository& repo, RollupResolution resolution, QList<RolledUpSeries>& batch)
{
    const auto stored = repo.series();
    if (!stored || stored->isEmpty())
        return;
    QHash<metrics::Labels, qint64> ids;
    for (const capacity::RollupSeriesInfo& info : *stored)
        ids.insert(info.labels, info.id);
    for (RolledUpSeries& s : batch) {
        const auto it = ids.constFind(s.labels);
        if (it == ids.constEnd() || s.rows.isEmpty())
            continue;
        const RollupRow& first = s.rows.constFirst();
        const auto existing = repo.read(resolution, *it, first.startMs, first.startMs + 1);
        if (existing && !existing->isEmpty() && existing->constFirst().count > first.count)
            s.rows.removeFirst();
    }
    batch.erase(
        std::remove_if(batch.begin(), batch.end(), [](const RolledUpSeries& s) { return s.rows.isEmpty(); }),
        batch.end());
}

} // namespace

QList<QList<metrics::LabelMatcher>> defaultCapacitySelectors()
{
    QList<QList<metrics::LabelMatcher>> selectors;
    for (const char* name : { "node_cpu_seconds_total", "node_memory_MemTotal_bytes",
             "node_memory_MemAvailable_bytes", "node_filesystem_size_bytes", "node_filesystem_avail_bytes",
             "node_network_receive_bytes_total", "node_network_transmit_bytes_total", "node_load1" })
        selectors.append({ nameIs(name) });
    // Request counters of any service (http_requests_total, grpc_server_requests_total, ...).
    selectors.append(
        { metrics::LabelMatcher(metrics::LabelMatcher::Type::Regex, "__name__", ".*requests_total") });
    return selectors;
}

RollupWriter::RollupWriter(const metrics::SeriesStore* store, storage::StateWriter* writer, const Clock* clock,
    RollupOptions options, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_writer(writer)
    , m_clock(clock ? clock : SystemClock::instance())
    , m_options(std::move(options))
{
    if (m_options.selectors.isEmpty())
        m_options.selectors = defaultCapacitySelectors();
    m_options.graceMs = std::max<qint64>(0, m_options.graceMs);
}

RollupWriter::~RollupWriter()
{
    // Queued jobs read the store: let them finish while it still exists
    // (the engine destroys the store after this object).
    if (m_writer)
        m_writer->waitForIdle();
}

void RollupWriter::start()
{
    if (!m_options.enabled || !m_store || !m_writer)
        return;
    if (!m_timer) {
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        m_timer->setTimerType(Qt::PreciseTimer);
        connect(m_timer, &QTimer::timeout, this, [this] {
            runOnce();
            scheduleNext();
        });
    }
    scheduleNext();
}

void RollupWriter::scheduleNext()
{
    if (!m_timer)
        return;
    // Shortly after the next minute boundary, once late scrapes are in.
    const qint64 now = m_clock->nowMs();
    const qint64 due = floorTo(now - m_options.graceMs, kMinuteMs) + kMinuteMs + m_options.graceMs;
    const qint64 delay = std::clamp<qint64>(due - now, 0, kMinuteMs + m_options.graceMs);
    m_timer->start(std::chrono::milliseconds(delay));
}

void RollupWriter::runOnce()
{
    if (!m_store || !m_writer)
        return;
    const qint64 now = m_clock->nowMs();
    const qint64 settled = now - m_options.graceMs;
    const bool first = m_minuteDoneUntilMs == 0 && m_hourDoneUntilMs == 0;
    // The first run starts at the oldest sample the store still holds, so
    // what was scraped before this writer started is not lost.
    constexpr qint64 kEarliest = std::numeric_limits<qint64>::min() / 4;

    JobRange minute;
    minute.fromMs = first ? kEarliest : m_minuteDoneUntilMs;
    minute.toMs = floorTo(settled, kMinuteMs);
    minute.run = minute.toMs > minute.fromMs;
    JobRange hour;
    hour.fromMs = first ? kEarliest : m_hourDoneUntilMs;
    hour.toMs = floorTo(settled, kHourMs);
    hour.run = hour.toMs > hour.fromMs;

    const bool prune = m_lastPruneMs == 0 || now - m_lastPruneMs >= kPruneEveryMs;
    if (!minute.run && !hour.run && !prune)
        return;

    // Advance now so a second call before the job ends does not repeat it;
    // a failed job moves them back.
    const qint64 prevMinute = m_minuteDoneUntilMs;
    const qint64 prevHour = m_hourDoneUntilMs;
    if (minute.run)
        m_minuteDoneUntilMs = minute.toMs;
    if (hour.run)
        m_hourDoneUntilMs = hour.toMs;
    if (prune)
        m_lastPruneMs = now;

    const metrics::SeriesStore* store = m_store;
    const QList<QList<metrics::LabelMatcher>> selectors = m_options.selectors;
    const qint64 minuteCutoff = now - qint64(m_options.minuteRetentionDays) * kDayMs;
    const qint64 hourCutoff = now - qint64(m_options.hourRetentionDays) * kDayMs;

    m_writer->run<JobResult>(
        [store, selectors, minute, hour, first, prune, minuteCutoff, hourCutoff](storage::Database& db) {
            JobResult result;
            capacity::RollupRepository repo(db);
            const auto writeRange = [&](RollupResolution resolution, const JobRange& range, qint64* rows) {
                if (!range.run)
                    return true;
                QList<RolledUpSeries> batch = rollupStore(*store, resolution, range.fromMs, range.toMs, selectors);
                if (first)
                    keepFullerStoredRows(repo, resolution, batch);
                if (!repo.write(resolution, batch)) {
                    result.error = repo.lastError();
                    return false;
                }
                *rows = countRows(batch);
                return true;
            };
            if (!writeRange(RollupResolution::Minute, minute, &result.minuteRows)
                || !writeRange(RollupResolution::Hour, hour, &result.hourRows))
                return result;
            if (prune) {
                qint64 a = 0;
                qint64 b = 0;
                if (!repo.prune(RollupResolution::Minute, minuteCutoff, &a)
                    || !repo.prune(RollupResolution::Hour, hourCutoff, &b)) {
                    result.error = repo.lastError();
                    return result;
                }
                result.pruned = a + b;
            }
            return result;
        },
        this,
        [this, prevMinute, prevHour, minute, hour](JobResult result) {
            if (!result.error.isEmpty()) {
                qCWarning(lcRollup).noquote() << "capacity rollups not written:" << result.error;
                // Retry the same buckets next time.
                if (minute.run)
                    m_minuteDoneUntilMs = std::min(m_minuteDoneUntilMs, prevMinute);
                if (hour.run)
                    m_hourDoneUntilMs = std::min(m_hourDoneUntilMs, prevHour);
                emit rollupFailed(result.error);
                return;
            }
            qCDebug(lcRollup) << "wrote" << result.minuteRows << "minute and" << result.hourRows
                              << "hour rollup rows, pruned" << result.pruned;
            emit rollupsWritten(result.minuteRows, result.hourRows, result.pruned);
        });
}

} // namespace opsdeck::capacity
