#include "AlertmanagerProcess.h"

#include "AgentProcess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>

namespace {
const QString kProgram = QStringLiteral("prometheus-alertmanager");
}

AlertmanagerProcess::~AlertmanagerProcess()
{
    stop();
}

bool AlertmanagerProcess::available()
{
    return !QStandardPaths::findExecutable(kProgram).isEmpty();
}

bool AlertmanagerProcess::start(const QString& dir, const QByteArray& configYaml, QString* error, int timeoutMs)
{
    QDir().mkpath(dir);
    QFile config(dir + QStringLiteral("/am.yml"));
    if (!config.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || config.write(configYaml) != configYaml.size()) {
        *error = QStringLiteral("cannot write %1: %2").arg(config.fileName(), config.errorString());
        return false;
    }
    config.close();
    m_port = freeLoopbackPort();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(kProgram,
        { QStringLiteral("--config.file=") + config.fileName(), QStringLiteral("--storage.path=") + dir,
            QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(m_port),
            QStringLiteral("--cluster.listen-address=") });
    if (!m_process.waitForStarted(10'000)) {
        *error = QStringLiteral("%1 did not start: %2").arg(kProgram, m_process.errorString());
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    const QUrl ready(url() + QStringLiteral("/-/ready"));
    while (timer.elapsed() < timeoutMs) {
        if (httpRequest("GET", ready, {}, {}, QSslCertificate(), 1000).status == 200)
            return true;
        if (m_process.state() == QProcess::NotRunning)
            break;
        QThread::msleep(200);
    }
    *error = QStringLiteral("%1 did not get ready: %2").arg(kProgram, QString::fromUtf8(m_process.readAll()));
    stop();
    return false;
}

void AlertmanagerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(2000);
    }
}

QString AlertmanagerProcess::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}
