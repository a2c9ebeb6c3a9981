#include "profiler/MannWhitney.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace opsdeck::profiler {

UTestResult mannWhitneyU(const QList<double>& first, const QList<double>& second)
{
    UTestResult r;
    const double n1 = static_cast<double>(first.size());
    const double n2 = static_cast<double>(second.size());
    if (first.size() < 2 || second.size() < 2)
        return r;
    // Joint ranks, ties get the mean of their ranks.
    QList<std::pair<double, int>> all;
    all.reserve(first.size() + second.size());
    for (double v : first)
        all.append({ v, 0 });
    for (double v : second)
        all.append({ v, 1 });
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    const qsizetype n = all.size();
    double rankSum1 = 0;
    double tieTerm = 0; // sum of t^3 - t over tie groups
    for (qsizetype i = 0; i < n;) {
        qsizetype j = i;
        while (j + 1 < n && all.at(j + 1).first == all.at(i).first)
            ++j;
        const double t = static_cast<double>(j - i + 1);
        const double meanRank = (static_cast<double>(i + 1) + static_cast<double>(j + 1)) / 2.0;
        for (qsizetype k = i; k <= j; ++k)
            if (all.at(k).second == 0)
                rankSum1 += meanRank;
        tieTerm += t * t * t - t;
        i = j + 1;
    }
    const double total = n1 + n2;
    r.u1 = rankSum1 - n1 * (n1 + 1) / 2.0;
    r.u2 = n1 * n2 - r.u1;
    const double mu = n1 * n2 / 2.0;
    const double variance = n1 * n2 / 12.0 * ((total + 1) - tieTerm / (total * (total - 1)));
    if (!(variance > 0))
        return r;
    const double sigma = std::sqrt(variance);
    const double u = std::max(r.u1, r.u2);
    r.z = (u - mu - 0.5) / sigma;
    // Two-sided: 2 * (1 - Phi(z)) = erfc(z / sqrt(2)).
    r.pValue = std::clamp(std::erfc(r.z / std::sqrt(2.0)), 0.0, 1.0);
    r.valid = true;
    return r;
}

} // namespace opsdeck::profiler
