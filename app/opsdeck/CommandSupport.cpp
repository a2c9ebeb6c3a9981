#include "CommandSupport.h"

#include "storage/Database.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRegularExpression>
#include <QTextStream>

#include <cmath>

bool openStateDatabase(
    opsdeck::storage::Database& db, const QString& dir, const QString& command, QTextStream& err)
{
    const QString directory = dir.isEmpty() ? opsdeck::storage::Database::defaultDirectory() : dir;
    if (directory.isEmpty() || !db.open(directory)) {
        err << QCoreApplication::translate("CommandSupport", "opsdeck %1: cannot open the state database: %2")
                   .arg(command, directory.isEmpty() ? QStringLiteral("no data folder") : db.lastError())
            << '\n';
        return false;
    }
    return true;
}

std::optional<qint64> parseTime(const QString& text)
{
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (ok && std::isfinite(seconds))
        return std::llround(seconds * 1000.0);
    static const QRegularExpression zone(
        QStringLiteral("(Z|[+-]\\d\\d:\\d\\d)$"), QRegularExpression::CaseInsensitiveOption);
    if (!zone.match(text).hasMatch())
        return std::nullopt;
    const QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!dt.isValid())
        return std::nullopt;
    return dt.toMSecsSinceEpoch();
}
