#include "AnomalyDetector.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace opsdeck::capacity {

namespace {

// 1 / Phi^-1(3/4): makes the median absolute deviation estimate sigma for
// normal noise.
constexpr double kMadToSigma = 1.4826;

double medianOf(std::vector<double>& v)
{
    if (v.empty())
        return std::nan("");
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    double m = *mid;
    if (v.size() % 2 == 0)
        m = 0.5 * (m + *std::max_element(v.begin(), mid));
    return m;
}

} // namespace

QList<int> flagIndices(const QList<double>& scores, double threshold, int refractory)
{
    QList<int> out;
    qsizetype nextAllowed = 0;
    for (qsizetype i = 0; i < scores.size(); ++i) {
        if (i < nextAllowed || !(scores[i] >= threshold))
            continue;
        out.append(static_cast<int>(i));
        nextAllowed = i + 1 + std::max(0, refractory);
    }
    return out;
}

AnomalyResult detectAnomalies(const Series& series, const AnomalyOptions& o)
{
    const QList<double>& x = series.values;
    const qsizetype n = x.size();
    AnomalyResult out;
    out.scores.fill(0.0, n);
    out.expected.fill(std::nan(""), n);

    const int window = std::max(3, o.window);
    const double k = o.k > 0.0 ? o.k : 4.0;
    QList<double> residual(n, std::nan(""));
    std::vector<double> buf;
    buf.reserve(static_cast<size_t>(std::max(window, o.seasons)));

    for (qsizetype i = 0; i < n; ++i) {
        // Reference: same phase of previous seasons, or the trailing window.
        buf.clear();
        if (o.seasonLength > 0) {
            for (int s = 1; s <= std::max(1, o.seasons); ++s) {
                const qsizetype j = i - qsizetype(s) * o.seasonLength;
                if (j < 0)
                    break;
                if (std::isfinite(x[j]))
                    buf.push_back(x[j]);
            }
        } else {
            for (qsizetype j = std::max<qsizetype>(0, i - window); j < i; ++j)
                if (std::isfinite(x[j]))
                    buf.push_back(x[j]);
        }
        const qsizetype needed = o.seasonLength > 0 ? 1 : window / 2;
        if (qsizetype(buf.size()) < needed)
            continue;
        const double ref = medianOf(buf);
        out.expected[i] = ref;
        if (!std::isfinite(x[i]))
            continue;
        residual[i] = x[i] - ref;

        // Spread: robust scale of the trailing residuals (earlier points only).
        buf.clear();
        for (qsizetype j = std::max<qsizetype>(0, i - window); j < i; ++j)
            if (std::isfinite(residual[j]))
                buf.push_back(std::abs(residual[j]));
        if (qsizetype(buf.size()) < std::min<qsizetype>(window / 2, 10))
            continue; // warm-up: not enough history to judge
        const double spread = kMadToSigma * medianOf(buf);
        const double floor = std::max(o.absoluteFloor, o.relativeFloor * std::abs(ref));
        const double scale = std::max(spread, floor);
        const double d = std::abs(residual[i]) / scale;
        // d = k maps to 0.5; monotone, bounded in [0,1).
        out.scores[i] = d * d / (d * d + k * k);
    }

    for (int i : flagIndices(out.scores, 0.5, o.refractory)) {
        AnomalyMark m;
        m.index = i;
        m.timeMs = series.startMs + qint64(i) * series.stepMs;
        m.value = x[i];
        m.expected = out.expected[i];
        m.score = out.scores[i];
        out.flagged.append(m);
    }
    return out;
}

} // namespace opsdeck::capacity
