#include "RedisClient.h"

#include "redis/RedisQtGlue.h"
#include "ServiceThread.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QThread>
#include <QTimer>

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <vector>

Q_LOGGING_CATEGORY(lcRedis, "opsdeck.redis", QtInfoMsg)

namespace opsdeck::redis {

namespace {

RedisReply convert(const redisReply* reply)
{
    RedisReply out;
    switch (reply->type) {
    case REDIS_REPLY_STATUS:
        out.type = RedisReply::Type::Status;
        out.str = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_ERROR:
        out.type = RedisReply::Type::Error;
        out.str = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_INTEGER:
        out.type = RedisReply::Type::Integer;
        out.integer = reply->integer;
        break;
    case REDIS_REPLY_STRING:
        out.type = RedisReply::Type::String;
        out.str = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_ARRAY:
        out.type = RedisReply::Type::Array;
        out.elements.reserve(qsizetype(reply->elements));
        for (size_t i = 0; i < reply->elements; ++i)
            out.elements.append(convert(reply->element[i]));
        break;
    default:
        out.type = RedisReply::Type::Nil;
        break;
    }
    return out;
}

constexpr quintptr kSubscriptionTag = 0; // privdata of the SUBSCRIBE callback; commands use ids from 1

} // namespace

// Lives on the client thread; owns the hiredis context and its Qt adapter.
class RedisConnection final : public QObject
{
public:
    explicit RedisConnection(RedisClient* client)
        : m_client(client)
        , m_options(client->m_options)
    { }
    ~RedisConnection() override { shutdown(); }

    void begin()
    {
        m_commandTimer = new QTimer(this);
        m_commandTimer->setSingleShot(true);
        QObject::connect(m_commandTimer, &QTimer::timeout, this, [this]() { checkTimeouts(); });
        m_retryTimer = new QTimer(this);
        m_retryTimer->setSingleShot(true);
        QObject::connect(m_retryTimer, &QTimer::timeout, this, [this]() { connectNow(); });
        m_clock.start();
        m_retryMs = m_options.retryInitialMs;
        connectNow();
    }

    void shutdown()
    {
        m_stopping = true;
        if (m_retryTimer)
            m_retryTimer->stop();
        drop(QStringLiteral("the client was stopped"), false);
        RedisClient::State state;
        state.kind = RedisClient::State::Kind::Off;
        state.since = QDateTime::currentDateTime();
        m_client->publishState(state);
    }

    void command(const QList<QByteArray>& args, RedisClient::ReplyCallback done)
    {
        if (!m_ready) {
            if (done)
                done(RedisReply::failure(m_ctx ? QStringLiteral("not connected yet") : notConnectedText()));
            return;
        }
        issue(args, std::move(done));
    }

private:
    struct Pending
    {
        quintptr id;
        qint64 deadline;
        RedisClient::ReplyCallback done;
    };

    QString notConnectedText() const
    {
        return m_lastFailure.isEmpty() ? QStringLiteral("not connected")
                                       : QStringLiteral("not connected: ") + m_lastFailure;
    }

    void connectNow()
    {
        if (m_stopping || m_ctx)
            return;
        const RedisEndpoint& endpoint = m_options.endpoint;
        if (endpoint.tls) {
            fail(QString::fromLatin1(kRedisTlsUnavailable), false);
            return;
        }
        if (m_outageSince.isNull()) // during an outage the state stays "unreachable since ..."
            publish(RedisClient::State::Kind::Connecting, {});
        redisAsyncContext* ctx = redisAsyncConnect(endpoint.host.toUtf8().constData(), endpoint.port);
        if (!ctx) {
            fail(QStringLiteral("cannot allocate a hiredis context"), true);
            return;
        }
        if (ctx->err) {
            const QString reason = QString::fromUtf8(ctx->errstr);
            redisAsyncFree(ctx);
            fail(reason, true);
            return;
        }
        ctx->data = this;
        m_adapter = qtglue::attach(ctx, this);
        if (!m_adapter) {
            redisAsyncFree(ctx);
            fail(QStringLiteral("cannot attach hiredis to the Qt event loop"), true);
            return;
        }
        m_ctx = ctx;
        redisAsyncSetConnectCallback(ctx, &RedisConnection::onConnect);
        redisAsyncSetDisconnectCallback(ctx, &RedisConnection::onDisconnect);
        m_handshakeDeadline = m_clock.elapsed() + m_options.connectTimeoutMs;
        armTimer();
        handshake();
    }

    // Pipelined right behind the connect: hiredis buffers them until the socket is writable.
    void handshake()
    {
        const RedisEndpoint& endpoint = m_options.endpoint;
        auto checkOk = [this](const char* what) {
            return [this, what](const RedisReply& reply) {
                if (reply.failed() && !m_handshakeFailed) {
                    m_handshakeFailed = true;
                    // Deferred: dropping the context inside its own callback is not allowed.
                    const QString reason
                        = QString::fromLatin1(what) + QStringLiteral(" failed: ") + reply.errorText();
                    QMetaObject::invokeMethod(
                        this, [this, reason]() { fail(reason, true); }, Qt::QueuedConnection);
                }
            };
        };
        m_handshakeFailed = false;
        if (!endpoint.password.isEmpty()) {
            QList<QByteArray> auth { QByteArrayLiteral("AUTH") };
            if (!endpoint.user.isEmpty())
                auth.append(endpoint.user.toUtf8());
            auth.append(endpoint.password.toUtf8());
            issue(auth, checkOk("AUTH"));
        }
        if (endpoint.db != 0)
            issue({ QByteArrayLiteral("SELECT"), QByteArray::number(endpoint.db) }, checkOk("SELECT"));
        QByteArray name = m_options.name.toUtf8();
        name.replace(' ', '-');
        issue({ QByteArrayLiteral("CLIENT"), QByteArrayLiteral("SETNAME"), name }, checkOk("CLIENT SETNAME"));
        issue({ QByteArrayLiteral("CLIENT"), QByteArrayLiteral("ID") }, [this, checkOk](const RedisReply& reply) {
            if (m_handshakeFailed)
                return;
            if (reply.type != RedisReply::Type::Integer) {
                checkOk("CLIENT ID")(
                    reply.failed() ? reply : RedisReply::failure(QStringLiteral("not an integer")));
                return;
            }
            m_clientId = reply.integer;
            if (m_options.subscribeChannels.isEmpty()) {
                becomeReady();
                return;
            }
            std::vector<const char*> argv { "SUBSCRIBE" };
            std::vector<size_t> lengths { 9 };
            for (const QByteArray& channel : std::as_const(m_options.subscribeChannels)) {
                argv.push_back(channel.constData());
                lengths.push_back(size_t(channel.size()));
            }
            m_subscriptionsPending = int(m_options.subscribeChannels.size());
            redisAsyncCommandArgv(m_ctx, &RedisConnection::onSubscription,
                reinterpret_cast<void*>(kSubscriptionTag), int(argv.size()), argv.data(), lengths.data());
        });
    }

    void becomeReady()
    {
        m_ready = true;
        m_handshakeDeadline = 0;
        m_retryMs = m_options.retryInitialMs;
        m_lastFailure.clear();
        m_outageSince = QDateTime();
        armTimer();
        qCInfo(lcRedis).noquote() << m_options.name << "connected to" << describe(m_options.endpoint)
                                  << "as client" << m_clientId;
        publish(RedisClient::State::Kind::Connected, {});
        if (m_options.onConnected)
            m_options.onConnected(m_clientId);
    }

    void issue(const QList<QByteArray>& args, RedisClient::ReplyCallback done)
    {
        std::vector<const char*> argv;
        std::vector<size_t> lengths;
        argv.reserve(size_t(args.size()));
        lengths.reserve(size_t(args.size()));
        for (const QByteArray& arg : args) {
            argv.push_back(arg.constData());
            lengths.push_back(size_t(arg.size()));
        }
        const quintptr id = ++m_nextId;
        if (redisAsyncCommandArgv(m_ctx, &RedisConnection::onReply, reinterpret_cast<void*>(id), int(argv.size()),
                argv.data(), lengths.data())
            != REDIS_OK) {
            if (done)
                done(RedisReply::failure(QStringLiteral("hiredis refused the command: ")
                    + QString::fromUtf8(m_ctx->errstr[0] ? m_ctx->errstr : "disconnecting")));
            return;
        }
        const bool wasEmpty = m_pending.empty();
        m_pending.push_back({ id, m_clock.elapsed() + m_options.commandTimeoutMs, std::move(done) });
        if (wasEmpty)
            armTimer();
    }

    static void onReply(redisAsyncContext* ac, void* reply, void* privdata)
    {
        auto* self = static_cast<RedisConnection*>(ac->data);
        if (!self)
            return;
        self->handleReply(reinterpret_cast<quintptr>(privdata), static_cast<redisReply*>(reply), ac);
    }

    void handleReply(quintptr id, redisReply* reply, redisAsyncContext* ac)
    {
        const auto it
            = std::find_if(m_pending.begin(), m_pending.end(), [id](const Pending& p) { return p.id == id; });
        if (it == m_pending.end())
            return; // already failed (timeout, dropped connection)
        RedisClient::ReplyCallback done = std::move(it->done);
        m_pending.erase(it);
        armTimer();
        if (!done)
            return;
        if (reply)
            done(convert(reply));
        else
            done(RedisReply::failure(
                QStringLiteral("connection lost: ") + QString::fromUtf8(ac->errstr[0] ? ac->errstr : "closed")));
    }

    static void onSubscription(redisAsyncContext* ac, void* reply, void*)
    {
        auto* self = static_cast<RedisConnection*>(ac->data);
        if (!self || !reply)
            return;
        self->handleSubscription(convert(static_cast<redisReply*>(reply)));
    }

    void handleSubscription(const RedisReply& reply)
    {
        if (reply.type != RedisReply::Type::Array || reply.elements.size() < 3) {
            if (reply.failed() && !m_handshakeFailed) {
                m_handshakeFailed = true;
                const QString reason = QStringLiteral("SUBSCRIBE failed: ") + reply.errorText();
                QMetaObject::invokeMethod(
                    this, [this, reason]() { fail(reason, true); }, Qt::QueuedConnection);
            }
            return;
        }
        const QByteArray kind = reply.elements.at(0).str;
        if (kind == "subscribe") {
            if (--m_subscriptionsPending == 0)
                becomeReady();
        } else if (kind == "message" && m_options.onMessage) {
            m_options.onMessage(reply.elements.at(1).str, reply.elements.at(2));
        }
    }

    static void onConnect(const redisAsyncContext* ac, int status)
    {
        auto* self = static_cast<RedisConnection*>(ac->data);
        if (!self || status == REDIS_OK)
            return;
        // hiredis frees the context right after this callback.
        self->forget(const_cast<redisAsyncContext*>(ac));
        const QString reason = QString::fromUtf8(ac->errstr[0] ? ac->errstr : "connect failed");
        QMetaObject::invokeMethod(
            self, [self, reason]() { self->fail(reason, true); }, Qt::QueuedConnection);
    }

    static void onDisconnect(const redisAsyncContext* ac, int status)
    {
        auto* self = static_cast<RedisConnection*>(ac->data);
        if (!self)
            return;
        // The pending callbacks already ran (with no reply); hiredis frees the context after this.
        self->forget(const_cast<redisAsyncContext*>(ac));
        const QString reason = status == REDIS_OK
            ? QStringLiteral("the server closed the connection")
            : QString::fromUtf8(ac->errstr[0] ? ac->errstr : "connection lost");
        QMetaObject::invokeMethod(
            self, [self, reason]() { self->fail(reason, true); }, Qt::QueuedConnection);
    }

    // The context is going away inside hiredis: unhook from it, keep no pointer.
    void forget(redisAsyncContext* ac)
    {
        ac->data = nullptr;
        if (ac == m_ctx) {
            QObject* adapter = std::exchange(m_adapter, nullptr);
            qtglue::detach(ac, adapter);
            m_ctx = nullptr;
        }
    }

    // Ends the current connection (if any) and fails what is pending.
    void drop(const QString& reason, bool notify)
    {
        const bool wasReady = m_ready;
        m_ready = false;
        m_handshakeDeadline = 0;
        std::deque<Pending> pending;
        pending.swap(m_pending);
        if (redisAsyncContext* ctx = std::exchange(m_ctx, nullptr)) {
            ctx->data = nullptr; // its callbacks (run by redisAsyncFree) find no connection
            qtglue::detach(ctx, std::exchange(m_adapter, nullptr));
            redisAsyncFree(ctx);
        }
        if (m_commandTimer)
            m_commandTimer->stop();
        for (Pending& p : pending)
            if (p.done)
                p.done(RedisReply::failure(reason, reason.startsWith(QLatin1String("timeout"))));
        if (wasReady && notify && m_options.onDisconnected)
            m_options.onDisconnected(reason);
    }

    void fail(const QString& reason, bool retry)
    {
        if (m_stopping || (!m_ctx && m_retryTimer->isActive()))
            return; // already failed: a second report of the same outage (callback and disconnect)
        drop(reason, true);
        if (m_outageSince.isNull())
            m_outageSince = QDateTime::currentDateTime();
        if (reason != m_lastFailure)
            qCWarning(lcRedis).noquote()
                << m_options.name << describe(m_options.endpoint) << "unreachable:" << reason;
        m_lastFailure = reason;
        if (!retry) {
            publish(RedisClient::State::Kind::Unreachable, reason, 0);
            return;
        }
        const int wait = m_retryMs;
        m_retryMs = std::min(m_retryMs * 2, m_options.retryMaxMs);
        publish(RedisClient::State::Kind::Unreachable, reason, wait);
        m_retryTimer->start(wait);
    }

    void armTimer()
    {
        if (!m_commandTimer)
            return;
        qint64 next = m_pending.empty() ? 0 : m_pending.front().deadline;
        if (m_handshakeDeadline && (!next || m_handshakeDeadline < next))
            next = m_handshakeDeadline;
        if (!next) {
            m_commandTimer->stop();
            return;
        }
        m_commandTimer->start(int(std::max<qint64>(0, next - m_clock.elapsed()) + 1));
    }

    void checkTimeouts()
    {
        const qint64 now = m_clock.elapsed();
        if (m_handshakeDeadline && now >= m_handshakeDeadline && !m_ready) {
            fail(QStringLiteral("timeout: no answer within %1 ms of connecting").arg(m_options.connectTimeoutMs),
                true);
            return;
        }
        if (!m_pending.empty() && now >= m_pending.front().deadline) {
            fail(QStringLiteral("timeout: no answer to a command within %1 ms").arg(m_options.commandTimeoutMs),
                true);
            return;
        }
        armTimer();
    }

    void publish(RedisClient::State::Kind kind, const QString& reason, int retryInMs = 0)
    {
        RedisClient::State state;
        state.kind = kind;
        state.reason = reason;
        state.retryInMs = retryInMs;
        state.clientId = kind == RedisClient::State::Kind::Connected ? m_clientId : 0;
        state.since = kind == RedisClient::State::Kind::Unreachable && !m_outageSince.isNull()
            ? m_outageSince
            : QDateTime::currentDateTime();
        m_client->publishState(state);
    }

    RedisClient* m_client;
    const RedisClient::Options& m_options;
    redisAsyncContext* m_ctx = nullptr;
    QObject* m_adapter = nullptr;
    QTimer* m_commandTimer = nullptr;
    QTimer* m_retryTimer = nullptr;
    QElapsedTimer m_clock;
    std::deque<Pending> m_pending;
    quintptr m_nextId = kSubscriptionTag;
    qint64 m_handshakeDeadline = 0;
    qint64 m_clientId = 0;
    int m_subscriptionsPending = 0;
    int m_retryMs = 200;
    bool m_ready = false;
    bool m_handshakeFailed = false;
    bool m_stopping = false;
    QString m_lastFailure;
    QDateTime m_outageSince;
};

struct RedisClient::Service
{
    explicit Service(const QString& name)
        : thread(name)
    { }
    ServiceThread<RedisConnection> thread;
    std::mutex mutex; // guards running against stop()
    bool running = false;
};

QString RedisClient::State::text() const
{
    switch (kind) {
    case Kind::Off:
        return QStringLiteral("off");
    case Kind::Connecting:
        return QStringLiteral("connecting");
    case Kind::Connected:
        return QStringLiteral("connected");
    case Kind::Unreachable: {
        QString text
            = QStringLiteral("unreachable since %1: %2").arg(since.toString(QStringLiteral("HH:mm:ss")), reason);
        if (retryInMs > 0)
            text += retryInMs >= 1000 ? QStringLiteral(", retrying in %1 s").arg(retryInMs / 1000)
                                      : QStringLiteral(", retrying in %1 ms").arg(retryInMs);
        return text;
    }
    }
    return {};
}

RedisClient::RedisClient(Options options)
    : m_options(std::move(options))
    , m_service(std::make_unique<Service>(QStringLiteral("redis-") + m_options.name))
{ }

RedisClient::~RedisClient()
{
    stop();
}

void RedisClient::start()
{
    std::lock_guard lock(m_service->mutex);
    if (m_service->running)
        return;
    m_service->running = true;
    m_service->thread.start(new RedisConnection(this), [](RedisConnection& c) { c.begin(); });
}

void RedisClient::stop()
{
    {
        std::lock_guard lock(m_service->mutex);
        if (!m_service->running)
            return;
        m_service->running = false;
    }
    m_service->thread.stop(); // ~RedisConnection on its thread: shutdown()
}

void RedisClient::send(QList<QByteArray> args, ReplyCallback done)
{
    {
        std::lock_guard lock(m_service->mutex);
        if (m_service->running) {
            m_service->thread.post([args = std::move(args), done = std::move(done)](
                                       RedisConnection& c) mutable { c.command(args, std::move(done)); });
            return;
        }
    }
    if (done)
        done(RedisReply::failure(QStringLiteral("the Redis client is stopped")));
}

bool RedisClient::onClientThread() const
{
    return QThread::currentThread() == m_service->thread.thread();
}

RedisReply RedisClient::call(QList<QByteArray> args, int timeoutMs)
{
    Q_ASSERT_X(
        !onClientThread(), "RedisClient::call", "called on the client's own thread: it would wait for itself");
    if (onClientThread())
        return RedisReply::failure(QStringLiteral("RedisClient::call on the client's own thread"));
    struct Waiter
    {
        std::mutex mutex;
        std::condition_variable cv;
        bool done = false;
        RedisReply reply;
    };
    auto waiter = std::make_shared<Waiter>();
    send(std::move(args), [waiter](const RedisReply& reply) {
        std::lock_guard lock(waiter->mutex);
        waiter->reply = reply;
        waiter->done = true;
        waiter->cv.notify_one();
    });
    std::unique_lock lock(waiter->mutex);
    if (!waiter->cv.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] { return waiter->done; }))
        return RedisReply::failure(QStringLiteral("timeout: no answer within %1 ms").arg(timeoutMs), true);
    return std::move(waiter->reply);
}

RedisClient::State RedisClient::state() const
{
    std::lock_guard lock(m_stateMutex);
    return m_state;
}

bool RedisClient::isConnected() const
{
    std::lock_guard lock(m_stateMutex);
    return m_state.kind == State::Kind::Connected;
}

void RedisClient::publishState(const State& state)
{
    std::lock_guard lock(m_stateMutex);
    m_state = state;
}

} // namespace opsdeck::redis
