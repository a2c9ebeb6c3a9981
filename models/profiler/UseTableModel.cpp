#include "profiler/UseTableModel.h"

#include "profiler/ProfilerVocabulary.h"
#include "style/SeverityPalette.h"

#include <QCoreApplication>
#include <QStringList>

namespace opsdeck::models {

using namespace opsdeck::models::profiler;

namespace {

QString dash()
{
    return QStringLiteral("–");
}

QString psiText(const std::optional<double>& some, const std::optional<double>& full)
{
    if (!some && !full)
        return QCoreApplication::translate("Profiler", "PSI not available");
    QStringList parts;
    if (some)
        parts << QCoreApplication::translate("Profiler", "PSI some %1").arg(percent(*some));
    if (full)
        parts << QCoreApplication::translate("Profiler", "full %1").arg(percent(*full));
    return parts.join(QStringLiteral(", "));
}

QString joined(const QStringList& parts)
{
    return parts.isEmpty() ? dash() : parts.join(QStringLiteral(" · "));
}

} // namespace

UseTableModel::UseTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void UseTableModel::clear()
{
    beginResetModel();
    m_instance.clear();
    m_rows.clear();
    endResetModel();
}

void UseTableModel::setHost(
    const opsdeck::profiler::HostProfile& host, const QList<opsdeck::profiler::Bottleneck>& bottlenecks)
{
    const auto& s = host.snapshot;
    QList<Row> rows;
    {
        Row r { QStringLiteral("cpu"), {}, {}, {}, {}, {} };
        r.utilisation = tr("%1 (user %2, system %3, iowait %4, steal %5)")
                            .arg(percent(s.cpu.utilisationPct), percent(s.cpu.userPct), percent(s.cpu.systemPct),
                                percent(s.cpu.iowaitPct), percent(s.cpu.stealPct));
        QStringList sat { tr("run queue %1 on %2 CPUs").arg(number(s.cpu.runQueue), QString::number(s.cpu.cpus)),
            psiText(s.cpu.psiSomeIntervalPct, s.cpu.psiFullIntervalPct) };
        r.saturation = joined(sat);
        QStringList err;
        if (s.cpu.throttledPct)
            err << tr("throttled %1").arg(percent(*s.cpu.throttledPct));
        r.errors = joined(err);
        rows.append(r);
    }
    {
        Row r { QStringLiteral("memory"), {}, {}, {}, {}, {} };
        r.utilisation = tr("%1 (%2 of %3 used)")
                            .arg(percent(s.memory.utilisationPct), bytes(double(s.memory.usedBytes)),
                                bytes(double(s.memory.totalBytes)));
        QStringList sat { psiText(s.memory.psiSomeIntervalPct, s.memory.psiFullIntervalPct) };
        if (s.memory.swapInPagesPerSec > 0 || s.memory.swapOutPagesPerSec > 0)
            sat << tr("swap in %1/s, out %2/s pages")
                       .arg(number(s.memory.swapInPagesPerSec), number(s.memory.swapOutPagesPerSec));
        sat << tr("major faults %1/s").arg(number(s.memory.majorFaultsPerSec));
        r.saturation = joined(sat);
        r.errors = s.memory.oomKills > 0
            ? tr("OOM kills %1 (%2 just now)")
                  .arg(QString::number(s.memory.oomKills), QString::number(s.memory.oomKillsInInterval))
            : tr("no OOM kills");
        rows.append(r);
    }
    {
        Row r { QStringLiteral("io"), dash(), psiText(s.ioPsiSomeIntervalPct, s.ioPsiFullIntervalPct), dash(), {},
            {} };
        rows.append(r);
    }
    for (const auto& disk : s.disks) {
        Row r { QStringLiteral("disk:") + disk.device, {}, {}, {}, {}, {} };
        r.utilisation = tr("%1 (read %2, write %3)")
                            .arg(percent(disk.utilisationPct), bytesPerSecond(disk.readBytesPerSec),
                                bytesPerSecond(disk.writeBytesPerSec));
        r.saturation = tr("await %1 · queue %2").arg(milliseconds(disk.awaitMs), number(disk.queueDepth));
        r.errors = disk.ioErrors ? tr("%1 I/O errors").arg(QString::number(*disk.ioErrors)) : dash();
        rows.append(r);
    }
    for (const auto& net : s.interfaces) {
        Row r { QStringLiteral("net:") + net.interface, {}, {}, {}, {}, {} };
        const QString traffic
            = tr("rx %1, tx %2").arg(bytesPerSecond(net.rxBytesPerSec), bytesPerSecond(net.txBytesPerSec));
        r.utilisation = net.utilisationPct ? QStringLiteral("%1 (%2)").arg(percent(*net.utilisationPct), traffic)
                                           : tr("%1 (link speed unknown)").arg(traffic);
        r.saturation = tr("drops %1/s").arg(number(net.dropsPerSec));
        r.errors = tr("errors %1/s").arg(number(net.errorsPerSec));
        rows.append(r);
    }
    {
        Row r { QStringLiteral("tcp"), {}, {}, {}, {}, {} };
        r.utilisation = tr("%1 established").arg(QString::number(s.tcp.currentEstablished));
        r.saturation = tr("listen overflows %1/s, drops %2/s")
                           .arg(number(s.tcp.listenOverflowsPerSec), number(s.tcp.listenDropsPerSec));
        r.errors = tr("retransmits %1 (%2/s)").arg(percent(s.tcp.retransPct), number(s.tcp.retransSegsPerSec));
        rows.append(r);
    }
    {
        Row r { QStringLiteral("fds"), {}, dash(), dash(), {}, {} };
        r.utilisation = tr("%1 (%2 of %3)")
                            .arg(percent(s.fds.utilisationPct), QString::number(s.fds.allocated),
                                QString::number(s.fds.max));
        rows.append(r);
    }
    if (host.connectMs || host.firstByteMs) {
        Row r { QStringLiteral("network"), dash(), {}, dash(), {}, {} };
        r.saturation = tr("connect %1 · first byte %2")
                           .arg(host.connectMs ? milliseconds(*host.connectMs) : dash(),
                               host.firstByteMs ? milliseconds(*host.firstByteMs) : dash());
        rows.append(r);
    }
    for (Row& r : rows) {
        for (const auto& b : bottlenecks) {
            if (b.host == host.instance && b.resource == r.key && int(b.severity) > int(r.severity)) {
                r.severity = b.severity;
                r.sentence = b.sentence;
            }
        }
    }

    const bool sameRows = host.instance == m_instance && rows.size() == m_rows.size()
        && std::equal(rows.cbegin(), rows.cend(), m_rows.cbegin(),
            [](const Row& a, const Row& b) { return a.key == b.key; });
    if (sameRows) {
        m_rows = std::move(rows);
        if (!m_rows.isEmpty())
            emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_instance = host.instance;
    m_rows = std::move(rows);
    endResetModel();
}

int UseTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int UseTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UseTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[index.row()];
    if (role == ResourceKeyRole)
        return row.key;
    if (role == SeverityRole)
        return int(row.severity);
    if (role == Qt::ToolTipRole && !row.sentence.isEmpty())
        return row.sentence;
    if (role == Qt::ForegroundRole && index.column() == StatusColumn
        && row.severity != opsdeck::profiler::Severity::Ok)
        return SeverityPalette::color(toneOf(row.severity));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case ResourceColumn:
        return resourceLabel(row.key);
    case StatusColumn:
        return severityWord(row.severity);
    case UtilisationColumn:
        return row.utilisation;
    case SaturationColumn:
        return row.saturation;
    case ErrorsColumn:
        return row.errors;
    default:
        return {};
    }
}

QVariant UseTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ResourceColumn:
        return tr("Resource");
    case StatusColumn:
        return tr("Status");
    case UtilisationColumn:
        return tr("Utilisation");
    case SaturationColumn:
        return tr("Saturation");
    case ErrorsColumn:
        return tr("Errors");
    default:
        return {};
    }
}

} // namespace opsdeck::models
