// decidePerfAccess (the kernel's perf_event_open rules as a pure function) and the
// perf-script folder, data-driven.

#include "collect/CpuProfiler.h"

#include <QtTest>

using namespace opsdeck::collect;

namespace {

constexpr quint64 kPerfmon = quint64(1) << 38;
constexpr quint64 kSysAdmin = quint64(1) << 21;
constexpr quint64 kPtrace = quint64(1) << 19;

} // namespace

class TestCpuProfiler final : public QObject
{
    Q_OBJECT

private slots:
    void access_data()
    {
        QTest::addColumn<int>("paranoid");
        QTest::addColumn<quint64>("caps");
        QTest::addColumn<uint>("euid");
        QTest::addColumn<qint64>("pid");
        QTest::addColumn<int>("owner"); // -1: no such process
        QTest::addColumn<bool>("container");
        QTest::addColumn<bool>("perf");
        QTest::addColumn<QString>("expected"); // "ok", "ok-user", "404" or a reason
        const quint64 none = 0;
        QTest::newRow("root, host, level 2")
            << 2 << (kPerfmon | kSysAdmin) << 0u << qint64(0) << 0 << false << true << QStringLiteral("ok");
        QTest::newRow("CAP_PERFMON only, host, level 2")
            << 2 << kPerfmon << 1000u << qint64(0) << 0 << false << true << QStringLiteral("ok");
        QTest::newRow("CAP_SYS_ADMIN, level 3")
            << 3 << kSysAdmin << 1000u << qint64(0) << 0 << false << true << QStringLiteral("ok");
        QTest::newRow("nobody, host, level 2")
            << 2 << none << 65534u << qint64(0) << 0 << false << true << QStringLiteral("perf_event_paranoid");
        QTest::newRow("nobody, host, level 1")
            << 1 << none << 65534u << qint64(0) << 0 << false << true << QStringLiteral("perf_event_paranoid");
        QTest::newRow("user, host, level 0")
            << 0 << none << 1000u << qint64(0) << 0 << false << true << QStringLiteral("ok");
        QTest::newRow("user, host, level -1")
            << -1 << none << 1000u << qint64(0) << 0 << false << true << QStringLiteral("ok");
        QTest::newRow("user, own pid, level 2")
            << 2 << none << 1000u << qint64(42) << 1000 << false << true << QStringLiteral("ok-user");
        QTest::newRow("user, own pid, level 1")
            << 1 << none << 1000u << qint64(42) << 1000 << false << true << QStringLiteral("ok");
        QTest::newRow("user, own pid, Debian level 3")
            << 3 << none << 1000u << qint64(42) << 1000 << false << true << QStringLiteral("perf_event_paranoid");
        QTest::newRow("user, other's pid")
            << 2 << none << 1000u << qint64(42) << 0 << false << true << QStringLiteral("capability");
        QTest::newRow("user with CAP_SYS_PTRACE, other's pid")
            << 2 << kPtrace << 1000u << qint64(42) << 0 << false << true << QStringLiteral("ok-user");
        QTest::newRow("root, other's pid")
            << 2 << (kPerfmon | kSysAdmin) << 0u << qint64(42) << 1000 << false << true << QStringLiteral("ok");
        QTest::newRow("dead pid") << 2 << kPerfmon << 0u << qint64(42) << -1 << false << true
                                  << QStringLiteral("404");
        QTest::newRow("no perf") << 2 << kPerfmon << 0u << qint64(0) << 0 << false << false
                                 << QStringLiteral("no_perf");
        QTest::newRow("container, unprivileged, own pid")
            << 2 << none << 1000u << qint64(42) << 1000 << true << true << QStringLiteral("container");
        QTest::newRow("container with CAP_PERFMON")
            << 2 << kPerfmon << 0u << qint64(0) << 0 << true << true << QStringLiteral("ok");
    }
    void access()
    {
        QFETCH(int, paranoid);
        QFETCH(quint64, caps);
        QFETCH(uint, euid);
        QFETCH(qint64, pid);
        QFETCH(int, owner);
        QFETCH(bool, container);
        QFETCH(bool, perf);
        QFETCH(QString, expected);
        PerfAccessInput in;
        in.paranoid = paranoid;
        in.capEff = caps;
        in.euid = euid;
        in.pid = pid;
        if (owner >= 0)
            in.pidOwner = uint(owner);
        in.inContainer = container;
        in.perfInstalled = perf;
        const PerfAccess a = decidePerfAccess(in);
        if (expected == u"ok" || expected == u"ok-user") {
            QVERIFY2(a.allowed, qPrintable(a.message));
            QCOMPARE(a.userSpaceOnly, expected == u"ok-user");
        } else if (expected == u"404") {
            QVERIFY(!a.allowed);
            QVERIFY(a.pidMissing);
        } else {
            QVERIFY(!a.allowed);
            QVERIFY(!a.pidMissing);
            QCOMPARE(a.reason, expected);
            QVERIFY(!a.message.isEmpty());
        }
    }

    void paranoidMessageSaysWhatToDo()
    {
        PerfAccessInput in;
        in.paranoid = 2;
        in.euid = 65534;
        const PerfAccess a = decidePerfAccess(in);
        QCOMPARE(a.reason, QStringLiteral("perf_event_paranoid"));
        QVERIFY2(a.message.contains(QStringLiteral("kernel.perf_event_paranoid is 2")), qPrintable(a.message));
        QVERIFY(a.message.contains(QStringLiteral("sysctl -w kernel.perf_event_paranoid=0")));
        QVERIFY(a.message.contains(QStringLiteral("CAP_PERFMON")));
    }

    void fold_data()
    {
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<QByteArray>("folded");
        QTest::addColumn<quint64>("samples");
        QTest::newRow("two stacks, one twice")
            << QByteArray("busy 42 \n\t  55d0 inner+0x14 (/usr/bin/busy)\n\t  55c0 outer+0x8 (/usr/bin/busy)\n"
                          "\t  7f00 __libc_start_main+0xf3 (/lib/x86_64-linux-gnu/libc.so.6)\n\n"
                          "busy 42 \n\t  55d0 inner+0x20 (/usr/bin/busy)\n\t  55c0 outer+0x8 (/usr/bin/busy)\n"
                          "\t  7f00 __libc_start_main+0xf3 (/lib/x86_64-linux-gnu/libc.so.6)\n\n"
                          "busy 43 \n\t  55e0 other (/usr/bin/busy)\n\n")
            << QByteArray("busy;__libc_start_main;outer;inner 2\nbusy;other 1\n") << quint64(2 + 1);
        QTest::newRow("unknown symbols name their object")
            << QByteArray("cc1plus 26487 \n\t  f41025 [unknown] (/usr/lib/gcc/x86_64-linux-gnu/12/cc1plus)\n"
                          "\t 7f1f [unknown] ([unknown])\n\n")
            << QByteArray("cc1plus;[unknown];[cc1plus] 1\n") << quint64(1);
        QTest::newRow("comm with spaces, kernel frames, no final blank line")
            << QByteArray("Web Content   7 \n\tffffffff8224 pvm_safe_halt_hc ([kernel.kallsyms])\n"
                          "\tffffffff8130 common_startup_64 ([kernel.kallsyms])")
            << QByteArray("Web Content;common_startup_64;pvm_safe_halt_hc 1\n") << quint64(1);
        QTest::newRow("separators in names are replaced") << QByteArray("a;b 1 \n\t 10 operator;weird (/x)\n\n")
                                                          << QByteArray("a:b;operator:weird 1\n") << quint64(1);
        QTest::newRow("empty") << QByteArray() << QByteArray() << quint64(0);
    }
    void fold()
    {
        QFETCH(QByteArray, script);
        QFETCH(QByteArray, folded);
        QFETCH(quint64, samples);
        // Fed in awkward chunks, as a pipe delivers it.
        for (const qsizetype chunk : { qsizetype(1), qsizetype(7), script.size() + 1 }) {
            PerfScriptFolder folder;
            for (qsizetype i = 0; i < script.size(); i += chunk)
                folder.feed(QByteArrayView(script).sliced(i, qMin(chunk, script.size() - i)));
            folder.finish();
            QCOMPARE(folder.folded(), folded);
            QCOMPARE(folder.samples(), samples);
            QVERIFY(!folder.truncated());
        }
    }

    void foldIsBoundedInMemory()
    {
        PerfScriptFolder folder(200);
        QByteArray script;
        for (int i = 0; i < 50; ++i)
            script += "p 1 \n\t 10 function_number_" + QByteArray::number(i) + " (/x)\n\n";
        script += "p 1 \n\t 10 function_number_0 (/x)\n\n"; // a known stack still counts
        folder.feed(script);
        folder.finish();
        QVERIFY(folder.truncated());
        QVERIFY(folder.folded().size() <= 200);
        QCOMPARE(folder.samples(), quint64(51));
        QVERIFY(folder.folded().contains("p;function_number_0 2\n"));
    }
};

QTEST_GUILESS_MAIN(TestCpuProfiler)
#include "tst_cpu_profiler.moc"
