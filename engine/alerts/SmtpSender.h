#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <atomic>

// Sends one ready-made RFC 5322 message through libcurl's SMTP client:
// smtp:// with STARTTLS required (CURLUSESSL_ALL) or smtps:// on port 465,
// AUTH (PLAIN/LOGIN, whatever the server offers) when a user is set,
// MAIL FROM / RCPT TO from the envelope, dot-stuffing by curl. send() BLOCKS
// for up to timeoutMs: call it only on a worker thread (DeliveryService runs
// it on its own QThreadPool), never on the GUI thread or an event-loop thread
// that serves others. It must never log or return the password.
namespace opsdeck::alerts {

struct SmtpSettings
{
    QString host;
    int port = 587;
    bool startTls = true; // STARTTLS required on smtp://; port 465 always uses implicit TLS
    QString user; // empty: no AUTH
    QString password; // never logged
    QString caFile; // extra CA bundle (PEM) to verify the server; empty: system store
    bool insecureSkipVerify = false;
    qint64 timeoutMs = 10'000;
};

struct SmtpResult
{
    enum class Outcome { Sent, Retryable, Permanent };
    Outcome outcome = Outcome::Permanent;
    long smtpCode = 0; // last SMTP reply code curl saw (e.g. 250, 535); 0 when none
    QString error; // plain words, no secret
};

class SmtpSender
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::alerts::SmtpSender)

public:
    // cancel (may be null) aborts the transfer soon after it becomes true.
    static SmtpResult send(const SmtpSettings& settings, const QString& mailFrom, const QStringList& recipients,
        const QByteArray& message, const std::atomic_bool* cancel = nullptr);
    // "alerts@example.com" from "OpsDeck <alerts@example.com>".
    static QString bareAddress(const QString& address);
};

} // namespace opsdeck::alerts
