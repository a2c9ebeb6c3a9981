#include "dashboard/DashboardUsage.h"

#include "storage/Database.h"
#include "storage/Sql.h"

#include <QHash>
#include <QSet>
#include <QSqlQuery>

#include <algorithm>

namespace opsdeck::dashboard {

namespace {

constexpr qint64 kDayMs = 24LL * 3600 * 1000;

QString viewKey(const DashboardView& v)
{
    return QString::number(v.dashboardId) + QChar(0) + v.dataSource + QChar(0) + QString::number(v.rangeMs)
        + QChar(0) + v.hostFilter;
}

} // namespace

DashboardUsage::DashboardUsage(storage::Database& db)
    : m_database(db)
{ }

bool DashboardUsage::record(const DashboardViewRecord& r)
{
    // A null QString binds as NULL; the columns are NOT NULL, "" = this engine / all hosts.
    const auto text = [](const QString& s) { return s.isNull() ? QStringLiteral("") : s; };
    QSqlQuery q(m_database.connection());
    return storage::runQuery(q,
        QStringLiteral(
            "INSERT INTO dashboard_views (viewed_at_ms, dashboard_id, data_source, range_ms, host_filter)"
            " VALUES (?, ?, ?, ?, ?)"),
        { r.viewedAtMs, r.view.dashboardId, text(r.view.dataSource), r.view.rangeMs, text(r.view.hostFilter) },
        &m_lastError);
}

std::optional<QList<DashboardViewRecord>> DashboardUsage::since(qint64 sinceMs) const
{
    QSqlQuery q(m_database.connection());
    if (!storage::runQuery(q,
            QStringLiteral("SELECT viewed_at_ms, dashboard_id, data_source, range_ms, host_filter"
                           " FROM dashboard_views WHERE viewed_at_ms >= ? ORDER BY viewed_at_ms, id"),
            { sinceMs }, &m_lastError))
        return std::nullopt;
    QList<DashboardViewRecord> out;
    while (q.next()) {
        DashboardViewRecord r;
        r.viewedAtMs = q.value(0).toLongLong();
        r.view.dashboardId = q.value(1).toLongLong();
        r.view.dataSource = q.value(2).toString();
        r.view.rangeMs = q.value(3).toLongLong();
        r.view.hostFilter = q.value(4).toString();
        out.append(r);
    }
    return out;
}

bool DashboardUsage::prune(qint64 beforeMs)
{
    QSqlQuery q(m_database.connection());
    return storage::runQuery(
        q, QStringLiteral("DELETE FROM dashboard_views WHERE viewed_at_ms < ?"), { beforeMs }, &m_lastError);
}

QList<WarmCandidate> DashboardUsage::plan(const QList<DashboardViewRecord>& history, qint64 nowMs, qint64 leadMs,
    int minDays, int maxViews, qint64 utcOffsetMs)
{
    const auto local = [utcOffsetMs](qint64 ms) { return ms + utcOffsetMs; };
    const qint64 nowOfDay = ((local(nowMs) % kDayMs) + kDayMs) % kDayMs;
    QHash<QString, WarmCandidate> candidates;
    QHash<QString, QSet<qint64>> days;
    const DashboardViewRecord* newest = nullptr;
    for (const DashboardViewRecord& r : history) {
        if (r.viewedAtMs > nowMs)
            continue;
        if (!newest || r.viewedAtMs >= newest->viewedAtMs)
            newest = &r;
        const qint64 ofDay = ((local(r.viewedAtMs) % kDayMs) + kDayMs) % kDayMs;
        // Distance forward from now's time of day to the view's, across midnight.
        const qint64 ahead = ((ofDay - nowOfDay) % kDayMs + kDayMs) % kDayMs;
        const qint64 day = local(r.viewedAtMs) / kDayMs;
        const QString key = viewKey(r.view);
        WarmCandidate& c = candidates[key];
        c.view = r.view;
        c.lastViewedAtMs = std::max(c.lastViewedAtMs, r.viewedAtMs);
        // An open earlier today is behind now's time of day, so it wraps past
        // the lead (except just after midnight, where it is yesterday's habit).
        if (ahead <= leadMs)
            days[key].insert(day);
    }
    QList<WarmCandidate> out;
    for (auto it = candidates.begin(); it != candidates.end(); ++it) {
        it->days = int(days.value(it.key()).size());
        if (it->days >= minDays)
            out.append(*it);
    }
    std::sort(out.begin(), out.end(), [](const WarmCandidate& a, const WarmCandidate& b) {
        return a.days != b.days ? a.days > b.days : a.lastViewedAtMs > b.lastViewedAtMs;
    });
    if (newest) {
        const bool listed = std::any_of(
            out.cbegin(), out.cend(), [newest](const WarmCandidate& c) { return c.view == newest->view; });
        if (!listed) {
            WarmCandidate last = candidates.value(viewKey(newest->view));
            out.append(last);
        }
    }
    if (out.size() > maxViews)
        out.resize(maxViews);
    return out;
}

} // namespace opsdeck::dashboard
