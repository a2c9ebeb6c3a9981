// Payloads against the real formats (a golden Alertmanager v4 webhook body,
// Slack Block Kit, PagerDuty Events API v2, Twilio-style SMS form, RFC 5322
// email), the retry arithmetic, and secrets kept out of logs and records.
#include "alerts/DeliveryService.h"
#include "alerts/Payloads.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMutex>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace opsdeck;
using namespace opsdeck::alerts;

namespace {

constexpr qint64 kT0 = 1'700'000'000'123; // 2023-11-14T22:13:20.123Z

Alert makeAlert(qint64 id, const metrics::Labels& labels, AlertState state, Severity severity = Severity::Critical)
{
    Alert a;
    a.id = id;
    a.labels = labels;
    a.fingerprint = alertFingerprint(labels);
    a.ruleName = QString::fromUtf8(labels.value("alertname"));
    a.groupName = QStringLiteral("node");
    a.severity = severity;
    a.state = state;
    a.activeSinceMs = kT0 - 60'000;
    a.firedAtMs = kT0;
    if (state == AlertState::Resolved)
        a.resolvedAtMs = kT0 + 300'000;
    return a;
}

Notification sampleNotification()
{
    Notification n;
    n.receiver = QStringLiteral("team-webhook");
    n.groupKey = QByteArrayLiteral("{}/{severity=\"critical\"}:{alertname=\"HostDown\"}");
    n.groupLabels = metrics::Labels { { "alertname", "HostDown" } };
    Alert a = makeAlert(7,
        { { "alertname", "HostDown" }, { "instance", "db1:9100" }, { "job", "node" }, { "severity", "critical" } },
        AlertState::Firing);
    a.annotations = { { QStringLiteral("summary"), QStringLiteral("db1:9100 is down") },
        { QStringLiteral("runbook"), QStringLiteral("https://runbooks.example/hostdown") } };
    Alert b = makeAlert(8,
        { { "alertname", "HostDown" }, { "instance", "db2:9100" }, { "job", "node" }, { "severity", "critical" } },
        AlertState::Resolved);
    b.annotations = { { QStringLiteral("summary"), QStringLiteral("db2:9100 is down") },
        { QStringLiteral("runbook"), QStringLiteral("https://runbooks.example/hostdown") } };
    n.alerts = { a, b };
    n.createdAtMs = kT0 + 400'000;
    n.deliveryId = 42;
    return n;
}

ReceiverConfig receiver(ReceiverType type, const QString& name)
{
    ReceiverConfig r;
    r.type = type;
    r.name = name;
    return r;
}

// Captures every message of every category (the test's "log file").
QMutex g_logMutex;
QStringList g_log;
void captureMessages(QtMsgType, const QMessageLogContext& context, const QString& message)
{
    QMutexLocker lock(&g_logMutex);
    g_log << QString::fromLatin1(context.category ? context.category : "") + QLatin1Char(' ') + message;
}

quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort(); // closed again when server goes out of scope
}

QMap<QByteArray, QByteArray> headersOf(const QByteArray& message)
{
    QMap<QByteArray, QByteArray> headers;
    const QByteArray head = message.left(message.indexOf("\r\n\r\n"));
    QByteArray last;
    for (const QByteArray& line : head.split('\n')) {
        const QByteArray l = line.endsWith('\r') ? line.chopped(1) : line;
        if (l.startsWith(' ') || l.startsWith('\t')) { // folded continuation
            headers[last] += l;
            continue;
        }
        const qsizetype colon = l.indexOf(':');
        last = l.left(colon);
        headers.insert(last, l.mid(colon + 1).trimmed());
    }
    return headers;
}

} // namespace

class TestAlertsPayloads : public QObject
{
    Q_OBJECT

private slots:
    void webhookMatchesGolden();
    void webhookStatusAndAcknowledge();
    void slackBlocks();
    void pagerDutyEvents();
    void smsForm();
    void emailMessage();
    void emailHeaderInjectionAndUnicode();
    void backoff_data();
    void backoff();
    void classify();
    void retryAfter_data();
    void retryAfter();
    void redact();
    void secretsNeverLogged();
};

void TestAlertsPayloads::webhookMatchesGolden()
{
    QFile golden(QStringLiteral(ALERTS_PAYLOADS_DIR "/webhook_v4_golden.json"));
    QVERIFY(golden.open(QIODevice::ReadOnly));
    QJsonParseError error;
    const QJsonDocument expected = QJsonDocument::fromJson(golden.readAll(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);

    const QJsonObject payload = Payloads::webhookPayload(sampleNotification(),
        receiver(ReceiverType::Webhook, QStringLiteral("team-webhook")),
        QStringLiteral("http://opsdeck.example:9093"));
    if (payload != expected.object())
        qWarning().noquote() << QJsonDocument(payload).toJson();
    QCOMPARE(payload, expected.object());
}

void TestAlertsPayloads::webhookStatusAndAcknowledge()
{
    Notification n = sampleNotification();
    n.alerts[0].state = AlertState::Resolved;
    n.alerts[0].resolvedAtMs = kT0 + 1000;
    n.kind = Notification::Kind::Resolve;
    QJsonObject p = Payloads::webhookPayload(n, receiver(ReceiverType::Webhook, QStringLiteral("w")), {});
    QCOMPARE(p.value(QStringLiteral("status")).toString(), QStringLiteral("resolved"));
    QCOMPARE(
        p.value(QStringLiteral("alerts")).toArray().at(0).toObject().value(QStringLiteral("endsAt")).toString(),
        QStringLiteral("2023-11-14T22:13:21.123Z"));
    QCOMPARE(p.value(QStringLiteral("alerts"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("generatorURL"))
                 .toString(),
        QString());
    QVERIFY(!p.contains(QStringLiteral("opsdeck")));

    n = sampleNotification();
    n.kind = Notification::Kind::Acknowledge;
    n.alerts[0].ack = Acknowledgement { QStringLiteral("ana"), kT0 + 5000, QStringLiteral("on it") };
    p = Payloads::webhookPayload(n, receiver(ReceiverType::Webhook, QStringLiteral("w")), {});
    QCOMPARE(p.value(QStringLiteral("version")).toString(), QStringLiteral("4"));
    QCOMPARE(p.value(QStringLiteral("status")).toString(), QStringLiteral("firing"));
    const QJsonObject ext = p.value(QStringLiteral("opsdeck")).toObject();
    QCOMPARE(ext.value(QStringLiteral("kind")).toString(), QStringLiteral("acknowledge"));
    const QJsonArray acks = ext.value(QStringLiteral("acknowledgements")).toArray();
    QCOMPARE(acks.size(), 1);
    QCOMPARE(acks.at(0).toObject().value(QStringLiteral("by")).toString(), QStringLiteral("ana"));
    QCOMPARE(acks.at(0).toObject().value(QStringLiteral("fingerprint")).toString(),
        QString::fromLatin1(n.alerts[0].fingerprint));
}

void TestAlertsPayloads::slackBlocks()
{
    Notification n = sampleNotification();
    n.alerts[0].annotations[QStringLiteral("summary")] = QStringLiteral("<b>&</b> down");
    const QJsonObject p = Payloads::slackPayload(
        n, receiver(ReceiverType::Slack, QStringLiteral("chat")), QStringLiteral("http://opsdeck.example"));
    QCOMPARE(p.value(QStringLiteral("text")).toString(), QStringLiteral("[FIRING:1] HostDown (node critical)"));
    const QJsonArray blocks = p.value(QStringLiteral("blocks")).toArray();
    QCOMPARE(blocks.size(), 4); // header, 2 alerts, context
    QCOMPARE(blocks.at(0).toObject().value(QStringLiteral("type")).toString(), QStringLiteral("header"));
    QCOMPARE(
        blocks.at(0).toObject().value(QStringLiteral("text")).toObject().value(QStringLiteral("type")).toString(),
        QStringLiteral("plain_text"));
    const QJsonObject section = blocks.at(1).toObject();
    QCOMPARE(section.value(QStringLiteral("type")).toString(), QStringLiteral("section"));
    QCOMPARE(section.value(QStringLiteral("text")).toObject().value(QStringLiteral("type")).toString(),
        QStringLiteral("mrkdwn"));
    const QString text = section.value(QStringLiteral("text")).toObject().value(QStringLiteral("text")).toString();
    QVERIFY2(text.contains(QStringLiteral("&lt;b&gt;&amp;&lt;/b&gt; down")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("<http://opsdeck.example/alerts/7|open>")));
    QCOMPARE(blocks.last().toObject().value(QStringLiteral("type")).toString(), QStringLiteral("context"));

    // Many alerts: bounded block count (Slack rejects more than 50) and an "and N more" line.
    Notification big = sampleNotification();
    for (int i = 0; i < 60; ++i)
        big.alerts << makeAlert(
            100 + i, { { "alertname", "HostDown" }, { "instance", QByteArray::number(i) } }, AlertState::Firing);
    const QJsonArray many = Payloads::slackPayload(big, receiver(ReceiverType::Slack, QStringLiteral("chat")), {})
                                .value(QStringLiteral("blocks"))
                                .toArray();
    QVERIFY(many.size() <= 50);
    QCOMPARE(many.size(), 1 + Payloads::kSlackMaxAlertBlocks + 2);
    QVERIFY(QJsonDocument(many).toJson().contains("and 42 more"));
}

void TestAlertsPayloads::pagerDutyEvents()
{
    ReceiverConfig r = receiver(ReceiverType::PagerDuty, QStringLiteral("pd"));
    r.secret = QStringLiteral("R0UTINGKEY0123456789abcdef012345");
    Notification n = sampleNotification();
    n.alerts[1].severity = Severity::Warning;
    const QJsonObject trigger = Payloads::pagerDutyEvent(n, r, QStringLiteral("http://opsdeck.example/"));
    QCOMPARE(trigger.value(QStringLiteral("routing_key")).toString(), r.secret);
    QCOMPARE(trigger.value(QStringLiteral("event_action")).toString(), QStringLiteral("trigger"));
    const QString dedup = trigger.value(QStringLiteral("dedup_key")).toString();
    QCOMPARE(dedup, QString::fromLatin1(QCryptographicHash::hash(n.groupKey, QCryptographicHash::Sha256).toHex()));
    QCOMPARE(dedup.size(), 64);
    QCOMPARE(trigger.value(QStringLiteral("client")).toString(), QStringLiteral("OpsDeck"));
    QCOMPARE(trigger.value(QStringLiteral("client_url")).toString(), QStringLiteral("http://opsdeck.example"));
    const QJsonObject payload = trigger.value(QStringLiteral("payload")).toObject();
    QCOMPARE(payload.value(QStringLiteral("summary")).toString(),
        QStringLiteral("[FIRING:1] HostDown (node critical)"));
    QCOMPARE(payload.value(QStringLiteral("severity")).toString(), QStringLiteral("critical"));
    QCOMPARE(payload.value(QStringLiteral("source")).toString(),
        QStringLiteral("node")); // common job (instances differ)
    QCOMPARE(payload.value(QStringLiteral("timestamp")).toString(), QStringLiteral("2023-11-14T22:20:00.123Z"));
    const QJsonObject details = payload.value(QStringLiteral("custom_details")).toObject();
    QCOMPARE(details.value(QStringLiteral("num_firing")).toInt(), 1);
    QCOMPARE(details.value(QStringLiteral("num_resolved")).toInt(), 1);

    // Only warning alerts firing -> warning; an Error-state alert -> error.
    Notification w = sampleNotification();
    w.alerts[0].severity = Severity::Warning;
    QCOMPARE(Payloads::pagerDutyEvent(w, r, {})
                 .value(QStringLiteral("payload"))
                 .toObject()
                 .value(QStringLiteral("severity"))
                 .toString(),
        QStringLiteral("warning"));
    w.alerts[0].state = AlertState::Error;
    QCOMPARE(Payloads::pagerDutyEvent(w, r, {})
                 .value(QStringLiteral("payload"))
                 .toObject()
                 .value(QStringLiteral("severity"))
                 .toString(),
        QStringLiteral("error"));

    // Acknowledge and resolve: same dedup_key, no payload.
    Notification ack = sampleNotification();
    ack.kind = Notification::Kind::Acknowledge;
    const QJsonObject a = Payloads::pagerDutyEvent(ack, r, {});
    QCOMPARE(a.value(QStringLiteral("event_action")).toString(), QStringLiteral("acknowledge"));
    QCOMPARE(a.value(QStringLiteral("dedup_key")).toString(), dedup);
    QVERIFY(!a.contains(QStringLiteral("payload")));
    Notification res = sampleNotification();
    res.kind = Notification::Kind::Resolve;
    for (Alert& alert : res.alerts)
        alert.state = AlertState::Resolved;
    const QJsonObject rs = Payloads::pagerDutyEvent(res, r, {});
    QCOMPARE(rs.value(QStringLiteral("event_action")).toString(), QStringLiteral("resolve"));
    QCOMPARE(rs.value(QStringLiteral("dedup_key")).toString(), dedup);
    QCOMPARE(rs.keys(),
        (QStringList {
            QStringLiteral("dedup_key"), QStringLiteral("event_action"), QStringLiteral("routing_key") }));
}

void TestAlertsPayloads::smsForm()
{
    ReceiverConfig r = receiver(ReceiverType::Sms, QStringLiteral("sms"));
    r.from = QStringLiteral("+15550001111");
    r.to = { QStringLiteral("+15552223333") };
    const Notification n = sampleNotification();
    QUrlQuery form = Payloads::smsForm(n, r, r.to.first());
    QCOMPARE(form.queryItems().size(), 3);
    QCOMPARE(form.queryItemValue(QStringLiteral("To")), QStringLiteral("+15552223333"));
    QCOMPARE(form.queryItemValue(QStringLiteral("From")), QStringLiteral("+15550001111"));
    QCOMPARE(form.queryItemValue(QStringLiteral("Body"), QUrl::FullyDecoded),
        QStringLiteral("[FIRING:1] HostDown (node critical): db1:9100 is down"));
    // "+" must survive form encoding (it means a space in x-www-form-urlencoded).
    QVERIFY(Payloads::formBody(form).contains("To=%2B15552223333"));
    QCOMPARE(QUrlQuery(QString::fromLatin1(Payloads::formBody(form)))
                 .queryItemValue(QStringLiteral("Body"), QUrl::FullyDecoded),
        form.queryItemValue(QStringLiteral("Body"), QUrl::FullyDecoded));

    r.smsFields = { { QStringLiteral("phone"), QStringLiteral("{to}") },
        { QStringLiteral("message"), QStringLiteral("OpsDeck: {text}") },
        { QStringLiteral("sender"), QStringLiteral("{from}") } };
    form = Payloads::smsForm(n, r, QStringLiteral("+4911"));
    QCOMPARE(form.queryItemValue(QStringLiteral("phone")), QStringLiteral("+4911"));
    QCOMPARE(form.queryItemValue(QStringLiteral("sender")), QStringLiteral("+15550001111"));
    QVERIFY(form.queryItemValue(QStringLiteral("message"), QUrl::FullyDecoded)
                .startsWith(QStringLiteral("OpsDeck: [FIRING:1]")));
    QVERIFY(!form.hasQueryItem(QStringLiteral("Body")));

    Notification longOne = sampleNotification();
    longOne.alerts[0].annotations[QStringLiteral("summary")] = QString(1000, QLatin1Char('x'));
    longOne.alerts.removeLast();
    QCOMPARE(Payloads::smsText(longOne).size(), Payloads::kSmsMaxChars);
}

void TestAlertsPayloads::emailMessage()
{
    ReceiverConfig r = receiver(ReceiverType::Email, QStringLiteral("mail"));
    r.from = QStringLiteral("OpsDeck <alerts@ops.example>");
    r.to = { QStringLiteral("oncall@ops.example"), QStringLiteral("lead@ops.example") };
    const QByteArray message
        = Payloads::emailMessage(sampleNotification(), r, QStringLiteral("http://opsdeck.example"), kT0);
    // CRLF everywhere, no bare LF.
    QVERIFY(!message.contains(QByteArrayView("\n")) || message.count('\n') == message.count("\r\n"));
    const auto h = headersOf(message);
    QCOMPARE(h.value("From"), QByteArray("OpsDeck <alerts@ops.example>"));
    QCOMPARE(h.value("To"), QByteArray("oncall@ops.example, lead@ops.example"));
    QCOMPARE(h.value("Subject"), QByteArray("[FIRING:1] HostDown (node critical)"));
    QCOMPARE(h.value("Date"), QByteArray("Tue, 14 Nov 2023 22:13:20 +0000"));
    QVERIFY(QRegularExpression(QStringLiteral("^<[0-9a-f]{24}@ops\\.example>$"))
                .match(QString::fromLatin1(h.value("Message-ID")))
                .hasMatch());
    QCOMPARE(h.value("MIME-Version"), QByteArray("1.0"));
    QCOMPARE(h.value("Content-Type"), QByteArray("text/plain; charset=utf-8"));
    QCOMPARE(h.value("Content-Transfer-Encoding"), QByteArray("7bit"));
    const QByteArray body = message.mid(message.indexOf("\r\n\r\n") + 4);
    QVERIFY(body.contains("HostDown [firing, critical]\r\n"));
    QVERIFY(body.contains("  summary: db1:9100 is down\r\n"));
    QVERIFY(body.contains("  Link: http://opsdeck.example/alerts/7\r\n"));
    QVERIFY(body.contains("  Resolved: 2023-11-14T22:18:20.123Z\r\n"));
}

void TestAlertsPayloads::emailHeaderInjectionAndUnicode()
{
    ReceiverConfig r = receiver(ReceiverType::Email, QStringLiteral("mail"));
    r.from = QStringLiteral("alerts@ops.example");
    r.to = { QStringLiteral("oncall@ops.example") };
    Notification n = sampleNotification();
    n.groupLabels = metrics::Labels { { "alertname", "Disk\r\nBcc: victim@evil.example" } };
    QByteArray message = Payloads::emailMessage(n, r, {}, kT0);
    QVERIFY(!message.left(message.indexOf("\r\n\r\n")).contains("\r\nBcc:"));
    QVERIFY(headersOf(message).value("Subject").contains("Disk  Bcc: victim@evil.example"));

    n.groupLabels
        = metrics::Labels { { "alertname", "Festplatte fast voll – Größe überschritten, bitte prüfen" } };
    n.alerts[0].annotations[QStringLiteral("summary")] = QStringLiteral("Speicher über 95 %");
    message = Payloads::emailMessage(n, r, {}, kT0);
    const auto h = headersOf(message);
    const QByteArray subject = h.value("Subject");
    QVERIFY(subject.startsWith("=?UTF-8?B?"));
    // Decode the encoded words back.
    QByteArray decoded;
    static const QRegularExpression word(QStringLiteral("=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]+)\\?="));
    for (const auto& m : word.globalMatch(QString::fromLatin1(subject)))
        decoded += QByteArray::fromBase64(m.captured(1).toLatin1());
    QVERIFY(QString::fromUtf8(decoded).startsWith(QStringLiteral("[FIRING:1] Festplatte fast voll – Größe")));
    for (const QByteArray& line : message.left(message.indexOf("\r\n\r\n")).split('\n'))
        QVERIFY2(line.size() <= 78 || !line.contains("=?UTF-8?"), line.constData());
    QCOMPARE(h.value("Content-Transfer-Encoding"), QByteArray("base64"));
    const QByteArray body = QByteArray::fromBase64(message.mid(message.indexOf("\r\n\r\n") + 4));
    QVERIFY(QString::fromUtf8(body).contains(QStringLiteral("Speicher über 95 %")));
}

void TestAlertsPayloads::backoff_data()
{
    QTest::addColumn<int>("attempt");
    QTest::addColumn<double>("jitter");
    QTest::addColumn<qint64>("expected");
    // initial 500, max 60 000: base = 500 * 2^(n-1) capped; delay = base/2 + jitter * base/2
    QTest::newRow("1st, no jitter") << 1 << 0.0 << qint64(250);
    QTest::newRow("1st, full jitter") << 1 << 1.0 << qint64(500);
    QTest::newRow("2nd, half jitter") << 2 << 0.5 << qint64(750);
    QTest::newRow("4th") << 4 << 1.0 << qint64(4000);
    QTest::newRow("capped") << 12 << 1.0 << qint64(60'000);
    QTest::newRow("capped, no jitter") << 12 << 0.0 << qint64(30'000);
    QTest::newRow("huge attempt, no overflow") << 1000 << 1.0 << qint64(60'000);
    QTest::newRow("jitter clamped") << 1 << 7.0 << qint64(500);
}

void TestAlertsPayloads::backoff()
{
    QFETCH(int, attempt);
    QFETCH(double, jitter);
    QFETCH(qint64, expected);
    QCOMPARE(retry::backoffMs(RetryPolicy {}, attempt, jitter), expected);
    QCOMPARE(retry::nextDelayMs(RetryPolicy {}, attempt, jitter, std::nullopt), expected);
    QCOMPARE(retry::nextDelayMs(RetryPolicy {}, attempt, jitter, qint64(1234)), qint64(1234)); // Retry-After wins
}

void TestAlertsPayloads::classify()
{
    using retry::Outcome;
    QCOMPARE(retry::classifyHttpStatus(200), Outcome::Sent);
    QCOMPARE(retry::classifyHttpStatus(202), Outcome::Sent); // PagerDuty's answer
    QCOMPARE(retry::classifyHttpStatus(429), Outcome::Retryable);
    QCOMPARE(retry::classifyHttpStatus(500), Outcome::Retryable);
    QCOMPARE(retry::classifyHttpStatus(503), Outcome::Retryable);
    QCOMPARE(retry::classifyHttpStatus(0), Outcome::Retryable);
    QCOMPARE(retry::classifyHttpStatus(400), Outcome::Permanent);
    QCOMPARE(retry::classifyHttpStatus(401), Outcome::Permanent);
    QCOMPARE(retry::classifyHttpStatus(404), Outcome::Permanent);
    QCOMPARE(retry::classifyHttpStatus(301), Outcome::Permanent);
    QCOMPARE(retry::nextDelayMs(RetryPolicy {}, 1, 0, retry::kMaxRetryAfterMs * 10), retry::kMaxRetryAfterMs);
}

void TestAlertsPayloads::retryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("nowMs");
    QTest::addColumn<qint64>("expected"); // -1 = unparsable
    const qint64 date = 784111777000; // Sun, 06 Nov 1994 08:49:37 GMT
    QTest::newRow("seconds") << QByteArray("1") << qint64(0) << qint64(1000);
    QTest::newRow("seconds, spaces") << QByteArray(" 120 ") << qint64(0) << qint64(120'000);
    QTest::newRow("zero") << QByteArray("0") << qint64(0) << qint64(0);
    QTest::newRow("IMF-fixdate") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << date - 5000 << qint64(5000);
    QTest::newRow("RFC 850") << QByteArray("Sunday, 06-Nov-94 08:49:37 GMT") << date - 2000 << qint64(2000);
    QTest::newRow("asctime") << QByteArray("Sun Nov  6 08:49:37 1994") << date - 3000 << qint64(3000);
    QTest::newRow("past date") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << date + 9000 << qint64(0);
    QTest::newRow("negative") << QByteArray("-5") << qint64(0) << qint64(-1);
    QTest::newRow("garbage") << QByteArray("soon") << qint64(0) << qint64(-1);
    QTest::newRow("empty") << QByteArray("") << qint64(0) << qint64(-1);
}

void TestAlertsPayloads::retryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, nowMs);
    QFETCH(qint64, expected);
    const auto parsed = retry::parseRetryAfterMs(value, nowMs);
    QCOMPARE(parsed.value_or(-1), expected);
}

void TestAlertsPayloads::redact()
{
    ReceiverConfig r = receiver(ReceiverType::Slack, QStringLiteral("chat"));
    r.url = QStringLiteral("https://hooks.slack.example/services/T000/B000/XyZsecretPath?token=qwerty123");
    r.headers = { { QStringLiteral("Authorization"), QStringLiteral("Bearer tok-abc-123") } };
    r.secret = QStringLiteral("user:pa55word");
    const QString text = DeliveryService::redact(
        QStringLiteral("failed %1 with tok-abc-123 and pa55word, qwerty123, XyZsecretPath, %2")
            .arg(r.url, QString::fromLatin1(r.secret.toUtf8().toBase64())),
        r);
    for (const char* s : { "tok-abc-123", "pa55word", "qwerty123", "XyZsecretPath", "dXNlcjpwYTU1d29yZA" })
        QVERIFY2(!text.contains(QLatin1String(s)), qPrintable(text));
    QCOMPARE(DeliveryService::safeUrl(QUrl(r.url)), QStringLiteral("https://hooks.slack.example"));
    QCOMPARE(DeliveryService::safeUrl(QUrl(QStringLiteral("http://u:p@127.0.0.1:8080/x?y=z"))),
        QStringLiteral("http://127.0.0.1:8080"));
}

void TestAlertsPayloads::secretsNeverLogged()
{
    // Every receiver type fails (closed port) and retries once; nothing secret may
    // reach the log or the records.
    QLoggingCategory::setFilterRules(QStringLiteral("opsdeck.*=true"));
    const quint16 port = closedPort();
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(port);
    QList<ReceiverConfig> receivers;
    ReceiverConfig web = receiver(ReceiverType::Webhook, QStringLiteral("web"));
    web.url = base + QStringLiteral("/hook/PathSecret77?token=QuerySecret88");
    web.headers = { { QStringLiteral("Authorization"), QStringLiteral("Bearer HeaderSecret99") } };
    ReceiverConfig pd = receiver(ReceiverType::PagerDuty, QStringLiteral("pd"));
    pd.url = base + QStringLiteral("/v2/enqueue");
    pd.secret = QStringLiteral("RoutingKeySecret11");
    ReceiverConfig sms = receiver(ReceiverType::Sms, QStringLiteral("sms"));
    sms.url = base + QStringLiteral("/2010-04-01/Accounts/AC123/Messages.json");
    sms.secret = QStringLiteral("AC123:SmsPasswordSecret22");
    sms.from = QStringLiteral("+1555");
    sms.to = { QStringLiteral("+1666") };
    ReceiverConfig mail = receiver(ReceiverType::Email, QStringLiteral("mail"));
    mail.smtpHost = QStringLiteral("127.0.0.1");
    mail.smtpPort = port;
    mail.smtpUser = QStringLiteral("ops");
    mail.secret = QStringLiteral("SmtpPasswordSecret33");
    mail.from = QStringLiteral("alerts@ops.example");
    mail.to = { QStringLiteral("oncall@ops.example") };
    receivers << web << pd << sms << mail;

    DeliveryService service;
    service.setReceivers(receivers);
    service.setRetryPolicy(RetryPolicy { 2, 10, 20, 2000 });
    QList<NotificationRecord> records;
    connect(&service, &DeliveryService::recordChanged, this,
        [&records](const NotificationRecord& record) { records << record; });

    {
        QMutexLocker lock(&g_logMutex);
        g_log.clear();
    }
    const QtMessageHandler previous = qInstallMessageHandler(captureMessages);
    quint64 id = 1;
    for (const ReceiverConfig& r : std::as_const(receivers)) {
        Notification n = sampleNotification();
        n.receiver = r.name;
        n.deliveryId = id++;
        service.deliver(n);
    }
    const auto failed = [&records] {
        return std::count_if(records.cbegin(), records.cend(),
            [](const NotificationRecord& r) { return r.status == QLatin1String("failed"); });
    };
    QTRY_COMPARE_WITH_TIMEOUT(failed(), 4, 20'000);
    qInstallMessageHandler(previous);

    QStringList log;
    {
        QMutexLocker lock(&g_logMutex);
        log = g_log;
    }
    QVERIFY(!log.isEmpty()); // failures are logged...
    QVERIFY(log.join(QLatin1Char('\n')).contains(QStringLiteral("web")));
    QString everything = log.join(QLatin1Char('\n'));
    for (const NotificationRecord& r : std::as_const(records)) {
        everything += QLatin1Char('\n') + r.error;
        if (r.status == QLatin1String("failed")) {
            QCOMPARE(r.attempts, 2); // connection errors are retried
            QVERIFY2(!r.error.isEmpty(), qPrintable(r.receiver));
        }
    }
    for (const char* secret : { "PathSecret77", "QuerySecret88", "HeaderSecret99", "RoutingKeySecret11",
             "SmsPasswordSecret22", "SmtpPasswordSecret33" })
        QVERIFY2(!everything.contains(QLatin1String(secret)), secret);
    QCOMPARE(service.pendingCount(), 0);
}

QTEST_GUILESS_MAIN(TestAlertsPayloads)
#include "tst_alerts_payloads.moc"
