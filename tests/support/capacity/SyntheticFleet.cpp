#include "SyntheticFleet.h"

#include "metrics/Labels.h"

#include <QList>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace opsdeck::testsupport {

using metrics::Label;
using metrics::Labels;
using metrics::SeriesRef;
using namespace fleet;

namespace {

// Uniform in [-1, 1] from the raw generator output: identical on every
// standard library (std::uniform_real_distribution is not).
double unitNoise(std::mt19937& rng)
{
    return static_cast<double>(rng()) / 4294967295.0 * 2.0 - 1.0;
}

double dailyPhase(qint64 tMs)
{
    const qint64 ofDay = ((tMs % kDayMs) + kDayMs) % kDayMs;
    return std::sin(2.0 * std::numbers::pi * static_cast<double>(ofDay) / static_cast<double>(kDayMs));
}

QByteArray bytes(const QString& s)
{
    return s.toUtf8();
}

struct FsSeries
{
    SeriesRef size = metrics::kInvalidSeriesRef;
    SeriesRef avail = metrics::kInvalidSeriesRef;
    double sizeBytes = 0;
    double usedAtEnd = 0;
    double growthPerDay = 0;
    double noise = 0;
};

struct HostSeries
{
    QList<SeriesRef> cpuIdle, cpuUser, cpuSystem; // per cpu
    QList<double> idle, user, system; // counter values per cpu
    SeriesRef memTotal = metrics::kInvalidSeriesRef;
    SeriesRef memAvailable = metrics::kInvalidSeriesRef;
    QList<FsSeries> filesystems;
    SeriesRef requests = metrics::kInvalidSeriesRef;
    double requestCount = 0;
};

} // namespace

QString syntheticInstance(int host)
{
    return QStringLiteral("host-%1:9100").arg(host, 2, 10, QLatin1Char('0'));
}

QStringList fillSyntheticFleet(metrics::SeriesStore& store, const SyntheticFleetOptions& options)
{
    QStringList instances;
    if (options.hosts <= 0 || options.stepMs <= 0 || options.days <= 0 || options.cpusPerHost <= 0)
        return instances;

    std::mt19937 rng(options.seed);
    const qint64 startMs = options.endMs - options.days * kDayMs;
    // Samples on multiples of the step, as rollup buckets are.
    const qint64 firstMs = ((startMs + options.stepMs - 1) / options.stepMs) * options.stepMs;
    const double stepS = static_cast<double>(options.stepMs) / 1000.0;
    const int cpus = options.cpusPerHost;

    QList<HostSeries> hosts;
    for (int h = 0; h < options.hosts; ++h) {
        const QString instance = syntheticInstance(h);
        instances << instance;
        const QByteArray inst = bytes(instance);
        HostSeries hs;
        for (int c = 0; c < cpus; ++c) {
            const QByteArray cpu = QByteArray::number(c);
            auto cpuRef = [&](const char* mode) {
                return store.getOrCreate(Labels { { QByteArray("__name__"), QByteArray("node_cpu_seconds_total") },
                    { QByteArray("instance"), inst }, { QByteArray("job"), QByteArray("node") },
                    { QByteArray("cpu"), cpu }, { QByteArray("mode"), QByteArray(mode) } });
            };
            hs.cpuIdle << cpuRef("idle");
            hs.cpuUser << cpuRef("user");
            hs.cpuSystem << cpuRef("system");
            // Counters start from some uptime so they are not zero-based.
            hs.idle << 800'000.0 + 1'000.0 * c;
            hs.user << 120'000.0 + 500.0 * c;
            hs.system << 40'000.0 + 250.0 * c;
        }
        hs.memTotal
            = store.getOrCreate(Labels { { QByteArray("__name__"), QByteArray("node_memory_MemTotal_bytes") },
                { QByteArray("instance"), inst }, { QByteArray("job"), QByteArray("node") } });
        hs.memAvailable
            = store.getOrCreate(Labels { { QByteArray("__name__"), QByteArray("node_memory_MemAvailable_bytes") },
                { QByteArray("instance"), inst }, { QByteArray("job"), QByteArray("node") } });
        auto addFs = [&](const char* mountpoint, const char* fstype, const char* device, double size,
                         double usedAtEnd, double growth, double noise) {
            auto ref = [&](const char* name) {
                return store.getOrCreate(Labels { { QByteArray("__name__"), QByteArray(name) },
                    { QByteArray("instance"), inst }, { QByteArray("job"), QByteArray("node") },
                    { QByteArray("mountpoint"), QByteArray(mountpoint) },
                    { QByteArray("fstype"), QByteArray(fstype) }, { QByteArray("device"), QByteArray(device) } });
            };
            FsSeries fs;
            fs.size = ref("node_filesystem_size_bytes");
            fs.avail = ref("node_filesystem_avail_bytes");
            fs.sizeBytes = size;
            fs.usedAtEnd = usedAtEnd;
            fs.growthPerDay = growth;
            fs.noise = noise;
            hs.filesystems << fs;
        };
        if (h == 0)
            addFs("/", "ext4", "/dev/sda1", kRootFsSizeBytes, kHost0RootUsedAtEndBytes,
                kHost0RootGrowthBytesPerDay, kFsNoiseBytes);
        else
            addFs("/", "ext4", "/dev/sda1", kRootFsSizeBytes, kOtherRootUsedAtEndBytes,
                kOtherRootGrowthBytesPerDay, kFsNoiseBytes);
        if (h == 1)
            addFs("/data", "xfs", "/dev/sdb1", kDataFsSizeBytes, kDataFsUsedBytes, 0.0, 0.0);
        addFs("/run", "tmpfs", "tmpfs", kRunFsSizeBytes, 0.01 * kGiB, 0.0, 0.0);
        hs.requests = store.getOrCreate(Labels { { QByteArray("__name__"), QByteArray("http_requests_total") },
            { QByteArray("instance"), inst }, { QByteArray("job"), QByteArray("api") } });
        hs.requestCount = 5'000'000.0 * (h + 1);
        hosts << hs;
    }

    for (qint64 t = firstMs; t <= options.endMs; t += options.stepMs) {
        const double daysFromEnd = static_cast<double>(t - options.endMs) / static_cast<double>(kDayMs);
        const double phase = dailyPhase(t);
        for (int h = 0; h < hosts.size(); ++h) {
            HostSeries& hs = hosts[h];
            // CPU: busy cores over the step that ends at t.
            double busy = kCpuBaseBusyCores + (h % kHostPattern) * kCpuBasePerHost
                + kCpuTrendCoresPerDay * daysFromEnd + kCpuDailyAmplitudeCores * phase
                + kCpuNoiseCores * unitNoise(rng);
            busy = std::clamp(busy, 0.0, static_cast<double>(cpus));
            const double busyPerCpu = busy / cpus;
            for (int c = 0; c < cpus; ++c) {
                hs.user[c] += 0.7 * busyPerCpu * stepS;
                hs.system[c] += 0.3 * busyPerCpu * stepS;
                hs.idle[c] += (1.0 - busyPerCpu) * stepS;
                store.append(hs.cpuUser[c], t, hs.user[c]);
                store.append(hs.cpuSystem[c], t, hs.system[c]);
                store.append(hs.cpuIdle[c], t, hs.idle[c]);
            }
            // Memory.
            double used = kMemUsedAtEndBytes + (h % kHostPattern) * kGiB + kMemGrowthBytesPerDay * daysFromEnd
                + kMemNoiseBytes * unitNoise(rng);
            used = std::clamp(used, 0.0, kMemTotalBytes);
            store.append(hs.memTotal, t, kMemTotalBytes);
            store.append(hs.memAvailable, t, kMemTotalBytes - used);
            // Filesystems.
            for (const FsSeries& fs : std::as_const(hs.filesystems)) {
                double fsUsed = fs.usedAtEnd + fs.growthPerDay * daysFromEnd;
                if (fs.noise > 0)
                    fsUsed += fs.noise * unitNoise(rng);
                fsUsed = std::clamp(fsUsed, 0.0, fs.sizeBytes);
                store.append(fs.size, t, fs.sizeBytes);
                store.append(fs.avail, t, fs.sizeBytes - fsUsed);
            }
            // Requests: counter of a rate with a daily season.
            double rate = kReqBasePerS * (1.0 + (h % kHostPattern) * 0.5) * (1.0 + kReqDailyAmplitude * phase)
                + kReqNoisePerS * unitNoise(rng);
            rate = std::max(0.0, rate);
            hs.requestCount += rate * stepS;
            store.append(hs.requests, t, hs.requestCount);
        }
    }
    return instances;
}

} // namespace opsdeck::testsupport
