#include "PanelDefinition.h"

#include <QCoreApplication>

namespace opsdeck::dashboard {

namespace {

// Filesystems that are not disks an operator fills up (as the stock
// node_exporter dashboards leave them out).
#define OPSDECK_FS_EXCLUDE "tmpfs|devtmpfs|ramfs|overlay|squashfs|iso9660|nsfs|autofs"

PanelDefinition panel(int position, const char* title, const char* query, const char* unit, const char* legend)
{
    PanelDefinition p;
    p.position = position;
    // The titles are data once stored, but the first run shows them in the user's language.
    p.title = QCoreApplication::translate("opsdeck::dashboard::DefaultPanels", title);
    p.query = QString::fromLatin1(query);
    p.unit = QString::fromLatin1(unit);
    p.legend = QString::fromLatin1(legend);
    return p;
}

} // namespace

QList<PanelDefinition> defaultHostPanels()
{
    // node_exporter 1.5 names, as collect::HostCollector and opsdeck-agent expose them.
    QList<PanelDefinition> panels;
    // Percent of all cores, per mode: 100 = every core busy in that mode.
    panels.append(panel(0, QT_TRANSLATE_NOOP("opsdeck::dashboard::DefaultPanels", "CPU by mode"),
        "sum by (instance, mode) (rate(node_cpu_seconds_total{instance=~\"$host\",mode!=\"idle\"}[1m]))"
        " / on (instance) group_left"
        " count by (instance) (node_cpu_seconds_total{instance=~\"$host\",mode=\"idle\"}) * 100",
        "percent", "{{instance}} {{mode}}"));
    // Used = total - available (what the kernel could not hand out without swapping).
    panels.append(panel(1, QT_TRANSLATE_NOOP("opsdeck::dashboard::DefaultPanels", "Memory used / available"),
        "label_replace(node_memory_MemTotal_bytes{instance=~\"$host\"}"
        " - node_memory_MemAvailable_bytes{instance=~\"$host\"}, \"memory\", \"used\", \"\", \"\")"
        " or label_replace(node_memory_MemAvailable_bytes{instance=~\"$host\"},"
        " \"memory\", \"available\", \"\", \"\")",
        "bytes", "{{instance}} {{memory}}"));
    // One selector keeps __name__ apart; `a or b` would drop b (same labels).
    panels.append(panel(2, QT_TRANSLATE_NOOP("opsdeck::dashboard::DefaultPanels", "Load average"),
        "{__name__=~\"node_load1|node_load5|node_load15\",instance=~\"$host\"}", "", "{{instance}} {{__name__}}"));
    panels.append(panel(3, QT_TRANSLATE_NOOP("opsdeck::dashboard::DefaultPanels", "Disk I/O"),
        "label_replace(rate(node_disk_read_bytes_total{instance=~\"$host\"}[1m]), \"direction\", \"read\", \"\", "
        "\"\")"
        " or label_replace(rate(node_disk_written_bytes_total{instance=~\"$host\"}[1m]),"
        " \"direction\", \"write\", \"\", \"\")",
        "bytes/s", "{{instance}} {{device}} {{direction}}"));
    panels.append(panel(4, QT_TRANSLATE_NOOP("opsdeck::dashboard::DefaultPanels", "Network I/O"),
        "label_replace(rate(node_network_receive_bytes_total{instance=~\"$host\",device!=\"lo\"}[1m]),"
        " \"direction\", \"receive\", \"\", \"\")"
        " or label_replace(rate(node_network_transmit_bytes_total{instance=~\"$host\",device!=\"lo\"}[1m]),"
        " \"direction\", \"transmit\", \"\", \"\")",
        "bytes/s", "{{instance}} {{device}} {{direction}}"));
    panels.append(panel(5, QT_TRANSLATE_NOOP("opsdeck::dashboard::DefaultPanels", "Filesystem use"),
        "100 * (1 - node_filesystem_avail_bytes{instance=~\"$host\",fstype!~\"" OPSDECK_FS_EXCLUDE "\"}"
        " / (node_filesystem_size_bytes{instance=~\"$host\",fstype!~\"" OPSDECK_FS_EXCLUDE "\"} > 0))",
        "percent", "{{instance}} {{mountpoint}}"));
    return panels;
}

#undef OPSDECK_FS_EXCLUDE

QString expandHostVariable(const QString& query, const QString& hostRegex)
{
    // The regex lands inside "...": escape what would end or bend the string literal.
    QString regex = hostRegex.isEmpty() ? QStringLiteral(".+") : hostRegex;
    regex.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    regex.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    regex.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    QString out = query;
    out.replace(QStringLiteral("$host"), regex);
    return out;
}

const QList<QString>& knownUnits()
{
    static const QList<QString> units = {
        QStringLiteral("percent"),
        QStringLiteral("ratio"),
        QStringLiteral("bytes"),
        QStringLiteral("bytes/s"),
        QStringLiteral("seconds"),
        QStringLiteral("ops/s"),
        QStringLiteral("count"),
        QString(),
    };
    return units;
}

} // namespace opsdeck::dashboard
