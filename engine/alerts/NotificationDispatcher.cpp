#include "alerts/NotificationDispatcher.h"

#include <QLoggingCategory>

#include <algorithm>

namespace opsdeck::alerts {

Q_LOGGING_CATEGORY(lcDispatch, "opsdeck.alerts.dispatch")

namespace {

bool isNotifiable(const Alert& alert)
{
    return alert.state == AlertState::Firing || (alert.state == AlertState::Resolved && alert.firedAtMs > 0);
}

QByteArray logKey(const QByteArray& groupKey, const QString& receiver)
{
    return groupKey + '\0' + receiver.toUtf8();
}

// Alertmanager's types.AlertSlice order: job, then instance, then the label sets.
bool alertLess(const Alert& a, const Alert& b)
{
    for (const QByteArrayView key : { QByteArrayView("job"), QByteArrayView("instance") }) {
        const bool aHas = a.labels.has(key);
        const bool bHas = b.labels.has(key);
        if (!aHas && !bHas)
            continue;
        if (!aHas)
            return false;
        if (!bHas)
            return true;
        const QByteArray av = a.labels.value(key);
        const QByteArray bv = b.labels.value(key);
        if (av != bv)
            return av < bv;
    }
    return a.labels < b.labels;
}

bool isSubset(const QSet<QByteArray>& sub, const QSet<QByteArray>& of)
{
    return std::all_of(sub.cbegin(), sub.cend(), [&of](const QByteArray& fp) { return of.contains(fp); });
}

} // namespace

NotificationDispatcher::NotificationDispatcher() = default;

QByteArray NotificationDispatcher::fingerprintOf(const Alert& alert)
{
    return alert.fingerprint.isEmpty() ? alertFingerprint(alert.labels) : alert.fingerprint;
}

void NotificationDispatcher::setConfig(const AlertingConfig& config)
{
    const RouteMatcher oldRoutes = m_routes;
    m_config = config;
    m_routes = RouteMatcher(config.route);
    m_inhibitor.setRules(config.inhibitRules);

    // Keep the groups of routes that still exist with the same grouping, so a
    // reload that leaves routing alone sends nothing twice.
    QHash<QByteArray, int> byKey;
    for (int id = m_routes.size() - 1; id >= 0; --id)
        byKey.insert(m_routes.route(id).key, id);
    QMap<QByteArray, Group> kept;
    for (Group& group : m_groups) {
        const ResolvedRoute& old = oldRoutes.route(group.routeId);
        const auto it = byKey.constFind(old.key);
        if (it == byKey.cend())
            continue;
        const ResolvedRoute& now = m_routes.route(*it);
        if (now.groupByAll != old.groupByAll || now.groupBy != old.groupBy)
            continue;
        group.routeId = *it;
        kept.insert(QByteArray::number(*it) + ':' + group.key, group);
    }
    qCDebug(lcDispatch) << "config:" << m_routes.size() << "routes," << kept.size() << "of" << m_groups.size()
                        << "groups kept";
    m_groups = kept;
    m_routeCache.clear();
    computeNextDue(m_nowMs);
}

const ReceiverConfig* NotificationDispatcher::receiver(const QString& name) const
{
    for (const ReceiverConfig& r : m_config.receivers) {
        if (r.name == name)
            return &r;
    }
    return nullptr;
}

const EscalationPolicy* NotificationDispatcher::policy(const QString& name) const
{
    if (name.isEmpty())
        return nullptr;
    for (const EscalationPolicy& p : m_config.escalations) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

bool NotificationDispatcher::silenceMatches(const Silence& silence, const metrics::Labels& labels)
{
    if (silence.matchers.isEmpty())
        return false; // Alertmanager rejects silences without matchers; never mute everything
    return std::all_of(silence.matchers.cbegin(), silence.matchers.cend(),
        [&labels](const metrics::LabelMatcher& m) { return m.matches(labels.value(m.name())); });
}

qint64 NotificationDispatcher::silenceFor(
    const QList<Silence>& silences, const metrics::Labels& labels, qint64 nowMs)
{
    qint64 best = 0;
    for (const Silence& s : silences) {
        if (s.status(nowMs) != Silence::Status::Active || !silenceMatches(s, labels))
            continue;
        if (best == 0 || s.id < best)
            best = s.id;
    }
    return best;
}

NotificationDispatcher::MuteInfo NotificationDispatcher::muteInfo(const metrics::Labels& labels) const
{
    MuteInfo info;
    for (const Silence* s : m_activeSilences) {
        if (!silenceMatches(*s, labels))
            continue;
        // The lowest id wins; a silence not stored yet (id 0) still mutes (-1).
        if (s->id > 0 && (info.silenceId <= 0 || s->id < info.silenceId))
            info.silenceId = s->id;
        else if (info.silenceId == 0)
            info.silenceId = -1;
    }
    info.inhibitedBy = m_inhibitor.inhibitedBy(labels);
    return info;
}

bool NotificationDispatcher::muted(const Alert& alert) const
{
    const auto it = m_mutes.constFind(alert.fingerprint);
    const MuteInfo info = it != m_mutes.cend() ? *it : muteInfo(alert.labels);
    return info.silenceId != 0 || !info.inhibitedBy.isEmpty();
}

NotificationDispatcher::Mute NotificationDispatcher::muteOf(const QByteArray& fingerprint) const
{
    const auto it = m_mutes.constFind(fingerprint);
    if (it == m_mutes.cend())
        return Mute::None;
    if (it->silenceId != 0)
        return Mute::Silenced;
    return it->inhibitedBy.isEmpty() ? Mute::None : Mute::Inhibited;
}

qint64 NotificationDispatcher::silencedBy(const QByteArray& fingerprint) const
{
    return std::max<qint64>(0, m_mutes.value(fingerprint).silenceId);
}

QByteArray NotificationDispatcher::inhibitedBy(const QByteArray& fingerprint) const
{
    return m_mutes.value(fingerprint).inhibitedBy;
}

QList<Alert> NotificationDispatcher::presentable(const QList<Alert>& alerts)
{
    QHash<QByteArray, const Alert*> best;
    best.reserve(alerts.size());
    for (const Alert& alert : alerts) {
        if (!isNotifiable(alert))
            continue;
        const Alert*& slot = best[fingerprintOf(alert)];
        if (!slot || slot->id < alert.id)
            slot = &alert;
    }

    QList<Alert> out;
    out.reserve(best.size());
    for (auto it = best.cbegin(); it != best.cend(); ++it) {
        const Alert& current = **it;
        Held& held = m_held[it.key()];
        const bool known = held.seen;
        held.seen = true;
        if (current.flapping && known && !held.firing && current.state == AlertState::Firing) {
            out.append(held.snapshot); // hold the re-fire
            continue;
        }
        out.append(current);
        Alert& shown = out.last();
        shown.fingerprint = it.key();
        if (current.flapping && known && held.firing && shown.state != AlertState::Firing) {
            shown.state = AlertState::Firing; // hold the resolve
            shown.resolvedAtMs = 0;
        }
        held.firing = shown.state == AlertState::Firing;
        // Only a held resolve needs the snapshot; skip the copy for firing alerts.
        held.snapshot = held.firing ? Alert() : shown;
    }
    for (auto it = m_held.begin(); it != m_held.end();) {
        if (best.contains(it.key()))
            ++it;
        else
            it = m_held.erase(it);
    }
    for (auto it = m_routeCache.begin(); it != m_routeCache.end();) {
        if (best.contains(it.key()))
            ++it;
        else
            it = m_routeCache.erase(it);
    }
    return out;
}

QList<Notification> NotificationDispatcher::update(
    const QList<Alert>& alerts, const QList<Silence>& silences, qint64 nowMs)
{
    m_nowMs = nowMs;
    m_silences = silences;
    m_activeSilences.clear();
    for (const Silence& silence : std::as_const(m_silences)) {
        if (silence.status(nowMs) == Silence::Status::Active)
            m_activeSilences.append(&silence);
    }
    m_inhibitor.setAlerts(alerts);
    m_mutes.clear();
    QSet<qint64> inputIds;
    QSet<QByteArray> notifiableFps;
    for (const Alert& alert : alerts) {
        const QByteArray fp = fingerprintOf(alert);
        inputIds.insert(alert.id);
        if (isNotifiable(alert))
            notifiableFps.insert(fp);
        if (!m_mutes.contains(fp))
            m_mutes.insert(fp, muteInfo(alert.labels));
    }

    // Into the aggregation groups.
    QHash<QByteArray, QSet<QByteArray>> seen; // group id -> fingerprints
    for (const Alert& alert : presentable(alerts)) {
        inputIds.insert(alert.id); // a held snapshot may be an instance no longer listed
        auto routeSlots = m_routeCache.find(alert.fingerprint);
        if (routeSlots == m_routeCache.end()) {
            // Labels never change for a fingerprint, so neither does its routing.
            QList<RouteSlot> computed;
            for (const int routeId : m_routes.match(alert.labels)) {
                RouteSlot slot;
                slot.routeId = routeId;
                slot.labels = m_routes.groupLabels(routeId, alert.labels);
                slot.groupKey = m_routes.groupKey(routeId, slot.labels);
                slot.groupId = QByteArray::number(routeId) + ':' + slot.groupKey;
                computed.append(slot);
            }
            routeSlots = m_routeCache.insert(alert.fingerprint, computed);
        }
        for (const RouteSlot& slot : std::as_const(*routeSlots)) {
            const int routeId = slot.routeId;
            const ResolvedRoute& route = m_routes.route(routeId);
            const metrics::Labels& groupLabels = slot.labels;
            const QByteArray& groupKey = slot.groupKey;
            const QByteArray& id = slot.groupId;
            seen[id].insert(alert.fingerprint);
            const bool resolved = alert.state != AlertState::Firing;
            if (resolved && m_consumed.value(alert.id).contains(id))
                continue;
            auto it = m_groups.find(id);
            if (it == m_groups.end()) {
                // A resolved alert only opens a group when the receiver was told it fired
                // (Alertmanager would open one and let dedup drop it).
                if (resolved && !m_log.value(logKey(groupKey, route.receiver)).firing.contains(alert.fingerprint))
                    continue;
                Group group;
                group.routeId = routeId;
                group.key = groupKey;
                group.labels = groupLabels;
                group.nextFlushMs = nowMs + route.groupWaitMs;
                // Receivers still holding an open trigger for this key (a restart, or a
                // group whose resolve was muted) keep getting acknowledge and resolve.
                const QByteArray prefix = groupKey + '\0';
                for (auto lit = m_log.cbegin(); lit != m_log.cend(); ++lit) {
                    if (!lit.key().startsWith(prefix) || lit->firing.isEmpty())
                        continue;
                    const QString name = QString::fromUtf8(lit.key().mid(prefix.size()));
                    group.triggered.insert(name);
                    if (lit->acknowledged)
                        group.acknowledged.insert(name);
                }
                if (const EscalationPolicy* pol = policy(route.escalation)) {
                    for (int i = 0; i < pol->steps.size(); ++i) {
                        const QStringList& names = pol->steps.at(i).receivers;
                        if (!names.isEmpty()
                            && std::all_of(names.cbegin(), names.cend(),
                                [&group](const QString& n) { return group.triggered.contains(n); }))
                            group.stepsSent.insert(i);
                    }
                }
                it = m_groups.insert(id, group);
                qCDebug(lcDispatch) << "new group" << groupKey;
            }
            it->alerts.insert(alert.fingerprint, alert);
            if (!it->hasFlushed && alert.firedAtMs + route.groupWaitMs <= nowMs)
                it->nextFlushMs = std::min(it->nextFlushMs, nowMs);
        }
    }
    for (auto git = m_groups.begin(); git != m_groups.end();) {
        const QSet<QByteArray> groupSeen = seen.value(git.key());
        for (auto ait = git->alerts.begin(); ait != git->alerts.end();) {
            if (groupSeen.contains(ait.key())) {
                ++ait;
            } else if (notifiableFps.contains(ait.key())) {
                ait = git->alerts.erase(ait); // routed elsewhere now (new configuration)
            } else {
                if (ait->state == AlertState::Firing) { // gone from the list: resolved now
                    ait->state = AlertState::Resolved;
                    ait->resolvedAtMs = nowMs;
                }
                ++ait;
            }
        }
        if (git->alerts.isEmpty())
            git = m_groups.erase(git);
        else
            ++git;
    }

    QList<Notification> out;
    for (auto git = m_groups.begin(); git != m_groups.end();) {
        if (git->nextFlushMs <= nowMs)
            flush(*git, nowMs, &out);
        followUp(*git, nowMs, &out);
        if (git->alerts.isEmpty())
            git = m_groups.erase(git);
        else
            ++git;
    }

    // Forget what can no longer matter.
    for (auto it = m_consumed.begin(); it != m_consumed.end();) {
        if (inputIds.contains(it.key()))
            ++it;
        else
            it = m_consumed.erase(it);
    }
    QSet<QByteArray> liveKeys;
    for (const Group& group : std::as_const(m_groups))
        liveKeys.insert(group.key);
    for (auto it = m_log.begin(); it != m_log.end();) {
        const QByteArray groupKey = it.key().left(it.key().indexOf('\0'));
        if (!liveKeys.contains(groupKey) && it->atMs + it->repeatMs < nowMs)
            it = m_log.erase(it);
        else
            ++it;
    }
    computeNextDue(nowMs);
    return out;
}

Notification NotificationDispatcher::make(const Group& group, const QString& receiver, Notification::Kind kind,
    const QList<Alert>& alerts, qint64 nowMs) const
{
    Notification n;
    n.receiver = receiver;
    n.groupKey = group.key;
    n.groupLabels = group.labels;
    n.kind = kind;
    n.alerts = alerts;
    n.createdAtMs = nowMs;
    return n;
}

void NotificationDispatcher::flush(Group& group, qint64 nowMs, QList<Notification>* out)
{
    const ResolvedRoute& route = m_routes.route(group.routeId);
    QList<Alert> all = group.alerts.values();
    std::stable_sort(all.begin(), all.end(), alertLess);
    group.hasFlushed = true;
    // Alertmanager refuses group_interval 0; a floor keeps a bad value from spinning the caller.
    group.nextFlushMs = nowMs + std::max<qint64>(route.groupIntervalMs, 1000);

    QList<Alert> unmuted;
    QList<Alert> firingAlerts;
    QSet<QByteArray> firing;
    QSet<QByteArray> resolved;
    for (const Alert& alert : std::as_const(all)) {
        if (muted(alert))
            continue;
        unmuted.append(alert);
        if (alert.state == AlertState::Firing) {
            firing.insert(alert.fingerprint);
            firingAlerts.append(alert);
        } else {
            resolved.insert(alert.fingerprint);
        }
    }

    if (!unmuted.isEmpty()) {
        const ReceiverConfig* rc = receiver(route.receiver);
        const bool sendResolved = rc ? rc->sendResolved : true;
        const QByteArray key = logKey(group.key, route.receiver);
        const auto entry = m_log.constFind(key);
        bool needsUpdate = false;
        if (entry == m_log.cend()) {
            needsUpdate = !firing.isEmpty();
        } else if (!isSubset(firing, entry->firing)) {
            needsUpdate = true;
        } else if (firing.isEmpty()) {
            // Sent even without send_resolved, so the log forgets the firing alerts.
            needsUpdate = !entry->firing.isEmpty();
        } else if (sendResolved && !isSubset(resolved, entry->resolved)) {
            needsUpdate = true;
        } else {
            const bool allAcknowledged = std::all_of(
                firingAlerts.cbegin(), firingAlerts.cend(), [](const Alert& a) { return a.ack.has_value(); });
            needsUpdate = !allAcknowledged && entry->atMs < nowMs - route.repeatIntervalMs;
        }
        if (needsUpdate) {
            if (firing.isEmpty()) {
                if (sendResolved)
                    out->append(make(group, route.receiver, Notification::Kind::Resolve, unmuted, nowMs));
                group.triggered.remove(route.receiver);
            } else {
                out->append(make(group, route.receiver, Notification::Kind::Trigger,
                    sendResolved ? unmuted : firingAlerts, nowMs));
                group.triggered.insert(route.receiver);
                group.acknowledged.remove(route.receiver);
            }
            m_log.insert(key, LogEntry { firing, resolved, nowMs, route.repeatIntervalMs, false });
        }
        // Escalation receivers hear about the end of what they were paged for.
        if (firing.isEmpty()) {
            QStringList others(group.triggered.cbegin(), group.triggered.cend());
            others.removeAll(route.receiver);
            others.sort();
            for (const QString& name : std::as_const(others)) {
                const ReceiverConfig* other = receiver(name);
                if (!other || other->sendResolved)
                    out->append(make(group, name, Notification::Kind::Resolve, unmuted, nowMs));
                logSent(group, name, unmuted, nowMs, route.repeatIntervalMs);
                group.triggered.remove(name);
            }
        }
    }

    // Resolved alerts leave the group once a flush has seen them.
    const QByteArray groupId = QByteArray::number(group.routeId) + ':' + group.key;
    for (const Alert& alert : std::as_const(all)) {
        if (alert.state == AlertState::Firing)
            continue;
        m_consumed[alert.id].insert(groupId);
        group.alerts.remove(alert.fingerprint);
    }
}

void NotificationDispatcher::followUp(Group& group, qint64 nowMs, QList<Notification>* out)
{
    const ResolvedRoute& route = m_routes.route(group.routeId);
    // Counted without copies: this runs for every group on every update.
    int firingCount = 0;
    int unacknowledgedCount = 0;
    qint64 earliestUnacknowledged = nowMs;
    for (const Alert& alert : std::as_const(group.alerts)) {
        if (alert.state != AlertState::Firing || muted(alert))
            continue;
        ++firingCount;
        if (!alert.ack) {
            ++unacknowledgedCount;
            if (alert.firedAtMs > 0)
                earliestUnacknowledged = std::min(earliestUnacknowledged, alert.firedAtMs);
        }
    }
    const auto firingAlerts = [this, &group] {
        QList<Alert> firing;
        for (const Alert& alert : std::as_const(group.alerts)) {
            if (alert.state == AlertState::Firing && !muted(alert))
                firing.append(alert);
        }
        std::stable_sort(firing.begin(), firing.end(), alertLess);
        return firing;
    };

    // PagerDuty acknowledge, once per receiver and acknowledgement.
    if (unacknowledgedCount > 0) {
        group.acknowledged.clear();
    } else if (firingCount > 0) {
        QStringList names(group.triggered.cbegin(), group.triggered.cend());
        names.sort();
        for (const QString& name : std::as_const(names)) {
            const ReceiverConfig* rc = receiver(name);
            if (!rc || rc->type != ReceiverType::PagerDuty || group.acknowledged.contains(name))
                continue;
            out->append(make(group, name, Notification::Kind::Acknowledge, firingAlerts(), nowMs));
            group.acknowledged.insert(name);
            const auto entry = m_log.find(logKey(group.key, name));
            if (entry != m_log.end())
                entry->acknowledged = true;
        }
    }

    // Escalation.
    const EscalationPolicy* pol = policy(route.escalation);
    if (!pol || unacknowledgedCount == 0) {
        group.escalating = false;
        return;
    }
    if (!group.escalating) {
        group.escalating = true;
        group.escalationStartMs = group.episodes == 0 ? earliestUnacknowledged : nowMs;
        if (group.episodes > 0)
            group.stepsSent.clear(); // a first episode keeps steps restored as already sent
        ++group.episodes;
    }
    for (int i = 0; i < pol->steps.size(); ++i) {
        const EscalationStep& step = pol->steps.at(i);
        if (group.stepsSent.contains(i) || group.escalationStartMs + step.delayMs > nowMs)
            continue;
        const QList<Alert> firing = firingAlerts();
        for (const QString& name : step.receivers) {
            Notification n = make(group, name, Notification::Kind::Trigger, firing, nowMs);
            n.escalationStep = i;
            out->append(n);
            group.triggered.insert(name);
            group.acknowledged.remove(name);
            logSent(group, name, firing, nowMs, route.repeatIntervalMs);
        }
        group.stepsSent.insert(i);
        qCInfo(lcDispatch) << "escalation" << pol->name << "step" << i << "for" << group.key;
    }
}

void NotificationDispatcher::logSent(
    const Group& group, const QString& receiver, const QList<Alert>& alerts, qint64 nowMs, qint64 repeatMs)
{
    LogEntry entry { {}, {}, nowMs, repeatMs, false };
    for (const Alert& alert : alerts)
        (alert.state == AlertState::Firing ? entry.firing : entry.resolved).insert(alert.fingerprint);
    m_log.insert(logKey(group.key, receiver), entry);
}

void NotificationDispatcher::restore(const QList<NotificationRecord>& records, const QList<Alert>& alerts)
{
    QHash<qint64, const Alert*> byId;
    for (const Alert& alert : alerts)
        byId.insert(alert.id, &alert);
    QList<const NotificationRecord*> sorted;
    for (const NotificationRecord& r : records) {
        if (r.status == QLatin1String("sent") || r.status == QLatin1String("retrying"))
            sorted.append(&r);
    }
    std::stable_sort(sorted.begin(), sorted.end(),
        [](const NotificationRecord* a, const NotificationRecord* b) { return a->createdAtMs < b->createdAtMs; });
    for (const NotificationRecord* r : std::as_const(sorted)) {
        const QByteArray key = logKey(r->groupKey, r->receiver);
        if (r->kind == QLatin1String("acknowledge")) {
            const auto entry = m_log.find(key);
            if (entry != m_log.end())
                entry->acknowledged = true;
            continue;
        }
        LogEntry entry { {}, {}, r->createdAtMs, kDefaultRepeatIntervalMs, false };
        for (const qint64 id : r->alertIds) {
            const Alert* alert = byId.value(id);
            if (!alert)
                continue;
            const QByteArray fp = fingerprintOf(*alert);
            const bool resolvedThen = alert->resolvedAtMs > 0 && alert->resolvedAtMs <= r->createdAtMs;
            (resolvedThen || r->kind == QLatin1String("resolve") ? entry.resolved : entry.firing).insert(fp);
        }
        m_log.insert(key, entry);
    }
    qCDebug(lcDispatch) << "restored" << m_log.size() << "log entries from" << sorted.size() << "records";
}

void NotificationDispatcher::computeNextDue(qint64 nowMs)
{
    qint64 next = std::numeric_limits<qint64>::max();
    for (const Group& group : std::as_const(m_groups)) {
        next = std::min(next, group.nextFlushMs);
        if (!group.escalating)
            continue;
        if (const EscalationPolicy* pol = policy(m_routes.route(group.routeId).escalation)) {
            for (int i = 0; i < pol->steps.size(); ++i) {
                if (!group.stepsSent.contains(i))
                    next = std::min(next, group.escalationStartMs + pol->steps.at(i).delayMs);
            }
        }
    }
    // A silence starting or ending changes what a flush, an acknowledge or an
    // escalation sees.
    for (const Silence& s : std::as_const(m_silences)) {
        const qint64 boundary = s.startsAtMs > nowMs ? s.startsAtMs : (s.endsAtMs > nowMs ? s.endsAtMs : 0);
        if (boundary == 0 || boundary >= next)
            continue;
        const bool matters = std::any_of(m_groups.cbegin(), m_groups.cend(), [&s](const Group& group) {
            return std::any_of(group.alerts.cbegin(), group.alerts.cend(),
                [&s](const Alert& a) { return silenceMatches(s, a.labels); });
        });
        if (matters)
            next = boundary;
    }
    m_nextDueMs = next;
}

} // namespace opsdeck::alerts
