#include "storage/Sql.h"

#include "storage/Database.h"
#include "storage/StorageLog.h"

#include <QSqlError>

#include <cmath>

namespace opsdeck::storage {

bool runQuery(QSqlQuery& query, const QString& sql, const QVariantList& binds, QString* error)
{
    if (!query.prepare(sql)) {
        *error = describeSqlError(query.lastError());
        return false;
    }
    for (const QVariant& v : binds)
        query.addBindValue(v);
    if (!query.exec()) {
        *error = describeSqlError(query.lastError());
        return false;
    }
    return true;
}

std::optional<QSqlQuery> selectQuery(
    const Database& database, const QString& sql, const QVariantList& binds, QString* error)
{
    const QSqlDatabase db = database.connection();
    if (!db.isValid()) {
        *error = database.lastError();
        return std::nullopt;
    }
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!runQuery(query, sql, binds, error))
        return std::nullopt;
    return query;
}

qint64 insertedId(QSqlQuery& query)
{
    const qint64 id = query.next() ? query.value(0).toLongLong() : 0;
    query.finish();
    return id;
}

void notifyStateChange(const Database& db, const char* topic)
{
    if (!db.isPostgres())
        return;
    QString error;
    QSqlQuery query(db.connection());
    if (!runQuery(query, QStringLiteral("SELECT pg_notify(?, ?)"),
            { QString::fromLatin1(kStateChannel), QString::fromLatin1(topic) }, &error))
        qCWarning(lcStorage).noquote() << QStringLiteral(
            "%1: cannot announce a change of %2 to the other engines: %3")
                                              .arg(db.filePath(), QString::fromLatin1(topic), error);
}

bool failWith(QString& lastError, const QString& what)
{
    lastError = what;
    qCWarning(lcStorage).noquote() << what;
    return false;
}

QString nonNull(const QString& text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

QVariant realToSql(double value)
{
    return std::isnan(value) ? QVariant() : QVariant(value);
}

double realFromSql(const QVariant& value)
{
    return value.isNull() ? std::nan("") : value.toDouble();
}

} // namespace opsdeck::storage
