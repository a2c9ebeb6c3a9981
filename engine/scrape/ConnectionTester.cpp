#include "ConnectionTester.h"

#include "ScrapeClient.h"
#include "ScrapeLog.h"
#include "ScrapeRequest.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QThreadPool>

namespace opsdeck::scrape {

namespace {

// GET /api/v1/info through ScrapeRequest with parsing deferred, so TLS
// options, token and timeout are applied exactly as for the scrape.
ScrapeResult fetchInfo(const ScrapeTarget& target)
{
    ScrapeTarget info = target;
    info.url.setPath(QStringLiteral("/api/v1/info"));
    info.url.setQuery(QString());
    QObject owner;
    QNetworkAccessManager* nam = ScrapeClient::createNetworkAccessManager(&owner);
    ScrapeRequest request(nam);
    request.setTarget(info);
    request.setDeferParse(true);
    ScrapeResult result;
    bool done = false;
    QEventLoop loop;
    request.start([&](ScrapeResult&& r) {
        result = std::move(r);
        done = true;
        loop.quit();
    });
    if (!done)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    return result;
}

} // namespace

ConnectionTestResult ConnectionTester::testBlocking(const ScrapeTarget& target)
{
    ConnectionTestResult out;
    const ScrapeResult scrape = ScrapeClient::scrapeOnce(target);
    out.failure = scrape.failure;
    out.httpStatus = scrape.httpStatus;
    out.bodyBytes = scrape.bodyBytes;
    out.durationSeconds = scrape.durationSeconds;
    if (!scrape.ok()) {
        out.error = scrape.error;
        qCInfo(lcScrape).noquote() << "connection test of" << target.url.toDisplayString()
                                   << "failed:" << out.error;
        return out;
    }
    out.ok = true;
    out.samples = scrape.parsed.sampleCount;
    out.families = scrape.parsed.families.size();
    for (const metrics::MetricFamily& family : scrape.parsed.families) {
        if (family.name.startsWith("node_")) {
            out.nodeExporterNames = true;
            break;
        }
    }

    const ScrapeResult info = fetchInfo(target);
    if (info.ok()) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(info.body, &parseError);
        const QJsonObject object = doc.object();
        if (parseError.error == QJsonParseError::NoError && object.value(QStringLiteral("version")).isString()) {
            out.agent = ConnectionTestResult::Agent::OpsdeckAgent;
            out.agentVersion = object.value(QStringLiteral("version")).toString();
            out.agentHost = object.value(QStringLiteral("host")).toString();
        } else {
            out.agent = ConnectionTestResult::Agent::OtherExporter;
        }
    } else if (info.failure == ScrapeFailure::Http && (info.httpStatus == 401 || info.httpStatus == 403)) {
        out.agent = ConnectionTestResult::Agent::TokenRejected;
        out.agentNote = info.error;
    } else if (info.failure == ScrapeFailure::Http) {
        out.agent = ConnectionTestResult::Agent::OtherExporter;
    } else {
        out.agent = ConnectionTestResult::Agent::Unknown;
        out.agentNote = info.error;
    }
    qCInfo(lcScrape).noquote() << "connection test of" << target.url.toDisplayString() << ":" << out.summary();
    return out;
}

void ConnectionTester::test(const ScrapeTarget& target, QObject* context, Done done)
{
    QPointer<QObject> guard(context);
    QThreadPool::globalInstance()->start([target, guard, done = std::move(done)]() {
        ConnectionTestResult result = testBlocking(target);
        if (!guard)
            return;
        QMetaObject::invokeMethod(
            guard.data(),
            [guard, done, result = std::move(result)]() {
                if (guard)
                    done(result);
            },
            Qt::QueuedConnection);
    });
}

QString ConnectionTestResult::summary() const
{
    if (!ok)
        return error;
    const QString kind = nodeExporterNames ? ConnectionTester::tr("node_exporter-compatible")
                                           : ConnectionTester::tr("Prometheus metrics");
    const int ms = qRound(durationSeconds * 1000.0);
    QString text = ConnectionTester::tr("%1: %2 samples in %3 families, %4 ms.")
                       .arg(kind)
                       .arg(samples)
                       .arg(families)
                       .arg(ms);
    switch (agent) {
    case Agent::OpsdeckAgent:
        text += QLatin1Char(' ')
            + (agentHost.isEmpty() ? ConnectionTester::tr("opsdeck-agent %1, token accepted.").arg(agentVersion)
                                   : ConnectionTester::tr("opsdeck-agent %1 on %2, token accepted.")
                                         .arg(agentVersion, agentHost));
        break;
    case Agent::TokenRejected:
        text += QLatin1Char(' ')
            + ConnectionTester::tr("The agent's API refused the token (%1): metrics work, agent control will not.")
                  .arg(agentNote);
        break;
    case Agent::OtherExporter:
        text += QLatin1Char(' ') + ConnectionTester::tr("Not an opsdeck-agent (no /api/v1/info).");
        break;
    case Agent::Unknown:
        text += QLatin1Char(' ') + ConnectionTester::tr("Could not ask for agent info: %1").arg(agentNote);
        break;
    case Agent::NotChecked:
        break;
    }
    return text;
}

} // namespace opsdeck::scrape
