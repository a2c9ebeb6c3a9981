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
