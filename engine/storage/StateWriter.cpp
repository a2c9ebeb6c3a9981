#include "storage/StateWriter.h"

#include "storage/Database.h"
#include "storage/StorageLog.h"

#include <QThread>

namespace opsdeck::storage {

class StateWriter::Worker final : public QObject
{
public:
    std::unique_ptr<Database> database;
};

StateWriter::StateWriter(const Database& database)
    : m_thread(new QThread), m_worker(new Worker)
{
    m_thread->setObjectName(QStringLiteral("opsdeck-state"));
    m_worker->moveToThread(m_thread);
    m_thread->start();
    QMetaObject::invokeMethod(
        m_worker,
        [this, &database]() {
            m_worker->database = Database::openForThread(database, &m_error);
            m_open = m_worker->database != nullptr;
        },
        Qt::BlockingQueuedConnection);
    if (!m_open)
        qCWarning(lcStorage) << "state writer cannot open the database:" << m_error;
}

StateWriter::~StateWriter()
{
    waitForIdle();
    QMetaObject::invokeMethod(
        m_worker, [this]() { m_worker->database.reset(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker;
    delete m_thread;
}

void StateWriter::post(std::function<void(Database&)> job)
{
    QMetaObject::invokeMethod(
        m_worker,
        [this, job = std::move(job)]() {
            if (m_worker->database)
                job(*m_worker->database);
            else
                qCWarning(lcStorage) << "state database is not open; a change was not saved";
        },
        Qt::QueuedConnection);
}

void StateWriter::waitForIdle()
{
    if (QThread::currentThread() == m_thread)
        return;
    QMetaObject::invokeMethod(m_worker, []() {}, Qt::BlockingQueuedConnection);
}

} // namespace opsdeck::storage
