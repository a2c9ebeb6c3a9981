#pragma once

#include "redis/analytics/RedisValue.h"

#include <QList>
#include <QString>
#include <QStringList>

// `SLOWLOG GET N` (Redis 4.0+ entry layout: id, unix time, duration in µs,
// arguments, client address, client name) as entries sorted by duration, with
// the arguments truncated for display. Redis already shortens long arguments
// ("... (N more bytes)") and long argument lists ("... (N more arguments)");
// we truncate further so a line fits a table cell. Pure.
namespace opsdeck::redis::analytics {

struct SlowLogEntry
{
    qint64 id = 0;
    qint64 unixTime = 0;
    qint64 durationUsec = 0;
    QString command; // upper case, e.g. "KEYS"
    QStringList arguments; // after the command, each truncated
    QString client; // "127.0.0.1:51234", empty on Redis < 4
    QString clientName;
    QString display() const; // "KEYS *"
};

struct SlowLogOptions
{
    int maxArguments = 6;
    int maxArgumentChars = 40;
};

// Entries of a SLOWLOG GET reply, longest first; malformed entries are skipped
// and counted in *skipped (optional). An error reply gives an empty list and *error.
QList<SlowLogEntry> parseSlowLog(
    const RedisValue& reply, const SlowLogOptions& options = {}, QString* error = nullptr, int* skipped = nullptr);

// Printable form of a binary-safe argument: non-printable bytes as \xHH, then
// cut to maxChars with "…" (the cut never splits an escape).
QString displayArgument(const QByteArray& bytes, int maxChars);

} // namespace opsdeck::redis::analytics
