#pragma once

#include "Collector.h"

#include <QRegularExpression>

#include <functional>
#include <optional>

// node_exporter "filesystem": size, free, available and inode counts per
// mounted filesystem, via statvfs() over a mount table (/proc/self/mounts),
// skipping pseudo filesystems and system mount points with node_exporter's
// default exclusions. A mount whose statvfs() fails is reported as
// node_filesystem_device_error 1, never as zero bytes.
// Must never be pointed at hung network mounts without care: statvfs() on a
// dead NFS server blocks (node_exporter works around that with a timeout).
namespace opsdeck::collect {

struct FilesystemStats
{
    quint64 blockSize = 0; // f_bsize, as node_exporter multiplies by it
    quint64 blocks = 0;
    quint64 blocksFree = 0;
    quint64 blocksAvailable = 0;
    quint64 files = 0;
    quint64 filesFree = 0;
};

class FilesystemCollector final : public Collector
{
public:
    using StatFunction = std::function<std::optional<FilesystemStats>(const QByteArray& mountPoint)>;

    static QString defaultMountPointsExclude();
    static QString defaultFsTypesExclude();
    static std::optional<FilesystemStats> statvfs(const QByteArray& mountPoint);

    // mountsFile empty: procRoot/self/mounts, then procRoot/mounts.
    FilesystemCollector(const QString& procRoot, const QString& mountsFile, StatFunction stat = &statvfs);
    QByteArray name() const override { return "filesystem"; }
    bool collect(QList<metrics::MetricFamily>& out, QString& error) override;

    // "\040" style escapes of /proc/mounts fields.
    static QByteArray unescapeMountField(QByteArrayView field);

private:
    QStringList m_mountsFiles;
    StatFunction m_stat;
    QRegularExpression m_mountPointsExclude;
    QRegularExpression m_fsTypesExclude;
};

} // namespace opsdeck::collect
