#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

// Controlled scrape targets for tests (not mocks: real HTTP on loopback).
//
// FixtureTarget: QHttpServer on 127.0.0.1:<free port> serving `body` on
// /metrics with `status`, optionally requiring a bearer token. Counts requests.
class FixtureTarget
{
public:
    FixtureTarget()
    {
        m_server.route(QStringLiteral("/metrics"), [this](const QHttpServerRequest& req) {
            ++requests;
            if (!token.isEmpty() && req.value("Authorization") != "Bearer " + token)
                return QHttpServerResponse(QHttpServerResponder::StatusCode::Unauthorized);
            QHttpServerResponse response(contentType, body, status);
            return response;
        });
        m_port = m_server.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_port; }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(m_port)); }

    QByteArray body;
    QByteArray contentType = "text/plain; version=0.0.4; charset=utf-8";
    QHttpServerResponder::StatusCode status = QHttpServerResponder::StatusCode::Ok;
    QByteArray token;
    int requests = 0;

private:
    QHttpServer m_server;
    quint16 m_port = 0;
};

// SilentTarget: accepts connections and never answers (a hung exporter).
class SilentTarget
{
public:
    SilentTarget()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this]() {
            while (QTcpSocket* s = m_server.nextPendingConnection())
                m_sockets.append(s); // kept open, never read or written
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(m_server.serverPort())); }

private:
    QTcpServer m_server;
    QList<QTcpSocket*> m_sockets;
};

// TricklingTarget: answers 200 at once, then sends its body a few bytes every
// 50 ms and never finishes (an exporter stuck mid-write).
class TricklingTarget
{
public:
    TricklingTarget()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this]() {
            while (QTcpSocket* s = m_server.nextPendingConnection()) {
                m_sockets.append(s);
                QObject::connect(s, &QTcpSocket::readyRead, s, [s]() {
                    s->readAll();
                    s->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000000\r\n\r\n");
                });
            }
        });
        m_timer.setInterval(50);
        QObject::connect(&m_timer, &QTimer::timeout, &m_server, [this]() {
            for (QTcpSocket* s : std::as_const(m_sockets)) {
                if (s->state() == QAbstractSocket::ConnectedState)
                    s->write("# still here\n");
            }
        });
        m_timer.start();
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(m_server.serverPort())); }

private:
    QTcpServer m_server;
    QTimer m_timer;
    QList<QTcpSocket*> m_sockets;
};

// A loopback port with nothing listening (bound once, then released).
inline quint16 closedPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    const quint16 port = s.serverPort();
    s.close();
    return port;
}
