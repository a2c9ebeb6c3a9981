#include "redis/analytics/AccessSampler.h"

#include "redis/analytics/MonitorLine.h"
#include "redis/analytics/RedisConnection.h"

#include <QElapsedTimer>

#include <poll.h>

#include <algorithm>

namespace opsdeck::redis::analytics {

AccessSampleResult sampleAccesses(const RedisEndpoint& endpoint, const AccessSampleOptions& options,
    const std::atomic_bool* stop, const std::function<void(double)>& progress)
{
    AccessSampleResult result;
    StackDistanceProfiler profiler({ options.samplingRate, 4'000'000 });
    QString error;
    auto connection = RedisConnection::open(endpoint, &error);
    if (!connection) {
        result.error = error;
        return result;
    }
    // The server buffers the stream for this client, and that memory counts against maxmemory:
    // a second connection watches the buffer (CLIENT LIST ID, omem) and ends the sample when it
    // passes options.maxServerBufferBytes, before it can push the server into evictions or OOM.
    const auto id = connection->command({ QByteArrayLiteral("CLIENT"), QByteArrayLiteral("ID") }, &error);
    auto control = RedisConnection::open(endpoint, &error);
    if (!id || id->type != RedisValue::Type::Integer || !control) {
        result.error = QStringLiteral("cannot watch the MONITOR buffer: %1").arg(error);
        return result;
    }
    const QByteArray clientId = QByteArray::number(id->integer);
    const auto ok = connection->command({ QByteArrayLiteral("MONITOR") }, &error);
    if (!ok || ok->isError()) {
        result.error = QStringLiteral("MONITOR failed: %1").arg(ok ? QString::fromUtf8(ok->text) : error);
        return result;
    }
    QElapsedTimer clock;
    clock.start();
    const qint64 warmupMs = qint64(double(options.durationMs) * std::clamp(options.warmupFraction, 0.0, 0.9));
    qint64 lastProgress = 0;
    qint64 lastWatch = 0;
    while (clock.elapsed() < options.durationMs && result.commands < options.maxLines) {
        if (stop && stop->load()) {
            result.stopped = true;
            break;
        }
        if (clock.elapsed() - lastWatch >= 100) {
            lastWatch = clock.elapsed();
            const auto list = control->command(
                { QByteArrayLiteral("CLIENT"), QByteArrayLiteral("LIST"), QByteArrayLiteral("ID"), clientId },
                &error);
            if (list && list->isString()) {
                const qsizetype at = list->text.indexOf(" omem=");
                const qint64 omem
                    = at < 0 ? 0 : list->text.mid(at + 6, list->text.indexOf(' ', at + 6) - at - 6).toLongLong();
                result.maxServerBufferBytes = std::max(result.maxServerBufferBytes, omem);
                if (omem > options.maxServerBufferBytes) {
                    result.bufferLimitHit = true;
                    result.error
                        = QStringLiteral("stopped after %1 s: the server buffered %2 bytes of MONITOR output "
                                         "for this client (limit %3), which counts against maxmemory")
                              .arg(double(clock.elapsed()) / 1000.0, 0, 'f', 1)
                              .arg(omem)
                              .arg(options.maxServerBufferBytes);
                    break;
                }
            }
        }
        error.clear();
        auto reply = connection->bufferedReply(&error);
        if (!reply) {
            if (!error.isEmpty()) {
                result.error = QStringLiteral("MONITOR stream: %1").arg(error);
                break;
            }
            const qint64 wait = std::min<qint64>(100, options.durationMs - clock.elapsed());
            if (wait <= 0)
                break;
            pollfd p { connection->socket(), POLLIN, 0 };
            const int ready = ::poll(&p, 1, int(wait));
            if (ready > 0 && !connection->readSocket(&error)) {
                result.error = QStringLiteral("MONITOR stream: %1").arg(error);
                break;
            }
            continue;
        }
        if (!reply->isString())
            continue;
        auto cmd = parseMonitorLine(reply->text, 2);
        if (cmd && needsAllArguments(cmd->args.first()))
            cmd = parseMonitorLine(reply->text);
        if (!cmd)
            continue;
        ++result.commands;
        const bool counting = clock.elapsed() >= warmupMs;
        const QByteArray dbPrefix = QByteArray::number(cmd->db) + '\0';
        for (const KeyAccess& access : keyAccesses(*cmd)) {
            const QByteArray key = dbPrefix + access.key;
            switch (access.kind) {
            case KeyAccess::Kind::Read:
                ++result.reads;
                if (counting)
                    ++result.countedReads;
                profiler.access(key, counting);
                break;
            case KeyAccess::Kind::Write:
                ++result.writes;
                profiler.access(key, false);
                break;
            case KeyAccess::Kind::Delete:
                profiler.remove(key);
                break;
            }
        }
        if (progress && clock.elapsed() - lastProgress >= 250) {
            lastProgress = clock.elapsed();
            progress(double(lastProgress) / double(std::max(1, options.durationMs)));
        }
    }
    result.seconds = double(clock.elapsed()) / 1000.0;
    result.countedSeconds = std::max(0.0, result.seconds - double(warmupMs) / 1000.0);
    result.curve = profiler.curve();
    return result;
}

} // namespace opsdeck::redis::analytics
