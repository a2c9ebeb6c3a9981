#include "alerts/SmtpSender.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>

namespace opsdeck::alerts {

namespace {

struct Upload
{
    const QByteArray* data = nullptr;
    qsizetype offset = 0;
};

size_t readMessage(char* buffer, size_t size, size_t count, void* userData)
{
    auto* upload = static_cast<Upload*>(userData);
    const qsizetype room = static_cast<qsizetype>(size * count);
    const qsizetype n = std::min(room, upload->data->size() - upload->offset);
    if (n <= 0)
        return 0;
    std::memcpy(buffer, upload->data->constData() + upload->offset, static_cast<size_t>(n));
    upload->offset += n;
    return static_cast<size_t>(n);
}

int progress(void* userData, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    const auto* cancel = static_cast<const std::atomic_bool*>(userData);
    return cancel && cancel->load() ? 1 : 0; // non-zero aborts the transfer
}

void globalInit()
{
    // curl_global_init is not thread-safe in every build: once, before any handle.
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter
{
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter
{
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

SmtpResult::Outcome classify(CURLcode code, long smtpCode)
{
    if (code == CURLE_OK)
        return SmtpResult::Outcome::Sent;
    switch (code) {
    case CURLE_LOGIN_DENIED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_ABORTED_BY_CALLBACK:
        return SmtpResult::Outcome::Permanent;
    default:
        break;
    }
    // SMTP reply classes: 4xx transient, 5xx permanent (RFC 5321 4.2.1).
    if (smtpCode >= 500)
        return SmtpResult::Outcome::Permanent;
    return SmtpResult::Outcome::Retryable;
}

} // namespace

QString SmtpSender::bareAddress(const QString& address)
{
    const qsizetype open = address.lastIndexOf(QLatin1Char('<'));
    const qsizetype close = address.lastIndexOf(QLatin1Char('>'));
    if (open >= 0 && close > open)
        return address.mid(open + 1, close - open - 1).trimmed();
    return address.trimmed();
}

SmtpResult SmtpSender::send(const SmtpSettings& settings, const QString& mailFrom, const QStringList& recipients,
    const QByteArray& message, const std::atomic_bool* cancel)
{
    SmtpResult result;
    if (settings.host.isEmpty() || recipients.isEmpty()) {
        result.error = tr("The email receiver has no SMTP host or no recipient.");
        return result;
    }
    globalInit();
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) {
        result.outcome = SmtpResult::Outcome::Retryable;
        result.error = tr("Could not start the SMTP client.");
        return result;
    }
    CURL* c = curl.get();

    const bool implicitTls = settings.port == 465;
    QString host = settings.host;
    if (host.contains(QLatin1Char(':')) && !host.startsWith(QLatin1Char('[')))
        host = QLatin1Char('[') + host + QLatin1Char(']'); // IPv6 literal
    const QByteArray url = (implicitTls ? QStringLiteral("smtps://%1:%2") : QStringLiteral("smtp://%1:%2"))
                               .arg(host)
                               .arg(settings.port)
                               .toUtf8();
    const QByteArray from = '<' + bareAddress(mailFrom).toUtf8() + '>';
    std::unique_ptr<curl_slist, SlistDeleter> rcpt;
    for (const QString& recipient : recipients) {
        const QByteArray to = '<' + bareAddress(recipient).toUtf8() + '>';
        rcpt.reset(curl_slist_append(rcpt.release(), to.constData()));
    }
    const QByteArray user = settings.user.toUtf8();
    const QByteArray password = settings.password.toUtf8();
    const QByteArray caFile = settings.caFile.toLocal8Bit();
    char errorBuffer[CURL_ERROR_SIZE] = {};
    Upload upload { &message, 0 };

    curl_easy_setopt(c, CURLOPT_URL, url.constData());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L); // we run on worker threads
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.constData());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, &readMessage);
    curl_easy_setopt(c, CURLOPT_READDATA, &upload);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
    if (!implicitTls)
        curl_easy_setopt(
            c, CURLOPT_USE_SSL, static_cast<long>(settings.startTls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
    if (!user.isEmpty()) {
        curl_easy_setopt(c, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(c, CURLOPT_PASSWORD, password.constData());
    }
    if (!caFile.isEmpty())
        curl_easy_setopt(c, CURLOPT_CAINFO, caFile.constData());
    if (settings.insecureSkipVerify) {
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    const long timeout = static_cast<long>(std::max<qint64>(1000, settings.timeoutMs));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, const_cast<std::atomic_bool*>(cancel));

    const CURLcode code = curl_easy_perform(c);
    long smtpCode = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &smtpCode);
    result.smtpCode = smtpCode;
    result.outcome = classify(code, smtpCode);
    if (code != CURLE_OK) {
        QString detail = QString::fromUtf8(errorBuffer).trimmed();
        if (detail.isEmpty())
            detail = QString::fromUtf8(curl_easy_strerror(code));
        if (code == CURLE_LOGIN_DENIED)
            result.error = tr("SMTP authentication failed (%1).").arg(smtpCode);
        else if (code == CURLE_OPERATION_TIMEDOUT)
            result.error = tr("SMTP server did not answer in time.");
        else if (smtpCode > 0)
            result.error = tr("SMTP error %1: %2").arg(smtpCode).arg(detail);
        else
            result.error = tr("SMTP error: %1").arg(detail);
    }
    return result;
}

} // namespace opsdeck::alerts
