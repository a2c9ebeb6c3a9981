#pragma once

// One write transaction on a Database, scoped: the constructor begins it
// (BEGIN IMMEDIATE, so the write lock is taken up front and a read-then-write
// sequence cannot fail with SQLITE_BUSY half way), commit() makes it durable,
// and the destructor rolls back whatever was not committed. A repository call
// therefore cannot leave a transaction open on an early return.
//
//     WriteTransaction transaction(m_database);
//     if (!transaction.isActive())
//         return fail(context + m_database.lastError());
//     ... statements; return fail(...) on error (rolled back here) ...
//     if (!transaction.commit())
//         return fail(context + m_database.lastError());
//
// Declare it before the QSqlQuery objects it covers, so they are finished
// before it rolls back. It must never report a commit that did not happen.
namespace opsdeck::storage {

class Database;

class WriteTransaction final
{
public:
    explicit WriteTransaction(const Database& database);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    // Began and neither committed nor rolled back yet; when BEGIN failed,
    // false with the reason in the database's lastError().
    bool isActive() const { return m_active; }
    // COMMIT. On failure the transaction is rolled back and the database's
    // lastError() says why; false also when it never began.
    bool commit();

private:
    const Database& m_database;
    bool m_active = false;
};

} // namespace opsdeck::storage
