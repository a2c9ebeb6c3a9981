#pragma once

#include "ProfileSnapshot.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>
#include <optional>

// On-CPU profiles of one process or the whole host with Linux perf (Debian's
// linux-perf: `perf record -F 99 -g`, then `perf script`), folded into Brendan
// Gregg's FlameGraph "root;...;leaf count" lines by our own folder (FlameGraph's
// scripts are CDDL and not shipped). 99 Hz, not 100, so sampling does not run in
// lockstep with timer-driven work. Everything runs in child processes driven by
// signals: a profile never blocks the caller's event loop. Bounded: perf is killed
// at seconds + 5 s, and the folded text stops growing at maxFoldedBytes (truncated).
// Whether the kernel will let us profile is decided BEFORE perf starts by
// decidePerfAccess(), a pure function of the kernel's and the process's state.
namespace opsdeck::collect {

struct PerfAccessInput
{
    std::optional<int> paranoid; // /proc/sys/kernel/perf_event_paranoid; nullopt: unreadable
    quint64 capEff = 0; // /proc/self/status CapEff
    uint euid = 0;
    qint64 pid = 0; // 0: the whole host
    std::optional<uint> pidOwner; // uid of /proc/PID; nullopt when the pid does not exist
    bool inContainer = false; // /.dockerenv, /run/.containerenv or $container
    bool perfInstalled = true;
};

struct PerfAccess
{
    bool allowed = false;
    bool pidMissing = false; // 404 rather than 403
    QString reason; // "perf_event_paranoid", "capability", "container", "no_perf"
    QString message; // a sentence that says what to do
    bool userSpaceOnly = false; // unprivileged at paranoid 2: sample with cpu-clock:u
};

// The kernel's rules (Documentation/admin-guide/perf-security.rst): CAP_PERFMON (bit
// 38, Linux 5.8+) or CAP_SYS_ADMIN (21) may do anything; otherwise level >= 3 (Debian)
// forbids perf_event_open, >= 1 forbids CPU-wide (whole-host) events, >= 2 kernel
// samples, and another user's process needs CAP_SYS_PTRACE (19).
PerfAccess decidePerfAccess(const PerfAccessInput& in);
// The same input read from this process and the live /proc.
PerfAccessInput perfAccessInputFor(qint64 pid, const QString& procRoot = QStringLiteral("/proc"));

// Folds `perf script -F comm,tid,ip,sym,dso` text as it arrives: a sample is a
// header line "comm tid" followed by frames "\taddr sym+off (dso)", leaf first,
// ended by a blank line. Root first in the output: comm;outermost;...;leaf.
class PerfScriptFolder final
{
public:
    explicit PerfScriptFolder(qsizetype maxFoldedBytes = 8 * 1024 * 1024);
    void feed(QByteArrayView chunk);
    void finish(); // flushes a last sample without a trailing blank line
    QByteArray folded() const; // sorted lines, "stack count\n"
    quint64 samples() const { return m_samples; }
    bool truncated() const { return m_truncated; }

private:
    void line(QByteArrayView line);
    void endSample();

    qsizetype m_maxBytes;
    QByteArray m_pending; // partial line
    QByteArray m_comm;
    QList<QByteArray> m_frames; // leaf first
    bool m_inSample = false;
    QHash<QByteArray, quint64> m_stacks;
    qsizetype m_bytes = 0;
    quint64 m_samples = 0;
    bool m_truncated = false;
};

class CpuProfiler final : public QObject
{
    Q_OBJECT

public:
    explicit CpuProfiler(QObject* parent = nullptr);
    ~CpuProfiler() override;

    bool isRunning() const { return m_record || m_script; }
    // Starts perf; false with *error if it cannot start at all. pid 0: the whole host.
    bool start(qint64 pid, int seconds, bool userSpaceOnly, QString* error);
    void cancel();

    static QString perfProgram(); // $OPSDECK_PERF or /usr/bin/perf
    static constexpr int kFrequencyHz = 99;

signals:
    void finished(const opsdeck::collect::CpuProfile& profile);
    void failed(const QString& error, const QString& perfOutput);

private:
    void recordFinished(int exitCode, QProcess::ExitStatus status);
    void scriptFinished(int exitCode, QProcess::ExitStatus status);
    void stop();

    std::unique_ptr<QTemporaryDir> m_dir;
    QProcess* m_record = nullptr;
    QProcess* m_script = nullptr;
    QTimer m_deadline;
    QElapsedTimer m_elapsed;
    PerfScriptFolder m_folder;
    QByteArray m_recordOutput;
    qint64 m_pid = 0;
    int m_seconds = 0;
    QString m_event;
    bool m_killed = false;
};

} // namespace opsdeck::collect
