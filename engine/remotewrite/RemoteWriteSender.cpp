#include "remotewrite/RemoteWriteSender.h"

#include "Clock.h"

#include <QMetaObject>
#include <QMutexLocker>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <limits>
#include <mutex>

#include <curl/curl.h>

Q_LOGGING_CATEGORY(lcRemoteWrite, "opsdeck.remotewrite")

namespace opsdeck::remotewrite {

namespace retry {

Outcome classify(int httpStatus)
{
    if (httpStatus >= 200 && httpStatus < 300)
        return Outcome::Sent;
    if (httpStatus == 0 || httpStatus == 429 || httpStatus >= 500)
        return Outcome::Retryable;
    return Outcome::Permanent;
}

qint64 backoffMs(const QueueConfig& queue, int attempt)
{
    qint64 delay = std::max<qint64>(1, queue.minBackoffMs);
    for (int i = 1; i < attempt && delay < queue.maxBackoffMs; ++i)
        delay *= 2;
    return std::min(delay, queue.maxBackoffMs);
}

std::optional<qint64> retryAfterMs(QByteArrayView value)
{
    bool ok = false;
    const qint64 seconds = value.trimmed().toLongLong(&ok);
    if (!ok || seconds < 0)
        return std::nullopt;
    return std::min<qint64>(seconds, 3600) * 1000;
}

} // namespace retry

RemoteWriteCounters RemoteState::counters() const
{
    RemoteWriteCounters c;
    c.name = config.name;
    c.url = url;
    c.samplesSent = sent.load();
    c.samplesFailed = failed.load();
    c.samplesDropped = dropped.load();
    c.samplesRetried = retried.load();
    c.samplesPending = qint64(queue.size()) + inFlight.load();
    c.lastSendLagSeconds = double(lagMs.load()) / 1000.0;
    c.requestsSent = requests.load();
    c.lastHttpStatus = lastStatus.load();
    QMutexLocker lock(&errorMutex);
    c.lastError = lastError;
    return c;
}

void LabelCache::put(metrics::SeriesRef ref, const metrics::Labels& labels)
{
    QMutexLocker lock(&m_mutex);
    if (ref >= m_labels.size())
        m_labels.resize(std::max<std::size_t>(std::size_t(ref) + 1, m_labels.size() * 2));
    m_labels[ref] = labels;
}

metrics::Labels LabelCache::get(metrics::SeriesRef ref) const
{
    QMutexLocker lock(&m_mutex);
    return ref < m_labels.size() ? m_labels[ref] : metrics::Labels();
}

namespace {

void globalInit()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

qint64 steadyNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

struct Reply
{
    QByteArray body; // the first 1 KiB, for the error message
    QByteArray retryAfter;
    const std::atomic<qint64>* abortAtNs = nullptr;
};

size_t writeBody(char* data, size_t size, size_t count, void* userData)
{
    auto* r = static_cast<Reply*>(userData);
    const size_t n = size * count;
    if (r->body.size() < 1024)
        r->body.append(data, qsizetype(std::min<size_t>(n, size_t(1024 - r->body.size()))));
    return n;
}

size_t readHeader(char* data, size_t size, size_t count, void* userData)
{
    auto* r = static_cast<Reply*>(userData);
    const QByteArrayView line(data, qsizetype(size * count));
    if (line.size() > 12 && QByteArrayView(line.first(12)).compare("retry-after:", Qt::CaseInsensitive) == 0)
        r->retryAfter = line.sliced(12).trimmed().toByteArray();
    return size * count;
}

int progress(void* userData, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    const auto* r = static_cast<const Reply*>(userData);
    return steadyNowNs() > r->abortAtNs->load() ? 1 : 0; // non-zero aborts the transfer
}

} // namespace

struct RemoteWriteSender::Curl
{
    CURL* handle = nullptr;
    curl_slist* headers = nullptr;
    QByteArray url, user, password, ca;
    void configure(const RemoteWriteConfig& config);
    // One POST of body; aborted once the steady clock passes *abortAtNs.
    PostResult post(const QByteArray& body, const std::atomic<qint64>* abortAtNs);
    ~Curl()
    {
        if (headers)
            curl_slist_free_all(headers);
        if (handle)
            curl_easy_cleanup(handle);
    }
};

RemoteWriteSender::RemoteWriteSender(
    std::shared_ptr<RemoteState> state, std::shared_ptr<const LabelCache> labels, const Clock* clock)
    : m_state(std::move(state))
    , m_labels(std::move(labels))
    , m_clock(clock ? clock : SystemClock::instance())
{ }

RemoteWriteSender::~RemoteWriteSender() = default;

void RemoteWriteSender::Curl::configure(const RemoteWriteConfig& c)
{
    globalInit();
    handle = curl_easy_init();
    url = c.url.toUtf8();
    CURL* h = handle;
    curl_easy_setopt(h, CURLOPT_URL, url.constData());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, long(c.timeoutMs));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, long(std::min<qint64>(c.timeoutMs, 10'000)));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, writeBody);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, readHeader);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "OpsDeck/" OPSDECK_VERSION);
    const QList<QByteArray> fixed { "Content-Encoding: snappy", "Content-Type: application/x-protobuf",
        "X-Prometheus-Remote-Write-Version: 0.1.0", "Expect:" };
    for (const QByteArray& header : fixed)
        headers = curl_slist_append(headers, header.constData());
    if (!c.bearerToken.isEmpty())
        headers = curl_slist_append(
            headers, QByteArray("Authorization: Bearer " + c.bearerToken.toUtf8()).constData());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    if (!c.basicAuthUser.isEmpty() || !c.basicAuthPassword.isEmpty()) {
        user = c.basicAuthUser.toUtf8();
        password = c.basicAuthPassword.toUtf8();
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, long(CURLAUTH_BASIC));
        curl_easy_setopt(h, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(h, CURLOPT_PASSWORD, password.constData());
    }
    if (!c.caFile.isEmpty()) {
        ca = c.caFile.toLocal8Bit();
        curl_easy_setopt(h, CURLOPT_CAINFO, ca.constData());
    }
    if (c.insecure) {
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    }
}

RemoteWriteSender::PostResult RemoteWriteSender::Curl::post(
    const QByteArray& body, const std::atomic<qint64>* abortAtNs)
{
    Reply reply;
    reply.abortAtNs = abortAtNs;
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.constData());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, long(body.size()));
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &reply);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &reply);
    curl_easy_setopt(handle, CURLOPT_XFERINFODATA, &reply);
    const CURLcode code = curl_easy_perform(handle);
    PostResult result;
    long status = 0;
    if (code == CURLE_OK)
        curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    result.httpStatus = int(status);
    if (code != CURLE_OK)
        result.error = QString::fromUtf8(curl_easy_strerror(code));
    else if (retry::classify(result.httpStatus) != retry::Outcome::Sent)
        result.error
            = QStringLiteral("HTTP %1: %2").arg(status).arg(QString::fromUtf8(reply.body.trimmed()).left(200));
    result.retryAfter = reply.retryAfter;
    return result;
}

RemoteWriteSender::PostResult RemoteWriteSender::probe(const RemoteWriteConfig& config)
{
    Curl curl;
    curl.configure(config);
    const std::atomic<qint64> never { std::numeric_limits<qint64>::max() };
    return curl.post(
        RemoteWriteEncoder::compress(RemoteWriteEncoder().encode(QList<RemoteWriteEncoder::Series> {})), &never);
}

void RemoteWriteSender::init()
{
    m_curl = std::make_unique<Curl>();
    m_curl->configure(m_state->config);
    const RemoteWriteConfig& c = m_state->config;

    m_deadline = new QTimer(this);
    m_deadline->setInterval(int(std::min<qint64>(c.queue.batchSendDeadlineMs, 3600'000)));
    connect(m_deadline, &QTimer::timeout, this, [this] {
        m_flushDue = true;
        pump();
    });
    m_deadline->start();
    m_backoff = new QTimer(this);
    m_backoff->setSingleShot(true);
    connect(m_backoff, &QTimer::timeout, this, &RemoteWriteSender::pump);
}

void RemoteWriteSender::wake()
{
    m_state->wakeQueued.store(false);
    pump();
}

void RemoteWriteSender::schedulePump()
{
    if (m_pumpQueued)
        return;
    m_pumpQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_pumpQueued = false;
            pump();
        },
        Qt::QueuedConnection);
}

// One request per call at most, then back to the event loop (so a stop or a
// deadline tick is never held up by a long backlog).
void RemoteWriteSender::pump()
{
    if (!m_curl || m_backoff->isActive())
        return;
    const int max = m_state->config.queue.maxSamplesPerSend;
    if (m_batch.empty()) {
        if (m_state->queue.size() < max && !m_flushDue)
            return;
        m_state->queue.take(m_batch, max);
        m_state->inFlight.store(qint64(m_batch.size()));
        if (m_batch.empty()) {
            m_flushDue = false;
            return;
        }
    }
    const retry::Outcome outcome = sendBatch();
    if (outcome == retry::Outcome::Retryable) {
        ++m_failures;
        m_state->retried.fetch_add(m_batch.size());
        // A server's Retry-After wins over the backoff when it asks for longer.
        const qint64 delay
            = std::max(retry::backoffMs(m_state->config.queue, m_failures), m_retryAfterMs.value_or(0));
        m_backoff->start(int(delay));
        return;
    }
    m_failures = 0;
    if (outcome == retry::Outcome::Sent) {
        m_state->sent.fetch_add(m_batch.size());
        m_state->requests.fetch_add(1);
        qint64 newest = 0;
        for (const metrics::AppendedSample& s : m_batch)
            newest = std::max(newest, s.timestampMs);
        m_state->lagMs.store(std::max<qint64>(0, m_clock->nowMs() - newest));
    } else {
        m_state->failed.fetch_add(m_batch.size());
    }
    m_batch.clear();
    m_state->inFlight.store(0);
    if (m_state->queue.size() == 0)
        m_flushDue = false;
    if (m_state->queue.size() >= max || m_flushDue)
        schedulePump();
}

retry::Outcome RemoteWriteSender::sendBatch()
{
    const QByteArray body = RemoteWriteEncoder::compress(
        m_encoder.encode(m_batch, [this](metrics::SeriesRef ref) { return m_labels->get(ref); }));
    const PostResult result = m_curl->post(body, &m_state->abortAtNs);
    m_state->lastStatus.store(result.httpStatus);
    const retry::Outcome outcome = retry::classify(result.httpStatus);
    const QString& error = result.error;
    {
        QMutexLocker lock(&m_state->errorMutex);
        if (error != m_state->lastError) {
            if (!error.isEmpty())
                qCWarning(lcRemoteWrite).noquote()
                    << "remote write" << m_state->config.name << QStringLiteral("(%1):").arg(m_state->url) << error
                    << (outcome == retry::Outcome::Retryable ? "(retrying)" : "(samples dropped)");
            else
                qCInfo(lcRemoteWrite).noquote() << "remote write" << m_state->config.name << "is sending again";
        }
        m_state->lastError = error;
    }
    m_retryAfterMs = (result.httpStatus == 429 || result.httpStatus == 503)
        ? retry::retryAfterMs(result.retryAfter)
        : std::nullopt;
    return outcome;
}

void RemoteWriteSender::shutdown()
{
    if (!m_curl)
        return;
    m_deadline->stop();
    m_backoff->stop();
    // What is left goes out while the receiver answers and the deadline allows.
    while (steadyNowNs() < m_state->abortAtNs.load()) {
        if (m_batch.empty()) {
            m_state->queue.take(m_batch, m_state->config.queue.maxSamplesPerSend);
            m_state->inFlight.store(qint64(m_batch.size()));
        }
        if (m_batch.empty())
            break;
        const retry::Outcome outcome = sendBatch();
        if (outcome == retry::Outcome::Retryable)
            break;
        (outcome == retry::Outcome::Sent ? m_state->sent : m_state->failed).fetch_add(m_batch.size());
        m_batch.clear();
        m_state->inFlight.store(0);
    }
    m_curl.reset();
}

} // namespace opsdeck::remotewrite
