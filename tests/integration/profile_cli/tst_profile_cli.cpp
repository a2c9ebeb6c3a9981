// `opsdeck profile` end to end: two real opsdeck-agent processes with a token
// and a closed port; --json parses with the bottlenecks first, the closed
// port is listed missing at once; a wrong token is named; --save-baseline
// then --compare works through the state database of --data-dir.
#include "AgentProcess.h"
#include "ProgramRun.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using opsdeck::testsupport::runProgram;

class TestProfileCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void jsonWithMissingHost();
    void wrongToken();
    void textOutput();
    void baselineThenCompare();
    void usage();

private:
    QString url(const AgentProcess& a) const
    {
        return QStringLiteral("http://127.0.0.1:%1/metrics").arg(const_cast<AgentProcess&>(a).port());
    }

    QTemporaryDir m_dir;
    QString m_tokenFile;
    QString m_wrongTokenFile;
    AgentProcess m_a;
    AgentProcess m_b;
    quint16 m_closed = 0;
};

void TestProfileCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_tokenFile = m_dir.filePath(QStringLiteral("token"));
    QFile f(m_tokenFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("profile-cli-token\n");
    f.close();
    m_wrongTokenFile = m_dir.filePath(QStringLiteral("wrong"));
    QFile w(m_wrongTokenFile);
    QVERIFY(w.open(QIODevice::WriteOnly));
    w.write("not-the-token\n");
    w.close();
    for (AgentProcess* a : { &m_a, &m_b })
        QVERIFY2(a->start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--token-file"), m_tokenFile }),
            qPrintable(a->errorText()));
    m_closed = freeLoopbackPort();
}

void TestProfileCli::jsonWithMissingHost()
{
    QElapsedTimer timer;
    timer.start();
    const auto r = runProgram(QStringLiteral(OPSDECK_BIN),
        { QStringLiteral("profile"), QStringLiteral("--target"), url(m_a), QStringLiteral("--target"), url(m_b),
            QStringLiteral("--target"), QStringLiteral("http://127.0.0.1:%1/metrics").arg(m_closed),
            QStringLiteral("--token-file"), m_tokenFile, QStringLiteral("--json") });
    qInfo() << "opsdeck profile with 3 targets took" << timer.elapsed() << "ms";
    QCOMPARE(r.exitCode, 1); // a host is missing
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
    QVERIFY2(doc.isObject(), qPrintable(error.errorString() + QString::fromUtf8(r.out.left(500) + r.err)));
    // "bottlenecks" is the first key in the text itself, not only in QJsonObject's order.
    QVERIFY2(r.out.indexOf("\"bottlenecks\"") < r.out.indexOf("\"hosts\""), r.out.left(200).constData());
    const QJsonObject json = doc.object();
    QVERIFY(json.value(QStringLiteral("bottlenecks")).isArray());
    const QJsonArray hosts = json.value(QStringLiteral("hosts")).toArray();
    QCOMPARE(hosts.size(), 2);
    for (const QJsonValue& h : hosts) {
        const QJsonObject snapshot = h.toObject().value(QStringLiteral("snapshot")).toObject();
        QVERIFY(snapshot.value(QStringLiteral("cpu")).isObject());
        QVERIFY(snapshot.value(QStringLiteral("memory")).isObject());
    }
    const QJsonArray missing = json.value(QStringLiteral("missing")).toArray();
    QCOMPARE(missing.size(), 1);
    const QJsonObject gone = missing.at(0).toObject();
    QCOMPARE(gone.value(QStringLiteral("instance")).toString(), QStringLiteral("127.0.0.1:%1").arg(m_closed));
    QCOMPARE(gone.value(QStringLiteral("error")).toString(), QStringLiteral("connection refused"));
    // Refused at once, not at the deadline.
    QVERIFY2(gone.value(QStringLiteral("elapsed_ms")).toDouble() < 400,
        qPrintable(QString::number(gone.value(QStringLiteral("elapsed_ms")).toDouble())));
    for (const QJsonValue& b : json.value(QStringLiteral("bottlenecks")).toArray()) {
        const QJsonObject o = b.toObject();
        QVERIFY(o.contains(QStringLiteral("host")) && o.contains(QStringLiteral("resource"))
            && o.contains(QStringLiteral("severity")) && o.contains(QStringLiteral("sentence"))
            && o.contains(QStringLiteral("evidence")) && o.contains(QStringLiteral("components")));
    }
}

void TestProfileCli::wrongToken()
{
    const auto r = runProgram(QStringLiteral(OPSDECK_BIN),
        { QStringLiteral("profile"), QStringLiteral("--target"), url(m_a), QStringLiteral("--token-file"),
            m_wrongTokenFile, QStringLiteral("--json") });
    QCOMPARE(r.exitCode, 1);
    const QJsonObject json = QJsonDocument::fromJson(r.out).object();
    const QJsonArray missing = json.value(QStringLiteral("missing")).toArray();
    QCOMPARE(missing.size(), 1);
    QCOMPARE(
        missing.at(0).toObject().value(QStringLiteral("error")).toString(), QStringLiteral("401: wrong token"));
}

void TestProfileCli::textOutput()
{
    const auto r = runProgram(QStringLiteral(OPSDECK_BIN),
        { QStringLiteral("profile"), QStringLiteral("--target"), url(m_a), QStringLiteral("--token-file"),
            m_tokenFile });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString text = QString::fromUtf8(r.out);
    qInfo().noquote() << text;
    const QString host = QStringLiteral("127.0.0.1:%1").arg(m_a.port());
    // Sentences (or the all-ok line) first, then the host line.
    QVERIFY(text.startsWith(QStringLiteral("No bottleneck: all 1 host"))
        || text.startsWith(QStringLiteral("warning: ")) || text.startsWith(QStringLiteral("critical: ")));
    QVERIFY(text.contains(
        QRegularExpression(QStringLiteral("\\n%1  (ok|warning|critical)").arg(QRegularExpression::escape(host)))));
}

void TestProfileCli::baselineThenCompare()
{
    const QString data = m_dir.filePath(QStringLiteral("data"));
    const QStringList common { QStringLiteral("profile"), QStringLiteral("--target"), url(m_a),
        QStringLiteral("--token-file"), m_tokenFile, QStringLiteral("--data-dir"), data,
        QStringLiteral("--samples"), QStringLiteral("3"), QStringLiteral("--json") };
    const auto saved = runProgram(QStringLiteral(OPSDECK_BIN),
        common + QStringList { QStringLiteral("--save-baseline"), QStringLiteral("before") });
    QVERIFY2(saved.exitCode == 0, saved.err.constData());
    QCOMPARE(QJsonDocument::fromJson(saved.out).object().value(QStringLiteral("saved_baseline")).toString(),
        QStringLiteral("before"));

    const auto compared = runProgram(QStringLiteral(OPSDECK_BIN),
        common + QStringList { QStringLiteral("--compare"), QStringLiteral("before") });
    QVERIFY2(compared.exitCode == 0, compared.err.constData());
    const QJsonObject report
        = QJsonDocument::fromJson(compared.out).object().value(QStringLiteral("regressions")).toObject();
    QCOMPARE(report.value(QStringLiteral("baseline")).toString(), QStringLiteral("before"));
    QVERIFY(report.value(QStringLiteral("baseline_taken_at_ms")).toDouble() > 0);
    QVERIFY(report.value(QStringLiteral("worse")).isArray());

    const auto unknown = runProgram(
        QStringLiteral(OPSDECK_BIN), common + QStringList { QStringLiteral("--compare"), QStringLiteral("nope") });
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY2(unknown.err.contains("no baseline named \"nope\""), unknown.err.constData());
}

void TestProfileCli::usage()
{
    const auto r = runProgram(QStringLiteral(OPSDECK_BIN),
        { QStringLiteral("profile"), QStringLiteral("--deadline"), QStringLiteral("soon") });
    QCOMPARE(r.exitCode, 2);
    const auto help
        = runProgram(QStringLiteral(OPSDECK_BIN), { QStringLiteral("profile"), QStringLiteral("--help") });
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("Exit status"));
}

QTEST_GUILESS_MAIN(TestProfileCli)
#include "tst_profile_cli.moc"
