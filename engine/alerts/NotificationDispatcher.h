#pragma once

#include "alerts/AlertTypes.h"
#include "alerts/Inhibitor.h"
#include "alerts/RouteMatcher.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QSet>

#include <limits>

// Decides who is told what and when: Alertmanager 0.25's dispatcher and
// notification pipeline (dispatch/dispatch.go, notify/notify.go) as pure logic
// over the full current alert list, plus OpsDeck's acknowledgement,
// escalation and flap damping. It never sends, stores or reads a clock: the
// caller passes the time, hands the returned notifications to delivery and
// calls update() again at nextDueMs() (one timer) or whenever alerts,
// silences or acknowledgements change. Not thread-safe.
//
// Alertmanager semantics kept:
// - Every alert goes down the routing tree (RouteMatcher) and, for each route
//   it lands on, into the aggregation group of (route, group_by labels). A new
//   group is flushed group_wait after it was created, at once when one of its
//   alerts fired group_wait or longer ago (so group_wait 0 sends within the
//   same update() call), then checked every group_interval for as long as it
//   exists.
// - At each flush silenced and inhibited alerts are left out (nothing is sent
//   when none is left). The receiver is notified when a firing alert is new
//   to it, when every alert it was told about has resolved (send_resolved
//   decides whether that message goes out), when send_resolved is on and an
//   alert resolved, and otherwise when repeat_interval has passed since the
//   last notification (compared strictly, as Alertmanager, so the repeat
//   goes out at the first group_interval tick after repeat_interval). A
//   notification carries the group's firing alerts plus, with send_resolved,
//   its resolved ones; Kind::Resolve when none is firing. A group_interval
//   under 1 s (Alertmanager refuses 0) counts as 1 s.
// - Resolved alerts leave the group after the flush that saw them; a group
//   left empty is removed at once (Alertmanager: within its 30 s
//   maintenance). The notification log per (group key, receiver) outlives
//   the group, as Alertmanager's nflog does.
// - Silences: Active ones only (pending and expired ones mute nothing); all
//   matchers of a silence must match. Inhibition: see Inhibitor.
//
// Input and OpsDeck decisions:
// - Only Firing alerts and Resolved alerts that had fired are notified.
//   Pending alerts are not (Prometheus never sends them). NoData and Error
//   instances are not notified either: they describe a rule that cannot be
//   evaluated, not the watched system; they show in the inbox and the
//   delivery log stays about real alerts. An Alertmanager-style "absent()"
//   rule is the way to page on missing data.
// - Several instances with one fingerprint (a recurrence is a new id): the
//   newest notifiable one counts. An alert that was in a group and is no
//   longer in the list at all counts as resolved at that update.
// - Acknowledgement: a group whose firing (unmuted) alerts are all
//   acknowledged gets no repeat notifications and no escalation steps. Once,
//   when that becomes true, every PagerDuty receiver that was sent a trigger
//   for the group (route receiver and escalation receivers) gets a
//   Kind::Acknowledge; again only after some firing alert of the group became
//   unacknowledged (new alert or unacknowledge) and then acknowledged.
// - Escalation: on a route with `escalation` naming a policy, an escalation
//   episode starts when the group holds a firing, unmuted, unacknowledged
//   alert; its clock starts at the earliest firedAtMs of those alerts for the
//   group's first episode and at the update that starts it for later ones.
//   Step i is due at start + delayMs and sends one Trigger with
//   escalationStep = i to each of its receivers (the group's firing unmuted
//   alerts), each step once per episode. The episode ends, with the steps not
//   yet due never sent, when every firing alert is acknowledged, muted or
//   resolved. Escalation receivers that got a trigger get a Kind::Resolve
//   (when their send_resolved is on) at the flush that resolves the group.
// - Flap damping: while Alert::flapping is set, the dispatcher holds the
//   state it last used for that fingerprint: a flapping alert last seen
//   firing stays firing for notifications (its resolves are held), one last
//   seen resolved stays resolved (its re-fires are held). So a flapping alert
//   sends neither triggers nor resolves; when the evaluator clears the flag
//   (after a quiet window) the real state is notified as usual, one message.
//   A held resolve also ends when the instance leaves the alert list.
// - setConfig() keeps groups whose route key still exists (their timers go on
//   with the new timings); others are dropped, as on an Alertmanager reload.
//   Nothing is persisted here: restore() takes the delivery log after a
//   restart (without it firing groups notify once more).
namespace opsdeck::alerts {

class NotificationDispatcher
{
public:
    enum class Mute { None, Silenced, Inhibited };

    NotificationDispatcher();

    void setConfig(const AlertingConfig& config);

    // After a restart, before the first update(): rebuilds the notification
    // log from the delivery log (records "sent" or "retrying"; the alerts give
    // each id's fingerprint and times), so firing groups are not notified
    // again before repeat_interval, PagerDuty receivers that hold an open
    // incident still get Acknowledge and Resolve, and escalation steps whose
    // receivers all hold an open trigger are not sent again.
    void restore(const QList<NotificationRecord>& records, const QList<Alert>& alerts);

    // Full current set of alert instances (open + recently resolved) and all
    // silences, at nowMs. Returns the notifications due now, in group order.
    QList<Notification> update(const QList<Alert>& alerts, const QList<Silence>& silences, qint64 nowMs);
    // When update() must be called again if nothing changes: the next group
    // flush, escalation step or start/end of a silence that matters
    // (INT64_MAX = never).
    qint64 nextDueMs() const { return m_nextDueMs; }

    // As of the last update(); a silence wins over inhibition (Alertmanager's
    // pipeline checks inhibition first but reports both).
    Mute muteOf(const QByteArray& fingerprint) const;
    qint64 silencedBy(const QByteArray& fingerprint) const; // silence id or 0
    QByteArray inhibitedBy(const QByteArray& fingerprint) const; // fingerprint of the source or empty

    // The active silence with the lowest id that matches the labels, or 0.
    static qint64 silenceFor(const QList<Silence>& silences, const metrics::Labels& labels, qint64 nowMs);
    static bool silenceMatches(const Silence& silence, const metrics::Labels& labels);

    int groupCount() const { return int(m_groups.size()); }

private:
    struct LogEntry // Alertmanager nflog entry of one (group key, receiver)
    {
        QSet<QByteArray> firing;
        QSet<QByteArray> resolved;
        qint64 atMs = 0;
        qint64 repeatMs = 0; // for forgetting the entry once it can no longer hold anything back
        bool acknowledged = false; // a PagerDuty Acknowledge went out after the last trigger
    };
    struct Group
    {
        int routeId = 0;
        QByteArray key;
        metrics::Labels labels;
        QMap<QByteArray, Alert> alerts; // by fingerprint
        qint64 nextFlushMs = 0;
        bool hasFlushed = false;
        QSet<QString> triggered; // receivers holding an open trigger for this group
        QSet<QString> acknowledged; // PagerDuty receivers sent an Acknowledge since their last trigger
        bool escalating = false;
        int episodes = 0;
        qint64 escalationStartMs = 0;
        QSet<int> stepsSent;
    };
    struct Held // flap damping: what notifications last saw of a fingerprint
    {
        bool seen = false;
        bool firing = false;
        Alert snapshot; // only kept while resolved
    };
    struct MuteInfo
    {
        qint64 silenceId = 0;
        QByteArray inhibitedBy;
    };

    static QByteArray fingerprintOf(const Alert& alert);
    QList<Alert> presentable(const QList<Alert>& alerts);
    MuteInfo muteInfo(const metrics::Labels& labels) const;
    bool muted(const Alert& alert) const;
    void flush(Group& group, qint64 nowMs, QList<Notification>* out);
    void followUp(Group& group, qint64 nowMs, QList<Notification>* out);
    Notification make(const Group& group, const QString& receiver, Notification::Kind kind,
        const QList<Alert>& alerts, qint64 nowMs) const;
    const ReceiverConfig* receiver(const QString& name) const;
    const EscalationPolicy* policy(const QString& name) const;
    void computeNextDue(qint64 nowMs);
    void logSent(
        const Group& group, const QString& receiver, const QList<Alert>& alerts, qint64 nowMs, qint64 repeatMs);

    AlertingConfig m_config;
    RouteMatcher m_routes;
    Inhibitor m_inhibitor;
    QList<Silence> m_silences;
    qint64 m_nowMs = 0;
    QMap<QByteArray, Group> m_groups; // routeId:groupKey -> group (ordered: stable output)
    QHash<QByteArray, LogEntry> m_log; // groupKey + '\0' + receiver
    QHash<qint64, QSet<QByteArray>> m_consumed; // resolved instance id -> groups that flushed it out
    QHash<QByteArray, Held> m_held;
    QHash<QByteArray, MuteInfo> m_mutes;
    struct RouteSlot
    {
        int routeId = 0;
        metrics::Labels labels;
        QByteArray groupKey;
        QByteArray groupId; // routeId:groupKey
    };
    QHash<QByteArray, QList<RouteSlot>> m_routeCache; // by fingerprint; cleared with the configuration
    QList<const Silence*> m_activeSilences; // into m_silences, for this update
    qint64 m_nextDueMs = std::numeric_limits<qint64>::max();
};

} // namespace opsdeck::alerts
