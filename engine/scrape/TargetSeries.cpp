#include "TargetSeries.h"

#include <algorithm>
#include <cstring>

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
    ++m_generation;
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
            if (previous && previous->seen == m_generation)
                continue; // the same series twice in one exposition: keep the first, as Prometheus does
            Slot slot;
            slot.exposed = sample.labels;
            slot.explicitTimestamp = sample.timestampMs.has_value();
            if (previous) {
                previous->seen = m_generation;
                slot.ref = previous->ref;
                slot.key = previous->key;
            } else if (m_indexValid) {
                // A series new to this scrape may repeat later in it.
                m_previousIndex.insert(sample.labels, -1);
            }
            slot.seen = m_generation;
            appended += appendTo(slot, sample.timestampMs.value_or(timestampMs), sample.value);
            next.push_back(std::move(slot));
        }
    }
    replacePrevious(std::move(next), timestampMs);
    return appended;
}

// Appends one sample to the slot's series, creating the series on first use
// and again when retention dropped it.
bool TargetSeries::appendTo(Slot& slot, qint64 timestampMs, double value)
{
    if (slot.ref == metrics::kInvalidSeriesRef)
        slot.ref = m_store->getOrCreate(withTargetLabels(slot.exposed, m_targetLabels));
    if (m_store->append(slot.ref, timestampMs, value))
        return true;
    if (m_store->contains(slot.ref))
        return false; // out of order or duplicate timestamp
    // Retention dropped the series; its labels get a fresh ref.
    slot.ref = m_store->getOrCreate(withTargetLabels(slot.exposed, m_targetLabels));
    return m_store->append(slot.ref, timestampMs, value);
}

// The scanner's sink: resolves each sample line to a slot by its raw bytes
// (same position as last scrape, else the key index), asks for labels only
// for keys it has not seen, and queues the sample until the body is known
// to be valid.
class TargetSeries::Scan final : public metrics::ExpositionSink
{
public:
    Scan(TargetSeries& t, const metrics::ParseLimits& limits)
        : m_t(t)
        , m_limits(limits)
    { }

    void begin(metrics::ExpositionFormat format) override
    {
        const metrics::ParseLimits& l = m_t.m_keysLimits;
        m_trustKeys = m_t.m_keysValidated && format == m_t.m_keysFormat && l.maxBodyBytes == m_limits.maxBodyBytes
            && l.maxSamples == m_limits.maxSamples && l.maxLabelsPerSeries == m_limits.maxLabelsPerSeries
            && l.maxLabelNameLength == m_limits.maxLabelNameLength
            && l.maxLabelValueLength == m_limits.maxLabelValueLength;
    }

    QByteArrayView expectedKey() override
    {
        if (!m_trustKeys || size_t(m_position) >= m_t.m_previous.size())
            return {};
        return m_t.m_previous[size_t(m_position)].key;
    }

    bool sample(QByteArrayView key, double value, std::optional<qint64> timestampMs) override
    {
        const qsizetype position = m_position++;
        qsizetype index = kNotFound;
        if (size_t(position) < m_t.m_previous.size()) {
            const QByteArray& known = m_t.m_previous[size_t(position)].key;
            if (known.size() == key.size() && std::memcmp(known.constData(), key.data(), size_t(key.size())) == 0)
                index = position;
        }
        if (index == kNotFound)
            index = m_t.findByKey(key);
        if (index == kNotFound) {
            m_key = key;
            m_value = value;
            m_timestamp = timestampMs;
            return true; // labels() follows
        }
        take(index, value, timestampMs);
        return false;
    }

    void labels(metrics::Labels&& labels) override
    {
        // An unseen spelling: the series may still be known (labels written in
        // another order or with other blanks), else it is new.
        qsizetype index = m_t.findByLabels(labels);
        if (index == kNotFound) {
            Slot slot;
            slot.key = m_key.toByteArray();
            slot.exposed = std::move(labels);
            m_t.m_fresh.push_back(std::move(slot));
            index = -qsizetype(m_t.m_fresh.size()) - 1;
            m_t.m_previousIndex.insert(m_t.m_fresh.back().exposed, index);
        } else if (Slot& known = m_t.slotAt(index); known.seen != m_t.m_generation) {
            known.key = m_key.toByteArray(); // remember the spelling used now
        }
        m_t.m_keyIndex.insert(m_key.toByteArray(), index);
        take(index, m_value, m_timestamp);
    }

private:
    void take(qsizetype index, double value, std::optional<qint64> timestampMs)
    {
        Slot& slot = m_t.slotAt(index);
        if (slot.seen == m_t.m_generation)
            return; // the same series twice in one exposition: keep the first, as Prometheus does
        slot.seen = m_t.m_generation;
        m_t.m_pending.push_back({ index, value, timestampMs.value_or(0), timestampMs.has_value() });
    }

    TargetSeries& m_t;
    const metrics::ParseLimits& m_limits;
    bool m_trustKeys = false;
    qsizetype m_position = 0;
    QByteArrayView m_key;
    double m_value = 0;
    std::optional<qint64> m_timestamp;
};

metrics::ScanResult TargetSeries::appendExposition(QByteArrayView body, QByteArrayView contentType,
    const metrics::ParseLimits& limits, qint64 timestampMs, qint64* appended)
{
    ++m_generation;
    m_pending.clear();
    m_fresh.clear();
    Scan scan(*this, limits);
    const metrics::ScanResult result
        = metrics::ExpositionScanner::scan(body, scan, metrics::ExpositionFormat::Auto, limits, contentType);
    qint64 count = 0;
    if (!result.ok) {
        // Nothing of an invalid body is kept; the indexes may point into m_fresh.
        m_pending.clear();
        m_fresh.clear();
        m_previousIndex.clear();
        m_keyIndex.clear();
        m_indexValid = false;
        if (appended)
            *appended = 0;
        return result;
    }
    // Every key kept from here on passed this scan's checks (in full, or as a
    // trusted expected key validated under the same format and limits).
    m_keysValidated = true;
    m_keysFormat = result.format;
    m_keysLimits = limits;
    bool sameOrder = m_fresh.empty() && m_pending.size() == m_previous.size();
    for (size_t i = 0; i < m_pending.size(); ++i) {
        const Pending& p = m_pending[i];
        sameOrder = sameOrder && p.slot == qsizetype(i);
        Slot& slot = slotAt(p.slot);
        slot.explicitTimestamp = p.explicitTimestamp;
        count += appendTo(slot, p.explicitTimestamp ? p.timestampMs : timestampMs, p.value);
    }
    if (!sameOrder) {
        std::vector<Slot> next;
        next.reserve(m_pending.size());
        for (const Pending& p : m_pending)
            next.push_back(std::move(slotAt(p.slot))); // ref and seen stay for replacePrevious
        replacePrevious(std::move(next), timestampMs);
    }
    // else: every previous series was seen, in the same order; m_previous and its indexes stay.
    m_pending.clear();
    m_fresh.clear();
    if (appended)
        *appended = count;
    return result;
}

void TargetSeries::buildIndexes()
{
    m_previousIndex.clear();
    m_keyIndex.clear();
    m_previousIndex.reserve(qsizetype(m_previous.size()));
    m_keyIndex.reserve(qsizetype(m_previous.size()));
    for (size_t i = 0; i < m_previous.size(); ++i) {
        m_previousIndex.insert(m_previous[i].exposed, qsizetype(i));
        if (!m_previous[i].key.isEmpty())
            m_keyIndex.insert(m_previous[i].key, qsizetype(i));
    }
    m_indexValid = true;
}

qsizetype TargetSeries::findByLabels(const Labels& exposed)
{
    if (!m_indexValid)
        buildIndexes();
    const auto it = m_previousIndex.constFind(exposed);
    return it == m_previousIndex.cend() ? kNotFound : it.value();
}

qsizetype TargetSeries::findByKey(QByteArrayView key)
{
    if (!m_indexValid)
        buildIndexes();
    const auto it = m_keyIndex.constFind(QByteArray::fromRawData(key.data(), key.size()));
    return it == m_keyIndex.cend() ? kNotFound : it.value();
}

TargetSeries::Slot* TargetSeries::findPrevious(const Labels& exposed)
{
    const qsizetype index = findByLabels(exposed);
    if (index == kNotFound)
        return nullptr;
    if (index == -1) {
        // New in this scrape and already appended once: a duplicate.
        m_duplicate.seen = m_generation;
        return &m_duplicate;
    }
    return &slotAt(index);
}

void TargetSeries::appendFailure(qint64 timestampMs)
{
    ++m_generation;
    replacePrevious({}, timestampMs);
}

void TargetSeries::replacePrevious(std::vector<Slot>&& next, qint64 timestampMs)
{
    for (const Slot& slot : m_previous) {
        if (slot.seen != m_generation && !slot.explicitTimestamp)
            m_store->markStale(slot.ref, timestampMs);
    }
    m_previous = std::move(next);
    m_previousIndex.clear();
    m_keyIndex.clear();
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
    ++m_generation;
    replacePrevious({}, timestampMs);
    for (SeriesRef& ref : m_reportRefs) {
        if (ref != metrics::kInvalidSeriesRef)
            m_store->markStale(ref, timestampMs);
        ref = metrics::kInvalidSeriesRef;
    }
}

} // namespace opsdeck::scrape
