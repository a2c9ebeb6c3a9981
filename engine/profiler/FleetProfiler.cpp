#include "profiler/FleetProfiler.h"

#include "scrape/ScrapeTarget.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace opsdeck::profiler {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("FleetProfiler", text);
}

constexpr qint64 kMaxBody = 8 * 1024 * 1024;

QString replyError(QNetworkReply* reply, const FleetTarget& target)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll().left(4096);
    QString message = QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toString();
    if (status == 401)
        return target.bearerToken.isEmpty() ? tr("401: no token (the agent needs one)") : tr("401: wrong token");
    if (status == 403)
        return tr("403: %1").arg(message.isEmpty() ? tr("forbidden") : message);
    if (status == 404)
        return tr("not an opsdeck-agent (no /api/v1/profile)");
    if (status >= 300)
        return message.isEmpty() ? tr("HTTP %1").arg(status) : tr("HTTP %1: %2").arg(status).arg(message);
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return tr("connection refused");
    case QNetworkReply::HostNotFoundError:
        return tr("host not found: %1").arg(target.url.host());
    case QNetworkReply::RemoteHostClosedError:
        return tr("connection closed before the agent answered");
    case QNetworkReply::SslHandshakeFailedError:
        return tr("TLS handshake failed (%1): check the CA file or the insecure setting")
            .arg(reply->errorString());
    default:
        return reply->errorString();
    }
}

struct Collection
{
    FleetSnapshot fleet;
    QElapsedTimer timer;
    QHash<QNetworkReply*, qsizetype> pending; // reply -> index in fleet.hosts
    QHash<QNetworkReply*, qint64> firstByte;
    bool localPending = false;
    bool finished = false;
    QTimer* deadline = nullptr;
    FleetProfiler::Done done;
};

} // namespace

FleetTarget fleetTarget(const scrape::ScrapeTarget& target)
{
    FleetTarget t;
    t.instance = target.effectiveInstance();
    t.url = target.url;
    t.bearerToken = target.bearerToken;
    t.tlsCaFile = target.tlsCaFile;
    t.tlsInsecure = target.tlsInsecure;
    return t;
}

QUrl profileUrl(const QUrl& targetUrl)
{
    QUrl url = targetUrl.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment);
    url.setPath(QStringLiteral("/api/v1/profile"));
    return url;
}

FleetProfiler::FleetProfiler(QObject* parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    m_network->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
}

FleetProfiler::~FleetProfiler() = default;

void FleetProfiler::collect(
    const QList<FleetTarget>& targets, int deadlineMs, const LocalCollector& local, Done done)
{
    auto c = std::make_shared<Collection>();
    c->timer.start();
    c->done = std::move(done);
    c->fleet.takenAtMs = QDateTime::currentMSecsSinceEpoch();
    c->fleet.deadlineMs = deadlineMs;
    const DetectorOptions detector = m_detector;

    const auto finish = [c, detector]() {
        if (c->finished || !c->pending.isEmpty() || c->localPending)
            return;
        c->finished = true;
        if (c->deadline)
            c->deadline->deleteLater();
        FleetSnapshot& f = c->fleet;
        f.elapsedMs = c->timer.elapsed();
        for (HostProfile& h : f.hosts)
            if (h.reachable)
                h.worst = worstSeverity(h, detector, &h.worstResource);
        std::stable_sort(f.hosts.begin(), f.hosts.end(), [](const HostProfile& a, const HostProfile& b) {
            if (a.reachable != b.reachable)
                return a.reachable;
            return static_cast<int>(a.worst) > static_cast<int>(b.worst);
        });
        f.bottlenecks = rankBottlenecks(f.hosts, detector);
        if (c->done)
            c->done(f);
    };

    for (const FleetTarget& t : targets) {
        HostProfile host;
        host.instance = t.instance.isEmpty() ? t.url.authority() : t.instance;
        const QUrl url = profileUrl(t.url);
        host.url = url.toString();
        c->fleet.hosts.append(host);
        const qsizetype index = c->fleet.hosts.size() - 1;
        if (!url.isValid() || url.host().isEmpty()
            || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
            c->fleet.hosts[index].error = tr("not an http(s) URL: %1").arg(t.url.toString());
            continue;
        }
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
        request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
        request.setRawHeader("Accept", "application/json");
        if (!t.bearerToken.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + t.bearerToken.trimmed().toUtf8());
        if (url.scheme() == QLatin1String("https")) {
            QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
            if (!t.tlsCaFile.isEmpty())
                tls.setCaCertificates(QSslCertificate::fromPath(t.tlsCaFile, QSsl::Pem));
            if (t.tlsInsecure)
                tls.setPeerVerifyMode(QSslSocket::VerifyNone);
            request.setSslConfiguration(tls);
        }
        QNetworkReply* reply = m_network->get(request);
        c->pending.insert(reply, index);
        connect(reply, &QNetworkReply::metaDataChanged, this, [c, reply]() {
            if (!c->firstByte.contains(reply))
                c->firstByte.insert(reply, c->timer.elapsed());
        });
        connect(reply, &QNetworkReply::downloadProgress, this, [reply](qint64 received, qint64) {
            if (received > kMaxBody)
                reply->abort();
        });
        connect(reply, &QNetworkReply::finished, this, [c, reply, t, finish]() {
            reply->deleteLater();
            const auto it = c->pending.find(reply);
            if (it == c->pending.end())
                return; // given up at the deadline
            HostProfile& h = c->fleet.hosts[*it];
            c->pending.erase(it);
            h.elapsedMs = c->timer.elapsed();
            if (c->firstByte.contains(reply))
                h.firstByteMs = static_cast<double>(c->firstByte.value(reply));
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (reply->error() != QNetworkReply::NoError || status != 200) {
                h.error = replyError(reply, t);
            } else {
                QJsonParseError parse;
                const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll(), &parse);
                QString error;
                const auto snapshot
                    = doc.isObject() ? collect::profileSnapshotFromJson(doc.object(), &error) : std::nullopt;
                if (!snapshot) {
                    h.error = tr("not a profile: %1").arg(doc.isObject() ? error : parse.errorString());
                } else {
                    h.snapshot = *snapshot;
                    h.reachable = true;
                }
            }
            finish();
        });
    }

    if (local) {
        HostProfile h;
        h.instance = kLocalHostName;
        c->fleet.hosts.append(h);
        const qsizetype index = c->fleet.hosts.size() - 1;
        c->localPending = true;
        QPointer<FleetProfiler> self(this);
        QThreadPool::globalInstance()->start([self, c, index, local, finish]() {
            QString error;
            auto snapshot = local(&error);
            if (!self)
                return;
            QMetaObject::invokeMethod(
                self.data(),
                [c, index, snapshot = std::move(snapshot), error, finish]() {
                    HostProfile& lh = c->fleet.hosts[index];
                    lh.elapsedMs = c->timer.elapsed();
                    if (snapshot) {
                        lh.snapshot = *snapshot;
                        lh.reachable = true;
                    } else {
                        lh.error = error.isEmpty() ? tr("the local collector gave no snapshot") : error;
                    }
                    c->localPending = false;
                    finish();
                },
                Qt::QueuedConnection);
        });
    }

    if (!c->pending.isEmpty()) {
        c->deadline = new QTimer(this);
        c->deadline->setSingleShot(true);
        connect(c->deadline, &QTimer::timeout, this, [c, deadlineMs, finish]() {
            const auto pending = c->pending;
            c->pending.clear();
            for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
                HostProfile& h = c->fleet.hosts[it.value()];
                h.elapsedMs = c->timer.elapsed();
                h.error = tr("no answer within %1 ms").arg(deadlineMs);
                it.key()->abort();
            }
            finish();
        });
        c->deadline->start(std::max(1, deadlineMs));
    }
    // Nothing asked (all targets invalid, no local): done on the next turn of the loop.
    QMetaObject::invokeMethod(this, finish, Qt::QueuedConnection);
}

} // namespace opsdeck::profiler
