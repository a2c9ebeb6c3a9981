#include "CpuProfiler.h"
#include "ProcFile.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

#include <algorithm>
#include <sys/stat.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcCpuProfiler, "opsdeck.collect.cpuprofile", QtInfoMsg)

namespace opsdeck::collect {

namespace {

constexpr int kCapSysPtrace = 19;
constexpr int kCapSysAdmin = 21;
constexpr int kCapPerfmon = 38;
constexpr int kKillGraceMs = 5000; // perf record: killed at seconds + 5 s
constexpr int kScriptLimitMs = 60000; // perf script

bool hasCap(quint64 caps, int bit)
{
    return (caps >> bit) & 1U;
}

QString tr(const char* text)
{
    return QCoreApplication::translate("CpuProfiler", text);
}

} // namespace

PerfAccess decidePerfAccess(const PerfAccessInput& in)
{
    PerfAccess a;
    auto refuse = [&](const char* reason, const QString& message) {
        a.allowed = false;
        a.reason = QString::fromLatin1(reason);
        a.message = message;
        return a;
    };
    if (in.pid > 0 && !in.pidOwner) {
        a.pidMissing = true;
        a.message = tr("no process with pid %1 on this host").arg(in.pid);
        return a;
    }
    if (!in.perfInstalled)
        return refuse("no_perf",
            tr("the perf program is not installed: install Debian's linux-perf package (apt install linux-perf)"));
    const bool privileged = hasCap(in.capEff, kCapPerfmon) || hasCap(in.capEff, kCapSysAdmin);
    const int level = in.paranoid.value_or(2);
    if (!privileged) {
        const QString fix = tr("(sysctl -w kernel.perf_event_paranoid=%1, or run the agent with "
                               "AmbientCapabilities=CAP_PERFMON)");
        if (level >= 3)
            return refuse("perf_event_paranoid",
                tr("kernel.perf_event_paranoid is %1: unprivileged profiling is disabled; it needs <= 2 for "
                   "one process, <= 0 for the whole host, or CAP_PERFMON %2")
                    .arg(level)
                    .arg(fix.arg(in.pid > 0 ? 2 : 0)));
        if (in.pid <= 0 && level >= 1)
            return refuse("perf_event_paranoid",
                tr("kernel.perf_event_paranoid is %1: whole-host profiles need <= 0 or CAP_PERFMON %2")
                    .arg(level)
                    .arg(fix.arg(0)));
        if (in.pid > 0 && *in.pidOwner != in.euid && !hasCap(in.capEff, kCapSysPtrace))
            return refuse("capability",
                tr("process %1 belongs to uid %2 and the agent runs as uid %3: profiling another user's "
                   "process needs CAP_PERFMON or CAP_SYS_PTRACE (AmbientCapabilities=CAP_PERFMON in the "
                   "agent's systemd unit)")
                    .arg(in.pid)
                    .arg(*in.pidOwner)
                    .arg(in.euid));
        if (in.inContainer)
            return refuse("container",
                tr("the agent runs in a container without CAP_PERFMON: container runtimes' seccomp "
                   "profiles block perf_event_open; run the container with --cap-add PERFMON (or "
                   "SYS_ADMIN), or run the agent on the host"));
        a.userSpaceOnly = level >= 2;
    }
    a.allowed = true;
    return a;
}

PerfAccessInput perfAccessInputFor(qint64 pid, const QString& procRoot)
{
    PerfAccessInput in;
    const QByteArray proc = QFile::encodeName(procRoot);
    if (const auto p = ProcFile::readLine(proc + "/sys/kernel/perf_event_paranoid"))
        in.paranoid = int(ProcFile::toI64(p->trimmed()).value_or(2));
    if (const auto status = ProcFile::read(proc + "/self/status")) {
        ProcFile::forEachLine(*status, [&](QByteArrayView line) {
            if (line.startsWith("CapEff:"))
                in.capEff = QByteArray(line.sliced(7).trimmed().toByteArray()).toULongLong(nullptr, 16);
        });
    }
    in.euid = ::geteuid();
    in.pid = pid;
    if (pid > 0) {
        struct stat st
        {
        };
        if (::stat(QByteArray(proc + '/' + QByteArray::number(pid)).constData(), &st) == 0)
            in.pidOwner = st.st_uid;
    }
    in.inContainer = QFileInfo::exists(QStringLiteral("/.dockerenv"))
        || QFileInfo::exists(QStringLiteral("/run/.containerenv")) || qEnvironmentVariableIsSet("container");
    in.perfInstalled = QFileInfo(CpuProfiler::perfProgram()).isExecutable();
    return in;
}

PerfScriptFolder::PerfScriptFolder(qsizetype maxFoldedBytes)
    : m_maxBytes(maxFoldedBytes)
{ }

void PerfScriptFolder::feed(QByteArrayView chunk)
{
    qsizetype start = 0;
    while (start < chunk.size()) {
        const qsizetype nl = chunk.indexOf('\n', start);
        if (nl < 0) {
            m_pending += chunk.sliced(start);
            return;
        }
        if (!m_pending.isEmpty()) {
            m_pending += chunk.sliced(start, nl - start);
            line(m_pending);
            m_pending.clear();
        } else {
            line(chunk.sliced(start, nl - start));
        }
        start = nl + 1;
    }
}

void PerfScriptFolder::finish()
{
    if (!m_pending.isEmpty()) {
        line(m_pending);
        m_pending.clear();
    }
    endSample();
}

void PerfScriptFolder::line(QByteArrayView text)
{
    if (text.trimmed().isEmpty()) {
        endSample();
        return;
    }
    if (text.front() != ' ' && text.front() != '\t') {
        endSample();
        // "comm tid": comm may hold spaces, the tid is the last field.
        const QByteArrayView t = text.trimmed();
        const qsizetype space = t.lastIndexOf(' ');
        m_comm = (space > 0 ? t.first(space).trimmed() : t).toByteArray();
        m_inSample = true;
        return;
    }
    if (!m_inSample)
        return;
    // "\t    addr sym+0xoff (dso)"
    const QByteArrayView t = text.trimmed();
    const qsizetype space = t.indexOf(' ');
    if (space < 0)
        return;
    QByteArrayView rest = t.sliced(space + 1);
    QByteArrayView dso;
    if (rest.endsWith(')')) {
        const qsizetype open = rest.lastIndexOf(" (");
        if (open >= 0) {
            dso = rest.sliced(open + 2, rest.size() - open - 3);
            rest = rest.first(open);
        }
    }
    const qsizetype plus = rest.lastIndexOf("+0x");
    if (plus > 0)
        rest = rest.first(plus);
    QByteArray frame;
    if (rest.isEmpty() || rest == "[unknown]") {
        const qsizetype slash = dso.lastIndexOf('/');
        frame = dso.isEmpty() || dso == "[unknown]" ? QByteArray("[unknown]")
                                                    : '[' + dso.sliced(slash + 1).toByteArray() + ']';
    } else {
        frame = rest.toByteArray();
    }
    // ';' separates frames and ' ' the count in the folded format.
    frame.replace(';', ':');
    m_frames.append(frame);
}

void PerfScriptFolder::endSample()
{
    if (!m_inSample)
        return;
    m_inSample = false;
    QByteArray stack = m_comm.isEmpty() ? QByteArray("[unknown]") : m_comm;
    stack.replace(';', ':');
    for (auto it = m_frames.crbegin(); it != m_frames.crend(); ++it)
        stack += ';' + *it;
    m_frames.clear();
    ++m_samples;
    const auto found = m_stacks.find(stack);
    if (found != m_stacks.end()) {
        ++*found;
        return;
    }
    if (m_bytes + stack.size() + 12 > m_maxBytes) {
        m_truncated = true;
        return;
    }
    m_bytes += stack.size() + 12;
    m_stacks.insert(stack, 1);
}

QByteArray PerfScriptFolder::folded() const
{
    QList<QByteArray> keys = m_stacks.keys();
    std::sort(keys.begin(), keys.end());
    QByteArray out;
    out.reserve(m_bytes);
    for (const QByteArray& k : std::as_const(keys))
        out += k + ' ' + QByteArray::number(m_stacks.value(k)) + '\n';
    return out;
}

CpuProfiler::CpuProfiler(QObject* parent)
    : QObject(parent)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        qCWarning(lcCpuProfiler, "%s overran its time limit: killed", m_record ? "perf record" : "perf script");
        m_killed = true;
        if (m_record)
            m_record->kill();
        if (m_script)
            m_script->kill();
    });
}

CpuProfiler::~CpuProfiler()
{
    stop();
}

QString CpuProfiler::perfProgram()
{
    const QString overridden = qEnvironmentVariable("OPSDECK_PERF");
    return overridden.isEmpty() ? QStringLiteral("/usr/bin/perf") : overridden;
}

bool CpuProfiler::start(qint64 pid, int seconds, bool userSpaceOnly, QString* error)
{
    if (isRunning()) {
        *error = tr("a CPU profile is already running");
        return false;
    }
    m_dir = std::make_unique<QTemporaryDir>();
    if (!m_dir->isValid()) {
        *error = tr("cannot create a temporary directory: %1").arg(m_dir->errorString());
        return false;
    }
    m_pid = pid;
    m_seconds = seconds;
    m_killed = false;
    m_folder = PerfScriptFolder();
    m_recordOutput.clear();
    // cpu-clock: a software event, present in VMs without a PMU, the same everywhere.
    m_event = userSpaceOnly ? QStringLiteral("cpu-clock:u") : QStringLiteral("cpu-clock");
    QStringList args { QStringLiteral("record"), QStringLiteral("-F"), QString::number(kFrequencyHz),
        QStringLiteral("-g"), QStringLiteral("-e"), m_event, QStringLiteral("-o"),
        m_dir->filePath(QStringLiteral("perf.data")) };
    if (pid > 0)
        args << QStringLiteral("-p") << QString::number(pid);
    else
        args << QStringLiteral("-a");
    args << QStringLiteral("--") << QStringLiteral("sleep") << QString::number(seconds);
    m_record = new QProcess(this);
    m_record->setProcessChannelMode(QProcess::MergedChannels);
    connect(m_record, &QProcess::readyRead, this, [this] {
        if (m_recordOutput.size() < 64 * 1024)
            m_recordOutput += m_record->readAll().left(64 * 1024);
        else
            m_record->readAll();
    });
    connect(m_record, &QProcess::finished, this, &CpuProfiler::recordFinished);
    m_elapsed.start();
    m_record->start(perfProgram(), args);
    if (!m_record->waitForStarted(5000)) {
        *error = tr("cannot start %1: %2").arg(perfProgram(), m_record->errorString());
        delete m_record;
        m_record = nullptr;
        return false;
    }
    m_deadline.start((seconds * 1000) + kKillGraceMs);
    qCInfo(lcCpuProfiler, "CPU profile of %s for %d s started",
        pid > 0 ? qPrintable(QString::number(pid)) : "the host", seconds);
    return true;
}

void CpuProfiler::recordFinished(int exitCode, QProcess::ExitStatus status)
{
    m_recordOutput += m_record->readAll();
    m_record->deleteLater();
    m_record = nullptr;
    const QString output = QString::fromLocal8Bit(m_recordOutput).trimmed();
    if (m_killed || status != QProcess::NormalExit || exitCode != 0
        || !QFileInfo::exists(m_dir->filePath(QStringLiteral("perf.data")))) {
        m_deadline.stop();
        const QString why = m_killed ? tr("perf record did not finish in time and was killed")
                                     : tr("perf record failed (exit code %1)").arg(exitCode);
        m_dir.reset();
        emit failed(why, output);
        return;
    }
    // Symbolising can take longer than sampling on a busy host: its own bound.
    m_deadline.start(kScriptLimitMs);
    m_script = new QProcess(this);
    connect(m_script, &QProcess::readyReadStandardOutput, this,
        [this] { m_folder.feed(m_script->readAllStandardOutput()); });
    connect(m_script, &QProcess::finished, this, &CpuProfiler::scriptFinished);
    m_script->start(perfProgram(),
        { QStringLiteral("script"), QStringLiteral("-i"), m_dir->filePath(QStringLiteral("perf.data")),
            QStringLiteral("-F"), QStringLiteral("comm,tid,ip,sym,dso") });
}

void CpuProfiler::scriptFinished(int exitCode, QProcess::ExitStatus status)
{
    m_deadline.stop();
    m_folder.feed(m_script->readAllStandardOutput());
    m_folder.finish();
    const QByteArray stderrText = m_script->readAllStandardError();
    m_script->deleteLater();
    m_script = nullptr;
    m_dir.reset();
    if (m_killed || status != QProcess::NormalExit || exitCode != 0) {
        emit failed(m_killed ? tr("perf script did not finish in time and was killed")
                             : tr("perf script failed (exit code %1)").arg(exitCode),
            QString::fromLocal8Bit(stderrText.left(16 * 1024)).trimmed());
        return;
    }
    CpuProfile profile;
    profile.pid = m_pid;
    profile.frequencyHz = kFrequencyHz;
    profile.seconds = m_seconds;
    profile.samples = m_folder.samples();
    profile.truncated = m_folder.truncated();
    profile.event = m_event;
    profile.folded = m_folder.folded();
    // "[ perf record: ... lost N chunks" / "Processed N events and lost M chunks!"
    const qsizetype lost = m_recordOutput.indexOf("and lost ");
    if (lost >= 0) {
        const auto f = ProcFile::split(QByteArrayView(m_recordOutput).sliced(lost + 9));
        if (!f.isEmpty())
            profile.lostSamples = ProcFile::toU64(f[0]).value_or(0);
    }
    emit finished(profile);
}

void CpuProfiler::cancel()
{
    if (!isRunning())
        return;
    qCInfo(lcCpuProfiler, "CPU profile cancelled");
    stop();
}

void CpuProfiler::stop()
{
    m_deadline.stop();
    for (QProcess** p : { &m_record, &m_script }) {
        if (!*p)
            continue;
        (*p)->disconnect(this);
        (*p)->kill();
        (*p)->waitForFinished(2000);
        delete *p;
        *p = nullptr;
    }
    m_dir.reset();
}

} // namespace opsdeck::collect
