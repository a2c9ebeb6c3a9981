#pragma once

#include "ScrapeResult.h"
#include "ScrapeTarget.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

class QNetworkAccessManager;

// One scrape of one target: an asynchronous HTTP GET with the target's
// timeout, a body-size limit enforced while downloading, then a parse. Lives
// in the thread of its QNetworkAccessManager and reports through a callback on
// that thread. The scrape manager keeps one per target and the one-shot CLI
// path (ScrapeClient) uses the same class, so both behave identically.
// Never blocks: no waitFor*, no nested event loop.
namespace opsdeck::scrape {

class ScrapeConnection;

// Accept header. We prefer the 0.0.4 text format (the format our agents and
// node_exporter speak natively): OpenMetrics from client_golang adds a
// `_created` series per counter, which would cost samples and CPU for nothing
// the console uses. OpenMetrics 1.0 is still accepted and parsed.
inline constexpr const char* kScrapeAcceptHeader
    = "text/plain;version=0.0.4;q=1.0,application/openmetrics-text;version=1.0.0;q=0.5,*/*;q=0.1";

class ScrapeRequest final : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(ScrapeResult&&)>;

    explicit ScrapeRequest(QNetworkAccessManager* nam, QObject* parent = nullptr);
    ~ScrapeRequest() override;

    // Prepares headers and TLS settings once per target configuration.
    void setTarget(const ScrapeTarget& target);
    void setLimits(const metrics::ParseLimits& limits) { m_limits = limits; }
    // The scrape manager parses as it appends (TargetSeries::appendExposition,
    // with its scrape cache): then a successful result carries the body, not
    // parsed families, and a parse error is the caller's to report.
    void setDeferParse(bool defer) { m_deferParse = defer; }

    bool isRunning() const { return m_reply != nullptr || m_direct; }
    // Starts the scrape; `done` runs exactly once, later, on this thread
    // (unless abort() is called first). Ignored while one is running.
    void start(Callback done);
    // Cancels a running scrape without calling its callback.
    void abort();

private:
    void onReadyRead();
    void onMetaDataChanged();
    void onTimeout();
    void onFinished();
    void startNetworkAccess();
    void onConnectionFinished();
    void completeWithBody(ScrapeResult& result, QByteArray&& body);
    void finish(ScrapeResult&& result);
    bool exceedsLimit(qint64 bytes);

    QNetworkAccessManager* m_nam;
    ScrapeTarget m_target;
    metrics::ParseLimits m_limits;
    QNetworkRequest m_request;
    QString m_setupError; // non-empty when the target cannot be scraped as configured
    QPointer<QNetworkReply> m_reply;
    QTimer m_timeout;
    QElapsedTimer m_elapsed;
    Callback m_done;
    bool m_timedOut = false;
    bool m_tooLarge = false;
    bool m_deferParse = false;
    // Plain http goes through a lean keep-alive connection (ScrapeConnection);
    // https, redirects and compressed answers through QNAM.
    ScrapeConnection* m_connection = nullptr;
    bool m_direct = false; // a GET on m_connection is running
};

} // namespace opsdeck::scrape
