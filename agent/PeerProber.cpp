#include "PeerProber.h"

#include "collect/Collector.h"
#include "metrics/ExpositionEncoder.h"

#include <QTimer>

#include <algorithm>

namespace opsdeck::agent {

PeerProber::PeerProber(QList<profiler::ProbeRequest> peers, int intervalMs, QObject* parent)
    : QObject(parent)
    , m_intervalMs(std::max(100, intervalMs))
    , m_timer(new QTimer(this))
{
    for (const profiler::ProbeRequest& r : peers) {
        Peer peer;
        peer.request = r;
        peer.request.timeoutMs = std::min(r.timeoutMs, m_intervalMs);
        peer.name = r.tcpOnly ? QStringLiteral("%1:%2").arg(r.url.host()).arg(r.url.port()) : r.url.toString();
        if (r.tcpOnly && r.url.host().contains(QLatin1Char(':')))
            peer.name = QStringLiteral("[%1]:%2").arg(r.url.host()).arg(r.url.port());
        peer.probe = new profiler::NetworkProbe(this);
        m_peers.append(peer);
    }
    for (qsizetype i = 0; i < m_peers.size(); ++i) {
        connect(m_peers[i].probe, &profiler::NetworkProbe::finished, this,
            [this, i](const profiler::ProbeResult& result) {
                m_peers[i].last = result;
                m_peers[i].probed = true;
            });
    }
    connect(m_timer, &QTimer::timeout, this, [this] { round(); });
}

void PeerProber::start()
{
    if (m_peers.isEmpty())
        return;
    m_timer->start(m_intervalMs);
    round();
}

void PeerProber::round()
{
    for (Peer& p : m_peers) {
        if (!p.probe->isRunning())
            p.probe->probe(p.request);
    }
    ++m_rounds;
}

QByteArray PeerProber::exposition() const
{
    using collect::addSample;
    using collect::makeFamily;
    using metrics::MetricType;
    auto duration = makeFamily("opsdeck_agent_probe_duration_seconds", MetricType::Gauge,
        "Duration of the last probe of a peer by phase (resolve, connect, tls, processing, transfer), "
        "as the blackbox exporter's probe_http_duration_seconds.");
    auto success = makeFamily(
        "opsdeck_agent_probe_success", MetricType::Gauge, "Whether the last probe of a peer succeeded.");
    auto status = makeFamily("opsdeck_agent_probe_http_status_code", MetricType::Gauge,
        "HTTP status code of the last probe of a peer (0: no answer).");
    const QStringList& phases = profiler::NetworkProbe::phaseNames();
    for (const Peer& p : m_peers) {
        if (!p.probed)
            continue;
        const QByteArray peer = p.name.toUtf8();
        addSample(success, p.last.ok ? 1 : 0, { { "peer", peer } });
        if (!p.last.tcpOnly)
            addSample(status, p.last.statusCode, { { "peer", peer } });
        const bool measured = p.last.statusCode > 0 || (p.last.tcpOnly && p.last.ok);
        if (!measured)
            continue;
        const int count = p.last.tcpOnly ? 2 : int(phases.size());
        for (int i = 0; i < count; ++i)
            addSample(duration, profiler::NetworkProbe::phase(p.last.phases, i),
                { { "peer", peer }, { "phase", phases.at(i).toUtf8() } });
    }
    QList<metrics::MetricFamily> families;
    for (auto* f : { &duration, &success, &status }) {
        if (!f->samples.isEmpty())
            families.append(*f);
    }
    return families.isEmpty() ? QByteArray() : metrics::ExpositionEncoder::encode(families);
}

} // namespace opsdeck::agent
