#include "profiler/ProfilerVocabulary.h"

#include "format/UnitFormatter.h"

#include <QCoreApplication>

namespace opsdeck::models::profiler {

using opsdeck::profiler::Severity;

QString severityWord(Severity severity)
{
    switch (severity) {
    case Severity::Critical:
        return QCoreApplication::translate("Profiler", "critical");
    case Severity::Warning:
        return QCoreApplication::translate("Profiler", "warning");
    case Severity::Ok:
        break;
    }
    return QCoreApplication::translate("Profiler", "ok");
}

SeverityPalette::Tone toneOf(Severity severity)
{
    switch (severity) {
    case Severity::Critical:
        return SeverityPalette::Tone::Critical;
    case Severity::Warning:
        return SeverityPalette::Tone::Warning;
    case Severity::Ok:
        break;
    }
    return SeverityPalette::Tone::Ok;
}

QString resourceLabel(const QString& resource)
{
    if (resource == u"cpu")
        return QCoreApplication::translate("Profiler", "CPU");
    if (resource == u"memory")
        return QCoreApplication::translate("Profiler", "memory");
    if (resource == u"tcp")
        return QCoreApplication::translate("Profiler", "TCP");
    if (resource == u"fds")
        return QCoreApplication::translate("Profiler", "file descriptors");
    if (resource == u"network")
        return QCoreApplication::translate("Profiler", "network path");
    if (resource == u"io")
        return QCoreApplication::translate("Profiler", "I/O (all disks)");
    if (resource.startsWith(u"disk:"))
        return QCoreApplication::translate("Profiler", "disk %1").arg(resource.mid(5));
    if (resource.startsWith(u"net:"))
        return QCoreApplication::translate("Profiler", "interface %1").arg(resource.mid(4));
    return resource;
}

QString percent(double value)
{
    return UnitFormatter(UnitFormatter::Unit::Percent).format(value);
}

QString milliseconds(double ms)
{
    return UnitFormatter(UnitFormatter::Unit::Seconds).format(ms / 1000.0);
}

QString bytes(double value)
{
    return UnitFormatter(UnitFormatter::Unit::Bytes).format(value);
}

QString bytesPerSecond(double value)
{
    return UnitFormatter(UnitFormatter::Unit::BytesPerSecond).format(value);
}

QString number(double value)
{
    return UnitFormatter(UnitFormatter::Unit::Number).format(value);
}

QString resourceFigure(const opsdeck::profiler::HostProfile& host, const QString& resource)
{
    const auto& s = host.snapshot;
    const QString label = resourceLabel(resource);
    if (resource == u"cpu") {
        QString text = QStringLiteral("%1 %2").arg(label, percent(s.cpu.utilisationPct));
        if (s.cpu.psiSomeIntervalPct)
            text += QCoreApplication::translate("Profiler", " · PSI %1").arg(percent(*s.cpu.psiSomeIntervalPct));
        return text;
    }
    if (resource == u"memory") {
        QString text = QStringLiteral("%1 %2").arg(label, percent(s.memory.utilisationPct));
        if (s.memory.psiSomeIntervalPct)
            text
                += QCoreApplication::translate("Profiler", " · PSI %1").arg(percent(*s.memory.psiSomeIntervalPct));
        return text;
    }
    if (resource.startsWith(u"disk:")) {
        for (const auto& disk : s.disks) {
            if (disk.device == resource.mid(5))
                return QCoreApplication::translate("Profiler", "%1 %2 · await %3")
                    .arg(label, percent(disk.utilisationPct), milliseconds(disk.awaitMs));
        }
    }
    if (resource.startsWith(u"net:")) {
        for (const auto& net : s.interfaces) {
            if (net.interface == resource.mid(4)) {
                if (net.utilisationPct)
                    return QStringLiteral("%1 %2").arg(label, percent(*net.utilisationPct));
                return QCoreApplication::translate("Profiler", "%1 %2 errors/s")
                    .arg(label, number(net.errorsPerSec + net.dropsPerSec));
            }
        }
    }
    if (resource == u"tcp")
        return QCoreApplication::translate("Profiler", "%1 retransmits %2").arg(label, percent(s.tcp.retransPct));
    if (resource == u"fds")
        return QStringLiteral("%1 %2").arg(label, percent(s.fds.utilisationPct));
    if (resource == u"network") {
        if (host.firstByteMs)
            return QCoreApplication::translate("Profiler", "first byte %1").arg(milliseconds(*host.firstByteMs));
        return label;
    }
    // No bottleneck: the busier of CPU and memory.
    return QCoreApplication::translate("Profiler", "CPU %1 · memory %2")
        .arg(percent(s.cpu.utilisationPct), percent(s.memory.utilisationPct));
}

} // namespace opsdeck::models::profiler
