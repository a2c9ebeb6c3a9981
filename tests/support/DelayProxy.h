#pragma once

#include <QString>

#include <atomic>
#include <memory>

class QThread;

// Test fixture: a userspace TCP proxy on 127.0.0.1 (port 0, so parallel tests
// never race) to an upstream host:port that holds back every chunk it relays,
// in each direction, for delayMs before writing it on, and can drop
// connections. `tc netem` does not work on these machines (no sch_netem, see
// shared/notes/profiler-bench-facts.md §5), so this is how the profiler tests
// and benches inject network delay between the engine and an agent.
//
// A request and its answer cross it once each, so a round trip grows by
// 2 x delayMs; TCP connect to the proxy itself stays local (the upstream is
// dialled when a client connects). The delay can be changed while it runs
// (chunks already held keep their due time). Buffers are bounded (maxBuffered
// per direction): past it the proxy stops reading, so TCP flow control pushes
// back instead of memory growing.
//
// It runs its sockets on a thread of its own, so a test may block its own
// thread (a synchronous client) while traffic flows. All methods are
// thread-safe.
//
//     DelayProxy proxy(QStringLiteral("127.0.0.1"), agent.port(), 200);
//     QVERIFY2(proxy.start(), qPrintable(proxy.errorString()));
//     probe(QStringLiteral("http://127.0.0.1:%1/healthz").arg(proxy.port()));
namespace opsdeck::testsupport {

class DelayProxyWorker;

class DelayProxy final
{
public:
    DelayProxy(QString upstreamHost, int upstreamPort, int delayMs = 0);
    ~DelayProxy();
    DelayProxy(const DelayProxy&) = delete;
    DelayProxy& operator=(const DelayProxy&) = delete;

    bool start(); // listens on 127.0.0.1, port 0; false with errorString()
    void stop(); // closes everything; start() may be called again (new port)
    int port() const { return m_port; }
    QString hostPort() const; // "127.0.0.1:P"
    QString errorString() const { return m_error; }

    void setDelayMs(int ms) { m_delayMs.store(ms < 0 ? 0 : ms); }
    int delayMs() const { return m_delayMs.load(); }
    // While set, a new client is accepted and closed at once (the upstream is never dialled).
    void setRefuseConnections(bool refuse) { m_refuse.store(refuse); }
    // Aborts every relayed connection now (both sides see a reset), dropping what is held.
    void dropConnections();
    void setMaxBufferedBytes(qint64 bytes) { m_maxBuffered.store(bytes < 4096 ? 4096 : bytes); }

    int activeConnections() const { return m_active.load(); }
    qint64 acceptedConnections() const { return m_accepted.load(); }
    qint64 bytesRelayed() const { return m_relayed.load(); } // both directions

private:
    friend class DelayProxyWorker;

    QString m_upstreamHost;
    int m_upstreamPort = 0;
    int m_port = 0;
    QString m_error;
    std::atomic<int> m_delayMs { 0 };
    std::atomic<bool> m_refuse { false };
    std::atomic<qint64> m_maxBuffered { 4 * 1024 * 1024 };
    std::atomic<int> m_active { 0 };
    std::atomic<qint64> m_accepted { 0 };
    std::atomic<qint64> m_relayed { 0 };
    std::unique_ptr<QThread> m_thread;
    DelayProxyWorker* m_worker = nullptr; // lives in m_thread
};

} // namespace opsdeck::testsupport
