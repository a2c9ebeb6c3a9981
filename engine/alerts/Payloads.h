#pragma once

#include "alerts/AlertTypes.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QUrlQuery>

// What each receiver type is sent for one Notification, built as plain values
// so the shapes can be checked without a network: the Alertmanager webhook
// payload (version "4"), a Slack incoming-webhook message (`text` fallback +
// Block Kit blocks), a PagerDuty Events API v2 event, a Twilio-style SMS form
// and an RFC 5322 email message. Pure functions of their arguments (no clock,
// no I/O); they must never log, and apart from pagerDutyEvent's routing_key
// (which the event format requires) never put a receiver secret in what they
// return.
namespace opsdeck::alerts {

class Payloads
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::alerts::Payloads)

public:
    // Alertmanager webhook_config payload, version "4": receiver, status,
    // alerts[] (status, labels, annotations, startsAt, endsAt, generatorURL,
    // fingerprint), groupLabels, commonLabels, commonAnnotations, externalURL,
    // version, groupKey, truncatedAlerts. An Acknowledge notification keeps
    // the v4 shape (alerts still "firing") and adds an "opsdeck" object with
    // kind and the acknowledgements; receivers that ignore unknown fields see
    // a repeat.
    static QJsonObject webhookPayload(
        const Notification& notification, const ReceiverConfig& receiver, const QString& externalUrl);
    // Slack incoming webhook: `text` (notification fallback) plus a header,
    // one section per alert (at most kSlackMaxAlertBlocks, then a "and N
    // more" context) and a context line with the group.
    static QJsonObject slackPayload(
        const Notification& notification, const ReceiverConfig& receiver, const QString& externalUrl);
    // PagerDuty Events API v2: routing_key (= receiver.secret), event_action
    // trigger/acknowledge/resolve, dedup_key = pagerDutyDedupKey(groupKey);
    // trigger events carry payload {summary, source, severity, timestamp,
    // custom_details}, client and client_url (when externalUrl is set).
    static QJsonObject pagerDutyEvent(
        const Notification& notification, const ReceiverConfig& receiver, const QString& externalUrl);
    // Alertmanager's dedup key: SHA-256 of the group key, 64 hex digits.
    static QByteArray pagerDutyDedupKey(const QByteArray& groupKey);
    // One form per recipient (receiver.to). Fields from receiver.smsFields
    // (values may use {to}, {from}, {text}); Twilio-style To/From/Body when
    // empty. The text is smsText(), cut to kSmsMaxChars.
    static QUrlQuery smsForm(
        const Notification& notification, const ReceiverConfig& receiver, const QString& recipient);
    static QString smsText(const Notification& notification);
    // application/x-www-form-urlencoded body of a form. Not QUrlQuery::toString:
    // that leaves '+' alone, which a form decoder reads as a space ("+1555..").
    static QByteArray formBody(const QUrlQuery& form);
    // RFC 5322 message with CRLF line ends: From, To, Subject (RFC 2047
    // encoded when not ASCII), Date, Message-ID, MIME headers, text body.
    // Dot-stuffing is libcurl's job. nowMs is the Date header's time.
    static QByteArray emailMessage(const Notification& notification, const ReceiverConfig& receiver,
        const QString& externalUrl, qint64 nowMs);
    // The body of Alertmanager's POST /api/v2/alerts, as Prometheus's
    // notifier sends it: one object per alert with labels, annotations,
    // startsAt, endsAt and generatorURL (left out when there is no external
    // URL). A firing alert's endsAt is nowMs + validForMs (Prometheus: four
    // resend intervals), so Alertmanager resolves it by itself if OpsDeck
    // goes away; a resolved one's is its resolve time.
    static QJsonArray alertmanagerAlerts(
        const QList<Alert>& alerts, const QString& externalUrl, qint64 nowMs, qint64 validForMs);
    // "[FIRING:2] HostDown (instance=a job=node)", as Alertmanager's subject.
    static QString title(const Notification& notification);

    // Shared pieces, public for tests.
    static QString rfc3339(qint64 ms); // UTC, millisecond precision; 0 -> "0001-01-01T00:00:00Z"
    static QString alertStatus(const Alert& alert); // "firing" or "resolved"
    static QString groupStatus(const Notification& notification);
    static QString generatorUrl(const Alert& alert, const QString& externalUrl);

    static constexpr int kSlackMaxAlertBlocks = 20; // Slack allows 50 blocks per message
    static constexpr int kSlackMaxSectionChars = 3000;
    static constexpr int kSlackMaxHeaderChars = 150;
    static constexpr int kPagerDutyMaxSummaryChars = 1024;
    static constexpr int kSmsMaxChars = 320;
};

} // namespace opsdeck::alerts
