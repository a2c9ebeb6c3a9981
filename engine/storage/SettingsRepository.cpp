#include "storage/SettingsRepository.h"

#include "Clock.h"
#include "storage/Database.h"
#include "storage/Sql.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

#include <cmath>

namespace opsdeck::storage {

namespace {

// The type column holds one of these names; the value column holds text for
// everything but bytes (a BLOB), written so that reading it back is exact.
struct Encoded
{
    QString type;
    QVariant value;
};

std::optional<Encoded> encode(const QVariant& value)
{
    switch (value.metaType().id()) {
    case QMetaType::Bool:
        return Encoded { QStringLiteral("bool"),
            value.toBool() ? QStringLiteral("true") : QStringLiteral("false") };
    case QMetaType::Int:
        return Encoded { QStringLiteral("int"), QString::number(value.toInt()) };
    case QMetaType::LongLong:
        return Encoded { QStringLiteral("int64"), QString::number(value.toLongLong()) };
    case QMetaType::Double: {
        // 17 significant digits round-trip every double; inf and nan are kept as text.
        return Encoded { QStringLiteral("double"), QString::number(value.toDouble(), 'g', 17) };
    }
    case QMetaType::QString:
        return Encoded { QStringLiteral("string"),
            value.toString().isNull() ? QStringLiteral("") : value.toString() };
    case QMetaType::QStringList: {
        const QJsonArray array = QJsonArray::fromStringList(value.toStringList());
        return Encoded { QStringLiteral("stringlist"),
            QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact)) };
    }
    case QMetaType::QByteArray:
        return Encoded { QStringLiteral("bytes"),
            value.toByteArray().isNull() ? QByteArray("") : value.toByteArray() };
    case QMetaType::QDateTime:
        return Encoded { QStringLiteral("datetime"), value.toDateTime().toString(Qt::ISODateWithMs) };
    case QMetaType::QUrl:
        return Encoded { QStringLiteral("url"), value.toUrl().toString(QUrl::FullyEncoded) };
    default:
        return std::nullopt;
    }
}

std::optional<QVariant> decode(const QString& type, const QVariant& stored, QString* error)
{
    const QString text = stored.toString();
    bool ok = true;
    QVariant result;
    if (type == QLatin1String("bool")) {
        ok = text == QLatin1String("true") || text == QLatin1String("false");
        result = text == QLatin1String("true");
    } else if (type == QLatin1String("int")) {
        result = text.toInt(&ok);
    } else if (type == QLatin1String("int64")) {
        result = text.toLongLong(&ok);
    } else if (type == QLatin1String("double")) {
        if (text == QLatin1String("nan"))
            result = std::nan("");
        else if (text == QLatin1String("inf"))
            result = HUGE_VAL;
        else if (text == QLatin1String("-inf"))
            result = -HUGE_VAL;
        else
            result = text.toDouble(&ok);
    } else if (type == QLatin1String("string")) {
        result = text;
    } else if (type == QLatin1String("stringlist")) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &parseError);
        ok = parseError.error == QJsonParseError::NoError && doc.isArray();
        QStringList list;
        for (const QJsonValue& item : doc.array()) {
            ok = ok && item.isString();
            list.append(item.toString());
        }
        result = list;
    } else if (type == QLatin1String("bytes")) {
        result = stored.toByteArray();
    } else if (type == QLatin1String("datetime")) {
        const QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
        ok = dt.isValid() || text.isEmpty();
        result = dt;
    } else if (type == QLatin1String("url")) {
        result = QUrl(text, QUrl::StrictMode);
    } else {
        *error = QStringLiteral("unknown stored type \"%1\"").arg(type);
        return std::nullopt;
    }
    if (!ok) {
        *error = QStringLiteral("stored %1 value \"%2\" is unreadable").arg(type, text.left(80));
        return std::nullopt;
    }
    return result;
}

} // namespace

SettingsRepository::SettingsRepository(Database& database, const Clock* clock)
    : m_database(database)
    , m_clock(clock ? clock : SystemClock::instance())
{ }

bool SettingsRepository::isSupportedType(QMetaType type)
{
    return encode(QVariant(type)).has_value();
}

std::optional<QVariant> SettingsRepository::find(const QString& key) const
{
    m_lastError.clear();
    const QSqlDatabase db = m_database.connection();
    if (!db.isValid()) {
        failWith(m_lastError, QStringLiteral("cannot read setting \"%1\": %2").arg(key, m_database.lastError()));
        return std::nullopt;
    }
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT type, value FROM settings WHERE key = ?"));
    query.addBindValue(key);
    if (!query.exec()) {
        failWith(m_lastError,
            QStringLiteral("cannot read setting \"%1\" from %2: %3")
                .arg(key, m_database.filePath(), describeSqlError(query.lastError())));
        return std::nullopt;
    }
    if (!query.next()) {
        if (query.lastError().isValid())
            failWith(m_lastError,
                QStringLiteral("cannot read setting \"%1\" from %2: %3")
                    .arg(key, m_database.filePath(), describeSqlError(query.lastError())));
        return std::nullopt;
    }
    QString error;
    auto value = decode(query.value(0).toString(), query.value(1), &error);
    if (!value)
        failWith(m_lastError,
            QStringLiteral("cannot read setting \"%1\" from %2: %3").arg(key, m_database.filePath(), error));
    return value;
}

QVariant SettingsRepository::get(const QString& key, const QVariant& defaultValue) const
{
    const auto value = find(key);
    return value ? *value : defaultValue;
}

bool SettingsRepository::contains(const QString& key) const
{
    return find(key).has_value();
}

bool SettingsRepository::set(const QString& key, const QVariant& value)
{
    m_lastError.clear();
    if (key.isEmpty())
        return failWith(m_lastError, QStringLiteral("cannot store a setting with an empty key"));
    const auto encoded = encode(value);
    if (!encoded)
        return failWith(m_lastError,
            QStringLiteral("cannot store setting \"%1\": values of type %2 are not supported")
                .arg(key, value.isValid() ? QString::fromLatin1(value.typeName()) : QStringLiteral("(invalid)")));
    const QSqlDatabase db = m_database.connection();
    if (!db.isValid())
        return failWith(
            m_lastError, QStringLiteral("cannot store setting \"%1\": %2").arg(key, m_database.lastError()));
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO settings (key, type, value, updated_ms) VALUES (?, ?, ?, ?) "
                                 "ON CONFLICT (key) DO UPDATE SET type = excluded.type, value = excluded.value, "
                                 "updated_ms = excluded.updated_ms"));
    query.addBindValue(key);
    query.addBindValue(encoded->type);
    // PostgreSQL's column is BYTEA (SQLite's BLOB keeps any value): text goes in as its UTF-8 bytes there.
    query.addBindValue(m_database.isPostgres() && encoded->value.metaType().id() == QMetaType::QString
            ? QVariant(encoded->value.toString().toUtf8())
            : encoded->value);
    query.addBindValue(m_clock->nowMs());
    if (!query.exec())
        return failWith(m_lastError,
            QStringLiteral("cannot store setting \"%1\" in %2: %3")
                .arg(key, m_database.filePath(), describeSqlError(query.lastError())));
    return true;
}

bool SettingsRepository::remove(const QString& key)
{
    m_lastError.clear();
    const QSqlDatabase db = m_database.connection();
    if (!db.isValid())
        return failWith(
            m_lastError, QStringLiteral("cannot remove setting \"%1\": %2").arg(key, m_database.lastError()));
    QSqlQuery query(db);
    query.prepare(QStringLiteral("DELETE FROM settings WHERE key = ?"));
    query.addBindValue(key);
    if (!query.exec())
        return failWith(m_lastError,
            QStringLiteral("cannot remove setting \"%1\" from %2: %3")
                .arg(key, m_database.filePath(), describeSqlError(query.lastError())));
    return true;
}

std::optional<QStringList> SettingsRepository::keys() const
{
    m_lastError.clear();
    const QSqlDatabase db = m_database.connection();
    if (!db.isValid()) {
        failWith(m_lastError, QStringLiteral("cannot list settings: ") + m_database.lastError());
        return std::nullopt;
    }
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT key FROM settings ORDER BY key"))) {
        failWith(m_lastError,
            QStringLiteral("cannot list settings in %1: %2")
                .arg(m_database.filePath(), describeSqlError(query.lastError())));
        return std::nullopt;
    }
    QStringList result;
    while (query.next())
        result.append(query.value(0).toString());
    if (query.lastError().isValid()) {
        failWith(m_lastError,
            QStringLiteral("cannot list settings in %1: %2")
                .arg(m_database.filePath(), describeSqlError(query.lastError())));
        return std::nullopt;
    }
    return result;
}

} // namespace opsdeck::storage
