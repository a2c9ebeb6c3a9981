// Bench fixture: serves N loopback ports (one QHttpServer each, port 0) with
// node_exporter-like bodies of about M series whose counters change every
// second. Prints "ports P1 P2 ..." once all listen. Stops on SIGTERM, when
// stdin closes, or after --max-seconds.
//
//   opsdeck_bench_targets --targets 200 --series 500 [--max-seconds 300]
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QSocketNotifier>
#include <QTimer>

#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <sys/prctl.h>
#include <unistd.h>

namespace {

struct SeriesSpec
{
    QByteArray prefix; // "name{labels} "
    double base;
    double rate; // per second; 0 = gauge that wobbles
};

struct FamilySpec
{
    QByteArray header; // "# HELP ...\n# TYPE ...\n"
    std::vector<SeriesSpec> series;
};

std::vector<FamilySpec> buildFamilies(int wanted)
{
    std::vector<FamilySpec> families;
    int count = 0;
    auto family = [&](const char* name, const char* type, const char* help) -> FamilySpec& {
        families.push_back(
            { QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n', {} });
        return families.back();
    };
    auto add = [&](FamilySpec& f, const QByteArray& name, const QByteArray& labels, double base, double rate) {
        if (count >= wanted)
            return;
        f.series.push_back({ name + (labels.isEmpty() ? QByteArray() : '{' + labels + '}') + ' ', base, rate });
        ++count;
    };
    const char* modes[] = { "idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user" };
    FamilySpec& cpu = family("node_cpu_seconds_total", "counter", "Seconds the CPUs spent in each mode.");
    for (int c = 0; c < 8; ++c)
        for (int m = 0; m < 8; ++m)
            add(cpu, "node_cpu_seconds_total", "cpu=\"" + QByteArray::number(c) + "\",mode=\"" + modes[m] + '"',
                100000.0 * (m + 1) + c, m == 0 ? 0.9 : 0.013 * (m + 1));
    const char* mem[] = { "MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached", "Active",
        "Inactive", "Dirty", "Writeback", "AnonPages", "Mapped", "Shmem", "Slab", "SReclaimable", "SUnreclaim",
        "KernelStack", "PageTables", "CommitLimit", "Committed_AS", "SwapTotal", "SwapFree", "HugePages_Total",
        "Hugepagesize" };
    for (const char* m : mem) {
        const QByteArray name = QByteArray("node_memory_") + m + "_bytes";
        FamilySpec& f = family(name.constData(), "gauge", "Memory information field.");
        add(f, name, {}, 1.6e10 / (1 + std::strlen(m)), 0);
    }
    const char* netMetrics[] = { "receive_bytes", "transmit_bytes", "receive_packets", "transmit_packets",
        "receive_errs", "transmit_errs", "receive_drop", "transmit_drop" };
    for (const char* nm : netMetrics) {
        const QByteArray name = QByteArray("node_network_") + nm + "_total";
        FamilySpec& f = family(name.constData(), "counter", "Network device statistic.");
        for (int d = 0; d < 6; ++d)
            add(f, name, "device=\"eth" + QByteArray::number(d) + '"', 1e9 * (d + 1), 12345.0 * (d + 1));
    }
    const char* diskMetrics[] = { "read_bytes", "written_bytes", "reads_completed", "writes_completed",
        "io_time_seconds", "read_time_seconds", "write_time_seconds", "discarded_sectors" };
    for (const char* dm : diskMetrics) {
        const QByteArray name = QByteArray("node_disk_") + dm + "_total";
        FamilySpec& f = family(name.constData(), "counter", "Disk statistic.");
        for (int d = 0; d < 6; ++d)
            add(f, name, "device=\"sd" + QByteArray(1, char('a' + d)) + '"', 5e8 * (d + 1), 4096.0 * (d + 1));
    }
    const char* fsMetrics[] = { "avail_bytes", "free_bytes", "size_bytes", "files", "files_free", "readonly" };
    for (const char* fm : fsMetrics) {
        const QByteArray name = QByteArray("node_filesystem_") + fm;
        FamilySpec& f = family(name.constData(), "gauge", "Filesystem statistic.");
        for (int d = 0; d < 8; ++d)
            add(f, name,
                "device=\"/dev/sd" + QByteArray(1, char('a' + d)) + "1\",fstype=\"ext4\",mountpoint=\"/srv/vol"
                    + QByteArray::number(d) + '"',
                1e11 / (d + 1), 0);
    }
    // The rest: per-CPU frequency, interrupts and softnet series, as on a larger host.
    for (int block = 0; count < wanted; ++block) {
        const QByteArray name = "node_interrupts_total_" + QByteArray::number(block);
        FamilySpec& f = family(name.constData(), "counter", "Interrupt details.");
        for (int i = 0; i < 32 && count < wanted; ++i)
            add(f, name, "cpu=\"" + QByteArray::number(i % 8) + "\",devices=\"irq" + QByteArray::number(i) + '"',
                1e6 * (i + 1), 97.0 * (i + 1));
    }
    return families;
}

QByteArray render(const std::vector<FamilySpec>& families, double t, int variant)
{
    QByteArray out;
    out.reserve(64 * 1024);
    for (const FamilySpec& f : families) {
        out += f.header;
        for (const SeriesSpec& s : f.series) {
            const double v = s.rate > 0 ? std::floor((s.base + variant * 7.0 + s.rate * t) * 100) / 100
                                        : s.base + std::fmod(t * 37 + variant, 1000.0);
            out += s.prefix;
            out += QByteArray::number(v, 'g', 12);
            out += '\n';
        }
    }
    return out;
}

void onSignal(int)
{
    QCoreApplication::quit();
}

} // namespace

int main(int argc, char** argv)
{
    prctl(PR_SET_PDEATHSIG, SIGTERM); // never outlive the bench
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption targetsOpt(
        QStringLiteral("targets"), QStringLiteral("ports"), QStringLiteral("n"), QStringLiteral("200"));
    const QCommandLineOption seriesOpt(
        QStringLiteral("series"), QStringLiteral("series per body"), QStringLiteral("n"), QStringLiteral("500"));
    const QCommandLineOption maxOpt(
        QStringLiteral("max-seconds"), QStringLiteral("exit after"), QStringLiteral("s"), QStringLiteral("300"));
    parser.addOptions({ targetsOpt, seriesOpt, maxOpt });
    parser.process(app);
    const int targets = parser.value(targetsOpt).toInt();
    const int series = parser.value(seriesOpt).toInt();
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);

    const std::vector<FamilySpec> families = buildFamilies(series);
    constexpr int kVariants = 10;
    auto bodies = std::make_shared<std::vector<QByteArray>>(kVariants);
    QElapsedTimer clock;
    clock.start();
    auto refresh = [&]() {
        const double t = clock.elapsed() / 1000.0;
        for (int v = 0; v < kVariants; ++v)
            (*bodies)[v] = render(families, t, v);
    };
    refresh();
    QTimer refreshTimer;
    QObject::connect(&refreshTimer, &QTimer::timeout, &app, refresh);
    refreshTimer.start(1000);

    std::vector<std::unique_ptr<QHttpServer>> servers;
    QByteArray ports = "ports";
    for (int i = 0; i < targets; ++i) {
        auto server = std::make_unique<QHttpServer>();
        const int variant = i % kVariants;
        server->route(QStringLiteral("/metrics"), [bodies, variant]() {
            return QHttpServerResponse(
                QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"), (*bodies)[variant]);
        });
        const quint16 port = server->listen(QHostAddress::LocalHost, 0);
        if (port == 0) {
            std::fprintf(stderr, "cannot listen\n");
            return 1;
        }
        ports += ' ' + QByteArray::number(port);
        servers.push_back(std::move(server));
    }
    std::printf("%s\n", ports.constData());
    std::fflush(stdout);

    QSocketNotifier stdinClosed(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&stdinClosed, &QSocketNotifier::activated, &app, [&]() {
        char buf[256];
        if (::read(STDIN_FILENO, buf, sizeof buf) <= 0)
            QCoreApplication::quit();
    });
    QTimer::singleShot(parser.value(maxOpt).toInt() * 1000, &app, &QCoreApplication::quit);
    return app.exec();
}
