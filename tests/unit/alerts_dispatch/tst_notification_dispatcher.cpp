#include "alerts/NotificationDispatcher.h"

#include <QTest>

#include <limits>

using namespace opsdeck;
using namespace opsdeck::alerts;
using metrics::LabelMatcher;

// Every scenario is a timeline of update() calls at explicit times with the
// notifications expected from each call and the nextDueMs() expected after it,
// written as "kind receiver groupKey ids" (ids: alert id + F firing / R resolved,
// " step=N" for escalation steps).

namespace {

constexpr qint64 S = 1000;
constexpr qint64 M = 60 * S;
constexpr qint64 H = 60 * M;
constexpr qint64 kNever = std::numeric_limits<qint64>::max();
constexpr qint64 kUnchecked = -1;

struct Step
{
    qint64 at = 0;
    QList<Alert> alerts;
    QList<Silence> silences;
    QStringList expect;
    qint64 nextDue = kUnchecked;
    int groups = -1; // groupCount() after the call, -1 = not checked
};
using Steps = QList<Step>;

metrics::Labels labels(const char* text)
{
    QList<metrics::Label> out;
    for (const QByteArray& part : QByteArray(text).split(',')) {
        const qsizetype eq = part.indexOf('=');
        if (eq > 0)
            out.append({ part.left(eq).trimmed(), part.mid(eq + 1).trimmed() });
    }
    return metrics::Labels::fromUnsorted(out);
}

Alert firing(qint64 id, const char* labelText, qint64 firedAt)
{
    Alert a;
    a.id = id;
    a.labels = labels(labelText);
    a.fingerprint = alertFingerprint(a.labels);
    a.ruleName = QString::fromUtf8(a.labels.value("alertname"));
    a.state = AlertState::Firing;
    a.activeSinceMs = firedAt;
    a.firedAtMs = std::max<qint64>(firedAt, 1); // 0 means "never fired"

    return a;
}

Alert resolved(Alert a, qint64 at)
{
    a.state = AlertState::Resolved;
    a.resolvedAtMs = at;
    return a;
}

Alert acked(Alert a, qint64 at = 1)
{
    a.ack = Acknowledgement { QStringLiteral("ana"), at, QString() };
    return a;
}

Alert flapping(Alert a)
{
    a.flapping = true;
    return a;
}

Alert inState(Alert a, AlertState state)
{
    a.state = state;
    a.firedAtMs = 0;
    return a;
}

Silence silence(qint64 id, LabelMatcher matcher, qint64 starts, qint64 ends)
{
    Silence s;
    s.id = id;
    s.matchers = { std::move(matcher) };
    s.startsAtMs = starts;
    s.endsAtMs = ends;
    s.createdBy = QStringLiteral("ana");
    return s;
}

LabelMatcher eq(const char* name, const char* value)
{
    return LabelMatcher(LabelMatcher::Type::Equal, name, value);
}

ReceiverConfig receiver(const char* name, ReceiverType type = ReceiverType::Webhook, bool sendResolved = true)
{
    ReceiverConfig r;
    r.name = QString::fromLatin1(name);
    r.type = type;
    r.sendResolved = sendResolved;
    return r;
}

AlertingConfig config(QList<ReceiverConfig> receivers, qint64 groupWait = -1,
    std::optional<QList<QByteArray>> groupBy = QList<QByteArray> { "alertname" })
{
    AlertingConfig c;
    c.receivers = std::move(receivers);
    c.route.receiver = c.receivers.first().name;
    c.route.groupBy = std::move(groupBy);
    c.route.groupWaitMs = groupWait;
    return c;
}

QString format(const Notification& n)
{
    static const char* kinds[] = { "trigger", "acknowledge", "resolve" };
    QStringList ids;
    for (const Alert& a : n.alerts)
        ids.append(QString::number(a.id) + QLatin1Char(a.state == AlertState::Firing ? 'F' : 'R'));
    QString out = QLatin1String(kinds[int(n.kind)]) + QLatin1Char(' ') + n.receiver + QLatin1Char(' ')
        + QString::fromUtf8(n.groupKey) + QLatin1Char(' ') + ids.join(QLatin1Char(','));
    if (n.escalationStep >= 0)
        out += QStringLiteral(" step=%1").arg(n.escalationStep);
    return out;
}

// `{}:{alertname="A"}`, the group key of the root route grouped by alertname.
QString rootKey(const char* alertname)
{
    return QStringLiteral("{}:{alertname=\"%1\"}").arg(QLatin1String(alertname));
}
QString trig(const char* receiver, const QString& key, const char* ids)
{
    return QStringLiteral("trigger %1 %2 %3").arg(QLatin1String(receiver), key, QLatin1String(ids));
}
QString res(const char* receiver, const QString& key, const char* ids)
{
    return QStringLiteral("resolve %1 %2 %3").arg(QLatin1String(receiver), key, QLatin1String(ids));
}
QString ack(const char* receiver, const QString& key, const char* ids)
{
    return QStringLiteral("acknowledge %1 %2 %3").arg(QLatin1String(receiver), key, QLatin1String(ids));
}

void run(NotificationDispatcher& d, const Steps& steps)
{
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const Step& step = steps.at(i);
        QStringList got;
        for (const Notification& n : d.update(step.alerts, step.silences, step.at)) {
            QCOMPARE(n.createdAtMs, step.at);
            got.append(format(n));
        }
        const QByteArray where = "step " + QByteArray::number(i) + " at " + QByteArray::number(step.at) + " ms";
        if (got != step.expect)
            qWarning("%s: got %s", where.constData(), qPrintable(got.join(QStringLiteral(" | "))));
        QCOMPARE(got, step.expect);
        if (step.nextDue != kUnchecked) {
            if (d.nextDueMs() != step.nextDue)
                qWarning("%s: next due %lld", where.constData(), d.nextDueMs());
            QCOMPARE(d.nextDueMs(), step.nextDue);
        }
        if (step.groups >= 0)
            QCOMPARE(d.groupCount(), step.groups);
    }
}

} // namespace

Q_DECLARE_METATYPE(Steps)
Q_DECLARE_METATYPE(AlertingConfig)
Q_DECLARE_METATYPE(opsdeck::alerts::Silence)

class TestNotificationDispatcher : public QObject
{
    Q_OBJECT

private slots:
    void timeline_data();
    void timeline()
    {
        QFETCH(AlertingConfig, cfg);
        QFETCH(Steps, steps);
        NotificationDispatcher d;
        d.setConfig(cfg);
        run(d, steps);
    }

    void silences_data();
    void silences();
    void muteStatus();
    void groupWaitZeroSendsEveryGroupInOneCall();
    void reloadKeepsGroups();
    void unacknowledgeResumesRepeats();
    void restoreAfterRestart();
    void escalationStartsAgainForARecurrence();
    void steadyStateUpdateCost();
};

void TestNotificationDispatcher::timeline_data()
{
    QTest::addColumn<AlertingConfig>("cfg");
    QTest::addColumn<Steps>("steps");

    const QString kA = rootKey("A");
    const Alert a1 = firing(1, "alertname=A,instance=h1", 0);
    const Alert a2 = firing(2, "alertname=A,instance=h2", 10 * S);
    const Alert a3 = firing(3, "alertname=A,instance=h3", 60 * S);

    QTest::newRow("defaults: group_wait 30s, group_interval 5m, repeat 4h (strictly after)")
        << config({ receiver("web") })
        << Steps { { 0, { a1 }, {}, {}, 30 * S, 1 },
               { 30 * S, { a1 }, {}, { trig("web", kA, "1F") }, 30 * S + 5 * M },
               { 30 * S + 5 * M, { a1 }, {}, {}, 30 * S + 10 * M },
               { 30 * S + 48 * 5 * M, { a1 }, {}, {}, 30 * S + 49 * 5 * M }, // exactly 4 h: not yet
               { 30 * S + 49 * 5 * M, { a1 }, {}, { trig("web", kA, "1F") }, 30 * S + 50 * 5 * M } };

    QTest::newRow("alerts join during group_wait; later ones wait for group_interval")
        << config({ receiver("web") })
        << Steps { { 0, { a1 }, {}, {}, 30 * S }, { 10 * S, { a1, a2 }, {}, {}, 30 * S },
               { 30 * S, { a1, a2 }, {}, { trig("web", kA, "1F,2F") }, 330 * S },
               { 60 * S, { a1, a2, a3 }, {}, {}, 330 * S },
               { 330 * S, { a1, a2, a3 }, {}, { trig("web", kA, "1F,2F,3F") }, 630 * S },
               { 630 * S, { a1, a2, a3 }, {}, {}, 930 * S } };

    QTest::newRow("alert that fired group_wait ago is sent at once") << config(
        { receiver("web") }) << Steps { { 100 * S, { a1 }, {}, { trig("web", kA, "1F") }, 100 * S + 5 * M } };

    {
        AlertingConfig c = config({ receiver("web"), receiver("pager") });
        Route crit;
        crit.receiver = QStringLiteral("pager");
        crit.matchers = { eq("severity", "critical") };
        crit.groupWaitMs = 0;
        crit.groupIntervalMs = M;
        crit.repeatIntervalMs = 10 * M;
        c.route.routes = { crit };
        const Alert c1 = firing(1, "alertname=A,severity=critical", 0);
        const Alert w2 = firing(2, "alertname=B,severity=warning", 0);
        const QString kc = QStringLiteral("{}/{severity=\"critical\"}:{alertname=\"A\"}");
        QTest::newRow("per-route timings override the defaults")
            << c
            << Steps { { 0, { c1, w2 }, {}, { trig("pager", kc, "1F") }, 30 * S },
                   { 30 * S, { c1, w2 }, {}, { trig("web", rootKey("B"), "2F") }, M },
                   { M, { c1, w2 }, {}, {}, 2 * M },
                   { 10 * M, { c1, w2 }, {}, {}, 11 * M }, // exactly repeat_interval: not yet
                   { 11 * M, { c1, w2 }, {}, { trig("pager", kc, "1F") }, 12 * M } };
    }

    QTest::newRow("group_by ... makes a group per label set")
        << config({ receiver("web") }, 0, QList<QByteArray> { "..." })
        << Steps { { 0, { a1, a2 }, {},
               { trig("web", QStringLiteral("{}:{alertname=\"A\", instance=\"h1\"}"), "1F"),
                   trig("web", QStringLiteral("{}:{alertname=\"A\", instance=\"h2\"}"), "2F") },
               5 * M, 2 } };

    QTest::newRow("no group_by: one group for the route")
        << config({ receiver("web") }, 0, std::nullopt)
        << Steps { { 0, { a1, firing(4, "alertname=B", 0) }, {}, { trig("web", QStringLiteral("{}:{}"), "1F,4F") },
               5 * M, 1 } };

    {
        AlertingConfig c = config({ receiver("default"), receiver("ra"), receiver("rb") }, 0);
        Route ra;
        ra.receiver = QStringLiteral("ra");
        ra.matchers = { eq("team", "a") };
        ra.continueMatching = true;
        Route rb;
        rb.receiver = QStringLiteral("rb");
        rb.matchers = { eq("team", "a"), eq("severity", "critical") };
        c.route.routes = { ra, rb };
        QTest::newRow("routing: continue, default receiver")
            << c
            << Steps { { 0,
                   { firing(1, "alertname=X,team=a,severity=critical", 0), firing(2, "alertname=Y,team=c", 0),
                       firing(3, "alertname=Z,team=a", 0) },
                   {},
                   { trig("default", rootKey("Y"), "2F"),
                       trig("ra", QStringLiteral("{}/{team=\"a\"}:{alertname=\"X\"}"), "1F"),
                       trig("ra", QStringLiteral("{}/{team=\"a\"}:{alertname=\"Z\"}"), "3F"),
                       trig("rb", QStringLiteral("{}/{severity=\"critical\",team=\"a\"}:{alertname=\"X\"}"),
                           "1F") },
                   5 * M, 4 } };
    }

    QTest::newRow("send_resolved true: resolved alerts go out with the firing ones, then resolve")
        << config({ receiver("web") }, 0)
        << Steps { { 0, { a1, a2 }, {}, { trig("web", kA, "1F,2F") }, 5 * M },
               { M, { a1, resolved(a2, M) }, {}, {}, 5 * M },
               { 5 * M, { a1, resolved(a2, M) }, {}, { trig("web", kA, "1F,2R") }, 10 * M },
               { 10 * M, { a1, resolved(a2, M) }, {}, {}, 15 * M },
               { 12 * M, { resolved(a1, 12 * M), resolved(a2, M) }, {}, {}, 15 * M },
               { 15 * M, { resolved(a1, 12 * M), resolved(a2, M) }, {}, { res("web", kA, "1R") }, kNever, 0 },
               { 16 * M, { resolved(a1, 12 * M), resolved(a2, M) }, {}, {}, kNever, 0 } };

    QTest::newRow("send_resolved false: nothing about resolved alerts")
        << config({ receiver("web", ReceiverType::Webhook, false) }, 0)
        << Steps { { 0, { a1, a2 }, {}, { trig("web", kA, "1F,2F") }, 5 * M },
               { 5 * M, { a1, resolved(a2, M) }, {}, {}, 10 * M },
               { 10 * M, { resolved(a1, 6 * M), resolved(a2, M) }, {}, {}, kNever, 0 } };

    QTest::newRow("fired and resolved within group_wait: nothing")
        << config({ receiver("web") })
        << Steps { { 0, { a1 }, {}, {}, 30 * S }, { 10 * S, { resolved(a1, 10 * S) }, {}, {}, 30 * S },
               { 30 * S, { resolved(a1, 10 * S) }, {}, {}, kNever, 0 } };

    QTest::newRow("an alert gone from the list is resolved")
        << config({ receiver("web") }, 0)
        << Steps { { 0, { a1 }, {}, { trig("web", kA, "1F") }, 5 * M }, { M, {}, {}, {}, 5 * M },
               { 5 * M, {}, {}, { res("web", kA, "1R") }, kNever, 0 } };

    QTest::newRow("recurrence after resolve is a new trigger")
        << config({ receiver("web") }, 0)
        << Steps { { 0, { a1 }, {}, { trig("web", kA, "1F") }, 5 * M },
               { 5 * M, { resolved(a1, M) }, {}, { res("web", kA, "1R") }, kNever },
               { 6 * M, { resolved(a1, M), firing(5, "alertname=A,instance=h1", 6 * M) }, {},
                   { trig("web", kA, "5F") }, 11 * M } };

    QTest::newRow("pending, nodata and error are not notified")
        << config({ receiver("web") }, 0)
        << Steps { { 0,
               { inState(a1, AlertState::Pending), inState(firing(2, "alertname=B", 0), AlertState::NoData),
                   inState(firing(3, "alertname=C", 0), AlertState::Error),
                   inState(firing(4, "alertname=D", 0), AlertState::Resolved) },
               {}, {}, kNever, 0 } };

    {
        AlertingConfig c = config({ receiver("web") }, 0, QList<QByteArray> {});
        InhibitRule rule;
        rule.sourceMatchers = { eq("severity", "critical") };
        rule.targetMatchers = { eq("severity", "warning") };
        rule.equal = { "instance" };
        c.inhibitRules = { rule };
        const Alert down = firing(1, "alertname=Down,severity=critical,instance=h1", 0);
        const Alert slow = firing(2, "alertname=Slow,severity=warning,instance=h1", 0);
        const Alert slow2 = firing(3, "alertname=Slow,severity=warning,instance=h2", 0);
        QTest::newRow("inhibition: firing source with equal labels mutes the target")
            << c
            << Steps { { 0, { down, slow, slow2 }, {}, { trig("web", QStringLiteral("{}:{}"), "1F,3F") }, 5 * M },
                   // Source resolved: the target is no longer muted, and it is new to the receiver.
                   { 5 * M, { resolved(down, 4 * M), slow, slow2 }, {},
                       { trig("web", QStringLiteral("{}:{}"), "1R,2F,3F") }, 10 * M } };
        QTest::newRow("inhibition: a pending source mutes nothing")
            << c
            << Steps { { 0, { inState(down, AlertState::Pending), slow, slow2 }, {},
                   { trig("web", QStringLiteral("{}:{}"), "2F,3F") }, 5 * M } };
    }

    {
        AlertingConfig c = config({ receiver("web"), receiver("pd1", ReceiverType::PagerDuty),
            receiver("sms", ReceiverType::Sms), receiver("boss", ReceiverType::Email) });
        c.route.escalation = QStringLiteral("oncall");
        c.escalations = { EscalationPolicy { QStringLiteral("oncall"),
            { EscalationStep { 0, { QStringLiteral("pd1") } },
                EscalationStep { 10 * M, { QStringLiteral("sms") } },
                EscalationStep { 30 * M, { QStringLiteral("boss") } } } } };
        const Alert b = firing(2, "alertname=A,instance=h2", 31 * M);
        QTest::newRow("escalation climbs, stops on acknowledgement, restarts for a new alert, resolves")
            << c
            << Steps { { 0, { a1 }, {}, { QStringLiteral("trigger pd1 %1 1F step=0").arg(kA) }, 30 * S },
                   { 30 * S, { a1 }, {}, { trig("web", kA, "1F") }, 5 * M + 30 * S },
                   { 5 * M + 30 * S, { a1 }, {}, {}, 10 * M },
                   { 10 * M, { a1 }, {}, { QStringLiteral("trigger sms %1 1F step=1").arg(kA) }, 10 * M + 30 * S },
                   { 20 * M, { acked(a1) }, {}, { ack("pd1", kA, "1F") }, 25 * M },
                   { 30 * M, { acked(a1) }, {}, {}, 35 * M }, // no boss step: acknowledged
                   { 31 * M, { acked(a1), b }, {}, { QStringLiteral("trigger pd1 %1 1F,2F step=0").arg(kA) },
                       35 * M },
                   { 35 * M, { acked(a1), acked(b) }, {}, { trig("web", kA, "1F,2F"), ack("pd1", kA, "1F,2F") },
                       40 * M },
                   { 40 * M, { resolved(acked(a1), 38 * M), resolved(acked(b), 38 * M) }, {},
                       { res("web", kA, "1R,2R"), res("pd1", kA, "1R,2R"), res("sms", kA, "1R,2R") }, kNever,
                       0 } };
    }

    {
        AlertingConfig c = config({ receiver("pd", ReceiverType::PagerDuty) }, 0);
        const Alert b = firing(2, "alertname=A,instance=h2", 4 * H + 11 * M);
        QTest::newRow("pagerduty: acknowledge once, no repeats while acknowledged, resolve")
            << c
            << Steps { { 0, { a1 }, {}, { trig("pd", kA, "1F") }, 5 * M },
                   { M, { acked(a1) }, {}, { ack("pd", kA, "1F") }, 5 * M },
                   { 2 * M, { acked(a1) }, {}, {}, 5 * M }, { 5 * M, { acked(a1) }, {}, {}, 10 * M },
                   { 4 * H + 10 * M, { acked(a1) }, {}, {}, 4 * H + 15 * M }, // repeat held back
                   { 4 * H + 11 * M, { acked(a1), b }, {}, {}, 4 * H + 15 * M },
                   { 4 * H + 15 * M, { acked(a1), b }, {}, { trig("pd", kA, "1F,2F") }, 4 * H + 20 * M },
                   { 4 * H + 16 * M, { acked(a1), acked(b) }, {}, { ack("pd", kA, "1F,2F") }, 4 * H + 20 * M },
                   { 4 * H + 17 * M, { resolved(acked(a1), 4 * H + 17 * M), resolved(acked(b), 4 * H + 17 * M) },
                       {}, {}, 4 * H + 20 * M },
                   { 4 * H + 20 * M, { resolved(acked(a1), 4 * H + 17 * M), resolved(acked(b), 4 * H + 17 * M) },
                       {}, { res("pd", kA, "1R,2R") }, kNever, 0 } };
        AlertingConfig waiting = config({ receiver("pd", ReceiverType::PagerDuty) });
        QTest::newRow("pagerduty: acknowledged before the first flush")
            << waiting
            << Steps { { 0, { a1 }, {}, {}, 30 * S }, { 10 * S, { acked(a1) }, {}, {}, 30 * S },
                   { 30 * S, { acked(a1) }, {}, { trig("pd", kA, "1F"), ack("pd", kA, "1F") }, 5 * M + 30 * S } };
    }

    {
        const AlertingConfig c = config({ receiver("web") }, 0);
        const Alert a1r = resolved(a1, M);
        const Alert a5 = firing(5, "alertname=A,instance=h1", 6 * M);
        QTest::newRow("flapping: resolve and re-fire held while flapping, one resolve after")
            << c
            << Steps { { 0, { a1 }, {}, { trig("web", kA, "1F") }, 5 * M },
                   { M, { flapping(a1r) }, {}, {}, 5 * M }, { 5 * M, { flapping(a1r) }, {}, {}, 10 * M },
                   { 6 * M, { flapping(a1r), flapping(a5) }, {}, {}, 10 * M },
                   { 10 * M, { flapping(a1r), flapping(a5) }, {}, {}, 15 * M },
                   { 12 * M, { flapping(a1r), flapping(resolved(a5, 12 * M)) }, {}, {}, 15 * M },
                   { 15 * M, { flapping(a1r), flapping(resolved(a5, 12 * M)) }, {}, {}, 20 * M },
                   { 16 * M, { a1r, resolved(a5, 12 * M) }, {}, {}, 20 * M },
                   { 20 * M, { a1r, resolved(a5, 12 * M) }, {}, { res("web", kA, "5R") }, kNever, 0 } };
        QTest::newRow("flapping: re-fire held while flapping, one trigger after")
            << c
            << Steps { { 0, { a1 }, {}, { trig("web", kA, "1F") }, 5 * M }, { M, { a1r }, {}, {}, 5 * M },
                   { 5 * M, { a1r }, {}, { res("web", kA, "1R") }, kNever },
                   { 6 * M, { a1r, flapping(a5) }, {}, {}, kNever, 0 },
                   { 10 * M, { a1r, flapping(a5) }, {}, {}, kNever, 0 },
                   { 20 * M, { a1r, a5 }, {}, { trig("web", kA, "5F") }, 25 * M } };
    }

    {
        const Silence s = silence(7, eq("instance", "h1"), 0, 10 * M);
        QTest::newRow("silenced until it expires, then notified at the next tick")
            << config({ receiver("web") }, 0)
            << Steps { { 0, { a1 }, { s }, {}, 5 * M }, { 5 * M, { a1 }, { s }, {}, 10 * M },
                   { 10 * M, { a1 }, { s }, { trig("web", kA, "1F") }, 15 * M } };
        const Silence later = silence(8, eq("instance", "h1"), 2 * M, 3 * H);
        QTest::newRow("a silence starting before the next flush is a due time")
            << config({ receiver("web") })
            << Steps { { 0, { a1 }, { later }, {}, 30 * S },
                   { 30 * S, { a1 }, { later }, { trig("web", kA, "1F") }, 2 * M },
                   { 2 * M, { a1 }, { later }, {}, 5 * M + 30 * S },
                   { 5 * M + 30 * S, { a1 }, { later }, {}, 10 * M + 30 * S } };
    }
}

void TestNotificationDispatcher::silences_data()
{
    QTest::addColumn<Silence>("s");
    QTest::addColumn<QString>("ids");
    QTest::addColumn<qint64>("nextDue");
    using T = LabelMatcher::Type;
    QTest::newRow("= active") << silence(1, LabelMatcher(T::Equal, "instance", "h1"), 0, H) << QStringLiteral("2F")
                              << 5 * M;
    QTest::newRow("!= active") << silence(1, LabelMatcher(T::NotEqual, "instance", "h1"), 0, H)
                               << QStringLiteral("1F") << 5 * M;
    QTest::newRow("=~ active, everything muted")
        << silence(1, LabelMatcher(T::Regex, "instance", "h.*"), 0, H) << QString() << 5 * M;
    QTest::newRow("!~ active") << silence(1, LabelMatcher(T::NotRegex, "instance", "h1|h3"), 0, H)
                               << QStringLiteral("1F") << 5 * M;
    QTest::newRow("=~ is anchored") << silence(1, LabelMatcher(T::Regex, "instance", "h"), 0, H)
                                    << QStringLiteral("1F,2F") << 5 * M;
    QTest::newRow("pending") << silence(1, LabelMatcher(T::Equal, "instance", "h1"), M, H)
                             << QStringLiteral("1F,2F") << M;
    QTest::newRow("expired") << silence(1, LabelMatcher(T::Equal, "instance", "h1"), -H, 0)
                             << QStringLiteral("1F,2F") << 5 * M;
}

void TestNotificationDispatcher::silences()
{
    QFETCH(Silence, s);
    QFETCH(QString, ids);
    QFETCH(qint64, nextDue);
    NotificationDispatcher d;
    d.setConfig(config({ receiver("web") }, 0));
    const QList<Notification> got
        = d.update({ firing(1, "alertname=A,instance=h1", 0), firing(2, "alertname=A,instance=h2", 0) }, { s }, 0);
    QStringList expect;
    if (!ids.isEmpty())
        expect.append(trig("web", rootKey("A"), ids.toLatin1().constData()));
    QStringList formatted;
    for (const Notification& n : got)
        formatted.append(format(n));
    QCOMPARE(formatted, expect);
    QCOMPARE(d.nextDueMs(), nextDue);
}

void TestNotificationDispatcher::muteStatus()
{
    AlertingConfig c = config({ receiver("web") }, 0);
    InhibitRule rule;
    rule.sourceMatchers = { eq("severity", "critical") };
    rule.targetMatchers = { eq("severity", "warning") };
    c.inhibitRules = { rule };
    NotificationDispatcher d;
    d.setConfig(c);
    const Alert down = firing(1, "alertname=Down,severity=critical", 0);
    const Alert slow = firing(2, "alertname=Slow,severity=warning", 0);
    const Alert other = firing(3, "alertname=Other,severity=info", 0);
    Alert pending = inState(firing(4, "alertname=Pend,severity=info", 0), AlertState::Pending);
    const QList<Silence> silences { silence(9, eq("alertname", "Pend"), 0, H),
        silence(4, eq("alertname", "Down"), 0, H), silence(3, eq("alertname", "Down"), -2 * H, -H) };
    d.update({ down, slow, other, pending }, silences, 0);
    QCOMPARE(d.muteOf(down.fingerprint), NotificationDispatcher::Mute::Silenced);
    QCOMPARE(d.silencedBy(down.fingerprint), qint64(4)); // the expired silence 3 does not count
    // A silenced source still inhibits (Alertmanager 0.25).
    QCOMPARE(d.muteOf(slow.fingerprint), NotificationDispatcher::Mute::Inhibited);
    QCOMPARE(d.inhibitedBy(slow.fingerprint), down.fingerprint);
    QCOMPARE(d.silencedBy(slow.fingerprint), qint64(0));
    QCOMPARE(d.muteOf(other.fingerprint), NotificationDispatcher::Mute::None);
    QCOMPARE(d.muteOf(pending.fingerprint), NotificationDispatcher::Mute::Silenced);
    QCOMPARE(d.muteOf(QByteArray("0000000000000000")), NotificationDispatcher::Mute::None);
    QCOMPARE(NotificationDispatcher::silenceFor(silences, down.labels, -90 * M), qint64(3));
}

void TestNotificationDispatcher::groupWaitZeroSendsEveryGroupInOneCall()
{
    NotificationDispatcher d;
    d.setConfig(config({ receiver("web") }, 0, QList<QByteArray> { "..." }));
    QList<Alert> alerts;
    for (int i = 0; i < 150; ++i)
        alerts.append(
            firing(i + 1, QByteArray("alertname=Hot,instance=h" + QByteArray::number(i)).constData(), 1000));
    const QList<Notification> got = d.update(alerts, {}, 1000);
    QCOMPARE(got.size(), 150);
    QSet<qint64> ids;
    for (const Notification& n : got) {
        QCOMPARE(n.kind, Notification::Kind::Trigger);
        QCOMPARE(n.alerts.size(), 1);
        ids.insert(n.alerts.first().id);
    }
    QCOMPARE(ids.size(), 150);
    QCOMPARE(d.nextDueMs(), 1000 + 5 * M);
    QVERIFY(d.update(alerts, {}, 1001).isEmpty());
}

void TestNotificationDispatcher::reloadKeepsGroups()
{
    const Alert a1 = firing(1, "alertname=A,instance=h1", 0);
    AlertingConfig c = config({ receiver("web") }, 0);
    NotificationDispatcher d;
    d.setConfig(c);
    QCOMPARE(d.update({ a1 }, {}, 0).size(), 1);
    c.route.groupIntervalMs = M;
    d.setConfig(c); // same tree, new interval: the group and its log stay
    QCOMPARE(d.groupCount(), 1);
    QCOMPARE(d.nextDueMs(), 5 * M); // the running timer is kept, the next one uses 1 min
    QVERIFY(d.update({ a1 }, {}, 5 * M).isEmpty());
    QCOMPARE(d.nextDueMs(), 6 * M);

    c.route.groupBy = QList<QByteArray> { "instance" };
    d.setConfig(c); // grouping changed: groups dropped, as an Alertmanager reload
    QCOMPARE(d.groupCount(), 0);
    const QList<Notification> got = d.update({ a1 }, {}, 7 * M);
    QCOMPARE(got.size(), 1);
    QCOMPARE(got.first().groupKey, QByteArray("{}:{instance=\"h1\"}"));
}

void TestNotificationDispatcher::unacknowledgeResumesRepeats()
{
    const Alert a1 = firing(1, "alertname=A,instance=h1", 0);
    AlertingConfig c = config({ receiver("web") }, 0);
    c.route.repeatIntervalMs = 10 * M;
    NotificationDispatcher d;
    d.setConfig(c);
    run(d,
        Steps { { 0, { a1 }, {}, { trig("web", rootKey("A"), "1F") }, 5 * M },
            { 15 * M, { acked(a1) }, {}, {}, 20 * M },
            { 20 * M, { a1 }, {}, { trig("web", rootKey("A"), "1F") }, 25 * M } });
}

namespace {

NotificationRecord record(const char* receiver, const char* kind, const char* status, qint64 at)
{
    NotificationRecord r;
    r.receiver = QString::fromLatin1(receiver);
    r.groupKey = rootKey("A").toUtf8();
    r.kind = QString::fromLatin1(kind);
    r.status = QString::fromLatin1(status);
    r.alertIds = { 1 };
    r.createdAtMs = at;
    return r;
}

AlertingConfig escalating()
{
    AlertingConfig c = config(
        { receiver("web"), receiver("pd1", ReceiverType::PagerDuty), receiver("sms", ReceiverType::Sms) });
    c.route.escalation = QStringLiteral("oncall");
    c.escalations = { EscalationPolicy { QStringLiteral("oncall"),
        { EscalationStep { 0, { QStringLiteral("pd1") } },
            EscalationStep { 10 * M, { QStringLiteral("sms") } } } } };
    return c;
}

} // namespace

void TestNotificationDispatcher::restoreAfterRestart()
{
    // Before the restart: step 0 paged pd1 at once, web got the group after
    // group_wait; the sms attempt is a failed record (it never reached anyone).
    const Alert a1 = firing(1, "alertname=A,instance=h1", 1);
    const QList<NotificationRecord> history { record("pd1", "trigger", "sent", 1),
        record("web", "trigger", "sent", 30 * S), record("sms", "trigger", "failed", 2 * M) };
    NotificationDispatcher d;
    d.setConfig(escalating());
    d.restore(history, { a1 });
    const QString kA = rootKey("A");
    run(d,
        Steps { { 5 * M, { a1 }, {}, {}, 10 * M }, // nothing again: web and pd1 were told
            { 10 * M + 1, { a1 }, {}, { QStringLiteral("trigger sms %1 1F step=1").arg(kA) }, 15 * M + 1 },
            { 11 * M, { acked(a1) }, {}, { ack("pd1", kA, "1F") }, 15 * M + 1 },
            { 15 * M + 1, { resolved(acked(a1), 14 * M) }, {},
                { res("web", kA, "1R"), res("pd1", kA, "1R"), res("sms", kA, "1R") }, kNever, 0 } });

    // Without the history the same restart pages pd1 and web again.
    NotificationDispatcher fresh;
    fresh.setConfig(escalating());
    QCOMPARE(fresh.update({ a1 }, {}, 5 * M).size(), 2);
}

void TestNotificationDispatcher::escalationStartsAgainForARecurrence()
{
    const Alert a1 = firing(1, "alertname=A,instance=h1", 1);
    const Alert again = firing(2, "alertname=A,instance=h1", 20 * M);
    const QString kA = rootKey("A");
    NotificationDispatcher d;
    d.setConfig(escalating());
    run(d,
        Steps { { 0, { a1 }, {}, { QStringLiteral("trigger pd1 %1 1F step=0").arg(kA) }, 30 * S },
            { 30 * S, { a1 }, {}, { trig("web", kA, "1F") }, 5 * M + 30 * S },
            { 2 * M, { resolved(a1, 2 * M) }, {}, {}, 5 * M + 30 * S },
            { 5 * M + 30 * S, { resolved(a1, 2 * M) }, {}, { res("web", kA, "1R"), res("pd1", kA, "1R") }, kNever,
                0 },
            { 20 * M, { resolved(a1, 2 * M), again }, {}, { QStringLiteral("trigger pd1 %1 2F step=0").arg(kA) },
                20 * M + 30 * S } });
}

// Not a timing assertion: QBENCHMARK prints what one update() of a busy
// console costs (2,000 firing alerts in 200 groups, 20 silences, 2 inhibit rules).
void TestNotificationDispatcher::steadyStateUpdateCost()
{
    AlertingConfig c = config({ receiver("web") }, 0);
    InhibitRule rule;
    rule.sourceMatchers = { eq("severity", "critical") };
    rule.targetMatchers = { eq("severity", "warning") };
    rule.equal = { "instance" };
    c.inhibitRules = { rule, rule };
    QList<Alert> alerts;
    for (int i = 0; i < 2000; ++i) {
        const QByteArray text = "alertname=A" + QByteArray::number(i / 10) + ",instance=h"
            + QByteArray::number(i % 10) + ",severity=" + (i % 7 == 0 ? "critical" : "warning");
        alerts.append(firing(i + 1, text.constData(), 1));
    }
    QList<Silence> silences;
    for (int i = 0; i < 20; ++i)
        silences.append(
            silence(i + 1, eq("alertname", QByteArray("A" + QByteArray::number(i * 9)).constData()), 0, H));
    NotificationDispatcher d;
    d.setConfig(c);
    QVERIFY(!d.update(alerts, silences, 0).isEmpty());
    QCOMPARE(d.groupCount(), 200);
    qint64 now = 0;
    QBENCHMARK
    {
        now += 1000;
        d.update(alerts, silences, now);
    }
    QCOMPARE(d.groupCount(), 200);
}

QTEST_GUILESS_MAIN(TestNotificationDispatcher)
#include "tst_notification_dispatcher.moc"
