#pragma once

#include "ServiceThread.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>

// Runs state-database jobs (repository writes, and reads that must not stall
// the caller) on one dedicated thread with its own SQLite connection, so the
// GUI thread never waits on a SQLite write (DESIGN.md, Threads). Jobs run in
// the order they were posted; a result comes back on the context object's
// thread through its event loop, and is dropped when the context is gone.
//
// Jobs still queued at destruction run before the thread stops: nothing the
// operator saved is lost on a clean shutdown.
namespace opsdeck::storage {

class Database;

class StateWriter final
{
public:
    // Opens a second connection to database's file on the writer thread.
    // Check isOpen() / errorString() afterwards.
    explicit StateWriter(const Database& database);
    ~StateWriter();
    StateWriter(const StateWriter&) = delete;
    StateWriter& operator=(const StateWriter&) = delete;

    bool isOpen() const { return m_open; }
    QString errorString() const { return m_error; }

    // Fire and forget; the job runs on the writer thread.
    void post(std::function<void(Database&)> job);

    // Runs job on the writer thread, then done(result) on context's thread.
    template <typename Result>
    void run(std::function<Result(Database&)> job, QObject* context, std::function<void(Result)> done)
    {
        QPointer<QObject> guard(context);
        post([job = std::move(job), guard, done = std::move(done)](Database& db) {
            Result result = job(db);
            if (!guard)
                return;
            QMetaObject::invokeMethod(
                guard.data(),
                [guard, done, result = std::move(result)]() {
                    if (guard)
                        done(result);
                },
                Qt::QueuedConnection);
        });
    }

    // Blocks until every job posted so far has run (tests, shutdown).
    void waitForIdle();

private:
    class Worker;
    std::unique_ptr<ServiceThread<Worker>> m_service;
    bool m_open = false;
    QString m_error;
};

} // namespace opsdeck::storage
