// Host collectors against recorded /proc and /sys fixtures (tests/data/proc):
// host-a was copied from a 2-CPU Debian 12 VM, host-b is a hand-made 4-CPU
// host with an older kernel layout and damaged lines, "empty" has no files.

#include "collect/CpuCollector.h"
#include "collect/DiskStatsCollector.h"
#include "collect/FilesystemCollector.h"
#include "collect/HostCollector.h"
#include "collect/LoadAvgCollector.h"
#include "collect/MemInfoCollector.h"
#include "collect/NetClassCollector.h"
#include "collect/NetDevCollector.h"
#include "collect/PressureCollector.h"
#include "collect/StatCollector.h"
#include "collect/TopProcessesCollector.h"
#include "collect/UnameCollector.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <sys/utsname.h>

using namespace opsdeck;
using namespace opsdeck::collect;
using metrics::MetricFamily;
using metrics::MetricType;

namespace {

QString fixture(const QString& relative)
{
    return QStringLiteral(OPSDECK_TEST_DATA "/proc/") + relative;
}

using LabelMap = QMap<QByteArray, QByteArray>;

const MetricFamily* findFamily(const QList<MetricFamily>& families, const QByteArray& name)
{
    for (const auto& f : families) {
        if (f.name == name)
            return &f;
    }
    return nullptr;
}

bool matches(const metrics::Labels& labels, const LabelMap& want)
{
    if (labels.size() != want.size() + 1) // + __name__
        return false;
    for (auto it = want.cbegin(); it != want.cend(); ++it) {
        if (labels.value(it.key()) != it.value())
            return false;
    }
    return true;
}

std::optional<double> findValue(
    const QList<MetricFamily>& families, const QByteArray& name, const LabelMap& labels = {})
{
    const MetricFamily* f = findFamily(families, name);
    if (!f)
        return std::nullopt;
    for (const auto& s : f->samples) {
        if (matches(s.labels, labels))
            return s.value;
    }
    return std::nullopt;
}

QList<MetricFamily> run(Collector& c, bool expectOk = true)
{
    QList<MetricFamily> out;
    QString error;
    const bool ok = c.collect(out, error);
    if (ok != expectOk)
        qWarning("collector %s: ok=%d error=%s", c.name().constData(), ok, qPrintable(error));
    return ok == expectOk ? out : QList<MetricFamily> {};
}

QStringList names(std::initializer_list<const char*> list)
{
    QStringList out;
    for (const char* s : list)
        out.append(QString::fromUtf8(s));
    return out;
}

// "a=1,b=2" -> map
LabelMap labelsOf(const QString& spec)
{
    LabelMap m;
    for (const QString& kv : spec.split(u',', Qt::SkipEmptyParts)) {
        const qsizetype eq = kv.indexOf(u'=');
        m.insert(kv.left(eq).toUtf8(), kv.mid(eq + 1).toUtf8());
    }
    return m;
}

// Every series appears once per family and every family name once: the
// exposition would be invalid otherwise.
void verifyUnique(const QList<MetricFamily>& families)
{
    QSet<QByteArray> names;
    for (const auto& f : families) {
        QVERIFY2(!names.contains(f.name), f.name.constData());
        names.insert(f.name);
        QSet<QByteArray> series;
        for (const auto& s : f.samples) {
            const QByteArray id = s.labels.toString();
            QVERIFY2(!series.contains(id), id.constData());
            QVERIFY2(s.labels.metricName() == f.name, id.constData());
            series.insert(id);
        }
    }
}

} // namespace

class TestHostCollector : public QObject
{
    Q_OBJECT

private slots:
    void cpu_data();
    void cpu();
    void cpuCount_data();
    void cpuCount();
    void stat_data();
    void stat();
    void meminfo_data();
    void meminfo();
    void loadavg_data();
    void loadavg();
    void diskstats_data();
    void diskstats();
    void netdev_data();
    void netdev();
    void netclass_data();
    void netclass();
    void filesystem_data();
    void filesystem();
    void mountFieldUnescape_data();
    void mountFieldUnescape();
    void pressure_data();
    void pressure();
    void uname();
    void processes_data();
    void processes();
    void topProcessesRanksByRecentCpu();
    void missingSources_data();
    void missingSources();
    void hostCollectorReportsFailedCollectors();
    void hostCollectorOnEmptyRootDoesNotCrash();
    void liveHost();
};

void TestHostCollector::cpu_data()
{
    QTest::addColumn<QString>("root");
    QTest::addColumn<QString>("labels");
    QTest::addColumn<QByteArray>("metric");
    QTest::addColumn<double>("value");
    // host-a: "cpu0 5121 654 4151 43524 59 0 88 0 0 0" at USER_HZ 100
    QTest::newRow("a cpu0 user") << "host-a/proc"
                                 << "cpu=0,mode=user" << QByteArray("node_cpu_seconds_total") << 51.21;
    QTest::newRow("a cpu0 nice") << "host-a/proc"
                                 << "cpu=0,mode=nice" << QByteArray("node_cpu_seconds_total") << 6.54;
    QTest::newRow("a cpu0 idle") << "host-a/proc"
                                 << "cpu=0,mode=idle" << QByteArray("node_cpu_seconds_total") << 435.24;
    QTest::newRow("a cpu1 iowait") << "host-a/proc"
                                   << "cpu=1,mode=iowait" << QByteArray("node_cpu_seconds_total") << 6.81;
    QTest::newRow("a cpu1 softirq") << "host-a/proc"
                                    << "cpu=1,mode=softirq" << QByteArray("node_cpu_seconds_total") << 2.11;
    QTest::newRow("a cpu1 steal") << "host-a/proc"
                                  << "cpu=1,mode=steal" << QByteArray("node_cpu_seconds_total") << 0.0;
    QTest::newRow("a guest") << "host-a/proc"
                             << "cpu=1,mode=nice" << QByteArray("node_cpu_guest_seconds_total") << 0.0;
    // host-b: 8 columns only (no guest), 4 CPUs
    QTest::newRow("b cpu3 system") << "host-b/proc"
                                   << "cpu=3,mode=system" << QByteArray("node_cpu_seconds_total") << 5.0;
    QTest::newRow("b cpu2 softirq") << "host-b/proc"
                                    << "cpu=2,mode=softirq" << QByteArray("node_cpu_seconds_total") << 0.25;
}

void TestHostCollector::cpu()
{
    QFETCH(QString, root);
    QFETCH(QString, labels);
    QFETCH(QByteArray, metric);
    QFETCH(double, value);
    CpuCollector c(fixture(root), 100);
    const auto families = run(c);
    verifyUnique(families);
    const auto v = findValue(families, metric, labelsOf(labels));
    QVERIFY2(v, qPrintable(labels));
    QCOMPARE(*v, value);
    QCOMPARE(findFamily(families, "node_cpu_seconds_total")->type, MetricType::Counter);
    QCOMPARE(
        findFamily(families, "node_cpu_seconds_total")->help, QByteArray("Seconds the CPUs spent in each mode."));
}

void TestHostCollector::cpuCount_data()
{
    QTest::addColumn<QString>("root");
    QTest::addColumn<int>("cpus");
    QTest::addColumn<int>("modes");
    QTest::addColumn<bool>("guest");
    QTest::newRow("host-a") << "host-a/proc" << 2 << 8 << true;
    QTest::newRow("host-b") << "host-b/proc" << 4 << 8 << false;
}

void TestHostCollector::cpuCount()
{
    QFETCH(QString, root);
    QFETCH(int, cpus);
    QFETCH(int, modes);
    QFETCH(bool, guest);
    CpuCollector c(fixture(root), 100);
    const auto families = run(c);
    const MetricFamily* f = findFamily(families, "node_cpu_seconds_total");
    QVERIFY(f);
    QSet<QByteArray> cpuLabels;
    for (const auto& s : f->samples)
        cpuLabels.insert(s.labels.value("cpu"));
    QCOMPARE(cpuLabels.size(), cpus);
    QCOMPARE(f->samples.size(), cpus * modes);
    QCOMPARE(findFamily(families, "node_cpu_guest_seconds_total") != nullptr, guest);
}

void TestHostCollector::stat_data()
{
    QTest::addColumn<QString>("root");
    QTest::addColumn<QByteArray>("metric");
    QTest::addColumn<double>("value");
    QTest::addColumn<MetricType>("type");
    QTest::newRow("a btime") << "host-a/proc" << QByteArray("node_boot_time_seconds") << 1795746813.0
                             << MetricType::Gauge;
    QTest::newRow("a ctxt") << "host-a/proc" << QByteArray("node_context_switches_total") << 473582.0
                            << MetricType::Counter;
    QTest::newRow("a forks") << "host-a/proc" << QByteArray("node_forks_total") << 10757.0 << MetricType::Counter;
    QTest::newRow("a intr") << "host-a/proc" << QByteArray("node_intr_total") << 274331.0 << MetricType::Counter;
    QTest::newRow("a running") << "host-a/proc" << QByteArray("node_procs_running") << 2.0 << MetricType::Gauge;
    QTest::newRow("b blocked") << "host-b/proc" << QByteArray("node_procs_blocked") << 1.0 << MetricType::Gauge;
    QTest::newRow("b ctxt") << "host-b/proc" << QByteArray("node_context_switches_total") << 987654321.0
                            << MetricType::Counter;
}

void TestHostCollector::stat()
{
    QFETCH(QString, root);
    QFETCH(QByteArray, metric);
    QFETCH(double, value);
    QFETCH(MetricType, type);
    StatCollector c(fixture(root));
    const auto families = run(c);
    verifyUnique(families);
    QCOMPARE(findValue(families, metric), std::optional<double>(value));
    QCOMPARE(findFamily(families, metric)->type, type);
}

void TestHostCollector::meminfo_data()
{
    QTest::addColumn<QString>("root");
    QTest::addColumn<QByteArray>("metric");
    QTest::addColumn<double>("value"); // < 0: must be absent
    QTest::newRow("a MemAvailable") << "host-a/proc" << QByteArray("node_memory_MemAvailable_bytes")
                                    << 24280988.0 * 1024;
    QTest::newRow("a Active(anon)") << "host-a/proc" << QByteArray("node_memory_Active_anon_bytes")
                                    << 1544.0 * 1024;
    QTest::newRow("a HugePages_Total unitless")
        << "host-a/proc" << QByteArray("node_memory_HugePages_Total") << 0.0;
    QTest::newRow("a Hugepagesize") << "host-a/proc" << QByteArray("node_memory_Hugepagesize_bytes")
                                    << 2048.0 * 1024;
    QTest::newRow("b MemTotal") << "host-b/proc" << QByteArray("node_memory_MemTotal_bytes") << 8000000.0 * 1024;
    QTest::newRow("b HugePages_Total") << "host-b/proc" << QByteArray("node_memory_HugePages_Total") << 4.0;
    QTest::newRow("b value missing") << "host-b/proc" << QByteArray("node_memory_Buffers_bytes") << -1.0;
    QTest::newRow("b value not a number") << "host-b/proc" << QByteArray("node_memory_Cached_bytes") << -1.0;
}

void TestHostCollector::meminfo()
{
    QFETCH(QString, root);
    QFETCH(QByteArray, metric);
    QFETCH(double, value);
    MemInfoCollector c(fixture(root));
    const auto families = run(c);
    verifyUnique(families);
    const auto v = findValue(families, metric);
    if (value < 0) {
        QVERIFY(!v);
        return;
    }
    QCOMPARE(v, std::optional<double>(value));
    const MetricFamily* f = findFamily(families, metric);
    QCOMPARE(f->type, MetricType::Gauge);
    QCOMPARE(f->help, "Memory information field " + metric.mid(12) + '.');
}

void TestHostCollector::loadavg_data()
{
    QTest::addColumn<QString>("root");
    QTest::addColumn<double>("load1");
    QTest::addColumn<double>("load5");
    QTest::addColumn<double>("load15");
    QTest::newRow("host-a") << "host-a/proc" << 0.41 << 0.52 << 0.29;
    QTest::newRow("host-b") << "host-b/proc" << 2.5 << 1.25 << 0.75;
}

void TestHostCollector::loadavg()
{
    QFETCH(QString, root);
    QFETCH(double, load1);
    QFETCH(double, load5);
    QFETCH(double, load15);
    LoadAvgCollector c(fixture(root));
    const auto families = run(c);
    QCOMPARE(findValue(families, "node_load1"), std::optional<double>(load1));
    QCOMPARE(findValue(families, "node_load5"), std::optional<double>(load5));
    QCOMPARE(findValue(families, "node_load15"), std::optional<double>(load15));
}

void TestHostCollector::diskstats_data()
{
    QTest::addColumn<QString>("root");
    QTest::addColumn<QByteArray>("device");
    QTest::addColumn<QByteArray>("metric");
    QTest::addColumn<double>("value"); // < 0: absent
    // host-a vda: 42691 7335 3106066 17425 32690 10991 2762736 11024 0 12352 32620 6481 56 282928 2477 4591 1692
    QTest::newRow("a reads") << "host-a/proc" << QByteArray("vda") << QByteArray("node_disk_reads_completed_total")
                             << 42691.0;
    QTest::newRow("a read bytes") << "host-a/proc" << QByteArray("vda") << QByteArray("node_disk_read_bytes_total")
                                  << 3106066.0 * 512;
    QTest::newRow("a written bytes") << "host-a/proc" << QByteArray("vda")
                                     << QByteArray("node_disk_written_bytes_total") << 2762736.0 * 512;
    QTest::newRow("a io time") << "host-a/proc" << QByteArray("vda")
                               << QByteArray("node_disk_io_time_seconds_total") << 12.352;
    QTest::newRow("a weighted") << "host-a/proc" << QByteArray("vda")
                                << QByteArray("node_disk_io_time_weighted_seconds_total") << 32.62;
    QTest::newRow("a discarded") << "host-a/proc" << QByteArray("vda")
                                 << QByteArray("node_disk_discarded_sectors_total") << 282928.0;
    QTest::newRow("a flushes") << "host-a/proc" << QByteArray("vda")
                               << QByteArray("node_disk_flush_requests_total") << 4591.0;
    QTest::newRow("a loop excluded") << "host-a/proc" << QByteArray("loop0")
                                     << QByteArray("node_disk_reads_completed_total") << -1.0;
    QTest::newRow("a zram kept") << "host-a/proc" << QByteArray("zram0")
                                 << QByteArray("node_disk_reads_completed_total") << 0.0;
    // host-b: sda has the 11 pre-4.18 columns only
    QTest::newRow("b sda write time") << "host-b/proc" << QByteArray("sda")
                                      << QByteArray("node_disk_write_time_seconds_total") << 1.5;
    QTest::newRow("b sda no discards") << "host-b/proc" << QByteArray("sda")
                                       << QByteArray("node_disk_discards_completed_total") << -1.0;
    QTest::newRow("b sda1 partition excluded")
        << "host-b/proc" << QByteArray("sda1") << QByteArray("node_disk_reads_completed_total") << -1.0;
    QTest::newRow("b nvme io now") << "host-b/proc" << QByteArray("nvme0n1") << QByteArray("node_disk_io_now")
                                   << 2.0;
    QTest::newRow("b nvme discard time")
        << "host-b/proc" << QByteArray("nvme0n1") << QByteArray("node_disk_discard_time_seconds_total") << 0.005;
    QTest::newRow("b nvme no flush") << "host-b/proc" << QByteArray("nvme0n1")
                                     << QByteArray("node_disk_flush_requests_total") << -1.0;
    QTest::newRow("b nvme partition excluded")
        << "host-b/proc" << QByteArray("nvme0n1p1") << QByteArray("node_disk_reads_completed_total") << -1.0;
    QTest::newRow("b ram excluded") << "host-b/proc" << QByteArray("ram0")
                                    << QByteArray("node_disk_reads_completed_total") << -1.0;
    QTest::newRow("b dm flush time") << "host-b/proc" << QByteArray("dm-0")
                                     << QByteArray("node_disk_flush_requests_time_seconds_total") << 0.009;
    QTest::newRow("b truncated line skipped")
        << "host-b/proc" << QByteArray("sdb") << QByteArray("node_disk_reads_completed_total") << -1.0;
}

void TestHostCollector::diskstats()
{
    QFETCH(QString, root);
    QFETCH(QByteArray, device);
    QFETCH(QByteArray, metric);
    QFETCH(double, value);
    DiskStatsCollector c(fixture(root));
    const auto families = run(c);
    verifyUnique(families);
    const auto v = findValue(families, metric, { { "device", device } });
    if (value < 0)
        QVERIFY(!v);
    else
        QCOMPARE(v, std::optional<double>(value));
}

void TestHostCollector::netdev_data()
{
    QTest::addColumn<QString>("root");
    QTest::addColumn<QByteArray>("device");
    QTest::addColumn<QByteArray>("metric");
    QTest::addColumn<double>("value");
    QTest::newRow("a eth0 rx bytes") << "host-a/proc" << QByteArray("eth0")
                                     << QByteArray("node_network_receive_bytes_total") << 137590828.0;
    QTest::newRow("a eth0 tx packets") << "host-a/proc" << QByteArray("eth0")
                                       << QByteArray("node_network_transmit_packets_total") << 1671.0;
    QTest::newRow("a lo excluded") << "host-a/proc" << QByteArray("lo")
                                   << QByteArray("node_network_receive_bytes_total") << -1.0;
    QTest::newRow("b ens3 rx multicast")
        << "host-b/proc" << QByteArray("ens3") << QByteArray("node_network_receive_multicast_total") << 6.0;
    QTest::newRow("b ens3 tx bytes") << "host-b/proc" << QByteArray("ens3")
                                     << QByteArray("node_network_transmit_bytes_total") << 3000000.0;
    QTest::newRow("b ens3 tx carrier") << "host-b/proc" << QByteArray("ens3")
                                       << QByteArray("node_network_transmit_carrier_total") << 11.0;
    QTest::newRow("b ens3 tx compressed")
        << "host-b/proc" << QByteArray("ens3") << QByteArray("node_network_transmit_compressed_total") << 12.0;
    QTest::newRow("b truncated wlan0 skipped")
        << "host-b/proc" << QByteArray("wlan0") << QByteArray("node_network_receive_bytes_total") << -1.0;
}

void TestHostCollector::netdev()
{
    QFETCH(QString, root);
    QFETCH(QByteArray, device);
    QFETCH(QByteArray, metric);
    QFETCH(double, value);
    NetDevCollector c(fixture(root));
    const auto families = run(c);
    verifyUnique(families);
    QCOMPARE(families.size(), 16);
    const auto v = findValue(families, metric, { { "device", device } });
    if (value < 0)
        QVERIFY(!v);
    else
        QCOMPARE(v, std::optional<double>(value));
    QCOMPARE(findFamily(families, "node_network_receive_bytes_total")->help,
        QByteArray("Network device statistic receive_bytes."));
}

void TestHostCollector::netclass_data()
{
    QTest::addColumn<QByteArray>("metric");
    QTest::addColumn<QString>("labels");
    QTest::addColumn<double>("value");
    QTest::newRow("eth0 up") << QByteArray("node_network_up") << "device=eth0" << 1.0;
    QTest::newRow("lo not up") << QByteArray("node_network_up") << "device=lo" << 0.0;
    QTest::newRow("eth0 mtu") << QByteArray("node_network_mtu_bytes") << "device=eth0" << 1400.0;
    QTest::newRow("lo mtu") << QByteArray("node_network_mtu_bytes") << "device=lo" << 65536.0;
    QTest::newRow("eth0 carrier changes")
        << QByteArray("node_network_carrier_changes_total") << "device=eth0" << 2.0;
    QTest::newRow("eth0 carrier up") << QByteArray("node_network_carrier_up_changes_total") << "device=eth0"
                                     << 1.0;
    QTest::newRow("eth0 carrier down") << QByteArray("node_network_carrier_down_changes_total") << "device=eth0"
                                       << 1.0;
    QTest::newRow("eth0 tx queue") << QByteArray("node_network_transmit_queue_length") << "device=eth0" << 1000.0;
    QTest::newRow("eth0 negative speed dropped")
        << QByteArray("node_network_speed_bytes") << "device=eth0" << -1.0;
    QTest::newRow("eth0 info")
        << QByteArray("node_network_info")
        << "address=02:fc:00:00:00:01,broadcast=ff:ff:ff:ff:ff:ff,device=eth0,duplex=unknown,operstate=up" << 1.0;
}

void TestHostCollector::netclass()
{
    QFETCH(QByteArray, metric);
    QFETCH(QString, labels);
    QFETCH(double, value);
    NetClassCollector c(fixture(QStringLiteral("host-a/sys")));
    const auto families = run(c);
    verifyUnique(families);
    const auto v = findValue(families, metric, labelsOf(labels));
    if (value < 0)
        QVERIFY(!v);
    else
        QCOMPARE(v, std::optional<double>(value));
}

void TestHostCollector::filesystem_data()
{
    QTest::addColumn<QString>("mounts");
    QTest::addColumn<QByteArray>("metric");
    QTest::addColumn<QString>("labels");
    QTest::addColumn<double>("value"); // < 0: absent
    const QString a = QStringLiteral("host-a/mounts");
    const QString b = QStringLiteral("host-b/proc/mounts");
    const QString root = QStringLiteral("device=/dev/vda,fstype=ext4,mountpoint=/");
    // fake statvfs: bsize 4096, blocks 1000, bfree 600, bavail 500, files 100, ffree 40
    QTest::newRow("a size") << a << QByteArray("node_filesystem_size_bytes") << root << 4096000.0;
    QTest::newRow("a free") << a << QByteArray("node_filesystem_free_bytes") << root << 4096.0 * 600;
    QTest::newRow("a avail") << a << QByteArray("node_filesystem_avail_bytes") << root << 4096.0 * 500;
    QTest::newRow("a files") << a << QByteArray("node_filesystem_files") << root << 100.0;
    QTest::newRow("a files free") << a << QByteArray("node_filesystem_files_free") << root << 40.0;
    QTest::newRow("a readonly") << a << QByteArray("node_filesystem_readonly") << root << 0.0;
    QTest::newRow("a /dev/shm excluded") << a << QByteArray("node_filesystem_size_bytes")
                                         << "device=tmpfs,fstype=tmpfs,mountpoint=/dev/shm" << -1.0;
    QTest::newRow("a cgroup excluded") << a << QByteArray("node_filesystem_size_bytes")
                                       << "device=cgroup2,fstype=cgroup2,mountpoint=/sys/fs/cgroup/unified"
                                       << -1.0;
    const QString data = QStringLiteral("device=/dev/sdb1,fstype=xfs,mountpoint=/srv/data files");
    QTest::newRow("b escaped space, ro") << b << QByteArray("node_filesystem_readonly") << data << 1.0;
    QTest::newRow("b tmpfs on /tmp kept")
        << b << QByteArray("node_filesystem_readonly") << "device=tmpfs,fstype=tmpfs,mountpoint=/tmp" << 0.0;
    QTest::newRow("b statvfs error") << b << QByteArray("node_filesystem_device_error")
                                     << "device=tmpfs,fstype=tmpfs,mountpoint=/tmp" << 1.0;
    QTest::newRow("b statvfs error no size")
        << b << QByteArray("node_filesystem_size_bytes") << "device=tmpfs,fstype=tmpfs,mountpoint=/tmp" << -1.0;
    QTest::newRow("b /run excluded") << b << QByteArray("node_filesystem_readonly")
                                     << "device=tmpfs,fstype=tmpfs,mountpoint=/run" << -1.0;
    QTest::newRow("b docker overlay excluded")
        << b << QByteArray("node_filesystem_readonly")
        << "device=overlay,fstype=overlay,mountpoint=/var/lib/docker/overlay2/x/merged" << -1.0;
}

void TestHostCollector::filesystem()
{
    QFETCH(QString, mounts);
    QFETCH(QByteArray, metric);
    QFETCH(QString, labels);
    QFETCH(double, value);
    FilesystemCollector c(QStringLiteral("/nonexistent"), fixture(mounts),
        [](const QByteArray& mountPoint) -> std::optional<FilesystemStats> {
            if (mountPoint == "/tmp")
                return std::nullopt;
            return FilesystemStats { 4096, 1000, 600, 500, 100, 40 };
        });
    const auto families = run(c);
    verifyUnique(families);
    const auto v = findValue(families, metric, labelsOf(labels));
    if (value < 0)
        QVERIFY(!v);
    else
        QCOMPARE(v, std::optional<double>(value));
}

void TestHostCollector::mountFieldUnescape_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("plain") << QByteArray("/srv") << QByteArray("/srv");
    QTest::newRow("space") << QByteArray("/a\\040b") << QByteArray("/a b");
    QTest::newRow("tab newline backslash") << QByteArray("\\011\\012\\134") << QByteArray("\t\n\\");
    QTest::newRow("truncated escape kept") << QByteArray("/a\\04") << QByteArray("/a\\04");
}

void TestHostCollector::mountFieldUnescape()
{
    QFETCH(QByteArray, field);
    QFETCH(QByteArray, expected);
    QCOMPARE(FilesystemCollector::unescapeMountField(field), expected);
}

void TestHostCollector::pressure_data()
{
    QTest::addColumn<QByteArray>("metric");
    QTest::addColumn<double>("value");
    QTest::newRow("cpu waiting") << QByteArray("node_pressure_cpu_waiting_seconds_total") << 20.675546;
    QTest::newRow("io waiting") << QByteArray("node_pressure_io_waiting_seconds_total") << 6.033653;
    QTest::newRow("io stalled") << QByteArray("node_pressure_io_stalled_seconds_total") << 5.566285;
    QTest::newRow("memory stalled") << QByteArray("node_pressure_memory_stalled_seconds_total") << 0.0;
}

void TestHostCollector::pressure()
{
    QFETCH(QByteArray, metric);
    QFETCH(double, value);
    PressureCollector c(fixture(QStringLiteral("host-a/proc")));
    const auto families = run(c);
    verifyUnique(families);
    QCOMPARE(findValue(families, metric), std::optional<double>(value));
    QCOMPARE(findFamily(families, metric)->type, MetricType::Counter);
}

void TestHostCollector::uname()
{
    UnameCollector c(fixture(QStringLiteral("host-b/proc")));
    const auto families = run(c);
    struct utsname u
    {
    };
    QCOMPARE(::uname(&u), 0);
    const LabelMap labels { { "sysname", "Linux" }, { "release", "5.10.0-28-amd64" },
        { "version", "#1 SMP Debian 5.10.209-2 (2024-01-31)" }, { "machine", QByteArray(u.machine) },
        { "nodename", "plc-db-02" }, { "domainname", "(none)" } };
    QCOMPARE(findValue(families, "node_uname_info", labels), std::optional<double>(1));
}

void TestHostCollector::processes_data()
{
    QTest::addColumn<QByteArray>("metric");
    QTest::addColumn<QString>("labels");
    QTest::addColumn<double>("value"); // < 0: absent
    // 4242 "(my (odd) prog)": utime 1500 stime 500 rss 25600 pages, io read 8192000 write 4096
    QTest::newRow("cpu of odd comm") << QByteArray("opsdeck_process_cpu_seconds_total")
                                     << "pid=4242,comm=my (odd) prog" << 20.0;
    QTest::newRow("rss of odd comm") << QByteArray("opsdeck_process_resident_memory_bytes")
                                     << "pid=4242,comm=my (odd) prog" << 25600.0 * 4096;
    QTest::newRow("io read") << QByteArray("opsdeck_process_io_read_bytes_total") << "pid=4242,comm=my (odd) prog"
                             << 8192000.0;
    QTest::newRow("io write") << QByteArray("opsdeck_process_io_write_bytes_total")
                              << "pid=4242,comm=my (odd) prog" << 4096.0;
    // pid 1: utime 105 stime 298, rss 3073 pages, io unreadable
    QTest::newRow("pid 1 cpu") << QByteArray("opsdeck_process_cpu_seconds_total") << "pid=1,comm=process_api"
                               << 4.03;
    QTest::newRow("pid 1 no io") << QByteArray("opsdeck_process_io_read_bytes_total") << "pid=1,comm=process_api"
                                 << -1.0;
    QTest::newRow("bash io") << QByteArray("opsdeck_process_io_write_bytes_total") << "pid=6109,comm=bash"
                             << 4100096.0;
    // kthreadd has no CPU, RSS or I/O: in no top list
    QTest::newRow("idle kthread absent")
        << QByteArray("opsdeck_process_cpu_seconds_total") << "pid=2,comm=kthreadd" << -1.0;
    QTest::newRow("truncated stat skipped")
        << QByteArray("opsdeck_process_cpu_seconds_total") << "pid=999,comm=trunc" << -1.0;
    QTest::newRow("process count") << QByteArray("opsdeck_processes") << "" << 4.0;
}

void TestHostCollector::processes()
{
    QFETCH(QByteArray, metric);
    QFETCH(QString, labels);
    QFETCH(double, value);
    TopProcessesCollector c(fixture(QStringLiteral("host-a/proc")), 10, 100, 4096);
    const auto families = run(c);
    verifyUnique(families);
    const auto v = findValue(families, metric, labelsOf(labels));
    if (value < 0)
        QVERIFY(!v);
    else
        QCOMPARE(v, std::optional<double>(value));
}

void TestHostCollector::topProcessesRanksByRecentCpu()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString src = fixture(QStringLiteral("host-a/proc"));
    for (const QString& pid :
        { QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("4242"), QStringLiteral("6109") }) {
        QVERIFY(QDir().mkpath(dir.path() + u'/' + pid));
        for (const QString& file : { QStringLiteral("stat"), QStringLiteral("io") }) {
            if (QFile::exists(src + u'/' + pid + u'/' + file))
                QVERIFY(QFile::copy(src + u'/' + pid + u'/' + file, dir.path() + u'/' + pid + u'/' + file));
        }
    }
    auto pids = [](const QList<MetricFamily>& families, const QByteArray& metric) {
        QStringList out;
        if (const MetricFamily* f = findFamily(families, metric)) {
            for (const auto& s : f->samples)
                out.append(QString::fromUtf8(s.labels.value("pid")));
        }
        return out;
    };

    TopProcessesCollector c(dir.path(), 1, 100, 4096);
    // First collect ranks by totals: CPU 4242 (2000 ticks), RSS 4242, I/O bash (48 MB) -> {4242, 6109}
    auto families = run(c);
    QCOMPARE(pids(families, "opsdeck_process_cpu_seconds_total"), names({ "4242", "6109" }));

    // pid 1 now burns 50 s of CPU; nothing else moves. CPU top is 1, RSS top
    // stays 4242, no I/O since last time -> no I/O top.
    QFile stat(dir.path() + QStringLiteral("/1/stat"));
    QVERIFY(stat.open(QIODevice::ReadOnly));
    QByteArray text = stat.readAll();
    stat.close();
    text.replace(" 105 298 ", " 5105 298 ");
    QVERIFY(stat.open(QIODevice::WriteOnly | QIODevice::Truncate));
    stat.write(text);
    stat.close();
    families = run(c);
    QCOMPARE(pids(families, "opsdeck_process_cpu_seconds_total"), names({ "1", "4242" }));
    QCOMPARE(
        findValue(families, "opsdeck_process_cpu_seconds_total", { { "pid", "1" }, { "comm", "process_api" } }),
        std::optional<double>(54.03));

    // Same pid, new process (different start time): its whole CPU counts as recent.
    text.replace(" 5105 298 ", " 5 5 ").replace(" 21 43634688 ", " 99999 43634688 ");
    QVERIFY(stat.open(QIODevice::WriteOnly | QIODevice::Truncate));
    stat.write(text);
    stat.close();
    families = run(c);
    QCOMPARE(pids(families, "opsdeck_process_cpu_seconds_total"), names({ "1", "4242" }));
}

void TestHostCollector::missingSources_data()
{
    QTest::addColumn<QString>("collector");
    QTest::newRow("cpu") << "cpu";
    QTest::newRow("stat") << "stat";
    QTest::newRow("meminfo") << "meminfo";
    QTest::newRow("loadavg") << "loadavg";
    QTest::newRow("diskstats") << "diskstats";
    QTest::newRow("netdev") << "netdev";
    QTest::newRow("netclass") << "netclass";
    QTest::newRow("filesystem") << "filesystem";
    QTest::newRow("pressure") << "pressure";
    QTest::newRow("uname") << "uname";
    QTest::newRow("topprocesses") << "topprocesses";
}

void TestHostCollector::missingSources()
{
    QFETCH(QString, collector);
    const QString empty = fixture(QStringLiteral("empty"));
    std::unique_ptr<Collector> c;
    if (collector == u"cpu")
        c = std::make_unique<CpuCollector>(empty, 100);
    else if (collector == u"stat")
        c = std::make_unique<StatCollector>(empty);
    else if (collector == u"meminfo")
        c = std::make_unique<MemInfoCollector>(empty);
    else if (collector == u"loadavg")
        c = std::make_unique<LoadAvgCollector>(empty);
    else if (collector == u"diskstats")
        c = std::make_unique<DiskStatsCollector>(empty);
    else if (collector == u"netdev")
        c = std::make_unique<NetDevCollector>(empty);
    else if (collector == u"netclass")
        c = std::make_unique<NetClassCollector>(empty);
    else if (collector == u"filesystem")
        c = std::make_unique<FilesystemCollector>(empty, QString());
    else if (collector == u"pressure")
        c = std::make_unique<PressureCollector>(empty);
    else if (collector == u"uname")
        c = std::make_unique<UnameCollector>(empty);
    else
        c = std::make_unique<TopProcessesCollector>(empty);
    QCOMPARE(QString::fromLatin1(c->name()), collector);
    QList<MetricFamily> out;
    QString error;
    QVERIFY(!c->collect(out, error));
    QVERIFY2(!error.isEmpty(), "a failure names its reason");
}

void TestHostCollector::hostCollectorReportsFailedCollectors()
{
    HostPaths paths;
    paths.procRoot = fixture(QStringLiteral("host-b/proc"));
    paths.sysRoot = fixture(QStringLiteral("host-b/sys")); // absent
    HostCollectorOptions options;
    options.ticksPerSecond = 100;
    HostCollector host(paths, options);
    QCOMPARE(host.collectorNames(),
        names({ "cpu", "stat", "meminfo", "loadavg", "diskstats", "netdev", "netclass", "filesystem", "pressure",
            "uname", "topprocesses" }));
    const auto families = host.collect();
    verifyUnique(families);
    for (qsizetype i = 1; i < families.size(); ++i)
        QVERIFY(families[i - 1].name < families[i].name);
    auto success = [&](const char* name) {
        return findValue(families, "node_scrape_collector_success", { { "collector", name } });
    };
    QCOMPARE(success("cpu"), std::optional<double>(1));
    QCOMPARE(success("filesystem"), std::optional<double>(1)); // falls back to procRoot/mounts
    QCOMPARE(success("topprocesses"), std::optional<double>(1));
    QCOMPARE(success("pressure"), std::optional<double>(0));
    QCOMPARE(success("netclass"), std::optional<double>(0));
    QVERIFY(findValue(families, "node_scrape_collector_duration_seconds", { { "collector", "cpu" } }));
    QVERIFY(!findFamily(families, "node_pressure_cpu_waiting_seconds_total"));
    QCOMPARE(findValue(families, "node_cpu_seconds_total", { { "cpu", "3" }, { "mode", "user" } }),
        std::optional<double>(10));
    QCOMPARE(findValue(families, "node_filesystem_readonly",
                 { { "device", "/dev/sdb1" }, { "fstype", "xfs" }, { "mountpoint", "/srv/data files" } }),
        std::optional<double>(1));
}

void TestHostCollector::hostCollectorOnEmptyRootDoesNotCrash()
{
    HostPaths paths;
    paths.procRoot = fixture(QStringLiteral("empty"));
    paths.sysRoot = fixture(QStringLiteral("empty"));
    HostCollector host(paths);
    const auto families = host.collect();
    QCOMPARE(families.size(), 2); // only the node_scrape_collector_* families
    const MetricFamily* success = findFamily(families, "node_scrape_collector_success");
    QVERIFY(success);
    QCOMPARE(success->samples.size(), host.collectorNames().size());
    for (const auto& s : success->samples)
        QCOMPARE(s.value, 0.0);
}

void TestHostCollector::liveHost()
{
    HostCollector host;
    auto families = host.collect();
    verifyUnique(families);
    for (const char* name : { "node_cpu_seconds_total", "node_memory_MemAvailable_bytes", "node_load1",
             "node_boot_time_seconds", "node_uname_info", "opsdeck_process_cpu_seconds_total",
             "node_filesystem_size_bytes", "node_network_receive_bytes_total" })
        QVERIFY2(findFamily(families, name), name);
    for (const char* name :
        { "cpu", "stat", "meminfo", "loadavg", "netdev", "filesystem", "uname", "topprocesses" })
        QCOMPARE(findValue(families, "node_scrape_collector_success", { { "collector", name } }),
            std::optional<double>(1));

    // Cost of one collect() on this host, reported (no timed assertion).
    constexpr int kRounds = 50;
    QElapsedTimer timer;
    timer.start();
    qint64 worstUs = 0;
    qsizetype samples = 0;
    for (int i = 0; i < kRounds; ++i) {
        families = host.collect();
        worstUs = qMax(worstUs, host.lastDurationUs());
    }
    for (const auto& f : families)
        samples += f.samples.size();
    qInfo("HostCollector::collect(): mean %.3f ms, worst %.3f ms over %d rounds, %lld families, %lld samples",
        double(timer.nsecsElapsed()) / 1e6 / kRounds, double(worstUs) / 1000.0, kRounds,
        qlonglong(families.size()), qlonglong(samples));
}

QTEST_GUILESS_MAIN(TestHostCollector)
#include "tst_host_collector.moc"
