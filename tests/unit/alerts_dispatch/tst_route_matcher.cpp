#include "alerts/Inhibitor.h"
#include "alerts/RouteMatcher.h"

#include <QTest>

using namespace opsdeck;
using namespace opsdeck::alerts;
using metrics::LabelMatcher;

namespace {

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

LabelMatcher eq(const char* name, const char* value)
{
    return LabelMatcher(LabelMatcher::Type::Equal, name, value);
}

Route child(const QString& receiver, QList<LabelMatcher> matchers, bool cont = false)
{
    Route r;
    r.receiver = receiver;
    r.matchers = std::move(matchers);
    r.continueMatching = cont;
    return r;
}

// The tree used by most rows: root "default"; team=a (continue) -> ra with
// group_wait 0; team=a,severity=critical -> rb with its own children;
// team=b -> rc.
Route tree()
{
    Route root;
    root.receiver = QStringLiteral("default");
    root.groupBy = QList<QByteArray> { "alertname" };
    Route a = child(QStringLiteral("ra"), { eq("team", "a") }, true);
    a.groupWaitMs = 0;
    Route b = child(QStringLiteral("rb"), { eq("team", "a"), eq("severity", "critical") });
    b.repeatIntervalMs = 600'000;
    b.groupBy = QList<QByteArray> { "..." };
    Route b1 = child(QString(), { LabelMatcher(LabelMatcher::Type::Regex, "instance", "db.*") });
    b1.groupIntervalMs = 60'000;
    b.routes = { b1 };
    Route c = child(QStringLiteral("rc"), { eq("team", "b") });
    c.escalation = QStringLiteral("oncall");
    c.routes = { child(QStringLiteral("rc2"), { eq("env", "prod") }) };
    root.routes = { a, b, c };
    return root;
}

} // namespace

class TestRouteMatcher : public QObject
{
    Q_OBJECT

private slots:
    void match_data()
    {
        QTest::addColumn<QByteArray>("alert");
        QTest::addColumn<QByteArrayList>("receivers");
        QTest::addColumn<QByteArrayList>("keys");

        QTest::newRow("no child matches: root")
            << QByteArray("alertname=X,team=c") << QByteArrayList { "default" } << QByteArrayList { "{}" };
        QTest::newRow("continue then next sibling")
            << QByteArray("alertname=X,team=a,severity=critical") << QByteArrayList { "ra", "rb" }
            << QByteArrayList { "{}/{team=\"a\"}", "{}/{severity=\"critical\",team=\"a\"}" };
        QTest::newRow("continue, next sibling does not match")
            << QByteArray("alertname=X,team=a,severity=warning") << QByteArrayList { "ra" }
            << QByteArrayList { "{}/{team=\"a\"}" };
        QTest::newRow("grandchild inherits receiver")
            << QByteArray("alertname=X,team=a,severity=critical,instance=db1") << QByteArrayList { "ra", "rb" }
            << QByteArrayList { "{}/{team=\"a\"}", "{}/{severity=\"critical\",team=\"a\"}/{instance=~\"db.*\"}" };
        QTest::newRow("first match without continue stops")
            << QByteArray("alertname=X,team=b,env=prod") << QByteArrayList { "rc2" }
            << QByteArrayList { "{}/{team=\"b\"}/{env=\"prod\"}" };
        QTest::newRow("child matches, grandchild not: child")
            << QByteArray("alertname=X,team=b,env=dev") << QByteArrayList { "rc" }
            << QByteArrayList { "{}/{team=\"b\"}" };
    }
    void match()
    {
        QFETCH(QByteArray, alert);
        QFETCH(QByteArrayList, receivers);
        QFETCH(QByteArrayList, keys);
        const RouteMatcher m(tree());
        QByteArrayList gotReceivers;
        QByteArrayList gotKeys;
        for (const int id : m.match(labels(alert.constData()))) {
            gotReceivers.append(m.route(id).receiver.toUtf8());
            gotKeys.append(m.route(id).key);
        }
        QCOMPARE(gotReceivers, receivers);
        QCOMPARE(gotKeys, keys);
    }

    void inheritance()
    {
        const RouteMatcher m(tree());
        const ResolvedRoute& root = m.route(0);
        QCOMPARE(root.groupWaitMs, kDefaultGroupWaitMs);
        QCOMPARE(root.groupIntervalMs, kDefaultGroupIntervalMs);
        QCOMPARE(root.repeatIntervalMs, kDefaultRepeatIntervalMs);
        // Depth-first ids: 0 root, 1 a, 2 b, 3 b1, 4 c, 5 c2.
        QCOMPARE(m.size(), 6);
        QCOMPARE(m.route(1).groupWaitMs, qint64(0));
        QCOMPARE(m.route(1).groupBy, QList<QByteArray> { "alertname" });
        QVERIFY(m.route(2).groupByAll);
        QCOMPARE(m.route(3).receiver, QStringLiteral("rb"));
        QVERIFY(m.route(3).groupByAll);
        QCOMPARE(m.route(3).repeatIntervalMs, qint64(600'000));
        QCOMPARE(m.route(3).groupIntervalMs, qint64(60'000));
        QCOMPARE(m.route(3).groupWaitMs, kDefaultGroupWaitMs);
        QCOMPARE(m.route(4).escalation, QStringLiteral("oncall"));
        QCOMPARE(m.route(5).escalation, QString()); // escalation is not inherited
        QCOMPARE(m.route(5).groupBy, QList<QByteArray> { "alertname" });
    }

    void groupKeys_data()
    {
        QTest::addColumn<int>("route");
        QTest::addColumn<QByteArray>("alert");
        QTest::addColumn<QByteArray>("key");
        QTest::newRow("group_by alertname")
            << 0 << QByteArray("alertname=X,instance=h1") << QByteArray("{}:{alertname=\"X\"}");
        QTest::newRow("group_by ... = every label")
            << 2 << QByteArray("alertname=X,instance=h1,team=a")
            << QByteArray("{}/{severity=\"critical\",team=\"a\"}:{alertname=\"X\", instance=\"h1\", team=\"a\"}");
        QTest::newRow("missing group label left out") << 0 << QByteArray("instance=h1") << QByteArray("{}:{}");
        QTest::newRow("quotes escaped as Go %q")
            << 0 << QByteArray("alertname=say \"hi\"\\") << QByteArray("{}:{alertname=\"say \\\"hi\\\"\\\\\"}");
    }
    void groupKeys()
    {
        QFETCH(int, route);
        QFETCH(QByteArray, alert);
        QFETCH(QByteArray, key);
        Route root = tree();
        const RouteMatcher m(root);
        const metrics::Labels l = labels(alert.constData());
        QCOMPARE(m.groupKey(route, m.groupLabels(route, l)), key);
    }

    void labelSetOrderIsGoStringOrder()
    {
        // Go sorts the formatted pairs: "a1=..." comes before "a=..." ('1' < '=').
        QCOMPARE(RouteMatcher::formatLabelSet(labels("a=x,a1=y")), QByteArray("{a1=\"y\", a=\"x\"}"));
    }

    void matcherSortAndFormat()
    {
        const QList<LabelMatcher> ms { LabelMatcher(LabelMatcher::Type::NotRegex, "b", "x|y"),
            LabelMatcher(LabelMatcher::Type::NotEqual, "a", "1"), eq("a", "1") };
        Route root;
        Route c;
        c.matchers = ms;
        root.routes = { c };
        const RouteMatcher m(root);
        QCOMPARE(m.route(1).key, QByteArray("{}/{a=\"1\",a!=\"1\",b!~\"x|y\"}"));
    }

    void inhibition_data()
    {
        QTest::addColumn<QList<QByteArray>>("firing"); // source candidates (state Firing)
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<bool>("muted");

        QTest::newRow("critical mutes warning on same instance")
            << QList<QByteArray> { "alertname=Down,severity=critical,instance=h1" }
            << QByteArray("alertname=Slow,severity=warning,instance=h1") << true;
        QTest::newRow("different instance not muted")
            << QList<QByteArray> { "alertname=Down,severity=critical,instance=h1" }
            << QByteArray("alertname=Slow,severity=warning,instance=h2") << false;
        QTest::newRow("equal label absent on both sides counts as equal")
            << QList<QByteArray> { "alertname=Down,severity=critical" }
            << QByteArray("alertname=Slow,severity=warning") << true;
        QTest::newRow("target matcher does not match")
            << QList<QByteArray> { "alertname=Down,severity=critical,instance=h1" }
            << QByteArray("alertname=Slow,severity=info,instance=h1") << false;
        QTest::newRow("no source") << QList<QByteArray> {}
                                   << QByteArray("alertname=Slow,severity=warning,instance=h1") << false;
    }
    void inhibition()
    {
        QFETCH(QList<QByteArray>, firing);
        QFETCH(QByteArray, target);
        QFETCH(bool, muted);
        InhibitRule rule;
        rule.sourceMatchers = { eq("severity", "critical") };
        rule.targetMatchers = { eq("severity", "warning") };
        rule.equal = { "instance" };
        Inhibitor inhibitor;
        inhibitor.setRules({ rule });
        QList<Alert> alerts;
        for (const QByteArray& text : firing) {
            Alert a;
            a.labels = labels(text.constData());
            a.state = AlertState::Firing;
            alerts.append(a);
        }
        inhibitor.setAlerts(alerts);
        QCOMPARE(inhibitor.mutes(labels(target.constData())), muted);
        if (muted)
            QCOMPARE(inhibitor.inhibitedBy(labels(target.constData())), alertFingerprint(alerts.first().labels));
    }

    void inhibitionSourceMustFire()
    {
        InhibitRule rule;
        rule.sourceMatchers = { eq("severity", "critical") };
        rule.targetMatchers = { eq("severity", "warning") };
        Inhibitor inhibitor;
        inhibitor.setRules({ rule });
        for (const AlertState state :
            { AlertState::Pending, AlertState::Resolved, AlertState::NoData, AlertState::Error }) {
            Alert a;
            a.labels = labels("alertname=Down,severity=critical");
            a.state = state;
            inhibitor.setAlerts({ a });
            QVERIFY(!inhibitor.mutes(labels("alertname=Slow,severity=warning")));
        }
    }

    void inhibitionNeverSelf()
    {
        // Both alerts match both sides: neither mutes the other (nor itself).
        InhibitRule rule;
        rule.sourceMatchers = { LabelMatcher(LabelMatcher::Type::Regex, "alertname", ".+") };
        rule.targetMatchers = { LabelMatcher(LabelMatcher::Type::Regex, "alertname", ".+") };
        rule.equal = { "instance" };
        Inhibitor inhibitor;
        inhibitor.setRules({ rule });
        Alert a;
        a.labels = labels("alertname=A,instance=h1");
        a.state = AlertState::Firing;
        Alert b = a;
        b.labels = labels("alertname=B,instance=h1");
        inhibitor.setAlerts({ a, b });
        QVERIFY(!inhibitor.mutes(a.labels));
        QVERIFY(!inhibitor.mutes(b.labels));
    }
};

QTEST_GUILESS_MAIN(TestRouteMatcher)
#include "tst_route_matcher.moc"
