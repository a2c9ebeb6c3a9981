#pragma once

#include <QObject>
#include <QSslServer>
#include <QTcpServer>
#include <QTimer>

class QTcpSocket;

// Limits that QHttpServer 6.4 does not enforce: it buffers a whole request
// (header and body) in memory before routing and never times out a silent
// connection. A RequestGuard sits on each accepted socket, sees every byte
// before QHttpServer does (its readyRead slot is connected first), follows only
// the HTTP/1.1 framing (header end, Content-Length) and, when a limit is
// crossed, answers 414/431/413/411 itself, drops the buffered bytes and closes
// the connection, so an oversized request never reaches a route. It is not an
// HTTP parser and must never route, authenticate or answer a valid request.
namespace opsdeck::agent {

struct RequestLimits
{
    qsizetype maxRequestLineBytes = 8 * 1024;
    qsizetype maxHeaderBytes = 16 * 1024; // request line + header fields
    qsizetype maxBodyBytes = 64 * 1024;
    int idleTimeoutMs = 30'000;
    int maxConnections = 128;
};

class RequestGuard final : public QObject
{
    Q_OBJECT

public:
    // Parented to the socket, so it lives exactly as long as the connection.
    static RequestGuard* attach(QTcpSocket* socket, const RequestLimits& limits);
    // Answers with `status` and closes; QHttpServer never sees the request.
    void reject(int status, const QByteArray& reason);

Q_SIGNALS:
    void rejected(int status, const QByteArray& reason);

private:
    RequestGuard(QTcpSocket* socket, const RequestLimits& limits);
    void onReadyRead();
    bool consume(QByteArrayView data); // false once rejected
    bool finishHeader(QByteArrayView header);

    QTcpSocket* m_socket;
    RequestLimits m_limits;
    QTimer m_idle;
    QByteArray m_header; // bytes of the current request's header seen so far
    qint64 m_bodyRemaining = 0;
    bool m_inBody = false;
    bool m_rejected = false;
};

// Counts open connections and hands every accepted socket a RequestGuard
// before QHttpServer connects to it. Emits connectionRejected for the agent's
// self-metrics.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    explicit GuardedTcpServer(const RequestLimits& limits, QObject* parent = nullptr);
    QTcpSocket* nextPendingConnection() override;

Q_SIGNALS:
    void requestRejected(int status, const QByteArray& reason);

private:
    RequestLimits m_limits;
    int m_open = 0;
};

// The same for TLS (QSslServer, new in Qt 6.4).
class GuardedSslServer : public QSslServer
{
    Q_OBJECT

public:
    explicit GuardedSslServer(const RequestLimits& limits, QObject* parent = nullptr);
    QTcpSocket* nextPendingConnection() override;

Q_SIGNALS:
    void requestRejected(int status, const QByteArray& reason);

private:
    RequestLimits m_limits;
    int m_open = 0;
};

} // namespace opsdeck::agent
