#pragma once

#include <QList>
#include <QProcessEnvironment>
#include <QString>

#include <memory>

class QProcess;

// Test fixture for the profiler accuracy bench: injects one fault at a time on
// this machine and says what the bottleneck detector should name for it. The
// faults are Debian's stress-ng 0.15 stressors (bounded by --timeout, run in a
// process group of their own so stop() ends every worker), a CPU-burning query
// against a test PostgreSQL server, and network delay through a DelayProxy
// between the fetch and the agent (tc netem does not work here:
// shared/notes/profiler-bench-facts.md section 5).
//
// Memory pressure needs a memory cgroup: the machine has ~24 GiB and no swap,
// so a plain anonymous hog only gets OOM-killed. The injector makes a child
// memory cgroup of its own (cgroup v1 memory.limit_in_bytes, or v2 memory.high
// + memory.max) of 64 MiB and runs stress-ng's file-backed mmap stressor in it
// on 2 x 256 MiB: its pages are reclaimed and faulted back in all the time,
// which is memory stall (PSI memory) without any kill. Where no such cgroup can
// be made, available() says why and the memory kind is left out.
//
// It never touches anything outside its temporary directory, its own cgroup
// and its own child processes.
namespace opsdeck::testsupport {

class DelayProxy;

enum class FaultKind {
    CpuSaturation, // stress-ng --cpu 4
    RunQueue, // stress-ng --switch 4 (context switches, run queue)
    MemoryPressure, // stress-ng --mmap 2 --mmap-file in a 64 MiB memory cgroup
    DiskSaturation, // stress-ng --hdd 4 --hdd-opts direct,sync
    SlowPostgresQuery, // 3 psql loops of SELECT count(*) FROM generate_series(1, 1e8)
    NetworkDelay, // DelayProxy between the fetch and the agent
};

QString faultKindName(FaultKind kind); // "cpu", "run-queue", "memory", "disk", "postgres-query", "network-delay"
QList<FaultKind> allFaultKinds();

struct PostgresFaultTarget
{
    int port = 0;
    QString database;
    QString user = QStringLiteral("opsdeck");
};

class FaultInjector final
{
public:
    // tempDir: where the disk and memory stressors write (its disk is the expected "disk:<dev>").
    explicit FaultInjector(QString tempDir);
    ~FaultInjector();
    FaultInjector(const FaultInjector&) = delete;
    FaultInjector& operator=(const FaultInjector&) = delete;

    static QString stressNgPath(); // empty when stress-ng is not installed

    void setPostgres(const PostgresFaultTarget& target) { m_postgres = target; }
    void setDelayProxy(DelayProxy* proxy, int delayMs)
    {
        m_proxy = proxy;
        m_delayMs = delayMs;
    }

    // Whether the kind can be injected here; *why says what is missing.
    bool available(FaultKind kind, QString* why = nullptr);

    // What the detector should name: resource ("cpu", "memory", "disk:vda", "network") and
    // the component (process group) that must come first ("stress-ng", "postgres"; empty for
    // network delay, where no process is to blame).
    QString expectedResource(FaultKind kind) const;
    QString expectedComponent(FaultKind kind) const;
    // Whether a component name counts as the injected one (stress-ng workers, postgres backends
    // grouped under a unit "postgresql@15-main.service" or the executable "postgres").
    bool componentMatches(FaultKind kind, const QString& component) const;

    // Starts the fault, bounded to maxSeconds in any case (stress-ng --timeout, statement_timeout).
    bool start(FaultKind kind, int maxSeconds);
    bool running() const;
    // Ends the fault: SIGTERM to the process group, SIGKILL after graceMs; resets the proxy delay.
    void stop(int graceMs = 15000);

    QString errorString() const { return m_error; }
    // The block device (whole disk) holding tempDir: "vda"; empty when unknown.
    QString tempDirDisk() const { return m_disk; }
    QString memoryCgroup() const { return m_cgroupDir; } // the cgroup made for memory pressure
    QString memoryMethod() const; // what was done, in one line, for the report

private:
    bool ensureMemoryCgroup(QString* why);
    bool startProcess(const QString& program, const QStringList& args, const QString& cgroupProcs,
        const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());

    QString m_tempDir;
    QString m_disk;
    PostgresFaultTarget m_postgres;
    DelayProxy* m_proxy = nullptr;
    int m_delayMs = 250;
    std::unique_ptr<QProcess> m_process;
    bool m_proxyDelayed = false;
    QString m_cgroupDir;
    QString m_cgroupProcs;
    QString m_cgroupVersion;
    QString m_cgroupError;
    bool m_cgroupTried = false;
    QString m_error;
};

} // namespace opsdeck::testsupport
