#pragma once

#include "Value.h"

#include <QByteArray>
#include <QRegularExpression>

#include <optional>
#include <span>

// PromQL function implementations over plain data, after Prometheus 2.42
// promql/functions.go and quantile.go: extrapolatedRate (counter resets,
// extrapolation to the range boundaries), instantValue (irate/idelta), linear
// regression with the intercept at the evaluation time, *_over_time with
// Kahan summation, histogram_quantile with bucket interpolation. They never
// read the store; the evaluator hands them the samples of one window.
namespace opsdeck::query {

enum class RangeFunction {
    Rate,
    Irate,
    Increase,
    Delta,
    Idelta,
    Deriv,
    PredictLinear,
    Changes,
    Resets,
    AvgOverTime,
    MinOverTime,
    MaxOverTime,
    SumOverTime,
    CountOverTime,
    QuantileOverTime,
    StddevOverTime,
    StdvarOverTime,
    LastOverTime,
    PresentOverTime,
};
std::optional<RangeFunction> rangeFunctionFromName(const QString& name);

struct RangeContext
{
    qint64 rangeStartMs = 0; // evaluation time (or @) - range - offset
    qint64 rangeEndMs = 0; // evaluation time (or @) - offset
    qint64 rangeMs = 0;
    qint64 evalTimeMs = 0; // predict_linear's intercept
    double scalarArg = 0; // predict_linear duration, quantile_over_time phi
    // The caller knows no sample in the window is below its predecessor: rate and
    // increase then skip their counter-reset scan (which would add nothing).
    bool noCounterDrops = false;
};

// Empty when the function yields no element for this window (e.g. rate with < 2 samples).
std::optional<double> evalRangeFunction(
    RangeFunction fn, std::span<const metrics::Sample> samples, const RangeContext& ctx);

double kahanSum(std::span<const double> values);
// Prometheus quantile(): phi interpolation over sorted values; NaN for none.
double quantile(double q, std::vector<double> values);

struct Bucket
{
    double upperBound = 0;
    double count = 0;
};
double bucketQuantile(double q, std::vector<Bucket> buckets);

// Instant-vector functions with only scalar arguments (abs ... clamp, round, timestamp).
// Returns false when name is not one of them.
bool applySimpleFunction(const QString& name, Vector& vec, const std::vector<double>& scalarArgs);

// histogram_quantile over a whole vector of _bucket series.
Vector histogramQuantile(double q, const Vector& buckets);

// One label_replace() call's arguments, checked and compiled once. The
// constructor throws EvalError on a bad regex or destination label name;
// apply() gives a series' new labels, or nothing when the regex does not match.
class LabelReplacer
{
public:
    LabelReplacer(
        const QByteArray& dst, const QByteArray& replacement, const QByteArray& src, const QByteArray& regex);
    std::optional<metrics::Labels> apply(const metrics::Labels& labels) const;

private:
    QRegularExpression m_re;
    QByteArray m_dst;
    QByteArray m_replacement;
    QByteArray m_src;
};

// label_join (Prometheus 2.42 funcLabelJoin): dst = the src labels' values
// joined by sep (an empty result removes dst). Throws EvalError on an invalid
// source or destination label name.
void labelJoin(Vector& vec, const QByteArray& dst, const QByteArray& sep, const QList<QByteArray>& sources);

// label_replace; throws EvalError on a bad regex or destination label name.
Vector labelReplace(const Vector& in, const QByteArray& dst, const QByteArray& replacement, const QByteArray& src,
    const QByteArray& regex);

} // namespace opsdeck::query
