#include "storage/WriteTransaction.h"

#include "storage/Database.h"

namespace opsdeck::storage {

WriteTransaction::WriteTransaction(const Database& database)
    : m_database(database)
    , m_active(database.beginWrite())
{ }

WriteTransaction::~WriteTransaction()
{
    if (m_active)
        m_database.rollback();
}

bool WriteTransaction::commit()
{
    if (!m_active)
        return false;
    // Database::commit() rolls back itself when COMMIT fails.
    m_active = false;
    return m_database.commit();
}

} // namespace opsdeck::storage
