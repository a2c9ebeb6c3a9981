// DashboardUsage: the views stored per open, and the warm plan learned from
// them (which views are usually opened soon at this time of day).
#include "dashboard/DashboardUsage.h"
#include "storage/Database.h"

#include <QTemporaryDir>
#include <QTest>

using opsdeck::dashboard::DashboardUsage;
using opsdeck::dashboard::DashboardView;
using opsdeck::dashboard::DashboardViewRecord;

namespace {

constexpr qint64 kMinute = 60'000;
constexpr qint64 kDay = 24 * 60 * kMinute;
// 2026-12-07 07:40 UTC
constexpr qint64 kNow = 1796601600000 + 7 * 60 * kMinute + 40 * kMinute;

DashboardViewRecord at(qint64 ms, qint64 dashboard, qint64 rangeMs, const QString& host = {})
{
    return { ms, DashboardView { dashboard, QString(), rangeMs, host } };
}

} // namespace

class TestDashboardUsage : public QObject
{
    Q_OBJECT

private slots:
    void usualMorningViewIsWarmed()
    {
        QList<DashboardViewRecord> h;
        // The morning shift opens dashboard 1 (last 1 h) at about 07:50 on three days.
        for (int d = 1; d <= 3; ++d)
            h.append(at(kNow - d * kDay + 10 * kMinute, 1, 3'600'000));
        // Dashboard 2 is opened in the afternoon only.
        for (int d = 1; d <= 3; ++d)
            h.append(at(kNow - d * kDay + 7 * 60 * kMinute, 2, 3'600'000));
        // Dashboard 3, once at 07:45 (one day is not a habit), long ago.
        h.append(at(kNow - 5 * kDay + 5 * kMinute, 3, 900'000));
        // The last thing opened: dashboard 2, yesterday afternoon... then dashboard 4 an hour ago.
        h.append(at(kNow - 60 * kMinute, 4, 6 * 3'600'000, QStringLiteral("plc-1")));
        std::sort(h.begin(), h.end(), [](const auto& a, const auto& b) { return a.viewedAtMs < b.viewedAtMs; });

        const auto plan = DashboardUsage::plan(h, kNow, 15 * kMinute, 2, 5, 0);
        QCOMPARE(plan.size(), 2);
        QCOMPARE(plan[0].view.dashboardId, 1);
        QCOMPARE(plan[0].days, 3);
        // The view opened last comes along (a restart usually reopens it).
        QCOMPARE(plan[1].view.dashboardId, 4);
        QCOMPARE(plan[1].view.hostFilter, QStringLiteral("plc-1"));
    }

    void acrossMidnightAndTimeZone()
    {
        // Opened at 00:05 local on two days; local is UTC+1 and it is 23:55 local now.
        const qint64 offset = 3'600'000;
        const qint64 now = 1796601600000 + 22 * 60 * kMinute + 55 * kMinute; // 22:55 UTC = 23:55 local
        QList<DashboardViewRecord> h { at(now - 2 * kDay + 10 * kMinute, 7, 3'600'000),
            at(now - 1 * kDay + 10 * kMinute, 7, 3'600'000) };
        auto plan = DashboardUsage::plan(h, now, 15 * kMinute, 2, 5, offset);
        QCOMPARE(plan.size(), 1);
        QCOMPARE(plan[0].days, 2);
        // Twenty minutes ahead is outside a 15-minute lead: only as the last view.
        plan = DashboardUsage::plan(h, now - 10 * kMinute, 15 * kMinute, 2, 5, offset);
        QCOMPARE(plan.size(), 1);
        QCOMPARE(plan[0].days, 0);
    }

    void todayAndFutureDoNotCount()
    {
        QList<DashboardViewRecord> h { at(kNow - 30 * kMinute + 0, 1, 3'600'000),
            at(kNow + 5 * kMinute, 1, 3'600'000), at(kNow - kDay + 5 * kMinute, 1, 3'600'000) };
        const auto plan = DashboardUsage::plan(h, kNow, 15 * kMinute, 2, 5, 0);
        QCOMPARE(plan.size(), 1); // as the last view only
        QCOMPARE(plan[0].days, 1);
        QVERIFY(DashboardUsage::plan({}, kNow, 15 * kMinute, 2, 5, 0).isEmpty());
    }

    void storedAndPruned()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        opsdeck::storage::Database db;
        QVERIFY2(db.open(dir.path()), qPrintable(db.lastError()));
        DashboardUsage usage(db);
        QVERIFY2(usage.record(at(1000, 1, 3'600'000, QStringLiteral("a"))), qPrintable(usage.lastError()));
        QVERIFY2(usage.record(at(5000, 2, 900'000)), qPrintable(usage.lastError()));
        auto rows = usage.since(0);
        QVERIFY2(rows, qPrintable(usage.lastError()));
        QCOMPARE(rows->size(), 2);
        QCOMPARE(rows->at(0).view, (DashboardView { 1, QString(), 3'600'000, QStringLiteral("a") }));
        QVERIFY(usage.prune(2000));
        rows = usage.since(0);
        QCOMPARE(rows->size(), 1);
        QCOMPARE(rows->at(0).view.dashboardId, 2);
    }
};

QTEST_GUILESS_MAIN(TestDashboardUsage)
#include "tst_dashboard_usage.moc"
