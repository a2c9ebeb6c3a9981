#pragma once

#include <QMetaObject>
#include <QObject>
#include <QString>
#include <QThread>

#include <functional>
#include <memory>
#include <utility>

// "A QObject on its own thread with its own event loop", the shape of every
// engine service that must keep work off its caller's (often the GUI)
// thread: the state writer, the scrape manager, the alert service, the live
// dashboard feed, and the services still to come. It owns the thread and the
// worker: start() moves the worker there and runs init on the new thread
// before its event loop (so init precedes every queued call); post() queues
// work; waitForIdle() waits for what was queued so far; stop() (and the
// destructor) runs shutdown and deletes the worker on its own thread, then
// ends the thread. It must never run a worker method on the caller's thread
// and never be stopped from the worker's own thread.
//
// Header-only so every engine layer, storage included, can use it.
namespace opsdeck {

template <typename Worker> class ServiceThread final
{
public:
    using Step = std::function<void(Worker&)>;

    explicit ServiceThread(const QString& name)
        : m_thread(std::make_unique<QThread>())
    {
        m_thread->setObjectName(name);
    }
    ~ServiceThread() { stop(); }
    ServiceThread(const ServiceThread&) = delete;
    ServiceThread& operator=(const ServiceThread&) = delete;

    // Takes ownership of worker (which must have no parent) and moves it to
    // the thread without starting it: queued calls wait for start(). shutdown
    // runs on the worker's thread at stop(), before the worker is deleted there.
    Worker* adopt(Worker* worker, Step shutdown = {})
    {
        m_worker = worker;
        m_shutdown = std::move(shutdown);
        m_worker->moveToThread(m_thread.get());
        return m_worker;
    }
    // Starts the thread; init runs there before anything queued.
    void start(Step init = {})
    {
        if (init)
            QObject::connect(m_thread.get(), &QThread::started, m_worker,
                [w = m_worker, init = std::move(init)]() { init(*w); });
        m_thread->start();
    }
    // adopt() and start() in one.
    Worker* start(Worker* worker, Step init, Step shutdown = {})
    {
        adopt(worker, std::move(shutdown));
        start(std::move(init));
        return m_worker;
    }

    Worker* worker() const { return m_worker; }
    QThread* thread() const { return m_thread.get(); }
    bool isRunning() const { return m_worker != nullptr; }

    // Queues job(worker) to the worker's thread; returns at once.
    void post(Step job) const
    {
        QMetaObject::invokeMethod(
            m_worker, [w = m_worker, job = std::move(job)]() { job(*w); }, Qt::QueuedConnection);
    }

    // Runs job(worker) on the worker's thread and waits for it (never call
    // from that thread: it would wait for itself).
    void call(Step job) const
    {
        QMetaObject::invokeMethod(
            m_worker, [w = m_worker, job = std::move(job)]() { job(*w); }, Qt::BlockingQueuedConnection);
    }

    // Returns once everything queued before the call has run; at once on the worker's own thread.
    void waitForIdle() const
    {
        if (!m_worker || QThread::currentThread() == m_thread.get())
            return;
        QMetaObject::invokeMethod(
            m_worker, []() {}, Qt::BlockingQueuedConnection);
    }

    // Runs shutdown, deletes the worker on its thread, and ends the thread. Idempotent.
    void stop()
    {
        if (!m_worker)
            return;
        Worker* worker = std::exchange(m_worker, nullptr);
        if (m_thread->isRunning()) {
            QMetaObject::invokeMethod(
                worker,
                [worker, shutdown = std::move(m_shutdown)]() {
                    if (shutdown)
                        shutdown(*worker);
                    delete worker;
                },
                Qt::BlockingQueuedConnection);
            m_thread->quit();
            m_thread->wait();
        } else {
            if (m_shutdown)
                m_shutdown(*worker);
            delete worker;
        }
    }

private:
    std::unique_ptr<QThread> m_thread;
    Worker* m_worker = nullptr;
    Step m_shutdown;
};

} // namespace opsdeck
