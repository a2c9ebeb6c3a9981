// The alert lifecycle on a real SeriesStore queried by the real QueryEngine,
// with explicit evaluation times. Expected sequences follow Prometheus 2.42
// rules/alerting.go (pending -> firing when activeAt + for <= ts, resolved
// alerts kept 15 minutes, keep_firing_for counted from the first evaluation
// that misses the series) plus OpsDeck's NoData/Error/ack/flapping rules.
#include "alerts/ReadyTemplates.h"
#include "alerts/RuleEvaluator.h"
#include "metrics/SeriesStore.h"
#include "query/LocalQuerySource.h"
#include "query/QueryEngine.h"

#include <QRegularExpression>
#include <QTest>

using namespace opsdeck;
using namespace opsdeck::alerts;

namespace {

constexpr qint64 kS = 1000;

// "cpu{instance=a,job=node}" -> Labels (values without quotes, no commas in values).
metrics::Labels parseSeries(const QString& text)
{
    const qsizetype brace = text.indexOf(u'{');
    QList<metrics::Label> labels;
    labels.append({ "__name__", text.left(brace < 0 ? text.size() : brace).trimmed().toUtf8() });
    if (brace >= 0) {
        const QString inner = text.mid(brace + 1, text.lastIndexOf(u'}') - brace - 1);
        for (const QString& pair : inner.split(u',', Qt::SkipEmptyParts)) {
            const qsizetype eq = pair.indexOf(u'=');
            labels.append({ pair.left(eq).trimmed().toUtf8(), pair.mid(eq + 1).trimmed().toUtf8() });
        }
    }
    return metrics::Labels::fromUnsorted(labels);
}

// One line per alert, by id: "1:firing:a" (instance label or "-"), "+ack", "*flapping".
QString render(const QList<Alert>& alerts)
{
    QStringList parts;
    for (const Alert& a : alerts) {
        const QByteArray instance = a.labels.value("instance");
        QString s = QString::number(a.id) + u':' + alertStateName(a.state) + u':'
            + (instance.isEmpty() ? QStringLiteral("-") : QString::fromUtf8(instance));
        if (a.ack)
            s += QStringLiteral("+ack");
        if (a.flapping)
            s += QStringLiteral("*flapping");
        parts << s;
    }
    return parts.join(u' ');
}

QString renderTransitions(const QList<AlertTransition>& transitions)
{
    QStringList parts;
    for (const AlertTransition& t : transitions)
        parts << QStringLiteral("%1:%2>%3").arg(t.alertId).arg(alertStateName(t.from), alertStateName(t.to));
    return parts.join(u' ');
}

AlertRule rule(const QString& name, const QString& expr, qint64 forMs = 0, qint64 keepMs = 0)
{
    AlertRule r;
    r.name = name;
    r.expr = expr;
    r.forMs = forMs;
    r.keepFiringForMs = keepMs;
    return r;
}

// A store, an engine and an evaluator; steps append samples then evaluate.
struct Fixture
{
    metrics::SeriesStore store;
    query::LocalQuerySource engine { &store };
    RuleEvaluator evaluator;

    // samples: "cpu{instance=a}=95; cpu{instance=b}=10" (empty = none)
    EvaluationResult step(qint64 tSeconds, const QString& samples)
    {
        for (const QString& item : samples.split(u';', Qt::SkipEmptyParts)) {
            const qsizetype eq = item.lastIndexOf(u'=');
            store.append(parseSeries(item.left(eq)), tSeconds * kS, item.mid(eq + 1).trimmed().toDouble());
        }
        return evaluator.evaluate(engine, tSeconds * kS);
    }
};

} // namespace

class TestRuleEvaluator : public QObject
{
    Q_OBJECT

private slots:
    void lifecycle_data();
    void lifecycle();
    void transitionsAndChanges();
    void errorState();
    void groupDataSource();
    void noDataMessage();
    void flapping();
    void acknowledge();
    void restoreAfterRestart();
    void restoreBeforeGroups();
    void removedRuleResolves();
    void groupInterval();
    void keepsStateAcrossSetGroups();
    void templatesAndSeverity();
    void readyTemplatesParse();
    void hostDownTemplateFires();
    void sloTemplateFires();
    void resourceTemplatesFire_data();
    void resourceTemplatesFire();
    void preview();
};

void TestRuleEvaluator::lifecycle_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<qint64>("forS");
    QTest::addColumn<qint64>("keepS");
    // "t | samples | expected alerts()" per step
    QTest::addColumn<QStringList>("steps");

    QTest::newRow("for: pending then firing, resolve, recurrence is a new alert")
        << QStringLiteral("cpu > 90") << qint64(30) << qint64(0)
        << QStringList {
               QStringLiteral("0 | cpu{instance=a}=95 | 1:pending:a"),
               QStringLiteral("15 | cpu{instance=a}=96 | 1:pending:a"),
               QStringLiteral("29 | cpu{instance=a}=96 | 1:pending:a"),
               QStringLiteral("30 | cpu{instance=a}=97 | 1:firing:a"),
               QStringLiteral("45 | cpu{instance=a}=50 | 1:resolved:a"),
               QStringLiteral("60 | cpu{instance=a}=95 | 1:resolved:a 2:pending:a"),
               QStringLiteral("90 | cpu{instance=a}=95 | 1:resolved:a 2:firing:a"),
           };
    QTest::newRow("for 0 fires at once") << QStringLiteral("cpu > 90") << qint64(0) << qint64(0)
                                         << QStringList {
                                                QStringLiteral("0 | cpu{instance=a}=50 | "),
                                                QStringLiteral("10 | cpu{instance=a}=95 | 1:firing:a"),
                                                QStringLiteral("20 | cpu{instance=a}=10 | 1:resolved:a"),
                                            };
    QTest::newRow("pending that clears is forgotten, the next one is new")
        << QStringLiteral("cpu > 90") << qint64(60) << qint64(0)
        << QStringList {
               QStringLiteral("0 | cpu{instance=a}=95 | 1:pending:a"),
               QStringLiteral("15 | cpu{instance=a}=50 | "),
               QStringLiteral("30 | cpu{instance=a}=95 | 2:pending:a"),
               QStringLiteral("89 | cpu{instance=a}=95 | 2:pending:a"),
               QStringLiteral("90 | cpu{instance=a}=95 | 2:firing:a"),
           };
    QTest::newRow("keep_firing_for counts from the first missed evaluation")
        << QStringLiteral("cpu > 90") << qint64(0) << qint64(30)
        << QStringList {
               QStringLiteral("0 | cpu{instance=a}=95 | 1:firing:a"),
               QStringLiteral("10 | cpu{instance=a}=50 | 1:firing:a"),
               QStringLiteral("39 | cpu{instance=a}=50 | 1:firing:a"),
               QStringLiteral("40 | cpu{instance=a}=50 | 1:resolved:a"),
           };
    QTest::newRow("keep_firing_for: back in time keeps the same alert")
        << QStringLiteral("cpu > 90") << qint64(0) << qint64(30)
        << QStringList {
               QStringLiteral("0 | cpu{instance=a}=95 | 1:firing:a"),
               QStringLiteral("10 | cpu{instance=a}=50 | 1:firing:a"),
               QStringLiteral("30 | cpu{instance=a}=99 | 1:firing:a"),
               QStringLiteral("40 | cpu{instance=a}=50 | 1:firing:a"),
               QStringLiteral("69 | cpu{instance=a}=50 | 1:firing:a"),
               QStringLiteral("70 | cpu{instance=a}=50 | 1:resolved:a"),
           };
    QTest::newRow("keep_firing_for does not hold a pending alert")
        << QStringLiteral("cpu > 90") << qint64(60) << qint64(300)
        << QStringList {
               QStringLiteral("0 | cpu{instance=a}=95 | 1:pending:a"),
               QStringLiteral("10 | cpu{instance=a}=50 | "),
           };
    QTest::newRow("resolved alerts stay listed 15 minutes")
        << QStringLiteral("cpu > 90") << qint64(0) << qint64(0)
        << QStringList {
               QStringLiteral("0 | cpu{instance=a}=95 | 1:firing:a"),
               QStringLiteral("10 | cpu{instance=a}=50 | 1:resolved:a"),
               QStringLiteral("910 | cpu{instance=a}=50 | 1:resolved:a"),
               QStringLiteral("911 | cpu{instance=a}=50 | "),
           };
    QTest::newRow("several series, independent")
        << QStringLiteral("cpu > 90") << qint64(20) << qint64(0)
        << QStringList {
               QStringLiteral("0 | cpu{instance=a}=95; cpu{instance=b}=10 | 1:pending:a"),
               QStringLiteral("10 | cpu{instance=a}=95; cpu{instance=b}=99 | 1:pending:a 2:pending:b"),
               QStringLiteral("20 | cpu{instance=a}=95; cpu{instance=b}=99 | 1:firing:a 2:pending:b"),
               QStringLiteral("30 | cpu{instance=a}=10; cpu{instance=b}=99 | 1:resolved:a 2:firing:b"),
           };
    QTest::newRow("NoData when the selector has no series, resolved when data comes")
        << QStringLiteral("disk_free < 10") << qint64(0) << qint64(0)
        << QStringList {
               QStringLiteral("0 | cpu{instance=a}=1 | 1:nodata:-"),
               QStringLiteral("10 | cpu{instance=a}=1 | 1:nodata:-"),
               QStringLiteral("20 | disk_free{instance=a}=50 | 1:resolved:-"),
               QStringLiteral("30 | disk_free{instance=a}=5 | 1:resolved:- 2:firing:a"),
           };
    QTest::newRow("NoData after the 5 minute lookback")
        << QStringLiteral("disk_free < 10") << qint64(0) << qint64(0)
        << QStringList {
               QStringLiteral("0 | disk_free{instance=a}=50 | "),
               QStringLiteral("300 | | "),
               QStringLiteral("301 | | 1:nodata:-"),
           };
    QTest::newRow("no NoData while any selector has series")
        << QStringLiteral("cpu > 90 and on(instance) maintenance == 0") << qint64(0) << qint64(0)
        << QStringList {
               QStringLiteral("0 | cpu{instance=a}=95 | "),
           };
    QTest::newRow("Error for a query that fails, resolved when it works")
        << QStringLiteral("{__name__=~\"cpu|mem\"} > 90") << qint64(0) << qint64(0)
        << QStringList {
               QStringLiteral("0 | cpu{instance=a}=95 | 1:firing:a"),
               QStringLiteral("10 | cpu{instance=a}=95; mem{instance=a}=95 | 1:firing:a 2:error:-"),
               QStringLiteral("20 | cpu{instance=a}=95; mem{instance=a}=5 | 1:firing:a 2:resolved:-"),
           };
}

void TestRuleEvaluator::lifecycle()
{
    QFETCH(QString, expr);
    QFETCH(qint64, forS);
    QFETCH(qint64, keepS);
    QFETCH(QStringList, steps);
    Fixture f;
    f.evaluator.setGroups(
        { RuleGroup { QStringLiteral("g"), 0, { rule(QStringLiteral("R"), expr, forS * kS, keepS * kS) } } });
    for (const QString& step : std::as_const(steps)) {
        const QStringList parts = step.split(u'|');
        QCOMPARE(parts.size(), 3);
        f.step(parts[0].trimmed().toLongLong(), parts[1].trimmed());
        const QString got = render(f.evaluator.alerts());
        if (got != parts[2].trimmed())
            qWarning().noquote() << "at step" << step;
        QCOMPARE(got, parts[2].trimmed());
    }
}

void TestRuleEvaluator::transitionsAndChanges()
{
    Fixture f;
    f.evaluator.setGroups({ RuleGroup {
        QStringLiteral("g"), 0, { rule(QStringLiteral("R"), QStringLiteral("cpu > 90"), 20 * kS) } } });
    EvaluationResult r = f.step(0, QStringLiteral("cpu{instance=a}=95"));
    QCOMPARE(renderTransitions(r.transitions), QStringLiteral("1:inactive>pending"));
    QCOMPARE(r.changed.size(), 1);
    QCOMPARE(r.changed[0].activeSinceMs, 0);
    QCOMPARE(r.changed[0].value, 95.0);
    QCOMPARE(r.changed[0].fingerprint, alertFingerprint(r.changed[0].labels));
    QCOMPARE(r.changed[0].labels.value("alertname"), QByteArray("R"));
    QVERIFY(!r.changed[0].labels.has("__name__"));

    // Only the value changes: nothing reported, but alerts() has the live value.
    r = f.step(10, QStringLiteral("cpu{instance=a}=96"));
    QVERIFY(r.isEmpty());
    QCOMPARE(f.evaluator.alerts().constFirst().value, 96.0);
    QCOMPARE(f.evaluator.alerts().constFirst().lastEvalMs, 10 * kS);

    r = f.step(20, QStringLiteral("cpu{instance=a}=97"));
    QCOMPARE(renderTransitions(r.transitions), QStringLiteral("1:pending>firing"));
    QCOMPARE(r.changed.size(), 1);
    QCOMPARE(r.changed[0].firedAtMs, 20 * kS);

    r = f.step(30, QStringLiteral("cpu{instance=a}=10"));
    QCOMPARE(renderTransitions(r.transitions), QStringLiteral("1:firing>resolved"));
    QCOMPARE(r.changed[0].resolvedAtMs, 30 * kS);
    QCOMPARE(r.changed[0].lastSeenMs, 20 * kS);

    // for 0: a single inactive -> firing transition
    Fixture g;
    g.evaluator.setGroups(
        { RuleGroup { QStringLiteral("g"), 0, { rule(QStringLiteral("R"), QStringLiteral("cpu > 90")) } } });
    r = g.step(0, QStringLiteral("cpu{instance=a}=95"));
    QCOMPARE(renderTransitions(r.transitions), QStringLiteral("1:inactive>firing"));
    QCOMPARE(r.changed[0].firedAtMs, 0);
    QCOMPARE(r.changed[0].state, AlertState::Firing);

    // A pending alert that clears is reported once as resolved without having fired.
    Fixture h;
    h.evaluator.setGroups({ RuleGroup {
        QStringLiteral("g"), 0, { rule(QStringLiteral("R"), QStringLiteral("cpu > 90"), 60 * kS) } } });
    h.step(0, QStringLiteral("cpu{instance=a}=95"));
    r = h.step(10, QStringLiteral("cpu{instance=a}=5"));
    QCOMPARE(renderTransitions(r.transitions), QStringLiteral("1:pending>resolved"));
    QCOMPARE(r.changed[0].firedAtMs, 0);
    QVERIFY(h.evaluator.alerts().isEmpty());
}

// A group naming a data source queries that one; a name no registry knows is
// an Error on each of its rules, never an evaluation against the local store.
void TestRuleEvaluator::groupDataSource()
{
    Fixture f;
    RuleGroup remote { QStringLiteral("remote"), 0,
        { rule(QStringLiteral("HighCpu"), QStringLiteral("cpu > 90")) } };
    remote.dataSource = QStringLiteral("gone");
    f.evaluator.setGroups({ remote,
        RuleGroup {
            QStringLiteral("here"), 0, { rule(QStringLiteral("HighCpuHere"), QStringLiteral("cpu > 90")) } } });
    QCOMPARE(f.evaluator.groups().at(0).dataSource, QStringLiteral("gone"));
    const EvaluationResult r = f.step(0, QStringLiteral("cpu{instance=a}=95"));
    QCOMPARE(r.changed.size(), 2);
    QCOMPARE(r.changed[0].ruleName, QStringLiteral("HighCpu"));
    QCOMPARE(r.changed[0].state, AlertState::Error);
    QCOMPARE(r.changed[0].error, QStringLiteral("data source gone is not configured"));
    QCOMPARE(r.changed[1].ruleName, QStringLiteral("HighCpuHere"));
    QCOMPARE(r.changed[1].state, AlertState::Firing);
}

void TestRuleEvaluator::errorState()
{
    Fixture f;
    f.evaluator.setGroups({ RuleGroup {
        QStringLiteral("g"), 0, { rule(QStringLiteral("Broken"), QStringLiteral("rate(cpu[5m]")) } } });
    EvaluationResult r = f.step(0, QStringLiteral("cpu{instance=a}=1"));
    QCOMPARE(r.changed.size(), 1);
    QCOMPARE(r.changed[0].state, AlertState::Error);
    QVERIFY2(r.changed[0].error.contains(QLatin1String("parse error")), qPrintable(r.changed[0].error));
    QCOMPARE(r.transitions.size(), 1);
    QCOMPARE(r.transitions[0].note, r.changed[0].error);
    QCOMPARE(r.changed[0].labels, (metrics::Labels { { "alertname", "Broken" } }));
    // Still failing: same instance, nothing new.
    r = f.step(10, QStringLiteral("cpu{instance=a}=1"));
    QVERIFY(r.isEmpty());
    QCOMPARE(render(f.evaluator.alerts()), QStringLiteral("1:error:-"));

    // Duplicate label sets after dropping __name__ are an error, as in Prometheus.
    Fixture g;
    g.evaluator.setGroups({ RuleGroup {
        QStringLiteral("g"), 0, { rule(QStringLiteral("Dup"), QStringLiteral("{__name__=~\"a|b\"}")) } } });
    r = g.step(0, QStringLiteral("a{instance=x}=1; b{instance=x}=1"));
    QCOMPARE(r.changed.size(), 1);
    QVERIFY(r.changed[0].error.contains(QLatin1String("same labelset")));
}

void TestRuleEvaluator::noDataMessage()
{
    Fixture f;
    f.evaluator.setGroups({ RuleGroup { QStringLiteral("g"), 0,
        { rule(QStringLiteral("Gone"), QStringLiteral("rate(req_total{job=\"api\"}[5m]) > 1")) } } });
    const EvaluationResult r = f.step(0, QStringLiteral("other=1"));
    QCOMPARE(r.changed.size(), 1);
    QCOMPARE(r.changed[0].state, AlertState::NoData);
    QCOMPARE(r.changed[0].error, QStringLiteral("no series for req_total{job=\"api\"}"));
    QCOMPARE(renderTransitions(r.transitions), QStringLiteral("1:inactive>nodata"));
}

void TestRuleEvaluator::flapping()
{
    Fixture f;
    f.evaluator.setFlapSettings({ 60 * kS, 3 });
    f.evaluator.setGroups(
        { RuleGroup { QStringLiteral("g"), 0, { rule(QStringLiteral("R"), QStringLiteral("cpu > 90")) } } });
    f.step(0, QStringLiteral("cpu{instance=a}=95")); // change 1
    f.step(5, QStringLiteral("cpu{instance=a}=10")); // 2
    f.step(10, QStringLiteral("cpu{instance=a}=95")); // 3
    QCOMPARE(render(f.evaluator.alerts()), QStringLiteral("1:resolved:a 2:firing:a"));
    EvaluationResult r = f.step(15, QStringLiteral("cpu{instance=a}=10")); // 4 > 3: flapping
    QCOMPARE(render(f.evaluator.alerts()), QStringLiteral("1:resolved:a 2:resolved:a*flapping"));
    QCOMPARE(r.transitions.size(), 2);
    QVERIFY(r.transitions[1].note.contains(QLatin1String("flapping")));
    QCOMPARE(r.transitions[1].from, r.transitions[1].to);
    // A new instance of the same label set is born flapping.
    f.step(20, QStringLiteral("cpu{instance=a}=95"));
    QCOMPARE(
        render(f.evaluator.alerts()), QStringLiteral("1:resolved:a 2:resolved:a*flapping 3:firing:a*flapping"));
    // Quiet for a whole window: flapping clears, reported as a change.
    f.step(60, QStringLiteral("cpu{instance=a}=95"));
    QCOMPARE(
        render(f.evaluator.alerts()), QStringLiteral("1:resolved:a 2:resolved:a*flapping 3:firing:a*flapping"));
    r = f.step(80, QStringLiteral("cpu{instance=a}=95"));
    QCOMPARE(render(f.evaluator.alerts()), QStringLiteral("1:resolved:a 2:resolved:a*flapping 3:firing:a"));
    QCOMPARE(r.changed.size(), 1);
    QCOMPARE(r.changed[0].id, 3);
    QVERIFY(!r.changed[0].flapping);
    QCOMPARE(r.transitions.size(), 1);
    QVERIFY(r.transitions[0].note.contains(QLatin1String("flapping stopped")));

    // Another label set is not affected.
    Fixture g;
    g.evaluator.setFlapSettings({ 60 * kS, 3 });
    g.evaluator.setGroups(
        { RuleGroup { QStringLiteral("g"), 0, { rule(QStringLiteral("R"), QStringLiteral("cpu > 90")) } } });
    for (int i = 0; i < 4; ++i)
        g.step(i * 5, QStringLiteral("cpu{instance=a}=%1; cpu{instance=b}=95").arg(i % 2 ? 10 : 95));
    QVERIFY(render(g.evaluator.alerts()).contains(QLatin1String("2:firing:b ")));
    QVERIFY(render(g.evaluator.alerts()).contains(QLatin1String("*flapping")));
    QVERIFY(!render(g.evaluator.alerts()).contains(QLatin1String("b*flapping")));
}

void TestRuleEvaluator::acknowledge()
{
    Fixture f;
    f.evaluator.setGroups({ RuleGroup {
        QStringLiteral("g"), 0, { rule(QStringLiteral("R"), QStringLiteral("cpu > 90"), 20 * kS) } } });
    f.step(0, QStringLiteral("cpu{instance=a}=95"));
    QVERIFY(!f.evaluator.acknowledge(99, { QStringLiteral("ana"), 1 * kS, {} }));

    // A pending alert can be acknowledged; the ack survives pending -> firing.
    auto r = f.evaluator.acknowledge(1, { QStringLiteral("ana"), 5 * kS, QStringLiteral("looking") });
    QVERIFY(r);
    QCOMPARE(r->changed.size(), 1);
    QCOMPARE(r->changed[0].ack->by, QStringLiteral("ana"));
    QCOMPARE(r->transitions.size(), 1);
    QCOMPARE(r->transitions[0].from, AlertState::Pending);
    QCOMPARE(r->transitions[0].to, AlertState::Pending);
    QCOMPARE(r->transitions[0].atMs, 5 * kS);
    QCOMPARE(r->transitions[0].note, QStringLiteral("acknowledged by ana: looking"));
    f.step(20, QStringLiteral("cpu{instance=a}=95"));
    QCOMPARE(render(f.evaluator.alerts()), QStringLiteral("1:firing:a+ack"));

    // Unacknowledge and acknowledge again.
    r = f.evaluator.unacknowledge(1, 25 * kS, QStringLiteral("bob"));
    QVERIFY(r);
    QCOMPARE(r->transitions[0].note, QStringLiteral("acknowledgement withdrawn by bob"));
    QCOMPARE(render(f.evaluator.alerts()), QStringLiteral("1:firing:a"));
    r = f.evaluator.unacknowledge(1, 26 * kS, QStringLiteral("bob"));
    QVERIFY(r && r->isEmpty());
    QVERIFY(f.evaluator.acknowledge(1, { QStringLiteral("bob"), 27 * kS, {} }));

    // Resolved keeps the ack on record; it cannot be acknowledged any more.
    f.step(30, QStringLiteral("cpu{instance=a}=5"));
    QCOMPARE(render(f.evaluator.alerts()), QStringLiteral("1:resolved:a+ack"));
    QVERIFY(!f.evaluator.acknowledge(1, { QStringLiteral("ana"), 31 * kS, {} }));
    QVERIFY(!f.evaluator.unacknowledge(1, 31 * kS, QStringLiteral("ana")));
    // Recurrence: a new alert, not acknowledged.
    f.step(40, QStringLiteral("cpu{instance=a}=95"));
    QCOMPARE(render(f.evaluator.alerts()), QStringLiteral("1:resolved:a+ack 2:pending:a"));
}

void TestRuleEvaluator::restoreAfterRestart()
{
    metrics::SeriesStore store;
    query::LocalQuerySource engine(&store);
    const QList<RuleGroup> groups { RuleGroup {
        QStringLiteral("g"), 0, { rule(QStringLiteral("R"), QStringLiteral("cpu > 90"), 60 * kS) } } };
    const auto append = [&](qint64 t, double a, double b) {
        store.append(parseSeries(QStringLiteral("cpu{instance=a}")), t * kS, a);
        store.append(parseSeries(QStringLiteral("cpu{instance=b}")), t * kS, b);
    };
    QList<Alert> open;
    qint64 nextId = 0;
    {
        RuleEvaluator before;
        before.setGroups(groups);
        append(0, 95, 10);
        before.evaluate(engine, 0);
        append(30, 95, 95);
        before.evaluate(engine, 30 * kS);
        append(60, 95, 95);
        before.evaluate(engine, 60 * kS);
        QVERIFY(before.acknowledge(1, { QStringLiteral("ana"), 61 * kS, {} }));
        QCOMPARE(render(before.alerts()), QStringLiteral("1:firing:a+ack 2:pending:b"));
        for (const Alert& a : before.alerts())
            if (a.isOpen())
                open.append(a);
        nextId = before.nextId();
    }
    RuleEvaluator after;
    after.setGroups(groups);
    after.restore(open, nextId);
    QCOMPARE(render(after.alerts()), QStringLiteral("1:firing:a+ack 2:pending:b"));
    // Firing stays firing without a new transition; pending fires 60 s after it started (at 30 s).
    append(70, 95, 95);
    EvaluationResult r = after.evaluate(engine, 70 * kS);
    QVERIFY2(r.isEmpty(), qPrintable(renderTransitions(r.transitions)));
    append(90, 95, 95);
    r = after.evaluate(engine, 90 * kS);
    QCOMPARE(renderTransitions(r.transitions), QStringLiteral("2:pending>firing"));
    // New ids continue after the restored ones.
    store.append(parseSeries(QStringLiteral("cpu{instance=c}")), 91 * kS, 99);
    r = after.evaluate(engine, 91 * kS);
    QCOMPARE(renderTransitions(r.transitions), QStringLiteral("3:inactive>pending"));
}

void TestRuleEvaluator::restoreBeforeGroups()
{
    Fixture f;
    Alert a;
    a.id = 7;
    a.ruleName = QStringLiteral("R");
    a.groupName = QStringLiteral("g");
    a.labels = metrics::Labels { { "alertname", "R" }, { "instance", "a" } };
    a.state = AlertState::Firing;
    a.activeSinceMs = 0;
    a.firedAtMs = 0;
    a.lastEvalMs = a.lastSeenMs = 0;
    f.evaluator.restore({ a }, 5);
    QCOMPARE(f.evaluator.nextId(), 8);
    f.evaluator.setGroups(
        { RuleGroup { QStringLiteral("g"), 0, { rule(QStringLiteral("R"), QStringLiteral("cpu > 90")) } } });
    EvaluationResult r = f.step(10, QStringLiteral("cpu{instance=a}=95"));
    QVERIFY(r.isEmpty());
    QCOMPARE(render(f.evaluator.alerts()), QStringLiteral("7:firing:a"));
    QCOMPARE(f.evaluator.alerts().constFirst().fingerprint, alertFingerprint(a.labels));
}

void TestRuleEvaluator::removedRuleResolves()
{
    Fixture f;
    f.evaluator.setGroups({ RuleGroup { QStringLiteral("g"), 0,
        { rule(QStringLiteral("A"), QStringLiteral("cpu > 90")),
            rule(QStringLiteral("B"), QStringLiteral("cpu > 50")) } } });
    f.step(0, QStringLiteral("cpu{instance=a}=95"));
    QCOMPARE(render(f.evaluator.alerts()), QStringLiteral("1:firing:a 2:firing:a"));
    f.evaluator.setGroups(
        { RuleGroup { QStringLiteral("g"), 0, { rule(QStringLiteral("B"), QStringLiteral("cpu > 50")) } } });
    const EvaluationResult r = f.step(10, QStringLiteral("cpu{instance=a}=95"));
    QCOMPARE(renderTransitions(r.transitions), QStringLiteral("1:firing>resolved"));
    QCOMPARE(r.transitions[0].note, QStringLiteral("rule removed"));
    QCOMPARE(render(f.evaluator.alerts()), QStringLiteral("2:firing:a"));
}

void TestRuleEvaluator::groupInterval()
{
    Fixture f;
    f.evaluator.setGroups({
        RuleGroup {
            QStringLiteral("slow"), 10 * kS, { rule(QStringLiteral("Slow"), QStringLiteral("cpu > 90")) } },
        RuleGroup { QStringLiteral("fast"), 0, { rule(QStringLiteral("Fast"), QStringLiteral("cpu > 90")) } },
    });
    QStringList fired;
    for (qint64 t = 0; t <= 25; ++t) {
        const EvaluationResult r = f.step(t, QStringLiteral("cpu{instance=a}=%1").arg(t >= 3 ? 95 : 10));
        for (const Alert& a : r.changed)
            fired << QStringLiteral("%1@%2").arg(a.ruleName).arg(t);
        if (t == 0)
            QCOMPARE(f.evaluator.nextDueMs(), 0); // "fast" is due on every call
    }
    // "slow" evaluates at 0, 10, 20: it sees the crossing at 10.
    QCOMPARE(fired.join(u' '), QStringLiteral("Fast@3 Slow@10"));

    Fixture g;
    g.evaluator.setGroups({ RuleGroup {
        QStringLiteral("slow"), 10 * kS, { rule(QStringLiteral("Slow"), QStringLiteral("cpu > 90")) } } });
    g.step(0, QStringLiteral("cpu{instance=a}=10"));
    QCOMPARE(g.evaluator.nextDueMs(), 10 * kS);
    g.step(13, QStringLiteral("cpu{instance=a}=10")); // late call: the grid stays 0, 10, 20, ...
    QCOMPARE(g.evaluator.nextDueMs(), 20 * kS);
}

void TestRuleEvaluator::keepsStateAcrossSetGroups()
{
    Fixture f;
    AlertRule r = rule(QStringLiteral("R"), QStringLiteral("cpu > 90"), 30 * kS);
    f.evaluator.setGroups({ RuleGroup { QStringLiteral("g"), 0, { r } } });
    f.step(0, QStringLiteral("cpu{instance=a}=95"));
    r.annotations.insert(QStringLiteral("summary"), QStringLiteral("hot"));
    f.evaluator.setGroups({ RuleGroup { QStringLiteral("g"), 0, { r } } });
    f.step(30, QStringLiteral("cpu{instance=a}=95"));
    QCOMPARE(render(f.evaluator.alerts()), QStringLiteral("1:firing:a"));
    QCOMPARE(
        f.evaluator.alerts().constFirst().annotations.value(QStringLiteral("summary")), QStringLiteral("hot"));
    QCOMPARE(f.evaluator.groups().constFirst().rules.constFirst(), r);
}

void TestRuleEvaluator::templatesAndSeverity()
{
    Fixture f;
    AlertRule r = rule(QStringLiteral("DiskFull"), QStringLiteral("disk_used_ratio > 0.9"));
    r.severity = Severity::Info;
    r.labels.insert(QStringLiteral("severity"), QStringLiteral("critical"));
    r.labels.insert(QStringLiteral("host"), QStringLiteral("{{ $labels.instance | stripPort }}"));
    r.labels.insert(QStringLiteral("job"), QStringLiteral("override"));
    r.annotations.insert(QStringLiteral("summary"),
        QStringLiteral("{{ $labels.mountpoint }} on {{ $labels.instance }} at {{ $value | humanizePercentage }}"));
    r.annotations.insert(QStringLiteral("size"), QStringLiteral("{{ 1073741824 | humanize1024 }}B"));
    f.evaluator.setGroups({ RuleGroup { QStringLiteral("g"), 0, { r } } });
    f.step(0, QStringLiteral("disk_used_ratio{instance=web-1:9100,job=node,mountpoint=/var}=0.9512"));
    const QList<Alert> alerts = f.evaluator.alerts();
    QCOMPARE(alerts.size(), 1);
    const Alert& a = alerts[0];
    QCOMPARE(a.severity, Severity::Critical);
    QCOMPARE(a.labels,
        (metrics::Labels { { "alertname", "DiskFull" }, { "host", "web-1" }, { "instance", "web-1:9100" },
            { "job", "override" }, { "mountpoint", "/var" }, { "severity", "critical" } }));
    QCOMPARE(a.annotations.value(QStringLiteral("summary")), QStringLiteral("/var on web-1:9100 at 95.12%"));
    QCOMPARE(a.annotations.value(QStringLiteral("size")), QStringLiteral("1GiB"));

    // No severity label: the rule's severity.
    Fixture g;
    AlertRule plain = rule(QStringLiteral("P"), QStringLiteral("x > 0"));
    plain.severity = Severity::Info;
    g.evaluator.setGroups({ RuleGroup { QStringLiteral("g"), 0, { plain } } });
    g.step(0, QStringLiteral("x=1"));
    QCOMPARE(g.evaluator.alerts().constFirst().severity, Severity::Info);
}

void TestRuleEvaluator::readyTemplatesParse()
{
    const QList<RuleGroup> groups = ReadyTemplates::all();
    QStringList names;
    int rules = 0;
    for (const RuleGroup& g : groups) {
        for (const AlertRule& r : g.rules) {
            ++rules;
            names << r.name;
            const QString error = query::QueryEngine::check(r.expr);
            QVERIFY2(error.isEmpty(),
                qPrintable(r.name + QStringLiteral(": ") + r.expr + QStringLiteral(": ") + error));
            QVERIFY(!r.annotations.value(QStringLiteral("summary")).isEmpty());
            QVERIFY(severityFromName(r.labels.value(QStringLiteral("severity"))).has_value());
        }
    }
    for (const char* expected : { "HostDown", "HostCpuSaturation", "HostMemoryPressure", "HostDiskFilling",
             "ScrapeFailing", "ErrorBudgetBurn" })
        QVERIFY2(names.contains(QLatin1String(expected)), expected);
    QCOMPARE(rules, 9); // 5 host/resource/scrape rules + 4 burn-rate windows
    QVERIFY(groups.last().rules[0].expr.contains(QLatin1String("[1h]")));
    QVERIFY(groups.last().rules[0].expr.contains(QLatin1String("[5m]")));
    QVERIFY(groups.last().rules[0].expr.contains(QLatin1String("> 0.0144")));
    QVERIFY(groups.last().rules[3].expr.contains(QLatin1String("[3d]")));
    QVERIFY(ReadyTemplates::diskFilling().expr.contains(QLatin1String("predict_linear")));
}

void TestRuleEvaluator::hostDownTemplateFires()
{
    Fixture f;
    f.evaluator.setGroups({ RuleGroup { QStringLiteral("host"), 0, { ReadyTemplates::hostDown() } } });
    const QString data = QStringLiteral("up{instance=db-1:9100,job=node}=%1; up{instance=web-1:9100,job=node}=1");
    f.step(0, data.arg(1));
    QVERIFY(f.evaluator.alerts().isEmpty());
    f.step(15, data.arg(0));
    QCOMPARE(render(f.evaluator.alerts()), QStringLiteral("1:pending:db-1:9100"));
    f.step(74, data.arg(0));
    QCOMPARE(render(f.evaluator.alerts()), QStringLiteral("1:pending:db-1:9100"));
    f.step(75, data.arg(0));
    QCOMPARE(render(f.evaluator.alerts()), QStringLiteral("1:firing:db-1:9100"));
    const Alert a = f.evaluator.alerts().constFirst();
    QCOMPARE(a.severity, Severity::Critical);
    QCOMPARE(a.annotations.value(QStringLiteral("summary")), QStringLiteral("Host db-1:9100 is down"));
    QCOMPARE(a.labels.value("alertname"), QByteArray("HostDown"));
}

void TestRuleEvaluator::sloTemplateFires()
{
    // 5 % errors against a 99.9 % objective burns the budget 50x: the 1h/5m page fires.
    Fixture f;
    SloParameters slo;
    slo.errorRatio = QStringLiteral(
        "sum by (job) (rate(errors_total[$window])) / sum by (job) (rate(requests_total[$window]))");
    RuleGroup g = ReadyTemplates::sloBurnRate(slo);
    for (AlertRule& r : g.rules)
        r.forMs = 0;
    f.evaluator.setGroups({ g });
    for (qint64 t = 0; t <= 600; t += 15)
        f.step(t, QStringLiteral("requests_total{job=api}=%1; errors_total{job=api}=%2").arg(t * 100).arg(t * 5));
    QStringList firing;
    for (const Alert& a : f.evaluator.alerts())
        if (a.state == AlertState::Firing)
            firing << QString::fromUtf8(a.labels.value("long_window"));
    firing.sort();
    QCOMPARE(firing,
        (QStringList { QStringLiteral("1d"), QStringLiteral("1h"), QStringLiteral("3d"), QStringLiteral("6h") }));
    const Alert page = f.evaluator.alerts().constFirst();
    QVERIFY2(
        page.annotations.value(QStringLiteral("description")).startsWith(QLatin1String("Error ratio 5% over")),
        qPrintable(page.annotations.value(QStringLiteral("description"))));
}

void TestRuleEvaluator::resourceTemplatesFire_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("series"); // "%1" = step number, one sample per 60 s step
    QTest::addColumn<QString>("summary");

    QTest::newRow("cpu saturation") << QStringLiteral("cpu")
                                    << QStringLiteral(
                                           "node_cpu_seconds_total{instance=h:9100,cpu=0,mode=idle}=%1*3; "
                                           "node_cpu_seconds_total{instance=h:9100,cpu=0,mode=user}=%1*57")
                                    << QStringLiteral("CPU of h:9100 is saturated");
    QTest::newRow("memory pressure") << QStringLiteral("memory")
                                     << QStringLiteral("node_memory_MemAvailable_bytes{instance=h:9100}=5e8; "
                                                       "node_memory_MemTotal_bytes{instance=h:9100}=1e10")
                                     << QStringLiteral("Memory pressure on h:9100");
    QTest::newRow("disk filling")
        << QStringLiteral("disk")
        << QStringLiteral("node_filesystem_avail_bytes{instance=h:9100,mountpoint=/var,fstype=ext4}=30e9-%1*1e8; "
                          "node_filesystem_size_bytes{instance=h:9100,mountpoint=/var,fstype=ext4}=100e9; "
                          "node_filesystem_readonly{instance=h:9100,mountpoint=/var,fstype=ext4}=0")
        << QStringLiteral("Filesystem /var on h:9100 is filling up");
}

void TestRuleEvaluator::resourceTemplatesFire()
{
    QFETCH(QString, kind);
    QFETCH(QString, series);
    QFETCH(QString, summary);
    AlertRule r = kind == u"cpu" ? ReadyTemplates::cpuSaturation()
        : kind == u"memory"      ? ReadyTemplates::memoryPressure()
                                 : ReadyTemplates::diskFilling();
    r.forMs = 0;
    Fixture f;
    f.evaluator.setGroups({ RuleGroup { QStringLiteral("resources"), 0, { r } } });
    // "a*b" and "a-b*c" value expressions, evaluated here to keep the rows readable.
    const auto value = [](QString expr, int step) {
        expr.replace(QStringLiteral("%1"), QString::number(step));
        const qsizetype minus = expr.indexOf(u'-', 1);
        if (minus > 0) {
            const QStringList m = expr.mid(minus + 1).split(u'*');
            return expr.left(minus).toDouble() - m[0].toDouble() * m.value(1, QStringLiteral("1")).toDouble();
        }
        const QStringList m = expr.split(u'*');
        return m[0].toDouble() * m.value(1, QStringLiteral("1")).toDouble();
    };
    for (int step = 0; step <= 20; ++step) {
        QStringList samples;
        for (const QString& item : series.split(u';', Qt::SkipEmptyParts)) {
            const qsizetype eq = item.lastIndexOf(u'=');
            samples << item.left(eq).trimmed() + u'='
                    + QString::number(value(item.mid(eq + 1).trimmed(), step), 'g', 17);
        }
        f.step(step * 60, samples.join(u';'));
    }
    const QList<Alert> alerts = f.evaluator.alerts();
    QCOMPARE(render(alerts), QStringLiteral("1:firing:h:9100"));
    QCOMPARE(alerts[0].annotations.value(QStringLiteral("summary")), summary);
}

void TestRuleEvaluator::preview()
{
    metrics::SeriesStore store;
    query::LocalQuerySource engine(&store);
    store.append(parseSeries(QStringLiteral("cpu{instance=a}")), 0, 95);
    store.append(parseSeries(QStringLiteral("cpu{instance=b}")), 0, 10);
    const QList<Alert> p = RuleEvaluator::preview(
        rule(QStringLiteral("R"), QStringLiteral("cpu > 90"), 60 * kS), QStringLiteral("g"), engine, 10 * kS);
    QCOMPARE(p.size(), 1);
    QCOMPARE(p[0].state, AlertState::Pending);
    QCOMPARE(p[0].id, 0);
    QCOMPARE(p[0].labels.value("instance"), QByteArray("a"));
}

QTEST_GUILESS_MAIN(TestRuleEvaluator)
#include "tst_rule_evaluator.moc"
