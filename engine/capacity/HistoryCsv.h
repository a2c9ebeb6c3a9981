#pragma once

#include "metrics/Sample.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

// Capacity history a user already has as CSV (NAB's "timestamp,value" files
// and the like), read into samples for `opsdeck import history`. An optional
// header line; timestamps as "2014-04-10 00:02:00" (UTC), ISO 8601, Unix
// seconds or milliseconds. Pure functions over text (QtCore only): no file
// or store access, never throws; errors name file:line.
namespace opsdeck::capacity {

struct HistoryCsv
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::capacity::HistoryCsv)

public:
    QList<metrics::Sample> samples; // sorted by time (stable: repeated timestamps keep file order)
    QString error; // empty when every line was read (samples then non-empty); else no samples

    // path names the file in errors ("FILE:12: cannot read the value ...").
    static HistoryCsv parse(const QByteArray& data, const QString& path);
    // A CSV by its suffix, or by its first non-empty line (exposition text
    // starts with "#" or has "{"); otherwise OpenMetrics / Prometheus text.
    static bool looksLikeCsv(const QString& path, const QByteArray& data);
    // Milliseconds since the epoch; nullopt when not a timestamp.
    static std::optional<qint64> parseTimestamp(QString text);
};

} // namespace opsdeck::capacity
