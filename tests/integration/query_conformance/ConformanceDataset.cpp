#include "ConformanceDataset.h"

#include "metrics/Sample.h"

#include <QList>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace ConformanceDataset {

namespace {

// splitmix64: a fixed, portable sequence (std:: distributions differ between libraries).
struct Random
{
    std::uint64_t state;
    explicit Random(std::uint64_t seed)
        : state(seed)
    { }
    std::uint64_t next()
    {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double uniform() { return double(next() >> 11) / double(1ULL << 53); } // [0, 1)
};

const std::array<const char*, 3> kInstances = { "10.0.0.1:9100", "10.0.0.2:9100", "10.0.0.3:9100" };
const std::array<qint64, 3> kOffsetMs = { 0, 3000, 7500 };

// Values are quarters (or integers) where possible so that text round trips
// exactly; computed ones use %.17g.
QByteArray num(double v)
{
    if (std::isnan(v))
        return "NaN";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

QByteArray ts(qint64 ms)
{
    char buf[64];
    if (ms % 1000 == 0)
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(ms / 1000));
    else
        std::snprintf(
            buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ms / 1000), static_cast<long long>(ms % 1000));
    return buf;
}

void line(QByteArray& out, const QByteArray& series, double value, qint64 ms)
{
    out += series;
    out += ' ';
    out += num(value);
    out += ' ';
    out += ts(ms);
    out += '\n';
}

// Times of instance i's scrapes: every 15 s from its offset up to the end.
QList<qint64> scrapeTimes(int instance)
{
    QList<qint64> out;
    for (qint64 t = kStartMs + kOffsetMs[instance]; t <= kEndMs; t += kStepMs)
        out.append(t);
    return out;
}

qint64 rel(qint64 ms)
{
    return (ms - kStartMs) / 1000;
}

void httpRequests(QByteArray& out)
{
    out += "# HELP http_requests Requests served.\n# TYPE http_requests counter\n";
    struct S
    {
        QByteArray name;
        int instance;
        double rate;
        double value = 0;
        Random rnd;
        int index;
    };
    QList<S> series;
    int index = 0;
    for (const char* job : { "api", "web" })
        for (int i = 0; i < 3; ++i)
            for (const char* code : { "200", "500" })
                for (const char* method : { "get", "post" }) {
                    const QByteArray name = QByteArray("http_requests_total{code=\"") + code + "\",instance=\""
                        + kInstances[i] + "\",job=\"" + job + "\",method=\"" + method + "\"}";
                    double rate
                        = (code[0] == '2' ? 10.0 : 0.5) * (method[0] == 'g' ? 3 : 1) * (job[0] == 'a' ? 2 : 1);
                    series.append(S { name, i, rate, 0, Random(0x1000 + index), index });
                    ++index;
                }
    // Grouped by time: every series' sample at step k, then step k+1.
    const qint64 steps = (kEndMs - kStartMs) / kStepMs;
    for (qint64 k = 0; k <= steps; ++k) {
        for (S& s : series) {
            const qint64 t = kStartMs + kOffsetMs[s.instance] + k * kStepMs;
            if (t > kEndMs)
                continue;
            const qint64 r = rel(t);
            const double inc = std::floor(s.rate * 15 * (0.5 + s.rnd.uniform()));
            s.value += inc;
            if (s.index % 5 == 1 && r >= 3000 && r < 3015)
                s.value = inc; // process restart: counter reset
            if (s.index % 7 == 3 && r >= 5400 && r < 5415)
                s.value = 0;
            if (s.instance == 2 && r >= 3600 && r < 3615)
                s.value = inc; // host reboot
            const bool gap = s.index % 6 == 2 && r > 2400 && r < 3000; // 10 minutes without samples
            const bool stopped = s.index % 8 == 7 && r > 4500; // disappears mid-range
            const bool notYet = s.index % 9 == 4 && r < 1200; // appears late
            if (gap || stopped || notYet)
                continue;
            line(out, s.name, s.value, t);
        }
    }
}

void nodeCpu(QByteArray& out)
{
    out += "# HELP node_cpu_seconds Seconds the CPUs spent in each mode.\n# TYPE node_cpu_seconds counter\n";
    // Grouped by series.
    for (int i = 0; i < 3; ++i)
        for (int cpu = 0; cpu < 2; ++cpu) {
            const std::array<const char*, 4> modes = { "idle", "iowait", "system", "user" };
            for (int m = 0; m < 4; ++m) {
                Random rnd(0x2000 + i * 100 + cpu * 10 + m);
                const QByteArray name = QByteArray("node_cpu_seconds_total{cpu=\"") + QByteArray::number(cpu)
                    + "\",instance=\"" + kInstances[i] + "\",job=\"node\",mode=\"" + modes[m] + "\"}";
                const std::array<double, 4> share = { 0.7, 0.05, 0.08, 0.17 };
                double v = 1000.0 * (m + 1) + i * 37;
                for (qint64 t : scrapeTimes(i)) {
                    const qint64 r = rel(t);
                    const double inc = std::round(15 * share[m] * (0.6 + 0.8 * rnd.uniform()) * 100) / 100;
                    v += inc;
                    if (i == 2 && r >= 3600 && r < 3615)
                        v = inc; // reboot
                    line(out, name, v, t);
                }
            }
        }
}

void gauges(QByteArray& out)
{
    out += "# HELP node_memory_MemAvailable_bytes Memory available.\n# TYPE node_memory_MemAvailable_bytes "
           "gauge\n";
    for (int i = 0; i < 3; ++i) {
        Random rnd(0x3000 + i);
        const QByteArray name
            = QByteArray("node_memory_MemAvailable_bytes{instance=\"") + kInstances[i] + "\",job=\"node\"}";
        for (qint64 t : scrapeTimes(i)) {
            const double base = i == 2 ? 1.6e10 : 4e9 * (i + 1);
            const double v = std::floor(base + 5e8 * std::sin(double(rel(t)) / 900.0) + 1e7 * rnd.uniform());
            line(out, name, v, t);
        }
    }

    out += "# TYPE temperature_celsius gauge\n";
    const qint64 steps = (kEndMs - kStartMs) / kStepMs;
    for (qint64 k = 0; k <= steps; ++k)
        for (int i = 0; i < 3; ++i)
            for (const char* sensor : { "a", "b" }) {
                const qint64 t = kStartMs + kOffsetMs[i] + k * kStepMs;
                if (t > kEndMs)
                    continue;
                double v
                    = std::round((40 + 10 * std::sin(double(k) / 20.0 + i) + (sensor[0] == 'b' ? 5 : 0)) * 4) / 4;
                if (sensor[0] == 'a' && i == 0 && k % 50 == 7)
                    v = -5.25;
                if (sensor[0] == 'b' && k % 20 == 3)
                    v = std::nan("");
                line(out,
                    QByteArray("temperature_celsius{instance=\"") + kInstances[i] + "\",job=\"sensors\",sensor=\""
                        + sensor + "\"}",
                    v, t);
            }

    out += "# TYPE tiny_ratio gauge\n";
    for (int i = 0; i < 3; ++i) {
        Random rnd(0x4000 + i);
        for (qint64 t : scrapeTimes(i)) {
            const double v = 1e-7 * (1 + i) * (1 + std::floor(rnd.uniform() * 1000));
            line(out, QByteArray("tiny_ratio{instance=\"") + kInstances[i] + "\",job=\"node\"}", v, t);
        }
    }

    out += "# TYPE up gauge\n";
    for (const char* job : { "api", "node" })
        for (int i = 0; i < 3; ++i)
            for (qint64 t : scrapeTimes(i)) {
                const qint64 r = rel(t);
                const double v = (job[0] == 'a' && i == 1 && r >= 3000 && r < 3300) ? 0 : 1;
                line(out, QByteArray("up{instance=\"") + kInstances[i] + "\",job=\"" + job + "\"}", v, t);
            }

    out += "# TYPE build_info gauge\n";
    for (int i = 0; i < 3; ++i)
        for (qint64 t : scrapeTimes(i))
            line(out,
                QByteArray("build_info{instance=\"") + kInstances[i] + "\",job=\"api\",version=\""
                    + (i == 2 ? "1.3.0" : "1.2.3") + "\"}",
                1, t);

    out += "# TYPE queue_depth gauge\n";
    for (int i = 0; i < 3; ++i)
        for (const char* queue : { "events", "orders" }) {
            Random rnd(0x5000 + i * 2 + (queue[0] == 'o'));
            double v = 10;
            for (qint64 t : scrapeTimes(i)) {
                v = std::max(0.0, v + std::floor(rnd.uniform() * 7) - 3);
                if (i == 0 && queue[0] == 'e' && rel(t) < 3600)
                    continue; // a queue created mid-range
                line(out,
                    QByteArray("queue_depth{instance=\"") + kInstances[i] + "\",job=\"api\",queue=\"" + queue
                        + "\"}",
                    v, t);
            }
        }
}

void histogram(QByteArray& out)
{
    out += "# HELP request_duration_seconds Request latency.\n# TYPE request_duration_seconds histogram\n";
    const std::array<const char*, 7> le = { "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf" };
    const std::array<double, 7> bound = { 0.05, 0.1, 0.25, 0.5, 1, 2.5, 1e9 };
    for (int i = 0; i < 3; ++i) {
        Random rnd(0x6000 + i);
        std::array<double, 7> buckets {};
        double sum = 0;
        const QByteArray labels = QByteArray("instance=\"") + kInstances[i] + "\",job=\"api\"";
        for (qint64 t : scrapeTimes(i)) {
            if (i == 2 && rel(t) >= 3600 && rel(t) < 3615) {
                buckets = {};
                sum = 0;
            }
            const int n = 50 + int(rnd.uniform() * 100);
            for (int o = 0; o < n; ++o) {
                // Latency skewed towards small values; instance 2 slower.
                const double u = rnd.uniform();
                const double d = std::round(0.02 * (1 + i) * std::exp(3.5 * u * u) * 1000) / 1000;
                sum += d;
                for (int b = 0; b < 7; ++b)
                    if (d <= bound[b])
                        buckets[b] += 1;
            }
            for (int b = 0; b < 7; ++b)
                line(out, "request_duration_seconds_bucket{" + labels + ",le=\"" + le[b] + "\"}", buckets[b], t);
            line(out, "request_duration_seconds_sum{" + labels + "}", std::round(sum * 1000) / 1000, t);
            line(out, "request_duration_seconds_count{" + labels + "}", buckets[6], t);
        }
    }
}

} // namespace

QByteArray openMetrics()
{
    QByteArray out;
    out.reserve(8 * 1024 * 1024);
    httpRequests(out);
    nodeCpu(out);
    gauges(out);
    histogram(out);
    out += "# EOF\n";
    return out;
}

QList<StalenessSeries> staleness(qint64 baseMs)
{
    const double stale = opsdeck::metrics::staleNaN();
    const auto series = [](const char* name, const char* instance) {
        StalenessSeries s;
        s.labels = { { "__name__", name }, { "instance", instance }, { "job", "stale" } };
        return s;
    };
    const auto at = [baseMs](qint64 seconds) { return baseMs + seconds * 1000; };
    const qint64 endS = kStalenessSpanMs / 1000;
    QList<StalenessSeries> out;

    // Gone for good after a stale marker at 1215 s.
    StalenessSeries a = series("stale_gauge", "a");
    for (qint64 t = 0; t <= 1200; t += 15)
        a.samples.append({ at(t), 10.0 + double((t / 15) % 7) });
    a.samples.append({ at(1215), stale });
    out.append(a);

    // Stale at 915 s, back from 1500 s to the end (no marker: the lookback runs out).
    StalenessSeries b = series("stale_gauge", "b");
    for (qint64 t = 0; t <= 900; t += 15)
        b.samples.append({ at(t), 20.0 + 0.5 * double((t / 15) % 5) });
    b.samples.append({ at(915), stale });
    for (qint64 t = 1500; t <= endS; t += 15)
        b.samples.append({ at(t), 30.0 + double((t / 15) % 3) });
    out.append(b);

    // Every 10 s, stale off the grid at 2003.5 s.
    StalenessSeries e = series("stale_gauge", "e");
    for (qint64 t = 0; t <= 2000; t += 10)
        e.samples.append({ at(t), 5.25 * double((t / 10) % 4) });
    e.samples.append({ at(2003) + 500, stale });
    out.append(e);

    // A counter that goes stale at 1815 s and comes back at 2100 s after a restart (reset).
    StalenessSeries c = series("stale_counter_total", "a");
    double v = 100;
    for (qint64 t = 0; t <= 1800; t += 15) {
        v += 3.0 * double((t / 15) % 4 + 1);
        c.samples.append({ at(t), v });
    }
    c.samples.append({ at(1815), stale });
    v = 5;
    for (qint64 t = 2100; t <= endS; t += 15) {
        v += 2;
        c.samples.append({ at(t), v });
    }
    c.samples.append({ at(endS + 15), stale });
    out.append(c);

    // Never stale, for comparison.
    StalenessSeries d = series("stale_counter_total", "b");
    for (qint64 t = 0; t <= endS; t += 15)
        d.samples.append({ at(t), 5.0 * double(t / 15) });
    out.append(d);

    // Flaps: three samples, then a stale marker, every minute.
    StalenessSeries f = series("stale_flap", "c");
    for (qint64 t = 0; t <= endS; t += 15)
        f.samples.append({ at(t), (t / 15) % 4 == 3 ? stale : double((t / 15) % 4 + 1) });
    out.append(f);

    // Ordinary NaN values (not stale markers) before a stale marker at 1500 s; back at 2400 s.
    StalenessSeries n = series("stale_nan", "d");
    for (qint64 t = 0; t <= 1485; t += 15) {
        const bool nan = t == 600 || t == 615 || t == 1485;
        n.samples.append({ at(t), nan ? std::nan("") : 0.25 * double(t / 15) });
    }
    n.samples.append({ at(1500), stale });
    for (qint64 t = 2400; t <= endS; t += 15)
        n.samples.append({ at(t), 7.5 });
    out.append(n);
    return out;
}

} // namespace ConformanceDataset
