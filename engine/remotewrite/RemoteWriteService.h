#pragma once

#include "remotewrite/RemoteWriteConfig.h"
#include "remotewrite/RemoteWriteSender.h"
#include "ServiceThread.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>
#include <vector>

namespace opsdeck {
class Clock;
}
namespace opsdeck::metrics {
class SeriesStore;
}
namespace opsdeck::scrape {
class ScrapeManager;
}

// Remote write as one service: every sample the scrape manager appends to
// the store (its appended-samples sink, so nothing is read back from the
// store) goes, after each receiver's write_relabel rules, into that
// receiver's bounded queue, and a sender thread per receiver
// ("opsdeck-remote-write") delivers it (RemoteWriteSender). The sink runs on
// the scrape thread and only filters and copies; it never waits on the
// network. counters() may be read from any thread. It must never block the
// scrape thread on a sender, and it assumes no window exists.
namespace opsdeck::remotewrite {

class RemoteWriteService final : public QObject
{
    Q_OBJECT

public:
    // store and scrape must outlive the service; clock null = the system clock.
    RemoteWriteService(const QList<RemoteWriteConfig>& remotes, const metrics::SeriesStore* store,
        scrape::ScrapeManager* scrape, const Clock* clock = nullptr, QObject* parent = nullptr);
    // Gives the senders up to flushTimeoutMs to deliver what is buffered, then stops them.
    ~RemoteWriteService() override;

    void start();
    // Stops taking samples and gives the senders until timeoutMs to deliver
    // what they hold (while the receivers answer), then ends their threads.
    void stop(int timeoutMs = 5'000);

    // Lets go of the scrape manager without touching its sink: the caller
    // queues the replacement (another service's start(), or an empty sink)
    // and calls stop() once the scrape thread has taken it
    // (ScrapeManager::runAfterQueuedChanges), so that every sample reaches
    // one of the two services. stop() may then run on any thread.
    void releaseScrape();

    QList<RemoteWriteCounters> counters() const;
    const QList<RemoteWriteConfig>& remotes() const { return m_remotes; }

    // Whether a metric name passes a receiver's write_relabel rules, in order:
    // keep drops what does not match, drop what matches (anchored regexes).
    static bool passes(const QList<WriteRelabelRule>& rules, QByteArrayView metricName);

private:
    struct Fanout;
    QList<RemoteWriteConfig> m_remotes;
    QPointer<scrape::ScrapeManager> m_scrape; // may go first (the engine stops scraping, then flushes)
    const Clock* m_clock;
    std::shared_ptr<Fanout> m_fanout;
    std::vector<std::unique_ptr<ServiceThread<RemoteWriteSender>>> m_senders;
};

} // namespace opsdeck::remotewrite
