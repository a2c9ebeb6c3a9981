// Unit: the alerting repositories (engine/alerts: AlertRepository,
// SilenceRepository, NotificationLogRepository, RuleGroupRepository,
// AlertAnalytics) on a real SQLite file:
// every alerting type read back field for field, the inbox queries, the
// acknowledgement rules, silences, the delivery log, rule groups, analytics
// on a hand-made data set, and the v3 -> v4 migration keeping earlier data.
#include "alerts/AlertAnalytics.h"
#include "alerts/AlertRepository.h"
#include "alerts/AlertTypes.h"
#include "alerts/NotificationLogRepository.h"
#include "alerts/RuleGroupRepository.h"
#include "alerts/SilenceRepository.h"
#include "dashboard/DashboardRepository.h"
#include "dashboard/PanelDefinition.h"
#include "PostgresServer.h"
#include "scrape/ScrapeTargetRepository.h"
#include "storage/Database.h"
#include "storage/Migration.h"

#include <QFile>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <cmath>
#include <limits>

using namespace opsdeck;
using namespace opsdeck::alerts;
using namespace opsdeck::storage;
using dashboard::DashboardRepository;
using metrics::LabelMatcher;
using scrape::ScrapeTargetRepository;

Q_DECLARE_METATYPE(opsdeck::alerts::Silence)

namespace {

constexpr qint64 kT0 = 1'790'000'000'000; // Nov 2026, ms

Alert makeAlert(qint64 id, const QString& rule, AlertState state, qint64 activeSince)
{
    Alert a;
    a.id = id;
    a.ruleName = rule;
    a.groupName = QStringLiteral("node");
    a.labels
        = metrics::Labels { { "alertname", rule.toUtf8() }, { "instance", "host-" + QByteArray::number(id) } };
    a.fingerprint = alertFingerprint(a.labels);
    a.annotations = { { QStringLiteral("summary"), QStringLiteral("it is %1").arg(id) } };
    a.severity = Severity::Critical;
    a.state = state;
    a.value = 0.5 + double(id);
    a.activeSinceMs = activeSince;
    a.lastEvalMs = activeSince + 1000;
    a.lastSeenMs = activeSince + 1000;
    if (state == AlertState::Firing || state == AlertState::Resolved)
        a.firedAtMs = activeSince + 500;
    if (state == AlertState::Resolved)
        a.resolvedAtMs = activeSince + 5000;
    return a;
}

void compareValue(double actual, double expected)
{
    if (std::isnan(expected))
        QVERIFY2(std::isnan(actual), qPrintable(QString::number(actual)));
    else
        QCOMPARE(actual, expected);
}

void compareAlerts(const Alert& a, const Alert& e)
{
    QCOMPARE(a.id, e.id);
    QCOMPARE(a.fingerprint, e.fingerprint);
    QCOMPARE(a.ruleName, e.ruleName);
    QCOMPARE(a.groupName, e.groupName);
    QCOMPARE(a.labels, e.labels);
    QCOMPARE(a.annotations, e.annotations);
    QCOMPARE(a.severity, e.severity);
    QCOMPARE(a.state, e.state);
    compareValue(a.value, e.value);
    QCOMPARE(a.activeSinceMs, e.activeSinceMs);
    QCOMPARE(a.firedAtMs, e.firedAtMs);
    QCOMPARE(a.resolvedAtMs, e.resolvedAtMs);
    QCOMPARE(a.lastEvalMs, e.lastEvalMs);
    QCOMPARE(a.lastSeenMs, e.lastSeenMs);
    QCOMPARE(a.error, e.error);
    QCOMPARE(a.flapping, e.flapping);
    QCOMPARE(a.ack.has_value(), e.ack.has_value());
    if (e.ack)
        QCOMPARE(*a.ack, *e.ack);
}

QList<qint64> idsOf(const QList<Alert>& alerts)
{
    QList<qint64> ids;
    for (const Alert& a : alerts)
        ids.append(a.id);
    return ids;
}

Silence makeSilence(QList<LabelMatcher> matchers, qint64 starts, qint64 ends)
{
    Silence s;
    s.matchers = std::move(matchers);
    s.startsAtMs = starts;
    s.endsAtMs = ends;
    s.createdBy = QStringLiteral("ana");
    s.comment = QStringLiteral("maintenance — disk swap");
    s.createdAtMs = starts - 10;
    return s;
}

} // namespace

class TestAlertRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void alertRoundTrips_data();
    void alertRoundTrips();
    void upsertReplacesByIdAndMaxId();
    void openAlertsAndFilters();
    void unknownAlertReported();
    void invalidAlertRollsBackAll();

    void acknowledgeAddsTransition();
    void acknowledgeRefusals();
    void staleSnapshotKeepsAcknowledgement();
    void transitionsInOrder();
    void saveEvaluationIsAtomic();

    void silenceRoundTrips();
    void invalidSilenceRefused_data();
    void invalidSilenceRefused();
    void expiredSilencesListedAndUpdate();

    void notificationLog();

    void ruleGroupsReplaceAll();
    void ruleGroupsValidated();

    void analyticsOnKnownData();
    void analyticsEmptyPeriod();

    void migratesV3Database();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
};

void TestAlertRepository::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(latestSchemaVersion() >= 4);
    QVERIFY(validateMigrations(schemaMigrations()).isEmpty());
}

void TestAlertRepository::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    if (testsupport::testStateIsPostgres() && !testsupport::PostgresServer::available())
        QSKIP("PostgreSQL 15 is not installed (/usr/lib/postgresql/15/bin; Debian package postgresql-15)");
    m_db = std::make_unique<Database>();
    QString error;
    QVERIFY2(testsupport::openTestState(*m_db, m_dir->path(), &error), qPrintable(error));
    QCOMPARE(m_db->schemaVersion(), latestSchemaVersion());
}

void TestAlertRepository::cleanup()
{
    if (m_db)
        QCOMPARE(m_db->integrityCheck(), QStringLiteral("ok"));
    m_db.reset();
    m_dir.reset();
}

void TestAlertRepository::alertRoundTrips_data()
{
    QTest::addColumn<Alert>("alert");

    Alert full = makeAlert(7, QStringLiteral("HostDown"), AlertState::Firing, kT0);
    full.error = QStringLiteral("");
    full.flapping = true;
    full.ack = Acknowledgement { QStringLiteral("ana"), kT0 + 9000, QStringLiteral("on it") };
    QTest::newRow("firing, flapping, acknowledged") << full;

    Alert nan = makeAlert(8, QStringLiteral("NoData"), AlertState::NoData, kT0);
    nan.value = std::nan("");
    nan.error = QStringLiteral("no series for up{job=\"node\"}");
    QTest::newRow("NaN value, nodata with reason") << nan;

    Alert inf = makeAlert(9, QStringLiteral("Inf"), AlertState::Pending, kT0);
    inf.value = std::numeric_limits<double>::infinity();
    QTest::newRow("+Inf") << inf;
    Alert ninf = inf;
    ninf.id = 10;
    ninf.value = -std::numeric_limits<double>::infinity();
    QTest::newRow("-Inf") << ninf;
    Alert tiny = inf;
    tiny.id = 11;
    tiny.value = 1.0000000000000002e-300;
    QTest::newRow("exact double") << tiny;

    Alert empty;
    empty.id = 12;
    empty.state = AlertState::Error;
    empty.error = QStringLiteral("query failed: division by zero");
    empty.severity = Severity::Info;
    QTest::newRow("empty labels and annotations, zero times") << empty;

    Alert unicode = makeAlert(13, QStringLiteral("Überlast"), AlertState::Resolved, kT0);
    unicode.labels
        = metrics::Labels { { "alertname", "Überlast" }, { "site", "東京 🏭" }, { "quote", "a \"b\" \\ c\nd" } };
    unicode.fingerprint = alertFingerprint(unicode.labels);
    unicode.annotations = { { QStringLiteral("summary"), QStringLiteral("Température élevée: 93 °C ✓") },
        { QStringLiteral("empty"), QString() } };
    unicode.annotations[QStringLiteral("empty")] = QStringLiteral("");
    unicode.severity = Severity::Warning;
    unicode.ack = Acknowledgement { QStringLiteral("Zoë"), kT0 + 1, QStringLiteral("") };
    QTest::newRow("unicode, resolved, ack without note") << unicode;
}

void TestAlertRepository::alertRoundTrips()
{
    QFETCH(Alert, alert);
    AlertRepository repo(*m_db);
    QVERIFY2(repo.saveAlerts({ alert }), qPrintable(repo.lastError()));
    const auto back = repo.alert(alert.id);
    QVERIFY2(back, qPrintable(repo.lastError()));
    compareAlerts(*back, alert);

    // And through a second connection (what a restart sees).
    Database other;
    QVERIFY(other.openLocation(m_db->location()));
    const auto listed = AlertRepository(other).alerts({});
    QVERIFY(listed);
    QCOMPARE(listed->size(), 1);
    compareAlerts(listed->constFirst(), alert);
}

void TestAlertRepository::upsertReplacesByIdAndMaxId()
{
    AlertRepository repo(*m_db);
    AlertAnalytics analytics(*m_db);
    QCOMPARE(repo.maxAlertId(), std::optional<qint64>(0));
    Alert a = makeAlert(41, QStringLiteral("Cpu"), AlertState::Pending, kT0);
    QVERIFY(repo.saveAlerts({ a, makeAlert(5, QStringLiteral("Cpu"), AlertState::Pending, kT0) }));
    QCOMPARE(repo.maxAlertId(), std::optional<qint64>(41));

    a.state = AlertState::Firing;
    a.firedAtMs = kT0 + 60'000;
    a.value = 97.5;
    a.flapping = true;
    a.annotations[QStringLiteral("summary")] = QStringLiteral("now 97.5");
    QVERIFY(repo.saveAlerts({ a }));
    compareAlerts(*repo.alert(41), a);
    QCOMPARE(repo.alerts({})->size(), 2);

    // Flapping clears in the alert, but stays counted for the analytics.
    a.flapping = false;
    QVERIFY(repo.saveAlerts({ a }));
    QVERIFY(!repo.alert(41)->flapping);
    QCOMPARE(analytics.analytics(0, kT0 + 1)->perRule.constFirst().flapping, 1);
}

void TestAlertRepository::openAlertsAndFilters()
{
    AlertRepository repo(*m_db);
    QList<Alert> all {
        makeAlert(1, QStringLiteral("A"), AlertState::Resolved, kT0), // resolved at kT0+5000
        makeAlert(2, QStringLiteral("A"), AlertState::Firing, kT0 + 1000),
        makeAlert(3, QStringLiteral("B"), AlertState::Pending, kT0 + 3000),
        makeAlert(4, QStringLiteral("B"), AlertState::Resolved, kT0 + 100'000), // resolved at +105000
        makeAlert(5, QStringLiteral("C"), AlertState::Error, kT0 + 2000),
        makeAlert(6, QStringLiteral("C"), AlertState::NoData, kT0 + 2000), // same start as 5: id breaks the tie
    };
    QVERIFY2(repo.saveAlerts(all), qPrintable(repo.lastError()));

    const auto open = repo.openAlerts();
    QVERIFY2(open, qPrintable(repo.lastError()));
    QCOMPARE(idsOf(*open), (QList<qint64> { 3, 6, 5, 2 }));

    QCOMPARE(idsOf(*repo.alerts({})), (QList<qint64> { 4, 3, 6, 5, 2, 1 }));

    AlertRepository::AlertQuery q;
    q.state = AlertState::Resolved;
    QCOMPARE(idsOf(*repo.alerts(q)), (QList<qint64> { 4, 1 }));
    q.state = AlertState::Firing;
    QCOMPARE(idsOf(*repo.alerts(q)), (QList<qint64> { 2 }));

    // Since: open ones, and those resolved at or after it.
    q = {};
    q.sinceMs = kT0 + 5001;
    QCOMPARE(idsOf(*repo.alerts(q)), (QList<qint64> { 4, 3, 6, 5, 2 }));
    q.sinceMs = kT0 + 5000;
    QCOMPARE(idsOf(*repo.alerts(q)), (QList<qint64> { 4, 3, 6, 5, 2, 1 }));

    q = {};
    q.limit = 2;
    QCOMPARE(idsOf(*repo.alerts(q)), (QList<qint64> { 4, 3 }));
    q.limit = 0; // no limit
    QCOMPARE(repo.alerts(q)->size(), 6);

    // The inbox query uses its partial index (SQLite's planner; PostgreSQL's
    // picks by statistics, which an almost empty table does not have).
    if (m_db->isPostgres())
        return;
    QSqlQuery plan(m_db->connection());
    QVERIFY(plan.exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT id FROM alerts WHERE state NOT IN ('resolved', "
                                     "'inactive') ORDER BY active_since_ms DESC, id DESC")));
    QString detail;
    while (plan.next())
        detail += plan.value(3).toString() + QLatin1Char(';');
    QVERIFY2(detail.contains(QLatin1String("alerts_open")), qPrintable(detail));
}

void TestAlertRepository::unknownAlertReported()
{
    AlertRepository repo(*m_db);
    QVERIFY(!repo.alert(404));
    QVERIFY2(repo.lastError().contains(QLatin1String("404")), qPrintable(repo.lastError()));
    QVERIFY(repo.transitions(404)->isEmpty());
}

void TestAlertRepository::invalidAlertRollsBackAll()
{
    AlertRepository repo(*m_db);
    Alert bad = makeAlert(0, QStringLiteral("X"), AlertState::Firing, kT0);
    QVERIFY(!repo.saveAlerts({ makeAlert(1, QStringLiteral("X"), AlertState::Firing, kT0), bad }));
    QVERIFY(repo.lastError().contains(QLatin1String("no id")));
    QVERIFY(repo.alerts({})->isEmpty());
}

void TestAlertRepository::acknowledgeAddsTransition()
{
    AlertRepository repo(*m_db);
    Alert a = makeAlert(3, QStringLiteral("Disk"), AlertState::Firing, kT0);
    QVERIFY(repo.saveEvaluation({ a },
        { { 3, AlertState::Inactive, AlertState::Pending, kT0, 1.0, {} },
            { 3, AlertState::Pending, AlertState::Firing, kT0 + 500, 2.0, {} } }));
    const Acknowledgement ack { QStringLiteral("ana"), kT0 + 60'000, QStringLiteral("replacing the disk") };
    QVERIFY2(repo.acknowledge(3, ack), qPrintable(repo.lastError()));
    QCOMPARE(repo.alert(3)->ack, std::optional<Acknowledgement>(ack));
    QCOMPARE(repo.alert(3)->state, AlertState::Firing); // still visible until it resolves
    QCOMPARE(idsOf(*repo.openAlerts()), QList<qint64> { 3 });

    auto t = repo.transitions(3);
    QVERIFY(t);
    QCOMPARE(t->size(), 3);
    QCOMPARE(t->at(2).from, AlertState::Firing);
    QCOMPARE(t->at(2).to, AlertState::Firing);
    QCOMPARE(t->at(2).atMs, ack.atMs);
    QVERIFY2(t->at(2).note.contains(QLatin1String("ana")), qPrintable(t->at(2).note));
    QVERIFY(t->at(2).note.contains(QLatin1String("replacing the disk")));
    compareValue(t->at(2).value, a.value);

    // A second acknowledgement replaces the first.
    const Acknowledgement again { QStringLiteral("bo"), kT0 + 70'000, QString() };
    QVERIFY(repo.acknowledge(3, again));
    QCOMPARE(repo.alert(3)->ack->by, QStringLiteral("bo"));
    QCOMPARE(repo.alert(3)->ack->note, QStringLiteral(""));

    QVERIFY2(repo.unacknowledge(3, kT0 + 80'000, QStringLiteral("bo")), qPrintable(repo.lastError()));
    QVERIFY(!repo.alert(3)->ack);
    t = repo.transitions(3);
    QCOMPARE(t->size(), 5);
    QCOMPARE(t->constLast().atMs, kT0 + 80'000);
    QVERIFY(t->constLast().note.contains(QLatin1String("bo")));
    QVERIFY(!repo.unacknowledge(3, kT0 + 90'000, QStringLiteral("bo"))); // nothing to remove
    QCOMPARE(repo.transitions(3)->size(), 5);
}

void TestAlertRepository::acknowledgeRefusals()
{
    AlertRepository repo(*m_db);
    QVERIFY(repo.saveAlerts({ makeAlert(1, QStringLiteral("A"), AlertState::Resolved, kT0),
        makeAlert(2, QStringLiteral("A"), AlertState::Pending, kT0) }));
    const Acknowledgement ack { QStringLiteral("ana"), kT0 + 1, {} };
    QVERIFY(!repo.acknowledge(99, ack));
    QVERIFY2(repo.lastError().contains(QLatin1String("99")), qPrintable(repo.lastError()));
    QVERIFY(!repo.acknowledge(1, ack));
    QVERIFY2(repo.lastError().contains(QLatin1String("resolved")), qPrintable(repo.lastError()));
    QVERIFY(!repo.acknowledge(2, Acknowledgement { QStringLiteral("  "), kT0, {} }));
    QVERIFY(!repo.alert(1)->ack);
    QVERIFY(!repo.alert(2)->ack);
    QVERIFY(repo.transitions(1)->isEmpty());
    QVERIFY(repo.transitions(2)->isEmpty());
    // Pending alerts can be acknowledged.
    QVERIFY(repo.acknowledge(2, ack));
}

void TestAlertRepository::staleSnapshotKeepsAcknowledgement()
{
    AlertRepository repo(*m_db);
    Alert snapshot = makeAlert(5, QStringLiteral("A"), AlertState::Firing, kT0);
    QVERIFY(repo.saveAlerts({ snapshot }));
    const Acknowledgement ack { QStringLiteral("ana"), kT0 + 10'000, QStringLiteral("mine") };
    QVERIFY(repo.acknowledge(5, ack));

    // The evaluator had not heard of the click yet: its save must not undo it.
    snapshot.value = 42;
    QVERIFY(repo.saveAlerts({ snapshot }));
    QCOMPARE(repo.alert(5)->ack, std::optional<Acknowledgement>(ack));
    QCOMPARE(repo.alert(5)->value, 42.0);
    // Nor resolving it (the evaluator may drop the ack on resolve).
    Alert resolved = snapshot;
    resolved.state = AlertState::Resolved;
    resolved.resolvedAtMs = kT0 + 20'000;
    // An older acknowledgement in a snapshot does not replace a newer one.
    resolved.ack = Acknowledgement { QStringLiteral("old"), kT0 + 5000, {} };
    QVERIFY(repo.saveAlerts({ resolved }));
    QCOMPARE(repo.alert(5)->ack, std::optional<Acknowledgement>(ack));
    QCOMPARE(repo.alert(5)->state, AlertState::Resolved);

    // After unacknowledge, a snapshot still carrying the old acknowledgement
    // does not bring it back; a newer one does.
    Alert other = makeAlert(6, QStringLiteral("A"), AlertState::Firing, kT0);
    QVERIFY(repo.saveAlerts({ other }));
    QVERIFY(repo.acknowledge(6, ack));
    QVERIFY(repo.unacknowledge(6, kT0 + 11'000, QStringLiteral("ana")));
    other.ack = ack;
    QVERIFY(repo.saveAlerts({ other }));
    QVERIFY(!repo.alert(6)->ack);
    other.ack = Acknowledgement { QStringLiteral("bo"), kT0 + 12'000, {} };
    QVERIFY(repo.saveAlerts({ other }));
    QCOMPARE(repo.alert(6)->ack, other.ack);
}

void TestAlertRepository::transitionsInOrder()
{
    AlertRepository repo(*m_db);
    QVERIFY(repo.saveAlerts({ makeAlert(1, QStringLiteral("A"), AlertState::Resolved, kT0),
        makeAlert(2, QStringLiteral("A"), AlertState::Firing, kT0) }));
    const QList<AlertTransition> written {
        { 1, AlertState::Inactive, AlertState::Pending, kT0, 1.0, QStringLiteral("") },
        { 2, AlertState::Inactive, AlertState::Pending, kT0, 7.0, QStringLiteral("") },
        { 1, AlertState::Firing, AlertState::Resolved, kT0 + 5000, std::nan(""), QStringLiteral("gone") },
        { 1, AlertState::Pending, AlertState::Firing, kT0 + 500, 3.0, QStringLiteral("") },
        // Same time: kept in the order written.
        { 1, AlertState::Firing, AlertState::Firing, kT0 + 500, 3.0, QStringLiteral("flapping") },
    };
    QVERIFY2(repo.appendTransitions(written), qPrintable(repo.lastError()));
    const auto t = repo.transitions(1);
    QVERIFY(t);
    QCOMPARE(*t, (QList<AlertTransition> { written[0], written[3], written[4], written[2] }));
    QVERIFY(std::isnan(t->constLast().value));
    QCOMPARE(t->at(1).value, 3.0);
    QCOMPARE(repo.transitions(2)->size(), 1);

    // A transition for an alert never saved is dropped (with a warning); the others land.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("alert 77 dropped")));
    QVERIFY(repo.appendTransitions({ written[0], { 77, AlertState::Inactive, AlertState::Pending, kT0, 0, {} } }));
    QCOMPARE(repo.transitions(1)->size(), 5);
    QVERIFY(repo.transitions(77)->isEmpty());
}

void TestAlertRepository::saveEvaluationIsAtomic()
{
    AlertRepository repo(*m_db);
    const Alert a = makeAlert(1, QStringLiteral("A"), AlertState::Pending, kT0);
    const AlertTransition ok { 1, AlertState::Inactive, AlertState::Pending, kT0, 1, {} };
    const Alert noId = makeAlert(0, QStringLiteral("B"), AlertState::Pending, kT0);
    QVERIFY(!repo.saveEvaluation({ a, noId }, { ok }));
    QVERIFY(repo.transitions(1)->isEmpty());
    QVERIFY(repo.alerts({})->isEmpty());
    QVERIFY(repo.saveEvaluation({ a }, { ok }));
    QCOMPARE(repo.alerts({})->size(), 1);
    QCOMPARE(repo.transitions(1)->size(), 1);
    QVERIFY(repo.saveEvaluation({}, {})); // nothing to do is fine
}

void TestAlertRepository::silenceRoundTrips()
{
    SilenceRepository repo(*m_db);
    const Silence s = makeSilence({ LabelMatcher(LabelMatcher::Type::Equal, "alertname", "HostDown"),
                                      LabelMatcher(LabelMatcher::Type::NotEqual, "env", "prod"),
                                      LabelMatcher(LabelMatcher::Type::Regex, "instance", "db-.*|東京"),
                                      LabelMatcher(LabelMatcher::Type::NotRegex, "team", "") },
        kT0, kT0 + 3'600'000);
    const auto id = repo.addSilence(s);
    QVERIFY2(id, qPrintable(repo.lastError()));
    QVERIFY(*id > 0);
    const auto listed = repo.silences();
    QVERIFY(listed);
    QCOMPARE(listed->size(), 1);
    const Silence& back = listed->constFirst();
    QCOMPARE(back.id, *id);
    QCOMPARE(back.matchers.size(), 4);
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(back.matchers[i].type(), s.matchers[i].type());
        QCOMPARE(back.matchers[i].name(), s.matchers[i].name());
        QCOMPARE(back.matchers[i].value(), s.matchers[i].value());
        QVERIFY(back.matchers[i].isValid());
    }
    QVERIFY(back.matchers[2].matches("東京"));
    QCOMPARE(back.startsAtMs, s.startsAtMs);
    QCOMPARE(back.endsAtMs, s.endsAtMs);
    QCOMPARE(back.createdBy, s.createdBy);
    QCOMPARE(back.comment, s.comment);
    QCOMPARE(back.createdAtMs, s.createdAtMs);
}

void TestAlertRepository::invalidSilenceRefused_data()
{
    QTest::addColumn<Silence>("silence");
    QTest::addColumn<QString>("message");
    const LabelMatcher host(LabelMatcher::Type::Equal, "instance", "a");
    QTest::newRow("no matchers") << makeSilence({}, kT0, kT0 + 1) << QStringLiteral("matcher");
    QTest::newRow("bad regex") << makeSilence({ host, LabelMatcher(LabelMatcher::Type::Regex, "job", "(") }, kT0,
        kT0 + 1) << QStringLiteral("job");
    QTest::newRow("bad name") << makeSilence({ LabelMatcher(LabelMatcher::Type::Equal, "1x", "a") }, kT0, kT0 + 1)
                              << QStringLiteral("1x");
    QTest::newRow("mutes everything") << makeSilence({ LabelMatcher(LabelMatcher::Type::Regex, "job", ".*"),
                                                         LabelMatcher(LabelMatcher::Type::NotEqual, "env", "x") },
        kT0, kT0 + 1) << QStringLiteral("every alert");
    QTest::newRow("ends before start") << makeSilence({ host }, kT0, kT0 - 1) << QStringLiteral("end");
    QTest::newRow("no span") << makeSilence({ host }, kT0, kT0) << QStringLiteral("end");
}

void TestAlertRepository::invalidSilenceRefused()
{
    QFETCH(Silence, silence);
    QFETCH(QString, message);
    SilenceRepository repo(*m_db);
    QVERIFY(!repo.addSilence(silence));
    QVERIFY2(repo.lastError().contains(message), qPrintable(repo.lastError()));
    QVERIFY(!SilenceRepository::validateSilence(silence).isEmpty());
    QVERIFY(repo.silences()->isEmpty());
}

void TestAlertRepository::expiredSilencesListedAndUpdate()
{
    SilenceRepository repo(*m_db);
    const LabelMatcher host(LabelMatcher::Type::Equal, "instance", "a");
    const auto expired = repo.addSilence(makeSilence({ host }, kT0 - 7'200'000, kT0 - 3'600'000));
    const auto active = repo.addSilence(makeSilence({ host }, kT0 - 60'000, kT0 + 60'000));
    const auto pending = repo.addSilence(makeSilence({ host }, kT0 + 60'000, kT0 + 120'000));
    QVERIFY(expired && active && pending);

    auto listed = repo.silences();
    QCOMPARE(listed->size(), 3);
    QCOMPARE(listed->at(0).id, *pending); // newest first
    QCOMPARE(listed->at(0).status(kT0), Silence::Status::Pending);
    QCOMPARE(listed->at(1).status(kT0), Silence::Status::Active);
    QCOMPARE(listed->at(2).id, *expired);
    QCOMPARE(listed->at(2).status(kT0), Silence::Status::Expired);

    // Expire the active one now, and the pending one (start = end = now).
    Silence s = listed->at(1);
    s.endsAtMs = kT0;
    QVERIFY2(repo.updateSilence(s), qPrintable(repo.lastError()));
    Silence p = listed->at(0);
    p.startsAtMs = p.endsAtMs = kT0;
    QVERIFY2(repo.updateSilence(p), qPrintable(repo.lastError()));
    listed = repo.silences();
    QCOMPARE(listed->size(), 3);
    for (const Silence& each : *listed)
        QCOMPARE(each.status(kT0), Silence::Status::Expired);

    s.id = 999;
    QVERIFY(!repo.updateSilence(s));
    QVERIFY(repo.lastError().contains(QLatin1String("999")));
    s.id = *active;
    s.matchers.clear();
    QVERIFY(!repo.updateSilence(s));
    QCOMPARE(repo.silences()->at(1).matchers.size(), 1);
}

void TestAlertRepository::notificationLog()
{
    NotificationLogRepository repo(*m_db);
    NotificationRecord r;
    r.deliveryId = std::numeric_limits<quint64>::max() - 1; // above INT64_MAX: stored bit for bit
    r.receiver = QStringLiteral("ops-pager");
    r.receiverType = QStringLiteral("pagerduty");
    r.groupKey = "{}/{severity=\"critical\"}:{alertname=\"HostDown\"}";
    r.kind = QStringLiteral("trigger");
    r.alertIds = { 3, 1, 2 };
    r.status = QStringLiteral("retrying");
    r.attempts = 1;
    r.httpStatus = 503;
    r.error = QStringLiteral("service unavailable");
    r.createdAtMs = kT0;
    const auto id = repo.addNotification(r);
    QVERIFY2(id, qPrintable(repo.lastError()));
    r.id = *id;

    NotificationRecord other = r;
    other.deliveryId = 17;
    other.receiver = QStringLiteral("team-webhook");
    other.alertIds = { 2, 4 };
    other.status = QStringLiteral("sent");
    other.httpStatus = 200;
    other.error = QString();
    other.createdAtMs = kT0 + 1;
    other.finishedAtMs = kT0 + 2;
    const auto otherId = repo.addNotification(other);
    QVERIFY(otherId);
    other.id = *otherId;
    other.error = QStringLiteral("");

    const auto compareRecord = [](const NotificationRecord& a, const NotificationRecord& e) {
        QCOMPARE(a.id, e.id);
        QCOMPARE(a.deliveryId, e.deliveryId);
        QCOMPARE(a.receiver, e.receiver);
        QCOMPARE(a.receiverType, e.receiverType);
        QCOMPARE(a.groupKey, e.groupKey);
        QCOMPARE(a.kind, e.kind);
        QCOMPARE(a.alertIds, e.alertIds);
        QCOMPARE(a.status, e.status);
        QCOMPARE(a.attempts, e.attempts);
        QCOMPARE(a.httpStatus, e.httpStatus);
        QCOMPARE(a.error, e.error);
        QCOMPARE(a.createdAtMs, e.createdAtMs);
        QCOMPARE(a.finishedAtMs, e.finishedAtMs);
    };

    auto all = repo.notifications();
    QVERIFY(all);
    QCOMPARE(all->size(), 2);
    compareRecord(all->at(0), other); // newest first
    compareRecord(all->at(1), r);
    QCOMPARE(repo.notifications(1)->size(), 1);
    QCOMPARE(repo.notifications(2)->size(), 2);
    QCOMPARE(repo.notifications(4)->constFirst().id, other.id);
    QVERIFY(repo.notifications(5)->isEmpty());
    QCOMPARE(repo.notifications(0, 1)->size(), 1);

    // DeliveryService reports with id 0: found by delivery id; empty identity fields kept.
    NotificationRecord update;
    update.deliveryId = r.deliveryId;
    update.status = QStringLiteral("sent");
    update.attempts = 3;
    update.httpStatus = 202;
    update.error = QStringLiteral("");
    update.finishedAtMs = kT0 + 9000;
    QVERIFY2(repo.updateNotification(update), qPrintable(repo.lastError()));
    NotificationRecord expected = r;
    expected.status = update.status;
    expected.attempts = 3;
    expected.httpStatus = 202;
    expected.error = QStringLiteral("");
    expected.finishedAtMs = kT0 + 9000;
    compareRecord(repo.notifications(1)->constFirst(), expected);

    // By id, with new alert ids.
    expected.alertIds = { 1 };
    expected.status = QStringLiteral("failed");
    QVERIFY(repo.updateNotification(expected));
    compareRecord(repo.notifications(1)->constFirst(), expected);
    QCOMPARE(repo.notifications(3)->size(), 0);
    QCOMPARE(repo.notifications(2)->size(), 1);

    // A record with nothing but a receiver and a status (e.g. "suppressed").
    NotificationRecord bare;
    bare.receiver = QStringLiteral("r");
    bare.status = QStringLiteral("suppressed");
    const auto bareId = repo.addNotification(bare);
    QVERIFY2(bareId, qPrintable(repo.lastError()));
    QCOMPARE(repo.notifications(0, 1)->constFirst().groupKey, QByteArray());

    NotificationRecord unknown;
    unknown.deliveryId = 12345;
    QVERIFY(!repo.updateNotification(unknown));
    unknown.id = 999;
    QVERIFY(!repo.updateNotification(unknown));
    QVERIFY(!repo.updateNotification(NotificationRecord {}));
}

void TestAlertRepository::ruleGroupsReplaceAll()
{
    RuleGroupRepository repo(*m_db);
    QVERIFY(repo.ruleGroups()->isEmpty());

    AlertRule down;
    down.name = QStringLiteral("HostDown");
    down.expr = QStringLiteral("up{job=\"node\"} == 0");
    down.forMs = 120'000;
    down.keepFiringForMs = 30'000;
    down.severity = Severity::Critical;
    down.labels = { { QStringLiteral("severity"), QStringLiteral("critical") },
        { QStringLiteral("team"), QStringLiteral("Ops ✓") } };
    down.annotations = { { QStringLiteral("summary"), QStringLiteral("{{ $labels.instance }} is down") },
        { QStringLiteral("value"), QStringLiteral("{{ $value | humanize }}") } };
    down.sourceFile = QStringLiteral("/etc/opsdeck/rules/node.yml");
    down.sourceLine = 12;
    AlertRule cpu;
    cpu.name = QStringLiteral("CpuSaturated");
    cpu.expr = QStringLiteral("avg by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[5m])) > 0.9");
    cpu.severity = Severity::Info;

    const QList<RuleGroup> first { { QStringLiteral("node"), 15'000, { down, cpu } },
        { QStringLiteral("empty"), 0, {} }, { QStringLiteral("slo"), 60'000, { cpu } } };
    QVERIFY2(repo.saveRuleGroups(first), qPrintable(repo.lastError()));
    QCOMPARE(*repo.ruleGroups(), first);

    const QList<RuleGroup> second { { QStringLiteral("slo"), 30'000, { down } } };
    QVERIFY(repo.saveRuleGroups(second));
    QCOMPARE(*repo.ruleGroups(), second);

    QVERIFY(repo.saveRuleGroups({}));
    QVERIFY(repo.ruleGroups()->isEmpty());
}

void TestAlertRepository::ruleGroupsValidated()
{
    RuleGroupRepository repo(*m_db);
    AlertRule r;
    r.name = QStringLiteral("A");
    r.expr = QStringLiteral("up == 0");
    const QList<RuleGroup> kept { { QStringLiteral("g"), 0, { r } } };
    QVERIFY(repo.saveRuleGroups(kept));

    QVERIFY(!repo.saveRuleGroups({ { QStringLiteral("x"), 0, {} }, { QStringLiteral("x"), 0, {} } }));
    QVERIFY2(repo.lastError().contains(QLatin1String("\"x\"")), qPrintable(repo.lastError()));
    QVERIFY(!repo.saveRuleGroups({ { QStringLiteral(""), 0, {} } }));
    AlertRule noExpr = r;
    noExpr.expr.clear();
    QVERIFY(!repo.saveRuleGroups({ { QStringLiteral("h"), 0, { noExpr } } }));
    QCOMPARE(*repo.ruleGroups(), kept); // untouched by refused saves
}

void TestAlertRepository::analyticsOnKnownData()
{
    AlertRepository repo(*m_db);
    AlertAnalytics analytics(*m_db);
    const qint64 from = kT0;
    const qint64 to = kT0 + 3'600'000;
    QList<Alert> data;
    auto add = [&](qint64 id, const QString& rule, qint64 start, qint64 fired, qint64 resolved,
                   std::optional<qint64> ackAt, bool flapping) {
        Alert a = makeAlert(id, rule, AlertState::Firing, start);
        a.firedAtMs = fired;
        a.resolvedAtMs = resolved;
        a.state = resolved ? AlertState::Resolved : (fired ? AlertState::Firing : AlertState::Pending);
        a.flapping = flapping;
        if (ackAt)
            a.ack = Acknowledgement { QStringLiteral("ana"), *ackAt, {} };
        data.append(a);
    };
    // Disk: 3 alerts in the period, one flapping.
    add(1, QStringLiteral("Disk"), from + 0, from + 60'000, from + 660'000, from + 120'000,
        false); // ack 60 s, resolve 600 s
    add(2, QStringLiteral("Disk"), from + 1000, from + 1000, from + 301'000, from + 181'000,
        true); // ack 180 s, resolve 300 s
    add(3, QStringLiteral("Disk"), from + 2000, from + 2000, 0, std::nullopt, false); // open, not acked
    // Cpu: 2 alerts, both flapping; one acknowledged while pending (not in MTTA), never fired.
    add(4, QStringLiteral("Cpu"), from + 5000, 0, 0, from + 6000, true);
    add(5, QStringLiteral("Cpu"), from + 7000, from + 7000, from + 907'000, std::nullopt, true); // resolve 900 s
    // Net: 2 alerts, none flapping: after Cpu, which has as many alerts but more flapping.
    add(6, QStringLiteral("Net"), from + 8000, from + 8000, 0, from + 308'000, false); // ack 300 s
    add(7, QStringLiteral("Net"), from + 9000, from + 9000, 0, std::nullopt, false);
    // Outside the period: started before, resolved and acknowledged inside -> counts for MTTA/MTTR only.
    add(8, QStringLiteral("Old"), from - 100'000, from - 100'000, from + 200'000, from + 20'000,
        false); // ack 120 s, resolve 300 s
    // Entirely after the period.
    add(9, QStringLiteral("Disk"), to, to, to + 1000, to + 10, true);
    QVERIFY2(repo.saveAlerts(data), qPrintable(repo.lastError()));

    const auto an = analytics.analytics(from, to);
    QVERIFY2(an, qPrintable(analytics.lastError()));
    QCOMPARE(an->alerts, 7);
    QCOMPARE(an->acknowledged, 5); // 1, 2, 4, 6, 8
    QCOMPARE(an->mttaMs, (60'000.0 + 180'000.0 + 300'000.0 + 120'000.0) / 4);
    QCOMPARE(an->mttrMs, (600'000.0 + 300'000.0 + 900'000.0 + 300'000.0) / 4);
    QCOMPARE(an->perRule.size(), 3);
    QCOMPARE(an->perRule[0].rule, QStringLiteral("Disk"));
    QCOMPARE(an->perRule[0].alerts, 3);
    QCOMPARE(an->perRule[0].flapping, 1);
    QCOMPARE(an->perRule[1].rule, QStringLiteral("Cpu"));
    QCOMPARE(an->perRule[1].alerts, 2);
    QCOMPARE(an->perRule[1].flapping, 2);
    QCOMPARE(an->perRule[2].rule, QStringLiteral("Net"));
    QCOMPARE(an->perRule[2].alerts, 2);
    QCOMPARE(an->perRule[2].flapping, 0);

    // Unacknowledging removes an alert from MTTA.
    QVERIFY(repo.unacknowledge(6, from + 400'000, QStringLiteral("ana")));
    QCOMPARE(analytics.analytics(from, to)->mttaMs, (60'000.0 + 180'000.0 + 120'000.0) / 3);
}

void TestAlertRepository::analyticsEmptyPeriod()
{
    AlertRepository repo(*m_db);
    AlertAnalytics analytics(*m_db);
    QVERIFY(repo.saveAlerts({ makeAlert(1, QStringLiteral("A"), AlertState::Firing, kT0) }));
    const auto an = analytics.analytics(kT0 + 1, kT0 + 2);
    QVERIFY(an);
    QCOMPARE(an->alerts, 0);
    QCOMPARE(an->acknowledged, 0);
    QVERIFY(std::isnan(an->mttaMs));
    QVERIFY(std::isnan(an->mttrMs));
    QVERIFY(an->perRule.isEmpty());
}

void TestAlertRepository::migratesV3Database()
{
    m_db.reset();
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    qint64 targetId = 0;
    dashboard::DashboardDefinition dashboard;
    storage::StateLocation location;
    {
        Database::Options v3;
        v3.migrations = schemaMigrations().mid(0, 3);
        Database db(v3);
        QString error;
        QVERIFY2(testsupport::openTestState(db, tmp.path(), &error), qPrintable(error));
        QCOMPARE(db.schemaVersion(), 3);
        location = db.location();
        scrape::ScrapeTarget t;
        t.url = QUrl(QStringLiteral("http://db-1:9100/metrics"));
        t.job = QStringLiteral("node");
        t.extraLabels = metrics::Labels { { "site", "Zürich" } };
        const auto id = ScrapeTargetRepository(db).add(t);
        QVERIFY(id);
        targetId = *id;
        // Written as a v3 console wrote it (today's repository reads v6 columns).
        dashboard.name = QStringLiteral("Hosts");
        dashboard.panels = dashboard::defaultHostPanels().mid(0, 1);
        QSqlQuery q(db.connection());
        QVERIFY(
            q.exec(QStringLiteral("INSERT INTO dashboards (name, position) VALUES ('Hosts', 0) RETURNING id")));
        QVERIFY(q.next());
        const QVariant dashboardId = q.value(0);
        q.finish();
        QVERIFY(q.prepare(QStringLiteral("INSERT INTO dashboard_panels (dashboard_id, position, title, query)"
                                         " VALUES (?, 0, ?, ?)")));
        q.addBindValue(dashboardId);
        q.addBindValue(dashboard.panels.constFirst().title);
        q.addBindValue(dashboard.panels.constFirst().query);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    }

    Database db;
    QVERIFY2(db.openLocation(location), qPrintable(db.lastError()));
    QCOMPARE(db.schemaVersion(), latestSchemaVersion());
    QCOMPARE(db.integrityCheck(), QStringLiteral("ok"));
    if (!db.isPostgres()) // PostgreSQL's backups are pg_dump's business
        QVERIFY(QFile::exists(db.filePath() + QStringLiteral(".schema-v3.bak")));

    const auto targets = ScrapeTargetRepository(db).list();
    QVERIFY(targets);
    QCOMPARE(targets->size(), 1);
    QCOMPARE(targets->constFirst().id, targetId);
    QCOMPARE(targets->constFirst().extraLabels.value("site"), QByteArray("Zürich"));
    const auto dashboards = DashboardRepository(db).list();
    QVERIFY(dashboards);
    QCOMPARE(dashboards->size(), 1);
    QCOMPARE(dashboards->constFirst().name, dashboard.name);
    QCOMPARE(dashboards->constFirst().panels.size(), dashboard.panels.size());
    QCOMPARE(dashboards->constFirst().panels.constFirst().query, dashboard.panels.constFirst().query);

    // The new tables work on the migrated file.
    AlertRepository repo(db);
    QVERIFY(repo.saveAlerts({ makeAlert(1, QStringLiteral("A"), AlertState::Firing, kT0) }));
    QVERIFY(repo.acknowledge(1, Acknowledgement { QStringLiteral("ana"), kT0, {} }));
    QVERIFY(SilenceRepository(db).addSilence(
        makeSilence({ LabelMatcher(LabelMatcher::Type::Equal, "a", "b") }, kT0, kT0 + 1)));
    QCOMPARE(repo.maxAlertId(), std::optional<qint64>(1));
}

QTEST_GUILESS_MAIN(TestAlertRepository)
#include "tst_alert_repository.moc"
