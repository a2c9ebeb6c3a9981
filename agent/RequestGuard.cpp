#include "RequestGuard.h"

#include <QLoggingCategory>
#include <QTcpSocket>

Q_DECLARE_LOGGING_CATEGORY(lcAgent)

namespace opsdeck::agent {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 414:
        return "URI Too Long";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    default:
        return "Bad Request";
    }
}

// Common part of both servers: cap open connections, attach a guard.
template <typename Server>
QTcpSocket* guardNext(Server* server, QTcpSocket* socket, const RequestLimits& limits, int& open)
{
    if (!socket)
        return nullptr;
    RequestGuard* guard = RequestGuard::attach(socket, limits);
    QObject::connect(guard, &RequestGuard::rejected, server, &Server::requestRejected);
    ++open;
    QObject::connect(socket, &QObject::destroyed, server, [&open] { --open; });
    if (open > limits.maxConnections)
        guard->reject(503, "too many connections");
    return socket;
}

} // namespace

RequestGuard* RequestGuard::attach(QTcpSocket* socket, const RequestLimits& limits)
{
    return new RequestGuard(socket, limits);
}

RequestGuard::RequestGuard(QTcpSocket* socket, const RequestLimits& limits)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
{
    // Bounds what one read can pile up while QHttpServer holds its transaction.
    socket->setReadBufferSize(limits.maxHeaderBytes + limits.maxBodyBytes + 64 * 1024);
    connect(socket, &QTcpSocket::readyRead, this, &RequestGuard::onReadyRead);
    connect(socket, &QTcpSocket::bytesWritten, this, [this] { m_idle.start(); });
    m_idle.setSingleShot(true);
    m_idle.setInterval(limits.idleTimeoutMs);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        qCDebug(lcAgent) << "closing idle connection from" << m_socket->peerAddress().toString();
        m_socket->abort();
    });
    m_idle.start();
}

void RequestGuard::onReadyRead()
{
    if (m_rejected) {
        m_socket->readAll(); // keep QHttpServer from ever seeing it
        return;
    }
    m_idle.start();
    const QByteArray data = m_socket->peek(m_socket->bytesAvailable());
    if (!consume(data))
        m_socket->readAll();
}

bool RequestGuard::consume(QByteArrayView data)
{
    qsizetype pos = 0;
    while (pos < data.size()) {
        if (m_inBody) {
            const qint64 take = qMin<qint64>(m_bodyRemaining, data.size() - pos);
            m_bodyRemaining -= take;
            pos += take;
            if (m_bodyRemaining == 0)
                m_inBody = false;
            continue;
        }
        // Header: collect up to the blank line, never more than the limit (+3
        // so a terminator split across reads is still found).
        const qsizetype searchFrom = qMax<qsizetype>(0, m_header.size() - 3);
        const qsizetype room = m_limits.maxHeaderBytes + 4 - m_header.size();
        const qsizetype take = qMin(room, data.size() - pos);
        m_header.append(data.sliced(pos, take));
        const qsizetype end = m_header.indexOf("\r\n\r\n", searchFrom);
        if (end < 0) {
            pos += take;
            const qsizetype lineEnd = m_header.indexOf('\n');
            if ((lineEnd < 0 ? m_header.size() : lineEnd) > m_limits.maxRequestLineBytes) {
                reject(414, "request line too long");
                return false;
            }
            if (m_header.size() > m_limits.maxHeaderBytes) {
                reject(431, "request header too large");
                return false;
            }
            continue;
        }
        const qsizetype headerBytes = end + 4;
        pos += headerBytes - (m_header.size() - take);
        const QByteArray header = m_header.first(headerBytes);
        m_header.clear();
        if (!finishHeader(header))
            return false;
    }
    return true;
}

bool RequestGuard::finishHeader(QByteArrayView header)
{
    const qsizetype lineEnd = header.indexOf('\n');
    if (lineEnd > m_limits.maxRequestLineBytes) {
        reject(414, "request line too long");
        return false;
    }
    if (header.size() > m_limits.maxHeaderBytes) {
        reject(431, "request header too large");
        return false;
    }
    qint64 contentLength = 0;
    qsizetype start = lineEnd + 1;
    while (start < header.size()) {
        qsizetype end = header.indexOf('\n', start);
        if (end < 0)
            end = header.size();
        const QByteArrayView line = header.sliced(start, end - start).trimmed();
        start = end + 1;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.first(colon).trimmed().toByteArray().toLower();
        const QByteArrayView value = line.sliced(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            contentLength = value.toLongLong(&ok);
            if (!ok || contentLength < 0) {
                reject(400, "bad Content-Length");
                return false;
            }
        } else if (name == "transfer-encoding" && value.toByteArray().toLower().contains("chunked")) {
            // No agent endpoint takes a body; a chunked one cannot be bounded up front.
            reject(411, "chunked request bodies are not accepted");
            return false;
        }
    }
    if (contentLength > m_limits.maxBodyBytes) {
        reject(413, "request body too large");
        return false;
    }
    m_bodyRemaining = contentLength;
    m_inBody = contentLength > 0;
    return true;
}

void RequestGuard::reject(int status, const QByteArray& reason)
{
    if (m_rejected)
        return;
    m_rejected = true;
    qCInfo(lcAgent, "rejecting request from %s: %d %s", qPrintable(m_socket->peerAddress().toString()), status,
        reason.constData());
    const QByteArray body = reason + '\n';
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
        + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n\r\n" + body);
    m_socket->disconnectFromHost();
    Q_EMIT rejected(status, reason);
}

GuardedTcpServer::GuardedTcpServer(const RequestLimits& limits, QObject* parent)
    : QTcpServer(parent)
    , m_limits(limits)
{ }

QTcpSocket* GuardedTcpServer::nextPendingConnection()
{
    return guardNext(this, QTcpServer::nextPendingConnection(), m_limits, m_open);
}

GuardedSslServer::GuardedSslServer(const RequestLimits& limits, QObject* parent)
    : QSslServer(parent)
    , m_limits(limits)
{ }

QTcpSocket* GuardedSslServer::nextPendingConnection()
{
    return guardNext(this, QSslServer::nextPendingConnection(), m_limits, m_open);
}

} // namespace opsdeck::agent
