#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>

// Debian's prometheus-alertmanager (0.25) as a child process for tests and
// benches: on a free loopback port, clustering off, its configuration
// written to dir/am.yml and its storage in dir. start() waits (bounded) for
// /-/ready; the destructor stops it.
class AlertmanagerProcess
{
public:
    ~AlertmanagerProcess();
    static bool available();
    // False with *error (the process output included) when it did not get ready in time.
    bool start(const QString& dir, const QByteArray& configYaml, QString* error, int timeoutMs = 30'000);
    void stop();
    quint16 port() const { return m_port; }
    QString url() const; // http://127.0.0.1:port

private:
    QProcess m_process;
    quint16 m_port = 0;
};
