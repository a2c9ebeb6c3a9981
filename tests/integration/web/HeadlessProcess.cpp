#include "HeadlessProcess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkReply>
#include <QRegularExpression>

#include <cmath>
#include <csignal>
#include <sys/prctl.h>

HeadlessProcess::HeadlessProcess(QString workDir)
    : m_dir(std::move(workDir))
{ }

HeadlessProcess::~HeadlessProcess()
{
    stop();
}

bool HeadlessProcess::start(const QByteArray& configYaml, const QString& importFile, QString* error, int timeoutMs)
{
    QDir().mkpath(m_dir + QStringLiteral("/state"));
    QFile config(m_dir + QStringLiteral("/headless.yml"));
    if (!config.open(QIODevice::WriteOnly)
        || config.write("data_directory: " + (m_dir + QStringLiteral("/state")).toUtf8() + '\n' + configYaml)
            < 0) {
        *error = QStringLiteral("cannot write ") + config.fileName();
        return false;
    }
    config.close();
    QStringList args { QStringLiteral("--headless"), QStringLiteral("--config"), config.fileName() };
    if (!importFile.isEmpty())
        args << QStringLiteral("--import") << importFile;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_dir);
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir + QStringLiteral("/xdg-data"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir + QStringLiteral("/xdg-config"));
    m_process.setProcessEnvironment(env);
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    m_process.start(QStringLiteral(OPSDECK_BIN), args);
    if (!m_process.waitForStarted(10'000)) {
        *error = QStringLiteral("cannot start opsdeck: ") + m_process.errorString();
        return false;
    }
    static const QRegularExpression ready(QStringLiteral("web API listening on (https?://[^\\s]+):(\\d+)"));
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        m_process.waitForReadyRead(200);
        m_stderr += m_process.readAllStandardError();
        m_process.readAllStandardOutput();
        const QRegularExpressionMatch m = ready.match(QString::fromUtf8(m_stderr));
        if (m.hasMatch()) {
            m_baseUrl = m.captured(1) + u':' + m.captured(2);
            m_port = m.captured(2).toInt();
            return true;
        }
        if (m_process.state() != QProcess::Running) {
            m_stderr += m_process.readAllStandardError();
            *error = QStringLiteral("opsdeck --headless exited: ") + log();
            return false;
        }
    }
    *error = QStringLiteral("no ready line after %1 ms: %2").arg(timeoutMs).arg(log());
    return false;
}

int HeadlessProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    m_process.terminate();
    if (!m_process.waitForFinished(20'000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
        return -1;
    }
    m_stderr += m_process.readAllStandardError();
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

QString HeadlessProcess::log() const
{
    return QString::fromUtf8(m_stderr.right(4000));
}

QByteArray RecentDataset::openMetrics(qint64 endMs, int instances)
{
    const qint64 end = endMs - endMs % kStepMs;
    const qint64 start = end - kSpanMs;
    QByteArray out;
    out += "# TYPE web_requests counter\n";
    for (int i = 0; i < instances; ++i) {
        const QByteArray instance = QByteArrayLiteral("host-") + QByteArray::number(i).rightJustified(2, '0');
        for (const char* code : { "200", "500" }) {
            const double perStep = (code[0] == '2' ? 40.0 : 1.5) * (1 + i % 7);
            for (qint64 t = start; t <= end; t += kStepMs) {
                const double value = perStep * double((t - start) / kStepMs) + double(i);
                out += "web_requests_total{code=\"" + QByteArray(code) + "\",instance=\"" + instance
                    + "\",job=\"web\"} " + QByteArray::number(value, 'g', 17) + ' ' + QByteArray::number(t / 1000)
                    + '\n';
            }
        }
    }
    out += "# TYPE web_temperature_celsius gauge\n";
    for (int i = 0; i < instances; ++i) {
        const QByteArray instance = QByteArrayLiteral("host-") + QByteArray::number(i).rightJustified(2, '0');
        for (qint64 t = start; t <= end; t += kStepMs) {
            const double value = 40.0 + 10.0 * std::sin(double(t - start) / 600'000.0 + i) + 0.25 * i;
            out += "web_temperature_celsius{instance=\"" + instance + "\",job=\"web\"} "
                + QByteArray::number(value, 'g', 17) + ' ' + QByteArray::number(t / 1000) + '\n';
        }
    }
    out += "# EOF\n";
    return out;
}

HttpReply httpRequest(QNetworkAccessManager& network, const QByteArray& method, const QByteArray& encodedUrl,
    const QByteArray& body, const QList<QPair<QByteArray, QByteArray>>& headers)
{
    QNetworkRequest request(QUrl::fromEncoded(encodedUrl, QUrl::StrictMode));
    request.setTransferTimeout(120'000);
    for (const auto& h : headers)
        request.setRawHeader(h.first, h.second);
    if (method == "POST" && !request.hasRawHeader("Content-Type"))
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/x-www-form-urlencoded"));
    QElapsedTimer timer;
    timer.start();
    QNetworkReply* reply = network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    HttpReply r;
    r.elapsedNs = timer.nsecsElapsed();
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    r.body = reply->readAll();
    reply->deleteLater();
    return r;
}
