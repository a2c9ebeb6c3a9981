#pragma once

#include "capacity/Rollup.h"
#include "metrics/LabelMatcher.h"

#include <QList>
#include <QObject>
#include <QString>

class QTimer;

namespace opsdeck {
class Clock;
}
namespace opsdeck::metrics {
class SeriesStore;
}
namespace opsdeck::storage {
class StateWriter;
}

// Turns the live series store into capacity history: once a minute (and once
// an hour) it rolls up the just-completed buckets of the series that match the
// capacity selectors and writes them to SQLite, then prunes rows past their
// retention. The store reads, the arithmetic and the SQL all run as one job on
// the StateWriter thread; the timer lives on the engine's thread and never
// blocks it. Buckets are written once complete (plus a grace period for late
// scrapes); a bucket already written is replaced, never duplicated.
namespace opsdeck::capacity {

struct RollupOptions
{
    bool enabled = true;
    // A series is rolled up when it matches any of these selectors (each an
    // AND of matchers). Empty = defaultCapacitySelectors().
    QList<QList<metrics::LabelMatcher>> selectors;
    int minuteRetentionDays = 90;
    int hourRetentionDays = 730;
    qint64 graceMs = 5'000; // wait after a bucket ends before rolling it up
};

// node_exporter / opsdeck-agent series the default capacity resources use:
// CPU seconds, memory total/available, filesystem size/avail, network bytes,
// load, plus any *_requests_total / http_requests_total counters.
QList<QList<metrics::LabelMatcher>> defaultCapacitySelectors();

class RollupWriter final : public QObject
{
    Q_OBJECT

public:
    RollupWriter(const metrics::SeriesStore* store, storage::StateWriter* writer, const Clock* clock,
        RollupOptions options = {}, QObject* parent = nullptr);
    ~RollupWriter() override;

    void start();
    // Rolls up every complete minute / hour bucket not written yet, up to
    // nowMs (tests call this after advancing a ManualClock), and prunes.
    void runOnce();

signals:
    // After a job's rows are committed (on this object's thread).
    void rollupsWritten(qint64 minuteRows, qint64 hourRows, qint64 prunedRows);
    void rollupFailed(const QString& error);

private:
    void scheduleNext();

    const metrics::SeriesStore* m_store;
    storage::StateWriter* m_writer;
    const Clock* m_clock;
    RollupOptions m_options;
    QTimer* m_timer = nullptr;
    qint64 m_minuteDoneUntilMs = 0; // buckets before this are written
    qint64 m_hourDoneUntilMs = 0;
    qint64 m_lastPruneMs = 0;
};

} // namespace opsdeck::capacity
