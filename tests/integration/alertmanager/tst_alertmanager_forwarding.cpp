// alerting.alertmanagers against a real Alertmanager 0.25: an in-process
// engine scrapes a loopback target whose gauge crosses a rule's threshold;
// the firing alert must show in Alertmanager's GET /api/v2/alerts (and in
// `amtool alert query`) with its labels, annotations and generatorURL, next
// to OpsDeck's own webhook receiver getting it too; after the gauge drops,
// the resolve must end it there (gone from the active list long before the
// firing endsAt of four resend intervals, and Alertmanager's own webhook
// reports it resolved with endsAt in the past).

#include "AgentProcess.h"
#include "AlertmanagerProcess.h"
#include "alerts/AlertService.h"
#include "Engine.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

namespace {

QJsonArray activeAlerts(quint16 port)
{
    const HttpResult r = httpRequest("GET", QUrl(QStringLiteral("http://127.0.0.1:%1/api/v2/alerts").arg(port)),
        {}, QByteArray(), QSslCertificate(), 2000);
    return r.status == 200 ? QJsonDocument::fromJson(r.body).array() : QJsonArray();
}

QJsonObject findAlert(const QJsonArray& alerts, const QString& alertname)
{
    for (const QJsonValue& v : alerts) {
        const QJsonObject a = v.toObject();
        if (a.value(QStringLiteral("labels")).toObject().value(QStringLiteral("alertname")).toString()
            == alertname)
            return a;
    }
    return {};
}

} // namespace

class TestAlertmanagerForwarding : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_server.route(QStringLiteral("/metrics"), [this](const QHttpServerRequest&) {
            return QHttpServerResponse(QByteArrayLiteral("text/plain; version=0.0.4"),
                QByteArray("# TYPE am_test_value gauge\nam_test_value{id=\"a\"} ") + (m_high ? "1" : "0") + '\n');
        });
        const auto hook = [this](QList<QJsonObject>* into) {
            return [into](const QHttpServerRequest& request) {
                into->append(QJsonDocument::fromJson(request.body()).object());
                return QHttpServerResponse(QHttpServerResponder::StatusCode::Ok);
            };
        };
        m_server.route(QStringLiteral("/am-hook"), QHttpServerRequest::Method::Post, hook(&m_amHooks));
        m_server.route(QStringLiteral("/opsdeck-hook"), QHttpServerRequest::Method::Post, hook(&m_opsdeckHooks));
        m_tcp = new QTcpServer;
        QVERIFY(m_tcp->listen(QHostAddress::LocalHost, 0));
        m_server.bind(m_tcp);
    }

    void forwardsFiringAndResolved()
    {
        if (!AlertmanagerProcess::available())
            QSKIP("prometheus-alertmanager (Debian package) is needed");
        const QString self = QStringLiteral("127.0.0.1:%1").arg(m_tcp->serverPort());

        // Alertmanager 0.25, clustering off, its own webhook back to this process.
        AlertmanagerProcess am;
        QString amError;
        QVERIFY2(am.start(m_dir.filePath(QStringLiteral("am")),
                     QStringLiteral("route:\n  receiver: hook\n  group_by: [alertname]\n  group_wait: 0s\n"
                                    "  group_interval: 1s\n  repeat_interval: 1h\n"
                                    "receivers:\n  - name: hook\n    webhook_configs:\n"
                                    "      - url: http://%1/am-hook\n        send_resolved: true\n")
                         .arg(self)
                         .toUtf8(),
                     &amError),
            qPrintable(amError));
        const quint16 amPort = am.port();

        // OpsDeck: scrape every 500 ms, its own webhook receiver plus the Alertmanager.
        opsdeck::EngineOptions options { m_dir.filePath(QStringLiteral("opsdeck")) };
        options.localSource = opsdeck::scrape::LocalSourceMode::Off;
        opsdeck::scrape::ScrapeTarget target;
        target.url = QUrl(QStringLiteral("http://%1/metrics").arg(self));
        target.job = QStringLiteral("amtest");
        target.intervalMs = 500;
        target.timeoutMs = 400;
        options.targets = QList<opsdeck::scrape::ScrapeTarget> { target };
        opsdeck::alerts::ReceiverConfig webhook;
        webhook.name = QStringLiteral("own");
        webhook.url = QStringLiteral("http://%1/opsdeck-hook").arg(self);
        options.alerting.receivers = { webhook };
        options.alerting.route.receiver = webhook.name;
        options.alerting.route.groupWaitMs = 0;
        options.alerting.externalUrl = QStringLiteral("http://opsdeck.test:9099");
        opsdeck::alerts::AlertmanagerConfig amTarget;
        amTarget.url = QStringLiteral("http://127.0.0.1:%1").arg(amPort);
        options.alerting.alertmanagers = { amTarget };
        opsdeck::Engine engine(options);
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        opsdeck::alerts::AlertRule rule;
        rule.name = QStringLiteral("AmTestHigh");
        rule.expr = QStringLiteral("am_test_value > 0.5");
        rule.labels = { { QStringLiteral("severity"), QStringLiteral("critical") } };
        rule.annotations = { { QStringLiteral("summary"), QStringLiteral("{{ $labels.id }} is high") } };
        bool rulesSet = false;
        engine.alertService()->setRuleGroups({ opsdeck::alerts::RuleGroup { QStringLiteral("am"), 0, { rule } } },
            &engine, [&](const QString& error) {
                QVERIFY2(error.isEmpty(), qPrintable(error));
                rulesSet = true;
            });
        QTRY_VERIFY(rulesSet);

        m_high = true;
        QJsonObject alert;
        QTRY_VERIFY_WITH_TIMEOUT(!(alert = findAlert(activeAlerts(amPort), rule.name)).isEmpty(), 20'000);
        const QJsonObject labels = alert.value(QStringLiteral("labels")).toObject();
        QCOMPARE(labels.value(QStringLiteral("id")).toString(), QStringLiteral("a"));
        QCOMPARE(labels.value(QStringLiteral("severity")).toString(), QStringLiteral("critical"));
        QCOMPARE(labels.value(QStringLiteral("job")).toString(), QStringLiteral("amtest"));
        QCOMPARE(labels.value(QStringLiteral("instance")).toString(), self);
        QCOMPARE(alert.value(QStringLiteral("annotations")).toObject().value(QStringLiteral("summary")).toString(),
            QStringLiteral("a is high"));
        QVERIFY2(alert.value(QStringLiteral("generatorURL"))
                     .toString()
                     .startsWith(QLatin1String("http://opsdeck.test:9099/alerts/")),
            qPrintable(alert.value(QStringLiteral("generatorURL")).toString()));
        QCOMPARE(alert.value(QStringLiteral("status")).toObject().value(QStringLiteral("state")).toString(),
            QStringLiteral("active"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const qint64 endsAt
            = QDateTime::fromString(alert.value(QStringLiteral("endsAt")).toString(), Qt::ISODateWithMs)
                  .toMSecsSinceEpoch();
        QVERIFY2(endsAt > now + 3 * 60'000, qPrintable(alert.value(QStringLiteral("endsAt")).toString()));

        // amtool sees it too.
        if (!QStandardPaths::findExecutable(QStringLiteral("amtool")).isEmpty()) {
            QProcess amtool;
            amtool.start(QStringLiteral("amtool"),
                { QStringLiteral("alert"), QStringLiteral("query"), QStringLiteral("alertname=AmTestHigh"),
                    QStringLiteral("--alertmanager.url=http://127.0.0.1:%1").arg(amPort),
                    QStringLiteral("--output=json") });
            QVERIFY(amtool.waitForFinished(20'000));
            QCOMPARE(amtool.exitCode(), 0);
            const QJsonArray listed = QJsonDocument::fromJson(amtool.readAllStandardOutput()).array();
            QCOMPARE(findAlert(listed, rule.name).value(QStringLiteral("fingerprint")),
                alert.value(QStringLiteral("fingerprint")));
        }
        // Alongside OpsDeck's own receivers, not instead of them.
        QTRY_VERIFY_WITH_TIMEOUT(!m_opsdeckHooks.isEmpty(), 10'000);

        // The resolve ends it in Alertmanager (firing, it would stay active for minutes).
        m_high = false;
        QElapsedTimer sinceDrop;
        sinceDrop.start();
        QTRY_VERIFY_WITH_TIMEOUT(findAlert(activeAlerts(amPort), rule.name).isEmpty(), 20'000);
        QVERIFY(sinceDrop.elapsed() < 60'000);
        QJsonObject resolved;
        const auto findResolved = [&] {
            for (const QJsonObject& body : std::as_const(m_amHooks)) {
                for (const QJsonValue& v : body.value(QStringLiteral("alerts")).toArray()) {
                    const QJsonObject a = v.toObject();
                    if (a.value(QStringLiteral("status")).toString() == QLatin1String("resolved"))
                        resolved = a;
                }
            }
            return !resolved.isEmpty();
        };
        QTRY_VERIFY_WITH_TIMEOUT(findResolved(), 20'000);
        const qint64 resolvedEnd
            = QDateTime::fromString(resolved.value(QStringLiteral("endsAt")).toString(), Qt::ISODateWithMs)
                  .toMSecsSinceEpoch();
        QVERIFY2(resolvedEnd <= QDateTime::currentMSecsSinceEpoch(),
            qPrintable(resolved.value(QStringLiteral("endsAt")).toString()));
        QCOMPARE(resolved.value(QStringLiteral("labels")).toObject().value(QStringLiteral("id")).toString(),
            QStringLiteral("a"));
    }

private:
    QTemporaryDir m_dir;
    QHttpServer m_server;
    QTcpServer* m_tcp = nullptr;
    std::atomic_bool m_high { false };
    QList<QJsonObject> m_amHooks;
    QList<QJsonObject> m_opsdeckHooks;
};

QTEST_MAIN(TestAlertmanagerForwarding)
#include "tst_alertmanager_forwarding.moc"
