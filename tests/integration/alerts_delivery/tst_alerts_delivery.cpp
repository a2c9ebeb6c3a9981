// DeliveryService against real receivers on loopback, started inside the test
// on free ports: a QHttpServer that records every request and answers from a
// script (webhook, Slack, PagerDuty, SMS shapes; 500 then 200; 429 with
// Retry-After; 400), a TCP server that accepts and never answers, and Debian's
// aiosmtpd with STARTTLS and AUTH required (smtp_server.py). The service runs
// on its own thread, as AlertService runs it.
#include "alerts/DeliveryService.h"
#include "alerts/Payloads.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrlQuery>

using namespace opsdeck;
using namespace opsdeck::alerts;

namespace {

struct Recorded
{
    QString path;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    qint64 atMs = 0;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto& [n, v] : headers) {
            if (n.compare(name, Qt::CaseInsensitive) == 0)
                return v;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

struct Reply
{
    int status = 200;
    QByteArray retryAfter;
};

// The recording HTTP receiver. Paths answer from their script, then 200.
class Recorder : public QObject
{
public:
    explicit Recorder(const QStringList& paths)
    {
        m_clock.start();
        for (const QString& path : paths) {
            m_server.route(
                path, QHttpServerRequest::Method::Post, [this, path](const QHttpServerRequest& request) {
                    requests << Recorded { path, request.body(), request.headers(), m_clock.elapsed() };
                    Reply reply;
                    if (!m_scripts[path].isEmpty())
                        reply = m_scripts[path].takeFirst();
                    QHttpServerResponse response(QByteArrayLiteral("text/plain"), QByteArrayLiteral("ok"),
                        static_cast<QHttpServerResponder::StatusCode>(reply.status));
                    if (!reply.retryAfter.isEmpty())
                        response.setHeader(QByteArrayLiteral("Retry-After"), reply.retryAfter);
                    return response;
                });
        }
        m_tcp = new QTcpServer(this);
        QVERIFY(m_tcp->listen(QHostAddress::LocalHost, 0));
        m_server.bind(m_tcp);
    }
    QString url(const QString& path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_tcp->serverPort()).arg(path);
    }
    void script(const QString& path, const QList<Reply>& replies) { m_scripts[path] = replies; }
    QList<Recorded> on(const QString& path) const
    {
        QList<Recorded> result;
        for (const Recorded& r : requests) {
            if (r.path == path)
                result << r;
        }
        return result;
    }

    QList<Recorded> requests;

private:
    QHttpServer m_server;
    QTcpServer* m_tcp = nullptr;
    QHash<QString, QList<Reply>> m_scripts;
    QElapsedTimer m_clock;
};

// Accepts connections, reads whatever comes, never answers.
class Silent : public QTcpServer
{
public:
    Silent()
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = nextPendingConnection()) {
                ++accepted;
                connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); });
            }
        });
    }
    int accepted = 0;
};

// A DeliveryService on its own thread; records collected on the test thread.
class ServiceThread
{
public:
    ServiceThread(QObject* context, const QList<ReceiverConfig>& receivers, const RetryPolicy& policy,
        const QString& smtpCaFile = {})
    {
        m_clock.start();
        service = new DeliveryService;
        service->setReceivers(receivers);
        service->setRetryPolicy(policy);
        service->setExternalUrl(QStringLiteral("http://opsdeck.example"));
        service->setSmtpCaFile(smtpCaFile);
        service->moveToThread(&m_thread);
        QObject::connect(service, &DeliveryService::recordChanged, context, [this](const NotificationRecord& r) {
            records << r;
            recordTimesMs << m_clock.elapsed();
        });
        m_thread.setObjectName(QStringLiteral("delivery"));
        m_thread.start();
    }
    ~ServiceThread()
    {
        QMetaObject::invokeMethod(
            service, [s = service] { delete s; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    void deliver(const Notification& n)
    {
        // By name, as another thread would queue it.
        QVERIFY(QMetaObject::invokeMethod(
            service, "deliver", Qt::QueuedConnection, Q_ARG(opsdeck::alerts::Notification, n)));
    }
    std::optional<NotificationRecord> last(quint64 deliveryId) const
    {
        for (qsizetype i = records.size() - 1; i >= 0; --i) {
            if (records.at(i).deliveryId == deliveryId)
                return records.at(i);
        }
        return std::nullopt;
    }
    QString status(quint64 deliveryId) const
    {
        const auto r = last(deliveryId);
        return r ? r->status : QString();
    }
    QStringList statuses(quint64 deliveryId) const
    {
        QStringList list;
        for (const NotificationRecord& r : records) {
            if (r.deliveryId == deliveryId)
                list << r.status;
        }
        return list;
    }
    qint64 elapsedMs() const { return m_clock.elapsed(); }

    DeliveryService* service = nullptr;
    QList<NotificationRecord> records;
    QList<qint64> recordTimesMs;

private:
    QThread m_thread;
    QElapsedTimer m_clock;
};

Notification notification(
    const QString& receiver, quint64 deliveryId, const QByteArray& group = "{}:{alertname=\"HostDown\"}")
{
    Notification n;
    n.receiver = receiver;
    n.deliveryId = deliveryId;
    n.groupKey = group;
    n.groupLabels = metrics::Labels { { "alertname", "HostDown" } };
    Alert a;
    a.id = 11;
    a.labels = { { "alertname", "HostDown" }, { "instance", "db1:9100" }, { "job", "node" },
        { "severity", "critical" } };
    a.fingerprint = alertFingerprint(a.labels);
    a.severity = Severity::Critical;
    a.state = AlertState::Firing;
    a.activeSinceMs = 1'700'000'000'000;
    a.firedAtMs = 1'700'000'000'000;
    a.annotations = { { QStringLiteral("summary"), QStringLiteral("db1:9100 is down") } };
    n.alerts = { a };
    n.createdAtMs = 1'700'000'060'000;
    return n;
}

ReceiverConfig http(ReceiverType type, const QString& name, const QString& url)
{
    ReceiverConfig r;
    r.type = type;
    r.name = name;
    r.url = url;
    return r;
}

RetryPolicy fastPolicy(int maxAttempts = 5, qint64 timeoutMs = 5000)
{
    return RetryPolicy { maxAttempts, 50, 200, timeoutMs };
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

class TestAlertsDelivery : public QObject
{
    Q_OBJECT

private slots:
    void shapesOnTheWire();
    void serverErrorIsRetried();
    void tooManyRequestsHonoursRetryAfter();
    void badRequestIsNotRetried();
    void silentReceiverDoesNotDelayOthers();
    void sameGroupStaysInOrder();
    void emailOverStartTlsWithAuth();
};

void TestAlertsDelivery::shapesOnTheWire()
{
    Recorder recorder(
        { QStringLiteral("/webhook"), QStringLiteral("/slack"), QStringLiteral("/pd"), QStringLiteral("/sms") });
    ReceiverConfig web
        = http(ReceiverType::Webhook, QStringLiteral("web"), recorder.url(QStringLiteral("/webhook")));
    web.headers = { { QStringLiteral("Authorization"), QStringLiteral("Bearer hook-token") } };
    ReceiverConfig slack
        = http(ReceiverType::Slack, QStringLiteral("chat"), recorder.url(QStringLiteral("/slack")));
    ReceiverConfig pd
        = http(ReceiverType::PagerDuty, QStringLiteral("pager"), recorder.url(QStringLiteral("/pd")));
    pd.secret = QStringLiteral("0123456789abcdef0123456789abcdef");
    ReceiverConfig sms = http(ReceiverType::Sms, QStringLiteral("sms"), recorder.url(QStringLiteral("/sms")));
    sms.secret = QStringLiteral("AC0001:gateway-pass");
    sms.from = QStringLiteral("+15550001111");
    sms.to = { QStringLiteral("+15552223333"), QStringLiteral("+15554445555") };

    ServiceThread s(this, { web, slack, pd, sms }, fastPolicy());
    s.deliver(notification(QStringLiteral("web"), 1));
    s.deliver(notification(QStringLiteral("chat"), 2));
    s.deliver(notification(QStringLiteral("pager"), 3));
    s.deliver(notification(QStringLiteral("sms"), 4));
    for (quint64 id = 1; id <= 4; ++id)
        QTRY_COMPARE_WITH_TIMEOUT(s.status(id), QStringLiteral("sent"), 10'000);
    QCOMPARE(s.records.size(), 4); // one attempt each
    QCOMPARE(s.last(1)->httpStatus, 200);
    QCOMPARE(s.last(1)->attempts, 1);
    QCOMPARE(s.last(1)->receiverType, QStringLiteral("webhook"));
    QCOMPARE(s.last(1)->alertIds, QList<qint64> { 11 });
    QCOMPARE(s.last(1)->kind, QStringLiteral("trigger"));
    QVERIFY(s.last(1)->finishedAtMs > 0);

    const Recorded hook = recorder.on(QStringLiteral("/webhook")).value(0);
    QCOMPARE(hook.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(hook.header("Authorization"), QByteArray("Bearer hook-token"));
    QCOMPARE(hook.json().value(QStringLiteral("version")).toString(), QStringLiteral("4"));
    QCOMPARE(hook.json().value(QStringLiteral("receiver")).toString(), QStringLiteral("web"));
    QCOMPARE(
        hook.json().value(QStringLiteral("externalURL")).toString(), QStringLiteral("http://opsdeck.example"));
    const QJsonObject alert = hook.json().value(QStringLiteral("alerts")).toArray().at(0).toObject();
    QCOMPARE(alert.value(QStringLiteral("status")).toString(), QStringLiteral("firing"));
    QCOMPARE(alert.value(QStringLiteral("startsAt")).toString(), QStringLiteral("2023-11-14T22:13:20.000Z"));
    QCOMPARE(alert.value(QStringLiteral("fingerprint")).toString().size(), 16);

    const QJsonObject chat = recorder.on(QStringLiteral("/slack")).value(0).json();
    QCOMPARE(chat.value(QStringLiteral("text")).toString(),
        QStringLiteral("[FIRING:1] HostDown (db1:9100 node critical)"));
    QCOMPARE(
        chat.value(QStringLiteral("blocks")).toArray().at(0).toObject().value(QStringLiteral("type")).toString(),
        QStringLiteral("header"));

    const QJsonObject event = recorder.on(QStringLiteral("/pd")).value(0).json();
    QCOMPARE(event.value(QStringLiteral("routing_key")).toString(), pd.secret);
    QCOMPARE(event.value(QStringLiteral("event_action")).toString(), QStringLiteral("trigger"));
    QCOMPARE(event.value(QStringLiteral("dedup_key")).toString(),
        QString::fromLatin1(Payloads::pagerDutyDedupKey("{}:{alertname=\"HostDown\"}")));
    QCOMPARE(event.value(QStringLiteral("payload")).toObject().value(QStringLiteral("severity")).toString(),
        QStringLiteral("critical"));
    QCOMPARE(event.value(QStringLiteral("payload")).toObject().value(QStringLiteral("source")).toString(),
        QStringLiteral("db1:9100"));

    // SMS: one Twilio-style form POST per recipient, basic auth from the secret.
    const QList<Recorded> texts = recorder.on(QStringLiteral("/sms"));
    QCOMPARE(texts.size(), 2);
    QStringList to;
    for (const Recorded& r : texts) {
        QCOMPARE(r.header("Content-Type"), QByteArray("application/x-www-form-urlencoded"));
        QCOMPARE(r.header("Authorization"), "Basic " + QByteArray("AC0001:gateway-pass").toBase64());
        // Decode as a form decoder does: '+' is a space.
        QByteArray body = r.body;
        body.replace('+', ' ');
        const QUrlQuery form(QString::fromUtf8(body));
        to << form.queryItemValue(QStringLiteral("To"), QUrl::FullyDecoded);
        QCOMPARE(form.queryItemValue(QStringLiteral("From"), QUrl::FullyDecoded), QStringLiteral("+15550001111"));
        QCOMPARE(form.queryItemValue(QStringLiteral("Body"), QUrl::FullyDecoded),
            QStringLiteral("[FIRING:1] HostDown (db1:9100 node critical): db1:9100 is down"));
    }
    to.sort();
    QCOMPARE(to, (QStringList { QStringLiteral("+15552223333"), QStringLiteral("+15554445555") }));
}

void TestAlertsDelivery::serverErrorIsRetried()
{
    Recorder recorder({ QStringLiteral("/flaky") });
    recorder.script(QStringLiteral("/flaky"), { Reply { 500, {} }, Reply { 503, {} }, Reply { 200, {} } });
    ServiceThread s(this,
        { http(ReceiverType::Webhook, QStringLiteral("web"), recorder.url(QStringLiteral("/flaky"))) },
        fastPolicy());
    s.deliver(notification(QStringLiteral("web"), 7));
    QTRY_COMPARE_WITH_TIMEOUT(s.status(7), QStringLiteral("sent"), 10'000);
    QCOMPARE(s.statuses(7),
        (QStringList { QStringLiteral("retrying"), QStringLiteral("retrying"), QStringLiteral("sent") }));
    QCOMPARE(s.records.at(0).httpStatus, 500);
    QCOMPARE(s.records.at(0).error, QStringLiteral("HTTP 500 Internal Server Error"));
    QCOMPARE(s.records.at(0).attempts, 1);
    QCOMPARE(s.last(7)->attempts, 3);
    QCOMPARE(s.last(7)->httpStatus, 200);
    QVERIFY(s.last(7)->error.isEmpty());
    QCOMPARE(recorder.on(QStringLiteral("/flaky")).size(), 3);
    // Same body every attempt.
    QCOMPARE(recorder.requests.at(0).body, recorder.requests.at(2).body);

    // Gives up after maxAttempts.
    recorder.script(QStringLiteral("/flaky"), QList<Reply>(5, Reply { 502, {} }));
    s.deliver(notification(QStringLiteral("web"), 8));
    QTRY_COMPARE_WITH_TIMEOUT(s.status(8), QStringLiteral("failed"), 10'000);
    QCOMPARE(s.last(8)->attempts, 5);
    QCOMPARE(s.last(8)->httpStatus, 502);
    QCOMPARE(recorder.on(QStringLiteral("/flaky")).size(), 3 + 5);
}

void TestAlertsDelivery::tooManyRequestsHonoursRetryAfter()
{
    Recorder recorder({ QStringLiteral("/limited") });
    recorder.script(QStringLiteral("/limited"), { Reply { 429, "1" }, Reply { 200, {} } });
    // Backoff alone would retry after 25..50 ms; Retry-After says 1 s.
    ServiceThread s(this,
        { http(ReceiverType::Slack, QStringLiteral("chat"), recorder.url(QStringLiteral("/limited"))) },
        fastPolicy());
    s.deliver(notification(QStringLiteral("chat"), 9));
    QTRY_COMPARE_WITH_TIMEOUT(s.status(9), QStringLiteral("sent"), 10'000);
    QCOMPARE(s.statuses(9), (QStringList { QStringLiteral("retrying"), QStringLiteral("sent") }));
    QCOMPARE(s.records.at(0).httpStatus, 429);
    const QList<Recorded> hits = recorder.on(QStringLiteral("/limited"));
    QCOMPARE(hits.size(), 2);
    const qint64 gap = hits.at(1).atMs - hits.at(0).atMs;
    QVERIFY2(gap >= 950, qPrintable(QString::number(gap)));
    QVERIFY2(gap < 5000, qPrintable(QString::number(gap)));
}

void TestAlertsDelivery::badRequestIsNotRetried()
{
    Recorder recorder({ QStringLiteral("/bad") });
    recorder.script(QStringLiteral("/bad"), { Reply { 400, {} }, Reply { 200, {} } });
    ReceiverConfig pd
        = http(ReceiverType::PagerDuty, QStringLiteral("pager"), recorder.url(QStringLiteral("/bad")));
    pd.secret = QStringLiteral("routing-key-that-pagerduty-rejects");
    ServiceThread s(this, { pd }, fastPolicy());
    s.deliver(notification(QStringLiteral("pager"), 10));
    QTRY_COMPARE_WITH_TIMEOUT(s.status(10), QStringLiteral("failed"), 10'000);
    QCOMPARE(s.statuses(10), QStringList { QStringLiteral("failed") });
    QCOMPARE(s.last(10)->attempts, 1);
    QCOMPARE(s.last(10)->httpStatus, 400);
    QVERIFY(!s.last(10)->error.contains(pd.secret));
    QTest::qWait(400); // several backoff periods: still no second request
    QCOMPARE(recorder.on(QStringLiteral("/bad")).size(), 1);
    QCOMPARE(s.records.size(), 1);
}

void TestAlertsDelivery::silentReceiverDoesNotDelayOthers()
{
    Silent silent;
    Recorder recorder({ QStringLiteral("/webhook") });
    ReceiverConfig stuck = http(ReceiverType::Webhook, QStringLiteral("stuck"),
        QStringLiteral("http://127.0.0.1:%1/hook").arg(silent.serverPort()));
    ReceiverConfig ok
        = http(ReceiverType::Webhook, QStringLiteral("ok"), recorder.url(QStringLiteral("/webhook")));
    ServiceThread s(this, { stuck, ok }, fastPolicy(1, 3000));
    s.deliver(notification(QStringLiteral("stuck"), 20));
    QTRY_COMPARE_WITH_TIMEOUT(silent.accepted, 1, 5000); // the stuck request is out
    const qint64 before = s.elapsedMs();
    s.deliver(notification(QStringLiteral("ok"), 21));
    QTRY_COMPARE_WITH_TIMEOUT(s.status(21), QStringLiteral("sent"), 5000);
    const qint64 okAfter = s.recordTimesMs.last() - before;
    QVERIFY2(okAfter < 1000, qPrintable(QString::number(okAfter)));
    QCOMPARE(s.status(20), QString()); // still waiting for an answer
    // The silent one times out after timeoutMs and, with maxAttempts 1, fails.
    QTRY_COMPARE_WITH_TIMEOUT(s.status(20), QStringLiteral("failed"), 8000);
    QCOMPARE(s.last(20)->error, QStringLiteral("no answer within 3 s"));
    QCOMPARE(s.last(20)->httpStatus, 0);
}

void TestAlertsDelivery::sameGroupStaysInOrder()
{
    // A trigger being retried must not be overtaken by the group's resolve.
    Recorder recorder({ QStringLiteral("/pd") });
    recorder.script(
        QStringLiteral("/pd"), { Reply { 500, {} }, Reply { 500, {} }, Reply { 202, {} }, Reply { 202, {} } });
    ReceiverConfig pd
        = http(ReceiverType::PagerDuty, QStringLiteral("pager"), recorder.url(QStringLiteral("/pd")));
    pd.secret = QStringLiteral("0123456789abcdef0123456789abcdef");
    ServiceThread s(this, { pd }, fastPolicy());
    Notification trigger = notification(QStringLiteral("pager"), 30);
    Notification resolve = notification(QStringLiteral("pager"), 31);
    resolve.kind = Notification::Kind::Resolve;
    resolve.alerts[0].state = AlertState::Resolved;
    resolve.alerts[0].resolvedAtMs = 1'700'000'100'000;
    s.deliver(trigger);
    s.deliver(resolve);
    QTRY_COMPARE_WITH_TIMEOUT(s.status(31), QStringLiteral("sent"), 10'000);
    QCOMPARE(s.status(30), QStringLiteral("sent"));
    QStringList actions;
    for (const Recorded& r : recorder.on(QStringLiteral("/pd")))
        actions << r.json().value(QStringLiteral("event_action")).toString();
    QCOMPARE(actions,
        (QStringList { QStringLiteral("trigger"), QStringLiteral("trigger"), QStringLiteral("trigger"),
            QStringLiteral("resolve") }));
}

void TestAlertsDelivery::emailOverStartTlsWithAuth()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString cert = dir.filePath(QStringLiteral("cert.pem"));
    const QString key = dir.filePath(QStringLiteral("key.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
        { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
            QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert,
            QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
            QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost") });
    QVERIFY(openssl.waitForFinished(30'000));
    QCOMPARE(openssl.exitCode(), 0);

    const QString outDir = dir.filePath(QStringLiteral("mail"));
    QVERIFY(QDir().mkpath(outDir));
    const quint16 port = freePort();
    QProcess smtp;
    smtp.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    smtp.start(QStringLiteral("/usr/bin/python3"),
        { QStringLiteral(ALERTS_DELIVERY_DIR "/smtp_server.py"), QStringLiteral("--port"), QString::number(port),
            QStringLiteral("--cert"), cert, QStringLiteral("--key"), key, QStringLiteral("--user"),
            QStringLiteral("opsdeck"), QStringLiteral("--password"), QStringLiteral("s3cr3t-Pass"),
            QStringLiteral("--outdir"), outDir });
    QVERIFY(smtp.waitForStarted(10'000));
    QElapsedTimer wait;
    wait.start();
    while (!smtp.canReadLine() && wait.elapsed() < 20'000 && smtp.state() == QProcess::Running)
        smtp.waitForReadyRead(500);
    QCOMPARE(smtp.readLine().trimmed(), QByteArray("READY"));
    const auto stopSmtp = qScopeGuard([&smtp] {
        smtp.terminate();
        if (!smtp.waitForFinished(5000)) {
            smtp.kill();
            smtp.waitForFinished(2000);
        }
    });

    ReceiverConfig mail;
    mail.type = ReceiverType::Email;
    mail.name = QStringLiteral("mail");
    mail.smtpHost = QStringLiteral("127.0.0.1");
    mail.smtpPort = port;
    mail.smtpStartTls = true;
    mail.smtpUser = QStringLiteral("opsdeck");
    mail.secret = QStringLiteral("s3cr3t-Pass");
    mail.from = QStringLiteral("OpsDeck <alerts@ops.example>");
    mail.to = { QStringLiteral("oncall@ops.example"), QStringLiteral("Lead <lead@ops.example>") };
    ReceiverConfig wrongPassword = mail;
    wrongPassword.name = QStringLiteral("mail-wrong-password");
    wrongPassword.secret = QStringLiteral("not-the-Pass");
    ReceiverConfig plain = mail;
    plain.name = QStringLiteral("mail-plain");
    plain.smtpStartTls = false;

    ServiceThread s(this, { mail, wrongPassword, plain }, fastPolicy(3, 10'000), cert);
    Notification n = notification(QStringLiteral("mail"), 40);
    n.alerts[0].annotations[QStringLiteral("description")] = QStringLiteral("first\n.\nlast");
    s.deliver(n);
    QTRY_COMPARE_WITH_TIMEOUT(s.status(40), QStringLiteral("sent"), 20'000);
    QCOMPARE(s.last(40)->attempts, 1);
    QCOMPARE(s.last(40)->receiverType, QStringLiteral("email"));

    QFile received(outDir + QStringLiteral("/1.json"));
    QTRY_VERIFY_WITH_TIMEOUT(received.exists(), 5000);
    QVERIFY(received.open(QIODevice::ReadOnly));
    const QJsonObject got = QJsonDocument::fromJson(received.readAll()).object();
    QCOMPARE(got.value(QStringLiteral("tls")).toBool(), true);
    QCOMPARE(got.value(QStringLiteral("login")).toString(), QStringLiteral("opsdeck"));
    QVERIFY(QStringList({ QStringLiteral("PLAIN"), QStringLiteral("LOGIN") })
                .contains(got.value(QStringLiteral("mechanism")).toString()));
    QCOMPARE(got.value(QStringLiteral("mail_from")).toString(), QStringLiteral("alerts@ops.example"));
    QCOMPARE(got.value(QStringLiteral("rcpt_tos")).toArray(),
        (QJsonArray { QStringLiteral("oncall@ops.example"), QStringLiteral("lead@ops.example") }));
    const QString data = got.value(QStringLiteral("data")).toString();
    QVERIFY2(data.contains(QStringLiteral("Subject: [FIRING:1] HostDown (db1:9100 node critical)\r\n")),
        qPrintable(data));
    QVERIFY(data.contains(QStringLiteral("From: OpsDeck <alerts@ops.example>\r\n")));
    QVERIFY(data.contains(QStringLiteral("To: oncall@ops.example, Lead <lead@ops.example>\r\n")));
    QVERIFY(data.contains(QStringLiteral("  summary: db1:9100 is down\r\n")));
    QVERIFY(data.contains(QStringLiteral("  Link: http://opsdeck.example/alerts/11\r\n")));
    // curl dot-stuffed the lone dot and the server removed it again: the line arrives intact.
    QVERIFY(data.contains(QStringLiteral("  description: first\r\n.\r\nlast\r\n")));

    // A wrong password is a permanent failure: no retry, no password in the record.
    s.deliver(notification(QStringLiteral("mail-wrong-password"), 41));
    QTRY_COMPARE_WITH_TIMEOUT(s.status(41), QStringLiteral("failed"), 20'000);
    QCOMPARE(s.last(41)->attempts, 1);
    QVERIFY2(s.last(41)->error.contains(QStringLiteral("authentication")), qPrintable(s.last(41)->error));
    QVERIFY(!s.last(41)->error.contains(QStringLiteral("not-the-Pass")));

    // Without STARTTLS the server refuses (530): permanent, nothing delivered.
    s.deliver(notification(QStringLiteral("mail-plain"), 42));
    QTRY_COMPARE_WITH_TIMEOUT(s.status(42), QStringLiteral("failed"), 20'000);
    QCOMPARE(s.last(42)->attempts, 1);
    QVERIFY(!QFile::exists(outDir + QStringLiteral("/2.json")));
}

QTEST_GUILESS_MAIN(TestAlertsDelivery)
#include "tst_alerts_delivery.moc"
