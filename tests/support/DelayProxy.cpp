#include "DelayProxy.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <deque>
#include <list>
#include <memory>

namespace opsdeck::testsupport {

namespace {

constexpr qint64 kChunkBytes = 64 * 1024;

// One direction of one connection: chunks read from `from`, each written to
// `to` once its due time has come. An empty chunk with eof set is the
// source's close, delayed like the data before it.
struct Direction
{
    struct Chunk
    {
        qint64 dueMs = 0;
        QByteArray bytes;
        bool eof = false;
    };

    QTcpSocket* from = nullptr;
    QTcpSocket* to = nullptr;
    std::deque<Chunk> held;
    qint64 heldBytes = 0;
    bool sourceClosed = false;
    bool finished = false; // eof written on
    QTimer timer;
};

} // namespace

class DelayProxyWorker final : public QObject
{
public:
    explicit DelayProxyWorker(DelayProxy* owner)
        : m_owner(owner)
    {
        m_clock.start();
    }

    bool listen(QString* error, int* port)
    {
        m_server = new QTcpServer(this);
        if (!m_server->listen(QHostAddress::LocalHost, 0)) {
            *error = m_server->errorString();
            return false;
        }
        *port = m_server->serverPort();
        connect(m_server, &QTcpServer::newConnection, this, [this] { accept(); });
        return true;
    }

    void dropAll()
    {
        auto all = std::move(m_connections);
        m_connections.clear();
        for (auto& c : all)
            abortConnection(c);
    }

    void shutdown()
    {
        dropAll();
        if (m_server)
            m_server->close();
    }

private:
    struct Connection
    {
        QTcpSocket* client = nullptr;
        QTcpSocket* upstream = nullptr;
        std::unique_ptr<Direction> up; // client -> upstream
        std::unique_ptr<Direction> down; // upstream -> client
        bool closing = false;
    };
    using Iter = std::list<Connection>::iterator;

    qint64 nowMs() const { return m_clock.elapsed(); }

    void accept()
    {
        while (m_server->hasPendingConnections()) {
            QTcpSocket* client = m_server->nextPendingConnection();
            m_owner->m_accepted.fetch_add(1);
            if (m_owner->m_refuse.load()) {
                client->abort();
                client->deleteLater();
                continue;
            }
            m_connections.push_back(Connection {});
            const Iter it = std::prev(m_connections.end());
            Connection& c = *it;
            c.client = client;
            c.upstream = new QTcpSocket(this);
            const qint64 bound = m_owner->m_maxBuffered.load();
            c.client->setReadBufferSize(std::min(bound, kChunkBytes));
            c.upstream->setReadBufferSize(std::min(bound, kChunkBytes));
            c.up = std::make_unique<Direction>();
            c.down = std::make_unique<Direction>();
            c.up->from = c.client;
            c.up->to = c.upstream;
            c.down->from = c.upstream;
            c.down->to = c.client;
            m_owner->m_active.fetch_add(1);
            wire(it, c.up.get());
            wire(it, c.down.get());
            connect(c.upstream, &QTcpSocket::connected, this, [this, it] {
                flush(it, it->up.get());
                pump(it, it->down.get());
            });
            connect(c.upstream, &QAbstractSocket::errorOccurred, this, [this, it](QAbstractSocket::SocketError e) {
                // A refused or unreachable upstream: the client sees its connection reset.
                if (e != QAbstractSocket::RemoteHostClosedError && !it->closing)
                    close(it, /*abort*/ true);
            });
            c.upstream->connectToHost(m_owner->m_upstreamHost, quint16(m_owner->m_upstreamPort));
            pump(it, c.up.get());
        }
    }

    void wire(Iter it, Direction* d)
    {
        d->timer.setSingleShot(true);
        d->timer.setTimerType(Qt::PreciseTimer);
        connect(&d->timer, &QTimer::timeout, this, [this, it, d] { flush(it, d); });
        connect(d->from, &QIODevice::readyRead, this, [this, it, d] { pump(it, d); });
        connect(d->from, &QAbstractSocket::disconnected, this, [this, it, d] {
            // What the closed source still has is read whole (at most its read buffer).
            while (!it->closing && !d->sourceClosed && d->from->bytesAvailable() > 0) {
                QByteArray bytes = d->from->readAll();
                enqueue(it, d, Direction::Chunk { nowMs() + m_owner->m_delayMs.load(), std::move(bytes), false });
            }
            if (!it->closing && !d->sourceClosed) {
                d->sourceClosed = true;
                enqueue(it, d, Direction::Chunk { nowMs() + m_owner->m_delayMs.load(), {}, true });
            }
        });
        connect(d->to, &QIODevice::bytesWritten, this, [this, it, d](qint64) { pump(it, d); });
    }

    // Reads what the source has while the direction's bound allows.
    void pump(Iter it, Direction* d)
    {
        if (it->closing || d->sourceClosed)
            return;
        const qint64 bound = m_owner->m_maxBuffered.load();
        while (d->from->bytesAvailable() > 0) {
            const qint64 room = bound - d->heldBytes - d->to->bytesToWrite();
            if (room <= 0)
                return; // the source is read again once `to` drains (bytesWritten)
            QByteArray bytes = d->from->read(std::min(room, kChunkBytes));
            if (bytes.isEmpty())
                return;
            enqueue(it, d, Direction::Chunk { nowMs() + m_owner->m_delayMs.load(), std::move(bytes), false });
        }
    }

    void enqueue(Iter it, Direction* d, Direction::Chunk chunk)
    {
        d->heldBytes += chunk.bytes.size();
        d->held.push_back(std::move(chunk));
        schedule(it, d);
    }

    void schedule(Iter, Direction* d)
    {
        if (d->held.empty() || d->timer.isActive())
            return;
        d->timer.start(int(std::max<qint64>(0, d->held.front().dueMs - nowMs())));
    }

    // Writes every chunk whose time has come (once `to` is connected: a
    // connecting upstream is flushed by its `connected`).
    void flush(Iter it, Direction* d)
    {
        if (it->closing || d->to->state() != QAbstractSocket::ConnectedState)
            return;
        const qint64 now = nowMs();
        while (!d->held.empty() && d->held.front().dueMs <= now) {
            Direction::Chunk chunk = std::move(d->held.front());
            d->held.pop_front();
            d->heldBytes -= chunk.bytes.size();
            if (chunk.eof) {
                d->finished = true;
                // QTcpSocket has no half-close: after the data, close both sides.
                close(it, /*abort*/ false);
                return;
            }
            d->to->write(chunk.bytes);
            m_owner->m_relayed.fetch_add(chunk.bytes.size());
        }
        schedule(it, d);
        pump(it, d);
    }

    void close(Iter it, bool abort)
    {
        if (it->closing)
            return;
        it->closing = true;
        Connection c = std::move(*it);
        m_connections.erase(it);
        retire(c, abort);
    }

    void abortConnection(Connection& c) { retire(c, true); }

    // Detaches the connection from every signal and frees it later: close()
    // may run inside one of its own timers' or sockets' signals.
    void retire(Connection& c, bool abort)
    {
        c.closing = true;
        for (Direction* d : { c.up.get(), c.down.get() }) {
            if (!d)
                continue;
            d->timer.stop();
            d->timer.disconnect(this);
        }
        for (QTcpSocket* s : { c.client, c.upstream }) {
            if (!s)
                continue;
            s->disconnect(this);
            if (abort)
                s->abort();
            else
                s->disconnectFromHost(); // writes what Qt still buffers, then closes
            s->deleteLater();
        }
        m_owner->m_active.fetch_sub(1);
        auto up = std::shared_ptr<Direction>(std::move(c.up));
        auto down = std::shared_ptr<Direction>(std::move(c.down));
        QMetaObject::invokeMethod(
            this, [up, down] {}, Qt::QueuedConnection);
    }

    DelayProxy* m_owner;
    QTcpServer* m_server = nullptr;
    std::list<Connection> m_connections;
    QElapsedTimer m_clock;
};

DelayProxy::DelayProxy(QString upstreamHost, int upstreamPort, int delayMs)
    : m_upstreamHost(std::move(upstreamHost))
    , m_upstreamPort(upstreamPort)
    , m_delayMs(delayMs < 0 ? 0 : delayMs)
{ }

DelayProxy::~DelayProxy()
{
    stop();
}

QString DelayProxy::hostPort() const
{
    return QStringLiteral("127.0.0.1:%1").arg(m_port);
}

bool DelayProxy::start()
{
    if (m_thread)
        return true;
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("DelayProxy"));
    m_worker = new DelayProxyWorker(this);
    m_worker->moveToThread(m_thread.get());
    QObject::connect(m_thread.get(), &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
    bool ok = false;
    QString error;
    int port = 0;
    QMetaObject::invokeMethod(
        m_worker, [&] { ok = m_worker->listen(&error, &port); }, Qt::BlockingQueuedConnection);
    if (!ok) {
        m_error = QStringLiteral("DelayProxy: cannot listen on 127.0.0.1: %1").arg(error);
        stop();
        return false;
    }
    m_port = port;
    return true;
}

void DelayProxy::stop()
{
    if (!m_thread)
        return;
    QMetaObject::invokeMethod(
        m_worker, [this] { m_worker->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
    m_worker = nullptr;
    m_active.store(0);
}

void DelayProxy::dropConnections()
{
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [this] { m_worker->dropAll(); }, Qt::BlockingQueuedConnection);
}

} // namespace opsdeck::testsupport
