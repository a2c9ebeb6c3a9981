// ProfileCollector against two recorded /proc + /sys trees one second apart
// (tests/data/proc-profile, written by make_fixtures.py): computed rates, component
// grouping, and figures that must stay absent rather than read as 0.

#include "collect/ProfileCollector.h"

#include <QtTest>

#include <unistd.h>

using namespace opsdeck::collect;

namespace {

QString fixture(const char* state, const char* tree)
{
    return QStringLiteral(OPSDECK_TEST_DATA "/proc-profile/%1/%2")
        .arg(QLatin1StringView(state), QLatin1StringView(tree));
}

HostPaths paths(const char* state)
{
    HostPaths p;
    p.procRoot = fixture(state, "proc");
    p.sysRoot = fixture(state, "sys");
    return p;
}

// A collector that reads "before", then (between its two reads) moves the clock 1 s on
// and switches to "after".
ProfileSnapshot fixtureSnapshot(int topComponents = 15)
{
    auto* now = new qint64(5'000'000'000LL);
    ProfileCollector collector(paths("before"), ProfileCollectorOptions { topComponents, 25 });
    collector.setClock([now] { return *now; });
    int calls = 0;
    collector.setBetweenReads([&](int) {
        ++calls;
        *now += 1'000'000'000LL;
        collector.setPaths(paths("after"));
    });
    ProfileSnapshot s = collector.snapshot();
    delete now;
    if (calls != 1)
        qWarning("between-reads hook ran %d times", calls);
    return s;
}

const ComponentUse* component(const ProfileSnapshot& s, const QString& name)
{
    for (const ComponentUse& c : s.components) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

} // namespace

class TestProfileCollector final : public QObject
{
    Q_OBJECT

private slots:
    void cpuAndPressure()
    {
        const ProfileSnapshot s = fixtureSnapshot();
        QCOMPARE(s.intervalMs, 1000);
        QCOMPARE(s.kernel, QStringLiteral("6.1.0-test"));
        QCOMPARE(s.cpu.cpus, 2);
        QCOMPARE(s.cpu.userPct, 20.0);
        QCOMPARE(s.cpu.systemPct, 10.0);
        QCOMPARE(s.cpu.idlePct, 60.0);
        QCOMPARE(s.cpu.stealPct, 10.0);
        QCOMPARE(s.cpu.utilisationPct, 40.0);
        QCOMPARE(s.cpu.runQueue, 3.0);
        QCOMPARE(s.cpu.load1, 1.5);
        QCOMPARE(s.cpu.psiSomeAvg10, std::optional<double>(12.5));
        QCOMPARE(s.cpu.psiSomeIntervalPct, std::optional<double>(25.0));
        QCOMPARE(s.cpu.psiFullIntervalPct, std::optional<double>(0.0));
        QCOMPARE(s.cpu.throttledPct, std::optional<double>(10.0));
        QCOMPARE(s.cpu.throttledPeriodsPerSec, std::optional<double>(10.0));
        QCOMPARE(s.memory.psiSomeIntervalPct, std::optional<double>(0.0));
        // No /proc/pressure/io in the fixture: absent, not 0.
        QVERIFY(!s.ioPsiSomeAvg10);
        QVERIFY(!s.ioPsiSomeIntervalPct);
        QVERIFY(!s.ioPsiFullAvg10);
    }

    void memory()
    {
        const ProfileSnapshot s = fixtureSnapshot();
        QCOMPARE(s.memory.totalBytes, quint64(8000000) * 1024);
        QCOMPARE(s.memory.availableBytes, quint64(2000000) * 1024);
        QCOMPARE(s.memory.usedBytes, quint64(6000000) * 1024);
        QCOMPARE(s.memory.utilisationPct, 75.0);
        QCOMPARE(s.memory.swapTotalBytes, quint64(1000000) * 1024);
        QCOMPARE(s.memory.swapFreeBytes, quint64(500000) * 1024);
        QCOMPARE(s.memory.majorFaultsPerSec, 50.0);
        QCOMPARE(s.memory.swapInPagesPerSec, 10.0);
        QCOMPARE(s.memory.swapOutPagesPerSec, 20.0);
        QCOMPARE(s.memory.directScanPagesPerSec, 1000.0); // pgscan_direct_throttle not added in
        QCOMPARE(s.memory.oomKills, quint64(2));
        QCOMPARE(s.memory.oomKillsInInterval, quint64(1));
    }

    void disksNetworkTcpFds()
    {
        const ProfileSnapshot s = fixtureSnapshot();
        // vda only: vda1 is a partition (not in /sys/block), loop0 a loop device.
        QCOMPARE(s.disks.size(), 1);
        const DiskUse& d = s.disks.first();
        QCOMPARE(d.device, QStringLiteral("vda"));
        QCOMPARE(d.utilisationPct, 80.0);
        QCOMPARE(d.queueDepth, 4.0);
        QCOMPARE(d.awaitMs, 3.0);
        QCOMPARE(d.readsPerSec, 100.0);
        QCOMPARE(d.writesPerSec, 300.0);
        QCOMPARE(d.readBytesPerSec, 1048576.0);
        QCOMPARE(d.writeBytesPerSec, 2097152.0);
        QCOMPARE(d.ioErrors, std::optional<quint64>(2));

        QCOMPARE(s.interfaces.size(), 2); // lo is left out
        const NetUse& eth = s.interfaces.at(0);
        QCOMPARE(eth.interface, QStringLiteral("eth0"));
        QCOMPARE(eth.rxBytesPerSec, 12500000.0);
        QCOMPARE(eth.txBytesPerSec, 1000000.0);
        QCOMPARE(eth.linkBytesPerSec, std::optional<double>(125e6));
        QCOMPARE(eth.utilisationPct, std::optional<double>(10.0));
        QCOMPARE(eth.dropsPerSec, 5.0);
        QCOMPARE(eth.errorsPerSec, 2.0);
        const NetUse& veth = s.interfaces.at(1);
        QCOMPARE(veth.interface, QStringLiteral("veth0"));
        QVERIFY(!veth.linkBytesPerSec); // speed -1
        QVERIFY(!veth.utilisationPct);

        QCOMPARE(s.tcp.retransSegsPerSec, 10.0);
        QCOMPARE(s.tcp.outSegsPerSec, 1000.0);
        QCOMPARE(s.tcp.retransPct, 1.0);
        QCOMPARE(s.tcp.listenOverflowsPerSec, 4.0);
        QCOMPARE(s.tcp.listenDropsPerSec, 4.0);
        QCOMPARE(s.tcp.currentEstablished, quint64(7));
        QCOMPARE(s.fds.allocated, quint64(1000));
        QCOMPARE(s.fds.max, quint64(100000));
        QCOMPARE(s.fds.utilisationPct, 1.0);
    }

    void components()
    {
        if (::sysconf(_SC_CLK_TCK) != 100)
            QSKIP("the fixture's tick figures assume USER_HZ 100");
        const ProfileSnapshot s = fixtureSnapshot();
        QStringList order;
        for (const ComponentUse& c : s.components)
            order << c.name;
        // "late" (pid 500) is new but old: its CPU cannot be rated, so it is left out.
        QCOMPARE(order,
            QStringList({ QStringLiteral("stress-ng"), QStringLiteral("postgresql@15-main.service"),
                QStringLiteral("sh"), QStringLiteral("docker-abc.scope"), QStringLiteral("[kernel]") }));
        const double page = double(::sysconf(_SC_PAGESIZE));

        const ComponentUse* stress = component(s, QStringLiteral("stress-ng"));
        QCOMPARE(stress->kind, QStringLiteral("exe")); // grouped by /proc/PID/exe, comm is stress-ng-cpu
        QCOMPARE(stress->processes, 2);
        QCOMPARE(stress->cpuPct, 170.0); // 90 from schedstat, 80 from ticks (no schedstat for pid 201)
        QCOMPARE(stress->topPid, qint64(200));
        QCOMPARE(stress->topCommand, QStringLiteral("stress-ng-cpu"));
        QCOMPARE(stress->contextSwitchesPerSec, 100.0);
        QCOMPARE(stress->rssBytes, quint64(200 * page));
        QCOMPARE(stress->openFiles, std::optional<int>(2));

        const ComponentUse* pg = component(s, QStringLiteral("postgresql@15-main.service"));
        QCOMPARE(pg->kind, QStringLiteral("unit"));
        QCOMPARE(pg->processes, 2);
        QCOMPARE(pg->cpuPct, 60.0);
        QCOMPARE(pg->topPid, qint64(100));
        QCOMPARE(pg->readBytesPerSec, std::optional<double>(1048576.0));
        QCOMPARE(pg->writeBytesPerSec, std::optional<double>(0.0));
        QCOMPARE(pg->contextSwitchesPerSec, 100.0);
        QCOMPARE(pg->minorFaultsPerSec, 10.0);
        QCOMPARE(pg->majorFaultsPerSec, 1.0);
        QCOMPARE(pg->threads, 5);
        QCOMPARE(pg->openFiles, std::optional<int>(5));
        QCOMPARE(pg->rssBytes, quint64(1500 * page));

        const ComponentUse* sh = component(s, QStringLiteral("sh"));
        QCOMPARE(sh->kind, QStringLiteral("exe"));
        QCOMPARE(sh->cpuPct, 30.0); // born inside the interval: counted from zero
        QCOMPARE(sh->writeBytesPerSec, std::optional<double>(4096.0));

        const ComponentUse* docker = component(s, QStringLiteral("docker-abc.scope"));
        QCOMPARE(docker->kind, QStringLiteral("cgroup"));
        QCOMPARE(docker->cpuPct, 20.0);
        QVERIFY(!docker->readBytesPerSec); // no /proc/PID/io: unknown, not idle
        QVERIFY(!docker->openFiles);

        const ComponentUse* kernel = component(s, QStringLiteral("[kernel]"));
        QCOMPARE(kernel->cpuPct, 1.0);
    }

    void topComponentsKeepsMemoryAndIoHogs()
    {
        const ProfileSnapshot s = fixtureSnapshot(1);
        QStringList names;
        for (const ComponentUse& c : s.components)
            names << c.name;
        // Top 1 by CPU is stress-ng; postgres (RSS, I/O), sh (I/O) and the container (RSS)
        // stay; [kernel] (1 % CPU, no RSS, no I/O) goes.
        QVERIFY2(names.contains(QStringLiteral("stress-ng")), qPrintable(names.join(u',')));
        QVERIFY(names.contains(QStringLiteral("postgresql@15-main.service")));
        QVERIFY(names.contains(QStringLiteral("sh")));
        QVERIFY(names.contains(QStringLiteral("docker-abc.scope")));
        QVERIFY(!names.contains(QStringLiteral("[kernel]")));
    }

    void cgroupGrouping_data()
    {
        QTest::addColumn<QByteArray>("cgroup");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("name");
        QTest::newRow("unit") << QByteArray("0::/system.slice/postgresql@15-main.service\n")
                              << QStringLiteral("unit") << QStringLiteral("postgresql@15-main.service");
        QTest::newRow("user manager") << QByteArray(
            "0::/user.slice/user-1000.slice/user@1000.service/init.scope\n")
                                      << QString() << QString();
        QTest::newRow("user unit") << QByteArray(
            "0::/user.slice/user-1000.slice/user@1000.service/app.slice/foo.service\n")
                                   << QStringLiteral("unit") << QStringLiteral("foo.service");
        QTest::newRow("session") << QByteArray("0::/user.slice/user-0.slice/session-3.scope\n") << QString()
                                 << QString();
        QTest::newRow("init") << QByteArray("0::/init.scope\n") << QString() << QString();
        QTest::newRow("root") << QByteArray("0::/\n") << QString() << QString();
        QTest::newRow("docker") << QByteArray("0::/system.slice/docker-0123abcd.scope\n")
                                << QStringLiteral("cgroup") << QStringLiteral("docker-0123abcd.scope");
        QTest::newRow("podman") << QByteArray("0::/machine.slice/libpod-77aa.scope/container\n")
                                << QStringLiteral("cgroup") << QStringLiteral("libpod-77aa.scope");
        QTest::newRow("k8s") << QByteArray("0::/kubepods.slice/kubepods-pod1.slice/cri-containerd-99ff.scope\n")
                             << QStringLiteral("cgroup") << QStringLiteral("cri-containerd-99ff.scope");
        QTest::newRow("v1 only") << QByteArray("4:memory:/x\n1:name=systemd:/system.slice/nginx.service\n")
                                 << QStringLiteral("unit") << QStringLiteral("nginx.service");
        QTest::newRow("hybrid, v2 root") << QByteArray("1:name=systemd:/system.slice/cron.service\n0::/\n")
                                         << QStringLiteral("unit") << QStringLiteral("cron.service");
        QTest::newRow("empty") << QByteArray() << QString() << QString();
    }
    void cgroupGrouping()
    {
        QFETCH(QByteArray, cgroup);
        QFETCH(QString, kind);
        QFETCH(QString, name);
        const auto c = componentFromCgroup(cgroup);
        QCOMPARE(c.has_value(), !kind.isEmpty());
        if (c) {
            QCOMPARE(c->first, kind);
            QCOMPARE(c->second, name);
        }
    }

    void reusesThePreviousRead()
    {
        qint64 now = 0;
        ProfileCollector collector(paths("before"));
        collector.setClock([&] { return now; });
        int sleeps = 0;
        collector.setBetweenReads([&](int ms) {
            ++sleeps;
            now += qint64(ms) * 1'000'000;
        });
        const ProfileSnapshot first = collector.snapshot();
        QCOMPARE(sleeps, 1);
        QCOMPARE(first.intervalMs, 25);
        now += 2'000'000'000LL; // a poller's second later
        collector.setPaths(paths("after"));
        const ProfileSnapshot second = collector.snapshot();
        QCOMPARE(sleeps, 1); // no sleep: the previous call's read was the first one
        QCOMPARE(second.intervalMs, 2000);
        QCOMPARE(second.tcp.retransSegsPerSec, 5.0); // (20 - 10) / 2 s
        now += 11'000'000'000LL; // too old to reuse
        collector.snapshot();
        QCOMPARE(sleeps, 2);
    }

    void missingRootIsNotedNotFaked()
    {
        HostPaths p;
        p.procRoot = QStringLiteral("/nonexistent-proc");
        p.sysRoot = QStringLiteral("/nonexistent-sys");
        ProfileCollector collector(p, ProfileCollectorOptions { 15, 1 });
        const ProfileSnapshot s = collector.snapshot();
        QVERIFY(!s.notes.isEmpty());
        QVERIFY(!s.cpu.psiSomeAvg10);
        QVERIFY(!s.cpu.throttledPct);
        QVERIFY(s.components.isEmpty());
        QCOMPARE(s.memory.totalBytes, quint64(0));
    }

    void liveMachine()
    {
        ProfileCollector collector;
        const ProfileSnapshot cold = collector.snapshot();
        const ProfileSnapshot warm = collector.snapshot();
        // Figures, not assertions on time (those live in tests/bench).
        qInfo("live snapshot: cold %.1f ms (interval %d ms), warm %.1f ms, %lld components, %d CPUs",
            double(cold.collectUs) / 1000, cold.intervalMs, double(warm.collectUs) / 1000,
            qlonglong(warm.components.size()), warm.cpu.cpus);
        QVERIFY(warm.cpu.cpus >= 1);
        QVERIFY(warm.memory.totalBytes > 0);
        QVERIFY(!warm.components.isEmpty());
        bool sawSelf = false;
        for (const ComponentUse& c : warm.components)
            sawSelf = sawSelf || c.topPid == ::getpid() || c.name == QStringLiteral("tst_profile_collector");
        QVERIFY2(sawSelf || warm.components.size() >= 15, "the test's own process is not among the components");
    }
};

QTEST_GUILESS_MAIN(TestProfileCollector)
#include "tst_profile_collector.moc"
