#pragma once

#include "config/ConfigIssue.h"

#include <QCoreApplication>
#include <QList>
#include <QRegularExpression>
#include <QString>

#include <optional>

namespace YAML {
class Node;
}

// The headless file's `remote_write:` section: where OpsDeck sends what it
// scrapes (Prometheus remote-write 1.0), in Prometheus's remote_write words
// where they fit:
//
//   remote_write:
//     - url: https://mimir.plant-a.example/api/v1/push   # required, http(s)
//       name: mimir                 # default host:port; names the counters and logs
//       remote_timeout: 30s         # per request
//       bearer_token_file: secrets/mimir.token   # or bearer_token; or basic_auth
//       basic_auth: {username: opsdeck, password_file: secrets/mimir.password}
//       ca_file: secrets/plant-ca.pem
//       insecure: false
//       queue:
//         capacity: 10000000        # samples buffered while the receiver is away
//         max_samples_per_send: 5000
//         batch_send_deadline: 5s
//         min_backoff: 30ms         # retry delays double from here ...
//         max_backoff: 5s           # ... up to here
//       write_relabel:              # by metric name, in order (anchored regexes)
//         - {action: drop, regex: 'go_.*'}
//         - {action: keep, regex: 'node_.*|up'}
//
// Secrets are read at parse time and never reported. Every issue names
// file:line:column (config::YamlReader).
namespace opsdeck::remotewrite {

struct QueueConfig
{
    // 100 targets x 1,000 series at 1 s for 100 s; 16 bytes a sample (about 160 MB when full).
    qsizetype capacity = 10'000'000;
    int maxSamplesPerSend = 5'000;
    qint64 batchSendDeadlineMs = 5'000;
    qint64 minBackoffMs = 30;
    qint64 maxBackoffMs = 5'000;

    friend bool operator==(const QueueConfig&, const QueueConfig&) = default;
};

struct WriteRelabelRule
{
    enum class Action { Keep, Drop };
    Action action = Action::Keep;
    QString regex; // as written; matched anchored against __name__

    friend bool operator==(const WriteRelabelRule&, const WriteRelabelRule&) = default;
};

struct RemoteWriteConfig
{
    QString name; // for counters and logs
    QString url;
    qint64 timeoutMs = 30'000;
    QString bearerToken; // never logged
    QString basicAuthUser;
    QString basicAuthPassword; // never logged
    QString caFile;
    bool insecure = false;
    QueueConfig queue;
    QList<WriteRelabelRule> writeRelabel;

    friend bool operator==(const RemoteWriteConfig&, const RemoteWriteConfig&) = default;
};

class RemoteWriteConfigFile
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::remotewrite::RemoteWriteConfigFile)

public:
    // The section's node inside the file named fileName; nullopt when a fatal
    // issue was found (*issues, may be null, gets every issue).
    static std::optional<QList<RemoteWriteConfig>> parseNode(
        const YAML::Node& node, const QString& fileName, QList<config::ConfigIssue>* issues);
    // A file with a remote_write: list (a whole headless configuration works:
    // its other sections are ignored), as the console loads it. A file
    // without the section is an issue.
    static std::optional<QList<RemoteWriteConfig>> load(const QString& path, QList<config::ConfigIssue>* issues);
};

} // namespace opsdeck::remotewrite
