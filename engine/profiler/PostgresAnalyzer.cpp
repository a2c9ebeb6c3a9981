#include "profiler/PostgresAnalyzer.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <atomic>

namespace opsdeck::profiler {

Q_LOGGING_CATEGORY(lcPostgres, "opsdeck.profiler.postgres")

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("PostgresAnalyzer", text);
}

std::atomic<quint64> s_connections { 0 };

// Every statement the analyser runs starts with this comment, so its own
// statements can be left out of the pg_stat_statements ranking.
#define OPSDECK_PG_MARK "/* opsdeck profiler */ "

QString describe(const DatabaseTarget& t)
{
    return QStringLiteral("%1:%2/%3 (user %4)").arg(t.host, QString::number(t.port), t.database, t.user);
}

// libpq's own words, plus what to check for the usual failures.
QString connectionError(const DatabaseTarget& t, const QSqlError& error)
{
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    const QString lower = text.toLower();
    QString hint;
    if (lower.contains(QLatin1String("password authentication failed")))
        hint = tr("authentication failed for user %1: check the password in %2")
                   .arg(t.user, t.passwordFile.isEmpty() ? tr("(no password_file set)") : t.passwordFile);
    else if (lower.contains(QLatin1String("no password supplied")))
        hint = tr("the server wants a password for user %1: set password_file").arg(t.user);
    else if (lower.contains(QLatin1String("connection refused")))
        hint = tr("connection refused: is PostgreSQL running and listening on %1:%2 (listen_addresses, port)?")
                   .arg(t.host, QString::number(t.port));
    else if (lower.contains(QLatin1String("timeout expired")))
        hint = tr("no answer from %1:%2 within the connect timeout").arg(t.host, QString::number(t.port));
    else if (lower.contains(QLatin1String("does not exist")))
        hint = tr("the database or role does not exist on the server");
    const QString first = text.trimmed().section(QLatin1Char('\n'), 0, 0);
    return hint.isEmpty() ? tr("cannot connect to PostgreSQL %1: %2").arg(describe(t), first)
                          : tr("cannot connect to PostgreSQL %1: %2 (%3)").arg(describe(t), hint, first);
}

double number(const QSqlQuery& q, int column)
{
    return q.value(column).toDouble();
}

StatementStat statement(const QSqlQuery& q)
{
    StatementStat s;
    s.queryId = q.value(0).toString();
    s.query = q.value(1).toString();
    s.calls = number(q, 2);
    s.totalMs = number(q, 3);
    s.meanMs = number(q, 4);
    s.rows = number(q, 5);
    s.sharedHit = number(q, 6);
    s.sharedRead = number(q, 7);
    if (s.sharedHit + s.sharedRead > 0)
        s.hitRatio = s.sharedHit / (s.sharedHit + s.sharedRead);
    return s;
}

class Analysis
{
public:
    Analysis(
        QSqlDatabase& db, const DatabaseTarget& target, const PostgresOptions& options, PostgresReport& report)
        : m_db(db)
        , m_target(target)
        , m_options(options)
        , m_report(report)
    { }

    void run()
    {
        m_serverVersion
            = scalar(QStringLiteral(OPSDECK_PG_MARK "SELECT current_setting('server_version_num')::int")).toInt();
        privileges();
        statements();
        activity();
        database();
    }

private:
    QVariant scalar(const QString& sql)
    {
        QSqlQuery q(m_db);
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0);
    }

    bool exec(QSqlQuery& q, const QString& sql, const QString& what)
    {
        q.setForwardOnly(true);
        if (q.exec(sql))
            return true;
        m_report.notes << tr("%1 could not be read: %2").arg(what, q.lastError().databaseText().trimmed());
        return false;
    }

    void privileges()
    {
        const bool allStats = scalar(
            QStringLiteral(OPSDECK_PG_MARK "SELECT pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') OR "
                                           "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"))
                                  .toBool();
        if (!allStats)
            m_report.notes << tr("the role %1 cannot see other roles' statements and sessions (shown as "
                                 "<insufficient privilege>): GRANT pg_read_all_stats TO %1;")
                                  .arg(m_target.user);
        const QString io
            = scalar(QStringLiteral(OPSDECK_PG_MARK "SELECT current_setting('track_io_timing')")).toString();
        if (io == QLatin1String("off"))
            m_report.notes << tr("track_io_timing is off, so block read/write times are 0: ALTER SYSTEM SET "
                                 "track_io_timing = on; SELECT pg_reload_conf();");
    }

    void preloadNote(const QString& preload)
    {
        const QString libraries = preload.trimmed().isEmpty()
            ? QStringLiteral("pg_stat_statements")
            : preload.trimmed() + QStringLiteral(",pg_stat_statements");
        m_report.notes << tr("pg_stat_statements is not in shared_preload_libraries, so there are no statement "
                             "statistics: ALTER SYSTEM SET shared_preload_libraries = '%1'; restart PostgreSQL, "
                             "then in database %2: CREATE EXTENSION pg_stat_statements;")
                              .arg(libraries, m_target.database);
    }

    void statements()
    {
        // shared_preload_libraries is only visible to superusers and pg_read_all_settings:
        // null when this role cannot read it, then the statistics query itself tells.
        const QVariant setting = scalar(QStringLiteral(
            OPSDECK_PG_MARK "SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries'"));
        const bool known = setting.isValid() && !setting.isNull();
        const QString preload = setting.toString();
        const bool preloaded = preload.contains(QLatin1String("pg_stat_statements"));
        const bool created = scalar(QStringLiteral(OPSDECK_PG_MARK
                                        "SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'"))
                                 .toInt()
            > 0;
        if (known && !preloaded) {
            preloadNote(preload);
            return;
        }
        if (!created) {
            m_report.notes << tr("pg_stat_statements is not created in database %1: CREATE EXTENSION "
                                 "pg_stat_statements; (as a superuser, in that database; the library must be in "
                                 "shared_preload_libraries)")
                                  .arg(m_target.database);
            return;
        }
        // pg_stat_statements 1.8 (PostgreSQL 13) renamed total_time / mean_time to *_exec_time.
        const bool exec13 = m_serverVersion >= 130000;
        const QString total = exec13 ? QStringLiteral("total_exec_time") : QStringLiteral("total_time");
        const QString mean = exec13 ? QStringLiteral("mean_exec_time") : QStringLiteral("mean_time");
        const QString base = QStringLiteral(OPSDECK_PG_MARK
            "SELECT coalesce(queryid::text, ''), query, calls, %1, %2, rows, shared_blks_hit, shared_blks_read "
            "FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = "
            "current_database()) "
            "AND query NOT LIKE '/* opsdeck profiler */%' ORDER BY %3 DESC LIMIT %4")
                                 .arg(total, mean);
        for (const bool byTotal : { true, false }) {
            QSqlQuery q(m_db);
            q.setForwardOnly(true);
            if (!q.exec(base.arg(byTotal ? total : mean).arg(std::max(1, m_options.topN)))) {
                const QString text = q.lastError().databaseText().trimmed();
                if (text.contains(QLatin1String("shared_preload_libraries")))
                    preloadNote(QString());
                else
                    m_report.notes
                        << tr("%1 could not be read: %2").arg(QStringLiteral("pg_stat_statements"), text);
                return;
            }
            QList<StatementStat>& list = byTotal ? m_report.byTotalTime : m_report.byMeanTime;
            while (q.next())
                list.append(statement(q));
        }
    }

    void activity()
    {
        QSqlQuery q(m_db);
        const QString sql = QStringLiteral(OPSDECK_PG_MARK
            "SELECT pid, coalesce(state, ''), coalesce(wait_event_type, ''), coalesce(wait_event, ''), "
            "coalesce(extract(epoch FROM clock_timestamp() - xact_start)::float8, -1), coalesce(query, '') "
            "FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() "
            "AND datname = current_database() ORDER BY xact_start NULLS LAST");
        if (!exec(q, sql, QStringLiteral("pg_stat_activity")))
            return;
        while (q.next()) {
            ActivityRow row;
            row.pid = q.value(0).toLongLong();
            row.state = q.value(1).toString();
            row.waitEventType = q.value(2).toString();
            row.waitEvent = q.value(3).toString();
            const double xact = q.value(4).toDouble();
            row.transactionSeconds = xact < 0 ? 0 : xact;
            row.query = q.value(5).toString();
            // An idle session waits on ClientRead by definition: that is not a wait worth showing.
            if (!row.waitEventType.isEmpty() && row.state != QLatin1String("idle"))
                m_report.waiting.append(row);
            if (xact >= 0 && xact > m_options.longTransactionSeconds)
                m_report.longTransactions.append(row);
        }
        const auto longestFirst = [](const ActivityRow& a, const ActivityRow& b) {
            return a.transactionSeconds > b.transactionSeconds;
        };
        std::stable_sort(m_report.waiting.begin(), m_report.waiting.end(), longestFirst);
        std::stable_sort(m_report.longTransactions.begin(), m_report.longTransactions.end(), longestFirst);
    }

    void database()
    {
        QSqlQuery q(m_db);
        if (!exec(q,
                QStringLiteral(OPSDECK_PG_MARK "SELECT blks_hit, blks_read, deadlocks FROM pg_stat_database "
                                               "WHERE datname = current_database()"),
                QStringLiteral("pg_stat_database"))
            || !q.next())
            return;
        const double hit = q.value(0).toDouble();
        const double read = q.value(1).toDouble();
        if (hit + read > 0)
            m_report.hitRatio = hit / (hit + read);
        m_report.deadlocks = q.value(2).toULongLong();
    }

    QSqlDatabase& m_db;
    const DatabaseTarget& m_target;
    const PostgresOptions& m_options;
    PostgresReport& m_report;
    int m_serverVersion = 0;
};

} // namespace

PostgresReport analysePostgres(const DatabaseTarget& target, const PostgresOptions& options)
{
    PostgresReport report;
    report.target = target.name;
    if (target.type != DatabaseTarget::PostgreSql) {
        report.error = tr("database target \"%1\" is not a PostgreSQL target").arg(target.name);
        return report;
    }
    QString error;
    const auto password = readPasswordFile(target, &error);
    if (!password) {
        report.error = error;
        return report;
    }
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
        report.error = tr("the Qt PostgreSQL driver (QPSQL) is not available (Debian package libqt6sql6-psql)");
        return report;
    }
    const QString name = QStringLiteral("opsdeck.profiler.pg.%1").arg(s_connections.fetch_add(1));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(target.host);
        db.setPort(target.port);
        db.setDatabaseName(target.database.isEmpty() ? target.user : target.database);
        db.setUserName(target.user);
        if (!password->isEmpty())
            db.setPassword(*password);
        QStringList connectOptions {
            QStringLiteral("connect_timeout=%1").arg(std::max(1, options.connectTimeoutSeconds)),
            QStringLiteral("application_name=opsdeck-profiler"),
        };
        if (!target.sslMode.isEmpty())
            connectOptions << QStringLiteral("sslmode=") + target.sslMode;
        db.setConnectOptions(connectOptions.join(QLatin1Char(';')));
        if (!db.open()) {
            report.error = connectionError(target, db.lastError());
            qCWarning(lcPostgres).noquote() << report.error;
        } else {
            Analysis(db, target, options, report).run();
            report.ok = true;
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return report;
}

} // namespace opsdeck::profiler
