#include "storage/StateWriter.h"

#include "storage/Database.h"
#include "storage/StorageLog.h"

namespace opsdeck::storage {

class StateWriter::Worker final : public QObject
{
public:
    std::unique_ptr<Database> database;
};

StateWriter::StateWriter(const Database& database)
    : m_service(std::make_unique<ServiceThread<Worker>>(QStringLiteral("opsdeck-state")))
{
    m_service->start(new Worker, {}, [](Worker& worker) { worker.database.reset(); });
    m_service->call([this, &database](Worker& worker) {
        worker.database = Database::openForThread(database, &m_error);
        m_open = worker.database != nullptr;
    });
    if (!m_open)
        qCWarning(lcStorage) << "state writer cannot open the database:" << m_error;
}

StateWriter::~StateWriter()
{
    // Jobs still queued run first; the connection closes on its own thread.
    m_service->stop();
}

void StateWriter::post(std::function<void(Database&)> job)
{
    m_service->post([job = std::move(job)](Worker& worker) {
        if (worker.database)
            job(*worker.database);
        else
            qCWarning(lcStorage) << "state database is not open; a change was not saved";
    });
}

void StateWriter::waitForIdle()
{
    m_service->waitForIdle();
}

} // namespace opsdeck::storage
