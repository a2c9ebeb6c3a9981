#include "FaultInjector.h"

#include "DelayProxy.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <unistd.h>

namespace opsdeck::testsupport {

namespace {

constexpr qint64 kMemoryHighBytes = 64LL * 1024 * 1024;
constexpr qint64 kMemoryMaxBytes = 96LL * 1024 * 1024; // v2 only: high throttles, max is the backstop

bool writeFile(const QString& path, const QByteArray& value)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return false;
    return f.write(value) == value.size();
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

// The whole disk that holds `path` ("vda" for /dev/vda1 too), from st_dev and /sys/dev/block.
QString diskOf(const QString& path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0 || major(st.st_dev) == 0)
        return {};
    const QString sys = QStringLiteral("/sys/dev/block/%1:%2").arg(major(st.st_dev)).arg(minor(st.st_dev));
    const QFileInfo info(sys);
    const QString real = info.canonicalFilePath();
    if (real.isEmpty())
        return {};
    if (QFileInfo::exists(real + QStringLiteral("/partition")))
        return QFileInfo(QFileInfo(real).absolutePath()).fileName();
    return QFileInfo(real).fileName();
}

QString psqlPath()
{
    const QString bundled = QStringLiteral("/usr/lib/postgresql/15/bin/psql");
    if (QFileInfo(bundled).isExecutable())
        return bundled;
    return QStandardPaths::findExecutable(QStringLiteral("psql"));
}

} // namespace

QString faultKindName(FaultKind kind)
{
    switch (kind) {
    case FaultKind::CpuSaturation:
        return QStringLiteral("cpu");
    case FaultKind::RunQueue:
        return QStringLiteral("run-queue");
    case FaultKind::MemoryPressure:
        return QStringLiteral("memory");
    case FaultKind::DiskSaturation:
        return QStringLiteral("disk");
    case FaultKind::SlowPostgresQuery:
        return QStringLiteral("postgres-query");
    case FaultKind::NetworkDelay:
        return QStringLiteral("network-delay");
    }
    return {};
}

QList<FaultKind> allFaultKinds()
{
    return { FaultKind::CpuSaturation, FaultKind::RunQueue, FaultKind::MemoryPressure, FaultKind::DiskSaturation,
        FaultKind::SlowPostgresQuery, FaultKind::NetworkDelay };
}

FaultInjector::FaultInjector(QString tempDir)
    : m_tempDir(std::move(tempDir))
{
    QDir().mkpath(m_tempDir);
    m_disk = diskOf(m_tempDir);
}

FaultInjector::~FaultInjector()
{
    stop(5000);
    if (!m_cgroupDir.isEmpty())
        QDir().rmdir(m_cgroupDir); // charged page cache moves to the parent
}

QString FaultInjector::stressNgPath()
{
    return QStandardPaths::findExecutable(QStringLiteral("stress-ng"));
}

bool FaultInjector::ensureMemoryCgroup(QString* why)
{
    if (m_cgroupTried) {
        if (why)
            *why = m_cgroupError;
        return !m_cgroupDir.isEmpty();
    }
    m_cgroupTried = true;
    const QString name = QStringLiteral("opsdeck-bench-%1").arg(QCoreApplication::applicationPid());
    const QList<QByteArray> lines = readFile(QStringLiteral("/proc/self/cgroup")).split('\n');
    QString v1Path;
    QString v2Path;
    for (const QByteArray& line : lines) {
        const QList<QByteArray> parts = line.split(':');
        if (parts.size() < 3)
            continue;
        const QList<QByteArray> controllers = parts[1].split(',');
        if (controllers.contains("memory"))
            v1Path = QString::fromUtf8(parts.mid(2).join(':'));
        if (parts[0] == "0" && parts[1].isEmpty())
            v2Path = QString::fromUtf8(parts.mid(2).join(':'));
    }
    // cgroup v1 (this machine: memory is a v1 hierarchy under /sys/fs/cgroup/memory).
    if (!v1Path.isEmpty() && QFileInfo::exists(QStringLiteral("/sys/fs/cgroup/memory/memory.limit_in_bytes"))) {
        const QString dir = QDir::cleanPath(QStringLiteral("/sys/fs/cgroup/memory/") + v1Path + u'/' + name);
        if (!QDir().mkpath(dir)) {
            m_cgroupError = QStringLiteral("cannot create the memory cgroup %1").arg(dir);
        } else if (!writeFile(
                       dir + QStringLiteral("/memory.limit_in_bytes"), QByteArray::number(kMemoryHighBytes))) {
            m_cgroupError = QStringLiteral("cannot set %1/memory.limit_in_bytes").arg(dir);
            QDir().rmdir(dir);
        } else {
            m_cgroupDir = dir;
            m_cgroupProcs = dir + QStringLiteral("/cgroup.procs");
            m_cgroupVersion = QStringLiteral("v1");
        }
    } else if (!v2Path.isEmpty()
        && readFile(QStringLiteral("/sys/fs/cgroup/cgroup.controllers")).split(' ').contains("memory")) {
        // cgroup v2: the parent must delegate memory to its children; that only works when the
        // parent holds no processes itself (or is the root), so a child of our own cgroup is tried.
        const QString parent = QDir::cleanPath(QStringLiteral("/sys/fs/cgroup/") + v2Path);
        const QString control = parent + QStringLiteral("/cgroup.subtree_control");
        if (!readFile(control).contains("memory"))
            writeFile(control, "+memory");
        const QString dir = parent + u'/' + name;
        if (!readFile(control).contains("memory")) {
            m_cgroupError = QStringLiteral("%1 does not delegate the memory controller (a v2 cgroup with "
                                           "processes of its own cannot)")
                                .arg(parent);
        } else if (!QDir().mkpath(dir)
            || !writeFile(dir + QStringLiteral("/memory.high"), QByteArray::number(kMemoryHighBytes))
            || !writeFile(dir + QStringLiteral("/memory.max"), QByteArray::number(kMemoryMaxBytes))) {
            m_cgroupError = QStringLiteral("cannot create or limit the memory cgroup %1").arg(dir);
            QDir().rmdir(dir);
        } else {
            m_cgroupDir = dir;
            m_cgroupProcs = dir + QStringLiteral("/cgroup.procs");
            m_cgroupVersion = QStringLiteral("v2");
        }
    } else {
        m_cgroupError = QStringLiteral("no memory cgroup controller is mounted");
    }
    if (why)
        *why = m_cgroupError;
    return !m_cgroupDir.isEmpty();
}

QString FaultInjector::memoryMethod() const
{
    if (m_cgroupDir.isEmpty())
        return m_cgroupTried ? QStringLiteral("no memory cgroup: ") + m_cgroupError : QStringLiteral("not tried");
    return QStringLiteral("cgroup %1 %2 (%3 = 64 MiB), stress-ng --mmap 2 --mmap-bytes 256M --mmap-file in it")
        .arg(m_cgroupVersion, m_cgroupDir,
            m_cgroupVersion == u"v1" ? QStringLiteral("memory.limit_in_bytes") : QStringLiteral("memory.high"));
}

bool FaultInjector::available(FaultKind kind, QString* why)
{
    QString reason;
    switch (kind) {
    case FaultKind::CpuSaturation:
    case FaultKind::RunQueue:
    case FaultKind::DiskSaturation:
        if (stressNgPath().isEmpty())
            reason = QStringLiteral("stress-ng is not installed (Debian package stress-ng)");
        break;
    case FaultKind::MemoryPressure:
        if (stressNgPath().isEmpty())
            reason = QStringLiteral("stress-ng is not installed (Debian package stress-ng)");
        else
            ensureMemoryCgroup(&reason);
        break;
    case FaultKind::SlowPostgresQuery:
        if (m_postgres.port == 0)
            reason = QStringLiteral("no PostgreSQL test server");
        else if (psqlPath().isEmpty())
            reason = QStringLiteral("psql is not installed");
        break;
    case FaultKind::NetworkDelay:
        if (!m_proxy)
            reason = QStringLiteral("no DelayProxy in front of the agent");
        break;
    }
    if (why)
        *why = reason;
    return reason.isEmpty();
}

QString FaultInjector::expectedResource(FaultKind kind) const
{
    switch (kind) {
    case FaultKind::CpuSaturation:
    case FaultKind::RunQueue:
    case FaultKind::SlowPostgresQuery:
        return QStringLiteral("cpu");
    case FaultKind::MemoryPressure:
        return QStringLiteral("memory");
    case FaultKind::DiskSaturation:
        return QStringLiteral("disk:") + m_disk; // "disk:" alone when the device is unknown
    case FaultKind::NetworkDelay:
        return QStringLiteral("network");
    }
    return {};
}

QString FaultInjector::expectedComponent(FaultKind kind) const
{
    switch (kind) {
    case FaultKind::SlowPostgresQuery:
        return QStringLiteral("postgres");
    case FaultKind::NetworkDelay:
        return {};
    default:
        return QStringLiteral("stress-ng");
    }
}

bool FaultInjector::componentMatches(FaultKind kind, const QString& component) const
{
    const QString expected = expectedComponent(kind);
    if (expected.isEmpty())
        return true;
    if (kind == FaultKind::SlowPostgresQuery)
        return component.contains(QLatin1StringView("postgres"), Qt::CaseInsensitive);
    return component == expected || component.startsWith(expected + u'-');
}

bool FaultInjector::startProcess(
    const QString& program, const QStringList& args, const QString& cgroupProcs, const QProcessEnvironment& env)
{
    m_process = std::make_unique<QProcess>();
    m_process->setProcessEnvironment(env);
    m_process->setProgram(program);
    m_process->setArguments(args);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    const QByteArray procs = QFile::encodeName(cgroupProcs);
    // In the child before exec: a process group of its own (stop() signals all workers at once)
    // and, for memory pressure, into the memory cgroup so every worker is born there.
    m_process->setChildProcessModifier([procs]() {
        ::setpgid(0, 0);
        if (!procs.isEmpty()) {
            const int fd = ::open(procs.constData(), O_WRONLY);
            if (fd >= 0) {
                char pid[32];
                const int n = std::snprintf(pid, sizeof pid, "%d\n", int(::getpid()));
                if (::write(fd, pid, size_t(n)) != n)
                    ::_exit(125);
                ::close(fd);
            } else {
                ::_exit(125);
            }
        }
    });
    m_process->start();
    if (!m_process->waitForStarted(10000)) {
        m_error = QStringLiteral("%1 did not start: %2").arg(program, m_process->errorString());
        m_process.reset();
        return false;
    }
    // A stressor that fails at once (bad option, cgroup refused) shows within a moment.
    if (m_process->waitForFinished(300)) {
        m_error = QStringLiteral("%1 %2 ended at once (exit %3): %4")
                      .arg(program, args.join(u' '))
                      .arg(m_process->exitCode())
                      .arg(QString::fromLocal8Bit(m_process->readAll()).trimmed());
        m_process.reset();
        return false;
    }
    return true;
}

bool FaultInjector::start(FaultKind kind, int maxSeconds)
{
    stop();
    m_error.clear();
    QString why;
    if (!available(kind, &why)) {
        m_error = why;
        return false;
    }
    const QString timeout = QStringLiteral("%1s").arg(maxSeconds);
    const QString stress = stressNgPath();
    switch (kind) {
    case FaultKind::CpuSaturation:
        return startProcess(
            stress, { QStringLiteral("--cpu"), QStringLiteral("4"), QStringLiteral("--timeout"), timeout }, {});
    case FaultKind::RunQueue:
        return startProcess(
            stress, { QStringLiteral("--switch"), QStringLiteral("4"), QStringLiteral("--timeout"), timeout }, {});
    case FaultKind::MemoryPressure:
        return startProcess(stress,
            { QStringLiteral("--mmap"), QStringLiteral("2"), QStringLiteral("--mmap-bytes"),
                QStringLiteral("256M"), QStringLiteral("--mmap-file"), QStringLiteral("--temp-path"), m_tempDir,
                QStringLiteral("--timeout"), timeout },
            m_cgroupProcs);
    case FaultKind::DiskSaturation:
        return startProcess(stress,
            { QStringLiteral("--hdd"), QStringLiteral("4"), QStringLiteral("--hdd-opts"),
                QStringLiteral("direct,sync"), QStringLiteral("--hdd-write-size"), QStringLiteral("64k"),
                QStringLiteral("--temp-path"), m_tempDir, QStringLiteral("--timeout"), timeout },
            {});
    case FaultKind::SlowPostgresQuery: {
        // Three clients on two cores: the backends queue for CPU. Each loop ends by itself after
        // maxSeconds; statement_timeout bounds a query and client_connection_check_interval makes
        // a backend give up at once when stop() kills its psql.
        const QString loop = QStringLiteral(
            "end=$((SECONDS+%1)); for i in 1 2 3; do ( while [ $SECONDS -lt $end ]; do "
            "\"%2\" -X -q -h 127.0.0.1 -p %3 -U %4 -d %5 -c 'SELECT count(*) FROM generate_series(1, 10000000)' "
            ">/dev/null 2>&1 || sleep 0.2; done ) & done; wait")
                                 .arg(maxSeconds)
                                 .arg(psqlPath())
                                 .arg(m_postgres.port)
                                 .arg(m_postgres.user, m_postgres.database);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGOPTIONS"),
            QStringLiteral("-c statement_timeout=%1 -c client_connection_check_interval=200")
                .arg(maxSeconds * 1000));
        return startProcess(QStringLiteral("/bin/bash"), { QStringLiteral("-c"), loop }, {}, env);
    }
    case FaultKind::NetworkDelay:
        m_proxy->setDelayMs(m_delayMs);
        m_proxyDelayed = true;
        return true;
    }
    return false;
}

bool FaultInjector::running() const
{
    return m_proxyDelayed || (m_process && m_process->state() != QProcess::NotRunning);
}

void FaultInjector::stop(int graceMs)
{
    if (m_proxyDelayed && m_proxy) {
        m_proxy->setDelayMs(0);
        m_proxyDelayed = false;
    }
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        const pid_t group = pid_t(m_process->processId());
        ::kill(-group, SIGTERM);
        if (!m_process->waitForFinished(graceMs)) {
            ::kill(-group, SIGKILL);
            m_process->waitForFinished(5000);
        }
        // Workers that outlived their parent (stress-ng reaps them, bash's subshells may not).
        ::kill(-group, SIGKILL);
    }
    m_process->readAll();
    m_process.reset();
}

} // namespace opsdeck::testsupport
