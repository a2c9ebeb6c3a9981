#include "profiler/NetworkProbe.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

#include <algorithm>

namespace opsdeck::profiler {

Q_LOGGING_CATEGORY(lcProbe, "opsdeck.profiler.probe")

namespace {

// Enough for a status line and headers; a probe reads /healthz, not a download.
constexpr qsizetype kMaxResponseBytes = 4 * 1024 * 1024;

} // namespace

NetworkProbe::NetworkProbe(QObject* parent)
    : QObject(parent)
    , m_timeout(new QTimer(this))
{
    qRegisterMetaType<ProbeResult>();
    m_timeout->setSingleShot(true);
    connect(m_timeout, &QTimer::timeout, this, [this] { onTimeout(); });
}

NetworkProbe::~NetworkProbe()
{
    abort();
}

const QStringList& NetworkProbe::phaseNames()
{
    static const QStringList names { QStringLiteral("resolve"), QStringLiteral("connect"), QStringLiteral("tls"),
        QStringLiteral("processing"), QStringLiteral("transfer") };
    return names;
}

double NetworkProbe::phase(const ProbePhases& p, int index)
{
    switch (index) {
    case 0:
        return p.resolve;
    case 1:
        return p.connect;
    case 2:
        return p.tls;
    case 3:
        return p.processing;
    case 4:
        return p.transfer;
    default:
        return 0;
    }
}

std::optional<ProbeRequest> NetworkProbe::parseTarget(const QString& text, int timeoutMs, QString* error)
{
    const QString t = text.trimmed();
    ProbeRequest r;
    r.timeoutMs = timeoutMs;
    if (t.startsWith(QLatin1String("http://")) || t.startsWith(QLatin1String("https://"))) {
        r.url = QUrl(t, QUrl::StrictMode);
        if (!r.url.isValid() || r.url.host().isEmpty()) {
            if (error)
                *error = tr("\"%1\" is not a valid http(s) URL").arg(t);
            return std::nullopt;
        }
        if (r.url.path().isEmpty())
            r.url.setPath(QStringLiteral("/healthz"));
        return r;
    }
    static const QRegularExpression hostPort(
        QStringLiteral("^(\\[[0-9a-fA-F:.]+\\]|[^\\s:/\\[\\]]+):(\\d{1,5})$"));
    const QRegularExpressionMatch m = hostPort.match(t);
    const int port = m.hasMatch() ? m.captured(2).toInt() : 0;
    if (!m.hasMatch() || port < 1 || port > 65535) {
        if (error)
            *error = tr("\"%1\" is neither an http(s) URL nor host:port").arg(t);
        return std::nullopt;
    }
    QString host = m.captured(1);
    if (host.startsWith(QLatin1Char('[')))
        host = host.mid(1, host.size() - 2);
    r.url.setScheme(QStringLiteral("tcp"));
    r.url.setHost(host);
    r.url.setPort(port);
    r.tcpOnly = true;
    return r;
}

double NetworkProbe::lap()
{
    const qint64 now = m_clock.nsecsElapsed();
    const double seconds = double(now - m_lapNs) / 1e9;
    m_lapNs = now;
    return seconds;
}

QString NetworkProbe::stageName() const
{
    return phaseNames().at(int(m_stage));
}

void NetworkProbe::probe(const ProbeRequest& request)
{
    abort();
    m_request = request;
    m_result = ProbeResult {};
    m_result.tcpOnly = request.tcpOnly;
    m_result.target = request.tcpOnly
        ? (request.url.host().contains(QLatin1Char(':')) ? QStringLiteral("[%1]:%2") : QStringLiteral("%1:%2"))
              .arg(request.url.host())
              .arg(request.url.port())
        : request.url.toString();
    m_response.clear();
    m_headerEnd = -1;
    m_contentLength = -1;
    m_chunked = false;
    m_running = true;
    m_stage = Stage::Resolve;
    m_clock.start();
    m_lapNs = 0;
    m_timeout->start(std::max(1, request.timeoutMs));

    const QString host = request.url.host();
    QHostAddress literal;
    if (literal.setAddress(host)) {
        m_result.phases.resolve = lap();
        connectTo(literal.toString());
        return;
    }
    m_lookupId = QHostInfo::lookupHost(host, this, [this](const QHostInfo& info) {
        m_lookupId = -1;
        if (!m_running)
            return;
        m_result.phases.resolve = lap();
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            finish(false, tr("cannot resolve %1: %2").arg(m_request.url.host(), info.errorString()));
            return;
        }
        // The first address, as a client would use; IPv4 first when both exist (blackbox: ip4 preferred).
        QHostAddress chosen = info.addresses().constFirst();
        for (const QHostAddress& a : info.addresses()) {
            if (a.protocol() == QAbstractSocket::IPv4Protocol) {
                chosen = a;
                break;
            }
        }
        connectTo(chosen.toString());
    });
}

void NetworkProbe::connectTo(const QString& address)
{
    m_stage = Stage::Connect;
    m_socket = new QSslSocket(this);
    const bool https = m_request.url.scheme() == QLatin1String("https");
    connect(m_socket, &QAbstractSocket::connected, this, [this] { onConnected(); });
    connect(m_socket, &QSslSocket::encrypted, this, [this] { onEncrypted(); });
    connect(m_socket, &QIODevice::readyRead, this, [this] { onReadyRead(); });
    connect(m_socket, &QAbstractSocket::disconnected, this, [this] { onDisconnected(); });
    connect(m_socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) { onError(); });
    connect(m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError>& errors) {
        if (m_request.tlsInsecure) {
            m_socket->ignoreSslErrors();
            return;
        }
        QStringList texts;
        for (const QSslError& e : errors)
            texts << e.errorString();
        finish(false, tr("TLS: %1").arg(texts.join(QLatin1String("; "))));
    });
    if (https) {
        if (!QSslSocket::supportsSsl()) {
            finish(false, tr("TLS is not available in this build"));
            return;
        }
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        if (!m_request.tlsCaFile.isEmpty())
            tls.setCaCertificates(QSslCertificate::fromPath(m_request.tlsCaFile, QSsl::Pem));
        if (m_request.tlsInsecure)
            tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_socket->setSslConfiguration(tls);
        m_socket->setPeerVerifyName(m_request.url.host());
    }
    m_socket->connectToHost(QHostAddress(address), quint16(m_request.url.port(https ? 443 : 80)));
}

void NetworkProbe::onConnected()
{
    if (!m_running)
        return;
    m_result.phases.connect = lap();
    if (m_request.tcpOnly) {
        finish(true, QString());
        return;
    }
    if (m_request.url.scheme() == QLatin1String("https")) {
        m_stage = Stage::Tls;
        m_socket->startClientEncryption();
        return;
    }
    sendRequest();
}

void NetworkProbe::onEncrypted()
{
    if (!m_running)
        return;
    m_result.phases.tls = lap();
    sendRequest();
}

void NetworkProbe::sendRequest()
{
    m_stage = Stage::Processing;
    const QUrl& u = m_request.url;
    const bool https = u.scheme() == QLatin1String("https");
    const int port = u.port(https ? 443 : 80);
    QByteArray host = u.host(QUrl::FullyEncoded).toUtf8();
    if (host.contains(':'))
        host = '[' + host + ']';
    if (port != (https ? 443 : 80))
        host += ':' + QByteArray::number(port);
    QByteArray path = u.path(QUrl::FullyEncoded).toUtf8();
    if (path.isEmpty())
        path = "/";
    if (u.hasQuery())
        path += '?' + u.query(QUrl::FullyEncoded).toUtf8();
    QByteArray request = "GET " + path + " HTTP/1.1\r\nHost: " + host
        + "\r\nUser-Agent: opsdeck-probe\r\nAccept: */*\r\nConnection: close\r\n";
    if (!m_request.bearerToken.isEmpty())
        request += "Authorization: Bearer " + m_request.bearerToken.toUtf8() + "\r\n";
    request += "\r\n";
    // Processing runs from here (blackbox: WroteRequest) to the first byte; the
    // few microseconds until Qt hands the bytes to the kernel count to it.
    lap();
    m_socket->write(request);
}

void NetworkProbe::onReadyRead()
{
    if (!m_running || m_stage == Stage::Connect || m_stage == Stage::Tls)
        return;
    const QByteArray bytes = m_socket->readAll();
    if (bytes.isEmpty())
        return;
    if (m_stage == Stage::Processing) {
        m_result.phases.processing = lap();
        m_stage = Stage::Transfer;
    }
    m_response += bytes;
    if (m_response.size() > kMaxResponseBytes) {
        finish(false, tr("the answer exceeds %1 MiB").arg(kMaxResponseBytes / (1024 * 1024)));
        return;
    }
    if (m_headerEnd < 0) {
        const qsizetype end = m_response.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        m_headerEnd = end + 4;
        const QList<QByteArray> lines = m_response.left(end).split('\n');
        const QList<QByteArray> status = lines.value(0).trimmed().split(' ');
        bool ok = false;
        m_result.statusCode = status.size() >= 2 && status.at(0).startsWith("HTTP/") ? status.at(1).toInt(&ok) : 0;
        if (!ok) {
            finish(false, tr("not an HTTP answer"));
            return;
        }
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length")
                m_contentLength = value.toLongLong();
            else if (name == "transfer-encoding" && value.toLower().contains("chunked"))
                m_chunked = true;
        }
    }
    if (responseComplete()) {
        m_result.phases.transfer = lap();
        const bool ok = m_result.statusCode >= 200 && m_result.statusCode < 300;
        finish(ok, ok ? QString() : tr("HTTP status %1").arg(m_result.statusCode));
    }
}

bool NetworkProbe::responseComplete() const
{
    if (m_headerEnd < 0)
        return false;
    const qint64 body = m_response.size() - m_headerEnd;
    if (m_result.statusCode == 204 || m_result.statusCode == 304
        || (m_result.statusCode >= 100 && m_result.statusCode < 200))
        return true;
    if (m_chunked)
        return m_response.endsWith("\r\n0\r\n\r\n") || (body == 5 && m_response.endsWith("0\r\n\r\n"));
    if (m_contentLength >= 0)
        return body >= m_contentLength;
    return false; // until the server closes
}

void NetworkProbe::onDisconnected()
{
    if (!m_running)
        return;
    if (m_stage == Stage::Transfer && m_headerEnd >= 0) {
        // Connection: close without a length: the close ends the body.
        m_result.phases.transfer = lap();
        const bool ok = m_result.statusCode >= 200 && m_result.statusCode < 300;
        finish(ok, ok ? QString() : tr("HTTP status %1").arg(m_result.statusCode));
        return;
    }
    finish(false, tr("the connection closed during %1").arg(stageName()));
}

void NetworkProbe::onError()
{
    if (!m_running || !m_socket)
        return;
    if (m_socket->error() == QAbstractSocket::RemoteHostClosedError) {
        onDisconnected();
        return;
    }
    if (m_socket->error() == QAbstractSocket::SslHandshakeFailedError && m_stage != Stage::Tls)
        return;
    if (m_stage == Stage::Connect)
        m_result.phases.connect = lap();
    finish(false, tr("%1 failed: %2").arg(stageName(), m_socket->errorString()));
}

void NetworkProbe::onTimeout()
{
    if (!m_running)
        return;
    finish(false, tr("timed out after %1 ms during %2").arg(m_request.timeoutMs).arg(stageName()));
}

void NetworkProbe::finish(bool ok, const QString& error)
{
    if (!m_running)
        return;
    m_running = false;
    m_timeout->stop();
    m_result.ok = ok;
    m_result.error = error;
    m_result.totalSeconds = double(m_clock.nsecsElapsed()) / 1e9;
    if (m_lookupId >= 0) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    }
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    if (!ok)
        qCDebug(lcProbe) << m_result.target << error;
    const ProbeResult result = m_result;
    Q_EMIT finished(result);
}

void NetworkProbe::abort()
{
    if (!m_running)
        return;
    m_running = false;
    m_timeout->stop();
    if (m_lookupId >= 0) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    }
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
}

} // namespace opsdeck::profiler
