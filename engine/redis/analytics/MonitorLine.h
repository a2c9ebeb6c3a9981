#pragma once

#include <QByteArray>
#include <QList>

#include <optional>

// One line of MONITOR output (Redis src/replication.c replicationFeedMonitors):
//   1700000000.123456 [0 127.0.0.1:51234] "GET" "user:1"
// with "[db lua]" or "[db unix:/path]" for other clients, and each argument
// quoted as sdscatrepr does (\\ \" \n \r \t \a \b \xHH). keyAccesses() names
// the keys a command reads, writes or deletes, for the access sample the
// miss-ratio curve is built from. Pure.
namespace opsdeck::redis::analytics {

struct MonitorCommand
{
    double timestamp = 0; // unix seconds
    int db = 0;
    QByteArray client; // "127.0.0.1:51234", "lua", "unix:/tmp/redis.sock"
    QList<QByteArray> args; // args[0] is the command, as the client sent it
};

// nullopt for a line that is not a MONITOR command line (the initial "OK", garbage).
// maxArgs >= 0 stops after that many arguments (the command and its first key
// are all most commands need; values can be kilobytes).
std::optional<MonitorCommand> parseMonitorLine(const QByteArray& line, int maxArgs = -1);
// True when keyAccesses() needs every argument of this command (MGET, DEL, MSET, ...).
bool needsAllArguments(const QByteArray& command);

struct KeyAccess
{
    enum class Kind { Read, Write, Delete };
    QByteArray key;
    Kind kind = Kind::Read;
};

// Reads are the lookups Redis counts in keyspace_hits/misses (GET, HGET,
// MGET's keys, ...); writes touch a key's recency (SET, HSET, ...); DEL/UNLINK
// remove it. Commands we do not know give no access (they are rare in a cache
// workload, and guessing their key positions would be wrong more often than not).
QList<KeyAccess> keyAccesses(const MonitorCommand& command);

} // namespace opsdeck::redis::analytics
