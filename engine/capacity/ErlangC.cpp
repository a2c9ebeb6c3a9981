#include "ErlangC.h"

#include <QLoggingCategory>

#include <algorithm>
#include <cmath>
#include <limits>

Q_LOGGING_CATEGORY(lcErlang, "opsdeck.capacity.erlang")

namespace opsdeck::capacity {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kMaxServers = 1'000'000;

bool validRates(double lambdaPerS, double meanServiceS)
{
    return std::isfinite(lambdaPerS) && std::isfinite(meanServiceS) && lambdaPerS >= 0.0 && meanServiceS > 0.0;
}

} // namespace

double erlangC(double offeredLoad, int servers)
{
    if (servers <= 0 || !(offeredLoad >= 0.0))
        return 1.0;
    if (offeredLoad == 0.0)
        return 0.0;
    if (offeredLoad >= servers)
        return 1.0;
    // Erlang B by recurrence B(k) = A B(k-1) / (k + A B(k-1)): stays in [0,1],
    // no factorials, stable for any c.
    double b = 1.0;
    for (int k = 1; k <= servers; ++k)
        b = offeredLoad * b / (k + offeredLoad * b);
    const double c = servers;
    return c * b / (c - offeredLoad * (1.0 - b));
}

double meanWaitS(double lambdaPerS, double meanServiceS, int servers)
{
    if (!validRates(lambdaPerS, meanServiceS) || servers <= 0)
        return std::nan("");
    const double load = lambdaPerS * meanServiceS;
    if (load >= servers)
        return kInf;
    const double theta = servers / meanServiceS - lambdaPerS; // c*mu - lambda
    return erlangC(load, servers) / theta;
}

double responseTimeExceedance(double lambdaPerS, double meanServiceS, int servers, double tS)
{
    if (!validRates(lambdaPerS, meanServiceS) || servers <= 0)
        return std::nan("");
    if (tS <= 0.0)
        return 1.0;
    const double load = lambdaPerS * meanServiceS;
    if (load >= servers)
        return 1.0;
    const double mu = 1.0 / meanServiceS;
    const double theta = servers * mu - lambdaPerS;
    const double pw = erlangC(load, servers);
    // T = W + S with W = 0 w.p. 1 - C, else Exp(theta); S ~ Exp(mu).
    // Exp(theta) + Exp(mu) is hypoexponential; when theta == mu it is Erlang-2.
    double queued;
    if (std::abs(mu - theta) < 1e-9 * mu)
        queued = (1.0 + mu * tS) * std::exp(-mu * tS);
    else
        queued = (mu * std::exp(-theta * tS) - theta * std::exp(-mu * tS)) / (mu - theta);
    return (1.0 - pw) * std::exp(-mu * tS) + pw * queued;
}

double responseTimePercentile(double lambdaPerS, double meanServiceS, int servers, double percentile)
{
    if (!validRates(lambdaPerS, meanServiceS) || servers <= 0 || !(percentile > 0.0 && percentile < 1.0))
        return std::nan("");
    if (lambdaPerS * meanServiceS >= servers)
        return kInf;
    const double tail = 1.0 - percentile;
    // P(T > t) decreases monotonically in t: bracket, then bisect.
    double lo = 0.0;
    double hi = meanServiceS;
    while (responseTimeExceedance(lambdaPerS, meanServiceS, servers, hi) > tail) {
        lo = hi;
        hi *= 2.0;
        if (hi > 1e12 * meanServiceS)
            return kInf;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; ++i) {
        const double mid = 0.5 * (lo + hi);
        if (responseTimeExceedance(lambdaPerS, meanServiceS, servers, mid) > tail)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

int serversFor(double lambdaPerS, double meanServiceS, double percentile, double targetS)
{
    if (!validRates(lambdaPerS, meanServiceS) || !(percentile > 0.0 && percentile < 1.0) || !(targetS > 0.0)) {
        qCWarning(lcErlang) << "serversFor: invalid input" << lambdaPerS << meanServiceS << percentile << targetS;
        return -1;
    }
    // With infinitely many servers nobody waits and T = S, so the service-time
    // percentile alone is a hard lower bound.
    if (-meanServiceS * std::log(1.0 - percentile) >= targetS)
        return -1;
    const double load = lambdaPerS * meanServiceS;
    int c = std::max(1, static_cast<int>(std::floor(load)) + 1);
    for (; c <= kMaxServers; ++c) {
        if (responseTimePercentile(lambdaPerS, meanServiceS, c, percentile) <= targetS)
            return c;
    }
    return -1;
}

} // namespace opsdeck::capacity
