#pragma once

#include "config/ConfigIssue.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace YAML {
class Node;
}

// The `profiler:` section of the engine config file; the console builds the
// same struct from its settings:
//
//   profiler:
//     deadline: 400ms          # fleet snapshot deadline per host; default 400ms
//     probe_interval: 10s      # engine -> agent network probes; 0 = off; default 10s
//     databases:               # database targets analysed by the Profiler (PostgresAnalyzer,
//     RedisLatencyAnalyzer)
//       - name: mes-db         # unique
//         type: postgresql     # postgresql | redis
//         host: 127.0.0.1      # postgresql: host, port (default 5432), database, user, sslmode
//         port: 5432
//         database: mes
//         user: opsdeck
//         password_file: /etc/opsdeck/mes-db.password   # never the password inline
//         sslmode: prefer      # disable | allow | prefer (default) | require | verify-ca | verify-full
//       - name: sessions
//         type: redis
//         url: redis://127.0.0.1:6379                   # redis: url (rediss:// for TLS)
//         password_file: /etc/opsdeck/redis.password
//
// Passwords are never inline: the reader rejects `password` and checks that a
// password_file can be read, but keeps only its path (the analysers read the
// file on every call, so a rotated password is picked up). Nothing here logs a secret.
namespace opsdeck::profiler {

struct DatabaseTarget
{
    enum Type {
        PostgreSql,
        Redis,
    };

    QString name;
    Type type = PostgreSql;
    QString host; // postgresql
    int port = 5432; // postgresql
    QString database; // postgresql; empty = the user's name
    QString user; // postgresql
    QString passwordFile; // absolute; empty = no password (peer/trust auth, or the URL's)
    QString sslMode = QStringLiteral("prefer"); // postgresql sslmode
    QString url; // redis://[user:password@]host:port[/db]

    friend bool operator==(const DatabaseTarget&, const DatabaseTarget&) = default;
};

struct ProfilerConfig
{
    int deadlineMs = 400;
    int probeIntervalMs = 10000; // 0 = no engine -> agent probes
    QList<DatabaseTarget> databases;

    friend bool operator==(const ProfilerConfig&, const ProfilerConfig&) = default;
};

class ProfilerConfigFile
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::profiler::ProfilerConfigFile)

public:
    // The section's node inside the file named fileName (relative paths are
    // resolved against its folder); nullopt when a fatal issue was found
    // (*issues, may be null, gets every issue).
    static std::optional<ProfilerConfig> parseNode(
        const YAML::Node& node, const QString& fileName, QList<config::ConfigIssue>* issues);
    // "postgresql" / "redis" (the YAML words).
    static QString typeName(DatabaseTarget::Type type);
};

// The trimmed content of the target's password file; empty when it names none.
// nullopt (with *error set, naming the file, never its content) when it cannot be read.
std::optional<QString> readPasswordFile(const DatabaseTarget& target, QString* error);

} // namespace opsdeck::profiler
