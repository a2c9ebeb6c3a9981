#include "ScrapeWorker.h"

#include "metrics/SeriesStore.h"
#include "ScrapeClient.h"
#include "ScrapeLog.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QNetworkAccessManager>

#include <algorithm>
#include <cstdlib>

namespace opsdeck::scrape {

namespace {
constexpr int kNotifyIntervalMs = 100; // targetsChanged at most ~10/s
constexpr int kStatsIntervalMs = 1000;

quint64 fnv1a(const QByteArray& bytes)
{
    quint64 h = 14695981039346656037ULL;
    for (char c : bytes) {
        h ^= quint8(c);
        h *= 1099511628211ULL;
    }
    return h;
}
} // namespace

ScrapeWorker::ScrapeWorker(metrics::SeriesStore* store, Clock* clock, const ScrapeManagerOptions& options,
    std::shared_ptr<ScrapeShared> shared)
    : m_store(store)
    , m_clock(clock)
    , m_options(options)
    , m_shared(std::move(shared))
    , m_localMode(options.localSource)
    , m_localIntervalMs(options.localIntervalMs)
    , m_collect(options.localCollector)
{ }

ScrapeWorker::~ScrapeWorker() = default;

void ScrapeWorker::init()
{
    if (m_initialised)
        return;
    m_initialised = true;
    m_uptime.start();
    // Created here, on the scrape thread, so its sockets live on this thread.
    m_nam = ScrapeClient::createNetworkAccessManager(this);

    m_notifyTimer = new QTimer(this);
    m_notifyTimer->setSingleShot(true);
    m_notifyTimer->setInterval(kNotifyIntervalMs);
    connect(m_notifyTimer, &QTimer::timeout, this, &ScrapeWorker::statusChanged);

    m_roundTimer = new QTimer(this);
    m_roundTimer->setSingleShot(true);
    m_roundTimer->setTimerType(Qt::PreciseTimer); // the dashboard's latency budget is tight
    connect(m_roundTimer, &QTimer::timeout, this, &ScrapeWorker::emitRoundCompleted);

    m_statsTimer = new QTimer(this);
    m_statsTimer->setInterval(kStatsIntervalMs);
    connect(m_statsTimer, &QTimer::timeout, this, &ScrapeWorker::updateRate);
    m_statsTimer->start();

    if (m_options.retentionIntervalMs > 0) {
        m_retentionTimer = new QTimer(this);
        m_retentionTimer->setInterval(m_options.retentionIntervalMs);
        // Retention mutates the store, so it runs here, on the writer thread.
        connect(m_retentionTimer, &QTimer::timeout, this, [this]() { m_store->applyRetention(m_clock->nowMs()); });
        m_retentionTimer->start();
    }
    applyLocalSourceMode();
}

void ScrapeWorker::shutdown()
{
    flushAppended();
    m_store->setAppendLog(nullptr);
    // Abort in-flight requests and destroy every QObject of this thread here.
    m_sources.clear();
    delete m_notifyTimer;
    delete m_statsTimer;
    delete m_retentionTimer;
    delete m_roundTimer;
    m_notifyTimer = m_statsTimer = m_retentionTimer = m_roundTimer = nullptr;
    delete m_nam;
    m_nam = nullptr;
    m_collect = nullptr;
}

metrics::Labels ScrapeWorker::targetLabels(const ScrapeTarget& target)
{
    QList<metrics::Label> labels;
    for (const metrics::Label& l : target.extraLabels) {
        if (l.name != metrics::kMetricNameLabel)
            labels.append(l);
    }
    labels.append({ "job", target.job.toUtf8() });
    labels.append({ "instance", target.effectiveInstance().toUtf8() });
    return metrics::Labels::fromUnsorted(std::move(labels)); // job/instance win over extra labels of that name
}

qint64 ScrapeWorker::scrapeOffsetMs(const ScrapeTarget& target, qint64 intervalMs)
{
    return qint64(fnv1a(target.url.toEncoded() + '\0' + target.job.toUtf8()) % quint64(intervalMs));
}

qint64 ScrapeWorker::firstDelayMs(const ScrapeTarget& target, qint64 wallNowMs)
{
    const qint64 interval = target.intervalMs;
    const qint64 offset = scrapeOffsetMs(target, interval);
    return ((offset - wallNowMs % interval) % interval + interval) % interval;
}

void ScrapeWorker::schedule(Source& source)
{
    if (!source.timer) {
        source.timer = std::make_unique<QTimer>();
        source.timer->setTimerType(Qt::PreciseTimer); // regular timestamps compress best (Gorilla)
        const TargetKey key = source.key;
        connect(source.timer.get(), &QTimer::timeout, this, [this, key]() { scrape(key); });
    }
    QTimer* timer = source.timer.get();
    timer->stop();
    if (!source.target.enabled)
        return;
    // First shot at the target's phase, then every interval from there. The
    // in-process collector has no server to spread load over: it starts at
    // once, so a fresh console shows this machine without waiting a phase.
    timer->setSingleShot(true);
    timer->start(source.status.local ? 0 : int(firstDelayMs(source.target, QDateTime::currentMSecsSinceEpoch())));
}

void ScrapeWorker::addTarget(TargetKey key, const ScrapeTarget& target)
{
    init();
    if (m_sources.count(key))
        return updateTarget(key, target);
    auto source = std::make_unique<Source>();
    source->key = key;
    source->target = target;
    source->request = std::make_unique<ScrapeRequest>(m_nam);
    source->request->setTarget(target);
    source->request->setLimits(m_options.limits);
    source->request->setDeferParse(true); // parsed by appendExposition, through the series' scrape cache
    source->series = std::make_unique<TargetSeries>(m_store, targetLabels(target));
    source->status.key = key;
    source->status.target = target;
    Source& s = *source;
    m_sources.emplace(key, std::move(source));
    schedule(s);
    qCInfo(lcScrape) << "scraping" << target.url.toDisplayString() << "every" << target.intervalMs << "ms as job"
                     << target.job << "instance" << target.effectiveInstance();
    applyLocalSourceMode();
}

void ScrapeWorker::updateTarget(TargetKey key, const ScrapeTarget& target)
{
    auto it = m_sources.find(key);
    if (it == m_sources.end())
        return addTarget(key, target);
    Source& s = *it->second;
    const bool reschedule = s.target.intervalMs != target.intervalMs || s.target.url != target.url;
    s.target = target;
    s.status.target = target;
    s.request->abort();
    s.request->setTarget(target);
    s.series->setTargetLabels(targetLabels(target), m_clock->nowMs());
    if (!target.enabled) {
        // A disabled target stops like a removed one but keeps its row.
        s.timer->stop();
        s.series->markAllStale(m_clock->nowMs());
        s.status.health = TargetHealth::Unknown;
        s.status.lastError.clear();
    } else if (reschedule || !s.timer->isActive()) {
        schedule(s);
    }
    publish(s);
}

void ScrapeWorker::removeSource(TargetKey key)
{
    auto it = m_sources.find(key);
    if (it == m_sources.end())
        return;
    std::unique_ptr<Source> source = std::move(it->second);
    m_sources.erase(it);
    if (source->request)
        source->request->abort();
    source->series->markAllStale(m_clock->nowMs());
    flushAppended();
    {
        QMutexLocker lock(&m_shared->mutex);
        if (key == kLocalSourceKey)
            m_shared->statuses.remove(key);
    }
    markDirty();
}

void ScrapeWorker::removeTarget(TargetKey key)
{
    if (key == kLocalSourceKey)
        return;
    if (auto it = m_sources.find(key); it != m_sources.end())
        qCInfo(lcScrape) << "stopped scraping" << it->second->target.url.toDisplayString();
    removeSource(key);
    applyLocalSourceMode();
}

void ScrapeWorker::setLocalSourceMode(LocalSourceMode mode, int intervalMs)
{
    const bool intervalChanged = intervalMs != m_localIntervalMs;
    m_localMode = mode;
    m_localIntervalMs = intervalMs;
    if (intervalChanged)
        removeSource(kLocalSourceKey);
    applyLocalSourceMode();
}

void ScrapeWorker::setAppendedSamplesSink(ScrapeManager::AppendedSamplesSink sink)
{
    flushAppended();
    m_appendedSink = std::move(sink);
    m_store->setAppendLog(m_appendedSink ? &m_appended : nullptr);
}

// Hands what the store took in since the last flush to the sink.
void ScrapeWorker::flushAppended()
{
    if (m_appended.empty())
        return;
    if (m_appendedSink)
        m_appendedSink(m_appended);
    m_appended.clear();
}

void ScrapeWorker::setLocalCollector(CollectFunction collect)
{
    m_collect = std::move(collect);
}

void ScrapeWorker::applyLocalSourceMode()
{
    if (!m_initialised)
        return;
    const bool haveTargets = std::any_of(
        m_sources.cbegin(), m_sources.cend(), [](const auto& kv) { return kv.first != kLocalSourceKey; });
    const bool want
        = m_localMode == LocalSourceMode::On || (m_localMode == LocalSourceMode::WhenNoTargets && !haveTargets);
    const bool have = m_sources.count(kLocalSourceKey) > 0;
    if (want == have)
        return;
    if (!want) {
        qCInfo(lcScrape) << "local host collector off";
        removeSource(kLocalSourceKey);
        return;
    }
    if (!m_collect)
        m_collect = LocalSource::hostCollector(); // created here, on the scrape thread
    auto source = std::make_unique<Source>();
    source->key = kLocalSourceKey;
    source->target = LocalSource::describe(m_localIntervalMs);
    source->series = std::make_unique<TargetSeries>(m_store, targetLabels(source->target));
    source->status.key = kLocalSourceKey;
    source->status.local = true;
    source->status.target = source->target;
    Source& s = *source;
    m_sources.emplace(kLocalSourceKey, std::move(source));
    qCInfo(lcScrape) << "local host collector on as job node instance" << s.target.instance;
    publish(s);
    schedule(s);
}

void ScrapeWorker::scrape(TargetKey key)
{
    auto it = m_sources.find(key);
    if (it == m_sources.end())
        return;
    Source& s = *it->second;
    if (s.timer->isSingleShot()) {
        // The first shot set the phase; from now on tick every interval.
        s.timer->setSingleShot(false);
        s.timer->start(s.target.intervalMs);
    }
    if (key == kLocalSourceKey) {
        collectLocal();
        return;
    }
    if (s.request->isRunning()) {
        // Only when the event loop was late: timeout <= interval.
        qCDebug(lcScrape) << "previous scrape of" << s.target.url.toDisplayString() << "still running, skipped";
        return;
    }
    const qint64 timestampMs = scrapeTimestamp(s);
    s.request->start(
        [this, key, timestampMs](ScrapeResult&& result) { onScraped(key, timestampMs, std::move(result)); });
}

qint64 ScrapeWorker::scrapeTimestamp(Source& source)
{
    // As Prometheus (scrape.go, AlignScrapeTimestamps): a scrape that starts
    // within a small tolerance of one interval after the previous one gets
    // exactly that timestamp. Timer jitter of a few ms would otherwise make
    // nearly every delta-of-delta non-zero and cost ~1 B/sample in the store.
    const qint64 now = m_clock->nowMs();
    const qint64 interval = source.target.intervalMs;
    const qint64 tolerance = std::min<qint64>(kTimestampToleranceMs, interval / 100);
    const qint64 expected = source.lastTimestampMs + interval;
    const qint64 ts = source.lastTimestampMs > 0 && std::abs(now - expected) <= tolerance ? expected : now;
    source.lastTimestampMs = ts;
    return ts;
}

void ScrapeWorker::onScraped(TargetKey key, qint64 timestampMs, ScrapeResult&& result)
{
    auto it = m_sources.find(key);
    if (it == m_sources.end())
        return;
    Source& s = *it->second;
    qint64 appended = 0;
    qint64 exposed = 0;
    if (result.ok()) {
        const metrics::ScanResult scan = s.series->appendExposition(
            result.body, result.contentType, m_options.limits, timestampMs, &appended);
        result.body.clear();
        if (scan.ok) {
            exposed = scan.sampleCount;
        } else {
            result.failure = ScrapeFailure::Parse;
            result.error = describeParseError(scan.error);
            qCDebug(lcScrape) << "scrape of" << s.target.url.toDisplayString() << "failed:" << result.error;
        }
    }
    if (!result.ok()) {
        s.series->appendFailure(timestampMs);
    }
    record(s, timestampMs, result.ok(), result.durationSeconds, exposed, appended, result.error);
}

void ScrapeWorker::collectLocal()
{
    auto it = m_sources.find(kLocalSourceKey);
    if (it == m_sources.end() || !m_collect)
        return;
    Source& s = *it->second;
    const qint64 timestampMs = scrapeTimestamp(s);
    QElapsedTimer elapsed;
    elapsed.start();
    const QList<metrics::MetricFamily> families = m_collect();
    const double duration = elapsed.nsecsElapsed() / 1e9;
    qint64 exposed = 0;
    for (const metrics::MetricFamily& f : families)
        exposed += f.samples.size();
    const qint64 appended = s.series->appendScrape(families, timestampMs);
    record(s, timestampMs, true, duration, exposed, appended, {});
}

void ScrapeWorker::record(Source& s, qint64 timestampMs, bool ok, double durationSeconds, qint64 exposed,
    qint64 appended, const QString& error)
{
    appended += s.series->appendReport(timestampMs, ok, durationSeconds, exposed);
    m_shared->samplesIngested.fetch_add(appended, std::memory_order_relaxed);
    m_shared->scrapesTotal.fetch_add(1, std::memory_order_relaxed);

    const TargetHealth before = s.status.health;
    const QString errorBefore = s.status.lastError;
    TargetStatus& st = s.status;
    st.health = ok ? TargetHealth::Up : TargetHealth::Down;
    st.lastScrapeMs = timestampMs;
    st.lastDurationSeconds = durationSeconds;
    st.lastSamples = exposed;
    st.lastError = error;
    ++st.scrapesTotal;
    if (!ok)
        ++st.failuresTotal;
    if (before != st.health || (!ok && error != errorBefore)) {
        const QString name
            = s.status.local ? QStringLiteral("local host collector") : s.target.url.toDisplayString();
        if (ok)
            qCInfo(lcScrape).noquote() << name << "is up";
        else
            qCWarning(lcScrape).noquote() << name << "is down:" << error;
    }
    publish(s);
    noteAppended(timestampMs);
}

void ScrapeWorker::noteAppended(qint64 timestampMs)
{
    m_pendingRoundMs = std::max(m_pendingRoundMs, timestampMs);
    if (!m_roundTimer || m_roundTimer->isActive())
        return; // the trailing emission already planned will carry this timestamp
    const qint64 since = m_sinceRoundEmit.isValid() ? m_sinceRoundEmit.elapsed() : kRoundCoalesceMs;
    if (since >= kRoundCoalesceMs)
        emitRoundCompleted(); // leading edge: an isolated scrape is announced at once
    else
        m_roundTimer->start(int(kRoundCoalesceMs - since));
}

void ScrapeWorker::emitRoundCompleted()
{
    if (m_pendingRoundMs == 0)
        return;
    const qint64 ts = m_pendingRoundMs;
    m_pendingRoundMs = 0;
    m_sinceRoundEmit.start();
    flushAppended();
    emit roundCompleted(ts);
}

void ScrapeWorker::publish(const Source& s)
{
    {
        QMutexLocker lock(&m_shared->mutex);
        // A target removed while its scrape was in flight must not reappear.
        if (s.key != kLocalSourceKey && !m_shared->configured.contains(s.key))
            return;
        m_shared->statuses.insert(s.key, s.status);
    }
    markDirty();
}

void ScrapeWorker::markDirty()
{
    if (m_notifyTimer && !m_notifyTimer->isActive())
        m_notifyTimer->start();
}

void ScrapeWorker::updateRate()
{
    // Rate over a sliding window of up to five seconds.
    constexpr int n = kRateWindow;
    const qint64 t = m_uptime.elapsed();
    const qint64 total = m_shared->samplesIngested.load(std::memory_order_relaxed);
    if (m_rateFill == n) {
        std::move(m_rateWindow + 1, m_rateWindow + n, m_rateWindow);
        std::move(m_rateTimes + 1, m_rateTimes + n, m_rateTimes);
        --m_rateFill;
    }
    m_rateWindow[m_rateFill] = total;
    m_rateTimes[m_rateFill] = t;
    ++m_rateFill;
    if (m_rateFill >= 2) {
        const qint64 dt = m_rateTimes[m_rateFill - 1] - m_rateTimes[0];
        const double rate = dt > 0 ? (m_rateWindow[m_rateFill - 1] - m_rateWindow[0]) * 1000.0 / dt : 0.0;
        if (rate != m_shared->ingestRate.exchange(rate))
            markDirty();
    }
}

} // namespace opsdeck::scrape
