#include "ScrapeConnection.h"

#include <QNetworkProxy>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

namespace opsdeck::scrape {

namespace {
constexpr qsizetype kMaxHeaderBytes = 64 * 1024;
constexpr qsizetype kMaxChunkLine = 1024;

bool headerIs(QByteArrayView name, QByteArrayView wanted)
{
    return name.compare(wanted, Qt::CaseInsensitive) == 0;
}
} // namespace

ScrapeConnection::ScrapeConnection(QObject* parent)
    : QObject(parent)
{ }

ScrapeConnection::~ScrapeConnection()
{
    if (m_socket) {
        // May run inside one of the socket's own signals (a callback that
        // deletes its request): let the event loop delete it.
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->setParent(nullptr);
        m_socket->deleteLater();
    }
}

void ScrapeConnection::setTarget(const QString& host, quint16 port, const QByteArray& request, qint64 maxBodyBytes)
{
    if (host != m_host || port != m_port)
        closeSocket();
    m_host = host;
    m_port = port;
    m_request = request;
    m_maxBody = maxBodyBytes;
}

void ScrapeConnection::get()
{
    m_buf.clear();
    m_body.clear();
    m_gotBytes = false;
    m_keepAlive = true;
    m_chunkLeft = -1;
    m_trailers = false;
    m_status = 0;
    m_reason.clear();
    m_contentType.clear();
    m_socketError = QAbstractSocket::UnknownSocketError;
    m_errorString.clear();
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
        if (m_socket->bytesAvailable() > 0) {
            // Bytes nobody asked for on an idle connection: start afresh.
            closeSocket();
        } else {
            m_reused = true;
            m_phase = Phase::Headers;
            m_socket->write(m_request);
            return;
        }
    }
    m_reused = false;
    connectSocket();
}

void ScrapeConnection::connectSocket()
{
    if (!m_socket) {
        m_socket = new QTcpSocket(this);
        m_socket->setProxy(QNetworkProxy::NoProxy); // as the QNAM path: no proxy from the environment
        connect(m_socket, &QTcpSocket::connected, this, &ScrapeConnection::onConnected);
        connect(m_socket, &QTcpSocket::readyRead, this, &ScrapeConnection::onReadyRead);
        connect(m_socket, &QTcpSocket::disconnected, this, &ScrapeConnection::onDisconnected);
        connect(m_socket, &QTcpSocket::errorOccurred, this, &ScrapeConnection::onError);
    }
    m_socket->abort();
    m_phase = Phase::Connecting;
    m_socket->connectToHost(m_host, m_port);
}

void ScrapeConnection::abort()
{
    m_phase = Phase::Idle;
    closeSocket();
}

void ScrapeConnection::closeSocket()
{
    if (m_socket)
        m_socket->abort();
}

void ScrapeConnection::onConnected()
{
    if (m_phase != Phase::Connecting)
        return;
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_phase = Phase::Headers;
    m_socket->write(m_request);
}

void ScrapeConnection::onReadyRead()
{
    if (m_phase != Phase::Headers && m_phase != Phase::Body) {
        if (m_phase != Phase::Connecting)
            closeSocket(); // unexpected bytes between requests
        return;
    }
    m_gotBytes = true;
    if (m_phase == Phase::Headers) {
        m_buf += m_socket->readAll();
        if (!parseHeaders())
            return; // more bytes needed, or finished
    }
    if (readBody())
        complete(Outcome::Ok);
}

bool ScrapeConnection::parseHeaders()
{
    for (;;) {
        const qsizetype end = m_buf.indexOf("\r\n\r\n");
        if (end < 0) {
            if (m_buf.size() > kMaxHeaderBytes)
                fail(QAbstractSocket::UnknownSocketError, tr("response headers too large"));
            return false;
        }
        const QByteArrayView head(m_buf.constData(), end);
        const qsizetype firstEol = head.indexOf("\r\n");
        const QByteArrayView statusLine = firstEol < 0 ? head : head.first(firstEol);
        // "HTTP/1.1 200 OK"
        if (statusLine.size() < 12 || !statusLine.startsWith("HTTP/1.") || statusLine[8] != ' '
            || (statusLine.size() > 12 && statusLine[12] != ' ')) {
            fail(QAbstractSocket::UnknownSocketError, tr("invalid HTTP response from the target"));
            return false;
        }
        bool ok = false;
        const int status = statusLine.sliced(9, 3).toInt(&ok);
        if (!ok || status < 100) {
            fail(QAbstractSocket::UnknownSocketError, tr("invalid HTTP response from the target"));
            return false;
        }
        const bool http10 = statusLine[7] == '0';
        m_status = status;
        m_reason = statusLine.size() > 13 ? statusLine.sliced(13).toByteArray() : QByteArray();

        bool chunked = false;
        bool haveLength = false;
        bool close = http10;
        bool encoded = false;
        bool location = false;
        qint64 length = 0;
        qsizetype pos = firstEol < 0 ? head.size() : firstEol + 2;
        while (pos < head.size()) {
            qsizetype eol = head.indexOf("\r\n", pos);
            if (eol < 0)
                eol = head.size();
            const QByteArrayView line = head.sliced(pos, eol - pos);
            pos = eol + 2;
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArrayView name = line.first(colon);
            const QByteArrayView value = line.sliced(colon + 1).trimmed();
            if (headerIs(name, "content-length")) {
                length = value.toLongLong(&ok);
                if (!ok || length < 0) {
                    fail(QAbstractSocket::UnknownSocketError, tr("invalid Content-Length in the response"));
                    return false;
                }
                haveLength = true;
            } else if (headerIs(name, "transfer-encoding")) {
                chunked = value.contains(QByteArrayView("chunked")) || value.contains(QByteArrayView("Chunked"));
                encoded = encoded || !chunked;
            } else if (headerIs(name, "connection")) {
                if (value.compare(QByteArrayView("close"), Qt::CaseInsensitive) == 0)
                    close = true;
                else if (value.compare(QByteArrayView("keep-alive"), Qt::CaseInsensitive) == 0)
                    close = false;
            } else if (headerIs(name, "content-type")) {
                m_contentType = value.toByteArray();
            } else if (headerIs(name, "content-encoding")) {
                encoded = encoded || value.compare(QByteArrayView("identity"), Qt::CaseInsensitive) != 0;
            } else if (headerIs(name, "location")) {
                location = true;
            }
        }
        if (status < 200) { // 100 Continue and friends: the real answer follows
            m_buf.remove(0, end + 4);
            continue;
        }
        m_keepAlive = !close;
        const bool redirect
            = location && (status == 301 || status == 302 || status == 303 || status == 307 || status == 308);
        if (redirect || encoded) {
            m_keepAlive = false;
            complete(Outcome::Unsupported);
            return false;
        }
        m_buf.remove(0, end + 4);
        if (chunked) {
            m_mode = BodyMode::Chunked;
        } else if (haveLength || status == 204 || status == 304) {
            m_mode = BodyMode::Length;
            m_length = haveLength ? length : 0;
            if (m_length > m_maxBody) {
                m_keepAlive = false;
                complete(Outcome::TooLarge);
                return false;
            }
            m_body = std::move(m_buf);
            m_buf = QByteArray();
            m_body.reserve(m_length);
        } else {
            m_mode = BodyMode::UntilClose;
            m_keepAlive = false;
            m_body = std::move(m_buf);
            m_buf = QByteArray();
        }
        m_phase = Phase::Body;
        return true;
    }
}

bool ScrapeConnection::readBody()
{
    switch (m_mode) {
    case BodyMode::Length: {
        const qint64 need = m_length - m_body.size();
        const qint64 available = m_socket->bytesAvailable();
        if (need > 0 && available > 0) {
            const qsizetype old = m_body.size();
            m_body.resize(old + qsizetype(std::min(need, available)));
            const qint64 got = m_socket->read(m_body.data() + old, m_body.size() - old);
            m_body.resize(old + qsizetype(std::max<qint64>(got, 0)));
        }
        if (m_body.size() > m_length) {
            m_body.truncate(m_length); // more than declared: do not trust the connection again
            m_keepAlive = false;
        }
        return m_body.size() >= m_length;
    }
    case BodyMode::Chunked:
        m_buf += m_socket->readAll();
        return decodeChunks();
    case BodyMode::UntilClose:
        m_body += m_socket->readAll();
        if (m_body.size() > m_maxBody)
            complete(Outcome::TooLarge); // nothing after this: the receiver may have deleted us
        return false; // complete when the target closes
    }
    return false;
}

bool ScrapeConnection::decodeChunks()
{
    qsizetype pos = 0;
    bool done = false;
    while (!done) {
        if (m_trailers) {
            const qsizetype eol = m_buf.indexOf("\r\n", pos);
            if (eol < 0)
                break;
            done = eol == pos; // the empty line after the trailers
            pos = eol + 2;
            continue;
        }
        if (m_chunkLeft < 0) {
            const qsizetype eol = m_buf.indexOf("\r\n", pos);
            if (eol < 0) {
                if (m_buf.size() - pos > kMaxChunkLine) {
                    fail(QAbstractSocket::UnknownSocketError, tr("invalid chunked encoding"));
                    return false;
                }
                break;
            }
            QByteArrayView sizeText(m_buf.constData() + pos, eol - pos);
            if (const qsizetype semi = sizeText.indexOf(';'); semi >= 0)
                sizeText = sizeText.first(semi); // chunk extensions
            bool ok = false;
            const qint64 size = sizeText.trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0) {
                fail(QAbstractSocket::UnknownSocketError, tr("invalid chunked encoding"));
                return false;
            }
            pos = eol + 2;
            if (size == 0) {
                m_trailers = true;
                continue;
            }
            if (m_body.size() + size > m_maxBody) {
                m_keepAlive = false;
                complete(Outcome::TooLarge);
                return false;
            }
            m_chunkLeft = size;
            continue;
        }
        if (m_chunkLeft > 0) {
            const qsizetype take = qsizetype(std::min<qint64>(m_chunkLeft, m_buf.size() - pos));
            m_body.append(m_buf.constData() + pos, take);
            pos += take;
            m_chunkLeft -= take;
            if (m_chunkLeft > 0)
                break;
        }
        // The CRLF after a chunk's data.
        if (m_buf.size() - pos < 2)
            break;
        if (m_buf[pos] != '\r' || m_buf[pos + 1] != '\n') {
            fail(QAbstractSocket::UnknownSocketError, tr("invalid chunked encoding"));
            return false;
        }
        pos += 2;
        m_chunkLeft = -1;
    }
    m_buf.remove(0, pos);
    if (done && !m_buf.isEmpty())
        m_keepAlive = false; // bytes after the answer
    return done;
}

void ScrapeConnection::onDisconnected()
{
    if (m_phase == Phase::Body && m_mode == BodyMode::UntilClose) {
        m_body += m_socket->readAll();
        if (m_body.size() > m_maxBody)
            complete(Outcome::TooLarge);
        else
            complete(Outcome::Ok);
        return;
    }
    if (m_phase == Phase::Headers && m_reused && !m_gotBytes) {
        // The target closed a kept-alive connection as we reused it: once
        // more on a new one, from the event loop rather than inside this signal.
        m_reused = false;
        m_phase = Phase::Connecting;
        QTimer::singleShot(0, this, [this]() {
            if (m_phase == Phase::Connecting)
                connectSocket();
        });
        return;
    }
    if (m_phase == Phase::Connecting || m_phase == Phase::Headers || m_phase == Phase::Body)
        fail(QAbstractSocket::RemoteHostClosedError, m_socket->errorString());
}

void ScrapeConnection::onError(QAbstractSocket::SocketError error)
{
    if (error == QAbstractSocket::RemoteHostClosedError && m_socket->state() != QAbstractSocket::UnconnectedState)
        return; // disconnected() follows
    if (m_phase != Phase::Connecting && m_phase != Phase::Headers && m_phase != Phase::Body)
        return;
    if (error == QAbstractSocket::RemoteHostClosedError) {
        onDisconnected();
        return;
    }
    fail(error, m_socket->errorString());
}

void ScrapeConnection::fail(QAbstractSocket::SocketError error, const QString& text)
{
    m_socketError = error;
    m_errorString = text;
    m_keepAlive = false;
    complete(Outcome::Failed);
}

void ScrapeConnection::complete(Outcome outcome)
{
    if (m_phase == Phase::Done || m_phase == Phase::Idle)
        return;
    m_phase = Phase::Done;
    m_outcome = outcome;
    if (!m_keepAlive || outcome != Outcome::Ok)
        closeSocket();
    emit finished(); // last: the receiver may delete this
}

} // namespace opsdeck::scrape
