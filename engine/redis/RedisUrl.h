#pragma once

#include <QString>

#include <optional>

// Where a Redis server is: parsed from `redis://[user:password@]host:port[/db]`
// (`rediss://` for TLS; IPv6 hosts in brackets; user and password
// percent-decoded), as redis-cli and most clients accept it. The password can
// also come from a file (readRedisPasswordFile) so it never sits in a config.
//
// Parsing never connects. Debian 12's hiredis 0.14 has no TLS: tls = true
// parses, and whoever connects refuses it with kRedisTlsUnavailable. describe()
// is for logs and the Cache page and never shows the password.
namespace opsdeck::redis {

struct RedisEndpoint
{
    QString host;
    int port = 6379;
    int db = 0;
    QString user;
    QString password;
    bool tls = false;
};

inline constexpr const char* kRedisTlsUnavailable
    = "TLS is not available: Debian 12's hiredis 0.14 has no TLS support";

// nullopt with *error (naming what is wrong) when the URL is not a Redis URL.
std::optional<RedisEndpoint> parseRedisUrl(const QString& url, QString* error);
// The file's content, trimmed; nullopt with *error when it cannot be read or is empty.
std::optional<QString> readRedisPasswordFile(const QString& path, QString* error);
// "redis://user@host:port/db" without the password ("rediss://" when tls).
QString describe(const RedisEndpoint& endpoint);
// "host:port" ("[::1]:port" for IPv6).
QString hostPort(const RedisEndpoint& endpoint);

} // namespace opsdeck::redis
