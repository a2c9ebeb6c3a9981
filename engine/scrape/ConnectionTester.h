#pragma once

#include "ScrapeResult.h"
#include "ScrapeTarget.h"

#include <QObject>
#include <QString>

#include <functional>

// Tests a scrape target before it is saved ("Test" in the target editor): one
// scrape through ScrapeClient (the scrape manager's own fetch + parse code),
// then, when that worked, GET /api/v1/info with the target's token to tell an
// opsdeck-agent apart from any other exporter and to check the token. The
// result says what was found or, in plain words, why it failed.
//
// The network work runs on a worker thread of the global QThreadPool
// (ScrapeClient::scrapeOnce spins a local event loop); it must never run on
// the caller's (GUI) thread. Every step is bounded by the target's timeout.
// Nothing is stored.
namespace opsdeck::scrape {

struct ConnectionTestResult
{
    enum class Agent {
        NotChecked, // the scrape failed, so the API was not asked
        OpsdeckAgent, // /api/v1/info answered with the agent's JSON
        TokenRejected, // /api/v1/info said 401/403: an agent, but the token is wrong or missing
        OtherExporter, // no opsdeck API there (404 or not our JSON): a node_exporter or similar
        Unknown, // the API probe failed for another reason (see agentNote)
    };

    bool ok = false; // the scrape worked (the target can be monitored)
    ScrapeFailure failure = ScrapeFailure::None;
    QString error; // why the scrape failed, in plain words (empty when ok)
    int httpStatus = 0;
    qint64 samples = 0;
    qint64 families = 0;
    qint64 bodyBytes = 0;
    double durationSeconds = 0;
    bool nodeExporterNames = false; // node_* families present
    Agent agent = Agent::NotChecked;
    QString agentVersion; // from /api/v1/info
    QString agentHost;
    QString agentNote; // why the API probe was inconclusive

    // One or two sentences for the operator, e.g. "node_exporter-compatible:
    // 812 samples in 97 families, 14 ms. opsdeck-agent 0.3.0 on plant-01."
    QString summary() const;
};

class ConnectionTester final : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(const ConnectionTestResult&)>;

    // Starts a test; done runs on context's thread, and not at all when
    // context is destroyed before the test finished. Returns at once.
    static void test(const ScrapeTarget& target, QObject* context, Done done);

    // The blocking part, for the worker thread (and the CLI): never call on
    // the GUI thread.
    static ConnectionTestResult testBlocking(const ScrapeTarget& target);
};

} // namespace opsdeck::scrape
