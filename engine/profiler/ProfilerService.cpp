#include "profiler/ProfilerService.h"

#include "profiler/Baseline.h"
#include "profiler/PostgresAnalyzer.h"
#include "profiler/RedisLatencyAnalyzer.h"
#include "scrape/TargetCatalog.h"
#include "ServiceThread.h"
#include "storage/Database.h"
#include "storage/StateWriter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QMutexLocker>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QThreadPool>
#include <QTimer>
#include <QUrlQuery>

#include <memory>

namespace opsdeck::profiler {

namespace {

constexpr qint64 kHistoryWindowMs = 3600 * 1000; // the hour before a baseline / comparison

} // namespace

// Lives on the service's own thread: the fleet profiler's QNetworkAccessManager
// and the CPU profile requests.
class ProfilerWorker final : public QObject
{
public:
    FleetProfiler* fleet = nullptr;
    QHash<int, QPointer<QNetworkReply>> cpuJobs;
};

struct CpuJob
{
    int id = 0;
    int seconds = 0;
    QElapsedTimer timer;
    QTimer* progress = nullptr;
    std::shared_ptr<std::atomic_bool> cancelled = std::make_shared<std::atomic_bool>(false);
    bool local = false;
};

struct ProfilerService::Private
{
    ProfilerServiceOptions options;
    ServiceThread<ProfilerWorker> thread { QStringLiteral("ProfilerService") };
    mutable QMutex mutex;
    FleetSnapshot last;
    QTimer live;
    bool refreshing = false;
    bool refreshAgain = false;
    int nextJob = 1;
    QHash<int, std::shared_ptr<CpuJob>> jobs;

    QList<FleetTarget> targets() const
    {
        if (!options.targets.isEmpty() || !options.catalog)
            return options.targets;
        QList<FleetTarget> out;
        for (const scrape::ScrapeTarget& t : options.catalog->targets())
            if (t.enabled)
                out.append(fleetTarget(t));
        return out;
    }
};

ProfilerService::ProfilerService(const ProfilerServiceOptions& options, QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->options = options;
    const DetectorOptions detector = options.detector;
    d->thread.start(new ProfilerWorker, [detector](ProfilerWorker& w) {
        w.fleet = new FleetProfiler(&w);
        w.fleet->setDetectorOptions(detector);
    });
    d->live.setTimerType(Qt::CoarseTimer);
    connect(&d->live, &QTimer::timeout, this, &ProfilerService::refresh);
}

ProfilerService::~ProfilerService()
{
    d->live.stop();
    for (const auto& job : std::as_const(d->jobs))
        job->cancelled->store(true);
    d->thread.stop();
    // Local CPU profiles and fillHistory jobs hold only shared state and QPointers.
    QThreadPool::globalInstance()->waitForDone(5000);
}

namespace {

// Takes `count` fleet snapshots `intervalMs` apart on the worker's thread, then done(list) there.
void takeSnapshots(FleetProfiler* fleet, QList<FleetTarget> targets, int deadlineMs,
    FleetProfiler::LocalCollector local, int count, int intervalMs, std::shared_ptr<QList<FleetSnapshot>> taken,
    std::function<void(QList<FleetSnapshot>)> done)
{
    fleet->collect(targets, deadlineMs, local,
        [fleet, targets, deadlineMs, local, count, intervalMs, taken, done](FleetSnapshot snapshot) {
            taken->append(snapshot);
            if (taken->size() >= count) {
                done(*taken);
                return;
            }
            QTimer::singleShot(intervalMs, fleet,
                [=]() { takeSnapshots(fleet, targets, deadlineMs, local, count, intervalMs, taken, done); });
        });
}

QStringList instancesOf(const FleetSnapshot& fleet, const QString& localInstance)
{
    QStringList out;
    for (const HostProfile& h : fleet.hosts) {
        if (h.instance == kLocalHostName)
            if (!localInstance.isEmpty())
                out.append(localInstance);
        if (h.instance != kLocalHostName)
            out.append(h.instance);
    }
    return out;
}

} // namespace

void ProfilerService::refresh()
{
    if (d->refreshing) {
        d->refreshAgain = true;
        return;
    }
    d->refreshing = true;
    const QList<FleetTarget> targets = d->targets();
    const int deadline = d->options.deadlineMs;
    const auto local = d->options.localCollector;
    const query::QuerySource* history = d->options.history;
    const DetectorOptions detector = d->options.detector;
    const QString localInstance = d->options.localInstance;
    QPointer<ProfilerService> self(this);
    const auto deliver = [self](FleetSnapshot fleet) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, fleet]() {
                if (!self)
                    return;
                {
                    QMutexLocker lock(&self->d->mutex);
                    self->d->last = fleet;
                }
                self->d->refreshing = false;
                emit self->fleetUpdated(fleet);
                if (std::exchange(self->d->refreshAgain, false))
                    self->refresh();
            },
            Qt::QueuedConnection);
    };
    d->thread.post([=](ProfilerWorker& w) {
        w.fleet->collect(targets, deadline, local, [=](FleetSnapshot fleet) {
            if (!history || fleet.bottlenecks.isEmpty()) {
                deliver(fleet);
                return;
            }
            // The history step queries the store (or a remote source): off the network thread.
            QThreadPool::globalInstance()->start([=]() mutable {
                fillHistory(
                    fleet.bottlenecks, *history, QDateTime::currentMSecsSinceEpoch(), detector, localInstance);
                deliver(fleet);
            });
        });
    });
}

void ProfilerService::setLiveInterval(int ms)
{
    if (ms <= 0) {
        d->live.stop();
        return;
    }
    d->live.start(ms);
    if (!d->refreshing)
        refresh();
}

FleetSnapshot ProfilerService::lastFleet() const
{
    QMutexLocker lock(&d->mutex);
    return d->last;
}

int ProfilerService::startCpuProfile(const QString& instance, qint64 pid, int seconds)
{
    auto job = std::make_shared<CpuJob>();
    job->id = d->nextJob++;
    job->seconds = std::max(1, seconds);
    job->timer.start();
    d->jobs.insert(job->id, job);
    const int id = job->id;
    QPointer<ProfilerService> self(this);
    const auto finish = [self, id](std::optional<collect::CpuProfile> profile, QString error) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, id, profile, error]() {
                if (!self)
                    return;
                const auto j = self->d->jobs.take(id);
                if (!j)
                    return;
                if (j->progress)
                    j->progress->deleteLater();
                if (profile)
                    emit self->cpuProfileProgress(id, 1.0);
                emit self->cpuProfileFinished(id, profile.value_or(collect::CpuProfile {}), error);
            },
            Qt::QueuedConnection);
    };

    job->progress = new QTimer(this);
    connect(job->progress, &QTimer::timeout, this, [this, job]() {
        emit cpuProfileProgress(job->id, std::min(0.99, job->timer.elapsed() / (1000.0 * job->seconds)));
    });
    job->progress->start(500);
    QTimer::singleShot(0, this, [this, job]() { emit cpuProfileProgress(job->id, 0.0); });

    if (instance == kLocalHostName) {
        job->local = true;
        const auto profiler = d->options.localCpuProfiler;
        if (!profiler) {
            finish(std::nullopt,
                tr("CPU profiles of this machine need the in-process profiler, which this build lacks; "
                   "run opsdeck-agent here and add it as a target"));
            return id;
        }
        const auto cancelled = job->cancelled;
        const int secs = job->seconds;
        QThreadPool::globalInstance()->start([profiler, pid, secs, cancelled, finish]() {
            QString error;
            auto profile = profiler(pid, secs, cancelled.get(), &error);
            if (cancelled->load())
                finish(std::nullopt, tr("cancelled"));
            else
                finish(profile, profile ? QString() : error);
        });
        return id;
    }

    std::optional<FleetTarget> target;
    for (const FleetTarget& t : d->targets())
        if (t.instance == instance || t.url.authority() == instance)
            target = t;
    if (!target) {
        finish(std::nullopt, tr("no target named %1").arg(instance));
        return id;
    }
    const int secs = job->seconds;
    d->thread.post([id, target = *target, pid, secs, finish](ProfilerWorker& w) {
        QUrl url = profileUrl(target.url);
        url.setPath(QStringLiteral("/api/v1/profile/cpu"));
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("pid"), QString::number(pid));
        query.addQueryItem(QStringLiteral("seconds"), QString::number(secs));
        url.setQuery(query);
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setTransferTimeout(secs * 1000 + 15'000);
        if (!target.bearerToken.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + target.bearerToken.trimmed().toUtf8());
        if (url.scheme() == QLatin1String("https")) {
            QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
            if (!target.tlsCaFile.isEmpty())
                tls.setCaCertificates(QSslCertificate::fromPath(target.tlsCaFile, QSsl::Pem));
            if (target.tlsInsecure)
                tls.setPeerVerifyMode(QSslSocket::VerifyNone);
            request.setSslConfiguration(tls);
        }
        QNetworkReply* reply = w.fleet->network()->post(request, QByteArray());
        w.cpuJobs.insert(id, reply);
        QObject::connect(reply, &QNetworkReply::finished, &w, [&w, id, reply, finish]() {
            reply->deleteLater();
            w.cpuJobs.remove(id);
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray body = reply->readAll();
            const QJsonObject json = QJsonDocument::fromJson(body).object();
            if (reply->error() == QNetworkReply::OperationCanceledError) {
                finish(std::nullopt, tr("cancelled"));
                return;
            }
            if (status != 200) {
                const QString message = json.value(QStringLiteral("error")).toString();
                finish(std::nullopt,
                    status > 0
                        ? tr("HTTP %1: %2").arg(status).arg(message.isEmpty() ? reply->errorString() : message)
                        : reply->errorString());
                return;
            }
            QString error;
            auto profile = collect::cpuProfileFromJson(json, &error);
            finish(profile, profile ? QString() : tr("not a CPU profile: %1").arg(error));
        });
    });
    return id;
}

void ProfilerService::cancelCpuProfile(int job)
{
    const auto j = d->jobs.value(job);
    if (!j)
        return;
    j->cancelled->store(true);
    if (!j->local)
        d->thread.post([job](ProfilerWorker& w) {
            if (const QPointer<QNetworkReply> reply = w.cpuJobs.value(job); reply)
                reply->abort();
        });
}

QStringList ProfilerService::databaseTargets() const
{
    QStringList names;
    for (const DatabaseTarget& t : d->options.databases)
        names.append(t.name);
    return names;
}

void ProfilerService::refreshDatabases()
{
    const QList<DatabaseTarget> targets = d->options.databases;
    QPointer<ProfilerService> self(this);
    QThreadPool::globalInstance()->start([self, targets]() {
        QList<PostgresReport> postgres;
        QList<RedisLatencyReport> redis;
        for (const DatabaseTarget& t : targets) {
            if (t.type == DatabaseTarget::PostgreSql)
                postgres.append(analysePostgres(t));
            else
                redis.append(analyseRedis(t));
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, postgres, redis]() {
                if (self)
                    emit self->databasesUpdated(postgres, redis);
            },
            Qt::QueuedConnection);
    });
}

namespace {

// Current samples: snapshots a second apart and the last hour of history, then done(fleet, samples)
// on context's thread.
void gatherSamples(ServiceThread<ProfilerWorker>& thread, const ProfilerServiceOptions& o,
    const QList<FleetTarget>& targets, QObject* context,
    std::function<void(FleetSnapshot, QList<SampleSeries>)> done)
{
    QPointer<QObject> guard(context);
    const auto local = o.localCollector;
    const query::QuerySource* history = o.history;
    const QString localInstance = o.localInstance;
    const int count = std::max(1, o.comparisonSnapshots);
    const int interval = o.comparisonIntervalMs;
    const int deadline = o.deadlineMs;
    thread.post([=](ProfilerWorker& w) {
        takeSnapshots(w.fleet, targets, deadline, local, count, interval, std::make_shared<QList<FleetSnapshot>>(),
            [=](QList<FleetSnapshot> snapshots) {
                QThreadPool::globalInstance()->start([=]() {
                    QList<SampleSeries> samples = samplesFromSnapshots(snapshots);
                    const FleetSnapshot fleet = snapshots.constLast();
                    if (history) {
                        const qint64 now = QDateTime::currentMSecsSinceEpoch();
                        samples.append(samplesFromHistory(
                            *history, instancesOf(fleet, localInstance), now - kHistoryWindowMs, now));
                    }
                    QMetaObject::invokeMethod(
                        guard.data(),
                        [guard, done, fleet, samples]() {
                            if (guard)
                                done(fleet, samples);
                        },
                        Qt::QueuedConnection);
                });
            });
    });
}

} // namespace

void ProfilerService::saveBaseline(const QString& name)
{
    storage::StateWriter* writer = d->options.stateWriter;
    if (!writer) {
        QTimer::singleShot(0, this, [this]() { emit baselinesChanged({}); });
        return;
    }
    gatherSamples(d->thread, d->options, d->targets(), this,
        [this, writer, name](FleetSnapshot fleet, QList<SampleSeries> samples) {
            writer->run<QStringList>(
                [name, fleet, samples](storage::Database& db) {
                    BaselineRepository repo(db);
                    repo.save(name, fleet.takenAtMs, fleet, samples);
                    return repo.names().value_or(QStringList {});
                },
                this, [this](QStringList names) { emit baselinesChanged(names); });
        });
}

void ProfilerService::listBaselines()
{
    storage::StateWriter* writer = d->options.stateWriter;
    if (!writer) {
        QTimer::singleShot(0, this, [this]() { emit baselinesChanged({}); });
        return;
    }
    writer->run<QStringList>(
        [](storage::Database& db) { return BaselineRepository(db).names().value_or(QStringList {}); }, this,
        [this](QStringList names) { emit baselinesChanged(names); });
}

void ProfilerService::compareWith(const QString& baseline)
{
    storage::StateWriter* writer = d->options.stateWriter;
    const auto failed = [this, baseline](const QString& why) {
        RegressionReport r;
        r.baseline = baseline;
        r.comparedAtMs = QDateTime::currentMSecsSinceEpoch();
        r.notes.append(why);
        emit regressionReady(r);
    };
    if (!writer) {
        QTimer::singleShot(0, this, [failed]() { failed(tr("no state database to read baselines from")); });
        return;
    }
    struct Loaded
    {
        std::optional<StoredBaseline> baseline;
        QString error;
    };
    writer->run<std::shared_ptr<Loaded>>(
        [baseline](storage::Database& db) {
            auto loaded = std::make_shared<Loaded>();
            BaselineRepository repo(db);
            loaded->baseline = repo.load(baseline);
            loaded->error = repo.lastError();
            return loaded;
        },
        this,
        [this, failed](std::shared_ptr<Loaded> loaded) {
            if (!loaded->baseline) {
                failed(loaded->error);
                return;
            }
            const StoredBaseline stored = *loaded->baseline;
            gatherSamples(d->thread, d->options, d->targets(), this,
                [this, stored](FleetSnapshot fleet, QList<SampleSeries> samples) {
                    emit regressionReady(
                        compareSamples(stored.name, stored.takenAtMs, stored.samples, samples, fleet.takenAtMs));
                });
        });
}

} // namespace opsdeck::profiler
