// opsdeck-agent: host metrics over HTTP(S) for the OpsDeck console and any
// Prometheus server. Composition root: parse options, build AgentServer, run.

#include "AgentServer.h"
#include "PeerProber.h"
#include "SignalWatcher.h"

#include "EngineInfo.h"
#include "metrics/Duration.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QSaveFile>

#include <cstdio>

Q_DECLARE_LOGGING_CATEGORY(lcAgent)

using namespace opsdeck::agent;

namespace {

constexpr int kExitUsage = 2;
constexpr int kExitStartFailed = 1;

// "127.0.0.1:9110", "0.0.0.0:9110", "[::1]:9110", ":9110" (all interfaces).
bool parseListen(const QString& text, QHostAddress& address, quint16& port)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon < 0)
        return false;
    QString host = text.left(colon);
    bool ok = false;
    const uint p = text.mid(colon + 1).toUInt(&ok);
    if (!ok || p > 65535)
        return false;
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    if (host.isEmpty())
        address = QHostAddress(QHostAddress::Any);
    else if (host == u"localhost")
        address = QHostAddress(QHostAddress::LocalHost);
    else if (!address.setAddress(host))
        return false;
    port = quint16(p);
    return true;
}

QString hostPort(const QHostAddress& address, quint16 port)
{
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + address.toString() + u']'
                                                                             : address.toString();
    return host + u':' + QString::number(port);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("OpsDeck"));
    QCoreApplication::setApplicationName(QStringLiteral("opsdeck-agent"));
    QCoreApplication::setApplicationVersion(opsdeck::engineVersion());

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main",
        "Serves this host's metrics (node_exporter-compatible names) on GET /metrics in the Prometheus\n"
        "text format 0.0.4, GET /healthz, and the token-protected JSON API under /api/v1/.\n"
        "Prints \"listening on ADDR:PORT\" on stdout once it accepts connections. Stops on SIGTERM/SIGINT."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listen(QStringLiteral("listen"),
        QCoreApplication::translate("main",
            "Address and port to listen on; port 0 picks a "
            "free one. Default 127.0.0.1:9110."),
        QStringLiteral("addr:port"), QStringLiteral("127.0.0.1:9110"));
    const QCommandLineOption tokenFile(QStringLiteral("token-file"),
        QCoreApplication::translate("main",
            "File holding the bearer token (whitespace "
            "trimmed) required on /api/*. Without it "
            "/api/* always answers 401."),
        QStringLiteral("file"));
    const QCommandLineOption metricsAuth(QStringLiteral("metrics-auth"),
        QCoreApplication::translate("main",
            "Require the token on /metrics too "
            "(default: /metrics is open, like "
            "node_exporter). Needs --token-file."));
    const QCommandLineOption tlsCert(QStringLiteral("tls-cert"),
        QCoreApplication::translate("main", "PEM certificate (chain) for HTTPS."), QStringLiteral("file"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"),
        QCoreApplication::translate("main", "Unencrypted PEM private key for HTTPS."), QStringLiteral("file"));
    const QCommandLineOption readyFile(QStringLiteral("ready-file"),
        QCoreApplication::translate("main",
            "Also write \"ADDR:PORT\" to this file once "
            "listening."),
        QStringLiteral("file"));
    const QCommandLineOption procRoot(QStringLiteral("proc-root"),
        QCoreApplication::translate("main", "procfs mount point. Default /proc."), QStringLiteral("dir"),
        QStringLiteral("/proc"));
    const QCommandLineOption sysRoot(QStringLiteral("sys-root"),
        QCoreApplication::translate("main", "sysfs mount point. Default /sys."), QStringLiteral("dir"),
        QStringLiteral("/sys"));
    const QCommandLineOption mountsFile(QStringLiteral("mounts-file"),
        QCoreApplication::translate("main",
            "Mount table for filesystem metrics. "
            "Default PROC_ROOT/self/mounts."),
        QStringLiteral("file"));
    const QCommandLineOption topProcesses(QStringLiteral("top-processes"),
        QCoreApplication::translate("main",
            "How many top processes by CPU, memory "
            "and I/O to report; 0 turns it off. "
            "Default 10."),
        QStringLiteral("n"), QStringLiteral("10"));
    const QCommandLineOption cacheMs(QStringLiteral("cache-ms"),
        QCoreApplication::translate("main",
            "Reuse one collection for scrapes this close "
            "together; 0 collects on every scrape. "
            "Default 200."),
        QStringLiteral("ms"), QStringLiteral("200"));
    const QCommandLineOption probePeer(QStringLiteral("probe-peer"),
        QCoreApplication::translate("main",
            "Probe this peer (http(s)://host:port[/path], default path /healthz, or host:port for TCP "
            "connect time) every --probe-interval; repeatable. Exposed on /metrics as "
            "opsdeck_agent_probe_*{peer}."),
        QStringLiteral("url"));
    const QCommandLineOption probeInterval(QStringLiteral("probe-interval"),
        QCoreApplication::translate("main", "How often peers are probed (100ms to 1h). Default 10s."),
        QStringLiteral("duration"), QStringLiteral("10s"));
    parser.addOptions({ listen, tokenFile, metricsAuth, tlsCert, tlsKey, readyFile, procRoot, sysRoot, mountsFile,
        topProcesses, cacheMs, probePeer, probeInterval });
    parser.process(app); // --help/--version exit 0, unknown options exit 1 with a message

    auto usageError = [](const QString& message) {
        std::fprintf(stderr, "opsdeck-agent: %s\n", qPrintable(message));
        return kExitUsage;
    };
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument %1").arg(parser.positionalArguments().first()));

    AgentConfig config;
    if (!parseListen(parser.value(listen), config.address, config.port))
        return usageError(QStringLiteral("--listen wants ADDR:PORT, got \"%1\"").arg(parser.value(listen)));
    bool ok = false;
    config.topProcesses = parser.value(topProcesses).toInt(&ok);
    if (!ok || config.topProcesses < 0)
        return usageError(QStringLiteral("--top-processes wants a number >= 0"));
    config.cacheMs = parser.value(cacheMs).toInt(&ok);
    if (!ok || config.cacheMs < 0)
        return usageError(QStringLiteral("--cache-ms wants a number >= 0"));
    config.paths.procRoot = parser.value(procRoot);
    config.paths.sysRoot = parser.value(sysRoot);
    config.paths.mountsFile = parser.value(mountsFile);
    config.tlsCertFile = parser.value(tlsCert);
    config.tlsKeyFile = parser.value(tlsKey);
    config.metricsAuth = parser.isSet(metricsAuth);
    if (parser.isSet(tokenFile)) {
        QFile file(parser.value(tokenFile));
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "opsdeck-agent: cannot read token file %s: %s\n", qPrintable(file.fileName()),
                qPrintable(file.errorString()));
            return kExitStartFailed;
        }
        config.token = file.read(64 * 1024).trimmed();
        if (config.token.isEmpty()) {
            std::fprintf(stderr, "opsdeck-agent: token file %s is empty\n", qPrintable(file.fileName()));
            return kExitStartFailed;
        }
        if (file.permissions() & QFileDevice::ReadOther)
            qCWarning(lcAgent, "token file %s is readable by every user", qPrintable(file.fileName()));
    }
    if (config.metricsAuth && config.token.isEmpty())
        return usageError(QStringLiteral("--metrics-auth needs --token-file"));

    const auto probeMs = opsdeck::metrics::parseDuration(parser.value(probeInterval));
    if (!probeMs || *probeMs < 100 || *probeMs > 3'600'000)
        return usageError(QStringLiteral("--probe-interval wants a duration from 100ms to 1h, got \"%1\"")
                              .arg(parser.value(probeInterval)));
    QList<opsdeck::profiler::ProbeRequest> peers;
    for (const QString& peer : parser.values(probePeer)) {
        QString peerError;
        const auto request = opsdeck::profiler::NetworkProbe::parseTarget(peer, 2000, &peerError);
        if (!request)
            return usageError(QStringLiteral("--probe-peer: %1").arg(peerError));
        peers.append(*request);
    }

    AgentServer server(config);
    opsdeck::agent::PeerProber prober(peers, int(*probeMs));
    if (!peers.isEmpty())
        server.addMetricsSection([&prober] { return prober.exposition(); });
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "opsdeck-agent: %s\n", qPrintable(error));
        return kExitStartFailed;
    }
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &app, [](int signo) {
        qCInfo(lcAgent, "signal %d received, shutting down", signo);
        QCoreApplication::quit();
    });

    const QString endpoint = hostPort(server.serverAddress(), server.serverPort());
    qCInfo(lcAgent, "opsdeck-agent %s serving %s://%s (metrics auth %s, token %s)",
        qPrintable(opsdeck::engineVersion()), server.isTls() ? "https" : "http", qPrintable(endpoint),
        config.metricsAuth ? "on" : "off", config.token.isEmpty() ? "not set" : "set");
    if (parser.isSet(readyFile)) {
        QSaveFile ready(parser.value(readyFile));
        if (!ready.open(QIODevice::WriteOnly) || ready.write(endpoint.toUtf8() + '\n') < 0 || !ready.commit()) {
            std::fprintf(stderr, "opsdeck-agent: cannot write ready file %s: %s\n", qPrintable(ready.fileName()),
                qPrintable(ready.errorString()));
            return kExitStartFailed;
        }
    }
    std::printf("listening on %s\n", qPrintable(endpoint));
    std::fflush(stdout);
    prober.start();
    return app.exec();
}
