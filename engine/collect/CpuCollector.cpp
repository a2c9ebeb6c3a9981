#include "CpuCollector.h"
#include "ProcFile.h"

#include <QFile>

#include <unistd.h>

namespace opsdeck::collect {

using metrics::MetricType;

CpuCollector::CpuCollector(const QString& procRoot, long ticksPerSecond)
    : m_statPath(QFile::encodeName(procRoot + QStringLiteral("/stat")))
    , m_ticksPerSecond(double(ticksPerSecond > 0 ? ticksPerSecond : ::sysconf(_SC_CLK_TCK)))
{
    if (m_ticksPerSecond <= 0)
        m_ticksPerSecond = 100; // USER_HZ on every Linux architecture we ship for
}

bool CpuCollector::collect(QList<metrics::MetricFamily>& out, QString& error)
{
    const auto text = ProcFile::read(m_statPath, &error);
    if (!text)
        return false;

    // Column order of /proc/stat, proc(5); older kernels stop after idle/iowait/steal.
    static const QByteArray kModes[] = { "user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal" };
    auto seconds
        = makeFamily("node_cpu_seconds_total", MetricType::Counter, "Seconds the CPUs spent in each mode.");
    auto guest = makeFamily("node_cpu_guest_seconds_total", MetricType::Counter,
        "Seconds the CPUs spent in guests (VMs) for each mode.");

    ProcFile::forEachLine(*text, [&](QByteArrayView line) {
        if (line.size() < 4 || !line.startsWith("cpu") || line[3] < '0' || line[3] > '9')
            return;
        const auto fields = ProcFile::split(line);
        if (fields.size() < 5) // cpuN plus at least user nice system idle
            return;
        const QByteArray cpu = fields[0].sliced(3).toByteArray();
        if (!ProcFile::toU64(cpu))
            return;
        QVarLengthArray<double, 10> values;
        for (qsizetype i = 1; i < fields.size() && i <= 10; ++i) {
            const auto v = ProcFile::toU64(fields[i]);
            if (!v)
                break; // a truncated line keeps the columns before the damage
            values.append(double(*v) / m_ticksPerSecond);
        }
        if (values.size() < 4)
            return;
        for (qsizetype i = 0; i < values.size() && i < 8; ++i)
            addSample(seconds, values[i], { { "cpu", cpu }, { "mode", kModes[i] } });
        if (values.size() >= 9)
            addSample(guest, values[8], { { "cpu", cpu }, { "mode", "user" } });
        if (values.size() >= 10)
            addSample(guest, values[9], { { "cpu", cpu }, { "mode", "nice" } });
    });

    if (seconds.samples.isEmpty()) {
        error = QStringLiteral("%1: no per-CPU lines").arg(QFile::decodeName(m_statPath));
        return false;
    }
    out.append(std::move(seconds));
    if (!guest.samples.isEmpty())
        out.append(std::move(guest));
    return true;
}

} // namespace opsdeck::collect
