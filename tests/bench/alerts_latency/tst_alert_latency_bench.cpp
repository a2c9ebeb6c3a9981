// Alert latency, end to end, for OpsDeck and for Prometheus + Alertmanager.
//
// One target (a QHttpServer in this process) exposes bench_value{id="0".."N-1"}
// = 0. Every ~250 ms one series is flipped to 1; the rule `bench_value > 0.5`
// (for: 0) fires, and a webhook receiver (the same server) notes when each
// system's notification for that id arrives. Both systems scrape the same
// target every second in the same run: OpsDeck (embedded engine, group_wait 0)
// and Prometheus 2.42 with evaluation_interval 1 s sending to Alertmanager 0.25
// with group_wait 0 s (Debian's packages, on loopback).
//
// Printed (never asserted; the machine is shared):
//  (a) OpsDeck, from the scrape that first returned the crossing sample (the
//      moment this server answered OpsDeck's request) to the webhook arriving;
//  (b) both systems, from the flip to the webhook arriving, with the ratio.

#include "AgentProcess.h"
#include "AlertmanagerProcess.h"
#include "alerts/AlertService.h"
#include "Engine.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>

namespace {

constexpr int kSeries = 120;
constexpr qint64 kNever = -1;

struct Timeline
{
    qint64 flipped = kNever;
    qint64 opsdeckScraped = kNever; // this server answered OpsDeck's scrape with the crossing value
    qint64 opsdeckWebhook = kNever;
    qint64 prometheusWebhook = kNever;
};

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return qQNaN();
    std::sort(values.begin(), values.end());
    const double rank = p / 100.0 * double(values.size() - 1);
    const auto lo = qsizetype(rank);
    const auto hi = std::min(lo + 1, values.size() - 1);
    return values.at(lo) + (values.at(hi) - values.at(lo)) * (rank - double(lo));
}

bool waitReady(quint16 port, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        const HttpResult r = httpRequest("GET", QUrl(QStringLiteral("http://127.0.0.1:%1/-/ready").arg(port)), {},
            QByteArray(), QSslCertificate(), 1000);
        if (r.status == 200)
            return true;
        QTest::qWait(200);
    }
    return false;
}

void writeFile(const QString& path, const QByteArray& text)
{
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(text);
}

} // namespace

class TestAlertLatencyBench : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_clock.start();
        m_timeline.resize(kSeries);

        m_server.route(QStringLiteral("/metrics"), [this](const QHttpServerRequest& request) {
            const qint64 now = m_clock.nsecsElapsed();
            const bool opsdeck = request.value("User-Agent").startsWith("OpsDeck/");
            if (!opsdeck)
                ++m_prometheusScrapes;
            QByteArray body = "# TYPE bench_value gauge\n";
            for (int i = 0; i < kSeries; ++i) {
                Timeline& t = m_timeline[i];
                const bool high = t.flipped != kNever;
                if (high && opsdeck && t.opsdeckScraped == kNever)
                    t.opsdeckScraped = now;
                body += "bench_value{id=\"" + QByteArray::number(i) + "\"} " + (high ? "1" : "0") + '\n';
            }
            return QHttpServerResponse(QByteArrayLiteral("text/plain; version=0.0.4"), body);
        });
        const auto hook = [this](bool opsdeck) {
            return [this, opsdeck](const QHttpServerRequest& request) {
                const qint64 now = m_clock.nsecsElapsed();
                const QJsonArray alerts
                    = QJsonDocument::fromJson(request.body()).object().value(QStringLiteral("alerts")).toArray();
                for (const QJsonValue& v : alerts) {
                    const QJsonObject a = v.toObject();
                    if (a.value(QStringLiteral("status")).toString() != QLatin1String("firing"))
                        continue;
                    const int id = a.value(QStringLiteral("labels"))
                                       .toObject()
                                       .value(QStringLiteral("id"))
                                       .toString()
                                       .toInt();
                    if (id < 0 || id >= kSeries)
                        continue;
                    qint64& slot = opsdeck ? m_timeline[id].opsdeckWebhook : m_timeline[id].prometheusWebhook;
                    if (slot == kNever)
                        slot = now;
                }
                return QHttpServerResponse(QHttpServerResponder::StatusCode::Ok);
            };
        };
        m_server.route(QStringLiteral("/opsdeck"), QHttpServerRequest::Method::Post, hook(true));
        m_server.route(QStringLiteral("/am"), QHttpServerRequest::Method::Post, hook(false));
        m_tcp = new QTcpServer;
        QVERIFY(m_tcp->listen(QHostAddress::LocalHost, 0));
        m_server.bind(m_tcp);
    }

    void latency()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("prometheus")).isEmpty()
            || QStandardPaths::findExecutable(QStringLiteral("prometheus-alertmanager")).isEmpty())
            QSKIP("prometheus and prometheus-alertmanager (Debian packages) are needed for the comparison");
        const quint16 port = m_tcp->serverPort();
        const QString target = QStringLiteral("127.0.0.1:%1").arg(port);

        // Alertmanager 0.25: group_wait 0 s, one group per id, clustering off.
        AlertmanagerProcess am;
        QString amError;
        QVERIFY2(am.start(m_dir.filePath(QStringLiteral("am")),
                     QStringLiteral("route:\n  receiver: hook\n  group_by: [id]\n  group_wait: 0s\n"
                                    "  group_interval: 1s\n  repeat_interval: 1h\n"
                                    "receivers:\n  - name: hook\n    webhook_configs:\n"
                                    "      - url: http://%1/am\n        send_resolved: false\n")
                         .arg(target)
                         .toUtf8(),
                     &amError),
            qPrintable(amError));
        const quint16 amPort = am.port();

        // Prometheus 2.42: scrape and evaluate every second.
        const quint16 promPort = freeLoopbackPort();
        const QString promDir = m_dir.filePath(QStringLiteral("prom"));
        QDir().mkpath(promDir);
        writeFile(promDir + QStringLiteral("/rules.yml"),
            "groups:\n  - name: bench\n    rules:\n      - alert: BenchHigh\n        expr: bench_value > 0.5\n");
        writeFile(promDir + QStringLiteral("/prometheus.yml"),
            QStringLiteral(
                "global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\n  evaluation_interval: 1s\n"
                "rule_files: [%1/rules.yml]\n"
                "alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['127.0.0.1:%2']\n"
                "scrape_configs:\n  - job_name: bench\n    static_configs:\n      - targets: ['%3']\n")
                .arg(promDir)
                .arg(amPort)
                .arg(target)
                .toUtf8());
        QProcess prometheus;
        prometheus.setProcessChannelMode(QProcess::MergedChannels);
        prometheus.start(QStringLiteral("prometheus"),
            { QStringLiteral("--config.file=") + promDir + QStringLiteral("/prometheus.yml"),
                QStringLiteral("--storage.tsdb.path=") + promDir + QStringLiteral("/tsdb"),
                QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(promPort) });
        QVERIFY(prometheus.waitForStarted());

        // OpsDeck: the same target every second, group_wait 0, a webhook receiver.
        opsdeck::EngineOptions options { m_dir.filePath(QStringLiteral("opsdeck")) };
        options.localSource = opsdeck::scrape::LocalSourceMode::Off;
        opsdeck::scrape::ScrapeTarget scrapeTarget;
        scrapeTarget.url = QUrl(QStringLiteral("http://%1/metrics").arg(target));
        scrapeTarget.job = QStringLiteral("bench");
        scrapeTarget.intervalMs = 1000;
        options.targets = QList<opsdeck::scrape::ScrapeTarget> { scrapeTarget };
        opsdeck::alerts::ReceiverConfig webhook;
        webhook.name = QStringLiteral("hook");
        webhook.url = QStringLiteral("http://%1/opsdeck").arg(target);
        webhook.sendResolved = false;
        options.alerting.receivers = { webhook };
        options.alerting.route.receiver = webhook.name;
        options.alerting.route.groupBy = QList<QByteArray> { "id" };
        options.alerting.route.groupWaitMs = 0;
        options.alerting.route.groupIntervalMs = 1000;
        opsdeck::Engine engine(options);
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        opsdeck::alerts::AlertRule rule;
        rule.name = QStringLiteral("BenchHigh");
        rule.expr = QStringLiteral("bench_value > 0.5");
        bool rulesSet = false;
        engine.alertService()->setRuleGroups(
            { opsdeck::alerts::RuleGroup { QStringLiteral("bench"), 0, { rule } } }, &engine,
            [&](const QString& error) {
                QVERIFY2(error.isEmpty(), qPrintable(error));
                rulesSet = true;
            });
        QTRY_VERIFY(rulesSet);

        QVERIFY2(waitReady(promPort, 60'000), prometheus.readAll().constData());
        // Both scrape the target and Prometheus has evaluated with the rule loaded.
        QTRY_VERIFY_WITH_TIMEOUT(m_prometheusScrapes >= 3, 30'000);
        QTRY_VERIFY_WITH_TIMEOUT(!engine.scrapeManager()->targets().isEmpty()
                && engine.scrapeManager()->targets().constFirst().health == opsdeck::scrape::TargetHealth::Up,
            30'000);
        QTest::qWait(2000);

        // Flip one series every 200..300 ms: flips land at every phase of both scrape clocks.
        QRandomGenerator rng(42);
        for (int i = 0; i < kSeries; ++i) {
            m_timeline[i].flipped = m_clock.nsecsElapsed();
            QTest::qWait(200 + int(rng.bounded(100)));
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(m_timeline.cbegin(), m_timeline.cend(),
                [](const Timeline& t) { return t.opsdeckWebhook != kNever && t.prometheusWebhook != kNever; }),
            30'000);

        QList<double> scrapeToHook, opsdeckFlip, prometheusFlip;
        for (const Timeline& t : std::as_const(m_timeline)) {
            scrapeToHook.append(double(t.opsdeckWebhook - t.opsdeckScraped) / 1e6);
            opsdeckFlip.append(double(t.opsdeckWebhook - t.flipped) / 1e6);
            prometheusFlip.append(double(t.prometheusWebhook - t.flipped) / 1e6);
        }
        const double a50 = percentile(scrapeToHook, 50), a99 = percentile(scrapeToHook, 99);
        const double o50 = percentile(opsdeckFlip, 50), o99 = percentile(opsdeckFlip, 99);
        const double p50 = percentile(prometheusFlip, 50), p99 = percentile(prometheusFlip, 99);
        std::printf("BENCH alert_latency scrape_to_webhook opsdeck n=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f "
                    "(goal p99 < 50)\n",
            kSeries, a50, a99, percentile(scrapeToHook, 100));
        std::printf("BENCH alert_latency flip_to_webhook scrape=1s n=%d opsdeck p50_ms=%.0f p99_ms=%.0f | "
                    "prometheus+alertmanager p50_ms=%.0f p99_ms=%.0f | ratio p50=%.2f p99=%.2f\n",
            kSeries, o50, o99, p50, p99, o50 / p50, o99 / p99);
        std::fflush(stdout);

        prometheus.terminate();
        QVERIFY(prometheus.waitForFinished(20'000));
    }

private:
    QTemporaryDir m_dir;
    QElapsedTimer m_clock;
    QHttpServer m_server;
    QTcpServer* m_tcp = nullptr;
    QList<Timeline> m_timeline;
    int m_prometheusScrapes = 0;
};

QTEST_GUILESS_MAIN(TestAlertLatencyBench)
#include "tst_alert_latency_bench.moc"
