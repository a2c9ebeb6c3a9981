#include "redis/analytics/MonitorLine.h"

#include <QHash>

namespace opsdeck::redis::analytics {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// One sdscatrepr-quoted argument starting at line[pos] == '"'; pos ends after the closing quote.
std::optional<QByteArray> readQuoted(const QByteArray& line, qsizetype& pos)
{
    QByteArray out;
    ++pos;
    while (pos < line.size()) {
        const char c = line.at(pos);
        if (c == '"') {
            ++pos;
            return out;
        }
        if (c != '\\') {
            out.append(c);
            ++pos;
            continue;
        }
        if (pos + 1 >= line.size())
            return std::nullopt;
        const char e = line.at(pos + 1);
        pos += 2;
        switch (e) {
        case 'n':
            out.append('\n');
            break;
        case 'r':
            out.append('\r');
            break;
        case 't':
            out.append('\t');
            break;
        case 'a':
            out.append('\a');
            break;
        case 'b':
            out.append('\b');
            break;
        case 'x': {
            if (pos + 1 >= line.size())
                return std::nullopt;
            const int hi = hexValue(line.at(pos)), lo = hexValue(line.at(pos + 1));
            if (hi < 0 || lo < 0)
                return std::nullopt;
            out.append(char(hi * 16 + lo));
            pos += 2;
            break;
        }
        default:
            out.append(e); // \\ and \"
        }
    }
    return std::nullopt;
}

enum class KeySpec { First, All, EveryOther, AllButLast };

struct CommandKeys
{
    KeyAccess::Kind kind;
    KeySpec spec;
};

const QHash<QByteArray, CommandKeys>& commandTable()
{
    using K = KeyAccess::Kind;
    static const QHash<QByteArray, CommandKeys> table = [] {
        QHash<QByteArray, CommandKeys> t;
        for (const char* c : { "get", "getex", "getrange", "strlen", "hget", "hgetall", "hmget", "hexists",
                 "hkeys", "hvals", "hlen", "hstrlen", "lrange", "lindex", "llen", "smembers", "sismember",
                 "smismember", "scard", "srandmember", "zrange", "zrangebyscore", "zrevrange", "zscore", "zrank",
                 "zcard", "zcount", "xrange", "xrevrange", "xlen", "getbit", "bitcount", "pfcount", "dump",
                 "exists", "type", "ttl", "pttl" })
            t.insert(c, { K::Read, KeySpec::First });
        t.insert("mget", { K::Read, KeySpec::All });
        t.insert("getdel", { K::Delete, KeySpec::First });
        for (const char* c : { "set", "setex", "psetex", "setnx", "setrange", "append", "incr", "incrby",
                 "incrbyfloat", "decr", "decrby", "getset", "hset", "hsetnx", "hmset", "hincrby", "hincrbyfloat",
                 "hdel", "lpush", "rpush", "lpushx", "rpushx", "lpop", "rpop", "lset", "ltrim", "lrem", "sadd",
                 "srem", "spop", "zadd", "zincrby", "zrem", "xadd", "xtrim", "setbit", "pfadd", "expire",
                 "pexpire", "expireat", "pexpireat", "persist", "restore" })
            t.insert(c, { K::Write, KeySpec::First });
        t.insert("mset", { K::Write, KeySpec::EveryOther });
        t.insert("msetnx", { K::Write, KeySpec::EveryOther });
        t.insert("del", { K::Delete, KeySpec::All });
        t.insert("unlink", { K::Delete, KeySpec::All });
        return t;
    }();
    return table;
}

} // namespace

std::optional<MonitorCommand> parseMonitorLine(const QByteArray& input, int maxArgs)
{
    QByteArray line = input;
    if (line.endsWith('\n'))
        line.chop(1);
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.startsWith('+'))
        line.remove(0, 1);
    const qsizetype open = line.indexOf(" [");
    const qsizetype close = line.indexOf("] ", open);
    if (open <= 0 || close < 0)
        return std::nullopt;
    MonitorCommand cmd;
    bool ok = false;
    cmd.timestamp = line.left(open).toDouble(&ok);
    if (!ok)
        return std::nullopt;
    const QByteArray inside = line.mid(open + 2, close - open - 2);
    const qsizetype space = inside.indexOf(' ');
    cmd.db = inside.left(space < 0 ? inside.size() : space).toInt(&ok);
    if (!ok || cmd.db < 0)
        return std::nullopt;
    if (space >= 0)
        cmd.client = inside.mid(space + 1);
    qsizetype pos = close + 2;
    while (pos < line.size() && (maxArgs < 0 || cmd.args.size() < maxArgs)) {
        if (line.at(pos) == ' ') {
            ++pos;
            continue;
        }
        if (line.at(pos) != '"')
            return std::nullopt;
        auto arg = readQuoted(line, pos);
        if (!arg)
            return std::nullopt;
        cmd.args.append(*arg);
    }
    if (cmd.args.isEmpty())
        return std::nullopt;
    return cmd;
}

bool needsAllArguments(const QByteArray& command)
{
    const auto it = commandTable().constFind(command.toLower());
    return it != commandTable().cend() && it->spec != KeySpec::First;
}

QList<KeyAccess> keyAccesses(const MonitorCommand& command)
{
    QList<KeyAccess> out;
    if (command.args.size() < 2)
        return out;
    const auto it = commandTable().constFind(command.args.first().toLower());
    if (it == commandTable().cend())
        return out;
    const qsizetype n = command.args.size();
    switch (it->spec) {
    case KeySpec::First:
        out.append({ command.args[1], it->kind });
        break;
    case KeySpec::All:
        for (qsizetype i = 1; i < n; ++i)
            out.append({ command.args[i], it->kind });
        break;
    case KeySpec::EveryOther:
        for (qsizetype i = 1; i < n; i += 2)
            out.append({ command.args[i], it->kind });
        break;
    case KeySpec::AllButLast:
        for (qsizetype i = 1; i + 1 < n; ++i)
            out.append({ command.args[i], it->kind });
        break;
    }
    return out;
}

} // namespace opsdeck::redis::analytics
