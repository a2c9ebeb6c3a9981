#include "TopProcessesCollector.h"
#include "ProcFile.h"

#include <QFile>
#include <QSet>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <unistd.h>

namespace opsdeck::collect {

using metrics::MetricType;

namespace {

struct Process
{
    qint64 pid = 0;
    QByteArray comm;
    quint64 startTicks = 0;
    quint64 cpuTicks = 0;
    quint64 rssPages = 0;
    bool kernelThread = false;
    bool hasIo = false;
    quint64 readBytes = 0;
    quint64 writeBytes = 0;
    quint64 cpuDelta = 0;
    quint64 ioDelta = 0;
};

// /proc/[pid]/stat: "pid (comm) state ppid ...". comm may hold spaces and ')',
// so the fields start after the last ')'. proc(5) numbers: flags 9, utime 14,
// stime 15, starttime 22, rss 24.
bool parseStat(QByteArrayView text, Process& p)
{
    const qsizetype open = text.indexOf('(');
    const qsizetype close = text.lastIndexOf(')');
    if (open < 0 || close < open)
        return false;
    p.comm = text.sliced(open + 1, close - open - 1).toByteArray();
    const auto fields = ProcFile::split(text.sliced(close + 1).trimmed());
    // fields[0] is field 3 (state).
    if (fields.size() < 22)
        return false;
    constexpr quint64 kPfKthread = 0x00200000; // include/linux/sched.h
    const auto flags = ProcFile::toU64(fields[6]);
    const auto utime = ProcFile::toU64(fields[11]);
    const auto stime = ProcFile::toU64(fields[12]);
    const auto start = ProcFile::toU64(fields[19]);
    const auto rss = ProcFile::toI64(fields[21]);
    if (!flags || !utime || !stime || !start || !rss)
        return false;
    p.kernelThread = (*flags & kPfKthread) != 0;
    p.cpuTicks = *utime + *stime;
    p.startTicks = *start;
    p.rssPages = *rss > 0 ? quint64(*rss) : 0;
    return true;
}

void parseIo(QByteArrayView text, Process& p)
{
    int found = 0;
    ProcFile::forEachLine(text, [&](QByteArrayView line) {
        quint64* target = nullptr;
        qsizetype skip = 0;
        if (line.startsWith("read_bytes:")) {
            target = &p.readBytes;
            skip = 11;
        } else if (line.startsWith("write_bytes:")) {
            target = &p.writeBytes;
            skip = 12;
        } else {
            return;
        }
        if (const auto v = ProcFile::toU64(line.sliced(skip).trimmed())) {
            *target = *v;
            ++found;
        }
    });
    p.hasIo = found == 2;
}

// Exposition label values must be UTF-8; comm is whatever bytes the program chose.
QByteArray utf8Comm(const QByteArray& comm)
{
    for (char c : comm) {
        if (static_cast<unsigned char>(c) >= 0x80)
            return QString::fromUtf8(comm).toUtf8();
    }
    return comm;
}

} // namespace

TopProcessesCollector::TopProcessesCollector(const QString& procRoot, int topN, long ticksPerSecond, long pageSize)
    : m_procRoot(QFile::encodeName(procRoot))
    , m_topN(qMax(0, topN))
    , m_ticksPerSecond(double(ticksPerSecond > 0 ? ticksPerSecond : ::sysconf(_SC_CLK_TCK)))
    , m_pageSize(double(pageSize > 0 ? pageSize : ::sysconf(_SC_PAGESIZE)))
{
    if (m_ticksPerSecond <= 0)
        m_ticksPerSecond = 100;
    if (m_pageSize <= 0)
        m_pageSize = 4096;
}

bool TopProcessesCollector::collect(QList<metrics::MetricFamily>& out, QString& error)
{
    DIR* dir = ::opendir(m_procRoot.constData());
    if (!dir) {
        error = QStringLiteral("%1: %2").arg(
            QFile::decodeName(m_procRoot), QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    QList<Process> processes;
    processes.reserve(m_previous.size() + 16);
    QByteArray path;
    while (const dirent* entry = ::readdir(dir)) {
        const char* name = entry->d_name;
        if (name[0] < '0' || name[0] > '9')
            continue;
        const auto pid = ProcFile::toI64(QByteArrayView(name));
        if (!pid)
            continue;
        path = m_procRoot + '/' + name + "/stat";
        const auto stat = ProcFile::read(path, nullptr, 64 * 1024);
        Process p;
        p.pid = *pid;
        if (!stat || !parseStat(*stat, p))
            continue; // exited between readdir and read, or a kernel we do not understand
        // Reading /proc/[pid]/io costs as much as stat; kernel threads have no
        // I/O accounting of their own, so they are not asked.
        if (!p.kernelThread) {
            path.chop(4);
            path += "io";
            if (const auto io = ProcFile::read(path, nullptr, 64 * 1024))
                parseIo(*io, p);
        }
        processes.append(std::move(p));
    }
    ::closedir(dir);
    m_lastProcessCount = int(processes.size());
    if (processes.isEmpty()) {
        error = QStringLiteral("%1: no readable /proc/[pid]/stat").arg(QFile::decodeName(m_procRoot));
        return false;
    }

    // Deltas since the previous collect; a new process (or a reused pid) counts from its start.
    QHash<qint64, Previous> next;
    next.reserve(processes.size());
    for (Process& p : processes) {
        const auto it = m_previous.constFind(p.pid);
        const bool same = it != m_previous.cend() && it->startTicks == p.startTicks;
        const quint64 io = p.readBytes + p.writeBytes;
        p.cpuDelta = same && p.cpuTicks >= it->cpuTicks ? p.cpuTicks - it->cpuTicks : p.cpuTicks;
        p.ioDelta = same && io >= it->ioBytes ? io - it->ioBytes : io;
        next.insert(p.pid, Previous { p.startTicks, p.cpuTicks, io });
    }
    m_previous = std::move(next);

    // Union of the three tops. Ties break on pid so the choice is stable.
    QSet<qint64> chosen;
    auto pickTop = [&](auto key) {
        QList<const Process*> order;
        order.reserve(processes.size());
        for (const Process& p : processes) {
            if (key(p) > 0)
                order.append(&p);
        }
        const qsizetype n = qMin<qsizetype>(m_topN, order.size());
        std::partial_sort(order.begin(), order.begin() + n, order.end(), [&](const Process* a, const Process* b) {
            return key(*a) != key(*b) ? key(*a) > key(*b) : a->pid < b->pid;
        });
        for (qsizetype i = 0; i < n; ++i)
            chosen.insert(order[i]->pid);
    };
    pickTop([](const Process& p) { return p.cpuDelta; });
    pickTop([](const Process& p) { return p.rssPages; });
    pickTop([](const Process& p) { return p.hasIo ? p.ioDelta : 0; });

    auto cpu = makeFamily("opsdeck_process_cpu_seconds_total", MetricType::Counter,
        "Total user and system CPU time of one of the host's top processes, in seconds.");
    auto rss = makeFamily("opsdeck_process_resident_memory_bytes", MetricType::Gauge,
        "Resident memory of one of the host's top processes, in bytes.");
    auto readBytes = makeFamily("opsdeck_process_io_read_bytes_total", MetricType::Counter,
        "Bytes one of the host's top processes caused to be read from storage.");
    auto writeBytes = makeFamily("opsdeck_process_io_write_bytes_total", MetricType::Counter,
        "Bytes one of the host's top processes caused to be written to storage.");
    auto count = makeFamily("opsdeck_processes", MetricType::Gauge, "Number of processes on the host.");
    addSample(count, double(processes.size()));

    std::sort(
        processes.begin(), processes.end(), [](const Process& a, const Process& b) { return a.pid < b.pid; });
    for (const Process& p : processes) {
        if (!chosen.contains(p.pid))
            continue;
        const QByteArray pid = QByteArray::number(p.pid);
        const QByteArray comm = utf8Comm(p.comm);
        addSample(cpu, double(p.cpuTicks) / m_ticksPerSecond, { { "pid", pid }, { "comm", comm } });
        addSample(rss, double(p.rssPages) * m_pageSize, { { "pid", pid }, { "comm", comm } });
        if (p.hasIo) {
            addSample(readBytes, double(p.readBytes), { { "pid", pid }, { "comm", comm } });
            addSample(writeBytes, double(p.writeBytes), { { "pid", pid }, { "comm", comm } });
        }
    }
    for (auto* f : { &cpu, &readBytes, &writeBytes, &rss, &count }) {
        if (!f->samples.isEmpty())
            out.append(std::move(*f));
    }
    return true;
}

} // namespace opsdeck::collect
