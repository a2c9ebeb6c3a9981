#pragma once

#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace opsdeck {
class Clock;
}

// Typed key/value settings in the database (table settings: key, type, value),
// for state that belongs with the data (not QSettings UI preferences). Values
// come back with the type they were stored with.
//
// Supported types: bool, int, qint64, double (exact, incl. inf/nan), QString,
// QStringList, QByteArray, QDateTime (ms, UTC offset kept), QUrl. Anything else
// is refused with an error instead of being stored in a lossy form.
//
// Used on the thread that opened its Database. Failures return false / the
// default with the reason in lastError(), logged under "opsdeck.storage".
namespace opsdeck::storage {

class Database;

class SettingsRepository final
{
public:
    explicit SettingsRepository(Database& database, const Clock* clock = nullptr); // null: system clock

    // The stored value, or defaultValue when the key is absent or cannot be read
    // (then lastError() is set).
    QVariant get(const QString& key, const QVariant& defaultValue = {}) const;
    // nullopt when absent (lastError() empty) or on error (lastError() set).
    std::optional<QVariant> find(const QString& key) const;
    bool contains(const QString& key) const;
    bool set(const QString& key, const QVariant& value);
    bool remove(const QString& key); // true also when the key was absent
    // Sorted; nullopt on error.
    std::optional<QStringList> keys() const;

    static bool isSupportedType(QMetaType type);

    QString lastError() const { return m_lastError; }

private:
    Database& m_database;
    const Clock* m_clock;
    mutable QString m_lastError;
};

} // namespace opsdeck::storage
