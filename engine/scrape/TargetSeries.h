#pragma once

#include "metrics/SeriesStore.h"

#include <QHash>

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
    struct Slot
    {
        metrics::Labels exposed; // as exposed, before target labels
        metrics::SeriesRef ref = metrics::kInvalidSeriesRef;
        bool explicitTimestamp = false; // Prometheus writes no staleness markers for these
        bool seen = false; // exposed again by the scrape being appended
    };
    // Marks what the previous scrape had and `next` lacks stale, then makes
    // `next` the previous scrape.
    void replacePrevious(std::vector<Slot>&& next, qint64 timestampMs);
    Slot* findPrevious(const metrics::Labels& exposed);
    metrics::SeriesRef reportRef(int index, const char* name);

    metrics::SeriesStore* m_store;
    metrics::Labels m_targetLabels;
    std::vector<Slot> m_previous;
    QHash<metrics::Labels, qsizetype> m_previousIndex; // over m_previous, built on the first miss
    bool m_indexValid = false;
    Slot m_duplicate; // what findPrevious returns for a repeat of a series new in this scrape
    metrics::SeriesRef m_reportRefs[4] = { metrics::kInvalidSeriesRef, metrics::kInvalidSeriesRef,
        metrics::kInvalidSeriesRef, metrics::kInvalidSeriesRef };
};

} // namespace opsdeck::scrape
