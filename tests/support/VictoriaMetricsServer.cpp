#include "VictoriaMetricsServer.h"

#include "AgentProcess.h"
#include "metrics/LabelMatcher.h"
#include "metrics/SeriesStore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>

#include <cmath>
#include <cstdio>
#include <limits>

#include <signal.h>
#include <sys/prctl.h>

VictoriaMetricsServer::VictoriaMetricsServer(QString dataDir)
    : m_dir(std::move(dataDir))
{ }

VictoriaMetricsServer::~VictoriaMetricsServer()
{
    stop();
}

bool VictoriaMetricsServer::available()
{
    return !QStandardPaths::findExecutable(QStringLiteral("victoria-metrics")).isEmpty();
}

bool VictoriaMetricsServer::start(QString* error, quint16 port)
{
    QDir().mkpath(m_dir);
    m_port = port ? port : (m_port ? m_port : freeLoopbackPort());
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(m_dir + QStringLiteral("/vm.log"), QIODevice::Append);
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    m_process.start(QStringLiteral("victoria-metrics"),
        { QStringLiteral("-httpListenAddr=127.0.0.1:%1").arg(m_port),
            QStringLiteral("-storageDataPath=") + m_dir + QStringLiteral("/data"),
            QStringLiteral("-retentionPeriod=100y"), QStringLiteral("-loggerLevel=ERROR"),
            // Without these a query may miss samples of the last ~30 s or
            // answer from a cache filled before an import.
            QStringLiteral("-search.latencyOffset=0s"), QStringLiteral("-search.disableCache") });
    if (!m_process.waitForStarted(10'000)) {
        *error = QStringLiteral("cannot start victoria-metrics: ") + m_process.errorString();
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 30'000 && m_process.state() == QProcess::Running) {
        const HttpResult r = httpRequest(
            "GET", QUrl(url() + QStringLiteral("/health")), {}, QByteArray(), QSslCertificate(), 1000);
        if (r.status == 200)
            return true;
        QThread::msleep(100);
    }
    *error = QStringLiteral("victoria-metrics not ready: ") + log();
    return false;
}

void VictoriaMetricsServer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(15'000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString VictoriaMetricsServer::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

QString VictoriaMetricsServer::writeUrl() const
{
    return url() + QStringLiteral("/api/v1/write");
}

QString VictoriaMetricsServer::log() const
{
    QFile f(m_dir + QStringLiteral("/vm.log"));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll().right(4000)) : QString();
}

bool VictoriaMetricsServer::flush(QString* error)
{
    const HttpResult r = httpRequest(
        "GET", QUrl(url() + QStringLiteral("/internal/force_flush")), {}, QByteArray(), QSslCertificate(), 30'000);
    if (r.status == 200)
        return true;
    *error = QStringLiteral("force_flush: HTTP %1 %2").arg(r.status).arg(QString::fromUtf8(r.body.left(300)));
    return false;
}

bool VictoriaMetricsServer::importPrometheus(const QByteArray& text, QString* error)
{
    const HttpResult r = httpRequest("POST", QUrl(url() + QStringLiteral("/api/v1/import/prometheus")),
        { { "Content-Type", "text/plain" } }, text, QSslCertificate(), 120'000);
    if (r.status != 204 && r.status != 200) {
        *error = QStringLiteral("import/prometheus: HTTP %1 %2")
                     .arg(r.status)
                     .arg(QString::fromUtf8(r.body.left(300)) + log());
        return false;
    }
    return flush(error);
}

QByteArray VictoriaMetricsServer::get(const QString& path, const Params& params, int* httpStatus, int timeoutMs)
{
    QByteArray query;
    for (const auto& [name, value] : params) {
        query += query.isEmpty() ? '?' : '&';
        query += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    const HttpResult r = httpRequest(
        "GET", QUrl::fromEncoded((url() + path).toUtf8() + query), {}, QByteArray(), QSslCertificate(), timeoutMs);
    if (httpStatus)
        *httpStatus = r.status;
    return r.body;
}

namespace {

// Text format 0.0.4 label value escaping: backslash, double quote, line feed.
QByteArray escaped(QByteArray value)
{
    value.replace('\\', "\\\\");
    value.replace('"', "\\\"");
    value.replace('\n', "\\n");
    return value;
}

} // namespace

bool VictoriaMetricsServer::importStore(const opsdeck::metrics::SeriesStore& store, QString* error)
{
    using opsdeck::metrics::LabelMatcher;
    constexpr qsizetype kRequestBytes = 8 * 1024 * 1024;
    QByteArray text;
    for (const opsdeck::metrics::SeriesRef ref :
        store.select({ LabelMatcher(LabelMatcher::Type::Regex, "__name__", ".+") })) {
        QByteArray name;
        QByteArray labels;
        for (const opsdeck::metrics::Label& l : store.labels(ref)) {
            if (l.name == "__name__") {
                name = l.value;
                continue;
            }
            labels += labels.isEmpty() ? '{' : ',';
            labels += l.name + "=\"" + escaped(l.value) + '"';
        }
        if (!labels.isEmpty())
            labels += '}';
        const QByteArray series = name + labels + ' ';
        for (const opsdeck::metrics::Sample& sample :
            store.read(ref, std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max())) {
            if (opsdeck::metrics::isStaleMarker(sample.value))
                continue;
            char value[64];
            if (std::isnan(sample.value))
                std::snprintf(value, sizeof value, "NaN");
            else if (std::isinf(sample.value))
                std::snprintf(value, sizeof value, sample.value > 0 ? "+Inf" : "-Inf");
            else
                std::snprintf(value, sizeof value, "%.17g", sample.value);
            // Through a pointer: QStringBuilder takes a char array as a literal of its full size.
            const char* valueText = value;
            text += series + valueText + ' ' + QByteArray::number(sample.timestampMs) + '\n';
        }
        if (text.size() >= kRequestBytes) {
            if (!importPrometheus(text, error))
                return false;
            text.clear();
        }
    }
    return text.isEmpty() ? flush(error) : importPrometheus(text, error);
}
