#include "profiler/BottleneckDetector.h"
#include "profiler/ProfilerFormat.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace opsdeck;
using namespace opsdeck::profiler;

namespace {

// An idle 4-CPU host as this VM reads when nothing runs: PSI near 0, a run queue of 1-2.
HostProfile idleHost(const QString& name = QStringLiteral("mes-db-1:9110"))
{
    HostProfile h;
    h.instance = name;
    h.reachable = true;
    collect::ProfileSnapshot& s = h.snapshot;
    s.intervalMs = 1000;
    s.cpu.cpus = 4;
    s.cpu.utilisationPct = 12;
    s.cpu.idlePct = 86;
    s.cpu.runQueue = 2;
    s.cpu.psiSomeAvg10 = 3.07;
    s.cpu.psiSomeIntervalPct = 30; // a one-second spike on a shared machine
    s.memory.totalBytes = 16ULL << 30;
    s.memory.availableBytes = 12ULL << 30;
    s.memory.usedBytes = 4ULL << 30;
    s.memory.utilisationPct = 25;
    s.memory.psiSomeAvg10 = 0;
    s.memory.psiFullAvg10 = 0;
    s.memory.majorFaultsPerSec = 40; // programs starting
    s.ioPsiSomeAvg10 = 0.5;
    s.ioPsiFullAvg10 = 0.2;
    collect::DiskUse d;
    d.device = QStringLiteral("sda");
    d.utilisationPct = 3;
    d.awaitMs = 250; // one slow flush ...
    d.queueDepth = 0.1;
    d.writesPerSec = 1; // ... of a single write
    s.disks.append(d);
    collect::NetUse n;
    n.interface = QStringLiteral("eth0");
    n.rxBytesPerSec = 20'000;
    n.txBytesPerSec = 10'000;
    n.linkBytesPerSec = 125'000'000;
    n.utilisationPct = 0.02;
    s.interfaces.append(n);
    s.tcp.outSegsPerSec = 3;
    s.tcp.retransSegsPerSec = 1;
    s.tcp.retransPct = 33; // 1 of 3 segments: noise
    s.fds.allocated = 2000;
    s.fds.max = 1'000'000;
    s.fds.utilisationPct = 0.2;
    collect::ComponentUse postgres;
    postgres.name = QStringLiteral("postgresql@15-main.service");
    postgres.kind = QStringLiteral("unit");
    postgres.topPid = 812;
    postgres.cpuPct = 5;
    postgres.rssBytes = 800ULL << 20;
    postgres.readBytesPerSec = 1000;
    postgres.writeBytesPerSec = 4000;
    postgres.openFiles = 120;
    collect::ComponentUse backup;
    backup.name = QStringLiteral("backup.service");
    backup.topPid = 900;
    backup.cpuPct = 2;
    backup.rssBytes = 100ULL << 20;
    backup.readBytesPerSec = 0;
    backup.writeBytesPerSec = 0;
    backup.openFiles = 10;
    s.components = { postgres, backup };
    return h;
}

} // namespace

class TestBottleneckDetector : public QObject
{
    Q_OBJECT

private slots:
    void idleHostHasNoBottleneck()
    {
        const QList<Bottleneck> list = rankBottlenecks({ idleHost() });
        for (const Bottleneck& b : list)
            qWarning() << b.sentence;
        QVERIFY(list.isEmpty());
        QString resource = QStringLiteral("x");
        QCOMPARE(worstSeverity(idleHost(), &resource), Severity::Ok);
        QVERIFY(resource.isEmpty());
    }

    void slowFirstByteIsTheNetworkPath()
    {
        // A delaying path (the accuracy bench's proxy, 250 ms each way): the answer's first
        // byte came 516 ms after the request, the agent itself waited 25 ms between its reads.
        HostProfile h = idleHost();
        h.snapshot.intervalMs = 25;
        h.firstByteMs = 516;
        const QList<Bottleneck> list = rankBottlenecks({ h });
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.first().resource, QStringLiteral("network"));
        QCOMPARE(list.first().severity, Severity::Critical);
        // A local agent that answers in 40 ms (a cold snapshot) is no bottleneck.
        h.firstByteMs = 40;
        QVERIFY(rankBottlenecks({ h }).isEmpty());
    }

    void unreachableHostIsSkipped()
    {
        HostProfile h = idleHost();
        h.reachable = false;
        h.snapshot.memory.oomKillsInInterval = 3;
        QVERIFY(rankBottlenecks({ h }).isEmpty());
    }

    void resources_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<QString>("resource");
        QTest::addColumn<int>("severity");
        QTest::addColumn<QString>("inSentence");

        QTest::newRow("cpu psi warning") << "cpu-psi-30"
                                         << "cpu" << int(Severity::Warning) << "PSI cpu some 30 %";
        QTest::newRow("cpu psi critical") << "cpu-psi-70"
                                          << "cpu" << int(Severity::Critical) << "stress-ng (pid 4242)";
        QTest::newRow("cpu no psi run queue") << "cpu-runq"
                                              << "cpu" << int(Severity::Critical) << "run queue 14";
        QTest::newRow("cpu interval psi + queue") << "cpu-interval"
                                                  << "cpu" << int(Severity::Warning) << "over the last";
        QTest::newRow("cpu throttled") << "cpu-throttled"
                                       << "cpu" << int(Severity::Critical) << "throttled";
        QTest::newRow("oom kill") << "oom"
                                  << "memory" << int(Severity::Critical) << "OOM kill";
        QTest::newRow("memory psi") << "mem-psi"
                                    << "memory" << int(Severity::Warning) << "PSI memory some 15 %";
        QTest::newRow("swapping") << "swap"
                                  << "memory" << int(Severity::Critical) << "swapping 1500 pages/s";
        QTest::newRow("memory full") << "mem-used"
                                     << "memory" << int(Severity::Warning) << "92 % used";
        QTest::newRow("disk psi") << "io-psi"
                                  << "disk:sda" << int(Severity::Critical)
                                  << "disk sda saturated — PSI io full 38 %";
        QTest::newRow("disk queue+await") << "disk-queue"
                                          << "disk:sda" << int(Severity::Warning) << "await 41 ms";
        QTest::newRow("nic drops") << "nic-drops"
                                   << "net:eth0" << int(Severity::Warning) << "50 drops/s";
        QTest::newRow("nic full") << "nic-util"
                                  << "net:eth0" << int(Severity::Critical) << "97 % of the link";
        QTest::newRow("retransmits") << "retrans"
                                     << "tcp" << int(Severity::Warning) << "retransmits 5.0 %";
        QTest::newRow("listen overflows") << "overflow"
                                          << "tcp" << int(Severity::Critical) << "listen queue";
        QTest::newRow("fds") << "fds"
                             << "fds" << int(Severity::Critical) << "96 %";
        QTest::newRow("slow path") << "connect"
                                   << "network" << int(Severity::Warning) << "TCP connect 150 ms";
    }

    void resources()
    {
        QFETCH(QString, fault);
        QFETCH(QString, resource);
        QFETCH(int, severity);
        QFETCH(QString, inSentence);
        HostProfile h = idleHost();
        collect::ProfileSnapshot& s = h.snapshot;
        collect::ComponentUse stress;
        stress.name = QStringLiteral("stress-ng");
        stress.topPid = 4242;
        stress.cpuPct = 390;
        stress.rssBytes = 5ULL << 30;
        stress.writeBytesPerSec = 180.0 * 1024 * 1024;
        stress.readBytesPerSec = 0;
        stress.openFiles = 5000;
        s.components.prepend(stress);
        if (fault == QLatin1String("cpu-psi-30")) {
            s.cpu.psiSomeAvg10 = 30;
        } else if (fault == QLatin1String("cpu-psi-70")) {
            s.cpu.psiSomeAvg10 = 70;
            s.cpu.runQueue = 12;
        } else if (fault == QLatin1String("cpu-runq")) {
            s.cpu.psiSomeAvg10.reset();
            s.cpu.psiSomeIntervalPct.reset();
            s.cpu.utilisationPct = 100;
            s.cpu.runQueue = 14;
        } else if (fault == QLatin1String("cpu-interval")) {
            s.cpu.psiSomeIntervalPct = 40;
            s.cpu.runQueue = 8;
        } else if (fault == QLatin1String("cpu-throttled")) {
            s.cpu.throttledPct = 60;
        } else if (fault == QLatin1String("oom")) {
            s.memory.oomKillsInInterval = 1;
        } else if (fault == QLatin1String("mem-psi")) {
            s.memory.psiSomeAvg10 = 15;
        } else if (fault == QLatin1String("swap")) {
            s.memory.swapInPagesPerSec = 1000;
            s.memory.swapOutPagesPerSec = 500;
        } else if (fault == QLatin1String("mem-used")) {
            s.memory.utilisationPct = 92;
        } else if (fault == QLatin1String("io-psi")) {
            s.ioPsiFullAvg10 = 38;
            s.disks[0].utilisationPct = 99;
            s.disks[0].awaitMs = 41;
            s.disks[0].queueDepth = 12;
            s.disks[0].writesPerSec = 400;
        } else if (fault == QLatin1String("disk-queue")) {
            s.disks[0].awaitMs = 41;
            s.disks[0].queueDepth = 6;
            s.disks[0].writesPerSec = 300;
        } else if (fault == QLatin1String("nic-drops")) {
            s.interfaces[0].dropsPerSec = 50;
        } else if (fault == QLatin1String("nic-util")) {
            s.interfaces[0].utilisationPct = 97;
        } else if (fault == QLatin1String("retrans")) {
            s.tcp.outSegsPerSec = 2000;
            s.tcp.retransPct = 5;
        } else if (fault == QLatin1String("overflow")) {
            s.tcp.listenOverflowsPerSec = 500;
        } else if (fault == QLatin1String("fds")) {
            s.fds.allocated = 960'000;
            s.fds.utilisationPct = 96;
        } else if (fault == QLatin1String("connect")) {
            h.connectMs = 150;
        }
        const QList<Bottleneck> list = rankBottlenecks({ h });
        QVERIFY2(!list.isEmpty(), qPrintable(fault));
        const Bottleneck& top = list.constFirst();
        QCOMPARE(top.resource, resource);
        QCOMPARE(int(top.severity), severity);
        QVERIFY2(top.sentence.contains(inSentence), qPrintable(top.sentence));
        QVERIFY2(top.sentence.startsWith(h.instance + QStringLiteral(": ")), qPrintable(top.sentence));
        QVERIFY(!top.evidence.isEmpty());
        // Only the injected resource is listed.
        QCOMPARE(list.size(), 1);
        QString worst;
        QCOMPARE(int(worstSeverity(h, &worst)), severity);
        QCOMPARE(worst, resource);
    }

    void componentsResponsible()
    {
        HostProfile h = idleHost();
        collect::ProfileSnapshot& s = h.snapshot;
        s.ioPsiFullAvg10 = 38;
        s.disks[0].awaitMs = 41;
        s.disks[0].queueDepth = 12;
        s.disks[0].writesPerSec = 400;
        s.components[1].writeBytesPerSec = 180.0 * 1024 * 1024; // backup writes, postgres is first by CPU
        const Bottleneck b = rankBottlenecks({ h }).constFirst();
        QCOMPARE(b.components.constFirst().name, QStringLiteral("backup.service"));
        QVERIFY2(b.sentence.contains(QStringLiteral("backup.service (pid 900) writes 180 MiB/s")),
            qPrintable(b.sentence));
        QCOMPARE(b.sentence,
            QStringLiteral(
                "mes-db-1:9110: disk sda saturated — PSI io full 38 %, await 41 ms, queue 12, utilisation "
                "3.0 %; backup.service (pid 900) writes 180 MiB/s"));

        HostProfile m = idleHost();
        m.snapshot.memory.psiSomeAvg10 = 20;
        m.snapshot.components[1].majorFaultsPerSec = 300;
        const Bottleneck mb = rankBottlenecks({ m }).constFirst();
        QCOMPARE(mb.components.constFirst().name, QStringLiteral("postgresql@15-main.service")); // by RSS
        QVERIFY2(mb.sentence.contains(QStringLiteral("backup.service (pid 900) faults 300 pages/s")),
            qPrintable(mb.sentence));
    }

    void rankingSaturationBeforeUtilisation()
    {
        HostProfile a = idleHost(QStringLiteral("a:1"));
        a.snapshot.memory.utilisationPct = 95; // utilisation only: Warning
        HostProfile b = idleHost(QStringLiteral("b:1"));
        b.snapshot.cpu.psiSomeAvg10 = 30; // saturation: Warning
        HostProfile c = idleHost(QStringLiteral("c:1"));
        c.snapshot.memory.oomKillsInInterval = 2; // errors: Critical
        const QList<Bottleneck> list = rankBottlenecks({ a, b, c });
        QCOMPARE(list.size(), 3);
        QCOMPARE(list.at(0).host, QStringLiteral("c:1"));
        QCOMPARE(list.at(1).host, QStringLiteral("b:1"));
        QCOMPARE(list.at(2).host, QStringLiteral("a:1"));
        QVERIFY(list.at(0).score > list.at(1).score);
        QVERIFY(list.at(1).score > list.at(2).score);
    }

    void majorFaultsAloneAreOnlyWarning()
    {
        HostProfile h = idleHost();
        h.snapshot.memory.majorFaultsPerSec = 5000; // PSI memory says nobody waits
        QCOMPARE(worstSeverity(h), Severity::Warning);
    }

    void fleetJsonPutsBottlenecksFirst()
    {
        HostProfile h = idleHost();
        h.snapshot.cpu.psiSomeAvg10 = 70;
        HostProfile gone;
        gone.instance = QStringLiteral("gone:9110");
        gone.error = QStringLiteral("connection refused");
        FleetSnapshot fleet;
        fleet.hosts = { h, gone };
        fleet.bottlenecks = rankBottlenecks(fleet.hosts);
        const QJsonObject json = toJson(fleet);
        QCOMPARE(json.keys().constFirst(), QStringLiteral("bottlenecks"));
        const QJsonObject b = json.value(QStringLiteral("bottlenecks")).toArray().at(0).toObject();
        QCOMPARE(b.value(QStringLiteral("severity")).toString(), QStringLiteral("critical"));
        QCOMPARE(b.value(QStringLiteral("resource")).toString(), QStringLiteral("cpu"));
        QVERIFY(!b.value(QStringLiteral("sentence")).toString().isEmpty());
        QVERIFY(!b.value(QStringLiteral("evidence")).toArray().isEmpty());
        QVERIFY(!b.value(QStringLiteral("components")).toArray().isEmpty());
        QCOMPARE(json.value(QStringLiteral("hosts")).toArray().size(), 1);
        const QJsonObject missing = json.value(QStringLiteral("missing")).toArray().at(0).toObject();
        QCOMPARE(missing.value(QStringLiteral("error")).toString(), QStringLiteral("connection refused"));
    }

    void formats()
    {
        QCOMPARE(formatBytes(180.0 * 1024 * 1024), QStringLiteral("180 MiB"));
        QCOMPARE(formatBytes(1536), QStringLiteral("1.5 KiB"));
        QCOMPARE(formatBytes(12), QStringLiteral("12 B"));
        QCOMPARE(formatPercent(38.2), QStringLiteral("38 %"));
        QCOMPARE(formatPercent(3.07), QStringLiteral("3.1 %"));
        QCOMPARE(formatMs(41.2), QStringLiteral("41 ms"));
        QCOMPARE(formatMs(2500), QStringLiteral("2.5 s"));
    }
};

QTEST_GUILESS_MAIN(TestBottleneckDetector)
#include "tst_bottleneck_detector.moc"
