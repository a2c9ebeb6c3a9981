#include "dashboard/DashboardWarmer.h"

#include "dashboard/DashboardRepository.h"
#include "dashboard/DashboardService.h"
#include "dashboard/LiveQueryFeed.h"
#include "query/DataSourceRegistry.h"
#include "storage/Database.h"

#include <QDateTime>
#include <QLocale>
#include <QLoggingCategory>
#include <QMutexLocker>
#include <QTimer>
#include <QTimeZone>

Q_LOGGING_CATEGORY(lcWarmer, "opsdeck.cache.warm")

namespace opsdeck::dashboard {

class DashboardWarmer::Worker final : public QObject
{
public:
    explicit Worker(DashboardWarmer* owner)
        : m_owner(owner)
    { }

    void init()
    {
        m_db = std::make_unique<storage::Database>();
        if (!m_db->openLocation(m_owner->m_location)) {
            qCWarning(lcWarmer) << "cache warming off: cannot open the state database:" << m_db->lastError();
            m_db.reset();
            return;
        }
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, [this] { run(); });
        schedule(m_owner->m_options.startDelayMs);
    }

    void shutdown()
    {
        delete m_timer;
        m_timer = nullptr;
        m_db.reset();
    }

    void schedule(qint64 delayMs)
    {
        if (!m_timer)
            return;
        m_timer->start(int(std::clamp<qint64>(delayMs, 0, 24LL * 3600 * 1000)));
        QMutexLocker lock(&m_owner->m_mutex);
        m_owner->m_status.nextRunMs = m_owner->m_options.clock->nowMs() + delayMs;
    }

    void run()
    {
        if (!m_db)
            return;
        const Options& o = m_owner->m_options;
        {
            QMutexLocker lock(&m_owner->m_mutex);
            m_owner->m_status.running = true;
        }
        Status s;
        const qint64 now = o.clock->nowMs();
        DashboardUsage usage(*m_db);
        usage.prune(now - o.historyMs);
        const auto history = usage.since(now - o.historyMs);
        const qint64 offset = qint64(QDateTime::fromMSecsSinceEpoch(now).offsetFromUtc()) * 1000;
        if (!history) {
            s.lastError = usage.lastError();
        } else {
            s.plan = DashboardUsage::plan(*history, now, o.leadMs, o.minDays, o.maxViews, offset);
            warm(s, now);
        }
        s.lastRunMs = o.clock->nowMs();
        qCInfo(lcWarmer).noquote() << QStringLiteral("warmed %1 view(s) with %2 queries (%3 failed)")
                                          .arg(s.viewsWarmed)
                                          .arg(s.queriesRun)
                                          .arg(s.queriesFailed);
        m_owner->finished(s);
        schedule(o.checkIntervalMs);
    }

    void warm(Status& s, qint64 now)
    {
        if (s.plan.isEmpty())
            return;
        DashboardRepository repo(*m_db);
        const auto dashboards = repo.list();
        if (!dashboards) {
            s.lastError = repo.lastError();
            return;
        }
        query::QueryOptions options;
        options.cancelled = &m_owner->m_cancel;
        for (const WarmCandidate& c : std::as_const(s.plan)) {
            const auto it = std::find_if(dashboards->cbegin(), dashboards->cend(),
                [&c](const DashboardDefinition& d) { return d.id == c.view.dashboardId; });
            if (it == dashboards->cend())
                continue;
            const auto source = m_owner->m_registry->resolve(c.view.dataSource);
            const qint64 range = LiveQueryFeed::clampRange(c.view.rangeMs);
            const qint64 step = LiveQueryFeed::stepForRange(range);
            const qint64 end = now / step * step;
            for (const LiveQuery& q : DashboardService::liveQueries(it->panels, c.view.hostFilter)) {
                if (m_owner->m_cancel.load())
                    return;
                const query::QueryResult r = source->range(q.expr, end - range, end, step, options);
                ++s.queriesRun;
                if (!r.ok) {
                    ++s.queriesFailed;
                    if (s.lastError.isEmpty())
                        s.lastError = r.error;
                }
            }
            ++s.viewsWarmed;
        }
    }

private:
    DashboardWarmer* m_owner;
    std::unique_ptr<storage::Database> m_db;
    QTimer* m_timer = nullptr;
};

DashboardWarmer::DashboardWarmer(
    storage::StateLocation location, const query::DataSourceRegistry* registry, Options options)
    : m_location(std::move(location))
    , m_registry(registry)
    , m_options(options)
    , m_thread(QStringLiteral("opsdeck-cache-warm"))
{
    if (!m_options.clock)
        m_options.clock = SystemClock::instance();
}

DashboardWarmer::~DashboardWarmer()
{
    m_cancel.store(true);
    m_thread.stop();
}

void DashboardWarmer::start()
{
    m_thread.start(
        new Worker(this), [](Worker& w) { w.init(); }, [](Worker& w) { w.shutdown(); });
}

void DashboardWarmer::runNow()
{
    if (m_thread.isRunning())
        m_thread.post([](Worker& w) { w.run(); });
}

void DashboardWarmer::waitForIdle()
{
    if (m_thread.isRunning())
        m_thread.waitForIdle();
}

void DashboardWarmer::finished(const Status& status)
{
    QMutexLocker lock(&m_mutex);
    const qint64 total = m_status.totalQueries + status.queriesRun;
    m_status = status;
    m_status.totalQueries = total;
    m_status.running = false;
}

DashboardWarmer::Status DashboardWarmer::status() const
{
    QMutexLocker lock(&m_mutex);
    return m_status;
}

QString DashboardWarmer::statusText() const
{
    const Status s = status();
    const QLocale locale;
    const auto at = [&locale](qint64 ms) {
        return locale.toString(QDateTime::fromMSecsSinceEpoch(ms).time(), QLocale::ShortFormat);
    };
    if (s.running)
        return tr("Warming: computing the dashboards usually opened soon…");
    if (s.lastRunMs == 0)
        return s.nextRunMs > 0 ? tr("Warming: first check at %1").arg(at(s.nextRunMs))
                               : tr("Warming: not started");
    QString text = s.viewsWarmed == 0
        ? tr("Warming: nothing usually opened at this time (checked %1)").arg(at(s.lastRunMs))
        : tr("Warming: dashboard views warmed at %1: %2 (%3 queries")
                .arg(at(s.lastRunMs))
                .arg(s.viewsWarmed)
                .arg(s.queriesRun)
            + (s.queriesFailed > 0 ? tr(", %1 failed: %2)").arg(s.queriesFailed).arg(s.lastError) : tr(")"));
    if (s.nextRunMs > 0)
        text += tr("; next check %1").arg(at(s.nextRunMs));
    return text;
}

} // namespace opsdeck::dashboard
