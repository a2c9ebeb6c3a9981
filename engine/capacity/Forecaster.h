#pragma once

#include "CapacityTypes.h"

#include <QList>
#include <QString>

#include <optional>

// Forecasts one regularly sampled series for capacity planning: fits linear
// least squares (as Prometheus predict_linear), polynomials of degree 2 and 3,
// an exponential (log-linear) trend, a line plus the season's harmonics, Holt's linear trend and additive
// Holt-Winters with an automatically detected season, scores every model with
// a rolling-origin backtest (MASE against seasonal naive, sMAPE) and keeps the
// one with the lowest MASE. Pure functions with no state, no I/O and no Qt
// event loop: safe on any thread. Must never throw or crash on short, flat,
// negative or gappy input (NaN gaps are linearly interpolated; too little data
// yields an empty result).
//
// Prediction intervals (80 % and 95 %, normal quantiles 1.2816 and 1.9600):
// - regression models (linear, polynomial, exponential in log space, line
//   plus harmonics): the
//   exact OLS prediction standard error s * sqrt(1 + x0' (X'X)^-1 x0), which
//   widens as x0 leaves the fitted window;
// - Holt and Holt-Winters: sigma of the in-sample one-step errors, grown with
//   the horizon h by the ETS(A,A,N) / ETS(A,A,A) variance formulas
//   (Hyndman & Athanasopoulos, FPP 2nd ed., table 7.8):
//   s_h^2 = s^2 [1 + (h-1)(a^2 + a b h + b^2 h (2h-1) / 6) + g k (2a + g + b m (k+1))],
//   k = floor((h-1)/m), with the state-space b = a*beta, g = (1-a)*gamma.
namespace opsdeck::capacity {

// SeasonalLinear: a least-squares line plus Fourier terms of the detected
// season (harmonic regression): trend and daily/weekly shape in one fit, with
// the exact regression intervals, which stay bounded where Holt-Winters'
// widen with the cube of the horizon.
enum class ModelKind { Linear, Polynomial2, Polynomial3, Exponential, Holt, HoltWinters, SeasonalLinear };

enum class ForecastBound { Value, Lower80, Upper80, Lower95, Upper95 };

struct ForecastOptions
{
    // Candidate season lengths; each becomes stepMs-sized steps. A candidate
    // is kept only when the series holds at least two full seasons.
    QList<qint64> candidatePeriodsMs = { 24LL * 3600 * 1000, 7LL * 24 * 3600 * 1000 };
    // Detrended autocorrelation a candidate lag must reach to count as a season.
    double minSeasonAutocorrelation = 0.3;
    int backtestFolds = 3;
    // Steps forecast at each backtest origin; 0 = min(horizon, max(season, n/10)).
    int backtestHorizonSteps = 0;
    // Only score these models when set (an empty list means all).
    QList<ModelKind> models;
};

struct ModelScore
{
    ModelKind model = ModelKind::Linear;
    double mase = std::nan("");
    double smape = std::nan("");
};

struct ForecastResult
{
    ModelKind model = ModelKind::Linear;
    QString modelName;
    int seasonSteps = 0; // 0 = no season detected
    double mase = std::nan("");
    double smape = std::nan("");
    QList<ForecastPoint> points; // empty when the series is too short
    QList<ModelScore> scores; // every model that could be backtested
};

QString modelName(ModelKind kind);

// Season length in steps (0 = none): the candidate with the highest
// autocorrelation of the linearly detrended series, if above the threshold.
int detectSeasonSteps(const Series& series, const ForecastOptions& options = {});

// Fits one model on the whole series and forecasts horizonSteps ahead, without
// a backtest (mase/smape stay NaN). Empty points if the model does not apply.
ForecastResult forecastWith(ModelKind kind, const Series& series, int horizonSteps, int seasonSteps);

// Backtests every applicable model, picks the lowest MASE and forecasts with it.
ForecastResult forecast(const Series& series, int horizonSteps, const ForecastOptions& options = {});

// First forecast time at which the chosen bound reaches the ceiling (value >=
// ceiling), or nullopt within the horizon. Upper95 gives the earliest
// plausible run-out, Lower95 the latest.
std::optional<qint64> timeToReach(
    const ForecastResult& result, double ceiling, ForecastBound bound = ForecastBound::Value);

} // namespace opsdeck::capacity
