// The Profiler page's models on a fixture fleet: tiles worst first with word and
// figure, the USE table's rows and the detector's severity per resource, the
// components' sort by raw figures, statements and regressions, each under
// QAbstractItemModelTester, and refreshes that batch their dataChanged.
#include "profiler/ComponentsModel.h"
#include "profiler/ComponentsSortModel.h"
#include "profiler/FleetTilesModel.h"
#include "profiler/RegressionsModel.h"
#include "profiler/StatementsModel.h"
#include "profiler/UseTableModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace opsdeck;
using opsdeck::profiler::Severity;

namespace {

collect::ComponentUse component(const QString& name, double cpu, quint64 rss, std::optional<double> write = {})
{
    collect::ComponentUse c;
    c.name = name;
    c.kind = QStringLiteral("exe");
    c.processes = 1;
    c.topPid = 100 + qint64(name.size());
    c.topCommand = name;
    c.cpuPct = cpu;
    c.rssBytes = rss;
    c.writeBytesPerSec = write;
    c.threads = 4;
    return c;
}

profiler::HostProfile host(const QString& instance, Severity worst, const QString& resource)
{
    profiler::HostProfile h;
    h.instance = instance;
    h.reachable = true;
    h.worst = worst;
    h.worstResource = resource;
    h.snapshot.host = instance;
    h.snapshot.cpu.cpus = 2;
    h.snapshot.cpu.utilisationPct = 97.5;
    h.snapshot.cpu.runQueue = 6;
    h.snapshot.cpu.psiSomeIntervalPct = 41.0;
    h.snapshot.memory.totalBytes = 8ull << 30;
    h.snapshot.memory.usedBytes = 2ull << 30;
    h.snapshot.memory.utilisationPct = 25;
    collect::DiskUse sda;
    sda.device = QStringLiteral("sda");
    sda.utilisationPct = 88;
    sda.awaitMs = 41;
    sda.queueDepth = 12;
    h.snapshot.disks = { sda };
    collect::NetUse eth;
    eth.interface = QStringLiteral("eth0");
    eth.rxBytesPerSec = 1024;
    h.snapshot.interfaces = { eth };
    h.snapshot.components = { component(QStringLiteral("stress-ng"), 198, 10 << 20, 0.0),
        component(QStringLiteral("postgres"), 12, 300 << 20, 180.0 * 1024 * 1024),
        component(QStringLiteral("sshd"), 0.5, 5 << 20) };
    return h;
}

profiler::FleetSnapshot fleet()
{
    profiler::FleetSnapshot f;
    f.takenAtMs = 1'700'000'000'000;
    f.elapsedMs = 120;
    f.hosts << host(QStringLiteral("this machine"), Severity::Ok, QString());
    profiler::HostProfile missing;
    missing.instance = QStringLiteral("old-agent:9110");
    missing.error = QStringLiteral("this agent has no /api/v1/profile (404): update it");
    f.hosts << missing;
    f.hosts << host(QStringLiteral("mes-db-1:9110"), Severity::Critical, QStringLiteral("disk:sda"));
    f.hosts << host(QStringLiteral("plc-2:9110"), Severity::Warning, QStringLiteral("cpu"));
    profiler::Bottleneck disk;
    disk.host = QStringLiteral("mes-db-1:9110");
    disk.resource = QStringLiteral("disk:sda");
    disk.severity = Severity::Critical;
    disk.sentence = QStringLiteral("mes-db-1: disk sda saturated — await 41 ms, queue 12");
    profiler::Bottleneck cpu;
    cpu.host = QStringLiteral("plc-2:9110");
    cpu.resource = QStringLiteral("cpu");
    cpu.severity = Severity::Warning;
    cpu.sentence = QStringLiteral("plc-2: CPU saturated — run queue 6 on 2 CPUs");
    f.bottlenecks = { disk, cpu };
    return f;
}

} // namespace

class TestProfilerModels : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void tilesWorstFirstWithWordAndFigure()
    {
        models::FleetTilesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFleet(fleet());
        QCOMPARE(model.rowCount(), 4);
        const auto at = [&](int row, int role) { return model.index(row).data(role); };
        using M = models::FleetTilesModel;
        QCOMPARE(at(0, M::InstanceRole).toString(), QStringLiteral("mes-db-1:9110"));
        QCOMPARE(at(1, M::InstanceRole).toString(), QStringLiteral("plc-2:9110"));
        QCOMPARE(at(2, M::InstanceRole).toString(), QStringLiteral("this machine"));
        QCOMPARE(at(3, M::InstanceRole).toString(), QStringLiteral("old-agent:9110"));
        QCOMPARE(at(0, M::SeverityWordRole).toString(), QStringLiteral("critical"));
        QCOMPARE(at(1, M::SeverityWordRole).toString(), QStringLiteral("warning"));
        QCOMPARE(at(2, M::SeverityWordRole).toString(), QStringLiteral("ok"));
        QCOMPARE(at(3, M::SeverityWordRole).toString(), QStringLiteral("missing"));
        QCOMPARE(at(0, M::FigureRole).toString(), QStringLiteral("disk sda 88% · await 41 ms"));
        QVERIFY2(at(1, M::FigureRole).toString().startsWith(QStringLiteral("CPU 97.5%")),
            qPrintable(at(1, M::FigureRole).toString()));
        QVERIFY(at(3, M::FigureRole).toString().contains(QStringLiteral("404")));
        QVERIFY(at(0, Qt::DisplayRole).toString().contains(QStringLiteral("CRITICAL")));
        QCOMPARE(at(0, M::SentenceRole).toString(), fleet().bottlenecks.first().sentence);
        QVERIFY(at(0, Qt::BackgroundRole).value<QColor>() != at(2, Qt::BackgroundRole).value<QColor>());

        // The same hosts again: one dataChanged over all rows, no reset.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setFleet(fleet());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 0);
        QCOMPARE(changed.first().at(1).toModelIndex().row(), 3);
        QCOMPARE(reset.size(), 0);
        auto fewer = fleet();
        fewer.hosts.removeLast();
        model.setFleet(fewer);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 3);
    }

    void useTableRowsAndSeverity()
    {
        models::UseTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto f = fleet();
        model.setHost(f.hosts[2], f.bottlenecks); // mes-db-1
        QStringList resources;
        for (int r = 0; r < model.rowCount(); ++r)
            resources << model.index(r, models::UseTableModel::ResourceColumn).data().toString();
        QCOMPARE(resources,
            QStringList({ QStringLiteral("CPU"), QStringLiteral("memory"), QStringLiteral("I/O (all disks)"),
                QStringLiteral("disk sda"), QStringLiteral("interface eth0"), QStringLiteral("TCP"),
                QStringLiteral("file descriptors") }));
        const auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };
        using U = models::UseTableModel;
        QCOMPARE(cell(3, U::StatusColumn), QStringLiteral("critical"));
        QCOMPARE(cell(0, U::StatusColumn), QStringLiteral("ok")); // the CPU is not this host's bottleneck
        QVERIFY2(cell(3, U::SaturationColumn).contains(QStringLiteral("41 ms")), qPrintable(cell(3, 3)));
        QVERIFY2(cell(0, U::UtilisationColumn).startsWith(QStringLiteral("97.5%")), qPrintable(cell(0, 2)));
        QVERIFY2(cell(0, U::SaturationColumn).contains(QStringLiteral("run queue 6 on 2 CPUs")),
            qPrintable(cell(0, 3)));
        QVERIFY2(cell(1, U::UtilisationColumn).contains(QStringLiteral("2 GiB of 8 GiB")), qPrintable(cell(1, 2)));
        QVERIFY2(
            cell(1, U::SaturationColumn).contains(QStringLiteral("PSI not available")), qPrintable(cell(1, 3)));
        QVERIFY(cell(4, U::UtilisationColumn).contains(QStringLiteral("link speed unknown")));
        QCOMPARE(model.index(3, 0).data(Qt::ToolTipRole).toString(), f.bottlenecks.first().sentence);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setHost(f.hosts[2], f.bottlenecks);
        QCOMPARE(changed.size(), 1);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setHost(f.hosts[3], f.bottlenecks); // another host: reset
        QCOMPARE(reset.size(), 1);
        QCOMPARE(cell(0, U::StatusColumn), QStringLiteral("warning"));
    }

    void componentsSortByRawFigures()
    {
        models::ComponentsModel model;
        models::ComponentsSortModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setComponents(fleet().hosts[0].snapshot.components);
        QCOMPARE(model.rowCount(), 3);
        using C = models::ComponentsModel;
        QCOMPARE(model.index(0, C::CpuColumn).data().toString(), QStringLiteral("198%"));
        QCOMPARE(model.index(1, C::RssColumn).data().toString(), QStringLiteral("300 MiB"));
        QCOMPARE(model.index(1, C::WriteColumn).data().toString(), QStringLiteral("180 MiB/s"));
        QCOMPARE(model.index(2, C::WriteColumn).data().toString(), QStringLiteral("not readable"));
        QCOMPARE(model.index(0, C::NameColumn).data(C::PidRole).toLongLong(), 109);

        const auto names = [&]() {
            QStringList out;
            for (int r = 0; r < proxy.rowCount(); ++r)
                out << proxy.index(r, C::NameColumn).data().toString();
            return out;
        };
        proxy.sort(C::RssColumn, Qt::DescendingOrder); // text order would put "5 MiB" first
        QCOMPARE(names(),
            QStringList({ QStringLiteral("postgres"), QStringLiteral("stress-ng"), QStringLiteral("sshd") }));
        proxy.sort(C::WriteColumn, Qt::AscendingOrder); // unreadable first when ascending
        QCOMPARE(names(),
            QStringList({ QStringLiteral("sshd"), QStringLiteral("stress-ng"), QStringLiteral("postgres") }));
        proxy.sort(C::NameColumn, Qt::AscendingOrder);
        QCOMPARE(names(),
            QStringList({ QStringLiteral("postgres"), QStringLiteral("sshd"), QStringLiteral("stress-ng") }));
        proxy.setFilterFixedString(QStringLiteral("STRESS"));
        QCOMPARE(names(), QStringList({ QStringLiteral("stress-ng") }));
        proxy.setFilterFixedString(QString());

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        auto again = fleet().hosts[0].snapshot.components;
        again[0].cpuPct = 50;
        model.setComponents(again);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.index(0, C::CpuColumn).data().toString(), QStringLiteral("50%"));
    }

    void statements()
    {
        models::StatementsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        profiler::StatementStat slow;
        slow.queryId = QStringLiteral("42");
        slow.query = QStringLiteral("select pg_sleep($1)\n  from generate_series(1, 3)");
        slow.calls = 3;
        slow.totalMs = 1500;
        slow.meanMs = 500;
        slow.rows = 3;
        profiler::StatementStat hit = slow;
        hit.queryId = QStringLiteral("43");
        hit.hitRatio = 0.987;
        model.setStatements({ slow, hit });
        using S = models::StatementsModel;
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, S::QueryColumn).data().toString(),
            QStringLiteral("select pg_sleep($1) from generate_series(1, 3)"));
        QCOMPARE(model.index(0, S::TotalColumn).data().toString(), QStringLiteral("1.5 s"));
        QCOMPARE(model.index(0, S::MeanColumn).data().toString(), QStringLiteral("500 ms"));
        QCOMPARE(model.index(0, S::HitRatioColumn).data().toString(), QStringLiteral("no block access"));
        QCOMPARE(model.index(1, S::HitRatioColumn).data().toString(), QStringLiteral("98.7%"));
        QCOMPARE(model.index(0, S::QueryColumn).data(Qt::ToolTipRole).toString(), slow.query);
    }

    void regressions()
    {
        models::RegressionsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        profiler::RegressionReport report;
        report.baseline = QStringLiteral("before-update");
        profiler::RegressionFinding f;
        f.host = QStringLiteral("mes-db-1:9110");
        f.subject = QStringLiteral("postgres");
        f.measure = QStringLiteral("CPU per request");
        f.baseline = 1.2;
        f.current = 2.5;
        f.pValue = 0.0001;
        f.test = QStringLiteral("Mann-Whitney U (two-sided)");
        f.sentence = QStringLiteral("postgres uses twice the CPU per request");
        report.worse = { f };
        model.setReport(report);
        using R = models::RegressionsModel;
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, R::TestColumn).data().toString(), f.test);
        QCOMPARE(model.index(0, R::PValueColumn).data().toString(), QStringLiteral("< 0.001"));
        QCOMPARE(model.index(0, R::HostColumn).data(R::SentenceRole).toString(), f.sentence);
        model.setReport({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestProfilerModels)
#include "tst_profiler_models.moc"
