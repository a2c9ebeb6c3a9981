#include "cache/KeyWorkload.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace opsdeck::testsupport {

std::vector<quint32> zipfWithScans(const KeyWorkloadOptions& options)
{
    std::vector<double> cdf(options.keys);
    double sum = 0.0;
    for (quint32 k = 0; k < options.keys; ++k) {
        sum += 1.0 / std::pow(double(k + 1), options.alpha);
        cdf[k] = sum;
    }
    for (double& c : cdf)
        c /= sum;

    std::mt19937_64 rng(options.seed);
    std::vector<quint32> trace;
    trace.reserve(size_t(options.requests));
    quint32 nextScanId = options.keys;
    for (qint64 i = 0; i < options.requests;) {
        if (options.scanEvery > 0 && i > 0 && i % options.scanEvery == 0) {
            for (quint32 s = 0; s < options.scanLength && i < options.requests; ++s, ++i)
                trace.push_back(nextScanId++);
            if (i >= options.requests)
                break;
        }
        const double u = double(rng() >> 11) * 0x1p-53;
        const auto it = std::lower_bound(cdf.begin(), cdf.end(), u);
        trace.push_back(quint32(std::min<qsizetype>(it - cdf.begin(), options.keys - 1)));
        ++i;
    }
    return trace;
}

} // namespace opsdeck::testsupport
