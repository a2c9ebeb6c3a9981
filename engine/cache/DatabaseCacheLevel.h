#pragma once

#include "cache/CacheLevel.h"
#include "Clock.h"

#include <QString>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

namespace opsdeck::storage {
class Database;
}

// L3: cache entries in the state database (table cache_entries, migration 8),
// so results survive a restart. One worker thread owns the SQLite connection
// (Qt SQL connections are per thread); get() asks it and waits (a prepared
// point lookup, tens of microseconds), put() and remove() are queued behind it
// and written in batches, one transaction per batch, so a caller never waits
// for a write. The write queue is bounded: past maxQueuedWrites a put is
// dropped and counted, never blocking. The table stays inside capacityBytes
// (key + value bytes): expired rows go first, then the oldest stored.
//
// It never returns an expired row, and never touches tables other than its own.
namespace opsdeck::cache {

class DatabaseCacheLevel final : public CacheLevel
{
public:
    struct Options
    {
        qint64 capacityBytes = 256 * 1024 * 1024;
        int maxQueuedWrites = 10'000;
        const Clock* clock = nullptr; // nullptr: the system clock
    };

    // Opens (creating and migrating if needed) the database file on the worker; see isOpen().
    DatabaseCacheLevel(const QString& databaseFile, Options options);
    explicit DatabaseCacheLevel(const QString& databaseFile);
    ~DatabaseCacheLevel() override; // writes what is queued, then stops the worker
    DatabaseCacheLevel(const DatabaseCacheLevel&) = delete;
    DatabaseCacheLevel& operator=(const DatabaseCacheLevel&) = delete;

    bool isOpen() const { return m_open; }
    QString lastError() const;

    QString name() const override;
    std::optional<CachedValue> get(const QByteArray& key) override;
    void put(const QByteArray& key, const CachedValue& value) override;
    void remove(const QByteArray& key) override;
    LevelStats stats() const override;

    // Blocks until every queued write is in the database.
    void flush();
    // Queues the removal of every entry (the Cache page's Clear).
    void clear();
    qint64 droppedWrites() const { return m_dropped.load(std::memory_order_relaxed); }

private:
    using Task = std::function<void(storage::Database&)>;
    void run(const QString& databaseFile, std::promise<bool>* opened);
    void enqueue(Task task, bool isWrite);
    void writeEntry(storage::Database& db, const QByteArray& key, const CachedValue& value);
    void deleteEntry(storage::Database& db, const QByteArray& key);
    void keepWithinBudget(storage::Database& db);
    void setError(const QString& error);

    Options m_options;
    std::thread m_worker;
    bool m_open = false;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_drained;
    std::deque<std::pair<Task, bool>> m_tasks; // (task, is a write)
    int m_queuedWrites = 0;
    bool m_busy = false;
    bool m_stop = false;
    QString m_lastError;

    std::atomic<qint64> m_hits { 0 };
    std::atomic<qint64> m_misses { 0 };
    std::atomic<qint64> m_evictions { 0 };
    std::atomic<qint64> m_expirations { 0 };
    std::atomic<qint64> m_dropped { 0 };
    std::atomic<qint64> m_bytes { 0 };
    std::atomic<qint64> m_entries { 0 };
};

} // namespace opsdeck::cache
