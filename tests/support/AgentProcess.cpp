#include "AgentProcess.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <csignal>

AgentProcess::~AgentProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool AgentProcess::start(const QStringList& args, int timeoutMs)
{
    m_process.setProgram(QStringLiteral(OPSDECK_AGENT_BIN));
    m_process.setArguments(args);
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel); // agent logs show in the test output
    m_process.start();
    if (!m_process.waitForStarted(timeoutMs))
        return false;
    static const QRegularExpression ready(
        QStringLiteral("^listening on (.+):(\\d+)$"), QRegularExpression::MultilineOption);
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        m_process.waitForReadyRead(int(qMin<qint64>(200, qMax<qint64>(1, deadline.remainingTime()))));
        m_stdout += m_process.readAllStandardOutput();
        const auto match = ready.match(QString::fromUtf8(m_stdout));
        if (match.hasMatch()) {
            m_port = quint16(match.captured(2).toUInt());
            return m_port != 0;
        }
        if (m_process.state() == QProcess::NotRunning)
            return false;
    }
    return false;
}

QString AgentProcess::errorText() const
{
    auto* p = const_cast<QProcess*>(&m_process);
    return QString::fromUtf8(m_stdout + p->readAllStandardOutput())
        + QStringLiteral(" (agent log on stderr above)");
}

int AgentProcess::terminate(int timeoutMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return -1;
    ::kill(pid_t(m_process.processId()), SIGTERM);
    if (!m_process.waitForFinished(timeoutMs))
        return -1;
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

HttpResult httpRequest(const QByteArray& verb, const QUrl& url,
    const QList<QPair<QByteArray, QByteArray>>& headers, const QByteArray& body,
    const QSslCertificate& trustedCert, int timeoutMs)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    for (const auto& h : headers)
        request.setRawHeader(h.first, h.second);
    HttpResult result;
    QNetworkReply* reply = nam.sendCustomRequest(request, verb, body);
    QObject::connect(reply, &QNetworkReply::sslErrors, reply, [&](const QList<QSslError>& errors) {
        result.sslErrors = errors;
        if (trustedCert.isNull())
            return;
        for (const QSslError& e : errors) {
            if (e.certificate() != trustedCert)
                return;
        }
        reply->ignoreSslErrors(errors);
    });
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs + 1000, &loop, &QEventLoop::quit);
    loop.exec();
    if (!reply->isFinished())
        reply->abort();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.error = reply->error();
    result.contentType = reply->rawHeader("Content-Type");
    result.body = reply->readAll();
    delete reply;
    return result;
}

QByteArray rawExchange(quint16 port, const QByteArray& request, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(request);
    QByteArray answer;
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && socket.state() == QAbstractSocket::ConnectedState) {
        socket.waitForBytesWritten(10);
        if (socket.waitForReadyRead(int(qMin<qint64>(200, qMax<qint64>(1, deadline.remainingTime())))))
            answer += socket.readAll();
    }
    answer += socket.readAll();
    return answer;
}

QString makeSelfSignedCertificate(const QString& certPath, const QString& keyPath, const QString& commonName)
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        return QStringLiteral("openssl is not installed (it is listed in scripts/packages.txt)");
    QProcess gen;
    gen.setProcessChannelMode(QProcess::MergedChannels);
    gen.start(openssl,
        { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
            QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
            QStringLiteral("-keyout"), keyPath, QStringLiteral("-out"), certPath, QStringLiteral("-days"),
            QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=") + commonName,
            QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1") });
    if (!gen.waitForFinished(30000))
        return QStringLiteral("openssl did not finish within 30 s");
    if (gen.exitStatus() != QProcess::NormalExit || gen.exitCode() != 0)
        return QString::fromLocal8Bit(gen.readAll());
    return {};
}

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}
