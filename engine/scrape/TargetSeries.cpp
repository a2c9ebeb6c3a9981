#include "TargetSeries.h"

#include <algorithm>

namespace opsdeck::scrape {

using metrics::Label;
using metrics::Labels;
using metrics::SeriesRef;

TargetSeries::TargetSeries(metrics::SeriesStore* store, Labels targetLabels)
    : m_store(store)
    , m_targetLabels(std::move(targetLabels))
{ }

Labels TargetSeries::withTargetLabels(const Labels& exposed, const Labels& targetLabels)
{
    QList<Label> out;
    out.reserve(exposed.size() + targetLabels.size());
    for (const Label& l : exposed)
        out.append(l);
    const auto taken = [&](const QByteArray& name) {
        return targetLabels.has(name)
            || std::any_of(out.cbegin(), out.cend(), [&](const Label& l) { return l.name == name; });
    };
    const qsizetype exposedCount = out.size();
    for (const Label& t : targetLabels) {
        for (qsizetype i = 0; i < exposedCount; ++i) {
            if (out[i].name != t.name)
                continue;
            // Prometheus: exported_job, or exported_exported_job when that is taken too.
            QByteArray renamed = "exported_" + t.name;
            while (taken(renamed))
                renamed.prepend("exported_");
            out[i].name = renamed;
            break;
        }
    }
    for (const Label& t : targetLabels)
        out.append(t);
    return Labels::fromUnsorted(std::move(out));
}

void TargetSeries::setTargetLabels(const Labels& labels, qint64 timestampMs)
{
    if (labels == m_targetLabels)
        return;
    markAllStale(timestampMs);
    m_targetLabels = labels;
}

qint64 TargetSeries::appendScrape(const QList<metrics::MetricFamily>& families, qint64 timestampMs)
{
    qsizetype total = 0;
    for (const metrics::MetricFamily& family : families)
        total += family.samples.size();
    std::vector<Slot> next;
    next.reserve(size_t(total));

    qint64 appended = 0;
    qsizetype position = 0;
    for (const metrics::MetricFamily& family : families) {
        for (const metrics::ExposedSample& sample : family.samples) {
            // Fast path: the same series at the same position as last time.
            Slot* previous = nullptr;
            if (size_t(position) < m_previous.size() && m_previous[size_t(position)].exposed == sample.labels)
                previous = &m_previous[size_t(position)];
            else
                previous = findPrevious(sample.labels);
            ++position;
            if (previous && previous->seen)
                continue; // the same series twice in one exposition: keep the first, as Prometheus does
            Slot slot;
            slot.exposed = sample.labels;
            slot.explicitTimestamp = sample.timestampMs.has_value();
            slot.seen = false;
            if (previous) {
                previous->seen = true;
                slot.ref = previous->ref;
            } else {
                slot.ref = m_store->getOrCreate(withTargetLabels(sample.labels, m_targetLabels));
                // A series new to this scrape may repeat later in it.
                if (m_indexValid)
                    m_previousIndex.insert(sample.labels, -1);
            }
            const qint64 ts = sample.timestampMs.value_or(timestampMs);
            if (m_store->append(slot.ref, ts, sample.value)) {
                ++appended;
            } else if (!m_store->contains(slot.ref)) {
                // Retention dropped the series; its labels get a fresh ref.
                slot.ref = m_store->getOrCreate(withTargetLabels(sample.labels, m_targetLabels));
                appended += m_store->append(slot.ref, ts, sample.value);
            }
            next.push_back(std::move(slot));
        }
    }
    replacePrevious(std::move(next), timestampMs);
    return appended;
}

TargetSeries::Slot* TargetSeries::findPrevious(const Labels& exposed)
{
    if (!m_indexValid) {
        m_previousIndex.clear();
        m_previousIndex.reserve(qsizetype(m_previous.size()));
        for (size_t i = 0; i < m_previous.size(); ++i)
            m_previousIndex.insert(m_previous[i].exposed, qsizetype(i));
        m_indexValid = true;
    }
    const auto it = m_previousIndex.constFind(exposed);
    if (it == m_previousIndex.cend())
        return nullptr;
    if (it.value() < 0) {
        // New in this scrape and already appended once: a duplicate.
        m_duplicate.seen = true;
        return &m_duplicate;
    }
    return &m_previous[size_t(it.value())];
}

void TargetSeries::appendFailure(qint64 timestampMs)
{
    replacePrevious({}, timestampMs);
}

void TargetSeries::replacePrevious(std::vector<Slot>&& next, qint64 timestampMs)
{
    for (const Slot& slot : m_previous) {
        if (!slot.seen && !slot.explicitTimestamp)
            m_store->markStale(slot.ref, timestampMs);
    }
    m_previous = std::move(next);
    m_previousIndex.clear();
    m_indexValid = false;
}

SeriesRef TargetSeries::reportRef(int index, const char* name)
{
    SeriesRef& ref = m_reportRefs[index];
    if (ref == metrics::kInvalidSeriesRef || !m_store->contains(ref))
        ref = m_store->getOrCreate(m_targetLabels.with(metrics::kMetricNameLabel.toByteArray(), QByteArray(name)));
    return ref;
}

qint64 TargetSeries::appendReport(qint64 timestampMs, bool up, double durationSeconds, qint64 samplesScraped)
{
    qint64 appended = 0;
    appended += m_store->append(reportRef(0, "up"), timestampMs, up ? 1 : 0);
    appended += m_store->append(reportRef(1, "scrape_duration_seconds"), timestampMs, durationSeconds);
    appended += m_store->append(reportRef(2, "scrape_samples_scraped"), timestampMs, double(samplesScraped));
    // No relabelling rules yet, so nothing is dropped after scraping.
    appended += m_store->append(
        reportRef(3, "scrape_samples_post_metric_relabeling"), timestampMs, double(samplesScraped));
    return appended;
}

void TargetSeries::markAllStale(qint64 timestampMs)
{
    replacePrevious({}, timestampMs);
    for (SeriesRef& ref : m_reportRefs) {
        if (ref != metrics::kInvalidSeriesRef)
            m_store->markStale(ref, timestampMs);
        ref = metrics::kInvalidSeriesRef;
    }
}

} // namespace opsdeck::scrape
