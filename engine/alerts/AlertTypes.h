#pragma once

#include "metrics/LabelMatcher.h"
#include "metrics/Labels.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <cmath>
#include <optional>

// The alerting vocabulary shared by every part of engine/alerts and by the
// layers above it: rules, alert instances and their lifecycle, silences,
// inhibition, routes, receivers, escalation and notifications. Plain values
// only (cheap to copy, safe to pass between threads); the logic lives in the
// classes that use them. Times are milliseconds since the Unix epoch, taken
// from an injected Clock, never read here.
namespace opsdeck::alerts {

enum class Severity { Critical, Warning, Info };
QString severityName(Severity severity); // "critical", "warning", "info"
std::optional<Severity> severityFromName(QStringView name);

// One alerting rule, as a Prometheus rule file's `alert:` entry.
struct AlertRule
{
    QString name; // `alert:`; becomes the alertname label
    QString expr; // PromQL subset
    qint64 forMs = 0; // `for`
    qint64 keepFiringForMs = 0; // `keep_firing_for`
    Severity severity = Severity::Warning; // from labels.severity when present
    QMap<QString, QString> labels; // extra labels (may hold templates), severity included
    QMap<QString, QString> annotations; // templates: {{ $labels.x }}, {{ $value }}, humanize...
    // Where it came from, for messages ("rules.yml:12"); empty when made in the console.
    QString sourceFile;
    int sourceLine = 0;

    friend bool operator==(const AlertRule&, const AlertRule&) = default;
};

struct RuleGroup
{
    QString name;
    qint64 intervalMs = 0; // 0 = evaluate after every scrape round (at most once a second)
    QList<AlertRule> rules;
    QString dataSource {}; // the data source its rules query ("data_source:"); "" = this engine

    friend bool operator==(const RuleGroup&, const RuleGroup&) = default;
};

// Inactive is never stored: an alert instance exists from Pending on.
// NoData: the expression returned nothing although the rule asked for data
// (absent series); Error: the query failed (reason in Alert::error).
enum class AlertState { Inactive, Pending, Firing, Resolved, NoData, Error };
QString alertStateName(AlertState state); // "inactive", "pending", "firing", "resolved", "nodata", "error"
std::optional<AlertState> alertStateFromName(QStringView name);

struct Acknowledgement
{
    QString by;
    qint64 atMs = 0;
    QString note;

    friend bool operator==(const Acknowledgement&, const Acknowledgement&) = default;
};

// One alert instance: a rule's output series from pending until resolved. A
// recurrence after resolve is a new instance with a new id.
struct Alert
{
    qint64 id = 0; // unique, assigned by the evaluator (never reused)
    QByteArray fingerprint; // 16 lowercase hex digits of a hash of labels (stable across runs)
    QString ruleName;
    QString groupName;
    metrics::Labels labels; // series labels (without __name__) + rule labels + alertname
    QMap<QString, QString> annotations; // expanded
    Severity severity = Severity::Warning;
    AlertState state = AlertState::Pending;
    double value = std::nan("");
    qint64 activeSinceMs = 0; // first evaluation that returned the series (pending start)
    qint64 firedAtMs = 0; // 0 until firing
    qint64 resolvedAtMs = 0; // 0 until resolved
    qint64 lastEvalMs = 0;
    qint64 lastSeenMs = 0; // last evaluation that returned the series (keep_firing_for counts from here)
    QString error; // NoData/Error: the reason in plain words
    bool flapping = false;
    std::optional<Acknowledgement> ack;

    bool isOpen() const { return state != AlertState::Resolved && state != AlertState::Inactive; }
};

// One state change of one alert instance, for its timeline.
struct AlertTransition
{
    qint64 alertId = 0;
    AlertState from = AlertState::Inactive;
    AlertState to = AlertState::Inactive;
    qint64 atMs = 0;
    double value = std::nan("");
    QString note; // e.g. "acknowledged by ana", error text

    friend bool operator==(const AlertTransition& a, const AlertTransition& b)
    {
        return a.alertId == b.alertId && a.from == b.from && a.to == b.to && a.atMs == b.atMs && a.note == b.note;
    }
};

// A silence as in Alertmanager: all matchers must match an alert's labels.
struct Silence
{
    qint64 id = 0; // repository id; 0 until stored
    QList<metrics::LabelMatcher> matchers;
    qint64 startsAtMs = 0;
    qint64 endsAtMs = 0;
    QString createdBy;
    QString comment;
    qint64 createdAtMs = 0;

    enum class Status { Pending, Active, Expired };
    Status status(qint64 nowMs) const
    {
        if (nowMs >= endsAtMs)
            return Status::Expired;
        return nowMs < startsAtMs ? Status::Pending : Status::Active;
    }
};

// Alertmanager inhibit_rules: a firing alert matching source mutes alerts
// matching target when all `equal` labels have the same value in both.
struct InhibitRule
{
    QList<metrics::LabelMatcher> sourceMatchers;
    QList<metrics::LabelMatcher> targetMatchers;
    QList<QByteArray> equal;
};

// Alertmanager's routing tree. Children inherit unset (negative) timings and
// the receiver/group_by of their parent; the root's defaults are
// Alertmanager's: group_wait 30 s, group_interval 5 min, repeat_interval 4 h.
struct Route
{
    QString receiver;
    QList<metrics::LabelMatcher> matchers;
    std::optional<QList<QByteArray>> groupBy; // unset = inherit; {"..."} = every label
    qint64 groupWaitMs = -1;
    qint64 groupIntervalMs = -1;
    qint64 repeatIntervalMs = -1;
    bool continueMatching = false; // `continue`
    QString escalation; // name of an EscalationPolicy, empty = none
    QList<Route> routes;
};

inline constexpr qint64 kDefaultGroupWaitMs = 30'000;
inline constexpr qint64 kDefaultGroupIntervalMs = 5 * 60'000;
inline constexpr qint64 kDefaultRepeatIntervalMs = 4 * 3600'000;

// Steps of (delay since the group first fired, receivers); an unacknowledged
// group climbs them, acknowledgement (of every firing alert in it) stops it.
struct EscalationStep
{
    qint64 delayMs = 0;
    QStringList receivers;
};
struct EscalationPolicy
{
    QString name;
    QList<EscalationStep> steps;
};

enum class ReceiverType { Webhook, Slack, PagerDuty, Email, Sms };
QString receiverTypeName(ReceiverType type); // "webhook", "slack", "pagerduty", "email", "sms"
std::optional<ReceiverType> receiverTypeFromName(QStringView name);

struct ReceiverConfig
{
    QString name;
    ReceiverType type = ReceiverType::Webhook;
    bool sendResolved = true;
    // webhook, slack (incoming webhook URL), pagerduty (events URL, default
    // https://events.pagerduty.com/v2/enqueue), sms (gateway URL)
    QString url;
    QMap<QString, QString> headers; // extra HTTP headers (e.g. Authorization for a webhook)
    QString secret; // pagerduty routing_key / sms basic-auth "user:password" / smtp password; never logged
    // email
    QString smtpHost;
    int smtpPort = 587;
    bool smtpStartTls = true; // required when true
    QString smtpUser;
    QString smtpCaFile; // extra CA bundle (PEM) for the SMTP server; empty = the system store
    QString from;
    QStringList to; // email addresses, or phone numbers for sms
    // sms: form fields; values may use {to}, {from}, {text}. Default Twilio-style: To, From, Body.
    QMap<QString, QString> smsFields;
};

// An external Alertmanager that gets every firing and resolved alert through
// its API (POST <url>/api/v2/alerts), as Prometheus's alertmanager_config does.
struct AlertmanagerConfig
{
    QString url; // base URL (scheme://host:port[/path_prefix]); /api/v2/alerts is appended
    QString bearerToken; // "Authorization: Bearer ..."; never logged
    QString basicAuthUser;
    QString basicAuthPassword; // never logged
    QString caFile; // extra CA (PEM) for https; empty = the system store
    bool insecure = false; // no certificate check
    qint64 timeoutMs = 10'000; // per request, Prometheus's default

    friend bool operator==(const AlertmanagerConfig&, const AlertmanagerConfig&) = default;
};

// Everything that decides who is told what: receivers, the routing tree,
// inhibition and escalation (Alertmanager's configuration, plus escalation).
struct AlertingConfig
{
    QList<ReceiverConfig> receivers;
    Route route; // root: its receiver is the default; matchers are ignored
    QList<InhibitRule> inhibitRules;
    QList<EscalationPolicy> escalations;
    QString externalUrl; // for payloads' externalURL / links; may be empty
    QList<AlertmanagerConfig> alertmanagers; // forwarded to alongside the receivers
};

// Alertmanager's fingerprint of a label set (FNV-1a 64 over name, 0xff,
// value, 0xff per label in name order) as 16 lowercase hex digits.
QByteArray alertFingerprint(const metrics::Labels& labels);

// One message to one receiver about one group of alerts.
struct Notification
{
    enum class Kind { Trigger, Acknowledge, Resolve };
    QString receiver;
    QByteArray groupKey; // Alertmanager-style: route path + "{}:" + group labels
    metrics::Labels groupLabels;
    Kind kind = Kind::Trigger; // Resolve when every alert in it is resolved; Acknowledge on operator ack
    QList<Alert> alerts; // snapshots as of the send
    int escalationStep = -1; // >= 0 when sent by an escalation step
    qint64 createdAtMs = 0;
    quint64 deliveryId = 0; // set by whoever hands it to delivery; records carry it back
};

// One delivery attempt series of one notification, for the delivery log.
struct NotificationRecord
{
    qint64 id = 0; // repository id
    quint64 deliveryId = 0; // Notification::deliveryId it reports on
    QString receiver;
    QString receiverType;
    QByteArray groupKey;
    QString kind; // "trigger", "acknowledge", "resolve"
    QList<qint64> alertIds;
    QString status; // "sent", "failed", "retrying", "suppressed"
    int attempts = 0;
    int httpStatus = 0;
    QString error; // plain words; never a secret
    qint64 createdAtMs = 0;
    qint64 finishedAtMs = 0;
};

} // namespace opsdeck::alerts

Q_DECLARE_METATYPE(opsdeck::alerts::Alert)
Q_DECLARE_METATYPE(opsdeck::alerts::NotificationRecord)
Q_DECLARE_METATYPE(opsdeck::alerts::Notification)
