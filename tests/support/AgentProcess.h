#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkReply>
#include <QPair>
#include <QProcess>
#include <QSslCertificate>
#include <QStringList>

// Test helpers: the real opsdeck-agent binary as a child process, and bounded
// blocking HTTP calls through QNetworkAccessManager. Every wait has a limit;
// the destructor kills the child.
class AgentProcess
{
public:
    ~AgentProcess();
    // Starts OPSDECK_AGENT_BIN with args and waits (bounded) for its ready line.
    bool start(const QStringList& args, int timeoutMs = 15000);
    quint16 port() const { return m_port; }
    QProcess& process() { return m_process; }
    QString errorText() const;
    // SIGTERM and wait; returns the exit code or -1 on timeout/crash.
    int terminate(int timeoutMs = 10000);

private:
    QProcess m_process;
    quint16 m_port = 0;
    QByteArray m_stdout;
};

struct HttpResult
{
    int status = 0; // 0: no HTTP answer
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray contentType;
    QByteArray body;
    QList<QSslError> sslErrors;
};

// GET (or another verb) with optional headers; trustedCert: TLS errors that all
// concern this certificate are ignored.
HttpResult httpRequest(const QByteArray& verb, const QUrl& url,
    const QList<QPair<QByteArray, QByteArray>>& headers = {}, const QByteArray& body = {},
    const QSslCertificate& trustedCert = QSslCertificate(), int timeoutMs = 10000);

// Raw bytes to 127.0.0.1:port, returns what the server sent until it closed
// or timeoutMs passed.
QByteArray rawExchange(quint16 port, const QByteArray& request, int timeoutMs = 10000);

// A self-signed EC certificate for 127.0.0.1 (CN given) made with the openssl
// command; empty on success, else what went wrong.
QString makeSelfSignedCertificate(const QString& certPath, const QString& keyPath, const QString& commonName);

// A loopback port that was free a moment ago (for programs that cannot report theirs).
quint16 freeLoopbackPort();
