#include "ScrapeRequest.h"

#include "ScrapeConnection.h"
#include "ScrapeLog.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>

namespace opsdeck::scrape {

namespace {

QString describeNetworkError(QNetworkReply* reply, const ScrapeTarget& target, ScrapeFailure* kind)
{
    *kind = ScrapeFailure::Connection;
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return ScrapeRequest::tr("connection refused");
    case QNetworkReply::RemoteHostClosedError:
        return ScrapeRequest::tr("connection closed by the target before it answered");
    case QNetworkReply::HostNotFoundError:
        return ScrapeRequest::tr("host not found: %1").arg(target.url.host());
    case QNetworkReply::TimeoutError:
        *kind = ScrapeFailure::Timeout;
        return ScrapeRequest::tr("timeout after %1 ms").arg(target.timeoutMs);
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::BackgroundRequestNotAllowedError:
        return ScrapeRequest::tr("network unavailable");
    case QNetworkReply::SslHandshakeFailedError:
        *kind = ScrapeFailure::Tls;
        return ScrapeRequest::tr("TLS handshake failed (%1) — check the CA file or the insecure setting")
            .arg(reply->errorString());
    case QNetworkReply::TooManyRedirectsError:
        return ScrapeRequest::tr("too many redirects");
    case QNetworkReply::InsecureRedirectError:
        return ScrapeRequest::tr("refused a redirect from https to http");
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
        return ScrapeRequest::tr("proxy error: %1").arg(reply->errorString());
    default:
        return reply->errorString();
    }
}

QString describeSocketError(const ScrapeConnection& c, const ScrapeTarget& target)
{
    switch (c.socketError()) {
    case QAbstractSocket::ConnectionRefusedError:
        return ScrapeRequest::tr("connection refused");
    case QAbstractSocket::RemoteHostClosedError:
        return ScrapeRequest::tr("connection closed by the target before it answered");
    case QAbstractSocket::HostNotFoundError:
        return ScrapeRequest::tr("host not found: %1").arg(target.url.host());
    case QAbstractSocket::NetworkError:
        return ScrapeRequest::tr("network unavailable");
    default:
        return c.errorString();
    }
}

// The request line and headers ScrapeConnection sends, the same as the QNAM
// path sends minus Accept-Encoding (no compression on the lean path).
QByteArray rawRequest(const QNetworkRequest& request, const QUrl& url)
{
    QByteArray path = url.path(QUrl::FullyEncoded).toLatin1();
    if (path.isEmpty())
        path = "/";
    if (url.hasQuery())
        path += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    if (url.port() != -1)
        host += ':' + QByteArray::number(url.port());
    QByteArray out = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n";
    for (const QByteArray& name : request.rawHeaderList())
        out += name + ": " + request.rawHeader(name) + "\r\n";
    out += "Connection: keep-alive\r\n\r\n";
    return out;
}

} // namespace

ScrapeRequest::ScrapeRequest(QNetworkAccessManager* nam, QObject* parent)
    : QObject(parent)
    , m_nam(nam)
{
    m_timeout.setSingleShot(true);
    m_timeout.setTimerType(Qt::PreciseTimer);
    connect(&m_timeout, &QTimer::timeout, this, &ScrapeRequest::onTimeout);
}

ScrapeRequest::~ScrapeRequest()
{
    abort();
}

void ScrapeRequest::setTarget(const ScrapeTarget& target)
{
    m_target = target;
    m_setupError = target.validate();

    QNetworkRequest request(target.url);
    request.setRawHeader("Accept", kScrapeAcceptHeader);
    request.setRawHeader("User-Agent", QByteArrayLiteral("OpsDeck/" OPSDECK_VERSION));
    // As Prometheus does, so exporters that do expensive work can bound it.
    request.setRawHeader("X-Prometheus-Scrape-Timeout-Seconds", QByteArray::number(target.timeoutMs / 1000.0));
    if (!target.bearerToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + target.bearerToken.trimmed().toUtf8());
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    // Prometheus follows redirects by default; never from https down to http.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);

    if (target.url.scheme() == QLatin1String("https")) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        if (!target.tlsCaFile.isEmpty()) {
            const QList<QSslCertificate> cas = QSslCertificate::fromPath(target.tlsCaFile, QSsl::Pem);
            if (cas.isEmpty() && m_setupError.isEmpty())
                m_setupError = tr("cannot read a PEM certificate from CA file %1").arg(target.tlsCaFile);
            tls.setCaCertificates(cas);
        }
        if (target.tlsInsecure)
            tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        request.setSslConfiguration(tls);
    }
    m_request = request;

    const bool direct = m_setupError.isEmpty() && target.url.scheme() == QLatin1String("http")
        && target.url.userInfo().isEmpty() && !target.url.host().isEmpty();
    if (direct && !m_connection) {
        m_connection = new ScrapeConnection(this);
        connect(m_connection, &ScrapeConnection::finished, this, &ScrapeRequest::onConnectionFinished);
    } else if (!direct && m_connection) {
        delete m_connection;
        m_connection = nullptr;
    }
    if (m_connection) {
        m_connection->setTarget(target.url.host(), quint16(target.url.port(80)), rawRequest(request, target.url),
            m_limits.maxBodyBytes);
    }
}

void ScrapeRequest::start(Callback done)
{
    if (m_reply)
        return;
    m_done = std::move(done);
    m_timedOut = false;
    m_tooLarge = false;
    m_elapsed.start();

    if (!m_setupError.isEmpty()) {
        ScrapeResult result;
        result.failure = ScrapeFailure::InvalidTarget;
        result.error = m_setupError;
        // Report asynchronously, like a network answer, so callers see one behaviour.
        QTimer::singleShot(0, this, [this, result]() mutable { finish(std::move(result)); });
        return;
    }

    // A total deadline, not QNetworkRequest::setTransferTimeout: that one only
    // fires when no bytes move, so a target trickling its body would never time out.
    m_timeout.start(m_target.timeoutMs);
    if (m_connection) {
        m_direct = true;
        m_connection->setTarget(m_target.url.host(), quint16(m_target.url.port(80)),
            rawRequest(m_request, m_target.url), m_limits.maxBodyBytes);
        m_connection->get();
        return;
    }
    startNetworkAccess();
}

void ScrapeRequest::startNetworkAccess()
{
    m_reply = m_nam->get(m_request);
    connect(m_reply, &QNetworkReply::readyRead, this, &ScrapeRequest::onReadyRead);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &ScrapeRequest::onMetaDataChanged);
    connect(m_reply, &QNetworkReply::finished, this, &ScrapeRequest::onFinished);
}

void ScrapeRequest::onConnectionFinished()
{
    if (!m_direct)
        return;
    m_direct = false;
    if (m_connection->outcome() == ScrapeConnection::Outcome::Unsupported) {
        // A redirect or a compressed answer: QNAM handles those, within the same deadline.
        startNetworkAccess();
        return;
    }
    m_timeout.stop();
    ScrapeResult result;
    result.durationSeconds = m_elapsed.nsecsElapsed() / 1e9;
    result.httpStatus = m_connection->status();
    result.contentType = m_connection->contentType();
    switch (m_connection->outcome()) {
    case ScrapeConnection::Outcome::TooLarge:
        result.failure = ScrapeFailure::BodyTooLarge;
        result.error = tr("response body exceeds the limit of %1 bytes").arg(m_limits.maxBodyBytes);
        break;
    case ScrapeConnection::Outcome::Failed:
        result.httpStatus = 0;
        result.failure = ScrapeFailure::Connection;
        result.error = describeSocketError(*m_connection, m_target);
        break;
    case ScrapeConnection::Outcome::Ok:
    case ScrapeConnection::Outcome::Unsupported:
        if (result.httpStatus < 200 || result.httpStatus > 299) {
            result.failure = ScrapeFailure::Http;
            result.error = describeHttpStatus(result.httpStatus, m_connection->reasonPhrase());
        } else {
            completeWithBody(result, m_connection->takeBody());
        }
        break;
    }
    if (!result.ok())
        qCDebug(lcScrape) << "scrape of" << m_target.url.toDisplayString() << "failed:" << result.error;
    finish(std::move(result));
}

void ScrapeRequest::abort()
{
    m_timeout.stop();
    m_done = nullptr;
    if (m_direct) {
        m_direct = false;
        m_connection->abort();
    }
    if (QNetworkReply* reply = m_reply) {
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

bool ScrapeRequest::exceedsLimit(qint64 bytes)
{
    if (bytes <= m_limits.maxBodyBytes)
        return false;
    m_tooLarge = true;
    if (m_reply)
        m_reply->abort(); // emits finished synchronously
    return true;
}

void ScrapeRequest::onMetaDataChanged()
{
    // A declared length over the limit fails before any byte is read. The
    // limit applies to the decompressed body; a compressed length over it
    // means the decompressed body is over it too.
    const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
    if (length.isValid())
        exceedsLimit(length.toLongLong());
}

void ScrapeRequest::onReadyRead()
{
    // QNAM decompresses gzip itself; bytesAvailable counts decompressed bytes.
    exceedsLimit(m_reply->bytesAvailable());
}

void ScrapeRequest::onTimeout()
{
    m_timedOut = true;
    if (m_direct) {
        m_direct = false;
        m_connection->abort();
        ScrapeResult result;
        result.durationSeconds = m_elapsed.nsecsElapsed() / 1e9;
        result.failure = ScrapeFailure::Timeout;
        result.error = tr("timeout after %1 ms").arg(m_target.timeoutMs);
        qCDebug(lcScrape) << "scrape of" << m_target.url.toDisplayString() << "failed:" << result.error;
        finish(std::move(result));
        return;
    }
    if (m_reply)
        m_reply->abort(); // emits finished synchronously
}

void ScrapeRequest::onFinished()
{
    QNetworkReply* reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    m_timeout.stop();
    reply->disconnect(this);
    reply->deleteLater();

    ScrapeResult result;
    result.durationSeconds = m_elapsed.nsecsElapsed() / 1e9;
    result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.contentType = reply->rawHeader("Content-Type");

    if (m_timedOut) {
        result.failure = ScrapeFailure::Timeout;
        result.error = tr("timeout after %1 ms").arg(m_target.timeoutMs);
    } else if (m_tooLarge) {
        result.failure = ScrapeFailure::BodyTooLarge;
        result.error = tr("response body exceeds the limit of %1 bytes").arg(m_limits.maxBodyBytes);
    } else if (result.httpStatus != 0 && (result.httpStatus < 200 || result.httpStatus > 299)) {
        result.failure = ScrapeFailure::Http;
        result.error = describeHttpStatus(
            result.httpStatus, reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray());
    } else if (reply->error() != QNetworkReply::NoError) {
        result.error = describeNetworkError(reply, m_target, &result.failure);
    } else {
        completeWithBody(result, reply->readAll());
    }
    if (!result.ok())
        qCDebug(lcScrape) << "scrape of" << m_target.url.toDisplayString() << "failed:" << result.error;
    finish(std::move(result));
}

void ScrapeRequest::completeWithBody(ScrapeResult& result, QByteArray&& body)
{
    result.bodyBytes = body.size();
    if (body.size() > m_limits.maxBodyBytes) {
        m_tooLarge = true;
        result.failure = ScrapeFailure::BodyTooLarge;
        result.error = tr("response body exceeds the limit of %1 bytes").arg(m_limits.maxBodyBytes);
    } else if (m_deferParse) {
        result.body = std::move(body);
    } else {
        result.parsed = metrics::ExpositionParser::parse(
            body, metrics::ExpositionFormat::Auto, m_limits, result.contentType);
        if (!result.parsed.ok) {
            result.failure = ScrapeFailure::Parse;
            result.error = describeParseError(result.parsed.error);
        }
    }
}

void ScrapeRequest::finish(ScrapeResult&& result)
{
    Callback done = std::move(m_done);
    m_done = nullptr;
    if (done)
        done(std::move(result)); // last: the callback may delete this request
}

} // namespace opsdeck::scrape
