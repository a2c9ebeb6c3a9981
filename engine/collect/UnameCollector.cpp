#include "UnameCollector.h"
#include "ProcFile.h"

#include <QFile>

#include <sys/utsname.h>

namespace opsdeck::collect {

UnameCollector::UnameCollector(const QString& procRoot)
    : m_kernelDir(QFile::encodeName(procRoot + QStringLiteral("/sys/kernel/")))
{
    struct utsname u
    {
    };
    if (::uname(&u) == 0)
        m_machine = QByteArray(u.machine);
}

bool UnameCollector::collect(QList<metrics::MetricFamily>& out, QString& error)
{
    const auto sysname = ProcFile::readLine(m_kernelDir + "ostype");
    const auto release = ProcFile::readLine(m_kernelDir + "osrelease");
    if (!sysname || !release) {
        error = QStringLiteral("%1: ostype/osrelease unreadable").arg(QFile::decodeName(m_kernelDir));
        return false;
    }
    auto family = makeFamily("node_uname_info", metrics::MetricType::Gauge,
        "Labeled system information as provided by the uname system call.");
    addSample(family, 1,
        { { "sysname", *sysname }, { "release", *release },
            { "version", ProcFile::readLine(m_kernelDir + "version").value_or(QByteArray()) },
            { "machine", m_machine },
            { "nodename", ProcFile::readLine(m_kernelDir + "hostname").value_or(QByteArray()) },
            { "domainname", ProcFile::readLine(m_kernelDir + "domainname").value_or(QByteArray()) } });
    out.append(std::move(family));
    return true;
}

} // namespace opsdeck::collect
