#pragma once

#include <QList>

// The Mann-Whitney U test (H. B. Mann and D. R. Whitney, "On a Test of Whether
// one of Two Random Variables is Stochastically Larger than the Other", Annals
// of Mathematical Statistics 18(1), 1947), two-sided, with the normal
// approximation, the tie correction of the variance and a continuity
// correction of 0.5 -- as scipy.stats.mannwhitneyu(method="asymptotic") and as
// google/benchmark's tools/gbench/report.py (compare.py's U test, alpha 0.05)
// use it to tell whether two sets of repetitions differ.
namespace opsdeck::profiler {

struct UTestResult
{
    double u1 = 0; // U of the first sample: R1 - n1 (n1 + 1) / 2
    double u2 = 0; // n1 n2 - u1
    double z = 0; // (max(U1, U2) - n1 n2 / 2 - 0.5) / sigma
    double pValue = 1; // two-sided
    bool valid = false; // false with fewer than 2 values in either sample or all values equal
};

UTestResult mannWhitneyU(const QList<double>& first, const QList<double>& second);

inline constexpr double kRegressionAlpha = 0.05;
// google/benchmark compare.py needs at least this many repetitions per side before it trusts the test.
inline constexpr int kMinUTestSamples = 3;

} // namespace opsdeck::profiler
