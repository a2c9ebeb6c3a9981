#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace opsdeck::storage {
class Database;
}

// Which dashboard views operators open, and when (table dashboard_views,
// schema version 9): one row per view (dashboard, data source, range, host
// filter) opened, at most once per view and hour by one engine. The cache
// warmer (DashboardWarmer) learns from it which results to compute before the
// time of day they are usually needed.
namespace opsdeck::dashboard {

struct DashboardView
{
    qint64 dashboardId = 0;
    QString dataSource; // "" = this engine
    qint64 rangeMs = 0;
    QString hostFilter; // "" = all hosts

    friend bool operator==(const DashboardView&, const DashboardView&) = default;
};

struct DashboardViewRecord
{
    qint64 viewedAtMs = 0;
    DashboardView view;
};

// A view the warmer should compute now, and why.
struct WarmCandidate
{
    DashboardView view;
    int days = 0; // distinct days it was opened near this time of day
    qint64 lastViewedAtMs = 0;
};

class DashboardUsage final
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::dashboard::DashboardUsage)

public:
    explicit DashboardUsage(storage::Database& db);

    bool record(const DashboardViewRecord& record);
    // Views opened at or after sinceMs, oldest first.
    std::optional<QList<DashboardViewRecord>> since(qint64 sinceMs) const;
    // Drops rows older than beforeMs (the warmer keeps 28 days).
    bool prune(qint64 beforeMs);
    QString lastError() const { return m_lastError; }

    // Pure: the views to warm at nowMs. A view qualifies when it was opened,
    // on at least minDays distinct days, within [time of day, time of day +
    // leadMs] (local time, utcOffsetMs east of UTC): it is usually opened soon.
    // Also the view opened last, whatever the hour (the first open after a
    // restart is usually the view the operator left). At most maxViews, most
    // days first, then the most recent.
    static QList<WarmCandidate> plan(const QList<DashboardViewRecord>& history, qint64 nowMs, qint64 leadMs,
        int minDays, int maxViews, qint64 utcOffsetMs);

private:
    storage::Database& m_database;
    mutable QString m_lastError;
};

} // namespace opsdeck::dashboard
