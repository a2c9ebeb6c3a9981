// Accuracy of the bottleneck detection, measured against faults injected on this
// machine (issue 15, "Accuracy, measured against injected faults"). A real
// opsdeck-agent runs with a token on port 0 behind a DelayProxy (delay 0 except for
// the network-delay fault); for each injection the fault starts, is left ~2 s to
// establish, then three snapshots are taken a second apart through the agent's GET
// /api/v1/profile and ranked with profiler::rankBottlenecks; the verdict is the
// majority of the three top-ranked resources. Then the fault stops and the machine
// settles. An idle phase at the end counts snapshots that report a bottleneck at
// Warning or above on the quiet machine (goal: none).
//
// Printed: the confusion table, per-kind and total top-1 accuracy with the one-sided
// 95 % Clopper-Pearson lower bound (59/59 -> 0.9505, the least series that can show
// ">= 95 % with 95 % confidence"), the component attribution, the idle false alarms,
// and GOAL MET / GOAL MISSED. Accuracy figures never fail the test (the machine is
// shared and noisy); harness errors do (agent, fetch, injector).
//
// CI form: 8 injections of mixed kinds + 60 s idle. Full form with
// OPSDECK_PROFILER_ACCURACY_FULL=1: 60 injections + 300 s idle.
// Every miss and every idle false alarm is written as a fixture (the snapshot's JSON
// with the expected answer) under OPSDECK_PROFILER_ACCURACY_DUMP (default:
// ./profiler_accuracy_cases) for tests/data/profiler/.

#include "AgentProcess.h"
#include "DelayProxy.h"
#include "FaultInjector.h"
#include "PostgresServer.h"

#include "collect/ProfileSnapshot.h"
#include "profiler/BottleneckDetector.h"
#include "profiler/PostgresAnalyzer.h"
#include "profiler/ProfilerTypes.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cmath>

using namespace opsdeck;
using testsupport::FaultInjector;
using testsupport::FaultKind;

namespace {

const QString kInstance = QStringLiteral("agent-under-test");
const QString kNone = QStringLiteral("none");

// P(X >= x) for X ~ Binomial(n, p), in log space (n up to a few hundred).
double binomialTailAtLeast(int x, int n, double p)
{
    if (x <= 0)
        return 1;
    if (p <= 0)
        return 0;
    if (p >= 1)
        return 1;
    double sum = 0;
    for (int k = x; k <= n; ++k) {
        const double logTerm = std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0)
            + k * std::log(p) + (n - k) * std::log1p(-p);
        sum += std::exp(logTerm);
    }
    return sum;
}

// One-sided (1 - alpha) Clopper-Pearson lower bound for x successes in n trials: the p at
// which P(X >= x | n, p) = alpha (Clopper & Pearson, Biometrika 1934); bisection.
double clopperPearsonLower(int x, int n, double alpha = 0.05)
{
    if (n <= 0 || x <= 0)
        return 0;
    double lo = 0;
    double hi = 1;
    for (int i = 0; i < 100; ++i) {
        const double mid = (lo + hi) / 2;
        if (binomialTailAtLeast(x, n, mid) < alpha)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

struct Observation
{
    bool ok = false;
    QString error;
    profiler::HostProfile host;
    QList<profiler::Bottleneck> ranked;

    QString topResource() const { return ranked.isEmpty() ? kNone : ranked.first().resource; }
    QString topComponent() const
    {
        if (ranked.isEmpty() || ranked.first().components.isEmpty())
            return {};
        return ranked.first().components.first().name;
    }
};

// GET /api/v1/profile over a plain socket, so the phases are ours to time: TCP connect,
// and first byte of the answer after the request was written (the blackbox exporter's
// connect / processing phases), which is what HostProfile::connectMs / firstByteMs mean.
Observation fetch(quint16 port, const QByteArray& token, int timeoutMs = 10000)
{
    Observation o;
    o.host.instance = kInstance;
    o.host.url = QStringLiteral("http://127.0.0.1:%1/api/v1/profile").arg(port);
    QElapsedTimer timer;
    timer.start();
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs)) {
        o.error = QStringLiteral("connect: ") + socket.errorString();
        return o;
    }
    const double connectedMs = double(timer.nsecsElapsed()) / 1e6;
    socket.write("GET /api/v1/profile HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
        + "\r\nAuthorization: Bearer " + token + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n");
    socket.waitForBytesWritten(timeoutMs);
    const double sentMs = double(timer.nsecsElapsed()) / 1e6;
    std::optional<double> firstMs;
    QByteArray answer;
    qsizetype headerEnd = -1;
    qint64 contentLength = -1;
    while (timer.elapsed() < timeoutMs) {
        if (socket.bytesAvailable() == 0
            && !socket.waitForReadyRead(int(qMax<qint64>(1, timeoutMs - timer.elapsed()))))
            break;
        if (!firstMs)
            firstMs = double(timer.nsecsElapsed()) / 1e6;
        answer += socket.readAll();
        if (headerEnd < 0) {
            headerEnd = answer.indexOf("\r\n\r\n");
            if (headerEnd >= 0) {
                for (const QByteArray& line : answer.left(headerEnd).split('\n')) {
                    if (line.trimmed().toLower().startsWith("content-length:"))
                        contentLength = line.mid(line.indexOf(':') + 1).trimmed().toLongLong();
                }
            }
        }
        if (headerEnd >= 0 && contentLength >= 0 && answer.size() - headerEnd - 4 >= contentLength)
            break;
    }
    o.host.elapsedMs = timer.elapsed();
    if (headerEnd < 0) {
        o.error = QStringLiteral("no HTTP answer within %1 ms (%2)").arg(timeoutMs).arg(socket.errorString());
        return o;
    }
    const QByteArray status = answer.left(answer.indexOf("\r\n"));
    if (!status.contains(" 200")) {
        o.error = QStringLiteral("HTTP answer: ") + QString::fromUtf8(status);
        return o;
    }
    QByteArray body = answer.mid(headerEnd + 4);
    if (contentLength >= 0)
        body.truncate(contentLength);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    QString error;
    const auto snapshot = collect::profileSnapshotFromJson(doc.object(), &error);
    if (!snapshot) {
        o.error = QStringLiteral("not a profile snapshot: %1 %2").arg(parseError.errorString(), error);
        return o;
    }
    o.ok = true;
    o.host.reachable = true;
    o.host.connectMs = connectedMs;
    o.host.firstByteMs = *firstMs - sentMs;
    o.host.snapshot = *snapshot;
    o.ranked = profiler::rankBottlenecks({ o.host });
    o.host.worst = o.ranked.isEmpty() ? profiler::Severity::Ok : o.ranked.first().severity;
    o.host.worstResource = o.ranked.isEmpty() ? QString() : o.ranked.first().resource;
    return o;
}

QJsonObject caseJson(const Observation& o, const QString& kind, const QString& expectedResource,
    const QString& expectedComponent, const QString& detectedResource, const QString& detectedComponent)
{
    QJsonArray ranked;
    for (const profiler::Bottleneck& b : o.ranked) {
        QJsonArray components;
        for (const collect::ComponentUse& c : b.components)
            components.append(c.name);
        ranked.append(QJsonObject { { QStringLiteral("resource"), b.resource },
            { QStringLiteral("severity"), profiler::severityName(b.severity) },
            { QStringLiteral("score"), b.score }, { QStringLiteral("sentence"), b.sentence },
            { QStringLiteral("components"), components } });
    }
    QJsonObject host { { QStringLiteral("instance"), o.host.instance }, { QStringLiteral("url"), o.host.url },
        { QStringLiteral("elapsed_ms"), double(o.host.elapsedMs) },
        { QStringLiteral("snapshot"), collect::toJson(o.host.snapshot) } };
    if (o.host.connectMs)
        host.insert(QStringLiteral("connect_ms"), *o.host.connectMs);
    if (o.host.firstByteMs)
        host.insert(QStringLiteral("first_byte_ms"), *o.host.firstByteMs);
    return QJsonObject { { QStringLiteral("kind"), kind },
        { QStringLiteral("expected_resource"), expectedResource },
        { QStringLiteral("expected_component"), expectedComponent },
        { QStringLiteral("detected_resource"), detectedResource },
        { QStringLiteral("detected_component"), detectedComponent }, { QStringLiteral("ranked"), ranked },
        { QStringLiteral("hosts"), QJsonArray { host } } };
}

bool resourceMatches(const QString& expected, const QString& detected)
{
    if (expected.endsWith(u':')) // disk of unknown device: any disk
        return detected.startsWith(expected);
    return detected == expected;
}

// Waits until `ms` after `since` (the poll cadence), without spinning.
void waitUntil(const QElapsedTimer& clock, qint64 ms)
{
    const qint64 left = ms - clock.elapsed();
    if (left > 0)
        QThread::msleep(quint64(left));
}

} // namespace

class ProfilerAccuracyBench : public QObject
{
    Q_OBJECT

private slots:
    void clopperPearson();
    void accuracyAgainstInjectedFaults();
};

void ProfilerAccuracyBench::clopperPearson()
{
    // The bound the goal is stated with (profiler-bench-facts.md section 5).
    QVERIFY(std::abs(clopperPearsonLower(59, 59) - 0.9505) < 0.0005);
    QVERIFY(std::abs(clopperPearsonLower(95, 100) - 0.898) < 0.001);
    QVERIFY(clopperPearsonLower(92, 93) > 0.95);
    QVERIFY(clopperPearsonLower(57, 58) < 0.95);
    QCOMPARE(clopperPearsonLower(0, 10), 0.0);
}

void ProfilerAccuracyBench::accuracyAgainstInjectedFaults()
{
    const bool full = qEnvironmentVariableIntValue("OPSDECK_PROFILER_ACCURACY_FULL") == 1;
    const int injections = full ? 60 : 8;
    const int idleSeconds = full ? 300 : 60;
    constexpr int kEstablishMs = 2000;
    constexpr int kMeasureSnapshots = 3;
    constexpr int kPollMs = 1000;
    constexpr int kFaultMaxSeconds = 30;
    const QString dumpDir = qEnvironmentVariableIsSet("OPSDECK_PROFILER_ACCURACY_DUMP")
        ? qEnvironmentVariable("OPSDECK_PROFILER_ACCURACY_DUMP")
        : QDir::current().absoluteFilePath(QStringLiteral("profiler_accuracy_cases"));

    QVERIFY2(!FaultInjector::stressNgPath().isEmpty(),
        "stress-ng is not installed: the bench injects its faults with Debian's stress-ng (scripts/packages.txt)");

    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QByteArray token = "bench-" + QByteArray::number(QCoreApplication::applicationPid());
    const QString tokenPath = tmp.filePath(QStringLiteral("token"));
    {
        QFile f(tokenPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(token + '\n');
        f.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    }
    AgentProcess agent;
    QVERIFY2(agent.start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                 QStringLiteral("--token-file"), tokenPath }),
        qPrintable(agent.errorText()));
    testsupport::DelayProxy proxy(QStringLiteral("127.0.0.1"), agent.port(), 0);
    QVERIFY2(proxy.start(), qPrintable(proxy.errorString()));
    const auto port = quint16(proxy.port());

    // The agent's answer without a token: the endpoint must be protected (harness sanity).
    {
        const HttpResult noToken
            = httpRequest("GET", QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1/profile").arg(agent.port())));
        QCOMPARE(noToken.status, 401);
    }

    testsupport::PostgresServer pg;
    profiler::DatabaseTarget pgTarget;
    QString pgSkip;
    if (!testsupport::PostgresServer::available()) {
        pgSkip = QStringLiteral("PostgreSQL 15 is not installed");
    } else {
        pg.setPreloadStatStatements(true);
        QVERIFY2(pg.start(), qPrintable(pg.errorString()));
        const storage::StateLocation location = pg.createDatabase();
        QVERIFY2(location.isPostgres(), qPrintable(pg.errorString()));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("bench.pg"));
            db.setHostName(QStringLiteral("127.0.0.1"));
            db.setPort(pg.port());
            db.setDatabaseName(location.database);
            db.setUserName(QStringLiteral("opsdeck"));
            QVERIFY2(db.open(), qPrintable(db.lastError().text()));
            QSqlQuery q(db);
            QVERIFY2(q.exec(QStringLiteral("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")),
                qPrintable(q.lastError().text()));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("bench.pg"));
        pgTarget.name = QStringLiteral("bench");
        pgTarget.host = QStringLiteral("127.0.0.1");
        pgTarget.port = pg.port();
        pgTarget.database = location.database;
        pgTarget.user = QStringLiteral("opsdeck");
    }

    FaultInjector injector(tmp.filePath(QStringLiteral("faults")));
    if (pgTarget.port != 0)
        injector.setPostgres({ pgTarget.port, pgTarget.database, pgTarget.user });
    injector.setDelayProxy(&proxy, 250);

    QList<FaultKind> kinds;
    for (FaultKind kind : testsupport::allFaultKinds()) {
        QString why;
        if (injector.available(kind, &why))
            kinds.append(kind);
        else
            qInfo("fault kind %s left out: %s", qPrintable(testsupport::faultKindName(kind)),
                qPrintable(kind == FaultKind::SlowPostgresQuery && !pgSkip.isEmpty() ? pgSkip : why));
    }
    QVERIFY2(kinds.size() >= 3, "fewer than 3 fault kinds can be injected here");
    qInfo("memory pressure: %s", qPrintable(injector.memoryMethod()));
    qInfo("disk of the stressors' directory %s: %s", qPrintable(tmp.path()),
        qPrintable(injector.tempDirDisk().isEmpty() ? QStringLiteral("unknown") : injector.tempDirDisk()));
    {
        QFile load(QStringLiteral("/proc/loadavg"));
        if (load.open(QIODevice::ReadOnly))
            qInfo("/proc/loadavg: %s", load.readAll().trimmed().constData());
    }

    // Warm-up: the agent's first call reads twice; the next ones use the previous read.
    for (int i = 0; i < 2; ++i) {
        const Observation o = fetch(port, token);
        QVERIFY2(o.ok, qPrintable(o.error));
        QThread::msleep(kPollMs);
    }

    QList<FaultKind> plan;
    for (int i = 0; i < injections; ++i)
        plan.append(kinds[i % kinds.size()]);

    struct Result
    {
        FaultKind kind;
        QString detected;
        QString component;
        bool resourceOk = false;
        bool componentOk = false;
        QStringList tops;
        qint64 settleMs = 0;
    };
    QList<Result> results;
    QMap<QString, QMap<QString, int>> confusion; // injected kind -> detected resource -> count
    QStringList columns;
    int fetchErrors = 0;
    int pgTopOk = 0;
    int pgTopRuns = 0;
    int dumped = 0;
    QDir().mkpath(dumpDir);
    QElapsedTimer benchClock;
    benchClock.start();

    for (int i = 0; i < plan.size(); ++i) {
        const FaultKind kind = plan[i];
        const QString kindName = testsupport::faultKindName(kind);
        QVERIFY2(injector.start(kind, kFaultMaxSeconds), qPrintable(injector.errorString()));
        QElapsedTimer clock;
        clock.start();
        // Establish: keep polling, so each measured snapshot's interval is the last second only.
        for (qint64 t = kPollMs; t <= kEstablishMs; t += kPollMs) {
            waitUntil(clock, t);
            fetch(port, token);
        }
        QList<Observation> measured;
        for (int s = 1; s <= kMeasureSnapshots; ++s) {
            waitUntil(clock, kEstablishMs + s * kPollMs);
            Observation o = fetch(port, token);
            if (!o.ok) {
                ++fetchErrors;
                qWarning("injection %d (%s): fetch failed: %s", i + 1, qPrintable(kindName), qPrintable(o.error));
                continue;
            }
            measured.append(o);
        }
        if (kind == FaultKind::SlowPostgresQuery) {
            const profiler::PostgresReport report = profiler::analysePostgres(pgTarget);
            ++pgTopRuns;
            const QString top = report.byTotalTime.isEmpty() ? QString() : report.byTotalTime.first().query;
            if (top.contains(QLatin1StringView("generate_series")))
                ++pgTopOk;
            else
                qInfo("  pg_stat_statements top by total time: %s (%s)", qPrintable(top.left(80)),
                    qPrintable(report.ok ? report.notes.join(u' ') : report.error));
        }
        injector.stop();
        QVERIFY2(measured.size() >= 2,
            qPrintable(QStringLiteral("injection %1 (%2): fewer than 2 snapshots").arg(i + 1).arg(kindName)));
        // Verdict: the majority of the top-ranked resources; the last one when all differ.
        QMap<QString, int> votes;
        Result r { kind, {}, {}, false, false, {}, 0 };
        for (const Observation& o : measured) {
            ++votes[o.topResource()];
            r.tops.append(o.topResource());
        }
        r.detected = measured.last().topResource();
        for (auto it = votes.cbegin(); it != votes.cend(); ++it) {
            if (it.value() * 2 > measured.size())
                r.detected = it.key();
        }
        const Observation* verdictSnapshot = &measured.last();
        for (const Observation& o : measured) {
            if (o.topResource() == r.detected)
                verdictSnapshot = &o;
        }
        r.component = verdictSnapshot->topComponent();
        const QString expected = injector.expectedResource(kind);
        r.resourceOk = resourceMatches(expected, r.detected);
        r.componentOk = injector.componentMatches(kind, r.component);
        if (!columns.contains(r.detected))
            columns.append(r.detected);
        ++confusion[kindName][r.detected];
        qInfo("injection %d/%d %s: expected %s / %s, top %s -> %s, component %s %s", i + 1, int(plan.size()),
            qPrintable(kindName), qPrintable(expected), qPrintable(injector.expectedComponent(kind)),
            qPrintable(r.tops.join(u',')), qPrintable(r.detected),
            qPrintable(r.component.isEmpty() ? kNone : r.component),
            r.resourceOk && r.componentOk ? "ok" : "MISS");
        if (!r.resourceOk || !r.componentOk) {
            qInfo("  sentence: %s",
                qPrintable(verdictSnapshot->ranked.isEmpty() ? kNone : verdictSnapshot->ranked.first().sentence));
            const QString path
                = QDir(dumpDir).filePath(QStringLiteral("miss-%1-%2.json").arg(kindName).arg(++dumped));
            QFile f(path);
            if (f.open(QIODevice::WriteOnly))
                f.write(QJsonDocument(caseJson(*verdictSnapshot, kindName, expected,
                                          injector.expectedComponent(kind), r.detected, r.component))
                            .toJson());
        }
        // Settle: PSI over the interval falls back within a second or two; wait until nothing is
        // reported (at most 5 s), at least 2 polls, so the next fault starts on a quiet machine.
        QElapsedTimer settle;
        settle.start();
        for (int s = 1; s <= 5; ++s) {
            waitUntil(settle, s * kPollMs);
            const Observation o = fetch(port, token);
            if (s >= 2 && o.ok && o.ranked.isEmpty())
                break;
        }
        r.settleMs = settle.elapsed();
        results.append(r);
    }
    const qint64 injectionMs = benchClock.elapsed();

    // Idle phase.
    int idleSnapshots = 0;
    int idleAlarms = 0;
    QMap<QString, int> idleByResource;
    QElapsedTimer idleClock;
    idleClock.start();
    for (int s = 1; s <= idleSeconds; ++s) {
        waitUntil(idleClock, s * kPollMs);
        const Observation o = fetch(port, token);
        if (!o.ok) {
            ++fetchErrors;
            continue;
        }
        ++idleSnapshots;
        bool alarm = false;
        for (const profiler::Bottleneck& b : o.ranked) {
            if (b.severity >= profiler::Severity::Warning) {
                alarm = true;
                ++idleByResource[b.resource];
            }
        }
        if (alarm) {
            ++idleAlarms;
            qInfo("idle %d s: %s", s, qPrintable(o.ranked.first().sentence));
            if (idleAlarms <= 5) {
                const QString path
                    = QDir(dumpDir).filePath(QStringLiteral("idle-false-alarm-%1.json").arg(idleAlarms));
                QFile f(path);
                if (f.open(QIODevice::WriteOnly))
                    f.write(QJsonDocument(
                        caseJson(o, QStringLiteral("idle"), kNone, {}, o.topResource(), o.topComponent()))
                                .toJson());
            }
        }
    }

    // --- Report ---------------------------------------------------------------------------
    std::sort(columns.begin(), columns.end());
    if (!columns.contains(kNone))
        columns.append(kNone);
    QString header = QStringLiteral("%1").arg(QStringLiteral("injected \\ detected"), -20);
    for (const QString& c : columns)
        header += QStringLiteral("%1").arg(c, 10);
    qInfo("confusion table (%d injections, %lld s, fault window %d s + %d snapshots 1 s apart):",
        int(results.size()), injectionMs / 1000, kEstablishMs / 1000, kMeasureSnapshots);
    qInfo("%s", qPrintable(header));
    for (FaultKind kind : kinds) {
        const QString name = testsupport::faultKindName(kind);
        QString row = QStringLiteral("%1").arg(name, -20);
        for (const QString& c : columns)
            row += QStringLiteral("%1").arg(confusion.value(name).value(c), 10);
        qInfo("%s", qPrintable(row));
    }
    int correct = 0;
    int componentCorrect = 0;
    int componentCases = 0;
    for (FaultKind kind : kinds) {
        int n = 0;
        int x = 0;
        int cx = 0;
        int cn = 0;
        qint64 settleSum = 0;
        for (const Result& r : results) {
            if (r.kind != kind)
                continue;
            ++n;
            x += r.resourceOk ? 1 : 0;
            settleSum += r.settleMs;
            if (!injector.expectedComponent(kind).isEmpty()) {
                ++cn;
                cx += r.componentOk ? 1 : 0;
            }
        }
        if (n == 0)
            continue;
        correct += x;
        componentCorrect += cx;
        componentCases += cn;
        qInfo("  %-16s top-1 %d/%d = %5.1f %% (95 %% lower bound %.4f), component %s, settle mean %.1f s",
            qPrintable(testsupport::faultKindName(kind)), x, n, 100.0 * x / n, clopperPearsonLower(x, n),
            cn ? qPrintable(QStringLiteral("%1/%2").arg(cx).arg(cn)) : "n/a", double(settleSum) / n / 1000.0);
    }
    const int total = int(results.size());
    const double lower = clopperPearsonLower(correct, total);
    qInfo("total top-1 accuracy: %d/%d = %.1f %%, one-sided 95 %% Clopper-Pearson lower bound %.4f", correct,
        total, 100.0 * correct / qMax(1, total), lower);
    qInfo("component attribution: %d/%d (the top bottleneck's first component is the injected process group)",
        componentCorrect, componentCases);
    if (pgTopRuns > 0)
        qInfo("PostgresAnalyzer: the burning query at the top of pg_stat_statements by total time in %d/%d runs",
            pgTopOk, pgTopRuns);
    QStringList idleList;
    for (auto it = idleByResource.cbegin(); it != idleByResource.cend(); ++it)
        idleList.append(QStringLiteral("%1 x%2").arg(it.key()).arg(it.value()));
    qInfo("idle %d s: %d snapshots, %d reported a bottleneck at warning or above%s", idleSeconds, idleSnapshots,
        idleAlarms,
        idleList.isEmpty() ? "" : qPrintable(QStringLiteral(" (") + idleList.join(QStringLiteral(", ")) + u')'));
    if (dumped + qMin(idleAlarms, 5) > 0)
        qInfo("misses and false alarms written to %s (fixtures for tests/data/profiler/)", qPrintable(dumpDir));
    {
        QFile load(QStringLiteral("/proc/loadavg"));
        if (load.open(QIODevice::ReadOnly))
            qInfo("/proc/loadavg after: %s (other work on the machine disturbs these figures)",
                load.readAll().trimmed().constData());
    }
    // Goal (issue 15): >= 95 % top-1 with 95 % confidence, which needs >= 59 injections all right
    // (or 1 miss in 93), and no false bottleneck on the idle machine. The CI form (8 injections)
    // cannot show the bound; it meets its goal when every injection is right and idle is quiet.
    const bool seriesClean = correct == total && componentCorrect == componentCases && idleAlarms == 0;
    if (full)
        qInfo("%s: top-1 lower bound %.4f (goal >= 0.95), component %d/%d, idle false alarms %d (goal 0)",
            lower >= 0.95 && idleAlarms == 0 ? "GOAL MET" : "GOAL MISSED", lower, componentCorrect, componentCases,
            idleAlarms);
    else
        qInfo("%s (CI series: every injection named right, idle quiet; the >= 95 %% claim needs the full series, "
              "OPSDECK_PROFILER_ACCURACY_FULL=1)",
            seriesClean ? "GOAL MET" : "GOAL MISSED");

    QCOMPARE(fetchErrors, 0);
    QCOMPARE(agent.terminate(), 0);
}

QTEST_GUILESS_MAIN(ProfilerAccuracyBench)
#include "tst_profiler_accuracy.moc"
