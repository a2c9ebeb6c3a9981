#include "cache/DatabaseCacheLevel.h"

#include "storage/Database.h"
#include "storage/Sql.h"

#include <QLoggingCategory>
#include <QSqlQuery>

namespace opsdeck::cache {

namespace {

Q_LOGGING_CATEGORY(lcCacheL3, "opsdeck.cache.l3")

qint64 rowBytes(const QByteArray& key, const QByteArray& value)
{
    return key.size() + value.size();
}

} // namespace

DatabaseCacheLevel::DatabaseCacheLevel(const QString& databaseFile)
    : DatabaseCacheLevel(databaseFile, Options())
{ }

DatabaseCacheLevel::DatabaseCacheLevel(const QString& databaseFile, Options options)
    : m_options(options)
{
    if (!m_options.clock)
        m_options.clock = SystemClock::instance();
    std::promise<bool> opened;
    std::future<bool> result = opened.get_future();
    m_worker = std::thread([this, databaseFile, &opened] { run(databaseFile, &opened); });
    m_open = result.get();
}

DatabaseCacheLevel::~DatabaseCacheLevel()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_worker.joinable())
        m_worker.join();
}

QString DatabaseCacheLevel::name() const
{
    return QStringLiteral("L3 database");
}

QString DatabaseCacheLevel::lastError() const
{
    std::lock_guard lock(m_mutex);
    return m_lastError;
}

void DatabaseCacheLevel::setError(const QString& error)
{
    qCWarning(lcCacheL3).noquote() << error;
    std::lock_guard lock(m_mutex);
    m_lastError = error;
}

void DatabaseCacheLevel::run(const QString& databaseFile, std::promise<bool>* opened)
{
    storage::Database db;
    if (!db.openFile(databaseFile)) {
        setError(db.lastError());
        opened->set_value(false);
        return;
    }
    {
        QSqlQuery q(db.connection());
        if (q.exec(QStringLiteral(
                "SELECT COALESCE(SUM(length(key) + length(value)), 0), COUNT(*) FROM cache_entries"))
            && q.next()) {
            m_bytes = q.value(0).toLongLong();
            m_entries = q.value(1).toLongLong();
        }
    }
    opened->set_value(true);

    for (;;) {
        std::deque<std::pair<Task, bool>> batch;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_tasks.empty(); });
            if (m_tasks.empty() && m_stop)
                break;
            batch.swap(m_tasks);
            m_queuedWrites = 0;
            m_busy = true;
        }
        bool writes = false;
        for (const auto& [task, isWrite] : batch)
            writes = writes || isWrite;
        const bool transaction = writes && db.beginWrite();
        if (writes && !transaction)
            setError(db.lastError());
        for (const auto& [task, isWrite] : batch)
            task(db);
        if (writes)
            keepWithinBudget(db);
        if (transaction && !db.commit()) {
            setError(db.lastError());
            db.rollback();
        }
        {
            std::lock_guard lock(m_mutex);
            m_busy = false;
        }
        m_drained.notify_all();
    }
}

void DatabaseCacheLevel::enqueue(Task task, bool isWrite)
{
    {
        std::lock_guard lock(m_mutex);
        if (isWrite) {
            if (m_queuedWrites >= m_options.maxQueuedWrites) {
                m_dropped.fetch_add(1, std::memory_order_relaxed);
                return;
            }
            ++m_queuedWrites;
        }
        m_tasks.emplace_back(std::move(task), isWrite);
    }
    m_wake.notify_one();
}

std::optional<CachedValue> DatabaseCacheLevel::get(const QByteArray& key)
{
    if (!m_open) {
        m_misses.fetch_add(1, std::memory_order_relaxed);
        return std::nullopt;
    }
    std::promise<std::optional<CachedValue>> answer;
    std::future<std::optional<CachedValue>> result = answer.get_future();
    const qint64 now = m_options.clock->nowMs();
    enqueue(
        [&, now](storage::Database& db) {
            QString error;
            auto q = storage::selectQuery(db,
                QStringLiteral("SELECT value, expires_at_ms, compute_ms FROM cache_entries WHERE key = ?"),
                { key }, &error);
            std::optional<CachedValue> found;
            if (!q) {
                setError(error);
            } else if (q->next()) {
                CachedValue v { q->value(0).toByteArray(), q->value(1).toLongLong(), q->value(2).toLongLong() };
                q->finish();
                if (v.expiresAtMs != 0 && v.expiresAtMs <= now) {
                    deleteEntry(db, key);
                    m_expirations.fetch_add(1, std::memory_order_relaxed);
                } else {
                    found = std::move(v);
                }
            }
            answer.set_value(std::move(found));
        },
        false);
    std::optional<CachedValue> found = result.get();
    (found ? m_hits : m_misses).fetch_add(1, std::memory_order_relaxed);
    return found;
}

void DatabaseCacheLevel::put(const QByteArray& key, const CachedValue& value)
{
    if (!m_open)
        return;
    enqueue([this, key, value](storage::Database& db) { writeEntry(db, key, value); }, true);
}

void DatabaseCacheLevel::remove(const QByteArray& key)
{
    if (!m_open)
        return;
    enqueue([this, key](storage::Database& db) { deleteEntry(db, key); }, true);
}

void DatabaseCacheLevel::clear()
{
    if (!m_open)
        return;
    enqueue(
        [this](storage::Database& db) {
            QSqlQuery q(db.connection());
            QString error;
            if (!storage::runQuery(q, QStringLiteral("DELETE FROM cache_entries"), {}, &error)) {
                setError(error);
                return;
            }
            m_bytes.store(0, std::memory_order_relaxed);
            m_entries.store(0, std::memory_order_relaxed);
        },
        true);
}

void DatabaseCacheLevel::writeEntry(storage::Database& db, const QByteArray& key, const CachedValue& value)
{
    deleteEntry(db, key); // keeps the byte count exact on a replace
    QSqlQuery q(db.connection());
    QString error;
    if (!storage::runQuery(q,
            QStringLiteral("INSERT INTO cache_entries (key, value, expires_at_ms, compute_ms, stored_at_ms)"
                           " VALUES (?, ?, ?, ?, ?)"),
            { key, value.value, value.expiresAtMs, value.computeMs, m_options.clock->nowMs() }, &error)) {
        setError(error);
        return;
    }
    m_bytes.fetch_add(rowBytes(key, value.value), std::memory_order_relaxed);
    m_entries.fetch_add(1, std::memory_order_relaxed);
}

void DatabaseCacheLevel::deleteEntry(storage::Database& db, const QByteArray& key)
{
    QSqlQuery q(db.connection());
    QString error;
    if (!storage::runQuery(q,
            QStringLiteral("DELETE FROM cache_entries WHERE key = ? RETURNING length(key) + length(value)"),
            { key }, &error)) {
        setError(error);
        return;
    }
    if (q.next()) {
        m_bytes.fetch_sub(q.value(0).toLongLong(), std::memory_order_relaxed);
        m_entries.fetch_sub(1, std::memory_order_relaxed);
    }
}

// Expired rows first, then the oldest stored, until the table fits its budget.
void DatabaseCacheLevel::keepWithinBudget(storage::Database& db)
{
    if (m_bytes.load(std::memory_order_relaxed) <= m_options.capacityBytes)
        return;
    QString error;
    {
        QSqlQuery q(db.connection());
        if (!storage::runQuery(q,
                QStringLiteral("DELETE FROM cache_entries WHERE expires_at_ms != 0 AND expires_at_ms <= ?"
                               " RETURNING length(key) + length(value)"),
                { m_options.clock->nowMs() }, &error))
            return setError(error);
        while (q.next()) {
            m_bytes.fetch_sub(q.value(0).toLongLong(), std::memory_order_relaxed);
            m_entries.fetch_sub(1, std::memory_order_relaxed);
            m_expirations.fetch_add(1, std::memory_order_relaxed);
        }
    }
    while (m_bytes.load(std::memory_order_relaxed) > m_options.capacityBytes) {
        QSqlQuery q(db.connection());
        if (!storage::runQuery(q,
                QStringLiteral("DELETE FROM cache_entries WHERE key = (SELECT key FROM cache_entries"
                               " ORDER BY stored_at_ms LIMIT 1) RETURNING length(key) + length(value)"),
                {}, &error))
            return setError(error);
        if (!q.next())
            break;
        m_bytes.fetch_sub(q.value(0).toLongLong(), std::memory_order_relaxed);
        m_entries.fetch_sub(1, std::memory_order_relaxed);
        m_evictions.fetch_add(1, std::memory_order_relaxed);
    }
}

void DatabaseCacheLevel::flush()
{
    std::unique_lock lock(m_mutex);
    m_drained.wait(lock, [this] { return m_tasks.empty() && !m_busy; });
}

LevelStats DatabaseCacheLevel::stats() const
{
    LevelStats s;
    s.level = name();
    s.hits = m_hits.load(std::memory_order_relaxed);
    s.misses = m_misses.load(std::memory_order_relaxed);
    s.evictions = m_evictions.load(std::memory_order_relaxed);
    s.rejected = m_dropped.load(std::memory_order_relaxed);
    s.expirations = m_expirations.load(std::memory_order_relaxed);
    s.bytes = m_bytes.load(std::memory_order_relaxed);
    s.entries = m_entries.load(std::memory_order_relaxed);
    s.capacityBytes = m_options.capacityBytes;
    return s;
}

} // namespace opsdeck::cache
