#pragma once

#include "metrics/ExpositionScanner.h"
#include "metrics/SeriesStore.h"

#include <QHash>

#include <limits>
#include <vector>

// The series one scrape target (or the local collector) writes into the
// store: adds the target labels (job, instance, extra labels) with
// honor_labels=false semantics, appends samples, records the report series
// `up`, `scrape_duration_seconds`, `scrape_samples_scraped` and
// `scrape_samples_post_metric_relabeling`, and writes Prometheus staleness
// markers for series that disappear, on failed scrapes and on removal.
//
// Must only be used on the store's writer thread (the scrape thread). Keeps
// the previous scrape's series in exposition order with their refs, so a
// steady target (exporters keep their order) costs one label comparison per
// sample and no hashing; a hash index over that list is built only when a
// scrape differs (Prometheus keeps a similar per-target scrape cache).
// appendExposition goes further, as Prometheus's scrape cache does: series
// are recognised by their raw bytes in the exposition (ExpositionScanner), so
// a known series costs one memcmp and no label building at all.
namespace opsdeck::scrape {

class TargetSeries
{
public:
    // targetLabels: job, instance and extra labels (no __name__).
    TargetSeries(metrics::SeriesStore* store, metrics::Labels targetLabels);

    const metrics::Labels& targetLabels() const { return m_targetLabels; }
    // Changes the identity of every series of this target: marks what it
    // wrote so far stale at timestampMs and starts afresh.
    void setTargetLabels(const metrics::Labels& labels, qint64 timestampMs);

    // One successful scrape at timestampMs (used for samples without their
    // own timestamp). Marks series seen last time but missing now stale.
    // Returns the number of samples appended to the store.
    qint64 appendScrape(const QList<metrics::MetricFamily>& families, qint64 timestampMs);
    // One scrape body, scanned and appended in one pass. When the body is
    // invalid (result !ok, the parser's error) nothing is appended and the
    // caller records a failed scrape (appendFailure). *appended gets the
    // number of samples appended to the store.
    metrics::ScanResult appendExposition(QByteArrayView body, QByteArrayView contentType,
        const metrics::ParseLimits& limits, qint64 timestampMs, qint64* appended);
    // One failed scrape: every series of the previous scrape goes stale.
    void appendFailure(qint64 timestampMs);
    // Report series; returns the number of samples appended.
    qint64 appendReport(qint64 timestampMs, bool up, double durationSeconds, qint64 samplesScraped);
    // The target is going away: everything it wrote, report series included,
    // goes stale.
    void markAllStale(qint64 timestampMs);

    // The store labels for an exposed series: target labels win; a
    // conflicting exposed label is kept as exported_<name> (Prometheus's
    // honor_labels: false).
    static metrics::Labels withTargetLabels(const metrics::Labels& exposed, const metrics::Labels& targetLabels);

    qsizetype activeSeries() const { return qsizetype(m_previous.size()); }

private:
    class Scan;
    friend class Scan;
    struct Slot
    {
        QByteArray key; // raw series bytes as exposed (appendExposition); empty from appendScrape
        metrics::Labels exposed; // as exposed, before target labels
        metrics::SeriesRef ref = metrics::kInvalidSeriesRef;
        bool explicitTimestamp = false; // Prometheus writes no staleness markers for these
        quint64 seen = 0; // generation of the last scrape that exposed it
    };
    // A sample of the body being scanned, appended once the whole body is valid.
    struct Pending
    {
        qsizetype slot; // encoded as in the indexes
        double value;
        qint64 timestampMs;
        bool explicitTimestamp;
    };
    // Index values: i >= 0 is m_previous[i]; -1 a series new to this scrape
    // (appendScrape, m_duplicate); i <= -2 is m_fresh[-i - 2].
    static constexpr qsizetype kNotFound = std::numeric_limits<qsizetype>::min();
    Slot& slotAt(qsizetype index) { return index >= 0 ? m_previous[size_t(index)] : m_fresh[size_t(-index - 2)]; }
    void buildIndexes();
    qsizetype findByLabels(const metrics::Labels& exposed);
    qsizetype findByKey(QByteArrayView key);
    // Marks what the previous scrape had and did not see in the current
    // generation stale, then makes `next` the previous scrape.
    void replacePrevious(std::vector<Slot>&& next, qint64 timestampMs);
    Slot* findPrevious(const metrics::Labels& exposed);
    metrics::SeriesRef reportRef(int index, const char* name);
    bool appendTo(Slot& slot, qint64 timestampMs, double value);

    metrics::SeriesStore* m_store;
    metrics::Labels m_targetLabels;
    std::vector<Slot> m_previous;
    std::vector<Slot> m_fresh; // series new to the body being scanned
    std::vector<Pending> m_pending; // samples of the body being scanned
    QHash<metrics::Labels, qsizetype> m_previousIndex; // over m_previous, built on the first miss
    QHash<QByteArray, qsizetype> m_keyIndex; // raw key -> slot, built with m_previousIndex
    bool m_indexValid = false;
    quint64 m_generation = 0; // one per scrape
    // The keys in m_previous were validated under this format and these
    // limits; ExpositionScanner may skip validating them again (expectedKey).
    bool m_keysValidated = false;
    metrics::ExpositionFormat m_keysFormat = metrics::ExpositionFormat::Prometheus;
    metrics::ParseLimits m_keysLimits;
    Slot m_duplicate; // what findPrevious returns for a repeat of a series new in this scrape
    metrics::SeriesRef m_reportRefs[4] = { metrics::kInvalidSeriesRef, metrics::kInvalidSeriesRef,
        metrics::kInvalidSeriesRef, metrics::kInvalidSeriesRef };
};

} // namespace opsdeck::scrape
