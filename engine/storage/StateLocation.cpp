#include "storage/StateLocation.h"

#include <QFile>

namespace opsdeck::storage {

StateLocation StateLocation::sqliteFile(const QString& path)
{
    StateLocation location;
    location.filePath = path;
    return location;
}

QString StateLocation::describe() const
{
    if (!isPostgres())
        return filePath;
    const QString who = user.isEmpty() ? QString() : user + QLatin1Char('@');
    return QStringLiteral("postgresql://%1%2:%3/%4").arg(who, host, QString::number(port), database);
}

QString StateLocation::driverName(Driver driver)
{
    return driver == Driver::Postgresql ? QStringLiteral("postgresql") : QStringLiteral("sqlite");
}

std::optional<QString> StateLocation::readPasswordFile(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the password file %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return QString::fromUtf8(file.readAll()).trimmed();
}

} // namespace opsdeck::storage
