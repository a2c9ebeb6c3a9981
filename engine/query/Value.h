#pragma once

#include "metrics/Labels.h"
#include "metrics/Sample.h"

#include <QString>

#include <stdexcept>
#include <vector>

// Runtime values of one evaluation step (Prometheus promql/value.go): an
// instant vector carries each element's labels with their hash computed once,
// so grouping and matching never rehash unchanged label sets.
namespace opsdeck::query {

struct VectorElement
{
    metrics::Labels labels;
    size_t hash = 0;
    double value = 0;
    qint64 timestampMs = 0; // the sample's own time for selectors (used by timestamp())
};
using Vector = std::vector<VectorElement>;

// Evaluation failure; the message is shown to the operator as is.
struct EvalError
{
    QString message;
};

// Prometheus labels.Labels.String(): {a="x", b="y"}.
QString labelsToString(const metrics::Labels& labels);
metrics::Labels dropMetricName(const metrics::Labels& labels);
size_t labelsHash(const metrics::Labels& labels);

// Go's math.Max/math.Min: NaN wins (std::fmax would drop it).
double goMax(double a, double b);
double goMin(double a, double b);

} // namespace opsdeck::query
