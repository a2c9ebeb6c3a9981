#pragma once

#include "profiler/NetworkProbe.h"

#include <QByteArray>
#include <QList>
#include <QObject>

class QTimer;

// opsdeck-agent -> its peers: `--probe-peer URL|host:port` (repeatable) probes
// each peer every `--probe-interval` with profiler::NetworkProbe (HTTP phases
// as the blackbox exporter's, or TCP connect time) and keeps the newest result
// per peer, which exposition() renders for /metrics (AgentServer::addMetricsSection):
//
//   opsdeck_agent_probe_duration_seconds{peer,phase}
//   opsdeck_agent_probe_success{peer}
//   opsdeck_agent_probe_http_status_code{peer}     (HTTP peers)
//
// A peer not probed yet has no series; a peer without an answer has success 0
// and no durations. Runs on the agent's event loop and never blocks it.
namespace opsdeck::agent {

class PeerProber final : public QObject
{
public:
    // peers as given on the command line; intervalMs >= 100.
    PeerProber(QList<profiler::ProbeRequest> peers, int intervalMs, QObject* parent = nullptr);

    void start(); // probes at once, then every interval
    QByteArray exposition() const;
    qint64 rounds() const { return m_rounds; }

private:
    struct Peer
    {
        profiler::ProbeRequest request;
        QString name; // the peer label: the text given on the command line, normalised
        profiler::NetworkProbe* probe = nullptr;
        bool probed = false;
        profiler::ProbeResult last;
    };
    void round();

    QList<Peer> m_peers;
    int m_intervalMs;
    QTimer* m_timer = nullptr;
    qint64 m_rounds = 0;
};

} // namespace opsdeck::agent
