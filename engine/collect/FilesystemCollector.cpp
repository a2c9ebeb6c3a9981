#include "FilesystemCollector.h"
#include "ProcFile.h"

#include <QFile>
#include <QSet>

#include <sys/statvfs.h>

namespace opsdeck::collect {

using metrics::MetricType;

QString FilesystemCollector::defaultMountPointsExclude()
{
    return QStringLiteral("^/(dev|proc|run|sys|mnt|media|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)");
}

QString FilesystemCollector::defaultFsTypesExclude()
{
    return QStringLiteral(
        "^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|"
        "iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|"
        "sysfs|tracefs)$");
}

std::optional<FilesystemStats> FilesystemCollector::statvfs(const QByteArray& mountPoint)
{
    struct statvfs st
    {
    };
    if (::statvfs(mountPoint.constData(), &st) != 0)
        return std::nullopt;
    FilesystemStats s;
    s.blockSize = st.f_bsize;
    s.blocks = st.f_blocks;
    s.blocksFree = st.f_bfree;
    s.blocksAvailable = st.f_bavail;
    s.files = st.f_files;
    s.filesFree = st.f_ffree;
    return s;
}

FilesystemCollector::FilesystemCollector(const QString& procRoot, const QString& mountsFile, StatFunction stat)
    : m_stat(std::move(stat))
    , m_mountPointsExclude(defaultMountPointsExclude())
    , m_fsTypesExclude(defaultFsTypesExclude())
{
    if (mountsFile.isEmpty())
        m_mountsFiles = { procRoot + QStringLiteral("/self/mounts"), procRoot + QStringLiteral("/mounts") };
    else
        m_mountsFiles = { mountsFile };
}

QByteArray FilesystemCollector::unescapeMountField(QByteArrayView field)
{
    QByteArray out;
    out.reserve(field.size());
    for (qsizetype i = 0; i < field.size(); ++i) {
        const char c = field[i];
        if (c == '\\' && i + 3 < field.size() && field[i + 1] >= '0' && field[i + 1] <= '3' && field[i + 2] >= '0'
            && field[i + 2] <= '7' && field[i + 3] >= '0' && field[i + 3] <= '7') {
            out += char((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 + (field[i + 3] - '0'));
            i += 3;
        } else {
            out += c;
        }
    }
    return out;
}

bool FilesystemCollector::collect(QList<metrics::MetricFamily>& out, QString& error)
{
    std::optional<QByteArray> text;
    for (const QString& file : m_mountsFiles) {
        QString fileError;
        text = ProcFile::read(file, &fileError);
        if (text)
            break;
        if (error.isEmpty())
            error = fileError;
    }
    if (!text)
        return false;
    error.clear();

    auto size = makeFamily("node_filesystem_size_bytes", MetricType::Gauge, "Filesystem size in bytes.");
    auto free = makeFamily("node_filesystem_free_bytes", MetricType::Gauge, "Filesystem free space in bytes.");
    auto avail = makeFamily("node_filesystem_avail_bytes", MetricType::Gauge,
        "Filesystem space available to non-root users in bytes.");
    auto files = makeFamily("node_filesystem_files", MetricType::Gauge, "Filesystem total file nodes.");
    auto filesFree
        = makeFamily("node_filesystem_files_free", MetricType::Gauge, "Filesystem total free file nodes.");
    auto readonly = makeFamily("node_filesystem_readonly", MetricType::Gauge, "Filesystem read-only status.");
    auto deviceError = makeFamily("node_filesystem_device_error", MetricType::Gauge,
        "Whether an error occurred while getting statistics for the given device.");

    QSet<QByteArray> seen;
    ProcFile::forEachLine(*text, [&](QByteArrayView line) {
        const auto fields = ProcFile::split(line);
        if (fields.size() < 4)
            return;
        const QByteArray device = unescapeMountField(fields[0]);
        const QByteArray mountPoint = unescapeMountField(fields[1]);
        const QByteArray fsType = fields[2].toByteArray();
        if (m_fsTypesExclude.match(QString::fromUtf8(fsType)).hasMatch()
            || m_mountPointsExclude.match(QString::fromUtf8(mountPoint)).hasMatch())
            return;
        // The same mount listed twice (bind mounts, namespaces) would be a duplicate series.
        const QByteArray key = device + '\0' + mountPoint + '\0' + fsType;
        if (seen.contains(key))
            return;
        seen.insert(key);

        bool ro = false;
        for (const QByteArray& opt : fields[3].toByteArray().split(',')) {
            if (opt == "ro")
                ro = true;
        }
        const std::initializer_list<metrics::Label> labels
            = { { "device", device }, { "fstype", fsType }, { "mountpoint", mountPoint } };
        addSample(readonly, ro ? 1 : 0, labels);
        const auto st = m_stat(mountPoint);
        addSample(deviceError, st ? 0 : 1, labels);
        if (!st)
            return;
        const double bs = double(st->blockSize);
        addSample(size, double(st->blocks) * bs, labels);
        addSample(free, double(st->blocksFree) * bs, labels);
        addSample(avail, double(st->blocksAvailable) * bs, labels);
        addSample(files, double(st->files), labels);
        addSample(filesFree, double(st->filesFree), labels);
    });
    for (auto* f : { &avail, &deviceError, &files, &filesFree, &free, &readonly, &size }) {
        if (!f->samples.isEmpty())
            out.append(std::move(*f));
    }
    return true;
}

} // namespace opsdeck::collect
