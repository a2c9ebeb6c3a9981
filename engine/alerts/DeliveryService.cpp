#include "alerts/DeliveryService.h"

#include "alerts/Payloads.h"
#include "Clock.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTimer>
#include <QTimeZone>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcAlertsDelivery, "opsdeck.alerts.delivery")

namespace opsdeck::alerts {

namespace retry {

Outcome classifyHttpStatus(int httpStatus)
{
    if (httpStatus >= 200 && httpStatus < 300)
        return Outcome::Sent;
    if (httpStatus == 0 || httpStatus == 429 || httpStatus >= 500)
        return Outcome::Retryable;
    return Outcome::Permanent; // other 4xx (and 1xx/3xx): sending it again will not help
}

qint64 backoffMs(const RetryPolicy& policy, int attempt, double jitter01)
{
    const qint64 initial = std::max<qint64>(1, policy.initialBackoffMs);
    const qint64 cap = std::max(initial, policy.maxBackoffMs);
    const int doublings = std::clamp(attempt - 1, 0, 62);
    // Stop doubling once past the cap (no overflow for large attempt numbers).
    qint64 base = initial;
    for (int i = 0; i < doublings && base < cap; ++i)
        base *= 2;
    base = std::min(base, cap);
    const double j = std::clamp(jitter01, 0.0, 1.0);
    return std::max<qint64>(
        1, base / 2 + static_cast<qint64>(std::llround(j * static_cast<double>(base - base / 2))));
}

std::optional<qint64> parseRetryAfterMs(QByteArrayView value, qint64 nowMs)
{
    const QString text = QString::fromLatin1(value).trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 seconds = text.toLongLong(&ok);
    if (ok)
        return seconds < 0 ? std::nullopt : std::optional<qint64>(std::min(seconds, qint64(1) << 40) * 1000);

    // HTTP-date (RFC 9110 5.6.7): IMF-fixdate, obsolete RFC 850 and asctime forms; always GMT.
    const QLocale c = QLocale::c();
    QString normalized = text;
    normalized.replace(QLatin1String("  "), QLatin1String(" ")); // asctime pads single-digit days
    QDateTime date;
    for (const QString& format : { QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"),
             QStringLiteral("dddd, dd-MMM-yy hh:mm:ss 'GMT'"), QStringLiteral("ddd MMM d hh:mm:ss yyyy") }) {
        date = c.toDateTime(normalized, format);
        if (date.isValid())
            break;
    }
    if (!date.isValid())
        return std::nullopt;
    if (date.date().year() < 1970)
        date = date.addYears(100); // two-digit RFC 850 years
    date.setTimeZone(QTimeZone::utc());
    return std::max<qint64>(0, date.toMSecsSinceEpoch() - nowMs);
}

qint64 nextDelayMs(const RetryPolicy& policy, int attempt, double jitter01, std::optional<qint64> retryAfterMs)
{
    if (retryAfterMs)
        return std::clamp<qint64>(*retryAfterMs, 0, kMaxRetryAfterMs);
    return backoffMs(policy, attempt, jitter01);
}

} // namespace retry

namespace {

QString kindName(Notification::Kind kind)
{
    switch (kind) {
    case Notification::Kind::Trigger:
        return QStringLiteral("trigger");
    case Notification::Kind::Acknowledge:
        return QStringLiteral("acknowledge");
    case Notification::Kind::Resolve:
        return QStringLiteral("resolve");
    }
    return {};
}

const QString kPagerDutyEventsUrl = QStringLiteral("https://events.pagerduty.com/v2/enqueue");

// Our own words for a failed transfer: QNetworkReply::errorString() quotes the
// full URL, which may carry a token.
QString networkErrorText(QNetworkReply::NetworkError error, qint64 timeoutMs)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return DeliveryService::tr("connection refused");
    case QNetworkReply::RemoteHostClosedError:
        return DeliveryService::tr("the server closed the connection");
    case QNetworkReply::HostNotFoundError:
        return DeliveryService::tr("host not found");
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return DeliveryService::tr("no answer within %1 s").arg(static_cast<double>(timeoutMs) / 1000.0);
    case QNetworkReply::SslHandshakeFailedError:
        return DeliveryService::tr("TLS handshake failed (certificate not trusted?)");
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
        return DeliveryService::tr("unsupported URL");
    default:
        return DeliveryService::tr("network error %1").arg(static_cast<int>(error));
    }
}

} // namespace

DeliveryService::DeliveryService(QObject* parent, const Clock* clock)
    : QObject(parent)
    , m_clock(clock ? clock : SystemClock::instance())
{
    qRegisterMetaType<opsdeck::alerts::Notification>();
    qRegisterMetaType<opsdeck::alerts::NotificationRecord>();
    m_smtpPool.setMaxThreadCount(2);
    m_smtpPool.setObjectName(QStringLiteral("opsdeck-smtp"));
}

DeliveryService::~DeliveryService()
{
    m_shuttingDown = true; // aborts running SMTP transfers (curl progress callback)
    m_smtpPool.waitForDone();
    delete m_network; // aborts HTTP replies while our members still exist
    m_network = nullptr;
}

void DeliveryService::setReceivers(const QList<ReceiverConfig>& receivers)
{
    m_receivers.clear();
    for (const ReceiverConfig& receiver : receivers)
        m_receivers.insert(receiver.name, receiver);
}

void DeliveryService::setExternalUrl(const QString& url)
{
    m_externalUrl = url;
}
void DeliveryService::setRetryPolicy(const RetryPolicy& policy)
{
    m_policy = policy;
}
void DeliveryService::setSmtpCaFile(const QString& path)
{
    m_smtpCaFile = path;
}
int DeliveryService::pendingCount() const
{
    return static_cast<int>(m_jobs.size());
}
qint64 DeliveryService::nowMs() const
{
    return m_clock->nowMs();
}

QNetworkAccessManager* DeliveryService::network()
{
    // Created on first use, i.e. on the thread the service was moved to.
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
        m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    }
    return m_network;
}

QString DeliveryService::safeUrl(const QUrl& url)
{
    if (!url.isValid() || url.host().isEmpty())
        return QStringLiteral("(invalid URL)");
    QString text = url.scheme() + QStringLiteral("://") + url.host(QUrl::FullyEncoded);
    if (url.port() > 0)
        text += QLatin1Char(':') + QString::number(url.port());
    return text;
}

QString DeliveryService::redact(QString text, const ReceiverConfig& receiver)
{
    QStringList secrets;
    const auto addSecret = [&secrets](const QString& s) {
        if (s.size() >= 4)
            secrets << s;
    };
    addSecret(receiver.secret);
    if (receiver.secret.contains(QLatin1Char(':'))) {
        addSecret(receiver.secret.section(QLatin1Char(':'), 1));
        addSecret(QString::fromLatin1(receiver.secret.toUtf8().toBase64()));
    }
    for (auto it = receiver.headers.cbegin(); it != receiver.headers.cend(); ++it) {
        addSecret(it.value());
        addSecret(it.value().section(QLatin1Char(' '), 1)); // "Bearer TOKEN" -> TOKEN
    }
    const QUrl url(receiver.url);
    if (url.isValid()) {
        addSecret(receiver.url);
        addSecret(url.password());
        addSecret(url.path());
        addSecret(url.query());
        addSecret(url.toString(QUrl::FullyEncoded));
        for (const auto& item : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
            addSecret(item.second);
        for (const QString& segment : url.path().split(QLatin1Char('/'), Qt::SkipEmptyParts))
            addSecret(segment);
    }
    // Longest first so a secret containing another is replaced whole.
    std::sort(
        secrets.begin(), secrets.end(), [](const QString& a, const QString& b) { return a.size() > b.size(); });
    for (const QString& secret : std::as_const(secrets))
        text.replace(secret, QStringLiteral("***"));
    return text;
}

bool DeliveryService::buildJob(Job& job, const Notification& n, QString* error) const
{
    const ReceiverConfig& r = job.receiver;
    const auto json
        = [](const QJsonObject& object) { return QJsonDocument(object).toJson(QJsonDocument::Compact); };
    const auto httpRequest = [&r](const QString& url, QByteArray body, QByteArray contentType) {
        HttpRequest request;
        request.url = QUrl(url);
        request.body = std::move(body);
        request.contentType = std::move(contentType);
        for (auto it = r.headers.cbegin(); it != r.headers.cend(); ++it)
            request.headers.append({ it.key().toUtf8(), it.value().toUtf8() });
        return request;
    };
    switch (r.type) {
    case ReceiverType::Webhook:
        job.requests << httpRequest(
            r.url, json(Payloads::webhookPayload(n, r, m_externalUrl)), "application/json");
        break;
    case ReceiverType::Slack:
        job.requests << httpRequest(r.url, json(Payloads::slackPayload(n, r, m_externalUrl)), "application/json");
        break;
    case ReceiverType::PagerDuty:
        if (r.secret.isEmpty()) {
            *error = tr("PagerDuty receiver \"%1\" has no routing key.").arg(r.name);
            return false;
        }
        job.requests << httpRequest(r.url.isEmpty() ? kPagerDutyEventsUrl : r.url,
            json(Payloads::pagerDutyEvent(n, r, m_externalUrl)), "application/json");
        break;
    case ReceiverType::Sms:
        if (r.to.isEmpty()) {
            *error = tr("SMS receiver \"%1\" has no recipient.").arg(r.name);
            return false;
        }
        for (const QString& to : r.to) {
            HttpRequest request = httpRequest(
                r.url, Payloads::formBody(Payloads::smsForm(n, r, to)), "application/x-www-form-urlencoded");
            if (!r.secret.isEmpty()) // gateway basic auth "user:password"
                request.headers.append({ "Authorization", "Basic " + r.secret.toUtf8().toBase64() });
            job.requests << request;
        }
        break;
    case ReceiverType::Email:
        if (r.smtpHost.isEmpty() || r.to.isEmpty() || r.from.isEmpty()) {
            *error = tr("Email receiver \"%1\" needs an SMTP host, a sender and a recipient.").arg(r.name);
            return false;
        }
        job.email = Payloads::emailMessage(n, r, m_externalUrl, nowMs());
        return true;
    }
    for (const HttpRequest& request : std::as_const(job.requests)) {
        const QString scheme = request.url.scheme();
        if (!request.url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
            *error = tr("Receiver \"%1\" has no valid http(s) URL.").arg(r.name);
            return false;
        }
    }
    return true;
}

void DeliveryService::deliver(const Notification& notification)
{
    auto job = std::make_unique<Job>();
    job->serial = m_nextSerial++;
    NotificationRecord& record = job->record;
    record.deliveryId = notification.deliveryId;
    record.receiver = notification.receiver;
    record.groupKey = notification.groupKey;
    record.kind = kindName(notification.kind);
    for (const Alert& alert : notification.alerts)
        record.alertIds << alert.id;
    record.createdAtMs = notification.createdAtMs > 0 ? notification.createdAtMs : nowMs();

    const auto found = m_receivers.constFind(notification.receiver);
    if (found == m_receivers.cend()) {
        record.status = QStringLiteral("failed");
        record.error = tr("Unknown receiver \"%1\".").arg(notification.receiver);
        record.finishedAtMs = nowMs();
        qCWarning(lcAlertsDelivery).noquote() << "unknown receiver" << notification.receiver;
        emit recordChanged(record);
        return;
    }
    job->receiver = found.value();
    record.receiverType = receiverTypeName(job->receiver.type);
    if (notification.kind == Notification::Kind::Resolve && !job->receiver.sendResolved) {
        record.status = QStringLiteral("suppressed");
        record.error = tr("The receiver does not send resolved notifications.");
        record.finishedAtMs = nowMs();
        emit recordChanged(record);
        return;
    }
    QString error;
    if (!buildJob(*job, notification, &error)) {
        record.status = QStringLiteral("failed");
        record.error = redact(error, job->receiver);
        record.finishedAtMs = nowMs();
        qCWarning(lcAlertsDelivery).noquote() << "receiver" << job->receiver.name << record.error;
        emit recordChanged(record);
        return;
    }

    // One queue per receiver and group: later notifications of the group wait.
    job->queueKey = notification.receiver + QChar(0) + QString::fromUtf8(notification.groupKey);
    QList<quint64>& queue = m_queues[job->queueKey];
    queue.append(job->serial);
    const quint64 serial = job->serial;
    const bool first = queue.size() == 1;
    m_jobs.emplace(serial, std::move(job));
    if (first)
        startAttempt(serial);
}

void DeliveryService::startAttempt(quint64 serial)
{
    const auto it = m_jobs.find(serial);
    if (it == m_jobs.end() || m_shuttingDown)
        return;
    Job& job = *it->second;
    ++job.record.attempts;
    job.worst = retry::Outcome::Sent;
    job.retryAfterMs.reset();
    job.lastError.clear();
    job.record.httpStatus = 0;

    if (job.receiver.type == ReceiverType::Email) {
        job.inFlight = 1;
        SmtpSettings settings;
        settings.host = job.receiver.smtpHost;
        settings.port = job.receiver.smtpPort;
        settings.startTls = job.receiver.smtpStartTls;
        settings.user = job.receiver.smtpUser;
        settings.password = job.receiver.secret;
        settings.caFile = job.receiver.smtpCaFile.isEmpty() ? m_smtpCaFile : job.receiver.smtpCaFile;
        settings.timeoutMs = m_policy.timeoutMs;
        const QString from = job.receiver.from;
        const QStringList to = job.receiver.to;
        const QByteArray message = job.email;
        // Blocking libcurl call on the pool; the result comes back queued.
        m_smtpPool.start([this, serial, settings, from, to, message] {
            const SmtpResult result = SmtpSender::send(settings, from, to, message, &m_shuttingDown);
            QMetaObject::invokeMethod(
                this, [this, serial, result] { onSmtpFinished(serial, result); }, Qt::QueuedConnection);
        });
        return;
    }

    job.inFlight = 0;
    for (int i = 0; i < job.requests.size(); ++i) {
        const HttpRequest& request = job.requests.at(i);
        if (request.done)
            continue;
        QNetworkRequest req(request.url);
        req.setHeader(QNetworkRequest::ContentTypeHeader, request.contentType);
        req.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("OpsDeck"));
        for (const auto& [name, value] : request.headers)
            req.setRawHeader(name, value);
        req.setTransferTimeout(static_cast<int>(std::clamp<qint64>(m_policy.timeoutMs, 1, INT_MAX)));
        QNetworkReply* reply = network()->post(req, request.body);
        ++job.inFlight;
        connect(reply, &QNetworkReply::finished, this,
            [this, serial, i, reply] { onReplyFinished(serial, i, reply); });
    }
    if (job.inFlight == 0)
        finishAttempt(job);
}

void DeliveryService::note(Job& job, retry::Outcome outcome, const QString& error, int httpStatus)
{
    if (httpStatus > 0)
        job.record.httpStatus = httpStatus;
    if (outcome == retry::Outcome::Sent)
        return;
    if (outcome == retry::Outcome::Permanent || job.worst == retry::Outcome::Sent)
        job.worst = outcome;
    job.lastError = error;
}

void DeliveryService::onReplyFinished(quint64 serial, int index, QNetworkReply* reply)
{
    reply->deleteLater();
    if (m_shuttingDown)
        return;
    const auto it = m_jobs.find(serial);
    if (it == m_jobs.end())
        return;
    Job& job = *it->second;
    --job.inFlight;

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status > 0) {
        const retry::Outcome outcome = retry::classifyHttpStatus(status);
        if (outcome == retry::Outcome::Sent) {
            job.requests[index].done = true;
            note(job, outcome, {}, status);
        } else {
            if (status == 429 && reply->hasRawHeader("Retry-After")) {
                const auto after = retry::parseRetryAfterMs(reply->rawHeader("Retry-After"), nowMs());
                if (after)
                    job.retryAfterMs = std::max(job.retryAfterMs.value_or(0), *after);
            }
            const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
            QString error = tr("HTTP %1").arg(status);
            if (!reason.isEmpty())
                error += QLatin1Char(' ') + reason.left(80);
            if (status >= 300 && status < 400)
                error += tr(" (redirects are not followed)");
            note(job, outcome, error, status);
        }
    } else {
        const auto error = reply->error();
        const bool permanent = error == QNetworkReply::SslHandshakeFailedError
            || error == QNetworkReply::ProtocolUnknownError
            || error == QNetworkReply::ProtocolInvalidOperationError;
        note(job, permanent ? retry::Outcome::Permanent : retry::Outcome::Retryable,
            networkErrorText(error, m_policy.timeoutMs), 0);
    }
    if (job.inFlight == 0)
        finishAttempt(job);
}

void DeliveryService::onSmtpFinished(quint64 serial, const SmtpResult& result)
{
    const auto it = m_jobs.find(serial);
    if (it == m_jobs.end() || m_shuttingDown)
        return;
    Job& job = *it->second;
    job.inFlight = 0;
    const retry::Outcome outcome = result.outcome == SmtpResult::Outcome::Sent ? retry::Outcome::Sent
        : result.outcome == SmtpResult::Outcome::Retryable                     ? retry::Outcome::Retryable
                                                                               : retry::Outcome::Permanent;
    note(job, outcome, result.error, 0);
    finishAttempt(job);
}

void DeliveryService::finishAttempt(Job& job)
{
    NotificationRecord& record = job.record;
    const ReceiverConfig& r = job.receiver;
    const QString where = r.type == ReceiverType::Email
        ? QStringLiteral("smtp://%1:%2").arg(r.smtpHost).arg(r.smtpPort)
        : (job.requests.isEmpty() ? QString() : safeUrl(job.requests.first().url));
    record.error = redact(job.lastError, r);

    if (job.worst == retry::Outcome::Sent) {
        record.status = QStringLiteral("sent");
        record.error.clear();
        record.finishedAtMs = nowMs();
        qCInfo(lcAlertsDelivery).noquote()
            << "sent" << record.kind << "to" << r.name << where << "attempt" << record.attempts;
        emit recordChanged(record);
        finishJob(job.serial);
        return;
    }
    if (job.worst == retry::Outcome::Retryable && record.attempts < std::max(1, m_policy.maxAttempts)) {
        const qint64 delay = retry::nextDelayMs(
            m_policy, record.attempts, QRandomGenerator::global()->generateDouble(), job.retryAfterMs);
        record.status = QStringLiteral("retrying");
        qCWarning(lcAlertsDelivery).noquote() << "attempt" << record.attempts << "to" << r.name << where
                                              << "failed:" << record.error << "- retrying in" << delay << "ms";
        emit recordChanged(record);
        const quint64 serial = job.serial;
        QTimer::singleShot(std::chrono::milliseconds(delay), this, [this, serial] { startAttempt(serial); });
        return;
    }
    record.status = QStringLiteral("failed");
    record.finishedAtMs = nowMs();
    qCWarning(lcAlertsDelivery).noquote() << "giving up on" << record.kind << "to" << r.name << where << "after"
                                          << record.attempts << "attempt(s):" << record.error;
    emit recordChanged(record);
    finishJob(job.serial);
}

void DeliveryService::finishJob(quint64 serial)
{
    const auto it = m_jobs.find(serial);
    if (it == m_jobs.end())
        return;
    const QString key = it->second->queueKey;
    m_jobs.erase(it);
    auto queue = m_queues.find(key);
    if (queue == m_queues.end())
        return;
    queue->removeOne(serial);
    if (queue->isEmpty()) {
        m_queues.erase(queue);
        return;
    }
    const quint64 next = queue->first();
    // Next of the same group, from the event loop (not inside this call chain).
    QTimer::singleShot(0, this, [this, next] { startAttempt(next); });
}

} // namespace opsdeck::alerts
