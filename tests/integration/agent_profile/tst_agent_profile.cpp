// The real opsdeck-agent's profile endpoints: GET /api/v1/profile (token, JSON that
// parses as a ProfileSnapshot, a busy child shows up as a component) and POST
// /api/v1/profile/cpu (a real perf run on a busy child: folded stacks, ~99 Hz, /metrics
// answers meanwhile, 409 for a second one, 404 for a dead pid, 403 as `nobody`).

#include "AgentProcess.h"
#include "collect/ProfileSnapshot.h"

#include <QtTest>

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <unistd.h>

using namespace opsdeck::collect;

namespace {

const QByteArray kToken = "profile-test-token";

QList<QPair<QByteArray, QByteArray>> bearer()
{
    return { { "Authorization", "Bearer " + kToken } };
}

QUrl url(quint16 port, const QString& pathAndQuery)
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(pathAndQuery));
}

// A CPU-bound child: the shell's empty loop never sleeps.
class BusyChild
{
public:
    bool start()
    {
        m_process.start(
            QStringLiteral("/bin/sh"), { QStringLiteral("-c"), QStringLiteral("while :; do :; done") });
        return m_process.waitForStarted(5000);
    }
    qint64 pid() const { return m_process.processId(); }
    QByteArray comm() const
    {
        QFile f(QStringLiteral("/proc/%1/comm").arg(pid()));
        return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed() : QByteArray();
    }
    ~BusyChild()
    {
        m_process.kill();
        m_process.waitForFinished(5000);
    }

private:
    QProcess m_process;
};

QJsonObject jsonOf(const HttpResult& r)
{
    return QJsonDocument::fromJson(r.body).object();
}

} // namespace

class TestAgentProfile final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void snapshotNeedsToken();
    void snapshotFindsBusyChild();
    void snapshotRejectsBadInterval();
    void snapshotDoesNotBlockTheAgent();
    void cpuProfileRefusesBadInput();
    void cpuProfileOfBusyChild();
    void cpuProfileStopsWhenClientLeaves();
    void cpuProfileAsNobodyIsRefused();

private:
    QTemporaryDir m_dir;
    QString m_tokenFile;
    AgentProcess m_agent;
};

void TestAgentProfile::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_tokenFile = m_dir.filePath(QStringLiteral("token"));
    QFile f(m_tokenFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kToken + '\n');
    f.close();
    QVERIFY2(m_agent.start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                 QStringLiteral("--token-file"), m_tokenFile }),
        qPrintable(m_agent.errorText()));
}

void TestAgentProfile::snapshotNeedsToken()
{
    const HttpResult r = httpRequest("GET", url(m_agent.port(), QStringLiteral("/api/v1/profile")));
    QCOMPARE(r.status, 401);
    const HttpResult cpu
        = httpRequest("POST", url(m_agent.port(), QStringLiteral("/api/v1/profile/cpu?seconds=1")));
    QCOMPARE(cpu.status, 401);
}

void TestAgentProfile::snapshotFindsBusyChild()
{
    BusyChild busy;
    QVERIFY(busy.start());
    QTest::qWait(300); // let it get going before the first read
    const auto onCpuNs = [&] {
        QFile f(QStringLiteral("/proc/%1/schedstat").arg(busy.pid()));
        return f.open(QIODevice::ReadOnly) ? f.readAll().split(' ').value(0).toDouble() : -1.0;
    };
    QElapsedTimer window;
    window.start();
    const double before = onCpuNs();
    const HttpResult r
        = httpRequest("GET", url(m_agent.port(), QStringLiteral("/api/v1/profile?interval_ms=1000")), bearer());
    // What the child really got over the request's window (the snapshot's interval is inside it).
    const double truthPct = 100.0 * (onCpuNs() - before) / double(window.nsecsElapsed());
    QCOMPARE(r.status, 200);
    QVERIFY2(r.contentType.startsWith("application/json"), r.contentType.constData());
    QString error;
    const auto s = profileSnapshotFromJson(jsonOf(r), &error);
    QVERIFY2(s, qPrintable(error));
    QVERIFY(s->cpu.cpus >= 1);
    QVERIFY(s->memory.totalBytes > 0);
    QVERIFY(!s->components.isEmpty());
    qInfo("snapshot: %d ms interval, collected in %.1f ms, %lld components", s->intervalMs,
        double(s->collectUs) / 1000, qlonglong(s->components.size()));
    const ComponentUse* found = nullptr;
    for (const ComponentUse& c : s->components) {
        if (c.topPid == busy.pid())
            found = &c;
    }
    QVERIFY2(found, "the busy child is not the top process of any component");
    qInfo("busy child: component %s (%s), %.0f %% CPU", qPrintable(found->name), qPrintable(found->kind),
        found->cpuPct);
    qInfo("the child's own schedstat over the request: %.0f %% of a core", truthPct);
    // A busy loop has a core to itself on an idle machine; on a loaded one (2 vCPUs shared
    // with builds) it gets less, and then the figure must still match what the kernel says.
    if (truthPct > 60)
        QVERIFY2(found->cpuPct > 50, qPrintable(QString::number(found->cpuPct)));
    else
        QVERIFY2(qAbs(found->cpuPct - truthPct) < 20,
            qPrintable(QStringLiteral("%1 vs %2").arg(found->cpuPct).arg(truthPct)));
}

void TestAgentProfile::snapshotRejectsBadInterval()
{
    const HttpResult r
        = httpRequest("GET", url(m_agent.port(), QStringLiteral("/api/v1/profile?interval_ms=5")), bearer());
    QCOMPARE(r.status, 400);
    const HttpResult ok
        = httpRequest("GET", url(m_agent.port(), QStringLiteral("/api/v1/profile?interval_ms=100")), bearer());
    QCOMPARE(ok.status, 200);
    const auto s = profileSnapshotFromJson(jsonOf(ok));
    QVERIFY(s);
    QVERIFY2(s->intervalMs >= 95 && s->intervalMs < 1000, qPrintable(QString::number(s->intervalMs)));
}

void TestAgentProfile::snapshotDoesNotBlockTheAgent()
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url(m_agent.port(), QStringLiteral("/api/v1/profile?interval_ms=1000")));
    request.setRawHeader("Authorization", "Bearer " + kToken);
    QNetworkReply* slow = nam.get(request);
    QNetworkReply* joined = nam.get(request); // arrives during the wait: shares the snapshot
    QTest::qWait(200);
    const HttpResult m = httpRequest("GET", url(m_agent.port(), QStringLiteral("/metrics")));
    QCOMPARE(m.status, 200);
    QVERIFY2(!slow->isFinished(), "the snapshot should still be waiting for its second read");
    QTRY_VERIFY_WITH_TIMEOUT(slow->isFinished() && joined->isFinished(), 10000);
    QCOMPARE(slow->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(joined->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const auto a = profileSnapshotFromJson(QJsonDocument::fromJson(slow->readAll()).object());
    const auto b = profileSnapshotFromJson(QJsonDocument::fromJson(joined->readAll()).object());
    QVERIFY(a && b);
    QCOMPARE(a->timestampMs, b->timestampMs);
    slow->deleteLater();
    joined->deleteLater();
}

void TestAgentProfile::cpuProfileRefusesBadInput()
{
    const HttpResult zero
        = httpRequest("POST", url(m_agent.port(), QStringLiteral("/api/v1/profile/cpu?seconds=0")), bearer());
    QCOMPARE(zero.status, 400);
    const HttpResult tooLong
        = httpRequest("POST", url(m_agent.port(), QStringLiteral("/api/v1/profile/cpu?seconds=61")), bearer());
    QCOMPARE(tooLong.status, 400);
    const HttpResult dead = httpRequest(
        "POST", url(m_agent.port(), QStringLiteral("/api/v1/profile/cpu?pid=999999999&seconds=1")), bearer());
    QCOMPARE(dead.status, 404);
    QVERIFY2(jsonOf(dead).value(QStringLiteral("error")).toString().contains(QStringLiteral("999999999")),
        dead.body.constData());
    const HttpResult get
        = httpRequest("GET", url(m_agent.port(), QStringLiteral("/api/v1/profile/cpu")), bearer());
    QCOMPARE(get.status, 405);
}

void TestAgentProfile::cpuProfileOfBusyChild()
{
    BusyChild busy;
    QVERIFY(busy.start());
    QNetworkAccessManager nam;
    QNetworkRequest request(
        url(m_agent.port(), QStringLiteral("/api/v1/profile/cpu?pid=%1&seconds=2").arg(busy.pid())));
    request.setRawHeader("Authorization", "Bearer " + kToken);
    request.setTransferTimeout(20000);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/octet-stream"));
    QElapsedTimer clock;
    clock.start();
    QNetworkReply* reply = nam.post(request, QByteArray());
    QTest::qWait(300);

    // While perf runs, the agent keeps answering.
    int metricsAnswers = 0;
    qint64 slowestMetricsMs = 0;
    while (!reply->isFinished() && clock.elapsed() < 1500) {
        QElapsedTimer t;
        t.start();
        const HttpResult m = httpRequest("GET", url(m_agent.port(), QStringLiteral("/metrics")));
        QCOMPARE(m.status, 200);
        slowestMetricsMs = qMax(slowestMetricsMs, t.elapsed());
        ++metricsAnswers;
        QTest::qWait(100);
    }
    QVERIFY(!reply->isFinished());
    const HttpResult second = httpRequest("POST",
        url(m_agent.port(), QStringLiteral("/api/v1/profile/cpu?pid=%1&seconds=1").arg(busy.pid())), bearer());
    QCOMPARE(second.status, 409);
    QCOMPARE(jsonOf(second).value(QStringLiteral("error")).toString(),
        QStringLiteral("a CPU profile is already running"));
    qInfo("/metrics answered %d times during the profile, slowest %lld ms", metricsAnswers, slowestMetricsMs);
    QVERIFY(metricsAnswers >= 3);

    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20000);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    QVERIFY2(status == 200, body.left(2000).constData());
    QString error;
    const auto profile = cpuProfileFromJson(QJsonDocument::fromJson(body).object(), &error);
    QVERIFY2(profile, qPrintable(error));
    qInfo("CPU profile: %llu samples in %.0f s (%s), %lld bytes folded, took %lld ms",
        qulonglong(profile->samples), profile->seconds, qPrintable(profile->event),
        qlonglong(profile->folded.size()), qlonglong(clock.elapsed()));
    QCOMPARE(profile->pid, busy.pid());
    QCOMPARE(profile->frequencyHz, 99);
    QVERIFY(!profile->folded.isEmpty());
    QVERIFY2(profile->samples > 50, qPrintable(QString::number(profile->samples)));
    QVERIFY(profile->samples < 99 * 2 * 2);
    // Folded format: "root;...;leaf count" lines, the process's comm at the root.
    const QByteArray comm = busy.comm();
    quint64 counted = 0;
    bool sawComm = false;
    const QRegularExpression line(QStringLiteral("^(\\S[^\\n]*) (\\d+)$"));
    for (const QByteArray& l : profile->folded.split('\n')) {
        if (l.isEmpty())
            continue;
        const auto m = line.match(QString::fromUtf8(l));
        QVERIFY2(m.hasMatch(), l.constData());
        counted += m.captured(2).toULongLong();
        sawComm = sawComm || l.startsWith(QByteArray(comm + ';')) || l.startsWith(QByteArray(comm + ' '));
    }
    QCOMPARE(counted, profile->samples);
    QVERIFY2(sawComm, profile->folded.left(1000).constData());
}

void TestAgentProfile::cpuProfileStopsWhenClientLeaves()
{
    BusyChild busy;
    QVERIFY(busy.start());
    QNetworkAccessManager nam;
    QNetworkRequest request(
        url(m_agent.port(), QStringLiteral("/api/v1/profile/cpu?pid=%1&seconds=30").arg(busy.pid())));
    request.setRawHeader("Authorization", "Bearer " + kToken);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/octet-stream"));
    QNetworkReply* reply = nam.post(request, QByteArray());
    QTest::qWait(800);
    QVERIFY(!reply->isFinished());
    reply->abort();
    reply->deleteLater();
    // perf was stopped: a new profile may start well before the 30 s are over.
    QElapsedTimer clock;
    clock.start();
    int status = 0;
    while (clock.elapsed() < 10000) {
        status = httpRequest("POST",
            url(m_agent.port(), QStringLiteral("/api/v1/profile/cpu?pid=%1&seconds=1").arg(busy.pid())), bearer())
                     .status;
        if (status != 409)
            break;
        QTest::qWait(200);
    }
    QCOMPARE(status, 200);
    QCOMPARE(m_agent.process().state(), QProcess::Running);
}

void TestAgentProfile::cpuProfileAsNobodyIsRefused()
{
    if (::geteuid() != 0)
        QSKIP("needs root to start the agent as nobody");
    QFile paranoid(QStringLiteral("/proc/sys/kernel/perf_event_paranoid"));
    QVERIFY(paranoid.open(QIODevice::ReadOnly));
    const int level = paranoid.readAll().trimmed().toInt();
    if (level < 1)
        QSKIP("perf_event_paranoid < 1 allows whole-host profiles for everybody");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile::setPermissions(dir.path(),
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadOther
            | QFileDevice::ExeOther);
    const QString token = dir.filePath(QStringLiteral("token"));
    QVERIFY(QFile::copy(m_tokenFile, token));
    QFile::setPermissions(token, QFileDevice::ReadOwner | QFileDevice::ReadOther);
    QProcess agent;
    agent.setProcessChannelMode(QProcess::SeparateChannels);
    agent.start(QStringLiteral("runuser"),
        { QStringLiteral("-u"), QStringLiteral("nobody"), QStringLiteral("--"), QStringLiteral(OPSDECK_AGENT_BIN),
            QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--token-file"), token });
    QVERIFY(agent.waitForStarted(5000));
    QByteArray out;
    QRegularExpressionMatch m;
    const QRegularExpression ready(QStringLiteral("listening on [^:]+:(\\d+)"));
    QTRY_VERIFY_WITH_TIMEOUT(
        (out += agent.readAllStandardOutput(), m = ready.match(QString::fromUtf8(out)), m.hasMatch()), 15000);
    const quint16 port = quint16(m.captured(1).toUInt());
    const HttpResult r = httpRequest("POST", url(port, QStringLiteral("/api/v1/profile/cpu?seconds=1")), bearer());
    agent.terminate();
    agent.waitForFinished(5000);
    QCOMPARE(r.status, 403);
    const QJsonObject body = jsonOf(r);
    QCOMPARE(body.value(QStringLiteral("reason")).toString(), QStringLiteral("perf_event_paranoid"));
    qInfo("as nobody: %s", qPrintable(body.value(QStringLiteral("error")).toString()));
    QVERIFY(body.value(QStringLiteral("error")).toString().contains(QStringLiteral("CAP_PERFMON")));
}

QTEST_GUILESS_MAIN(TestAgentProfile)
#include "tst_agent_profile.moc"
