#include "PrometheusServer.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTcpServer>
#include <QThread>
#include <QTimer>

#include <csignal>
#include <sys/prctl.h>

PrometheusServer::PrometheusServer(QString workDir)
    : m_dir(std::move(workDir))
{ }

PrometheusServer::~PrometheusServer()
{
    stop();
}

bool PrometheusServer::available()
{
    return !QStandardPaths::findExecutable(QStringLiteral("prometheus")).isEmpty()
        && !QStandardPaths::findExecutable(QStringLiteral("promtool")).isEmpty();
}

bool PrometheusServer::createBlocks(const QString& openMetricsFile, QString* error)
{
    QProcess promtool;
    promtool.setProcessChannelMode(QProcess::MergedChannels);
    promtool.start(QStringLiteral("promtool"),
        { QStringLiteral("tsdb"), QStringLiteral("create-blocks-from"), QStringLiteral("openmetrics"),
            openMetricsFile, m_dir + QStringLiteral("/tsdb") });
    if (!promtool.waitForFinished(600'000) || promtool.exitStatus() != QProcess::NormalExit
        || promtool.exitCode() != 0) {
        *error = QStringLiteral("promtool create-blocks-from failed: ") + QString::fromUtf8(promtool.readAll());
        return false;
    }
    return true;
}

bool PrometheusServer::start(QString* error, int readyTimeoutMs)
{
    QDir().mkpath(m_dir);
    QFile config(m_dir + QStringLiteral("/empty.yml"));
    if (!config.open(QIODevice::WriteOnly) || config.write(m_config) < 0) {
        *error = QStringLiteral("cannot write ") + config.fileName();
        return false;
    }
    config.close();

    // Free loopback port: bind port 0, read it, release it. Retried if prometheus loses the race.
    for (int attempt = 0; attempt < 3; ++attempt) {
        {
            QTcpServer probe;
            if (!probe.listen(QHostAddress::LocalHost, 0)) {
                *error = QStringLiteral("no free port");
                return false;
            }
            m_port = probe.serverPort();
        }
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.setStandardOutputFile(QProcess::nullDevice());
        m_process.setStandardErrorFile(m_dir + QStringLiteral("/prometheus.log"));
        // If the test process dies without cleaning up, the server goes with it.
        m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        QStringList args { QStringLiteral("--config.file=") + config.fileName(),
            QStringLiteral("--storage.tsdb.path=") + m_dir + QStringLiteral("/tsdb"),
            QStringLiteral("--storage.tsdb.retention.time=100y"),
            QStringLiteral("--web.listen-address=127.0.0.1:") + QString::number(m_port),
            QStringLiteral("--log.level=warn") };
        if (m_remoteWriteReceiver)
            args.append(QStringLiteral("--web.enable-remote-write-receiver"));
        m_process.start(QStringLiteral("prometheus"), args);
        if (!m_process.waitForStarted(10'000)) {
            *error = QStringLiteral("cannot start prometheus: ") + m_process.errorString();
            return false;
        }
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < readyTimeoutMs && m_process.state() == QProcess::Running) {
            int status = 0;
            get(QStringLiteral("/-/ready"), {}, &status);
            if (status == 200)
                return true;
            QThread::msleep(100);
        }
        if (m_process.state() == QProcess::Running) {
            *error = QStringLiteral("prometheus not ready after %1 ms: %2").arg(readyTimeoutMs).arg(log());
            stop();
            return false;
        }
        m_process.waitForFinished(1000);
        if (!log().contains(QLatin1String("address already in use"))) {
            *error = QStringLiteral("prometheus exited: ") + log();
            return false;
        }
    }
    *error = QStringLiteral("prometheus could not bind a port: ") + log();
    return false;
}

void PrometheusServer::stop()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(10'000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
}

QString PrometheusServer::log() const
{
    QFile f(m_dir + QStringLiteral("/prometheus.log"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll().right(4000));
}

QString PrometheusServer::seconds(qint64 ms)
{
    const QString sign = ms < 0 ? QStringLiteral("-") : QString();
    const qint64 a = ms < 0 ? -ms : ms;
    return sign + QString::number(a / 1000) + QLatin1Char('.')
        + QStringLiteral("%1").arg(a % 1000, 3, 10, QLatin1Char('0'));
}

QByteArray PrometheusServer::instant(const QString& expr, qint64 timeMs, qint64* elapsedNs)
{
    const Params q = { { QStringLiteral("query"), expr }, { QStringLiteral("time"), seconds(timeMs) } };
    return get(QStringLiteral("/api/v1/query"), q, nullptr, elapsedNs);
}

QByteArray PrometheusServer::range(
    const QString& expr, qint64 startMs, qint64 endMs, qint64 stepMs, qint64* elapsedNs)
{
    const Params q = { { QStringLiteral("query"), expr }, { QStringLiteral("start"), seconds(startMs) },
        { QStringLiteral("end"), seconds(endMs) }, { QStringLiteral("step"), seconds(stepMs) } };
    return get(QStringLiteral("/api/v1/query_range"), q, nullptr, elapsedNs);
}

bool PrometheusServer::remoteWrite(const QByteArray& snappyBody, QString* error)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1/write").arg(m_port)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/x-protobuf"));
    request.setRawHeader("Content-Encoding", "snappy");
    request.setRawHeader("X-Prometheus-Remote-Write-Version", "0.1.0");
    request.setTransferTimeout(60'000);
    QNetworkReply* reply = m_network.post(request, snappyBody);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    if (status / 100 == 2)
        return true;
    *error = QStringLiteral("remote write: HTTP %1: %2; log: %3").arg(status).arg(QString::fromUtf8(body), log());
    return false;
}

QByteArray PrometheusServer::get(const QString& path, const Params& params, int* httpStatus, qint64* elapsedNs)
{
    QByteArray encoded = "http://127.0.0.1:" + QByteArray::number(m_port) + path.toUtf8();
    for (qsizetype i = 0; i < params.size(); ++i) {
        encoded += i == 0 ? '?' : '&';
        encoded += QUrl::toPercentEncoding(params[i].first) + '=' + QUrl::toPercentEncoding(params[i].second);
    }
    const QUrl url = QUrl::fromEncoded(encoded, QUrl::StrictMode);
    QNetworkRequest request(url);
    request.setTransferTimeout(120'000);
    QElapsedTimer timer;
    timer.start();
    QNetworkReply* reply = m_network.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    if (elapsedNs)
        *elapsedNs = timer.nsecsElapsed();
    if (httpStatus)
        *httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}
