#include "remotewrite/RemoteWriteService.h"

#include "metrics/SeriesStore.h"
#include "scrape/ScrapeManager.h"

#include <QMutex>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QUrl>

#include <chrono>

namespace opsdeck::remotewrite {

namespace {

QString safeUrl(const QString& url)
{
    const QUrl u(url);
    return u.scheme() + QStringLiteral("://") + u.host()
        + (u.port() > 0 ? QStringLiteral(":%1").arg(u.port()) : QString());
}

} // namespace

// What the sink needs, shared with the scrape thread's closure so that a
// round already under way finds it alive.
struct RemoteWriteService::Fanout
{
    struct Remote
    {
        std::shared_ptr<RemoteState> state;
        RemoteWriteSender* sender = nullptr;
        QList<QRegularExpression> regexes; // anchored, per rule
        std::vector<std::uint8_t> decision; // by ref: 0 unknown, 1 keep, 2 drop (scrape thread only)
        std::vector<metrics::AppendedSample> kept; // scratch (scrape thread only)
    };
    const metrics::SeriesStore* store = nullptr;
    std::shared_ptr<LabelCache> labels = std::make_shared<LabelCache>();
    std::vector<Remote> remotes;
    std::vector<bool> known; // refs whose labels are in the cache (scrape thread only)
    QMutex mutex; // held by consume; stop() takes it to know no round is still using the senders
    bool stopped = false;

    void consume(std::vector<metrics::AppendedSample>& samples);
};

void RemoteWriteService::Fanout::consume(std::vector<metrics::AppendedSample>& samples)
{
    QMutexLocker lock(&mutex);
    if (stopped)
        return;
    // New series: their labels (and each receiver's verdict) once, while they are alive.
    for (const metrics::AppendedSample& s : samples) {
        if (s.ref < known.size() && known[s.ref])
            continue;
        if (s.ref >= known.size())
            known.resize(std::max<std::size_t>(std::size_t(s.ref) + 1, known.size() * 2));
        known[s.ref] = true;
        const metrics::Labels l = store->labels(s.ref);
        labels->put(s.ref, l);
        for (Remote& r : remotes) {
            if (r.regexes.isEmpty())
                continue;
            if (s.ref >= r.decision.size())
                r.decision.resize(known.size());
            r.decision[s.ref]
                = RemoteWriteService::passes(r.state->config.writeRelabel, l.value("__name__")) ? 1 : 2;
        }
    }
    for (Remote& r : remotes) {
        const std::vector<metrics::AppendedSample>* out = &samples;
        if (!r.regexes.isEmpty()) {
            r.kept.clear();
            for (const metrics::AppendedSample& s : samples) {
                if (r.decision[s.ref] == 1)
                    r.kept.push_back(s);
            }
            out = &r.kept;
        }
        if (out->empty())
            continue;
        if (const qsizetype dropped = r.state->queue.push(*out))
            r.state->dropped.fetch_add(quint64(dropped));
        if (r.state->queue.size() >= r.state->config.queue.maxSamplesPerSend
            && !r.state->wakeQueued.exchange(true))
            QMetaObject::invokeMethod(r.sender, &RemoteWriteSender::wake, Qt::QueuedConnection);
    }
}

bool RemoteWriteService::passes(const QList<WriteRelabelRule>& rules, QByteArrayView metricName)
{
    const QString name = QString::fromUtf8(metricName);
    for (const WriteRelabelRule& rule : rules) {
        // Compiled per new series only; the verdict is cached by ref.
        const bool match
            = QRegularExpression(QRegularExpression::anchoredPattern(rule.regex)).match(name).hasMatch();
        if (rule.action == WriteRelabelRule::Action::Keep ? !match : match)
            return false;
    }
    return true;
}

RemoteWriteService::RemoteWriteService(const QList<RemoteWriteConfig>& remotes, const metrics::SeriesStore* store,
    scrape::ScrapeManager* scrape, const Clock* clock, QObject* parent)
    : QObject(parent)
    , m_remotes(remotes)
    , m_scrape(scrape)
    , m_clock(clock)
    , m_fanout(std::make_shared<Fanout>())
{
    m_fanout->store = store;
}

RemoteWriteService::~RemoteWriteService()
{
    stop();
}

void RemoteWriteService::start()
{
    if (!m_senders.empty())
        return;
    for (const RemoteWriteConfig& c : std::as_const(m_remotes)) {
        Fanout::Remote r;
        r.state = std::make_shared<RemoteState>(c, safeUrl(c.url));
        for (const WriteRelabelRule& rule : c.writeRelabel)
            r.regexes.append(QRegularExpression(QRegularExpression::anchoredPattern(rule.regex)));
        auto thread = std::make_unique<ServiceThread<RemoteWriteSender>>(QStringLiteral("opsdeck-remote-write"));
        r.sender = thread->start(
            new RemoteWriteSender(r.state, m_fanout->labels, m_clock), [](RemoteWriteSender& s) { s.init(); },
            [](RemoteWriteSender& s) { s.shutdown(); });
        m_fanout->remotes.push_back(std::move(r));
        m_senders.push_back(std::move(thread));
        qCInfo(lcRemoteWrite).noquote() << "remote write" << c.name << "to" << safeUrl(c.url);
    }
    if (m_scrape) {
        m_scrape->setAppendedSamplesSink(
            [fanout = m_fanout](std::vector<metrics::AppendedSample>& samples) { fanout->consume(samples); });
    }
}

void RemoteWriteService::releaseScrape()
{
    m_scrape = nullptr;
}

void RemoteWriteService::stop(int timeoutMs)
{
    if (m_senders.empty())
        return;
    {
        QMutexLocker lock(&m_fanout->mutex);
        m_fanout->stopped = true;
    }
    if (m_scrape)
        m_scrape->setAppendedSamplesSink({});
    m_scrape = nullptr;
    const qint64 abortAt
        = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
              .count()
        + qint64(timeoutMs) * 1'000'000;
    for (Fanout::Remote& r : m_fanout->remotes)
        r.state->abortAtNs.store(abortAt);
    for (auto& thread : m_senders)
        thread->stop();
    m_senders.clear();
}

QList<RemoteWriteCounters> RemoteWriteService::counters() const
{
    QList<RemoteWriteCounters> out;
    for (const Fanout::Remote& r : m_fanout->remotes)
        out.append(r.state->counters());
    return out;
}

} // namespace opsdeck::remotewrite
