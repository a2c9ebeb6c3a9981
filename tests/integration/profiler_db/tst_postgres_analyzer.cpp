// PostgresAnalyzer against a real PostgreSQL 15 with pg_stat_statements
// preloaded: a known slow statement comes out on top by total and by mean
// time, an idle open transaction is a long transaction, a wrong password and a
// closed port are clear errors, and a server that lacks the extension gets the
// exact fix as a note.
#include "PostgresServer.h"
#include "profiler/PostgresAnalyzer.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace opsdeck;
using namespace opsdeck::profiler;
using opsdeck::testsupport::PostgresServer;

namespace {

const QString kRole = QStringLiteral("profiler_ro");
const QString kPassword = QStringLiteral("right-password");

bool exec(QSqlDatabase& db, const QString& sql, QString* error)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    *error = sql + QStringLiteral(": ") + q.lastError().text();
    return false;
}

QSqlDatabase connectAs(const QString& name, int port, const QString& database)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(QStringLiteral("127.0.0.1"));
    db.setPort(port);
    db.setDatabaseName(database);
    db.setUserName(QStringLiteral("opsdeck"));
    return db;
}

QString dumpNotes(const PostgresReport& r)
{
    return r.error + QLatin1Char('\n') + r.notes.join(QLatin1Char('\n'));
}

} // namespace

class TestPostgresAnalyzer : public QObject
{
    Q_OBJECT

private:
    PostgresServer m_pg;
    QString m_database;
    QTemporaryDir m_dir;

    QString writePassword(const QString& file, const QString& password)
    {
        const QString path = m_dir.filePath(file);
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(password.toUtf8() + "\n");
        return path;
    }

    DatabaseTarget target(const QString& passwordFile) const
    {
        DatabaseTarget t;
        t.name = QStringLiteral("mes-db");
        t.type = DatabaseTarget::PostgreSql;
        t.host = QStringLiteral("127.0.0.1");
        t.port = m_pg.port();
        t.database = m_database;
        t.user = kRole;
        t.passwordFile = passwordFile;
        t.sslMode = QStringLiteral("disable");
        return t;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!PostgresServer::available())
            QSKIP("PostgreSQL 15 is not installed (Debian package postgresql-15)");
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
            QSKIP("the Qt PostgreSQL driver is not installed (libqt6sql6-psql)");
        QVERIFY(m_dir.isValid());
        m_pg.setPreloadStatStatements(true);
        m_pg.requirePasswordFor(kRole);
        QVERIFY2(m_pg.start(), qPrintable(m_pg.errorString()));
        const auto location = m_pg.createDatabase();
        QVERIFY2(location.isPostgres(), qPrintable(m_pg.errorString()));
        m_database = location.database;
        QString error;
        {
            QSqlDatabase admin = connectAs(QStringLiteral("admin"), m_pg.port(), m_database);
            QVERIFY2(admin.open(), qPrintable(admin.lastError().text()));
            QVERIFY2(
                exec(admin, QStringLiteral("CREATE EXTENSION pg_stat_statements"), &error), qPrintable(error));
            QVERIFY2(
                exec(admin, QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'").arg(kRole, kPassword), &error),
                qPrintable(error));
            QVERIFY2(exec(admin, QStringLiteral("GRANT pg_read_all_stats TO %1").arg(kRole), &error),
                qPrintable(error));
            QVERIFY2(exec(admin, QStringLiteral("SELECT pg_stat_statements_reset()"), &error), qPrintable(error));
            // Fast statements, many times; the slow one (about 200 ms) three times.
            for (int i = 0; i < 60; ++i)
                QVERIFY2(exec(admin, QStringLiteral("SELECT %1 + 1").arg(i), &error), qPrintable(error));
            for (int i = 0; i < 20; ++i)
                QVERIFY2(exec(admin, QStringLiteral("SELECT count(*) FROM generate_series(1, 1000)"), &error),
                    qPrintable(error));
            for (int i = 0; i < 3; ++i)
                QVERIFY2(exec(admin, QStringLiteral("SELECT pg_sleep(0.2)"), &error), qPrintable(error));
            admin.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("admin"));
    }

    void slowStatementOnTop()
    {
        PostgresOptions options;
        options.topN = 5;
        const PostgresReport r
            = analysePostgres(target(writePassword(QStringLiteral("ok.pw"), kPassword)), options);
        QVERIFY2(r.ok, qPrintable(dumpNotes(r)));
        QCOMPARE(r.target, QStringLiteral("mes-db"));
        QVERIFY2(!r.byTotalTime.isEmpty(), qPrintable(dumpNotes(r)));
        QVERIFY(r.byTotalTime.size() <= 5);
        const StatementStat& top = r.byTotalTime.first();
        QVERIFY2(top.query.contains(QLatin1String("pg_sleep")), qPrintable(top.query));
        QCOMPARE(top.calls, 3.0);
        QVERIFY2(top.totalMs >= 580, qPrintable(QString::number(top.totalMs)));
        QVERIFY2(top.meanMs >= 190, qPrintable(QString::number(top.meanMs)));
        QVERIFY(!top.queryId.isEmpty());
        QVERIFY2(r.byMeanTime.first().query.contains(QLatin1String("pg_sleep")),
            qPrintable(r.byMeanTime.first().query));
        for (qsizetype i = 1; i < r.byTotalTime.size(); ++i)
            QVERIFY(r.byTotalTime[i - 1].totalMs >= r.byTotalTime[i].totalMs);
        for (qsizetype i = 1; i < r.byMeanTime.size(); ++i)
            QVERIFY(r.byMeanTime[i - 1].meanMs >= r.byMeanTime[i].meanMs);
        // The analyser's own statements never rank.
        for (const StatementStat& s : r.byTotalTime)
            QVERIFY2(!s.query.contains(QLatin1String("opsdeck profiler")), qPrintable(s.query));
        // The many fast SELECT n + 1 are one normalised statement with 60 calls.
        bool sawFast = false;
        const PostgresReport all = analysePostgres(target(writePassword(QStringLiteral("ok.pw"), kPassword)), {});
        for (const StatementStat& s : all.byTotalTime) {
            if (s.query.contains(QLatin1String("+ $"))) {
                QCOMPARE(s.calls, 60.0);
                QVERIFY(s.meanMs < top.meanMs);
                sawFast = true;
            }
        }
        QVERIFY2(sawFast, "SELECT $1 + $2 not in the top 10 by total time");
        QVERIFY(r.hitRatio.has_value());
        QVERIFY(*r.hitRatio > 0 && *r.hitRatio <= 1);
        QCOMPARE(r.deadlocks, quint64(0));
        // pg_read_all_stats is granted: no note about it; track_io_timing is off by default.
        for (const QString& n : r.notes)
            QVERIFY2(!n.contains(QLatin1String("pg_read_all_stats")), qPrintable(n));
        QVERIFY2(
            r.notes.join(QLatin1Char('\n')).contains(QLatin1String("track_io_timing")), qPrintable(dumpNotes(r)));
    }

    void longTransaction()
    {
        qint64 pid = 0;
        {
            QSqlDatabase session = connectAs(QStringLiteral("session"), m_pg.port(), m_database);
            QVERIFY2(session.open(), qPrintable(session.lastError().text()));
            QString error;
            QVERIFY2(exec(session, QStringLiteral("BEGIN"), &error), qPrintable(error));
            QSqlQuery q(session);
            QVERIFY(q.exec(QStringLiteral("SELECT pg_backend_pid()")) && q.next());
            pid = q.value(0).toLongLong();
            q.finish();
            QThread::msleep(1500); // the transaction stays open, idle, for longer than the threshold

            PostgresOptions options;
            options.longTransactionSeconds = 1;
            const PostgresReport r
                = analysePostgres(target(writePassword(QStringLiteral("ok.pw"), kPassword)), options);
            QVERIFY2(r.ok, qPrintable(dumpNotes(r)));
            bool found = false;
            for (const ActivityRow& row : r.longTransactions) {
                if (row.pid == pid) {
                    found = true;
                    QCOMPARE(row.state, QStringLiteral("idle in transaction"));
                    QVERIFY2(row.transactionSeconds >= 1.4, qPrintable(QString::number(row.transactionSeconds)));
                }
            }
            QVERIFY2(found, "the open transaction is not listed");
            // It waits on the client, and it is listed among the waiting sessions.
            bool waiting = false;
            for (const ActivityRow& row : r.waiting)
                waiting = waiting || (row.pid == pid && row.waitEventType == QLatin1String("Client"));
            QVERIFY(waiting);

            // With the default threshold (60 s) it is not long.
            const PostgresReport relaxed
                = analysePostgres(target(writePassword(QStringLiteral("ok.pw"), kPassword)), {});
            for (const ActivityRow& row : relaxed.longTransactions)
                QVERIFY(row.pid != pid);
            session.rollback();
            session.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("session"));
    }

    void wrongPassword()
    {
        const PostgresReport r
            = analysePostgres(target(writePassword(QStringLiteral("bad.pw"), QStringLiteral("nope"))));
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(QLatin1String("authentication failed")), qPrintable(r.error));
        QVERIFY2(r.error.contains(kRole), qPrintable(r.error));
        QVERIFY2(!r.error.contains(QLatin1String("nope")), "the password reached the message");
        QVERIFY(r.byTotalTime.isEmpty());
    }

    void missingPasswordFile()
    {
        const PostgresReport r = analysePostgres(target(m_dir.filePath(QStringLiteral("absent.pw"))));
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(QLatin1String("absent.pw")), qPrintable(r.error));
    }

    void refused()
    {
        int port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        DatabaseTarget t = target(QString());
        t.port = port;
        const PostgresReport r = analysePostgres(t);
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(QLatin1String("refused")), qPrintable(r.error));
        QVERIFY2(r.error.contains(QString::number(port)), qPrintable(r.error));
    }

    void extensionNotCreated()
    {
        const auto location = m_pg.createDatabase(); // no CREATE EXTENSION there
        QVERIFY2(location.isPostgres(), qPrintable(m_pg.errorString()));
        DatabaseTarget t = target(writePassword(QStringLiteral("ok.pw"), kPassword));
        t.database = location.database;
        const PostgresReport r = analysePostgres(t);
        QVERIFY2(r.ok, qPrintable(dumpNotes(r)));
        QVERIFY(r.byTotalTime.isEmpty());
        const QString notes = r.notes.join(QLatin1Char('\n'));
        QVERIFY2(notes.contains(QLatin1String("CREATE EXTENSION pg_stat_statements")), qPrintable(notes));
        QVERIFY2(notes.contains(location.database), qPrintable(notes));
    }

    void notPreloaded()
    {
        PostgresServer plain; // no shared_preload_libraries
        QVERIFY2(plain.start(), qPrintable(plain.errorString()));
        const auto location = plain.createDatabase();
        QVERIFY2(location.isPostgres(), qPrintable(plain.errorString()));
        DatabaseTarget t;
        t.name = QStringLiteral("plain");
        t.host = QStringLiteral("127.0.0.1");
        t.port = plain.port();
        t.database = location.database;
        t.user = QStringLiteral("opsdeck");
        const PostgresReport r = analysePostgres(t);
        QVERIFY2(r.ok, qPrintable(dumpNotes(r)));
        const QString notes = r.notes.join(QLatin1Char('\n'));
        QVERIFY2(
            notes.contains(QLatin1String("shared_preload_libraries = 'pg_stat_statements'")), qPrintable(notes));
        QVERIFY2(notes.contains(QLatin1String("restart")), qPrintable(notes));
        QVERIFY(r.hitRatio.has_value()); // pg_stat_database still answers
    }

    void wrongType()
    {
        DatabaseTarget t;
        t.name = QStringLiteral("sessions");
        t.type = DatabaseTarget::Redis;
        const PostgresReport r = analysePostgres(t);
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(QLatin1String("not a PostgreSQL target")), qPrintable(r.error));
    }
};

QTEST_GUILESS_MAIN(TestPostgresAnalyzer)
#include "tst_postgres_analyzer.moc"
