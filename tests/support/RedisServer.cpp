#include "RedisServer.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QStandardPaths>
#include <QTcpServer>
#include <QThread>

namespace opsdeck::testsupport {

namespace {

int freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

QString requirePass(const QStringList& extra)
{
    const qsizetype i = extra.indexOf(QStringLiteral("--requirepass"));
    return i >= 0 && i + 1 < extra.size() ? extra.at(i + 1) : QString();
}

} // namespace

RedisServer::RedisServer(QStringList extraArguments)
    : m_extra(std::move(extraArguments))
{ }

RedisServer::~RedisServer()
{
    stop();
}

bool RedisServer::available()
{
    return !QStandardPaths::findExecutable(QStringLiteral("redis-server")).isEmpty()
        && !QStandardPaths::findExecutable(QStringLiteral("redis-cli")).isEmpty();
}

bool RedisServer::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QString RedisServer::url() const
{
    return QStringLiteral("redis://127.0.0.1:%1").arg(m_port);
}

QString RedisServer::cli(const QStringList& arguments, bool* ok) const
{
    QStringList args { QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
        QString::number(m_port) };
    const QString password = requirePass(m_extra);
    if (!password.isEmpty())
        args << QStringLiteral("--no-auth-warning") << QStringLiteral("-a") << password;
    args << arguments;
    QProcess process;
    process.start(QStringLiteral("redis-cli"), args);
    const bool finished = process.waitForFinished(5'000);
    if (ok)
        *ok = finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

bool RedisServer::ping() const
{
    bool ok = false;
    const QString answer = cli({ QStringLiteral("PING") }, &ok);
    return ok && answer == QLatin1String("PONG");
}

bool RedisServer::start()
{
    if (isRunning())
        return true;
    if (!available()) {
        m_error = QStringLiteral("redis-server is not installed (Debian package redis-server)");
        return false;
    }
    if (!m_dir) {
        m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/opsdeck-redis-XXXXXX"));
        if (!m_dir->isValid()) {
            m_error = QStringLiteral("cannot create a temporary directory: ") + m_dir->errorString();
            return false;
        }
    }
    const bool keepPort = m_port != 0;
    // A free port can be taken between the probe and the server's bind: try a few (not on a restart).
    for (int attempt = 0; attempt < (keepPort ? 1 : 5); ++attempt) {
        if (!keepPort)
            m_port = freeLoopbackPort();
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->setWorkingDirectory(m_dir->path());
        QStringList args { QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--bind"),
            QStringLiteral("127.0.0.1"), QStringLiteral("--save"), QString(), QStringLiteral("--appendonly"),
            QStringLiteral("no"), QStringLiteral("--dir"), m_dir->path() };
        args << m_extra;
        m_process->start(QStringLiteral("redis-server"), args);
        if (!m_process->waitForStarted(5'000)) {
            m_error = QStringLiteral("cannot start redis-server: ") + m_process->errorString();
            return false;
        }
        const QDeadlineTimer deadline(keepPort ? 10'000 : 5'000);
        while (!deadline.hasExpired() && m_process->state() == QProcess::Running) {
            if (ping())
                return true;
            QThread::msleep(20);
        }
        m_process->waitForFinished(100);
        m_error = QStringLiteral("redis-server on port %1 did not answer PING: %2")
                      .arg(QString::number(m_port), QString::fromUtf8(m_process->readAll().right(2000)));
        m_process->kill();
        m_process->waitForFinished(2'000);
    }
    return false;
}

void RedisServer::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(5'000)) {
            m_process->kill();
            m_process->waitForFinished(2'000);
        }
    }
    m_process.reset();
}

void RedisServer::kill()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(5'000);
    }
    m_process.reset();
}

} // namespace opsdeck::testsupport
