// What goes to an external Alertmanager and when, as Prometheus's notifier
// decides it: firing alerts at once and then every resend interval, a
// resolve at once (and again each interval while it is kept), never pending
// or unheard-of resolved alerts; and the POST /api/v2/alerts body.
#include "alerts/AlertmanagerForwarder.h"
#include "alerts/Payloads.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace opsdeck;
using namespace opsdeck::alerts;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000; // 2023-11-14T22:13:20Z

Alert makeAlert(qint64 id, AlertState state)
{
    Alert a;
    a.id = id;
    a.labels = metrics::Labels { { "alertname", "HostDown" }, { "instance", QByteArray::number(id) } };
    a.fingerprint = alertFingerprint(a.labels);
    a.state = state;
    a.activeSinceMs = kT0 - 60'000;
    a.firedAtMs = state == AlertState::Pending ? 0 : kT0;
    return a;
}

QList<qint64> ids(const QList<Alert>& alerts)
{
    QList<qint64> out;
    for (const Alert& a : alerts)
        out.append(a.id);
    return out;
}

} // namespace

class TestAlertmanagerForwarder : public QObject
{
    Q_OBJECT

private slots:
    void resendAndResolve()
    {
        AlertmanagerForwarder f;
        const Alert firing = makeAlert(1, AlertState::Firing);
        const Alert pending = makeAlert(2, AlertState::Pending);
        Alert noData = makeAlert(3, AlertState::NoData);
        QCOMPARE(ids(f.takeDue({ firing, pending, noData }, kT0)), (QList<qint64> { 1 }));
        // Not again within the resend interval, again once it has passed.
        QVERIFY(f.takeDue({ firing, pending }, kT0 + 1'000).isEmpty());
        QVERIFY(f.takeDue({ firing, pending }, kT0 + 59'999).isEmpty());
        QCOMPARE(ids(f.takeDue({ firing, pending }, kT0 + 60'000)), (QList<qint64> { 1 }));
        // The resolve goes out at once, then every interval while the evaluator keeps it.
        Alert resolved = firing;
        resolved.state = AlertState::Resolved;
        resolved.resolvedAtMs = kT0 + 61'000;
        QCOMPARE(ids(f.takeDue({ resolved }, kT0 + 61'000)), (QList<qint64> { 1 }));
        QVERIFY(f.takeDue({ resolved }, kT0 + 62'000).isEmpty());
        QCOMPARE(ids(f.takeDue({ resolved }, kT0 + 121'000)), (QList<qint64> { 1 }));
        // A resolved alert that was never sent firing is nobody's news.
        Alert unheard = makeAlert(4, AlertState::Resolved);
        unheard.resolvedAtMs = kT0;
        QVERIFY(f.takeDue({ unheard }, kT0 + 200'000).isEmpty());
        // Forgotten once the evaluator drops it: a recurrence is a new id anyway.
        QVERIFY(f.takeDue({}, kT0 + 300'000).isEmpty());
        QVERIFY(f.takeDue({ resolved }, kT0 + 300'001).isEmpty());
    }

    void shorterResendInterval()
    {
        AlertmanagerForwarder f;
        f.setResendIntervalMs(5'000);
        const Alert a = makeAlert(1, AlertState::Firing);
        QCOMPARE(f.takeDue({ a }, kT0).size(), 1);
        QCOMPARE(f.takeDue({ a }, kT0 + 4'999).size(), 0);
        QCOMPARE(f.takeDue({ a }, kT0 + 5'000).size(), 1);
    }

    void body()
    {
        Alert firing = makeAlert(7, AlertState::Firing);
        firing.annotations = { { QStringLiteral("summary"), QStringLiteral("host 7 is down") } };
        Alert resolved = makeAlert(8, AlertState::Resolved);
        resolved.resolvedAtMs = kT0 + 30'000;
        const qint64 now = kT0 + 40'000;
        const QJsonArray body = Payloads::alertmanagerAlerts(
            { firing, resolved }, QStringLiteral("https://opsdeck.example/"), now, 4 * 60'000);
        QCOMPARE(body.size(), 2);
        const QJsonObject a = body[0].toObject();
        QCOMPARE(a.value(QStringLiteral("labels")).toObject(),
            (QJsonObject { { QStringLiteral("alertname"), QStringLiteral("HostDown") },
                { QStringLiteral("instance"), QStringLiteral("7") } }));
        QCOMPARE(a.value(QStringLiteral("annotations")).toObject().value(QStringLiteral("summary")).toString(),
            QStringLiteral("host 7 is down"));
        QCOMPARE(a.value(QStringLiteral("startsAt")).toString(), QStringLiteral("2023-11-14T22:13:20.000Z"));
        // Firing: valid for four resend intervals from now.
        QCOMPARE(a.value(QStringLiteral("endsAt")).toString(), QStringLiteral("2023-11-14T22:18:00.000Z"));
        QCOMPARE(a.value(QStringLiteral("generatorURL")).toString(),
            QStringLiteral("https://opsdeck.example/alerts/7"));
        QVERIFY(!a.contains(QStringLiteral("status"))); // not part of Alertmanager's postable alert
        const QJsonObject b = body[1].toObject();
        QCOMPARE(b.value(QStringLiteral("endsAt")).toString(), QStringLiteral("2023-11-14T22:13:50.000Z"));
        // Without an external URL there is no link to give.
        const QJsonArray bare = Payloads::alertmanagerAlerts({ firing }, QString(), now, 240'000);
        QVERIFY(!bare[0].toObject().contains(QStringLiteral("generatorURL")));
    }
};

QTEST_GUILESS_MAIN(TestAlertmanagerForwarder)
#include "tst_alertmanager_forwarder.moc"
