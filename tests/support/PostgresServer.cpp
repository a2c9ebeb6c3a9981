#include "PostgresServer.h"

#include "storage/Database.h"

#include <QCoreApplication>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>

#include <pwd.h>
#include <unistd.h>

#include <atomic>

namespace opsdeck::testsupport {

namespace {

constexpr const char* kRunAs = "nobody";

int freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

std::atomic<int> s_serverCounter { 0 };

} // namespace

PostgresServer::PostgresServer() = default;

PostgresServer::~PostgresServer()
{
    stop();
}

QString PostgresServer::binDirectory()
{
    return QStringLiteral("/usr/lib/postgresql/15/bin");
}

bool PostgresServer::available()
{
    const QDir bin(binDirectory());
    return QFileInfo(bin.filePath(QStringLiteral("initdb"))).isExecutable()
        && QFileInfo(bin.filePath(QStringLiteral("pg_ctl"))).isExecutable()
        && QFileInfo(bin.filePath(QStringLiteral("postgres"))).isExecutable();
}

bool PostgresServer::run(const QStringList& command, int timeoutMs, QString* output)
{
    QStringList args = command;
    QString program = args.takeFirst();
    if (::geteuid() == 0) {
        args.prepend(program);
        args.prepend(QStringLiteral("--"));
        args.prepend(QString::fromLatin1(kRunAs));
        args.prepend(QStringLiteral("-u"));
        program = QStringLiteral("runuser");
    }
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(m_dir->path());
    process.start(program, args);
    if (!process.waitForStarted(10'000)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(program, process.errorString());
        return false;
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5'000);
        m_error
            = QStringLiteral("%1 did not finish within %2 ms").arg(command.join(QLatin1Char(' '))).arg(timeoutMs);
        return false;
    }
    const QString text = QString::fromLocal8Bit(process.readAll());
    if (output)
        *output = text;
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        m_error = QStringLiteral("%1 failed (exit %2): %3")
                      .arg(command.join(QLatin1Char(' ')), QString::number(process.exitCode()), text.trimmed());
        return false;
    }
    return true;
}

bool PostgresServer::start()
{
    if (m_running)
        return true;
    if (!available()) {
        m_error
            = QStringLiteral("PostgreSQL 15 is not installed (%1/initdb, pg_ctl; Debian package postgresql-15)")
                  .arg(binDirectory());
        return false;
    }
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/opsdeck-pg-XXXXXX"));
    if (!m_dir->isValid()) {
        m_error = QStringLiteral("cannot create a temporary directory: ") + m_dir->errorString();
        return false;
    }
    if (::geteuid() == 0) {
        const passwd* user = ::getpwnam(kRunAs);
        if (!user || ::chown(QFile::encodeName(m_dir->path()).constData(), user->pw_uid, user->pw_gid) != 0) {
            m_error
                = QStringLiteral("cannot hand %1 to the user %2").arg(m_dir->path(), QString::fromLatin1(kRunAs));
            return false;
        }
    }
    m_dataDir = QDir(m_dir->path()).filePath(QStringLiteral("data"));
    const QString bin = binDirectory();
    if (!run({ bin + QStringLiteral("/initdb"), QStringLiteral("-D"), m_dataDir, QStringLiteral("-U"),
                 QStringLiteral("opsdeck"), QStringLiteral("-A"), QStringLiteral("trust"), QStringLiteral("-E"),
                 QStringLiteral("UTF8"), QStringLiteral("--locale=C"), QStringLiteral("--no-sync") },
            120'000))
        return false;
    if (!m_passwordRoles.isEmpty()) {
        // pg_hba.conf is first match: these lines go before initdb's trust lines.
        QFile hba(QDir(m_dataDir).filePath(QStringLiteral("pg_hba.conf")));
        if (!hba.open(QIODevice::ReadOnly)) {
            m_error = QStringLiteral("cannot read %1: %2").arg(hba.fileName(), hba.errorString());
            return false;
        }
        QByteArray lines;
        for (const QString& role : std::as_const(m_passwordRoles))
            lines += "host all " + role.toUtf8() + " 127.0.0.1/32 scram-sha-256\n";
        const QByteArray rest = hba.readAll();
        hba.close();
        if (!hba.open(QIODevice::WriteOnly | QIODevice::Truncate) || hba.write(lines + rest) < 0) {
            m_error = QStringLiteral("cannot write %1: %2").arg(hba.fileName(), hba.errorString());
            return false;
        }
    }

    // A free port can be taken between the probe and the server's bind: try a few.
    for (int attempt = 0; attempt < 5; ++attempt) {
        m_port = freeLoopbackPort();
        const QString options = QStringLiteral("-c listen_addresses=127.0.0.1 -p %1 -k %2 -c fsync=off "
                                               "-c full_page_writes=off -c max_connections=100")
                                    .arg(QString::number(m_port), m_dir->path())
            + (m_preloadStatStatements ? QStringLiteral(" -c shared_preload_libraries=pg_stat_statements")
                                       : QString());
        if (run({ bin + QStringLiteral("/pg_ctl"), QStringLiteral("-D"), m_dataDir, QStringLiteral("-l"),
                    QDir(m_dir->path()).filePath(QStringLiteral("server.log")), QStringLiteral("-o"), options,
                    QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("start") },
                90'000)) {
            m_running = true;
            return true;
        }
        QFile log(QDir(m_dir->path()).filePath(QStringLiteral("server.log")));
        if (log.open(QIODevice::ReadOnly))
            m_error += QStringLiteral("\nserver log:\n") + QString::fromUtf8(log.readAll().right(2000));
    }
    return false;
}

void PostgresServer::stop()
{
    if (!m_running)
        return;
    m_running = false;
    run({ binDirectory() + QStringLiteral("/pg_ctl"), QStringLiteral("-D"), m_dataDir, QStringLiteral("-m"),
            QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("30"),
            QStringLiteral("stop") },
        40'000);
}

storage::StateLocation PostgresServer::createDatabase()
{
    storage::StateLocation location;
    if (!m_running) {
        m_error = QStringLiteral("the PostgreSQL server is not running");
        return location;
    }
    const QString name = QStringLiteral("opsdeck_test_%1").arg(++m_databases);
    const QString connection = QStringLiteral("opsdeck.test.pg.admin.%1").arg(s_serverCounter.fetch_add(1));
    bool ok = false;
    {
        QSqlDatabase admin = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        admin.setHostName(QStringLiteral("127.0.0.1"));
        admin.setPort(m_port);
        admin.setDatabaseName(QStringLiteral("postgres"));
        admin.setUserName(QStringLiteral("opsdeck"));
        if (!admin.open()) {
            m_error = QStringLiteral("cannot connect to the test server: ") + admin.lastError().text();
        } else {
            QSqlQuery query(admin);
            ok = query.exec(QStringLiteral("CREATE DATABASE ") + name);
            if (!ok)
                m_error = QStringLiteral("CREATE DATABASE %1: %2").arg(name, query.lastError().text());
        }
        admin.close();
    }
    QSqlDatabase::removeDatabase(connection);
    if (!ok)
        return location;
    location.driver = storage::StateLocation::Driver::Postgresql;
    location.host = QStringLiteral("127.0.0.1");
    location.port = m_port;
    location.database = name;
    location.user = QStringLiteral("opsdeck");
    return location;
}

namespace {

std::unique_ptr<PostgresServer> s_shared;

void stopSharedServer()
{
    s_shared.reset();
}

} // namespace

bool testStateIsPostgres()
{
    return qEnvironmentVariable("OPSDECK_TEST_STATE") == QLatin1String("postgresql");
}

PostgresServer* sharedPostgresServer(QString* error)
{
    if (!s_shared) {
        auto server = std::make_unique<PostgresServer>();
        if (!server->start()) {
            *error = server->errorString();
            return nullptr;
        }
        s_shared = std::move(server);
        qAddPostRoutine(stopSharedServer);
    }
    return s_shared.get();
}

bool openTestState(storage::Database& db, const QString& directory, QString* error)
{
    if (!testStateIsPostgres()) {
        if (db.open(directory))
            return true;
        *error = db.lastError();
        return false;
    }
    PostgresServer* server = sharedPostgresServer(error);
    if (!server)
        return false;
    const storage::StateLocation location = server->createDatabase();
    if (!location.isPostgres()) {
        *error = server->errorString();
        return false;
    }
    if (db.openLocation(location))
        return true;
    *error = db.lastError();
    return false;
}

} // namespace opsdeck::testsupport
